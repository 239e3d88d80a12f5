"""A minimal Excel binary workbook (.xlsb) writer for the tests: no tool here writes .xlsb
(LibreOffice only reads it), so the tests make their own from the records of MS-XLSB — a
workbook part listing the sheets, one part per sheet with its rows of numbers, booleans and
inline strings. No styles, no shared strings, no formulas: what a reader needs to read values."""

from __future__ import annotations

import datetime
import struct
import zipfile
from pathlib import Path
from typing import Any

BEGIN_BOOK, END_BOOK, WB_PROP, BEGIN_SHEETS, SHEET, END_SHEETS, CALC_PROP = 0x83, 0x84, 0x99, 0x8F, 0x9C, 0x90, 0x9D
BEGIN_SHEET, END_SHEET, DIMENSION, BEGIN_DATA, END_DATA = 0x81, 0x82, 0x94, 0x91, 0x92
ROW, CELL_BOOL, CELL_REAL, CELL_STRING = 0x00, 0x04, 0x05, 0x06
STATES = {"visible": 0, "hidden": 1, "veryHidden": 2}
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')
SHEET_TYPE = "application/vnd.ms-excel.worksheet"
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
BOOK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def record(kind: int, payload: bytes = b"") -> bytes:
    """One record: its type (1-2 bytes) and size (1-4 bytes), 7 bits a byte, then the payload."""
    return _varint(kind) + _varint(len(payload)) + payload


def wide(text: str) -> bytes:
    """An XLWideString: the count of UTF-16 code units, then the text in UTF-16LE."""
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def _cell(col: int, value: Any) -> bytes:
    head = struct.pack("<II", col, 0)  # column, style 0
    if isinstance(value, bool):
        return record(CELL_BOOL, head + bytes([value]))
    if isinstance(value, datetime.datetime | datetime.date):
        value = (datetime.datetime.combine(value, datetime.time()) if isinstance(value, datetime.date)
                 and not isinstance(value, datetime.datetime) else value)
        value = (value - datetime.datetime(1899, 12, 30)).total_seconds() / 86400
    if isinstance(value, int | float):
        return record(CELL_REAL, head + struct.pack("<d", float(value)))
    return record(CELL_STRING, head + wide(str(value)))


def sheet_part(rows: list[list[Any]]) -> bytes:
    """A worksheet part holding ``rows`` from A1 (``None`` and ``""`` are left empty)."""
    width = max((len(r) for r in rows), default=1)
    out = [record(BEGIN_SHEET), record(DIMENSION, struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, max(width - 1, 0))),
           record(BEGIN_DATA)]
    for i, row in enumerate(rows):
        cells = [_cell(j, v) for j, v in enumerate(row) if v not in (None, "")]
        if cells:
            out.append(record(ROW, struct.pack("<IIHBBI", i, 0, 300, 0, 0, 0)))
            out.extend(cells)
    out += [record(END_DATA), record(END_SHEET)]
    return b"".join(out)


def write_xlsb(path: Path, sheets: list[tuple[str, list[list[Any]], str]]) -> Path:
    """An .xlsb at ``path`` with ``sheets`` as (name, rows, state: visible/hidden/veryHidden)."""
    book = [record(BEGIN_BOOK), record(WB_PROP, b"\0" * 8 + wide("")), record(BEGIN_SHEETS)]
    rels, overrides = [], []
    for i, (name, _, state) in enumerate(sheets, start=1):
        book.append(record(SHEET, struct.pack("<II", STATES[state], i) + wide(f"rId{i}") + wide(name)))
        rels.append(f'<Relationship Id="rId{i}" Type="{WORKSHEET_REL}" Target="worksheets/sheet{i}.bin"/>')
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{i}.bin" ContentType="{SHEET_TYPE}"/>')
    book += [record(END_SHEETS), record(CALC_PROP, b"\0" * 16), record(END_BOOK)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(overrides="".join(overrides)))
        z.writestr("_rels/.rels", RELS.format(rels=f'<Relationship Id="rId1" Type="{BOOK_REL}" '
                                                   'Target="xl/workbook.bin"/>'))
        z.writestr("xl/_rels/workbook.bin.rels", RELS.format(rels="".join(rels)))
        z.writestr("xl/workbook.bin", b"".join(book))
        for i, (_, rows, _) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.bin", sheet_part(rows))
    return path


def xlsb_copy(source: Path, path: Path) -> Path:
    """The values of every sheet of ``source`` (any format python-calamine reads) as an .xlsb,
    the sheets' visibility kept — what Excel's Save As .xlsb keeps of a commune workbook's data."""
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(source))
    try:
        sheets = []
        for meta in wb.sheets_metadata:
            state = str(meta.visible).rsplit(".", 1)[-1]
            state = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}[state]
            sheets.append((meta.name, wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False), state))
    finally:
        wb.close()
    return write_xlsb(path, sheets)
