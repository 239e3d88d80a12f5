"""Build in-memory sheets (grids) of a commune for core tests — no Excel library involved."""

from __future__ import annotations

from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import grids_from_records
from hoctap_xl.rules import ruleset as R
from hoctap_xl.sheets.grid import Grid


def commune(*, thon: list[dict[str, Any]], people: list[dict[str, Any]] | None = None,
            households: list[dict[str, Any]] | None = None, clans: list[dict[str, Any]] | None = None,
            communities: list[dict[str, Any]] | None = None, units: list[dict[str, Any]] | None = None,
            checklist: list[dict[str, Any]] | None = None, targets: dict[str, dict[int, Any]] | None = None,
            info: dict[str, Any] | None = None, rules: R.RuleSet | None = None) -> dict[str, Grid]:
    """A commune's sheets laid out as the template lays them out (header row 3, data from row 4)."""
    base_info = {L.L_TINH: "Lạng Sơn", L.L_CAP_TREN: "UBND tỉnh Lạng Sơn", L.L_XA: "Tân Văn", L.L_MA: "05999",
                 L.L_NAM: 2025, L.L_VUNG_KK: "Không"}
    base_info.update(info or {})
    tables = {"thon": thon, "cong_dan": people or [], "gia_dinh": households or [], "dong_ho": clans or [],
              "cong_dong": communities or [], "don_vi": units or [], "cap_xa": checklist or []}
    return grids_from_records(base_info, tables, rules or R.default(), targets)


def person(name: str, thon: str | None, scores: list[Any], *, nhom: Any = 1, unit: str | None = None,
           digital: str = "Có", years: Any = 0, birth: Any = 1980) -> dict[str, Any]:
    row = {"Họ và tên": name, "Năm sinh": birth, "Giới tính": "Nam", "Thôn/TDP": thon, "Đơn vị công tác": unit,
           "Nhóm": nhom, "Kỹ năng số": digital, "Số năm liên tục đã đạt": years}
    row.update({f"Chỉ số {i}": s for i, s in enumerate(scores, start=1)})
    return row


def scores_for(total: int, lowest: int = 5) -> list[int]:
    """Ten integer scores with this total and minimum (total between 10*lowest and 100)."""
    scores = [lowest] + [lowest] * 9
    rest = total - 10 * lowest
    assert 0 <= rest <= 9 * (10 - lowest), (total, lowest)
    i = 1
    while rest:
        add = min(10 - scores[i], rest)
        scores[i] += add
        rest -= add
        i += 1
    return scores


def thon_row(name: str, households: Any = 100, clans: Any = 5, workers: Any = 200, difficult: str = "Không"
             ) -> dict[str, Any]:
    return {"Tên thôn/TDP": name, "Tổng số hộ": households, "Tổng số dòng họ": clans,
            "Số người lao động": workers, "Vùng khó khăn": difficult}
