"""Memory bounded for any shape (issue 14, item 2, in process): every sheet's used range is sized
from its XML before a grid is built; far cells are cut from a temporary copy and reported, a file
still too large is refused; commune workbooks, imported lists and .ods alike. Each read is measured
in a child process: its peak resident memory must stay under 1 GiB (one value at AMJ1048576 made
python-calamine ask for 32 GiB and abort)."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hoctap_xl import layout as L
from hoctap_xl.errors import WorkbookUnreadable
from hoctap_xl.formats import sheet_extent as X
from hoctap_xl.formats import xls_extent, xlsx_extent
from hoctap_xl.formats.file_guards import without_far_cells
from hoctap_xl.formats.ooxml_parts import sheet_part, worksheet_parts
from hoctap_xl.formats.xlsx_read import any_sheet_rows, load

from .corpus.build import base_workbook

GIB = 1 << 30
CD = L.CONG_DAN


@pytest.fixture(scope="module")
def commune(tmp_path_factory) -> Path:
    return base_workbook(tmp_path_factory.mktemp("xa"))


def _edit_sheet(src: Path, dst: Path, sheet: str, change) -> Path:
    """A copy of ``src`` whose sheet XML went through ``change`` (text → text), as Excel would save it."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        part = sheet_part(a, sheet)
        for item in a.infolist():
            data = a.read(item)
            if item.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            b.writestr(item, data)
    return dst


def _append_row(row: int, cells: str):
    return lambda text: text.replace("</sheetData>", f'<row r="{row}">{cells}</row></sheetData>', 1)


def _in_row(row: int, cell: str):
    def change(text: str) -> str:
        m = re.search(rf'<row r="{row}"[^>]*>.*?</row>', text, re.S)
        assert m
        return text[:m.start()] + m.group(0).replace("</row>", cell + "</row>") + text[m.end():]
    return change


def _value(ref: str, text: str = "lạc chỗ") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


_WRAP = ("import json, resource, subprocess, sys\n"
         "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
         "sys.stdout.write(r.stdout)\n"
         "sys.stderr.write(r.stderr + '\\n' + json.dumps({'rc': r.returncode, "
         "'peak': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}))\n")


def _measured(*args: str) -> tuple[int, str, str, int]:
    """Run ``python -m hoctap_xl.cli ARGS`` as the only child of a fresh process: exit code, output,
    error text and the child's peak resident memory in bytes."""
    run = subprocess.run([sys.executable, "-c", _WRAP, sys.executable, "-m", "hoctap_xl.cli", *args],
                         capture_output=True, text=True, timeout=300)
    err, _, tail = run.stderr.rpartition("\n")
    report = json.loads(tail)
    return report["rc"], run.stdout, err, report["peak"]


def _check(path: Path) -> tuple[int, list[dict], str, int]:
    rc, out, err, peak = _measured("check", str(path), "--json")
    assert "Traceback" not in err and "panicked" not in err, err[-2000:]
    return rc, (json.loads(out)["phat_hien"] if out.strip() else []), err, peak


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- commune workbooks ------------------------------------------------------------------------

@pytest.mark.parametrize("name, change, code, cell, says", [
    ("tall-stray-AMJ", _append_row(1_048_576, _value("AMJ1048576")), "o-xa-bang", "AMJ1048576", "dưới dòng 6.003"),
    ("stray-XFD", _in_row(10, _value("XFD10")), "o-ngoai-bang", "XFD10", "sau cột AMJ"),
    ("stray-after-a-column-gap", _in_row(10, _value("KK10")), "o-ngoai-bang", "KK10", "sau cột X"),
    ("stray-far-below", _append_row(20_000, _value("B20000")), "o-xa-bang", "B20000", "sau từ 10.000 dòng trống"),
    ("empty-formula-result-far-below", _append_row(1_048_576, '<c r="AMJ1048576" t="str"><v></v></c>'),
     "o-xa-bang", "AMJ1048576", "1 ô"),
])
def test_a_far_value_is_cut_and_named_and_the_read_stays_small(commune, tmp_path, name, change, code, cell, says):
    path = _edit_sheet(commune, tmp_path / f"{name}.xlsm", CD, change)
    before = _digest(path)
    rc, found, err, peak = _check(path)
    assert rc == 0, err[-1000:]
    far = [f for f in found if f["ma"] == code]
    assert len(far) == 1 and far[0]["sheet"] == CD and far[0]["o"] == cell, found
    assert says in far[0]["thong_diep"] and cell in far[0]["thong_diep"]
    assert peak < GIB, peak
    assert _digest(path) == before
    assert len(load(path).grids[CD].rows) == L.HEADER_ROW + L.TABLES["cong_dan"].rows  # the table, nothing more


def test_a_styled_empty_far_cell_is_not_reported_and_the_file_is_read_as_it_is(commune, tmp_path):
    path = _edit_sheet(commune, tmp_path / "styled.xlsm", CD, _append_row(1_048_576, '<c r="XFD1048576" s="3"/>'))
    rc, found, _, peak = _check(path)
    assert rc == 0 and not {f["ma"] for f in found} & {"o-xa-bang", "o-ngoai-bang"}, found
    assert peak < GIB
    assert without_far_cells(path, tmp_path) == (path, [])


def test_a_value_just_short_of_the_row_gap_is_read(commune, tmp_path):
    last = L.HEADER_ROW + L.TABLES["cong_dan"].rows
    row = last + X.GAP_ROWS  # GAP_ROWS - 1 empty rows in between
    path = _edit_sheet(commune, tmp_path / "near.xlsm", CD, _append_row(row, _value(f"B{row}")))
    data = load(path)
    assert not [f for f in data.findings if f.code in ("o-xa-bang", "o-ngoai-bang")]
    assert len(data.grids[CD].rows) == row


def test_a_far_cell_in_a_sheet_not_read_is_left_alone(commune, tmp_path):
    path = _edit_sheet(commune, tmp_path / "huong-dan.xlsm", "Hướng dẫn", _append_row(1_048_576, _value("AMJ1048576")))
    assert without_far_cells(path, tmp_path, [CD]) == (path, [])
    assert [f.sheet for f in load(path).findings if f.code.startswith("o-")] == []


def test_a_workbook_over_the_cell_limit_is_refused_naming_the_sheet_and_its_last_cell(commune, tmp_path):
    # a value every 9,000 rows down to row 1,000,000 (no gap long enough to cut) in column Z
    cells = "".join(f'<row r="{r}">{_value(f"Z{r}", "x")}</row>' for r in range(15_000, 1_000_001, 9_000))
    path = _edit_sheet(commune, tmp_path / "qua-lon.xlsm", CD,
                       lambda text: text.replace("</sheetData>", cells + "</sheetData>"))
    with pytest.raises(WorkbookUnreadable) as err:
        load(path)
    text = str(err.value)
    assert "qua-lon.xlsm" in text and CD in text and "Z996000" in text and "Ctrl+End" in text
    rc, _, err_text, peak = _measured("check", str(path))
    assert rc == 2 and "qua-lon.xlsm" in err_text and "Traceback" not in err_text and peak < GIB


def test_the_rules_keep_a_full_table(commune):
    assert max(t.rows for t in L.TABLES.values()) < X.GAP_ROWS  # a table filled on its first and last rows
    widest = max(len(L.headers_for(key, 0)) for key in L.TABLES)
    assert widest < X.GAP_COLUMNS < X.MAX_COLUMNS


# --- the quick scan and the walk agree --------------------------------------------------------

def test_the_quick_scan_and_the_walk_give_the_same_extents(commune):
    with zipfile.ZipFile(commune) as z:
        for name, part in worksheet_parts(z):
            quick = xlsx_extent.worksheet_extent(functools.partial(z.open, part), name)
            with z.open(part) as fh:
                walked = xlsx_extent.walk_extent(fh, name)
            assert quick.last_row == walked.last_row and quick.last_col >= walked.last_col and not quick.far, name


def test_prefixed_namespaces_comments_and_cdata_are_walked(tmp_path):
    text = ('<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t><![CDATA[<c r="XFD9"><v>1</v></c>]]>'
            '</x:t></x:is></x:c><!-- <c r="XFD1"><v>1</v></c> --></x:row>'
            '<x:row r="900000"><x:c r="C900000"><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    part = tmp_path / "sheet.xml"
    part.write_bytes(text.encode())
    ext = xlsx_extent.worksheet_extent(lambda: part.open("rb"), "S")
    assert (ext.last_row, ext.last_col, ext.far, ext.row_cut) == (1, 1, True, 1)
    out = tmp_path / "cut.xml"
    with out.open("wb") as fh:
        [found] = xlsx_extent.cut_worksheet(lambda: part.open("rb"), ext, fh, "a.xlsx")
    assert found.code == "o-xa-bang" and found.cell == "C900000"
    kept = out.read_text()
    assert "C900000" not in kept and "CDATA[<c r=\"XFD9\">" in kept and "<!-- <c r=\"XFD1\">" in kept


def test_cells_without_a_reference_are_placed_as_excel_places_them(tmp_path):
    text = ('<worksheet><sheetData><row r="3"><c r="A3"><v>1</v></c>' + "<c><v>2</v></c>" * 300
            + '</row></sheetData></worksheet>')
    part = tmp_path / "sheet.xml"
    part.write_bytes(text.encode())
    ext = xlsx_extent.worksheet_extent(lambda: part.open("rb"), "S")
    assert (ext.last_row, ext.last_col, ext.far) == (3, 301, False)


# --- imported lists ----------------------------------------------------------------------------

def _person_list(path: Path, rows: int = 6000) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["Họ và tên", "Năm sinh", "Giới tính", "Thôn/TDP"])
    for i in range(rows):
        ws.append([f"Người số {i + 1}", 1970 + i % 40, "Nam" if i % 2 else "Nữ", "Thôn 1"])
    wb.save(path)
    return path


@pytest.mark.parametrize("where, code", [("XFD6000", "o-ngoai-bang"), ("AMJ1048576", "o-xa-bang")])
def test_a_list_with_a_far_cell_is_imported_without_it(commune, tmp_path, where, code):
    source = _person_list(tmp_path / "ds.xlsx")
    row = int(re.sub(r"[A-Z]", "", where))
    change = _in_row(row, _value(where)) if row <= 6001 else _append_row(row, _value(where))
    _edit_sheet(source, tmp_path / "xa.xlsx", "Danh sách", change)
    listed = tmp_path / "xa.xlsx"
    book = tmp_path / "so.xlsm"
    book.write_bytes(commune.read_bytes())
    rc, out, err, peak = _measured("import", str(listed), "--into", str(book), "--bang", CD, "--json")
    assert "Traceback" not in err and rc in (0, 1), err[-1500:]
    report = json.loads(out)
    far = [f for f in report["phat_hien"] if f["ma"] == code]
    assert far and far[0]["o"] == where and far[0]["sheet"] == "Danh sách", report["phat_hien"][:5]
    assert report["them"] == 6000
    assert peak < GIB, peak
    found: list = []
    name, rows = any_sheet_rows(listed, found=found)
    assert name == "Danh sách" and len(rows) == 6001 and max(len(r) for r in rows) == 4
    assert [f.code for f in found] == [code]


# --- OpenDocument ------------------------------------------------------------------------------

def _ods(path: Path, rows_xml: str, name: str = "Danh sách") -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{name}">{rows_xml}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
             'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
             '<manifest:file-entry manifest:full-path="/" '
             'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             "</manifest:manifest>")


def _s(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def _n(value: int, repeat: int = 1) -> str:
    extra = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (f'<table:table-cell office:value-type="float" office:value="{value}"{extra}><text:p>{value}</text:p>'
            "</table:table-cell>")


def _ods_list(rows: int = 6000) -> str:
    head = "<table:table-row>" + _s("Họ và tên") + _s("Năm sinh") + _s("Thôn/TDP") + "</table:table-row>"
    return head + "".join(f"<table:table-row>{_s(f'Người {i}')}{_n(1980 + i % 40)}{_s('Thôn 1')}</table:table-row>"
                          for i in range(rows))


_EMPTY_ROWS = ('<table:table-row table:number-rows-repeated="{n}"><table:table-cell table:number-columns-repeated="3"/>'
               '</table:table-row>')


def test_an_ods_with_a_far_repeated_row_is_read_without_it(commune, tmp_path):
    # as LibreOffice writes a sheet: a million empty rows repeated, then 40,000 rows repeating a value in column X
    far = (_EMPTY_ROWS.format(n=1_000_000) + '<table:table-row table:number-rows-repeated="40000">'
           '<table:table-cell table:number-columns-repeated="23"/>' + _n(7) + "</table:table-row>")
    path = _ods(tmp_path / "ds.ods", _ods_list() + far)
    before = _digest(path)
    found: list = []
    _, rows = any_sheet_rows(path, found=found)
    assert len(rows) == 6001 and max(len(r) for r in rows) == 3
    [f] = found
    assert f.code == "o-xa-bang" and f.sheet == "Danh sách" and f.cell == "X1006002" and "40.000 ô" in f.message
    book = tmp_path / "so.xlsm"
    book.write_bytes(commune.read_bytes())
    rc, out, err, peak = _measured("import", str(path), "--into", str(book), "--bang", CD, "--json")
    assert "Traceback" not in err and rc in (0, 1), err[-1500:]
    assert "o-xa-bang" in {f["ma"] for f in json.loads(out)["phat_hien"]}
    assert peak < GIB, peak
    assert _digest(path) == before


def test_an_ods_cell_repeated_past_the_last_column_keeps_its_first_columns(tmp_path):
    path = _ods(tmp_path / "rong.ods", "<table:table-row>" + _s("a") + _n(5, repeat=16_383) + "</table:table-row>")
    found: list = []
    _, rows = any_sheet_rows(path, found=found)
    assert len(rows[0]) == X.MAX_COLUMNS and rows[0][X.MAX_COLUMNS - 1] == 5
    [f] = found
    assert f.code == "o-ngoai-bang" and f.cell == "AMK1" and number_in(f.message) == 16_384 - X.MAX_COLUMNS


def number_in(message: str) -> int:
    return int(re.search(r"có ([\d.]+) ô", message).group(1).replace(".", ""))


def test_an_ods_over_the_cell_limit_is_refused(tmp_path):
    rows = (_ods_list(10) + '<table:table-row table:number-rows-repeated="300000">' + _n(1, repeat=20)
            + "</table:table-row>")
    path = _ods(tmp_path / "lon.ods", rows)
    with pytest.raises(WorkbookUnreadable) as err:
        any_sheet_rows(path)
    assert "lon.ods" in str(err.value) and "Danh sách" in str(err.value) and "T300011" in str(err.value)


# --- .xls and .xlsb ----------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _xls_with_a_far_formula(dst: Path) -> Path:
    """The commune workbook saved as .xls, its first FORMULA record on the persons' sheet moved to
    the last row and column of a BIFF8 sheet (IV65536), in place (olefile writes the stream back)."""
    olefile = pytest.importorskip("olefile")
    dst.write_bytes((FIXTURES / "xa_mau_luu_dang_xls.xls").read_bytes())
    ole = olefile.OleFileIO(str(dst), write_mode=True)
    data = bytearray(ole.openstream("Workbook").read())
    offset = next(off for name, off in xls_extent._sheets(bytes(data)) if name == CD)
    pos = next(p for p, rid, _ in xls_extent._records(bytes(data), offset) if rid == 0x0006)
    data[pos + 4:pos + 8] = (65535).to_bytes(2, "little") + (255).to_bytes(2, "little")
    ole.write_stream("Workbook", bytes(data))
    ole.close()
    return dst


def test_an_xls_with_a_far_cell_is_read_without_it(tmp_path):
    path = _xls_with_a_far_formula(tmp_path / "xa.xls")
    before = _digest(path)
    rc, found, err, peak = _check(path)
    assert rc in (0, 1), err[-1000:]
    far = [f for f in found if f["ma"] == "o-xa-bang"]
    assert far and far[0]["sheet"] == CD and far[0]["o"] == "IV65536", found
    assert peak < GIB, peak
    assert len(load(path).grids[CD].rows) == L.HEADER_ROW + L.TABLES["cong_dan"].rows
    assert _digest(path) == before


def test_the_compound_file_reader_reads_the_streams_olefile_reads():
    olefile = pytest.importorskip("olefile")
    path = FIXTURES / "xa_mau_luu_dang_xls.xls"
    cfb = xls_extent.Compound(path.read_bytes())
    ole = olefile.OleFileIO(str(path))
    for name in ("Workbook", "\x05SummaryInformation"):  # a large stream and a small (mini) one
        assert cfb.stream(name)[0] == ole.openstream(name).read()


def _brt(kind: int, payload: bytes = b"") -> bytes:
    """One .xlsb record: its type and length as variable-length numbers, then the payload."""
    out = bytearray()
    for number, most in ((kind, 2), (len(payload), 4)):
        for _ in range(most):
            byte, number = number & 0x7F, number >> 7
            out.append(byte | (0x80 if number else 0))
            if not number:
                break
    return bytes(out) + payload


def _wide_str(text: str) -> bytes:
    return len(text).to_bytes(4, "little") + text.encode("utf-16-le")


def _xlsb(path: Path, rows: list[tuple[int, list[tuple[int, object]]]], sheet: str = "Danh sách") -> Path:
    """A minimal .xlsb python-calamine reads: one sheet of strings (BrtCellSt) and numbers (BrtCellReal)."""
    book = (_brt(0x83) + _brt(0x8F) + _brt(0x9C, struct.pack("<II", 0, 1) + _wide_str("rId1") + _wide_str(sheet))
            + _brt(0x90) + _brt(0x9D, bytes(14)) + _brt(0x84))
    data = _brt(0x81) + _brt(0x94, struct.pack("<IIII", 0, 5999, 0, 3)) + _brt(0x91)
    for row, cells in rows:
        data += _brt(0x00, struct.pack("<IIHHBI", row, 0, 300, 0, 0, 0))
        for col, value in cells:
            data += (_brt(0x06, struct.pack("<II", col, 0) + _wide_str(value)) if isinstance(value, str)
                     else _brt(0x05, struct.pack("<IId", col, 0, value)))
    data += _brt(0x92) + _brt(0x82)
    ns = "http://schemas.openxmlformats.org"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", f'<Types xmlns="{ns}/package/2006/content-types">'
                   '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
                   '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
                   "</Types>")
        z.writestr("_rels/.rels", f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
                   f'Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/>'
                   "</Relationships>")
        z.writestr("xl/workbook.bin", book)
        z.writestr("xl/_rels/workbook.bin.rels", f'<Relationships xmlns="{ns}/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
                   'Target="worksheets/sheet1.bin"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.bin", data)
    return path


def test_an_xlsb_list_with_a_far_cell_is_imported_without_it(commune, tmp_path):
    people = [(0, [(0, "Họ và tên"), (1, "Năm sinh"), (2, "Thôn/TDP")])]
    people += [(r, [(0, f"Người số {r}"), (1, 1970 + r % 40), (2, "Thôn 1")]) for r in range(1, 6001)]
    path = _xlsb(tmp_path / "ds.xlsb", [*people, (1_048_575, [(1023, 1)])])
    found: list = []
    _, rows = any_sheet_rows(path, found=found)
    assert len(rows) == 6001 and max(len(r) for r in rows) == 3
    assert [(f.code, f.cell, f.sheet) for f in found] == [("o-xa-bang", "AMJ1048576", "Danh sách")]
    book = tmp_path / "so.xlsm"
    book.write_bytes(commune.read_bytes())
    rc, out, err, peak = _measured("import", str(path), "--into", str(book), "--bang", CD, "--json")
    assert "Traceback" not in err and rc in (0, 1), err[-1500:]
    assert json.loads(out)["them"] == 6000 and peak < GIB, peak


def test_an_xls_whose_dimensions_claim_a_whole_sheet_is_read(tmp_path):
    """python-calamine reserves what DIMENSIONS claims before reading a cell: 1,048,576 × 16,384 aborts it."""
    olefile = pytest.importorskip("olefile")
    path = tmp_path / "xa.xls"
    path.write_bytes((FIXTURES / "xa_mau_luu_dang_xls.xls").read_bytes())
    ole = olefile.OleFileIO(str(path), write_mode=True)
    data = bytearray(ole.openstream("Workbook").read())
    offset = next(off for name, off in xls_extent._sheets(bytes(data)) if name == CD)
    pos = next(p for p, rid, _ in xls_extent._records(bytes(data), offset) if rid == 0x0200)
    data[pos + 4:pos + 16] = struct.pack("<IIHH", 0, 1 << 20, 0, 1 << 14)  # rows 0..1,048,576, columns 0..16,384
    ole.write_stream("Workbook", bytes(data))
    ole.close()
    rc, found, err, peak = _check(path)
    assert rc in (0, 1) and not [f for f in found if f["ma"].startswith("o-")], err[-1000:]
    assert peak < GIB, peak
    assert len(load(path).grids[CD].rows) == L.HEADER_ROW + L.TABLES["cong_dan"].rows


def test_an_ods_whose_content_ends_inside_a_start_tag_is_sized_and_ends(tmp_path):
    """A content.xml cut inside a start tag once made the sizing loop start over for ever."""
    path = _ods(tmp_path / "cut.ods", "<table:table-row>" + _s("a") + "</table:table-row>")
    with zipfile.ZipFile(path) as z:
        content = z.read("content.xml").decode()
    cut = content[:content.index("<table:table-cell") + len('<table:table-cell office:value-type="float"')]
    cut_path = tmp_path / "cut2.ods"
    with zipfile.ZipFile(cut_path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", _MANIFEST)
        z.writestr("content.xml", cut)
    from hoctap_xl.formats import ods_extent

    done = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                           "from hoctap_xl.formats import ods_extent; "
                           "print(ods_extent.without_far_cells(Path(sys.argv[1]), Path(sys.argv[2])))",
                           str(cut_path), str(tmp_path)], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "PYTHONPATH": str(Path(ods_extent.__file__).parents[2])})
    assert done.returncode == 0, done.stderr
