"""The real format is told from the bytes, not the name (issue 14, items 3 and 5): a renamed
.xls is read as .xls with a ``sai-duoi-tep``; a CSV, a web page or an XML 2003 file named as a
workbook is refused saying what it is and what to do; a truncated zip, a bad CRC, a zip without a
workbook say so in Vietnamese; a password message comes once; an Excel 4 macro sheet does not make
a valid workbook "hỏng"; .xlsb is read. No message carries a library's text."""

from __future__ import annotations

import hashlib
import pickle
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.errors import HoctapError, WorkbookUnreadable
from hoctap_xl.formats import real_format as rf
from hoctap_xl.formats.file_guards import sniff
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.formats.xlsx_read import any_sheet_rows, evaluate_file, load, reader_failure
from hoctap_xl.level_above.files import NOT_READ
from hoctap_xl.services.aggregate import WORKBOOK_SUFFIXES, aggregate, scan

from .xlsb import write_xlsb, xlsb_copy

FIXTURES = Path(__file__).parent / "fixtures"
XLS = FIXTURES / "xa_mau_luu_dang_xls.xls"
FILLED = FIXTURES / "mau-1.1_tan-van-2025.xlsm"
LIBRARY_WORDS = re.compile(r"Error|Exception|BadZipFile|Calamine|calamine|Traceback|ZipFile|struct\.|\bzlib\b|"
                           r"PanicException|OSError|ValueError|KeyError")
TEST_INPUT = b"<Application>hoctap-xl tests (input)</Application>"  # not judged by tests/test_zz_ooxml.py


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True, timeout=300)


def rewrite(src: Path, dst: Path, change=lambda name, data: data, add: dict[str, bytes] | None = None) -> Path:
    """A copy of the package ``src`` with each part through ``change`` (``None`` drops it), marked
    as a test input (docProps/app.xml), with ``add``'s parts added."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            data = change(item.filename, a.read(item))
            if item.filename == "docProps/app.xml" and data is not None:
                data = re.sub(rb"<Application>.*?</Application>", TEST_INPUT, data)
            if data is not None:
                b.writestr(item, data)
        for name, data in (add or {}).items():
            b.writestr(name, data)
    return dst


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("dau-vao")


@pytest.fixture(scope="module")
def filled(inputs) -> Path:
    """The filled fixture workbook, marked as a test input."""
    return rewrite(FILLED, inputs / "tan-van.xlsm")


def refusal(path: Path) -> str:
    """The message of ``load`` refusing ``path``, which also makes ``check`` exit 2 without a traceback."""
    with pytest.raises(WorkbookUnreadable) as err:
        load(path)
    message = str(err.value)
    assert path.name in message
    assert not LIBRARY_WORDS.search(message), message
    assert ".." not in message.replace("...", "")
    run = run_cli("check", str(path))
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert run.stderr.count(path.name) == 1, run.stderr  # said once, not wrapped twice
    return message


# --- a workbook under the wrong extension ----------------------------------------------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_an_xls_named_as_xlsx_or_xlsm_is_read_as_xls_with_a_warning(tmp_path, suffix):
    path = tmp_path / f"xa{suffix}"
    path.write_bytes(XLS.read_bytes())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert sniff(path) == rf.XLS
    data = load(path)
    assert len(data.grids["Công dân học tập"].rows) > 60
    wrong = [f for f in data.findings if f.code == "sai-duoi-tep"]
    assert len(wrong) == 1 and wrong[0].level == "cảnh báo" and wrong[0].file == path.name
    assert path.name in wrong[0].message and f"“{suffix}”" in wrong[0].message and ".xls)" in wrong[0].message
    assert any(f.code == "mat-macro" and ".xls" in f.message for f in data.findings)  # the real format lost them
    run = run_cli("check", str(path))
    assert run.returncode in (0, 1) and "sai-duoi-tep" in run.stdout, run.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_right_extension_gives_no_warning(filled):
    assert sniff(filled) == rf.XLSM
    assert not [f for f in load(filled).findings if f.code in ("sai-duoi-tep", "mat-macro")]


def test_an_xlsm_named_xlsx_keeps_its_macros_but_is_warned(filled, tmp_path):
    path = tmp_path / "xa.xlsx"
    path.write_bytes(filled.read_bytes())
    codes = [f.code for f in load(path).findings]
    assert "sai-duoi-tep" in codes and "mat-macro" not in codes


def test_a_renamed_xls_list_is_imported_by_its_real_format(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes((FIXTURES / "danh-sach-ho-vni.xls").read_bytes())
    name, rows = any_sheet_rows(path)
    assert name and len(rows) > 3


# --- files that are not workbooks ------------------------------------------------------------------

@pytest.mark.parametrize("name, content, what", [
    ("danh-sach.xlsx", "Họ và tên,Năm sinh,Thôn\nNguyễn Văn A,1980,Thôn 1\n".encode(), "tệp văn bản CSV"),
    ("danh-sach.xlsm", "Lê Bá;Năm\r\nĐào;1990\r\n".encode("cp1258"), "tệp văn bản CSV"),
    ("bang.xls", "Họ và tên\tNăm sinh\nLê B\t1990\n".encode("utf-16"), "phân cách bằng dấu tab"),
    ("trang.xls", b"<html><head><meta charset='utf-8'></head><body><table><tr><td>1</td></tr></table></body></html>",
     "trang web (HTML)"),
    ("xuat.xls", b"\xef\xbb\xbf<table border=1><tr><td>Ho ten</td></tr></table>", "trang web (HTML)"),
    ("xml2003.xls", b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                    b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "XML 2003"),
    ("ghi-chu.xlsm", "Biên bản họp chi hội\nngày 1 tháng 3".encode(), "tệp văn bản"),
])
def test_text_named_as_a_workbook_is_refused_saying_what_it_is_and_what_to_do(tmp_path, name, content, what):
    path = tmp_path / name
    path.write_bytes(content)
    message = refusal(path)
    assert f"thực ra là {what}" in message or what in message, message
    assert "không phải sổ Excel" in message and "Save As" in message and ".xlsm" in message


def test_the_csv_message_reads_as_the_issue_asks(tmp_path):
    path = tmp_path / "X.xlsx"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert refusal(path).startswith("Tệp X.xlsx thực ra là tệp văn bản CSV, không phải sổ Excel: ")


def test_a_list_named_xls_but_holding_csv_says_it_can_be_renamed(tmp_path):
    path = tmp_path / "ds.xls"
    path.write_text("Họ và tên,Năm sinh\nA,1980\n", encoding="utf-8")
    with pytest.raises(WorkbookUnreadable) as err:
        any_sheet_rows(path)
    assert "CSV" in str(err.value) and ".csv" in str(err.value) and "(.xlsx)" in str(err.value)


@pytest.mark.parametrize("parts, what", [
    ({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"}, "tài liệu Word"),
    ({"a.txt": b"x"}, "không có sổ Excel bên trong"),
    ({"so/xa.xlsm": b"PK"}, "giải nén ra"),
    ({"mimetype": b"application/vnd.oasis.opendocument.text"}, "văn bản OpenDocument"),
])
def test_a_zip_without_a_workbook_says_what_it_holds(tmp_path, parts, what):
    path = tmp_path / "so.xlsm"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert what in refusal(path)


def test_a_workbook_whose_main_part_is_elsewhere_is_told_to_be_saved_again(filled, tmp_path):
    def move(name: str, data: bytes) -> bytes:
        return data.replace(b"/xl/workbook.xml", b"/xl/book1.xml") if name == "[Content_Types].xml" else data

    path = rewrite(filled, tmp_path / "xa.xlsm", lambda n, d: None if n == "xl/workbook.xml" else move(n, d),
                   {"xl/book1.xml": zipfile.ZipFile(filled).read("xl/workbook.xml")})
    message = refusal(path)
    assert "xl/book1.xml" in message and "Save As" in message


def test_a_workbook_zip_without_content_types_is_damaged(filled, tmp_path):
    path = rewrite(filled, tmp_path / "xa.xlsm", lambda n, d: None if n == "[Content_Types].xml" else d)
    message = refusal(path)
    assert "bị hỏng" in message and "[Content_Types].xml" in message


def test_unknown_bytes_are_not_an_excel_file(tmp_path):
    path = tmp_path / "x.xlsm"
    path.write_bytes(bytes(range(256)) * 4)
    assert "không phải là tệp Excel" in refusal(path)


# --- damaged files ---------------------------------------------------------------------------------

def _data_offset(path: Path, part: str) -> tuple[int, int]:
    """Where ``part``'s compressed data starts in the file, and its length."""
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    at = info.header_offset
    name_len, extra_len = int.from_bytes(raw[at + 26:at + 28], "little"), int.from_bytes(raw[at + 28:at + 30], "little")
    return at + 30 + name_len + extra_len, info.compress_size


def test_a_truncated_workbook_says_it_was_cut_short(filled, tmp_path):
    path = tmp_path / "cut.xlsm"
    raw = filled.read_bytes()
    path.write_bytes(raw[:len(raw) // 2])
    message = refusal(path)
    assert "bị hỏng" in message and "cắt cụt" in message and "gửi lại" in message


@pytest.mark.parametrize("part", ["xl/worksheets/sheet4.xml", "xl/sharedStrings.xml", "xl/workbook.xml"])
def test_a_flipped_byte_inside_a_part_is_caught_before_any_reader(filled, tmp_path, part):
    """python-calamine does not check CRCs: a flipped byte in a sheet can be read as other values."""
    path = tmp_path / "crc.xlsm"
    raw = bytearray(filled.read_bytes())
    start, size = _data_offset(filled, part)
    raw[start + size // 2] ^= 0x55
    path.write_bytes(bytes(raw))
    message = refusal(path)
    assert "bị hỏng" in message and part in message


def test_a_truncated_xls_says_so(tmp_path):
    path = tmp_path / "cut.xls"
    raw = XLS.read_bytes()
    path.write_bytes(raw[:len(raw) * 2 // 3])
    message = refusal(path)
    assert "bị hỏng" in message and "cắt cụt" in message


def test_an_ole_file_with_a_broken_header_is_damaged(tmp_path):
    path = tmp_path / "x.xls"
    path.write_bytes(XLS.read_bytes()[:30] + b"\x07\x00" + XLS.read_bytes()[32:])
    assert "bị hỏng" in refusal(path)


# --- passwords and messages ------------------------------------------------------------------------

def test_the_password_message_comes_once(filled, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    path = tmp_path / "co_mat_khau.xlsm"
    with filled.open("rb") as src, path.open("wb") as dst:
        OOXMLFile(src).encrypt("123456", dst)
    message = refusal(path)
    assert "Không mở được" not in message and not message.endswith("..")
    assert message.startswith("Tệp co_mat_khau.xlsm được đặt mật khẩu")


def test_reader_failures_are_told_in_vietnamese_and_kept_for_developers():
    library = RuntimeError("Range is missing the expected row component.")
    err = reader_failure(Path("xa.xlsm"), library)
    assert "xa.xlsm" in str(err) and "Excel" in str(err) and not LIBRARY_WORDS.search(str(err))
    assert "Range is missing" not in str(err) and "Range is missing" in err.detail
    assert "mật khẩu" in str(reader_failure(Path("xa.xlsm"), RuntimeError("Workbook is password protected")))
    back = pickle.loads(pickle.dumps(err))  # crosses the level above's process boundary
    assert str(back) == str(err) and back.detail == err.detail


def test_a_locked_file_is_told_in_vietnamese(tmp_path, monkeypatch):
    path = tmp_path / "xa.xlsm"
    path.write_bytes(b"PK\x03\x04")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(WorkbookUnreadable) as err:
        sniff(path)
    assert "xa.xlsm" in str(err.value) and "Excel" in str(err.value) and "Permission" not in str(err.value)
    assert "Permission denied" in err.value.detail


def test_a_valid_workbook_with_an_excel4_macro_sheet_is_read(filled, tmp_path):
    """Excel writes an Excel 4 macro sheet as xl/macrosheets/…; python-calamine refuses the whole
    workbook for it ("Unrecognized sheet type"): it is left out of a temporary copy."""
    sheet = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xm:macrosheet '
             b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1">'
             b"<f>RETURN()</f></c></row></sheetData></xm:macrosheet>")

    def change(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return data.replace(b"</sheets>",
                                b'<sheet name="Macro1" sheetId="99" state="hidden" r:id="rIdM"/></sheets>')
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdM" Type="http://schemas.microsoft.com/'
                                b'office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/>'
                                b"</Relationships>")
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/macrosheets/sheet1.xml" '
                                b'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>')
        return data

    path = rewrite(filled, tmp_path / "co-macro-excel4.xlsm", change, {"xl/macrosheets/sheet1.xml": sheet})
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    data = load(path)
    assert "Macro1" not in data.sheets and len(data.grids["Công dân học tập"].rows) > 100
    assert not [f for f in data.findings if f.code in ("sai-duoi-tep", "mat-macro")]
    run = run_cli("check", str(path))
    assert run.returncode in (0, 1) and "hỏng" not in run.stdout + run.stderr, run.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


# --- .xlsb ---------------------------------------------------------------------------------------------

def test_a_zip_with_xl_workbook_bin_is_an_xlsb(tmp_path):
    path = write_xlsb(tmp_path / "so.xlsx", [("Trang 1", [["Họ tên", 1], ["A", 2.5]], "visible")])
    assert sniff(path) == rf.XLSB
    name, rows = any_sheet_rows(path)  # read by its real format despite the name
    assert (name, rows) == ("Trang 1", [["Họ tên", 1.0], ["A", 2.5]])


def test_an_xlsb_commune_workbook_is_checked_like_an_xlsx(filled, tmp_path):
    path = xlsb_copy(filled, tmp_path / "tan-van.xlsb")
    data = load(path)
    assert len(evaluate_workbook(data).people) == len(evaluate_file(filled).people) == 120
    codes = [f.code for f in data.findings]
    assert "mat-macro" in codes and "sai-duoi-tep" not in codes
    run = run_cli("results", str(path), "--json")
    assert run.returncode in (0, 1) and '"xa": "Tân Văn"' in run.stdout, run.stderr


def test_the_level_above_reads_xlsb_and_lists_damaged_files_with_a_reason(tmp_path):
    folder = tmp_path / "huyen"
    folder.mkdir()
    new_workbook(folder / "06166.xlsm", province="Lạng Sơn", commune="Xã Một", year=2025, code="06166")
    other = new_workbook(tmp_path / "06167.xlsm", province="Lạng Sơn", commune="Xã Hai", year=2025, code="06167")
    xlsb_copy(other, folder / "06167.xlsb")
    raw = (folder / "06166.xlsm").read_bytes()
    (folder / "cut.xlsm").write_bytes(raw[:len(raw) // 2])
    (folder / "csv.xlsx").write_text("a,b\n1,2\n", encoding="utf-8")
    assert ".xlsb" in WORKBOOK_SUFFIXES
    books, others = scan(folder)
    assert folder / "06167.xlsb" in books and not others
    agg = aggregate(folder, workers=1)
    status = {f.file: f for f in agg.files}
    assert status["06166.xlsm"].status != NOT_READ and status["06167.xlsb"].status != NOT_READ
    for name in ("cut.xlsm", "csv.xlsx"):
        assert status[name].status == NOT_READ and name in status[name].reason
        assert not LIBRARY_WORDS.search(status[name].reason), status[name].reason


def test_every_refusal_is_a_hoctap_error_naming_the_file(tmp_path):
    """Whatever the bytes, ``sniff`` ends in a format or a message: random prefixes of real files."""
    sources = [FILLED, XLS, FIXTURES / "danh-sach-ho-vni.xls"]
    for i, src in enumerate(sources):
        raw = src.read_bytes()
        for cut in (0, 8, 100, 512, 513, 4096, len(raw) // 3, len(raw) - 1):
            path = tmp_path / f"f{i}-{cut}.xlsm"
            path.write_bytes(raw[:cut])
            try:
                sniff(path)
            except HoctapError as exc:
                assert path.name in str(exc) and not LIBRARY_WORDS.search(str(exc)), str(exc)
