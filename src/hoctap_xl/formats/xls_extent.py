"""The same bounds for a legacy .xls (BIFF8 records in an OLE compound file).

python-calamine 0.9.1 reads every sheet of an .xls when it opens the file, and sizes each from its
cell records (a ``BLANK`` cell costs nothing). One FORMULA or LABELSST cell moved to row 65,536, column IV of the
persons' sheet made it peak at 1.6-1.7 GB. So the compound file is opened here (a small reader of
its own: sector tables, directory, the ``Workbook`` stream), every worksheet's value records
(NUMBER, RK, MULRK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA) are located, and the sheets are
sized by the rules of :mod:`hoctap_xl.formats.sheet_extent` (256 columns: only far rows and the
cell cap can apply). Far cells are cut from a temporary copy by renumbering their records to a
type no reader knows (0x1FFF, same length: the compound file around them is unchanged). The
DIMENSIONS record does not size the grid, but python-calamine reserves room for what it claims
before reading a cell (virtual memory, not resident: 65,536 × 256 costs nothing measurable, a
claim of 1,048,576 × 16,384 makes the reservation fail and the process abort), so a claim over
:data:`~hoctap_xl.formats.sheet_extent.MAX_CELLS` is renumbered the same way. A file this reader
cannot follow is left to python-calamine and to the memory watch of the worker reading it.
"""

from __future__ import annotations

import mmap
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from hoctap_xl.findings import Finding
from hoctap_xl.formats.real_format import CFB_MAGIC
from hoctap_xl.formats.sheet_extent import MAX_CELLS, Extent, FarCells, Occupancy, copy_path, extent_of, far_extents

_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_VALUES = {0x0006, 0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x00D6}  # FORMULA … RSTRING
_MULRK, _FORMULA, _STRING, _DIMENSIONS = 0x00BD, 0x0006, 0x0207, 0x0200
_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085
_UNKNOWN = 0x1FFF


class CompoundError(ValueError):
    """A compound file this reader cannot follow."""


class Compound:
    """An OLE compound file (read only): its streams by name, and where each byte of one lies."""

    def __init__(self, buf: bytes | mmap.mmap) -> None:
        """Read the header, the sector allocation tables and the directory of ``buf``."""
        self.buf = buf
        if len(buf) < 512 or buf[:8] != CFB_MAGIC:
            raise CompoundError("not a compound file")
        shift, mini_shift = struct.unpack_from("<HH", buf, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise CompoundError("sector size")
        self.size: int = 1 << int(shift)
        self.mini_size = 64
        self.sectors = (len(buf) - self.size) // self.size
        n_fat, first_dir = struct.unpack_from("<II", buf, 0x2C)
        self.cutoff, first_mini_fat, _, first_difat, n_difat = struct.unpack_from("<IIIII", buf, 0x38)
        difat = list(struct.unpack_from("<109I", buf, 0x4C))
        sector = first_difat
        for _ in range(n_difat):
            if sector >= self.sectors:
                break
            words = struct.unpack_from(f"<{self.size // 4}I", buf, self._at(sector))
            difat += words[:-1]
            sector = words[-1]
        fat_sectors = [s for s in difat if s < self.sectors][:n_fat]
        self.fat: list[int] = []
        for s in fat_sectors:
            self.fat += struct.unpack_from(f"<{self.size // 4}I", buf, self._at(s))
        self.entries = self._directory(first_dir)
        root = self.entries.get("Root Entry")
        self.mini_chain = self._chain(root[0]) if root else []
        self.mini_fat: list[int] = []
        for s in self._chain(first_mini_fat):
            self.mini_fat += struct.unpack_from(f"<{self.size // 4}I", buf, self._at(s))

    def _at(self, sector: int) -> int:
        return (sector + 1) * self.size

    def _chain(self, start: int, fat: list[int] | None = None) -> list[int]:
        table, limit = (self.fat, self.sectors) if fat is None else (fat, len(fat))
        chain: list[int] = []
        while start not in (_END, _FREE):
            if start >= limit or start >= len(table) or len(chain) > limit:
                raise CompoundError("sector chain")
            chain.append(start)
            start = table[start]
        return chain

    def _directory(self, first: int) -> dict[str, tuple[int, int]]:
        entries: dict[str, tuple[int, int]] = {}
        for sector in self._chain(first):
            base = self._at(sector)
            for i in range(self.size // 128):
                raw = bytes(self.buf[base + i * 128:base + (i + 1) * 128])
                length, kind = struct.unpack_from("<HB", raw, 64)
                if kind in (2, 5) and 2 <= length <= 64:
                    name = raw[:length - 2].decode("utf-16-le", "replace")
                    start, size = struct.unpack_from("<IQ", raw, 116)
                    entries.setdefault(name, (start, size & 0xFFFFFFFF if self.size == 512 else size))
        return entries

    def stream(self, name: str) -> tuple[bytes, list[int]]:
        """The bytes of stream ``name``, and ``[block size, file offset of each block…]`` for finding
        where a byte of it lies in the file (blocks are sectors, or mini sectors for a small stream)."""
        if name not in self.entries:
            raise CompoundError(f"no stream {name}")
        start, size = self.entries[name]
        if size < self.cutoff:
            block, starts = self.mini_size, []
            for mini in self._chain(start, self.mini_fat):
                offset = mini * self.mini_size
                if offset // self.size >= len(self.mini_chain):
                    raise CompoundError("mini stream")
                starts.append(self._at(self.mini_chain[offset // self.size]) + offset % self.size)
        else:
            block, starts = self.size, [self._at(s) for s in self._chain(start)]
        if len(starts) * block < size:
            raise CompoundError("short stream")
        data = b"".join(bytes(self.buf[s:s + block]) for s in starts)[:size]
        return data, [block, *starts]


def _records(data: bytes, start: int) -> Iterator[tuple[int, int, int]]:
    """(position, type, length) of the records of the substream beginning at ``start`` (a BOF), to
    its own EOF (substreams of embedded charts inside it skipped over)."""
    pos, depth = start, 0
    while pos + 4 <= len(data):
        rid, length = struct.unpack_from("<HH", data, pos)
        yield pos, rid, length
        depth += (rid == _BOF) - (rid == _EOF)
        if depth <= 0:
            return
        pos += 4 + length


def _sheets(data: bytes) -> list[tuple[str, int]]:
    """(name, substream offset) of every worksheet, from the BOUNDSHEET records of the globals."""
    sheets = []
    for pos, rid, length in _records(data, 0):
        if rid == _BOUNDSHEET and length >= 8:
            offset, _, kind, chars, flags = struct.unpack_from("<IBBBB", data, pos + 4)
            raw = data[pos + 12:pos + 12 + chars * (2 if flags & 1 else 1)]
            name = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
            if kind in (0, 1) and offset < len(data):  # worksheets and macro sheets hold cells
                sheets.append((name, offset))
    return sheets


def _huge_dimensions(data: bytes, start: int) -> list[int]:
    """The DIMENSIONS records of a worksheet claiming more than :data:`MAX_CELLS` cells:
    python-calamine reserves room for the claim before reading a cell (a claim of 1,048,576 ×
    16,384 aborts it)."""
    huge = []
    for pos, rid, length in _records(data, start):
        if rid == _DIMENSIONS and length in (10, 14):
            if length == 14:
                first, last, first_col, last_col = struct.unpack_from("<IIHH", data, pos + 4)
            else:
                first, last, first_col, last_col = struct.unpack_from("<HHHH", data, pos + 4)
            if max(last - first, 0) * max(last_col - first_col, 0) > MAX_CELLS:
                huge.append(pos)
    return huge


def _cells(data: bytes, start: int) -> Iterator[tuple[int, int, int, int]]:
    """(record position, row, first column, columns) of every value record of a worksheet (0-based)."""
    for pos, rid, length in _records(data, start):
        if rid in _VALUES and length >= 4:
            row, col = struct.unpack_from("<HH", data, pos + 4)
            yield pos, row, col, 1
        elif rid == _MULRK and length >= 6:
            row, first = struct.unpack_from("<HH", data, pos + 4)
            (last,) = struct.unpack_from("<H", data, pos + 4 + length - 2)
            yield pos, row, first, max(last - first + 1, 1)


def xls_without_far_cells(path: Path, folder: Path) -> tuple[Path, list[Finding]]:
    """Every worksheet of the .xls sized; far cells cut in a copy in ``folder``; refused when too
    large. Returns the path to read and the findings (the file itself when nothing is far)."""
    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            cfb = Compound(buf)
            data, blocks = cfb.stream("Workbook" if "Workbook" in cfb.entries else "Book")
    except (CompoundError, struct.error, OSError, ValueError):
        return path, []  # python-calamine says what is wrong, naming the file
    try:
        sheets = _sheets(data)
        extents: dict[str, Extent] = {}
        for sheet, start in sheets:
            occ = Occupancy()
            for _, row, col, cols in _cells(data, start):
                occ.add_block(row + 1, 1, col + 1, cols)
            extents[sheet] = extent_of(sheet, occ)
    except struct.error:
        return path, []
    far = far_extents(path.name, extents)
    huge = {sheet: _huge_dimensions(data, start) for sheet, start in sheets}
    if not far and not any(huge.values()):
        return path, []
    copy = copy_path(path, folder, ".xls")
    shutil.copyfile(path, copy)
    found: list[Finding] = []
    with copy.open("r+b") as out:
        for sheet, start in sheets:
            doomed = list(huge[sheet])  # a claim the reader would reserve: gone, nothing read is lost
            if sheet in far:
                cells, records = _far_records(data, start, far[sheet])
                found += cells.findings(far[sheet], path.name)
                doomed += records
            _renumber(out, doomed, blocks)
    return copy, found


def _far_records(data: bytes, start: int, extent: Extent) -> tuple[FarCells, list[int]]:
    """The far value records of one worksheet (and the STRING result after a far FORMULA: the
    reader would put it in the last FORMULA's cell) and what they hold."""
    cells = FarCells()
    doomed: list[int] = []
    records = list(_records(data, start))
    index = {pos: i for i, (pos, _, _) in enumerate(records)}
    for pos, row, col, cols in _cells(data, start):
        code = extent.far_code(row + 1, col + 1)
        if code is None:
            continue
        cells.add(code, row + 1, col + 1, cols)
        doomed.append(pos)
        i = index[pos]
        if records[i][1] == _FORMULA:
            doomed += [p for p, rid, _ in records[i + 1:i + 3] if rid == _STRING][:1]
    return cells, doomed


def _renumber(out: IO[bytes], doomed: list[int], blocks: list[int]) -> None:
    """Give the records at these stream positions a type no reader knows, in the file ``out``."""
    block, starts = blocks[0], blocks[1:]
    for pos in doomed:
        for k, byte in enumerate(struct.pack("<H", _UNKNOWN)):
            at = pos + k
            out.seek(starts[at // block] + at % block)
            out.write(bytes([byte]))
