"""Next year's workbook from this year's (``hoctap-xl next-year``).

Every thôn, unit, clan, person and household is carried over as typed; ``Số năm liên tục đã
đạt`` becomes this year's value + 1 for a person recognised this year and 0 for the others
(so "tiêu biểu xuất sắc" comes by itself in the 5th year in a row); scores, criteria, the TT 25
checklist marks, decision, tờ trình and report numbers, the issue date and the tờ trình's date are
cleared (the plans and the Chủ tịch Hội Khuyến học are kept; so are a household head's sex and a
unit's managing level); the targets get a
column for the new year (the commune's own Chỉ tiêu sheet first, its preset for what the sheet
does not say). The rule set is kept unless a newer one is given.

The core of the product: no Excel, no Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.carry.content import Content, Row
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.rules import targets as T
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.rules.targets import resolve
from hoctap_xl.sheets.geometry import table_inputs
from hoctap_xl.text.values import clean_text

YEARS = "Số năm liên tục đã đạt"
_CLEARED_INFO = (L.L_SO_BAO_CAO, *L.L_SO_QD.values(), L.L_NGAY, *L.L_SO_TTR.values(), L.L_NGAY_TO_TRINH)
"""This year's numbers and dates, blank in next year's workbook; the plans (a plan runs for years) and
the Chủ tịch Hội Khuyến học are kept for the commune to check."""
_KEPT_REPORT_SECTIONS = ("Nơi nhận",)


@dataclass
class Carried:
    """What next-year did, for the report printed to the official."""

    old_year: int | None
    new_year: int
    rows: dict[str, int] = field(default_factory=dict)        # table key → rows carried
    recognised: int = 0                                        # persons whose years went +1
    reset: int = 0                                             # persons set to 0
    rejected: int = 0                                          # rows not counted this year (→ 0)
    excellent_next: int = 0                                    # will reach "tiêu biểu xuất sắc" if recognised
    cleared_cells: int = 0
    targets: dict[str, str] = field(default_factory=dict)     # code → where the new year's value came from
    rules_changed: bool = False

    def to_json(self) -> dict[str, Any]:
        """The account as ``next-year --json`` prints it."""
        return {"nam_cu": self.old_year, "nam_moi": self.new_year, "so_dong": self.rows,
                "cong_dan_dat_cong_1_nam": self.recognised, "cong_dan_ve_0": self.reset,
                "dong_bi_loai_ve_0": self.rejected, "se_tieu_bieu_xuat_sac_neu_dat": self.excellent_next,
                "o_diem_da_xoa": self.cleared_cells, "chi_tieu_nam_moi": self.targets,
                "doi_bo_tieu_chi": self.rules_changed}


def _is_score(header: str) -> bool:
    return header.startswith(("Chỉ số ", "Tiêu chí ")) or header in ("Đạt mức 1", "Đạt mức 2", "Minh chứng")


def next_year(content: Content, result: CommuneResult, year: int | None = None,
              rules: RuleSet | None = None, difficult: bool | None = None) -> tuple[Content, Carried]:
    """The content of next year's workbook, and an account of what was carried."""
    old_year = content.year
    new_year = year if year is not None else (old_year + 1 if old_year else None)
    if new_year is None:
        raise ValueError("Sổ cũ chưa ghi năm đánh giá; hãy cho biết năm mới (--nam).")
    new_rules = rules or content.rules
    out = content.copy()
    out.rules = new_rules
    done = Carried(old_year, new_year, rules_changed=new_rules.digest() != content.rules.digest())
    by_row = {p.person.row: p for p in result.people}
    threshold = new_rules.cong_dan.so_nam_tieu_bieu - 1

    for key, rows in content.tables.items():
        wanted = table_inputs(key, new_rules)
        carried: list[Row] = []
        for row in rows:
            values: dict[str, Any] = {}
            for head in wanted:
                value = row.values.get(head)
                if _is_score(head):
                    done.cleared_cells += value not in (None, "")
                    value = None
                values[head] = value
            if key == "cong_dan":
                person = by_row.get(row.row)
                if person is None:
                    values[YEARS] = 0
                    done.rejected += 1
                elif person.verdict.recognised:
                    values[YEARS] = person.person.years_before + 1
                    done.recognised += 1
                    done.excellent_next += values[YEARS] >= threshold
                else:
                    values[YEARS] = 0
                    done.reset += 1
            carried.append(Row(values, row.row))
        out.tables[key] = carried
        done.rows[key] = len(carried)

    out.info[L.L_NAM] = new_year
    for label in _CLEARED_INFO:
        if label in out.info:
            out.info[label] = None
    if difficult is not None:
        out.info[L.L_VUNG_KK] = L.YES if difficult else L.NO
    out.report_text = {k: v for k, v in content.report_text.items() if k in _KEPT_REPORT_SECTIONS}
    out.targets, done.targets = _targets_for(content, new_year)
    out.meta = {k: v for k, v in content.meta.items() if k == "chi_tieu_preset"}
    return out, done


def _targets_for(content: Content, year: int) -> tuple[dict[str, dict[int, float | None]], dict[str, str]]:
    """The Chỉ tiêu sheet with the new year's column: the sheet's own value for that year if it
    has one, else resolved from its other years (:func:`hoctap_xl.rules.targets.resolve`), else the preset's."""
    difficult = clean_text(content.info.get(L.L_VUNG_KK)).casefold() in ("có", "x")
    preset_values: dict[str, dict[int, float | None]] = {}
    if content.preset:
        try:
            preset_values = T.for_commune(content.preset, year, difficult).values
        except T.TargetError:
            preset_values = {}
    out: dict[str, dict[int, float | None]] = {}
    where: dict[str, str] = {}
    for code in L.SHARE_CODES:
        row = dict(content.targets.get(code, {}))
        if row.get(year) is not None:
            where[code] = "có sẵn trong sheet Chỉ tiêu"
        elif resolve(row, year) is not None:
            row[year] = resolve(row, year)
            where[code] = "suy từ các năm khác của sheet Chỉ tiêu"
        elif preset_values.get(code, {}).get(year) is not None:
            row[year] = preset_values[code][year]
            where[code] = f"theo bộ chỉ tiêu {content.preset}"
        else:
            row[year] = None
            where[code] = "chưa có — hãy điền"
        out[code] = row
    return out, where
