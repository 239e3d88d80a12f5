"""The commune-wide sheets: ``Thông tin chung``, the ``Chỉ tiêu`` targets and the TT 25 checklist.

Each is read once per workbook into plain values (no per-row model), with a finding for every
label or cell that cannot be read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.reading import TableReader
from hoctap_xl.rules.targets import parse_target
from hoctap_xl.sheets.grid import Grid, cell_ref
from hoctap_xl.text.values import ValueProblem, clean_text, is_blank, parse_date, parse_year, parse_yes_no


@dataclass
class Info:
    """``Thông tin chung``: every label's raw value and cell, plus the parsed essentials."""

    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    commune: str = ""
    province: str = ""
    code: str = ""
    year: int | None = None
    difficult: bool = False
    issued: dt.date | None = None
    proposed: dt.date | None = None
    """``Ngày tờ trình`` (template 1.3): the date of the Hội Khuyến học's tờ trình, when given."""

    def text(self, label: str) -> str:
        """A label's value as clean text ("" when absent or blank)."""
        return clean_text(self.values.get(label))


def read_info(r: TableReader, grids: dict[str, Grid]) -> Info:
    """``Thông tin chung``: labels in column A, values in column B."""
    info = Info()
    grid = grids.get(L.THONG_TIN)
    if grid is None:
        r.add("thieu-sheet", L.THONG_TIN, None, name=L.THONG_TIN, effect="")
        return info
    _collect_labels(info, grid)
    for label in L.INFO_LABELS:
        if label not in info.values:
            r.add("thieu-thong-tin", L.THONG_TIN, None, absent="Không thấy nhãn", what=f"\u201c{label}\u201d ở cột A")
    info.commune = info.text(L.L_XA)
    info.province = info.text(L.L_TINH)
    info.code = _code_text(info.values.get(L.L_MA))
    if not info.commune and L.L_XA in info.values:
        r.add("thieu-thong-tin", L.THONG_TIN, info.cells[L.L_XA], absent="Chưa ghi", what="tên xã/phường/thị trấn")
    _parse_essentials(r, info)
    return info


def _collect_labels(info: Info, grid: Grid) -> None:
    """Each known label's first value (column B) and its cell."""
    wanted = {*L.INFO_LABELS, *L.OPTIONAL_INFO_LABELS}
    for i, row in enumerate(grid.rows):
        if not row:
            continue
        label = clean_text(row[0])
        if label in wanted and label not in info.values:
            info.values[label] = row[1] if len(row) > 1 else None
            info.cells[label] = cell_ref(grid.row0 + i, grid.col0 + 1)


def _parse_essentials(r: TableReader, info: Info) -> None:
    """The year, the difficult-area flag and the issue date, each a finding when unreadable."""
    if L.L_NAM in info.values:
        raw = info.values[L.L_NAM]
        if is_blank(raw):
            r.add("thieu-thong-tin", L.THONG_TIN, info.cells[L.L_NAM], absent="Chưa ghi", what="năm đánh giá")
        else:
            try:
                info.year = parse_year(raw)
            except ValueProblem as exc:
                r.add("thong-tin-khong-hop-le", L.THONG_TIN, info.cells[L.L_NAM], label="Năm đánh giá", problem=exc)
    if L.L_VUNG_KK in info.values:
        try:
            info.difficult = parse_yes_no(info.values[L.L_VUNG_KK])
        except ValueProblem as exc:
            r.add("co-khong-khong-hop-le", L.THONG_TIN, info.cells[L.L_VUNG_KK], header="Vùng khó khăn", problem=exc)
    info.issued = _date(r, info, L.L_NGAY)
    info.proposed = _date(r, info, L.L_NGAY_TO_TRINH)


def _date(r: TableReader, info: Info, label: str) -> dt.date | None:
    """A date label's value (None when blank or absent; a finding when unreadable)."""
    raw = info.values.get(label)
    if is_blank(raw):
        return None
    try:
        return parse_date(raw)
    except ValueProblem as exc:
        r.add("thong-tin-khong-hop-le", L.THONG_TIN, info.cells[label], label=label, problem=exc)
        return None


def _code_text(value: Any) -> str:
    """An administrative code keeps its leading zeros; a number cell 5999 stays ``5999``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


@dataclass(slots=True)
class ChecklistRow:
    """One criterion of the TT 25 commune checklist (``CĐHT cấp xã``): met at level 1, level 2."""

    row: int
    code: str
    text: str
    level1: bool
    level2: bool


def read_checklist(r: TableReader, grids: dict[str, Grid]) -> list[ChecklistRow]:
    """``CĐHT cấp xã``: one row per criterion, its two Có/Không marks."""
    t = r.table(grids, L.CAP_XA, L.CAP_XA_HEADERS)
    if t is None:
        return []
    _, _, l1_h, l2_h, _ = L.CAP_XA_HEADERS
    out = []
    for row, (code, text, l1, l2, _evidence) in t.records(L.CAP_XA_HEADERS):
        out.append(ChecklistRow(row, clean_text(code), clean_text(text), r.yes_no(t, row, l1_h, l1),
                                r.yes_no(t, row, l2_h, l2)))
    return out


def read_targets(r: TableReader, grids: dict[str, Grid]) -> dict[str, dict[int, float | None]]:
    """``Chỉ tiêu``: share code → {year: target}; year columns are headed by the year."""
    grid = grids.get(L.CHI_TIEU)
    t = r.table(grids, L.CHI_TIEU, L.CHI_TIEU_HEADERS)
    if t is None or grid is None:
        return {}
    years = _year_columns(grid.rows[t.header_row - grid.row0])
    code_col = t.columns[L.CHI_TIEU_HEADERS[0]] - grid.col0
    out: dict[str, dict[int, float | None]] = {}
    for i in range(t.header_row - grid.row0 + 1, len(grid.rows)):
        row = grid.rows[i]
        code = clean_text(row[code_col]).upper() if code_col < len(row) else ""
        if not code:
            continue
        row_no = grid.row0 + i
        if code not in L.SHARE_CODES:
            r.add("ma-chi-tieu-la", t.sheet, cell_ref(row_no, grid.col0 + code_col), typed=code)
            continue
        values: dict[int, float | None] = {}
        for y, j in years:
            raw = row[j] if j < len(row) else None
            try:
                values[y] = parse_target(raw)
            except ValueProblem as exc:
                r.add("chi-tieu-khong-hop-le", t.sheet, cell_ref(row_no, grid.col0 + j), share=code, year=y,
                      problem=exc)
                values[y] = None
        out[code] = values
    return out


def _year_columns(header: Sequence[Any]) -> list[tuple[int, int]]:
    """(year, column index in the grid row) of every header cell that reads as a year 1990–2100."""
    years: list[tuple[int, int]] = []
    for j, v in enumerate(header):
        try:
            y = parse_year(v)
        except ValueProblem:
            continue
        if 1990 <= y <= 2100:
            years.append((y, j))
    return years
