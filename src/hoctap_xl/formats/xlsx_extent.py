"""Sizing and cutting worksheet XML (.xlsx, .xlsm) by the rules of :mod:`hoctap_xl.formats.sheet_extent`.

Row by row: a few C-level searches per ``<row r="…">`` tell whether it holds a value (a ``<v`` or
an ``<is`` in it) and its last cell's column, and the row counts as using every column up to
that one — an upper bound that cannot hide a column gap, since a gap of :data:`GAP_COLUMNS` ends
past column ``GAP_COLUMNS + 1``. Only a row reaching further is looked at cell by cell, and when
cutting only the far rows and the rows reaching past the last column kept. The row scan takes a
row's last cell as its rightmost and rows in order, as the format requires and every writer does;
anything else it cannot vouch for — a namespace prefix, a comment or CDATA, a cell without ``r``
or of another row than its ``<row>`` — sends the whole part to :class:`_Walker`, tag by tag
(exact, ten times slower). The 100,000-person corpus sheet (58 MB of XML) takes 0.3 s to size.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import IO

from hoctap_xl.findings import Finding
from hoctap_xl.formats.sheet_extent import GAP_COLUMNS, MAX_ROW, Extent, FarCells, Markup, Occupancy, chunks, extent_of
from hoctap_xl.sheets.cells import col_to_index

_ROW_TAG = re.compile(rb'<row r="([0-9]{1,7})"[^>]*>')
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_DIMENSION = re.compile(rb"<dimension\b[^>]*>")
_REF = re.compile(rb"([A-Z]{1,3})[0-9]")
_COLUMNS: dict[bytes, int] = {}


class _Unusual(Exception):
    """Something the row scan cannot vouch for: the part is walked tag by tag instead."""


def _column(letters: bytes) -> int:
    col = _COLUMNS.get(letters)
    if col is None:
        col = _COLUMNS[letters] = col_to_index(letters.decode("ascii"))
    return col


def _rows(chunk: bytes) -> Iterator[tuple[re.Match[bytes], int]]:
    """Every ``<row r="…">`` tag of a chunk and where the row's content ends."""
    end = chunk.find(b"</sheetData")
    end = len(chunk) if end < 0 else end
    tags = _ROW_TAG.finditer(chunk, 0, end)
    m = next(tags, None)
    while m is not None:
        following = next(tags, None)
        yield m, end if following is None else following.start()
        m = following


def _valued(chunk: bytes, start: int, stop: int) -> bool:
    return chunk.find(b"<v", start, stop) >= 0 or chunk.find(b"<is", start, stop) >= 0


def _last_column(chunk: bytes, digits: bytes, start: int, stop: int) -> int:
    """The column of a row's last cell, which must carry the row's number and have no cell without
    ``r`` after it."""
    last = chunk.rfind(b'<c r="', start, stop)
    quote = chunk.find(b'"', last + 6, stop)
    split = quote - len(digits)
    letters = chunk[last + 6:split]
    if (last < 0 or chunk[split:quote] != digits or not letters.isalpha() or not letters.isupper()
            or len(letters) > 3 or chunk.find(b"<c", quote, stop) >= 0):
        raise _Unusual
    return _COLUMNS.get(letters) or _column(letters)


def _cells(chunk: bytes, digits: bytes, start: int, stop: int) -> list[tuple[re.Match[bytes], int, bool]]:
    """(match, column, holds a value) of every cell of a row; all must carry the row's number."""
    cells = [(m, _column(m.group(1)), m.group(3) is not None and (b"<v" in m.group(3) or b"<is" in m.group(3)))
             for m in _CELL.finditer(chunk, start, stop)]
    if any(m.group(2) != digits for m, _, _ in cells) or len(cells) != chunk.count(b"<c", start, stop):
        raise _Unusual
    return cells


class _Scan:
    """The row scan of one part, sizing (see the module's text)."""

    def __init__(self) -> None:
        self.occ = Occupancy()
        self.previous = 0
        self.data = False  # <sheetData> met, unprefixed

    def feed(self, chunk: bytes) -> None:
        """One chunk, ending before a ``<row``."""
        if not self.data:
            self.data = b"<sheetData" in chunk
        if b"<!" in chunk:
            raise _Unusual  # a comment or CDATA could hide a cell or fake one
        occ = self.occ
        for m, stop in _rows(chunk):
            digits, start = m.group(1), m.end()
            row = int(digits)
            if not self.previous < row <= MAX_ROW:
                raise _Unusual
            self.previous = row
            if not _valued(chunk, start, stop):
                continue
            last = _last_column(chunk, digits, start, stop)
            if last <= GAP_COLUMNS + 1:
                occ.add_run(row, last)
                continue
            for _, col, valued in _cells(chunk, digits, start, stop):
                if valued:
                    occ.add(row, col)

    def extent(self, sheet: str) -> Extent:
        """The sheet's extent."""
        if not self.data:
            raise _Unusual
        return extent_of(sheet, self.occ)


class _Cut:
    """The row scan of one part, cutting: far rows go whole; in a row reaching past column
    ``GAP_COLUMNS + 1`` (looked at cell by cell when sizing), the cells past the last column kept go.
    (A row reaching less far holds no value past the last column kept: the columns after it are a
    gap; its styled cells there stay, costing nothing.)"""

    def __init__(self, extent: Extent) -> None:
        self.extent, self.far, self.head = extent, FarCells(), True

    def feed(self, chunk: bytes) -> bytes:
        """One chunk; what is kept of it."""
        out: list[bytes] = []
        keep = 0
        if self.head:
            data = chunk.find(b"<sheetData")
            dimension = _DIMENSION.search(chunk, 0, len(chunk) if data < 0 else data)
            if dimension is not None:
                out.append(chunk[:dimension.start()])
                keep = dimension.end()
            self.head = data < 0
        cut = self.extent.col_cut
        for m, stop in _rows(chunk):
            digits, start = m.group(1), m.end()
            if not _valued(chunk, start, stop):
                continue
            row = int(digits)
            if row > self.extent.row_cut:
                self._far_row(chunk, row, start, stop)
                out.append(chunk[keep:m.start()])
                keep = stop
                continue
            last = _last_column(chunk, digits, start, stop)
            if last <= cut or last <= GAP_COLUMNS + 1:
                continue
            for cell, col, holds in _cells(chunk, digits, start, stop):
                if col > cut:
                    if holds:
                        self.far.add("o-ngoai-bang", row, col)
                    out.append(chunk[keep:cell.start()])
                    keep = cell.end()
        out.append(chunk[keep:])
        return b"".join(out)

    def _far_row(self, chunk: bytes, row: int, start: int, stop: int) -> None:
        """A far row, going whole: its values counted, the first named."""
        found = [p for p in (chunk.find(b"<v", start, stop), chunk.find(b"<is", start, stop)) if p >= 0]
        cell = chunk.rfind(b'<c r="', start, min(found))
        ref = _REF.match(chunk, cell + 6) if cell >= 0 else None
        count = chunk.count(b"<v", start, stop) + chunk.count(b"<is", start, stop)
        self.far.add("o-xa-bang", row, _column(ref.group(1)) if ref else 1, count)


# ---------------------------------------------------------------------------------------------
# Tag by tag, for unusual parts
# ---------------------------------------------------------------------------------------------

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
        self.markup = Markup()

    def feed(self, chunk: bytes) -> bytes:
        """One chunk; what is kept of it (cutting) or b"" (sizing)."""
        out: list[bytes] = []
        keep = 0
        pos = self.markup.resume(chunk)
        if pos is None:
            return b"" if self.dropping or self.extent is None else chunk
        for m in self.markup.tags(_TAG, chunk, pos):
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


def walk_extent(fh: IO[bytes], sheet: str) -> Extent:
    """The extent of a part read from ``fh``, walked tag by tag."""
    occ = Occupancy()
    walker = _Walker(occ=occ)
    for chunk in chunks(fh, b"<"):
        walker.feed(chunk)
    return dataclasses.replace(extent_of(sheet, occ), walk=True)


def worksheet_extent(opener: Callable[[], IO[bytes]], sheet: str) -> Extent:
    """The extent of one worksheet part (``opener()`` opens it anew for each pass)."""
    scan = _Scan()
    try:
        with opener() as fh:
            for chunk in chunks(fh, b"<row"):
                scan.feed(chunk)
        return scan.extent(sheet)
    except _Unusual:
        with opener() as fh:
            return walk_extent(fh, sheet)


def cut_worksheet(opener: Callable[[], IO[bytes]], extent: Extent, out: IO[bytes], file: str) -> list[Finding]:
    """Write the part to ``out`` without its far cells (found as :func:`worksheet_extent` found its
    extent); the findings naming them."""
    cutter: _Cut | _Walker = _Walker(extent=extent) if extent.walk else _Cut(extent)
    with opener() as fh:
        for chunk in chunks(fh, b"<" if extent.walk else b"<row"):
            out.write(cutter.feed(chunk))
    return cutter.far.findings(extent, file)

