"""The same bounds for an OpenDocument spreadsheet (.ods): every table of ``content.xml`` sized
from its rows and cells before python-calamine opens the file.

A table's rows and cells come in order, each ``table:number-rows-repeated`` /
``table:number-columns-repeated`` times; a cell holds a value when it has an
``office:value-type`` (an empty ``office:value-type="string"`` too). python-calamine 0.9.1
parses every table when it opens the file and keeps about 60 bytes a cell (measured: one value
at X1048575 after a million repeated empty rows took 1.8 GB; at AMJ1048576 it refuses with its
own "Cell limit exceeded"); repeated empty rows and cells, as LibreOffice writes to the end of
every sheet, cost nothing. So every table is sized, whichever ones the product reads, and far
cells are turned into empty cells of the same width in a temporary copy (so that nothing after
them moves) — rules and limits of :mod:`hoctap_xl.formats.sheet_extent`.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from hoctap_xl.findings import Finding
from hoctap_xl.formats.sheet_extent import (
    Extent,
    FarCells,
    Markup,
    Occupancy,
    chunks,
    copy_cutting,
    copy_path,
    extent_of,
    far_extents,
)

CONTENT = "content.xml"
_TAG = re.compile(rb"<(?:(!--)|(!\[CDATA\[)|(/?)(table:table|table:table-row|table:table-cell|table:covered-table-cell)"
                  rb"(?=[\s/>])([^>]*)>)")
_OPENING = re.compile(rb"<(table:table-cell|table:covered-table-cell|table:table-row|table:table|/table:table>|!--|"
                      rb"!\[CDATA\[)")
"""What sizing looks at (:meth:`_Walker.size`): four times quicker to find than :data:`_TAG`."""
_ROWS = re.compile(rb"""table:number-rows-repeated\s*=\s*["']([0-9]{1,10})["']""")
_COLS = re.compile(rb"""table:number-columns-repeated\s*=\s*["']([0-9]{1,10})["']""")
_NAME = re.compile(rb"""table:name\s*=\s*["']([^"']*)["']""")
_VALUED = re.compile(rb"""(?:^|\s)office:value-type\s*=""")
_AFTER_NAME = (b"", b" ", b"/", b"\t", b"\n", b"\r")


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    m = pattern.search(attrs)
    return max(int(m.group(1)), 1) if m else 1


def _empty_cell(width: int) -> bytes:
    return b"<table:table-cell/>" if width == 1 else b'<table:table-cell table:number-columns-repeated="%d"/>' % width


class _Walker:
    """``content.xml`` walked tag by tag: per table, an :class:`Occupancy` (sizing) or, given the
    extents, the text back with far cells emptied (cutting)."""

    def __init__(self, extents: dict[str, Extent] | None = None) -> None:
        self.extents = extents
        self.sheets: dict[str, Occupancy] = {}
        self.far: dict[str, FarCells] = {}
        self.sheet, self.depth = "", 0
        self.row = self.next_row = self.rows = self.col = 0
        self.markup = Markup()
        self.dropping = 0            # depth of cells inside the far cell being dropped
        self.tail = 0                # width of the empty cell owed after the cell being read

    def feed(self, chunk: bytes) -> bytes:
        """One chunk; what is kept of it (cutting) or b"" (sizing)."""
        out: list[bytes] = []
        keep = 0
        pos = self.markup.resume(chunk)
        if pos is None:
            return b"" if self.dropping or self.extents is None else chunk
        if self.extents is None:
            self.size(chunk, pos)
            return b""
        for m in self.markup.tags(_TAG, chunk, pos):
            keep = self._tag(m, chunk, out, keep)
        if self.extents is not None and not self.dropping:
            out.append(chunk[keep:])
        return b"".join(out)

    def size(self, chunk: bytes, pos: int) -> None:
        """Sizing one chunk from ``pos``: the start tags of tables, rows and cells, their attributes
        looked at only when they hold the words that matter."""
        find = chunk.find
        while (m := _OPENING.search(chunk, pos)) is not None:
            name, pos = m.group(1), m.end()
            if name in (b"!--", b"![CDATA["):
                pos = self.markup.past(chunk, m)
                if pos < 0:
                    return
                continue
            if name == b"/table:table>":
                self.depth -= 1
                continue
            end = find(b">", pos)
            if end < 0:  # the part ends inside a start tag (cut short): nothing more to size
                return
            attrs, pos = chunk[m.end():end], end + 1
            if attrs[:1] not in _AFTER_NAME:
                continue  # <table:table-column…>, <table:table-row-group>…
            if name == b"table:table":
                self._table(False, attrs.endswith(b"/"), attrs, 0)
            elif self.depth != 1:
                continue
            elif name == b"table:table-row":
                self.rows = _repeat(_ROWS, attrs) if b"rows-repeated" in attrs else 1
                self.row, self.next_row, self.col = self.next_row, self.next_row + self.rows, 1
            else:
                width = _repeat(_COLS, attrs) if b"columns-repeated" in attrs else 1
                if b"value-type" in attrs and _VALUED.search(attrs):
                    self.sheets[self.sheet].add_block(self.row, self.rows, self.col, width)
                self.col += width

    def _tag(self, m: re.Match[bytes], chunk: bytes, out: list[bytes], keep: int) -> int:
        closing, name, attrs = m.group(3) == b"/", m.group(4), m.group(5)
        empty = attrs.endswith(b"/")
        if self.dropping:
            if name in (b"table:table-cell", b"table:covered-table-cell") and not empty:
                self.dropping += -1 if closing else 1
            return m.end() if not self.dropping else len(chunk)
        if name == b"table:table":
            return self._table(closing, empty, attrs, keep)
        if self.depth != 1:
            return keep
        if name == b"table:table-row":
            if not closing:
                self.rows = _repeat(_ROWS, attrs)
                self.row, self.next_row, self.col = self.next_row, self.next_row + self.rows, 1
            return keep
        if closing:
            if self.tail:
                out.append(chunk[keep:m.end()] + _empty_cell(self.tail))
                self.tail = 0
                return m.end()
            return keep
        return self._cell(m, chunk, out, keep, attrs, empty)

    def _table(self, closing: bool, empty: bool, attrs: bytes, keep: int) -> int:
        if closing:
            self.depth -= 1
        elif not empty:
            self.depth += 1
            if self.depth == 1:
                m = _NAME.search(attrs)
                name = html.unescape(m.group(1).decode("utf-8", "replace")) if m else ""
                self.sheet = name or f"Sheet{len(self.sheets) + 1}"
                self.sheets[self.sheet] = Occupancy()
                self.row = self.next_row = 1
        return keep

    def _cell(self, m: re.Match[bytes], chunk: bytes, out: list[bytes], keep: int, attrs: bytes, empty: bool) -> int:
        width, col = _repeat(_COLS, attrs), self.col
        self.col += width
        if not _VALUED.search(attrs):
            return keep
        if self.extents is None:
            self.sheets[self.sheet].add_block(self.row, self.rows, col, width)
            return keep
        extent = self.extents.get(self.sheet)
        code = extent.far_code(self.row, col) if extent else None
        if extent is None or (code is None and col + width - 1 <= extent.col_cut):
            return keep
        far = self.far.setdefault(self.sheet, FarCells())
        if code is None:  # the cell's repeats run past the last column read: keep the first ones
            kept = extent.col_cut - col + 1
            far.add("o-ngoai-bang", self.row, extent.col_cut + 1, (width - kept) * self.rows)
            out.append(chunk[keep:m.start()] + _COLS.sub(b'table:number-columns-repeated="%d"' % kept, m.group(0)))
            if empty:
                out.append(_empty_cell(width - kept))
            else:
                self.tail = width - kept
            return m.end()
        far.add(code, self.row, col, width * self.rows)
        out.append(chunk[keep:m.start()] + _empty_cell(width))
        if empty:
            return m.end()
        self.dropping = 1
        return len(chunk)


def _walk(opener: Callable[[], IO[bytes]], walker: _Walker, out: IO[bytes] | None = None) -> None:
    with opener() as fh:
        for chunk in chunks(fh, b"<table:table-row"):
            kept = walker.feed(chunk)
            if out is not None:
                out.write(kept)


def without_far_cells(path: Path, folder: Path) -> tuple[Path, list[Finding]]:
    """Every table of the .ods sized; far cells emptied in a copy in ``folder``; refused when too
    large. Returns the path to read and the findings (see :func:`hoctap_xl.formats.file_guards.without_far_cells`)."""
    with zipfile.ZipFile(path) as z:
        sizing = _Walker()
        _walk(lambda: z.open(CONTENT), sizing)
        extents = {name: extent_of(name, occ) for name, occ in sizing.sheets.items()}
        far = far_extents(path.name, extents)
        if not far:
            return path, []
        cutting = _Walker(far)
        copy = copy_path(path, folder, ".ods")

        def cut(_: zipfile.ZipInfo, dst: IO[bytes]) -> list[Finding]:
            _walk(lambda: z.open(CONTENT), cutting, dst)
            return []  # named below, sheet by sheet

        copy_cutting(z, copy, {CONTENT}, cut)
    found: list[Finding] = []
    for name, cells in cutting.far.items():
        found += cells.findings(extents[name], path.name)
    return copy, found
