"""The outside corpus (issue 14, item 6): small reproductions, made by our own code, of each way
the spreadsheets nobody here wrote (test files of POI, calamine, xlrd, SheetJS…) broke the product
— a reader's panic, a far cell that makes the reader allocate gigabytes, a file whose name lies
about its format, a corrupt zip, a password, an Excel 4 macro sheet, Unicode lists taken for
TCVN3/VNI — each with the outcome ``check`` (and ``import``, for lists) must give.

    .venv/bin/python tests/corpus/outside.py OUT_DIR     # write the files and outside.json
    .venv/bin/python tests/corpus/measure_outside.py     # run today's code on them (a table)

DO NOT read these files in the test process itself without a memory cap: several make
python-calamine allocate tens of gigabytes or abort the process (that is what they reproduce).
docs/calamine-bugs.md describes the library's panics and aborts for an upstream report.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root on the path, as for `-m`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hoctap_xl import layout as L
from hoctap_xl.formats.ooxml_parts import sheet_part
from tests.corpus import binary as B
from tests.corpus.build import FIXTURES, _password, base_workbook

UNREADABLE = "tep-khong-doc-duoc"
FAR = "o-ngoai-bang"         # a far cell right of the tables, named (sheet and cell)
FAR_BELOW = "o-xa-bang"      # a far cell below 10,000 empty rows, named (sheet and cell)
WRONG_NAME = "sai-duoi-tep"  # the real format differs from the name (branch i14-sniff)
NO_MACROS = "mat-macro"


@dataclass
class Case:
    name: str                                  # file name without suffix
    suffix: str
    reproduces: str                            # the outside failure, and how the file is made
    make: Callable[[Path, Path], None]         # (base workbook, target)
    exit: int                                  # `check FILE`: 0 no lỗi, 1 lỗi, 2 unreadable
    must: set[str] = field(default_factory=set)        # codes among check's findings
    never: set[str] = field(default_factory=set)       # codes that must not be among them
    import_exit: int | None = None             # `import FILE --into <base> --bang cong-dan`; None: not run
    import_must: set[str] = field(default_factory=set)
    import_rows: int | None = None             # rows the preview plans to add ("them")
    unchanged: tuple[str, ...] = ()            # texts that must reach the workbook exactly as typed
    today: str = ""                            # what the outside file did to today's code (the issue)


# --- lists ----------------------------------------------------------------------------------------

HEAD = ["Họ và tên", "Năm sinh", "Giới tính", "Thôn/TDP"]
THON = ["Thôn Pò Mục", "Thôn Bản Chu", "Thôn Phiêng Luông"]  # the base workbook's thôn
SMALL = [HEAD, ["Nông Văn Dũng", 1980, "Nam", THON[0]], ["Lý Thị Mai", 1992, "Nữ", THON[1]],
         ["Hoàng Văn Sơn", 1975, "Nam", THON[2]]]


def _people(count: int) -> list[list[B.Value | None]]:
    rows: list[list[B.Value | None]] = [list(HEAD)]
    for i in range(1, count + 1):
        rows.append([f"Người thứ {i}", 1950 + i % 50, "Nam" if i % 2 else "Nữ", THON[i % 3]])
    return rows


def _as_cells(rows: list[list[B.Value | None]], far: tuple[int, int] | None = None) -> dict[tuple[int, int], B.Value]:
    cells = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}
    if far is not None:
        cells[far] = "ghi nháp"
    return cells


def _write(data: bytes) -> Callable[[Path, Path], None]:
    def make(base: Path, target: Path) -> None:
        target.write_bytes(data)
    return make


def _xlsx_list(rows: list[list[B.Value | None]], far: tuple[int, int] | None = None) -> Callable[[Path, Path], None]:
    def make(base: Path, target: Path) -> None:
        target.write_bytes(B.xlsx([("Danh sách", _as_cells(rows, far))]))
    return make


def _csv_list(rows: list[list[B.Value | None]]) -> Callable[[Path, Path], None]:
    def make(base: Path, target: Path) -> None:
        text = "\r\n".join(",".join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
        target.write_bytes(text.encode("utf-8"))
    return make


# --- the two panics of python-calamine 0.9.1 (calamine 0.37.0) ------------------------------------

def xls_cut_in_directory(keep: int = 32) -> bytes:
    """A small valid .xls (:func:`binary.xls`, its directory sector last) cut ``keep`` bytes into
    the directory sector. calamine's ``Sectors::get`` hands back the short last sector instead of
    an error; ``Directory::from_slice`` then slices ``buf[..64]`` (cfb.rs:345, the entry's name)
    of a 32-byte chunk and panics; with 64 ≤ keep < 120 it is ``buf[116..120]`` (cfb.rs:349)."""
    data = B.xls([("Danh sách", SMALL)])
    return data[:B.directory_offset(data) + keep]


def xls_short_stream_without_mini_stream(size: int = 100) -> bytes:
    """A small valid .xls whose ``Workbook`` directory entry says ``size`` bytes (under the
    4,096-byte mini-stream cutoff) while the file has no mini stream: one 4-byte field (entry 1,
    offset 120). calamine looks the stream up in the empty mini stream; ``Sectors::get`` at end of
    data slices ``data[64..0]`` (cfb.rs:305) and panics "slice index starts at 64 but ends at 0"."""
    data = bytearray(B.xls([("Danh sách", SMALL)]))
    struct.pack_into("<I", data, B.directory_offset(data) + 128 + 120, size)
    return bytes(data)


def xlsb_missing_relationship() -> bytes:
    """A small .xlsb whose BrtBundleSh names relationship ``rId9`` while
    ``xl/_rels/workbook.bin.rels`` has only ``rId1``: calamine indexes its relationship map with
    the id (``relationships[relid]``, xlsb/mod.rs:312) and panics "no entry found for key"."""
    return B.xlsb([("Danh sách", SMALL)], rel_ids={"Danh sách": "rId9"})


# --- edits of the base commune workbook -----------------------------------------------------------

def _rezip(src: Path, target: Path, edit: Callable[[str, bytes], bytes | None],
           add: dict[str, bytes] | None = None) -> None:
    """A copy of the package ``src`` with each part passed through ``edit`` (None drops it)."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            data = edit(item.filename, a.read(item))
            if data is not None:
                b.writestr(item, data)
        for name, data in (add or {}).items():
            b.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def _tall_stray(base: Path, target: Path) -> None:
    """One text in AMJ1048576 of "Công dân học tập" (column 1,024, the last row), the sheet's
    dimension widened to it, as a sheet looks after a value typed far down a scratch column."""
    with zipfile.ZipFile(base) as z:
        part = sheet_part(z, L.CONG_DAN)

    def edit(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        text = data.decode("utf-8")
        text = text.replace("</sheetData>", '<row r="1048576"><c r="AMJ1048576" t="inlineStr"><is><t>nháp</t></is>'
                            "</c></row></sheetData>", 1)
        return re.sub(r'<dimension ref="A1:[A-Z]+\d+"', '<dimension ref="A1:AMJ1048576"', text, count=1).encode()
    _rezip(base, target, edit)


def _cut_half(base: Path, target: Path) -> None:
    data = base.read_bytes()
    target.write_bytes(data[:len(data) // 2])


def _bad_crc(base: Path, target: Path) -> None:
    """One byte flipped in the middle of the deflated "Công dân học tập" part, at the first
    place where the data still inflates (so the zip's CRC-32, not the inflater, finds it)."""
    data = bytearray(base.read_bytes())
    with zipfile.ZipFile(base) as z:
        info = z.getinfo(sheet_part(z, L.CONG_DAN))
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    end = start + info.compress_size
    for offset in range(start + info.compress_size // 2, end):
        trial = bytes(data[start:offset]) + bytes([data[offset] ^ 0x01]) + bytes(data[offset + 1:end])
        try:
            inflated = zlib.decompress(trial, -15)
        except zlib.error:
            continue
        if zlib.crc32(inflated) != info.CRC:
            data[offset] ^= 0x01
            target.write_bytes(bytes(data))
            return
    raise AssertionError("no byte to flip")


MACRO_SHEET = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xm:macrosheet xmlns="http://schemas.'
               'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
               '2006/relationships" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
               '<dimension ref="A1:A2"/><sheetData><row r="1"><c r="A1" t="str"><f>GET.WORKSPACE(1)</f>'
               '<v>Windows (64-bit) NT 10.00</v></c></row><row r="2"><c r="A2" t="b"><f>RETURN(TRUE)</f><v>1</v></c>'
               "</row></sheetData></xm:macrosheet>")


def _macro_sheet(base: Path, target: Path) -> None:
    """An Excel 4 macro sheet "Macro1" (xl/macrosheets/sheet1.xml, relationship xlMacrosheet),
    last in the sheet list: a valid workbook Excel opens (macros off)."""
    def edit(name: str, data: bytes) -> bytes:
        text = data.decode("utf-8") if name.endswith((".xml", ".rels")) else None
        if name == "[Content_Types].xml" and text:
            return text.replace("</Types>", '<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/'
                                "vnd.ms-excel.macrosheet+xml\"/></Types>").encode()
        if name == "xl/_rels/workbook.xml.rels" and text:
            return text.replace("</Relationships>", '<Relationship Id="rIdMacro1" Type="http://schemas.microsoft.com/'
                                'office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/>'
                                "</Relationships>").encode()
        if name == "xl/workbook.xml" and text:
            last = max(int(n) for n in re.findall(r'sheetId="(\d+)"', text))
            return text.replace("</sheets>", f'<sheet name="Macro1" sheetId="{last + 1}" r:id="rIdMacro1"/></sheets>'
                                ).encode()
        return data
    _rezip(base, target, edit, {"xl/macrosheets/sheet1.xml": MACRO_SHEET.encode()})


def _no_workbook(base: Path, target: Path) -> None:
    """A package whose relationships point to xl/workbook.xml, which is not there."""
    def edit(name: str, data: bytes) -> bytes | None:
        return data if name in ("[Content_Types].xml", "_rels/.rels") or name.startswith("docProps/") else None
    _rezip(base, target, edit)


def _zipped_folder(base: Path, target: Path) -> None:
    """A compressed folder (the workbook and a note inside a zip) given the name of a workbook."""
    target.write_bytes(B.zip_parts({"so-xa/Tân Văn 2025.xlsm": base.read_bytes(),
                                    "so-xa/ghi-chu.txt": "Sổ năm 2025 của xã Tân Văn."}))


def _copy_fixture_xls(base: Path, target: Path) -> None:
    shutil.copy(FIXTURES / "xa_mau_luu_dang_xls.xls", target)


def _as_xlsb(base: Path, target: Path) -> None:
    """The base workbook saved as .xlsb (values only, as calamine reads them; sheet states kept)."""
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(base))
    sheets, hidden = [], []
    for meta in wb.sheets_metadata:
        rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        sheets.append((meta.name, {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)
                                   if v not in ("", None) and isinstance(v, (str, int, float))}))
        if "hidden" in str(meta.visible).lower():
            hidden.append(meta.name)
    wb.close()
    target.write_bytes(B.xlsb(sheets, hidden=hidden))


HTML = ('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body><table>'
        + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in SMALL)
        + "</table></body></html>")
CSV_TEXT = "\r\n".join(",".join(str(v) for v in row) for row in SMALL) + "\r\n"

# --- Unicode lists that are not legacy-encoded ----------------------------------------------------

MIDDLE_DOT = [HEAD, ["· Hà Tú", 1990, "Nữ", "Thôn 1"], ["· Nông Thị Hoa", 1988, "Nữ", THON[0]],
              ["Lục Văn Tài", 1979, "Nam", THON[1]], ["Hứa · Thị Ngọc", 2001, "Nữ", THON[2]]]
ODD_SIGNS = [HEAD, ["Ø", 1990, "Nam", THON[0]], ["«Hoàng»", 1985, "Nam", THON[1]], ["«", 1986, "Nam", THON[2]],
             ["Rö", 1970, "Nữ", THON[2]], ["Nguyễn Thị Hằng", 1995, "Nữ", THON[0]],
             ["Đặng Văn Ơn", 1966, "Nam", THON[1]]]
ALPHABETS = [HEAD, ["Søren Ødegård", 1980, "Nam", THON[0]], ["François Lefèvre", 1981, "Nam", THON[1]],
             ["Jürgen Müller-Lüdenscheidt", 1982, "Nam", THON[2]], ["Łukasz Żółkiewski", 1983, "Nam", THON[0]],
             ["Zoë Ångström", 1984, "Nữ", THON[1]], ["Çağla Yıldız", 1985, "Nữ", THON[2]],
             ["Иван Петрович Сидоров", 1986, "Nam", THON[0]], ["Νίκος Παπαδόπουλος", 1987, "Nam", THON[1]],
             ["王小明", 1988, "Nam", THON[2]], ["山田 花子", 1989, "Nữ", THON[0]], ["김민수", 1990, "Nam", THON[1]],
             ["สมชาย ใจดี", 1991, "Nam", THON[2]], ["محمد علي", 1992, "Nam", THON[0]],
             ["דוד כהן", 1993, "Nam", THON[1]], ["Nguyễn Thị Ánh", 1994, "Nữ", THON[2]]]


def _texts(rows: list[list[B.Value | None]]) -> tuple[str, ...]:
    return tuple(str(v) for row in rows[1:] for v in (row[0], row[3]))


PANIC = "python-calamine panics (pyo3_runtime.PanicException, a BaseException): Rust message, traceback"
CASES = [
    Case("xls-cat-trong-thu-muc", ".xls", "fuzzed .xls → cfb.rs:345 'range end index 64 out of range': a valid "
         ".xls (5,632 bytes, directory sector last) cut 32 bytes into its directory sector (5,152 bytes kept)",
         _write(xls_cut_in_directory(32)), 2, {UNREADABLE}, import_exit=2,
         today=PANIC + "; aggregate lost the whole folder (PicklingError)"),
    Case("xls-cat-giua-muc-thu-muc", ".xls", "the same cut 100 bytes in → cfb.rs:349 'range start index 116'",
         _write(xls_cut_in_directory(100)), 2, {UNREADABLE}, import_exit=2, today=PANIC),
    Case("xls-luong-ngan-khong-mini", ".xls", "fuzzed .xls → cfb.rs:305 'slice index starts at 64 but ends at 0': "
         "the Workbook entry's size set to 100 (under the mini-stream cutoff) in a file without a mini stream",
         _write(xls_short_stream_without_mini_stream()), 2, {UNREADABLE}, import_exit=2, today=PANIC),
    Case("xlsb-thieu-quan-he", ".xlsb", "Simple.xlsb → xlsb/mod.rs:312 'no entry found for key': a sheet whose "
         "relationship id (rId9) is not in xl/_rels/workbook.bin.rels", _write(xlsb_missing_relationship()), 2,
         {UNREADABLE}, import_exit=2, today=PANIC),
    Case("xlsb-danh-sach", ".xlsb", "a valid .xlsb list (calamine reads it): imported; check refuses it as not a "
         "commune workbook", _write(B.xlsb([("Danh sách", SMALL)])), 2, {UNREADABLE}, import_exit=0, import_rows=3),
    Case("luu-xlsb", ".xlsb", "the commune workbook saved as .xlsb (values): read, like .xlsx/.xls/.ods",
         _as_xlsb, 0, {NO_MACROS}, never={UNREADABLE}, today="skipped at the level above as 'không phải sổ Excel'"),
    Case("tall-stray-AMJ", ".xlsm", "one value in AMJ1048576 of 'Công dân học tập' (a scratch column)",
         _tall_stray, 0, {FAR_BELOW}, today="calamine allocates 34 GiB: SIGABRT (exit 134), no message"),
    Case("danh-sach-6000-XFD6000", ".xlsx", "a 6,000-person list with one value in XFD6000",
         _xlsx_list(_people(6000), (6000, 16383)), 2, {UNREADABLE}, import_exit=0, import_must={FAR},
         import_rows=6000, today="import peaks at 3.7 GiB (MemoryError at 7,000 rows)"),
    Case("danh-sach-6000-AMJ1048576", ".xlsx", "a 6,000-person list with one value in AMJ1048576",
         _xlsx_list(_people(6000), (1048575, 1023)), 2, {UNREADABLE}, import_exit=0, import_must={FAR_BELOW},
         import_rows=6000, today="calamine allocates 32 GiB: abort"),
    Case("xls-o-xa-IV65536", ".xls", "a small .xls list with one value in IV65536 (BIFF8's last cell)",
         _write(B.xls([("Danh sách", _as_cells(SMALL, (65535, 255)))])), 2, {UNREADABLE}, import_exit=0,
         import_must={FAR_BELOW}, import_rows=3,
         today="calamine reads a 16.7-million-cell grid: about 1.2 GB resident"),
    Case("xls-dimensions-khong-lo", ".xls", "a small .xls list whose DIMENSIONS record claims 1,048,576 × 16,384 "
         "(calamine reserves rows × columns cells before reading any); import reads its 3 rows, or refuses the file "
         "(exit 2, tep-khong-doc-duoc) — never an abort",
         _write(B.xls([("Danh sách", SMALL)], dimensions=(1048576, 16384))), 2, {UNREADABLE}, import_exit=0,
         import_rows=3, today="calamine reserves 640 GiB: abort"),
    Case("xlsb-o-xa-XFD1048576", ".xlsb", "a small .xlsb list with one value in XFD1048576",
         _write(B.xlsb([("Danh sách", _as_cells(SMALL, (1048575, 16383)))])), 2, {UNREADABLE}, import_exit=0,
         import_must={FAR}, import_rows=3, today="calamine allocates 512 GiB: abort"),
    Case("ods-o-xa-AMJ40000", ".ods", "a small .ods list with one value in AMJ40000 (under calamine's own "
         "100-million-cell limit)", _write(B.ods("Danh sách", SMALL, far=(39999, 1023, "ghi nháp"))), 2,
         {UNREADABLE}, import_exit=0, import_must={FAR_BELOW}, import_rows=3, today="a 41-million-cell grid"),
    Case("xls-doi-ten-xlsx", ".xlsx", "the commune workbook saved as .xls, renamed .xlsx", _copy_fixture_xls, 0,
         {NO_MACROS, WRONG_NAME}, today="'lỗi ngoài dự kiến' with BadZipFile text"),
    Case("xls-doi-ten-xlsm", ".xlsm", "the commune workbook saved as .xls, renamed .xlsm", _copy_fixture_xls, 0,
         {NO_MACROS, WRONG_NAME}, today="'lỗi ngoài dự kiến' with BadZipFile text"),
    Case("xls-doi-ten-csv", ".csv", "the commune workbook saved as .xls, renamed .csv", _copy_fixture_xls, 0,
         {NO_MACROS, WRONG_NAME}, today="'lỗi ngoài dự kiến' with BadZipFile text"),
    Case("danh-sach-xls-ten-csv", ".csv", "an .xls list renamed .csv: read as .xls, not decoded as text",
         _write(B.xls([("Danh sách", SMALL)])), 2, {UNREADABLE}, import_exit=0, import_must={WRONG_NAME},
         import_rows=3),
    Case("csv-doi-ten-xlsx", ".xlsx", "a CSV list renamed .xlsx: refused saying it is a CSV",
         _write(CSV_TEXT.encode("utf-8")), 2, {UNREADABLE}, import_exit=2),
    Case("html-doi-ten-xls", ".xls", "an HTML table named .xls (as web exports are): refused saying what it is",
         _write(HTML.encode("utf-8")), 2, {UNREADABLE}, import_exit=2),
    Case("xlsm-cat-doi", ".xlsm", "the commune workbook cut at half its bytes", _cut_half, 2, {UNREADABLE},
         today="'lỗi ngoài dự kiến' with BadZipFile text"),
    Case("xlsm-sai-crc", ".xlsm", "one byte flipped inside the deflated 'Công dân học tập' part (bad CRC-32)",
         _bad_crc, 2, {UNREADABLE}, today="'lỗi ngoài dự kiến' with BadZipFile text"),
    Case("zip-khong-co-so", ".xlsx", "a package with no xl/workbook.xml (content types, relationships, docProps)",
         _no_workbook, 2, {UNREADABLE}),
    Case("zip-thu-muc-nen", ".xlsx", "a compressed folder holding the workbook, named .xlsx", _zipped_folder, 2,
         {UNREADABLE}),
    Case("co-mat-khau", ".xlsm", "password to open (Agile encryption, msoffcrypto): said once, not wrapped twice",
         _password, 2, {UNREADABLE}, today="'Không mở được tệp X: Tệp X được đặt mật khẩu …'"),
    Case("xlsm-macro-excel4", ".xlsm", "a valid workbook with an Excel 4 macro sheet (xl/macrosheets/sheet1.xml)",
         _macro_sheet, 0, never={UNREADABLE}, today="called 'bị hỏng'"),
    Case("danh-sach-cham-giua", ".xlsx", "a Unicode list whose names carry a middle dot ('· Hà Tú', 'Thôn 1')",
         _xlsx_list(MIDDLE_DOT), 2, {UNREADABLE}, import_exit=0, import_rows=4, unchanged=_texts(MIDDLE_DOT),
         today="'· Hà Tú' → 'Ã HỔ Tỳ', 'Thôn 1' → 'Thụn 1'"),
    Case("danh-sach-cham-giua-csv", ".csv", "the same list as UTF-8 CSV", _csv_list(MIDDLE_DOT), 2, {UNREADABLE},
         import_exit=0, import_rows=4, unchanged=_texts(MIDDLE_DOT)),
    Case("danh-sach-ky-tu-la", ".xlsx", "a Unicode list with 'Ø', '«', 'Rö' among Vietnamese names",
         _xlsx_list(ODD_SIGNS), 2, {UNREADABLE}, import_exit=0, import_rows=6, unchanged=_texts(ODD_SIGNS),
         today="'Ø' → 'ỉ', '«' → 'ô', 'Rö' → 'Rử'"),
    Case("danh-sach-chu-khac", ".xlsx", "names from the outside files' alphabets (Latin with accents, Cyrillic, "
         "Greek, CJK, Hangul, Thai, Arabic, Hebrew)", _xlsx_list(ALPHABETS), 2, {UNREADABLE}, import_exit=0,
         import_rows=15, unchanged=_texts(ALPHABETS)),
]
for _case in CASES:  # nothing a list import does is legacy conversion of these
    if _case.unchanged:
        _case.never |= {"bang-ma-cu"}

BASE = "_goc.xlsm"


def build(folder: Path) -> list[tuple[Case, Path]]:
    """Write every case (and the base workbook ``_goc.xlsm``, the ``--into`` of the imports) into
    ``folder``, and ``outside.json`` describing them."""
    folder.mkdir(parents=True, exist_ok=True)
    base = base_workbook(folder)
    assert base.name == BASE
    out = []
    for case in CASES:
        target = folder / f"{case.name}{case.suffix}"
        case.make(base, target)
        out.append((case, target))
    (folder / "outside.json").write_text(json.dumps([manifest(c, p) for c, p in out], ensure_ascii=False, indent=1),
                                         encoding="utf-8")
    return out


def manifest(case: Case, path: Path) -> dict[str, object]:
    """One case as a JSON object (what outside.json lists)."""
    entry: dict[str, object] = {
        "tep": path.name, "tai_hien": case.reproduces, "hom_nay": case.today,
        "check": {"ma_thoat": case.exit, "ma_phai_co": sorted(case.must), "ma_khong_duoc_co": sorted(case.never)},
    }
    if case.import_exit is not None:
        entry["import"] = {"vao": BASE, "bang": "cong-dan", "ma_thoat": case.import_exit,
                           "ma_phai_co": sorted(case.import_must), "ma_khong_duoc_co": sorted(case.never),
                           "so_dong_them": case.import_rows, "giu_nguyen": list(case.unchanged)}
    return entry


if __name__ == "__main__":
    for case, path in build(Path(sys.argv[1] if len(sys.argv) > 1 else "outside-out")):
        print(path, case.exit, sorted(case.must), "" if case.import_exit is None else f"import {case.import_exit}")
