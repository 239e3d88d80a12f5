"""Sheets as plain 2-D values, and locating a table's header row in them.

A :class:`Grid` is what every reader produces (python-calamine, openpyxl, xlwings ranges):
rows of Python values (``None`` for blanks, floats for numbers, ``datetime`` for dates) with
the worksheet position of its first cell, so findings can name cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from hoctap_xl.findings import Finding, finding
from hoctap_xl.sheets.cells import index_to_col
from hoctap_xl.text.values import clean_text

MAX_HEADER_SCAN = 10
_INVISIBLE = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad"


def cell_ref(row: int, col: int) -> str:
    """(4, 9) → ``I4``."""
    return f"{index_to_col(col)}{row}"


@dataclass
class Grid:
    """One sheet's values as rows, with the worksheet position of ``rows[0][0]``."""

    sheet: str
    rows: Sequence[Sequence[Any]]
    row0: int = 1
    """Worksheet row number of ``rows[0]``."""
    col0: int = 1
    """Worksheet column number of ``rows[i][0]``."""
    merged: Sequence[tuple[int, int, int, int]] = ()
    """Merged ranges as worksheet (first row, first column, last row, last column), where the
    reader knows them: a header lost in a merge is then named as such."""


@dataclass
class Table:
    """A located table: its header row and, per expected header, the worksheet column."""

    sheet: str
    header_row: int
    columns: dict[str, int]
    grid: Grid
    extra: dict[str, int] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Column letters of every header (the optional ones found too), once."""
        self.letters = {h: index_to_col(c) for h, c in {**self.extra, **self.columns}.items()}

    def cell(self, row: int, header: str) -> str:
        """The address of this header's cell on a worksheet row, e.g. ``I12``."""
        return f"{self.letters[header]}{row}"

    def records(self, headers: Sequence[str]) -> list[tuple[int, list[Any]]]:
        """``(row number, values in the order of headers)`` for every row below the header
        in which any of these input cells is filled; empty rows are skipped silently. Optional
        headers the table has (:attr:`extra`) may be asked for too."""
        g = self.grid
        where = {**self.extra, **self.columns}
        idx = [where[h] - g.col0 for h in headers]
        width = max(idx) + 1 if idx else 0
        pick = itemgetter(*idx)
        single = len(idx) == 1
        out: list[tuple[int, list[Any]]] = []
        start = self.header_row - g.row0 + 1
        for i in range(start, len(g.rows)):
            raw = g.rows[i]
            if len(raw) < width:
                raw = list(raw) + [None] * (width - len(raw))
            picked = pick(raw)
            # readers disagree on empty cells (calamine gives "", openpyxl None): one form here
            values = [None if v == "" else v for v in ((picked,) if single else picked)]
            for v in values:
                if v is not None and (type(v) is not str or v.strip(_INVISIBLE)):
                    out.append((g.row0 + i, values))
                    break
        return out


def _header_texts(row: Sequence[Any]) -> list[str]:
    return [clean_text(v) if isinstance(v, str) else ("" if v is None else clean_text(v)) for v in row]


def _missing_headers(grid: Grid, row_no: int, texts: list[str], missing: list[str],
                     headers: Sequence[str]) -> Finding:
    """``sai-tieu-de`` for a header row lacking ``missing``: what it has instead, and a merge that hid one."""
    near = ", ".join(f"\u201c{t}\u201d" for t in texts if t and t not in headers)[:200]
    merges = [m for m in grid.merged if m[0] <= row_no <= m[2] and m[1] != m[3]]
    where = cell_ref(row_no, grid.col0)
    merge_note = ""
    if merges:
        first_m = merges[0]
        where = cell_ref(first_m[0], first_m[1])
        span = f"{where}:{cell_ref(first_m[2], first_m[3])}"
        merge_note = (f"; các ô {span} của dòng tiêu đề đang bị gộp (Merge) nên mất tiêu đề — "
                      "hãy bỏ gộp ô và gõ lại tiêu đề như mẫu")
    problem = (f"Dòng tiêu đề {row_no} thiếu cột {', '.join(chr(8220) + h + chr(8221) for h in missing)}"
               + (f" (thấy: {near})" if near else "") + merge_note)
    return finding("sai-tieu-de", sheet=grid.sheet, cell=where, problem=problem)


def locate(grid: Grid, headers: Sequence[str], *, optional: Sequence[str] = ()) -> Table | Finding:
    """Find the header row: the first of the first 10 rows with a cell equal to ``headers[0]``.

    Every header in ``headers`` must be in that row (anywhere: columns may be moved or added);
    a missing one is a ``sai-tieu-de`` finding naming it, and the table is not read.
    """
    first = headers[0]
    for i, row in enumerate(grid.rows[:MAX_HEADER_SCAN]):
        texts = _header_texts(row)
        if first not in texts:
            continue
        row_no = grid.row0 + i
        columns: dict[str, int] = {}
        for j, t in enumerate(texts):
            if t and t not in columns:
                columns[t] = grid.col0 + j
        missing = [h for h in headers if h not in columns]
        if missing:
            return _missing_headers(grid, row_no, texts, missing, headers)
        extra = {h: columns[h] for h in optional if h in columns}
        wanted = {h: columns[h] for h in headers}
        return Table(grid.sheet, row_no, wanted, grid, extra)
    return finding("sai-tieu-de", sheet=grid.sheet,
                   problem=f"Không tìm thấy dòng tiêu đề có ô \u201c{first}\u201d trong {MAX_HEADER_SCAN} dòng đầu")


def from_records(sheet: str, headers: Sequence[str], records: Sequence[dict[str, Any]], *,
                 header_row: int = 3) -> Grid:
    """A grid laid out like the template (title rows, header row, data) from dict rows —
    for samples, benchmarks and tests that need no file."""
    body: list[list[Any]] = [[None] * len(headers) for _ in range(header_row - 1)]
    body.append(list(headers))
    body.extend([rec.get(h) for h in headers] for rec in records)
    return Grid(sheet, body)
