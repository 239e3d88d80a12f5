"""Recognition rules of the five models (the rule set's thresholds; sources in docs/sources.md §3),
on already-read integer scores.

Pure functions over plain values: the reader, the UDFs and the tests all call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from hoctap_xl.rules.ruleset import CitizenRules, CriteriaRules
from hoctap_xl.text.values import format_number, format_percent

TITLE_CITIZEN = "Công dân học tập"
TITLE_CITIZEN_EXCELLENT = "Công dân học tập tiêu biểu xuất sắc"


@dataclass(frozen=True)
class Verdict:
    """A row's result: total, lowest score, the threshold applied, recognised or not and why."""

    total: int | None
    lowest: int | None
    threshold: float
    recognised: bool
    reason: str


def _num(x: float) -> str:
    if float(x).is_integer() and abs(x) < 1000:
        return str(int(x))
    return format_number(x, 0) if float(x).is_integer() else format_number(x, 2)


def _common(scores: Sequence[int | None], threshold: float, invalid: str) -> tuple[int | None, int | None, list[str]]:
    """Total, lowest score and the reasons every model shares (not scored, invalid, below threshold)."""
    valid = [s for s in scores if s is not None]
    if not valid:
        return None, None, ["Chưa chấm điểm"]
    total = sum(valid)
    reasons = [invalid] if invalid else []
    if total < threshold:
        reasons.append(f"Tổng điểm {total} dưới ngưỡng {_num(threshold)}")
    return total, min(valid), reasons


def citizen(scores: Sequence[int | None], rules: CitizenRules, *, difficult: bool,
            invalid: str = "") -> Verdict:
    """Total ≥ threshold (lower in difficult areas) and no indicator below the minimum.

    ``scores`` holds the valid scores (None where a score is blank or invalid); ``invalid``
    is the reason the row cannot be recognised whatever its scores (bad Nhóm, bad score…).
    """
    threshold = rules.nguong_vung_kho_khan if difficult else rules.nguong
    if not invalid and None not in scores:  # the usual row: every score read
        read = cast("Sequence[int]", scores)
        total_read, lowest_read = sum(read), min(read)
        if total_read >= threshold and lowest_read >= rules.diem_chi_so_toi_thieu:
            return Verdict(total_read, lowest_read, threshold, True, "")
    total, lowest, reasons = _common(scores, threshold, invalid)
    if total is not None:
        low = [i for i, s in enumerate(scores, start=1) if s is not None and s < rules.diem_chi_so_toi_thieu]
        if low:
            listed = ", ".join(f"chỉ số {i}: {scores[i - 1]}" for i in low)
            reasons.append(f"Có chỉ số dưới {rules.diem_chi_so_toi_thieu} điểm ({listed})")
    return Verdict(total, lowest, threshold, not reasons, "; ".join(reasons))


def citizen_title(recognised: bool, years_before: int, rules: CitizenRules) -> str | None:
    """"tiêu biểu xuất sắc" from the 5th recognised year in a row (4 before this one)."""
    if not recognised:
        return None
    if years_before >= rules.so_nam_tieu_bieu - 1:
        return TITLE_CITIZEN_EXCELLENT
    return TITLE_CITIZEN


def criteria(scores: Sequence[int | None], rules: CriteriaRules, *, invalid: str = "",
             households: tuple[int, int | None] | None = None) -> Verdict:
    """Total ≥ threshold, each criterion ≥ its minimum and, where the rule asks for it, at least
    the given share of the clan's / thôn's households recognised GĐHT this year.

    ``households`` is (recognised households, denominator or None when unknown).
    """
    total, lowest, reasons = _common(scores, rules.nguong, invalid)
    if total is not None:
        for crit, s in zip(rules.tieu_chi, scores, strict=True):
            if s is not None and s < crit.diem_toi_thieu:
                reasons.append(f"{crit.ma} đạt {s}, dưới mức tối thiểu {crit.diem_toi_thieu}")
        need = rules.ty_le_ho_gdht_toi_thieu
        if need is not None and households is not None:
            got, of = households
            if not of:
                reasons.append("Chưa có tổng số hộ để tính tỷ lệ hộ đạt Gia đình học tập")
            elif got / of < need:
                reasons.append(f"Hộ đạt Gia đình học tập {got}/{of} ({format_percent(got / of)}), "
                               f"dưới {format_percent(need, 0)}")
    return Verdict(total, lowest, rules.nguong, not reasons, "; ".join(reasons))


def commune_level(level1: Sequence[bool], level2: Sequence[bool]) -> int:
    """TT 25/2023: Mức độ 2 when every chỉ tiêu is met at levels 1 and 2, Mức độ 1 when every
    chỉ tiêu is met at level 1, otherwise 0. An empty checklist is level 0."""
    if not level1 or not all(level1):
        return 0
    if len(level2) == len(level1) and all(level2):
        return 2
    return 1

