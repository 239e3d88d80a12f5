"""The same bounds for an .xlsb workbook (binary records in a zip package).

A worksheet part (``xl/worksheets/sheet1.bin``) is a run of records — a type and a length, each a
variable-length number — in which a ``BrtRowHdr`` (0) sets the row of the cell records after it
(``BrtCellRk`` 2 … ``BrtFmlaError`` 11, the column their first four bytes). python-calamine 0.9.1
sizes a sheet from those cells, like .xlsx: measured, one value at X1048576 after 6,000 rows
peaked at 1 GB and one at AMJ1048576 aborted; the ``BrtWsDim`` dimension record (0x94) only
reserves room when it is under 100,000 cells, and ``BrtCellBlank`` (1) costs nothing. So the cell
records are read here (only the sheets about to be read: the reader opens a sheet when asked for
it) and the rules of :mod:`hoctap_xl.formats.sheet_extent` apply; far cells are left out of a
temporary copy (their records dropped: nothing in a sheet part points at a record's offset).
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO

from hoctap_xl.findings import Finding
from hoctap_xl.formats.sheet_extent import (
    MAX_ROW,
    Extent,
    FarCells,
    Occupancy,
    copy_cutting,
    copy_path,
    extent_of,
    far_extents,
)

_ROW_HDR, _END_SHEET_DATA, _BUNDLE_SH, _END_BUNDLE_SHS = 0x00, 0x92, 0x9C, 0x90
_CELLS = frozenset(range(2, 12))
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_ATTR = re.compile(rb"""\b(Id|Target)\s*=\s*["']([^"']*)["']""")


def _records(data: bytes) -> Iterator[tuple[int, int, int, int]]:
    """(type, start of the record, start of its payload, its length) of every record."""
    pos, end = 0, len(data)
    while pos < end:
        start = pos
        first = data[pos]
        kind = first & 0x7F
        pos += 1
        if first & 0x80:
            kind |= (data[pos] & 0x7F) << 7
            pos += 1
        length = 0
        for i in range(4):
            byte = data[pos]
            pos += 1
            length |= (byte & 0x7F) << (7 * i)
            if not byte & 0x80:
                break
        if pos + length > end:
            return
        yield kind, start, pos, length
        pos += length


def _cells(data: bytes) -> Iterator[tuple[int, int, int, int]]:
    """(row, column, record start, record end) of every cell holding a value, 1-based, as the
    reader meets them (it stops at the end of the sheet data or at an impossible row)."""
    row = 0
    for kind, start, payload, length in _records(data):
        if kind == _ROW_HDR and length >= 4:
            (row,) = struct.unpack_from("<I", data, payload)
            if row > MAX_ROW:
                return
        elif kind in _CELLS and length >= 4:
            (col,) = struct.unpack_from("<I", data, payload)
            yield row + 1, col + 1, start, payload + length
        elif kind == _END_SHEET_DATA:
            return


def _wide(data: bytes, pos: int) -> tuple[str, int]:
    (count,) = struct.unpack_from("<I", data, pos)
    if count == 0xFFFFFFFF:
        return "", pos + 4
    end = pos + 4 + 2 * count
    return data[pos + 4:end].decode("utf-16-le", "replace"), end


def sheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part) of every sheet the workbook lists, as python-calamine finds them."""
    targets: dict[str, str] = {}
    try:
        rels = z.read("xl/_rels/workbook.bin.rels")
    except KeyError:
        rels = b""
    for tag in _RELATIONSHIP.findall(rels):
        attrs = dict(_ATTR.findall(tag))
        if b"Id" in attrs and b"Target" in attrs:
            targets[attrs[b"Id"].decode("utf-8", "replace")] = attrs[b"Target"].decode("utf-8", "replace")
    book = z.read("xl/workbook.bin")
    parts = []
    for kind, _, payload, length in _records(book):
        if kind == _END_BUNDLE_SHS:
            break
        if kind == _BUNDLE_SH and length >= 12:
            rel, after = _wide(book, payload + 8)
            name, _ = _wide(book, after)
            if rel in targets:
                parts.append((name, "xl/" + targets[rel]))
    return parts


def without_far_cells(path: Path, folder: Path, sheets: Collection[str] | None) -> tuple[Path, list[Finding]]:
    """The sheets of the .xlsb about to be read (all when None) sized; far cells cut in a copy in
    ``folder``; refused when too large. Returns the path to read and the findings."""
    with zipfile.ZipFile(path) as z:
        try:
            parts = [(n, p) for n, p in sheet_parts(z) if (sheets is None or n in sheets) and p in z.namelist()]
            extents = {}
            for name, part in parts:
                occ = Occupancy()
                for row, col, _, _ in _cells(z.read(part)):
                    occ.add(row, col)
                extents[part] = extent_of(name, occ)
        except (KeyError, IndexError, struct.error, zipfile.BadZipFile):
            return path, []  # python-calamine says what is wrong, naming the file
        far = far_extents(path.name, extents)
        if not far:
            return path, []
        copy = copy_path(path, folder, ".xlsb")
        found = copy_cutting(z, copy, far, lambda item, dst: _cut(z.read(item), far[item.filename], dst, path.name))
    return copy, found


def _cut(data: bytes, extent: Extent, out: IO[bytes], file: str) -> list[Finding]:
    """Write a sheet part to ``out`` without the records of its far cells; the findings naming them."""
    cells, pieces, keep = FarCells(), [], 0
    for row, col, start, end in _cells(data):
        code = extent.far_code(row, col)
        if code:
            cells.add(code, row, col)
            pieces.append(data[keep:start])
            keep = end
    pieces.append(data[keep:])
    out.write(b"".join(pieces))
    return cells.findings(extent, file)
