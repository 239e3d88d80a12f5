"""Sizing every sheet's used range from its XML before any reader builds a grid (issue 14).

python-calamine builds a sheet as one rectangle reaching the last row and the last column that
hold a value — 32 bytes a cell in Rust, then a slot per cell from A1 in the Python lists
(``to_python``): about 40 bytes a cell in all. One stray value far away costs the whole rectangle:
a value in AMJ1048576 asks for 1,048,576 × 1,024 × 32 bytes = 32 GiB and Rust aborts the process.

So the cells holding a value are found from the sheet's XML first — regular expressions over the
bytes of each part, read in chunks (no tree; a part is never in memory whole) — and each sheet's
extent follows three rules (docs/developer-guide.md, "Giới hạn khi đọc"):

* a value beyond column :data:`MAX_COLUMNS`, or right of :data:`GAP_COLUMNS` empty columns, is far
  to the right (``o-ngoai-bang``); a value below :data:`GAP_ROWS` empty rows is far below
  (``o-xa-bang``). Far cells are cut from a temporary copy; the file itself is never changed;
* what is left — rows × columns from A1 of every sheet read, summed — must not pass
  :data:`MAX_CELLS` per file, else the file is refused naming the sheet and its last cell.

What python-calamine 0.9.1 allocates for, measured: a ``<c>`` with a ``<v>`` or an ``<is>`` child,
even an empty ``t="str"`` one (``<v></v>``, as Excel stores a formula showing "") or an error;
not a styled empty ``<c r="XFD1048576" s="3"/>``, a formula without a cached value, a ``<row>``
without cells, nor ``<dimension ref="A1:XFD1048576"/>``. A numeric cell with an empty ``<v/>`` costs
nothing either but counts here as holding a value (the safe side).

Most parts take the quick scan (:class:`_Quick`, a few C-level searches per row); a part it
cannot vouch for (namespace prefixes, comments, cells without ``r``, cells in another row than
their ``<row>``, columns past :data:`GAP_COLUMNS`, anything far) is walked tag by tag
(:class:`_Walker`), which also writes the cut copy. The quick scan takes a row's last cell as its
rightmost, as the format requires and every writer does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from hoctap_xl.errors import WorkbookUnreadable
from hoctap_xl.findings import Finding, finding
from hoctap_xl.sheets.cells import col_to_index, index_to_col

MAX_ROW = 1_048_576
"""Rows of a sheet (Excel 2007 and later)."""
MAX_COLUMNS = 1024
"""Columns read per sheet (AMJ); the widest table of the template has under 40."""
GAP_COLUMNS = 256
"""A value right of this many empty columns is far; a table's columns are never this far apart."""
GAP_ROWS = 10_000
"""A value below this many empty rows is far: more than the largest table of the template (6,000
rows), so a table filled only on its first and last rows is never cut."""
MAX_CELLS = 5_000_000
"""Cells read per file (rows × columns from A1 of every sheet read): twice the 100,000-person
corpus workbook (2.4 million); at about 40 bytes a cell (up to 100 with its values) well under
1 GiB."""
CHUNK = 1 << 22
"""Bytes of a part read at a time."""


def number(n: int) -> str:
    """An integer as Vietnamese writes it: 1.048.576."""
    return f"{n:,}".replace(",", ".")


class Occupancy:
    """Where one sheet holds values: a byte per row (1 when some cell of the row holds one) and,
    per column up to :data:`MAX_COLUMNS`, the first row holding a value; values outside are counted."""

    def __init__(self) -> None:
        """An empty sheet."""
        self.rows = bytearray(MAX_ROW + 1)
        self.first_row = [0] * (MAX_COLUMNS + 1)
        self.outside = 0
        self._unset = bytearray(b"\x01") * (MAX_COLUMNS + 1)

    def add(self, row: int, col: int) -> None:
        """A cell holding a value (cells without a valid position are left to the reader)."""
        if row < 1 or col < 1:
            return
        if row > MAX_ROW or col > MAX_COLUMNS:
            self.outside += 1
            return
        self.rows[row] = 1
        first = self.first_row[col]
        if not first or row < first:
            self.first_row[col] = row
            self._unset[col] = 0

    def add_block(self, row: int, rows: int, col: int, cols: int) -> None:
        """``rows`` × ``cols`` cells from (row, col) holding a value (a repeated OpenDocument cell);
        blocks come in row order, so a column's first row is the first block that covers it."""
        last_row, last_col = row + rows - 1, col + cols - 1
        if last_row > MAX_ROW or last_col > MAX_COLUMNS:
            self.outside += 1
        last_row, last_col = min(last_row, MAX_ROW), min(last_col, MAX_COLUMNS)
        if row < 1 or col < 1 or row > last_row or col > last_col:
            return
        self.rows[row:last_row + 1] = b"\x01" * (last_row - row + 1)
        pos = self._unset.find(1, col, last_col + 1)
        while pos >= 0:
            self.first_row[pos] = row
            self._unset[pos] = 0
            pos = self._unset.find(1, pos + 1, last_col + 1)


def _cut_after(used: bytearray, gap: int) -> int | None:
    """The last used position before the first run of ``gap`` unused ones that has a used one after
    it (the leading unused area does not count); None when there is no such run."""
    first = used.find(1)
    if first < 0:
        return None
    hole = used.find(bytes(gap), first)
    if hole < 0 or used.find(1, hole) < 0:
        return None
    return hole - 1


@dataclass(frozen=True)
class Extent:
    """One sheet's used range as it will be read — from A1 to (last_row, last_col) — and where far
    cells begin: rows after ``row_cut`` and columns after ``col_cut`` are cut."""

    sheet: str
    last_row: int
    last_col: int
    row_cut: int = MAX_ROW
    col_cut: int = MAX_COLUMNS
    far: bool = False

    @property
    def cells(self) -> int:
        """Cells of the rectangle a reader builds."""
        return self.last_row * self.last_col

    @property
    def corner(self) -> str:
        """The last cell (where Ctrl+End goes), e.g. ``X6003``."""
        return f"{index_to_col(max(self.last_col, 1))}{max(self.last_row, 1)}"

    def far_code(self, row: int, col: int) -> str | None:
        """``o-xa-bang`` for a cell far below, ``o-ngoai-bang`` far to the right, else None."""
        if row < 1 or col < 1:
            return None
        if row > self.row_cut:
            return "o-xa-bang"
        if col > self.col_cut:
            return "o-ngoai-bang"
        return None


def extent_of(sheet: str, occ: Occupancy) -> Extent:
    """The extent of a sheet holding values where ``occ`` says, far cells cut."""
    row_cut = _cut_after(occ.rows, GAP_ROWS)
    rows_kept = MAX_ROW if row_cut is None else row_cut
    cols = bytearray(MAX_COLUMNS + 1)
    for c, first in enumerate(occ.first_row):
        if 0 < first <= rows_kept:
            cols[c] = 1
    col_cut = _cut_after(cols, GAP_COLUMNS)
    cols_kept = MAX_COLUMNS if col_cut is None else col_cut
    last_row = max(occ.rows.rfind(1, 0, rows_kept + 1), 0)
    last_col = max(cols.rfind(1, 0, cols_kept + 1), 0)
    far = row_cut is not None or col_cut is not None or occ.outside > 0
    return Extent(sheet, last_row, last_col, rows_kept, cols_kept, far)


@dataclass
class FarCells:
    """The far cells holding a value met while cutting one sheet: how many of each code, the first."""

    count: dict[str, int] = field(default_factory=dict)
    first: dict[str, str] = field(default_factory=dict)

    def add(self, code: str, row: int, col: int, n: int = 1) -> None:
        """A far cell holding a value (``n`` of them from there, for a repeated one)."""
        self.count[code] = self.count.get(code, 0) + n
        self.first.setdefault(code, f"{index_to_col(col)}{row}")

    def findings(self, extent: Extent, file: str) -> list[Finding]:
        """One finding per code met, naming the sheet and the first far cell."""
        out = []
        if "o-xa-bang" in self.count:
            first = self.first["o-xa-bang"]
            out.append(finding("o-xa-bang", sheet=extent.sheet, cell=first, file=file, sheet_name=extent.sheet,
                               count=number(self.count["o-xa-bang"]), last_row=number(extent.row_cut),
                               gap=number(GAP_ROWS), first=first))
        if "o-ngoai-bang" in self.count:
            first = self.first["o-ngoai-bang"]
            out.append(finding("o-ngoai-bang", sheet=extent.sheet, cell=first, file=file, sheet_name=extent.sheet,
                               count=number(self.count["o-ngoai-bang"]), last_column=index_to_col(extent.col_cut),
                               first=first))
        return out


def check_cells(file: str, extents: Iterable[Extent]) -> None:
    """Refuse a file whose sheets read, far cells cut, still hold more than :data:`MAX_CELLS` cells."""
    extents = list(extents)
    total = sum(e.cells for e in extents)
    if total <= MAX_CELLS:
        return
    big = max(extents, key=lambda e: e.cells)
    raise WorkbookUnreadable(
        f"Tệp {file} quá lớn để đọc: sheet \u201c{big.sheet}\u201d có dữ liệu đến ô {big.corner} "
        f"({number(big.last_row)} dòng × {number(big.last_col)} cột = {number(big.cells)} ô; cả tệp {number(total)} ô, "
        f"giới hạn {number(MAX_CELLS)} ô). Hãy xóa các ô, dòng, cột thừa ở cuối sheet (Ctrl+End cho thấy ô cuối "
        "cùng có dữ liệu), lưu rồi gửi lại; bảng thật sự lớn như vậy thì tách thành nhiều tệp.")


def chunks(fh: IO[bytes], mark: bytes, size: int = CHUNK) -> Iterator[bytes]:
    """The bytes of a part in pieces of about ``size``, each ending just before the last ``mark``
    (an element's start, e.g. ``b"<row"``) it holds, else before its last ``<``: no tag is split."""
    tail = b""
    while True:
        block = fh.read(size)
        if not block:
            if tail:
                yield tail
            return
        buf = tail + block
        cut = buf.rfind(mark)
        if cut <= 0:
            cut = buf.rfind(b"<")
        if cut <= 0:
            tail = buf
            continue
        yield buf[:cut]
        tail = buf[cut:]


# ---------------------------------------------------------------------------------------------
# Worksheet XML (.xlsx, .xlsm)
# ---------------------------------------------------------------------------------------------

_ROW_TAG = re.compile(rb'<row r="([0-9]{1,7})"[^>]*>')
_COLUMNS: dict[bytes, int] = {}


def _column(letters: bytes) -> int:
    col = _COLUMNS.get(letters)
    if col is None:
        col = _COLUMNS[letters] = col_to_index(letters.decode("ascii"))
    return col


class _Quick:
    """The quick scan of a worksheet part: per ``<row r="…">``, whether it holds a value (a ``<v`` or
    ``<is`` in it) and its last cell's column. ``ok`` turns False on anything it cannot vouch for."""

    def __init__(self) -> None:
        self.occ = Occupancy()
        self.last_col = 0
        self.ok = True
        self.data = False  # <sheetData> met, unprefixed

    def feed(self, chunk: bytes) -> None:
        """One chunk, ending before a ``<row``. Per row holding a value, its last cell must carry the
        row's number (a cell of another row, a cell without ``r`` after it, or a row without ``r``
        merged into the one before sends the part to the walk)."""
        if not self.data:
            self.data = b"<sheetData" in chunk
        if b"<!" in chunk:
            self.ok = False  # a comment or CDATA could hide a cell or fake one: walk the part
            return
        end = chunk.find(b"</sheetData")
        end = len(chunk) if end < 0 else end
        find, rfind, rows = chunk.find, chunk.rfind, self.occ.rows
        tags = _ROW_TAG.finditer(chunk, 0, end)
        m = next(tags, None)
        while m is not None:
            number, start = m.group(1), m.end()
            m = next(tags, None)
            stop = end if m is None else m.start()
            if find(b"<v", start, stop) < 0 and find(b"<is", start, stop) < 0:
                continue
            last = rfind(b'<c r="', start, stop)
            quote = find(b'"', last + 6, stop)
            digits = quote - len(number)
            letters = chunk[last + 6:digits]
            row = int(number)
            if (last < 0 or chunk[digits:quote] != number or not letters.isalpha() or not letters.isupper()
                    or len(letters) > 3 or find(b"<c", quote, stop) >= 0 or not 0 < row <= MAX_ROW):
                self.ok = False
                return
            rows[row] = 1
            col = _COLUMNS.get(letters) or _column(letters)
            if col > self.last_col:
                self.last_col = col

    def extent(self, sheet: str) -> Extent | None:
        """The sheet's extent when the scan vouches for it: nothing far, columns within reach."""
        if not self.ok or not self.data or self.last_col > GAP_COLUMNS + 1:
            return None
        for c in range(1, self.last_col + 1):
            self.occ.first_row[c] = 1  # every column up to the last counts as used: an upper bound
        ext = extent_of(sheet, self.occ)
        return None if ext.far else ext


_TAG = re.compile(rb"<(?:(!--)|(!\[CDATA\[)|(/?)(?:[A-Za-z_][\w.-]*:)?(sheetData|row|c|v|is|dimension)(?=[\s/>])"
                  rb"([^>]*)>)")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{1,7})([0-9]{1,10})["']""")
_ROW_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([0-9]{1,10})["']""")


class _Walker:
    """A worksheet part walked tag by tag: records the cells holding a value in ``occ`` or, given an
    extent, gives the part back without its far cells (and without ``<dimension>``)."""

    def __init__(self, occ: Occupancy | None = None, extent: Extent | None = None) -> None:
        self.occ, self.extent, self.far = occ, extent, FarCells()
        self.in_data = False
        self.row = self.col = 0
        self.cell: tuple[int, int] | None = None
        self.valued = self.dropping = False
        self.skip: bytes | None = None

    def feed(self, chunk: bytes) -> bytes:
        """One chunk; what is kept of it (cutting) or b"" (sizing)."""
        out: list[bytes] = []
        keep = pos = 0
        if self.skip is not None:
            end = chunk.find(self.skip)
            if end < 0:
                return b"" if self.dropping or self.extent is None else chunk
            pos, self.skip = end + 3, None
        while (m := _TAG.search(chunk, pos)) is not None:
            pos = m.end()
            if m.group(1) or m.group(2):
                term = b"-->" if m.group(1) else b"]]>"
                end = chunk.find(term, pos)
                if end < 0:
                    self.skip = term
                    break
                pos = end + 3
                continue
            keep = self._tag(m, chunk, out, keep)
        if self.extent is None or self.dropping:
            return b"".join(out)
        out.append(chunk[keep:])
        return b"".join(out)

    def _tag(self, m: re.Match[bytes], chunk: bytes, out: list[bytes], keep: int) -> int:
        closing, name, attrs = m.group(3), m.group(4), m.group(5)
        if name == b"sheetData":
            self.in_data = not closing and not attrs.endswith(b"/")
        elif name == b"dimension":
            if self.extent is not None and not self.dropping:
                out.append(chunk[keep:m.start()])
                return m.end()
        elif not self.in_data:
            pass
        elif name == b"row":
            if not closing:
                r = _ROW_ATTR.search(attrs)
                self.row, self.col = (int(r.group(1)) if r else self.row + 1), 0
        elif name == b"c":
            return self._cell(m, chunk, out, keep, closing == b"/", attrs)
        elif not closing and self.cell is not None:
            self.valued = True  # <v> or <is>
        return keep

    def _cell(self, m: re.Match[bytes], chunk: bytes, out: list[bytes], keep: int, closing: bool,
              attrs: bytes) -> int:
        if closing:
            if self.cell is not None and self.valued:
                if self.occ is not None:
                    self.occ.add(*self.cell)
                elif self.dropping and self.extent is not None:
                    code = self.extent.far_code(*self.cell)
                    if code:
                        self.far.add(code, *self.cell)
            self.cell = None
            if self.dropping:
                self.dropping = False
                return m.end()
            return keep
        ref = _R_ATTR.search(attrs)
        if ref is None:
            self.col += 1
            row, col = self.row, self.col
        else:
            row, col = int(ref.group(2)), col_to_index(ref.group(1).decode("ascii"))
            self.col = col
        empty = attrs.endswith(b"/")
        self.cell, self.valued = (None if empty else (row, col)), False
        if self.extent is not None and self.extent.far_code(row, col):
            out.append(chunk[keep:m.start()])
            if empty:
                return m.end()
            self.dropping = True
            return len(chunk)
        return keep


def _walk_extent(fh: IO[bytes], sheet: str) -> Extent:
    occ = Occupancy()
    walker = _Walker(occ=occ)
    for chunk in chunks(fh, b"<"):
        walker.feed(chunk)
    return extent_of(sheet, occ)


def worksheet_extent(opener: Callable[[], IO[bytes]], sheet: str) -> Extent:
    """The extent of one worksheet part (``opener()`` opens it anew for each pass)."""
    quick = _Quick()
    with opener() as fh:
        for chunk in chunks(fh, b"<row"):
            quick.feed(chunk)
            if not quick.ok:
                break
    ext = quick.extent(sheet)
    if ext is not None:
        return ext
    with opener() as fh:
        return _walk_extent(fh, sheet)


def cut_worksheet(opener: Callable[[], IO[bytes]], extent: Extent, out: IO[bytes], file: str) -> list[Finding]:
    """Write the part to ``out`` without its far cells; the findings naming them."""
    walker = _Walker(extent=extent)
    with opener() as fh:
        for chunk in chunks(fh, b"<"):
            out.write(walker.feed(chunk))
    return walker.far.findings(extent, file)

