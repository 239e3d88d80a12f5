"""Build in-memory sheets (grids) of a commune for core tests — no Excel library involved."""

from __future__ import annotations

from typing import Any

from hoctap_xl import layout as L
from hoctap_xl import rules as R
from hoctap_xl.grid import Grid

HEADER_ROW = 3


def table_grid(sheet: str, headers: tuple[str, ...], rows: list[dict[str, Any]]) -> Grid:
    body: list[list[Any]] = [["Tiêu đề"], []]
    body.append(list(headers))
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, unknown
        body.append([row.get(h) for h in headers])
    return Grid(sheet, body)


def commune(*, thon: list[dict[str, Any]], people: list[dict[str, Any]] | None = None,
            households: list[dict[str, Any]] | None = None, clans: list[dict[str, Any]] | None = None,
            communities: list[dict[str, Any]] | None = None, units: list[dict[str, Any]] | None = None,
            checklist: list[dict[str, Any]] | None = None, targets: dict[str, dict[int, Any]] | None = None,
            info: dict[str, Any] | None = None, rules: R.RuleSet | None = None) -> dict[str, Grid]:
    rules = rules or R.default()
    base_info = {L.L_TINH: "Lạng Sơn", L.L_CAP_TREN: "UBND tỉnh Lạng Sơn", L.L_XA: "Tân Văn", L.L_MA: "05999",
                 L.L_NAM: 2025, L.L_VUNG_KK: "Không"}
    base_info.update(info or {})
    info_rows: list[list[Any]] = [["THÔNG TIN CHUNG"], []]
    info_rows += [[label, base_info.get(label)] for label in L.INFO_LABELS]
    grids = {L.THONG_TIN: Grid(L.THONG_TIN, info_rows),
             L.THON: table_grid(L.THON, L.THON_HEADERS, thon),
             L.CONG_DAN: table_grid(L.CONG_DAN, L.CONG_DAN_HEADERS, people or [])}
    for key, rows in (("gia_dinh", households), ("dong_ho", clans), ("cong_dong", communities),
                      ("don_vi", units)):
        heads = L.headers_for(key, len(rules.criteria(key).tieu_chi))
        grids[L.MODEL_SHEETS[key]] = table_grid(L.MODEL_SHEETS[key], heads, rows or [])
    grids[L.CAP_XA] = table_grid(L.CAP_XA, L.CAP_XA_HEADERS, checklist or [])
    years = sorted({y for v in (targets or {}).values() for y in v}) or [2025]
    target_rows: list[list[Any]] = [["CHỈ TIÊU"], [], ["Mã", "Nội dung", *years]]
    for code in L.SHARE_CODES:
        target_rows.append([code, L.SHARE_LABELS[code], *[(targets or {}).get(code, {}).get(y) for y in years]])
    grids[L.CHI_TIEU] = Grid(L.CHI_TIEU, target_rows)
    return grids


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
