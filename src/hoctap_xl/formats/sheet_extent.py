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

Worksheet XML is scanned by :mod:`hoctap_xl.formats.xlsx_extent`, OpenDocument by
:mod:`hoctap_xl.formats.ods_extent`; :func:`hoctap_xl.formats.file_guards.without_far_cells` puts it together.
What they share is here: :class:`Markup` (comments and CDATA passed over while walking tags),
:func:`far_extents` (the cell limit, then the sheets to cut) and :func:`copy_cutting` (a zip
package copied with its cut parts replaced).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from hoctap_xl.errors import WorkbookUnreadable
from hoctap_xl.findings import Finding, finding
from hoctap_xl.sheets.cells import index_to_col

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

    def add_run(self, row: int, last_col: int) -> None:
        """Columns 1 to ``last_col`` of ``row`` counted as holding values (an upper bound for a row whose
        last cell is there); rows come in order, so a column's first row is the first run over it."""
        self.rows[row] = 1
        self._first(row, 1, min(last_col, MAX_COLUMNS))

    def _first(self, row: int, col: int, last_col: int) -> None:
        pos = self._unset.find(1, col, last_col + 1)
        while pos >= 0:
            self.first_row[pos] = row
            self._unset[pos] = 0
            pos = self._unset.find(1, pos + 1, last_col + 1)

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
        self._first(row, col, last_col)


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
    walk: bool = False
    """Sized tag by tag (an unusual part): cut the same way."""

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


def far_extents(file: str, extents: Mapping[str, Extent]) -> dict[str, Extent]:
    """The extents (by sheet or part) that have far cells, once the file is known not to be too
    large (:func:`check_cells`)."""
    check_cells(file, extents.values())
    return {key: extent for key, extent in extents.items() if extent.far}


def copy_path(path: Path, folder: Path, suffix: str) -> Path:
    """Where the temporary copy of ``path`` without its far cells goes: in ``folder``, with the
    real format's extension ``suffix``."""
    return folder / f"hoctap-doc-{path.stem[:40]}{suffix}"


def copy_cutting(z: zipfile.ZipFile, copy: Path, parts: Container[str],
                 cut: Callable[[zipfile.ZipInfo, IO[bytes]], list[Finding]]) -> list[Finding]:
    """Copy the package ``z`` to ``copy``, every entry as it is but those named in ``parts``, which
    ``cut`` writes (without their far cells) to the new entry it is given; the findings ``cut``
    returns, in the package's order. Entries are stored: packing them again would take longer than
    the read (1.5 s for the 58 MB sheet of 100,000 persons)."""
    found: list[Finding] = []
    with zipfile.ZipFile(copy, "w") as out:
        for item in z.infolist():
            with out.open(zipfile.ZipInfo(item.filename, item.date_time), "w") as dst:
                if item.filename in parts:
                    found += cut(item, dst)
                else:
                    with z.open(item) as src:
                        shutil.copyfileobj(src, dst, 1 << 20)
    return found


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


class Markup:
    """Comments and CDATA sections met while finding tags in XML chunk by chunk (:func:`chunks`):
    what looks like a tag inside one is text, passed over, and one running past its chunk is
    carried to the next. The tag patterns given have ``<!--`` and ``<![CDATA[`` among their
    alternatives, so that a tag inside one is never found before it."""

    def __init__(self) -> None:
        """Nothing carried."""
        self.pending: bytes | None = None
        """The end (``-->`` or ``]]>``) of the comment or CDATA section carried from the chunk before."""

    def resume(self, chunk: bytes) -> int | None:
        """Where the tags of ``chunk`` begin: 0, or past the end of the comment or CDATA section
        carried from the chunk before; None when it runs past this chunk too."""
        if self.pending is None:
            return 0
        end = chunk.find(self.pending)
        if end < 0:
            return None
        self.pending = None
        return end + 3

    def past(self, chunk: bytes, m: re.Match[bytes]) -> int:
        """Where the comment or CDATA section that ``m`` opens ends (just past it); -1 when it runs
        past ``chunk`` (carried to the next chunk)."""
        term = b"-->" if chunk.startswith(b"<!--", m.start()) else b"]]>"
        end = chunk.find(term, m.end())
        if end < 0:
            self.pending = term
            return -1
        return end + 3

    def tags(self, pattern: re.Pattern[bytes], chunk: bytes, pos: int) -> Iterator[re.Match[bytes]]:
        """Every match of ``pattern`` in ``chunk`` from ``pos`` that is not a comment or a CDATA
        section (those passed over), to the chunk's end or into one that runs past it."""
        while (m := pattern.search(chunk, pos)) is not None:
            if chunk[m.start() + 1] != 0x21:  # not "<!"
                yield m
                pos = m.end()
                continue
            pos = self.past(chunk, m)
            if pos < 0:
                return
