"""Small writers for the spreadsheet formats the outside corpus needs (tests/corpus/outside.py),
written from the format descriptions, so that every byte of a reproduction is ours and each
corruption can be placed exactly:

- :func:`cfb`: a Compound File Binary container (MS-CFB, version 3, 512-byte sectors, no mini
  stream), its directory sector last;
- :func:`biff8`: a BIFF8 ``Workbook`` stream (MS-XLS) of plain numbers and texts;
- :func:`xlsb`: an Excel binary workbook (MS-XLSB) of plain numbers and texts;
- :func:`xlsx`: a plain .xlsx of inline strings and numbers, with an optional far cell;
- :func:`ods`: an OpenDocument spreadsheet of texts and numbers.

A sheet is given as ``(name, rows)``; ``rows`` maps a 0-based ``(row, column)`` to a ``str`` or a
number (or is a list of rows, each a list of values, ``None`` for an empty cell).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

Value = str | int | float
Cells = Mapping[tuple[int, int], Value]
Sheet = tuple[str, "Cells | Sequence[Sequence[Value | None]]"]

# --- MS-CFB ---------------------------------------------------------------------------------------

SECTOR = 512
ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
CFB_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
MINI_CUTOFF = 4096


def _dir_entry(name: str, kind: int, start: int, size: int, *, child: int = NOSTREAM,
               right: int = NOSTREAM) -> bytes:
    """One 128-byte directory entry (MS-CFB 2.6): name, type (5 root, 2 stream), black, siblings."""
    encoded = name.encode("utf-16-le") + b"\0\0"
    assert len(encoded) <= 64
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NOSTREAM, right, child) + bytes(16) + struct.pack("<I", 0) + bytes(16)
            + struct.pack("<III", start, size, 0))


def _empty_entry() -> bytes:
    return bytes(64) + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) + bytes(48)


def cfb(streams: Sequence[tuple[str, bytes]]) -> bytes:
    """A CFB file holding ``streams`` (at most 3). Each stream is padded to 4,096 bytes when
    shorter — as Excel pads its ``Workbook`` stream — so that none lives in a mini stream. Layout:
    header, sector 0 the FAT, then the streams, then the one directory sector (the file's last)."""
    assert 1 <= len(streams) <= 3
    body, fat, entries = bytearray(), [FATSECT], []
    for name, data in streams:
        data = data.ljust(MINI_CUTOFF, b"\0")
        count = -(-len(data) // SECTOR)
        start = len(fat)
        fat.extend(range(start + 1, start + count))
        fat.append(ENDOFCHAIN)
        body += data.ljust(count * SECTOR, b"\0")
        entries.append((name, start, len(data)))
    directory_sector = len(fat)
    fat.append(ENDOFCHAIN)
    assert len(fat) <= SECTOR // 4, "one FAT sector only"
    fat.extend([FREESECT] * (SECTOR // 4 - len(fat)))
    # the streams as a chain of right siblings under the root, in the order MS-CFB compares names
    order = sorted(range(len(entries)), key=lambda i: (len(entries[i][0]), entries[i][0].upper()))
    right = {order[k]: order[k + 1] + 1 for k in range(len(order) - 1)}
    directory = _dir_entry("Root Entry", 5, ENDOFCHAIN, 0, child=order[0] + 1)
    for i, (name, start, size) in enumerate(entries):
        directory += _dir_entry(name, 2, start, size, right=right.get(i, NOSTREAM))
    directory = directory.ljust(SECTOR, b"\0")
    for k in range(len(entries) + 1, SECTOR // 128):
        directory = directory[:128 * k] + _empty_entry() + directory[128 * (k + 1):]
    header = (CFB_SIGNATURE + bytes(16) + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, directory_sector, 0, MINI_CUTOFF, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108)
    assert len(header) == SECTOR
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + bytes(body) + directory


def directory_offset(data: bytes) -> int:
    """Where the first directory sector of a CFB file starts (header field at offset 48)."""
    (first,) = struct.unpack_from("<I", data, 48)
    return SECTOR + first * SECTOR


# --- BIFF8 (MS-XLS) -------------------------------------------------------------------------------

def _rec(typ: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def _utf16(text: str) -> tuple[int, bytes]:
    data = text.encode("utf-16-le")
    return len(data) // 2, data


def _cells(rows: Cells | Sequence[Sequence[Value | None]]) -> dict[tuple[int, int], Value]:
    if isinstance(rows, Mapping):
        return dict(rows)
    return {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}


def _biff_sheet(cells: dict[tuple[int, int], Value], dimensions: tuple[int, int] | None) -> bytes:
    last_row, last_col = dimensions or (max(r for r, _ in cells) + 1, max(c for _, c in cells) + 1)
    out = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))       # BOF, worksheet
    out += _rec(0x0200, struct.pack("<IIHHH", 0, last_row, 0, last_col, 0))                # DIMENSIONS
    for (r, c), v in sorted(cells.items()):
        if isinstance(v, str):
            n, data = _utf16(v)
            out += _rec(0x0204, struct.pack("<HHHHB", r, c, 0, n, 1) + data)               # LABEL
        else:
            out += _rec(0x0203, struct.pack("<HHHd", r, c, 0, float(v)))                  # NUMBER
    return out + _rec(0x000A)                                                              # EOF


def biff8(sheets: Sequence[Sheet], *, dimensions: tuple[int, int] | None = None) -> bytes:
    """A BIFF8 ``Workbook`` stream: the globals (BOF, CODEPAGE 1200, one BOUNDSHEET8 per sheet,
    EOF) then each sheet (BOF, DIMENSIONS, LABEL/NUMBER cells, EOF). ``dimensions`` — (rows,
    columns) written in every sheet's DIMENSIONS record instead of the true extent."""
    bodies = [_biff_sheet(_cells(rows), dimensions) for _, rows in sheets]
    names = []
    for name, _ in sheets:
        n, data = _utf16(name)
        names.append(struct.pack("<BB", n, 1) + data)
    head = (_rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))   # BOF, globals
            + _rec(0x0042, struct.pack("<H", 1200)))                                      # CODEPAGE: UTF-16
    globals_len = len(head) + sum(4 + 6 + len(n) for n in names) + 4
    out, pos = head, globals_len
    for n, body in zip(names, bodies, strict=True):
        out += _rec(0x0085, struct.pack("<IBB", pos, 0, 0) + n)                               # BOUNDSHEET8
        pos += len(body)
    out += _rec(0x000A)
    assert len(out) == globals_len
    return out + b"".join(bodies)


def xls(sheets: Sequence[Sheet], *, dimensions: tuple[int, int] | None = None) -> bytes:
    """A whole .xls file: :func:`biff8` in a :func:`cfb` container as its ``Workbook`` stream."""
    return cfb([("Workbook", biff8(sheets, dimensions=dimensions))])


# --- MS-XLSB --------------------------------------------------------------------------------------

def _brt(typ: int, data: bytes = b"") -> bytes:
    """One binary record: type and size as 7-bit variable-length integers (MS-XLSB 2.1.4)."""
    head = bytearray([typ & 0x7F | 0x80, typ >> 7]) if typ >= 0x80 else bytearray([typ])
    size = len(data)
    while True:
        byte = size & 0x7F
        size >>= 7
        head.append(byte | (0x80 if size else 0))
        if not size:
            break
    return bytes(head) + data


def _wide(text: str) -> bytes:
    n, data = _utf16(text)
    return struct.pack("<I", n) + data


XLSB_MAIN = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
XLSB_SHEET = "application/vnd.ms-excel.worksheet"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _xlsb_sheet(cells: dict[tuple[int, int], Value]) -> bytes:
    last_row = max((r for r, _ in cells), default=0)
    last_col = max((c for _, c in cells), default=0)
    out = _brt(0x0081) + _brt(0x0094, struct.pack("<IIII", 0, last_row, 0, last_col)) + _brt(0x0091)
    row = -1
    for (r, c), v in sorted(cells.items()):
        if r != row:
            out += _brt(0x0000, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0))           # BrtRowHdr
            row = r
        if isinstance(v, str):
            out += _brt(0x0006, struct.pack("<II", c, 0) + _wide(v))                       # BrtCellSt
        else:
            out += _brt(0x0005, struct.pack("<IId", c, 0, float(v)))                       # BrtCellReal
    return out + _brt(0x0092) + _brt(0x0082)


def xlsb_workbook(sheets: Sequence[tuple[str, str, int]]) -> bytes:
    """``xl/workbook.bin``: one BrtBundleSh per ``(name, relationship id, hsState)``."""
    out = _brt(0x0083) + _brt(0x0099, struct.pack("<II", 0, 0) + _wide("")) + _brt(0x008F)
    for i, (name, rid, state) in enumerate(sheets, start=1):
        out += _brt(0x009C, struct.pack("<II", state, i) + _wide(rid) + _wide(name))
    return out + _brt(0x0090) + _brt(0x0084)


def xlsb(sheets: Sequence[Sheet], *, hidden: Iterable[str] = (), rel_ids: Mapping[str, str] | None = None) -> bytes:
    """A whole .xlsb file. ``rel_ids`` — the relationship id each BrtBundleSh names, by sheet name,
    when it must differ from the one in ``xl/_rels/workbook.bin.rels`` (``rId1``, ``rId2``…)."""
    hidden = set(hidden)
    book = [(name, (rel_ids or {}).get(name, f"rId{i}"), 1 if name in hidden else 0)
            for i, (name, _) in enumerate(sheets, start=1)]
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.bin"/>'
                   for i in range(1, len(sheets) + 1))
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.bin" ContentType="{XLSB_SHEET}"/>'
                        for i in range(1, len(sheets) + 1))
    parts = {
        "[Content_Types].xml": _types(f'<Default Extension="bin" ContentType="{XLSB_MAIN}"/>' + overrides),
        "_rels/.rels": _rels(f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.bin"/>'),
        "xl/workbook.bin": xlsb_workbook(book),
        "xl/_rels/workbook.bin.rels": _rels(rels),
    }
    for i, (_, rows) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.bin"] = _xlsb_sheet(_cells(rows))
    return zip_parts(parts)


# --- OOXML and ODF --------------------------------------------------------------------------------

def _types(inner: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' + inner + "</Types>")


def _rels(inner: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}">{inner}'
            "</Relationships>")


def zip_parts(parts: Mapping[str, str | bytes], *, stored: Iterable[str] = ()) -> bytes:
    """A zip of ``parts`` in order, deflated except the names in ``stored``; fixed timestamps."""
    stored = set(stored)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def column_name(index: int) -> str:
    """1 → A, 1024 → AMJ, 16384 → XFD."""
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def sheet_xml(cells: Mapping[tuple[int, int], Value]) -> str:
    """A worksheet part of inline strings and numbers, with its true dimension."""
    by_row: dict[int, list[str]] = {}
    for (r, c), v in sorted(cells.items()):
        ref = f"{column_name(c + 1)}{r + 1}"
        by_row.setdefault(r, []).append(
            f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>' if isinstance(v, str)
            else f'<c r="{ref}"><v>{v!r}</v></c>')
    last = f"{column_name(max(c for _, c in cells) + 1)}{max(r for r, _ in cells) + 1}" if cells else "A1"
    rows = "".join(f'<row r="{r + 1}">{"".join(cs)}</row>' for r, cs in by_row.items())
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.'
            f'org/spreadsheetml/2006/main"><dimension ref="A1:{last}"/><sheetData>{rows}</sheetData></worksheet>')


def xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A plain .xlsx (no styles, no shared strings): what calamine and openpyxl both read."""
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    sheet_list = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, (name, _) in enumerate(sheets, start=1))
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": _types(
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>' + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
                for i in range(1, len(sheets) + 1))),
        "_rels/.rels": _rels(f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'),
        "xl/workbook.xml": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.'
                            f'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets>{sheet_list}</sheets>'
                            "</workbook>"),
        "xl/_rels/workbook.xml.rels": _rels("".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1))),
    }
    for i, (_, rows) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet_xml(_cells(rows))
    return zip_parts(parts)


_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def _ods_cell(v: Value | None) -> str:
    if v is None:
        return "<table:table-cell/>"
    if isinstance(v, str):
        return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="float" office:value="{v!r}"><text:p>{v}</text:p></table:table-cell>'


def ods(name: str, rows: Sequence[Sequence[Value | None]], *, far: tuple[int, int, str] | None = None) -> bytes:
    """A one-sheet .ods. ``far`` — (row, column, text), 0-based, one value placed far below and
    right of ``rows`` with repeated empty rows and cells (how LibreOffice writes a gap)."""
    body = "".join("<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
    if far is not None:
        r, c, text = far
        body += (f'<table:table-row table:number-rows-repeated="{r - len(rows)}"><table:table-cell/></table:table-row>'
                 f'<table:table-row><table:table-cell table:number-columns-repeated="{c}"/>{_ods_cell(text)}'
                 "</table:table-row>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODS_NS} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{escape(name)}">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    return zip_parts({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": content,
                      "META-INF/manifest.xml": manifest}, stored={"mimetype"})
