"""A bound on a worksheet part's used range from a few searches over its bytes, for the usual case.

Sizing a sheet exactly (:mod:`hoctap_xl.formats.xlsx_extent`) walks every row: about 90 ms for a
5,000-person sheet, as long as python-calamine takes to read it. Most parts are cleared in a
third of that: when no cell reference reaches column IW (257) or row 10,000, nothing can be far
(far needs a column beyond 1,024, a gap of 256 empty columns or one of 10,000 empty rows) and the
rectangle is at most 9,999 × 256 cells. Each condition is a count or a search done in C, with no
match object per cell. Like the exact scan it takes rows in order (a crafted part hiding a tall
cell among short rows is left to the worker's memory watch). Anything unusual — a namespace
prefix, a cell or row without its ``r`` attribute first, a wide or tall reference — gives
``None``, and the exact scan decides.
"""

from __future__ import annotations

import re

from hoctap_xl.formats.sheet_extent import GAP_COLUMNS, GAP_ROWS, Extent

QUICK_BYTES = 64 << 20
"""Parts larger than this are sized by the exact, streaming scan only (this one holds the part)."""

_FAR_OR_TALL = re.compile(rb'<c r="(?:[A-Z]{3}|[J-Z][A-Z]|I[W-Z]|[A-Z]{1,2}\d{5})')
"""A reference to column IW or beyond, or to row 10,000 or below (one search, from its literal start)."""
_ROW = re.compile(rb'<row r="(\d+)"')
_CELL_REF = re.compile(rb'<c r="[A-Z]{1,3}(\d+)"')

assert GAP_COLUMNS == 256 and GAP_ROWS == 10_000, "the searches above are spelled for these limits"


def _usual(data: bytes) -> bool:
    """Written the usual way (Excel, LibreOffice, openpyxl, XlsxWriter): no namespace prefix, and
    every cell and row opened with its ``r`` attribute first."""
    if data.find(b"<sheetData") < 0 or data.find(b"<c>") >= 0 or data.find(b"<row>") >= 0:
        return False
    return data.count(b"<c ") == data.count(b'<c r="') and data.count(b"<row ") == data.count(b'<row r="')


def _last_cell_row(data: bytes) -> int:
    """The row of the part's last cell (a cell whose row says more than its ``<row>`` would make
    the bound wrong: such a part goes to the exact scan)."""
    m = _CELL_REF.search(data, max(data.rfind(b"<c "), 0))
    return int(m.group(1)) if m else 0


def quick_extent(data: bytes, sheet: str) -> Extent | None:
    """A bound on the used range of the worksheet part ``data`` (nothing far in it), or ``None``
    when only the exact scan can tell."""
    if len(data) > QUICK_BYTES or not _usual(data) or _FAR_OR_TALL.search(data):
        return None
    last_row = max((int(r) for r in _ROW.findall(data)), default=0)
    if last_row >= GAP_ROWS or _last_cell_row(data) > last_row:
        return None
    return Extent(sheet, last_row, GAP_COLUMNS if last_row else 0)
