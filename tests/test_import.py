"""import (issue 7): real-looking lists — shuffled columns, merged title rows, TCVN3 and VNI text,
.xls, .csv in UTF-8 and in Windows-1258 — matched by meaning, previewed before writing,
duplicates and unknown thôn listed, a backup kept, the workbook's other rows untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from hoctap_xl.carry.list_import import match, normalise, table_key
from hoctap_xl.formats import carry_files as carry_io
from hoctap_xl.text import legacy

FIXTURES = Path(__file__).parent / "fixtures"
BOOK = FIXTURES / "mau-1.0_tan-van-2025.xlsm"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr, run.stderr[-800:]
    return run


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "xa.xlsm"
    shutil.copy(BOOK, path)
    return path


@pytest.mark.parametrize("header", ["Họ và tên", "Họ tên", "Ho va ten", "HỌ TÊN", "Họ và tên:", " họ  và tên ",
                                    "HO TEN", "Họ và tên công dân"])
def test_name_headers_match_by_meaning(header):
    assert match(header, ("Họ và tên", "Năm sinh", "Thôn/TDP")) == "Họ và tên"


def test_other_headers_and_tables():
    wanted = ("Họ và tên", "Năm sinh", "Thôn/TDP", "Chỉ số 3", "Kỹ năng số")
    assert match("Ngày sinh", wanted) == "Năm sinh" and match("Tổ dân phố", wanted) == "Thôn/TDP"
    assert match("CS3", wanted) == "Chỉ số 3" and match("KNS", wanted) == "Kỹ năng số"
    assert match("Số điện thoại", wanted) is None and normalise("Thôn/TDP") == "thon tdp"
    assert table_key("Công dân học tập") == "cong_dan" and table_key("gia-dinh") == "gia_dinh"
    assert table_key("cong dan hoc tap") == "cong_dan" and table_key("Bảng lạ") is None


def _tcvn3_list(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = legacy.to_tcvn3("UBND XÃ TÂN VĂN")
    ws.merge_cells("A1:F1")
    ws["A2"] = legacy.to_tcvn3("DANH SÁCH ĐĂNG KÝ CÔNG DÂN HỌC TẬP NĂM 2025")
    ws.merge_cells("A2:F2")
    ws.append([])
    ws.append(["STT", "Thôn", "Họ tên", "Năm sinh", "Giới tính", "Ghi chú"])
    for c in ws[4][1:]:
        c.value = legacy.to_tcvn3(c.value)
    people = [("Thôn Còn Kheo", "Nguyễn Văn Mới", 1980, "Nam"), ("Bản Khuổi Bó", "Hoàng Thị Nhập", 1992, "Nữ"),
              ("Bản Mới Lập", "Đỗ Văn Xa", 1975, "Nam"), ("Thôn Còn Kheo", "Nguyễn Văn Mới", 1980, "Nam")]
    for i, (thon, name, year, sex) in enumerate(people, start=1):
        ws.append([i, legacy.to_tcvn3(thon), legacy.to_tcvn3(name), year, legacy.to_tcvn3(sex), None])
    wb.save(path)


def test_a_tcvn3_list_with_a_merged_title_is_previewed_then_written(book, tmp_path):
    source = tmp_path / "danh-sach.xlsx"
    _tcvn3_list(source)
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    old = carry_io.read(book).content
    preview = _cli("import", str(source), "--into", str(book), "--bang", "Công dân học tập")
    assert preview.returncode == 0 and "--dong-y" in preview.stdout and "Họ tên" in preview.stdout
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before  # a preview writes nothing

    run = _cli("import", str(source), "--into", str(book), "--bang", "Công dân học tập", "--dong-y", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["dong_tieu_de"] == 4 and out["them"] == 3 and out["khong_them"] == 1 and out["da_ghi"]
    codes = {f["ma"] for f in out["phat_hien"]}
    assert {"bang-ma-cu", "trung-khi-nhap", "thon-chua-co-khi-nhap"} <= codes
    assert hashlib.sha256(Path(out["sao_luu"]).read_bytes()).hexdigest() == before
    new = carry_io.read(book).content
    people = new.tables["cong_dan"]
    assert [r.values for r in people[:len(old.tables["cong_dan"])]] == [r.values for r in old.tables["cong_dan"]]
    added = [r.values for r in people[len(old.tables["cong_dan"]):]]
    assert [(p["Họ và tên"], p["Năm sinh"], p["Thôn/TDP"], p["Giới tính"]) for p in added] == [
        ("Nguyễn Văn Mới", 1980, "Thôn Còn Kheo", "Nam"), ("Hoàng Thị Nhập", 1992, "Bản Khuổi Bó", "Nữ"),
        ("Đỗ Văn Xa", 1975, "Bản Mới Lập", "Nam")]
    again = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--dong-y", "--json")
    assert json.loads(again.stdout)["them"] == 0  # everyone is already there


def test_an_xls_household_list_in_vni(book):
    run = _cli("import", str(FIXTURES / "danh-sach-ho-vni.xls"), "--into", str(book), "--bang", "Gia đình học tập",
               "--dong-y", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["cot"] == {"Họ tên chủ hộ": 2, "Số thành viên": 3, "Thôn/TDP": 4, "Dòng họ": 5}
    added = carry_io.read(book).content.tables["gia_dinh"][-5:]
    assert [r.values["Họ tên chủ hộ"] for r in added] == ["Hoàng Văn Thắng", "Lương Thị Huyền", "Nông Đức Mạnh",
                                                         "Triệu Thị Nguyệt", "Đàm Văn Ước"]
    assert added[1].values["Thôn/TDP"] == "Bản Khuổi Bó" and added[0].values["Dòng họ"] == "Dòng họ Hoàng"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Excel writes it: letters with a hat precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts if m in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1258"])
def test_csv_lists_in_utf8_and_windows_1258(book, tmp_path, encoding):
    text = ("Ho va ten;Nam sinh;Thon\nLý Thị Hường;1988;Bản Khuổi Tẩu\nPhùng Văn Ước;1979;Bản Khau Ràng\n"
            "Lý Thị Hường;1988;Bản Khau Ràng\n")  # same name and year, another thôn: another person
    source = tmp_path / f"ds-{encoding}.csv"
    source.write_bytes(text.encode("utf-8-sig") if encoding == "utf-8" else _cp1258(text))
    run = _cli("import", str(source), "--into", str(book), "--bang", "Công dân học tập", "--dong-y", "--json")
    assert run.returncode == 0, run.stderr
    added = carry_io.read(book).content.tables["cong_dan"][-3:]
    assert [(r.values["Họ và tên"], r.values["Năm sinh"], r.values["Thôn/TDP"]) for r in added] == [
        ("Lý Thị Hường", 1988, "Bản Khuổi Tẩu"), ("Phùng Văn Ước", 1979, "Bản Khau Ràng"),
        ("Lý Thị Hường", 1988, "Bản Khau Ràng")]


def test_a_list_without_a_name_column_is_refused_with_what_was_seen(book, tmp_path):
    source = tmp_path / "la.csv"
    source.write_text("Mã;Số điện thoại\n1;0912\n", encoding="utf-8")
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    run = _cli("import", str(source), "--into", str(book), "--bang", "Công dân học tập", "--dong-y")
    assert run.returncode == 2 and "la.csv" in run.stderr and "Số điện thoại" in run.stderr
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before
    forced = _cli("import", str(source), "--into", str(book), "--bang", "Công dân học tập",
                  "--cot", "Họ và tên=Số điện thoại", "--json")
    assert forced.returncode == 0 and json.loads(forced.stdout)["them"] == 1


# -- issue 14: legacy text converted only when it is legacy; every change shown, nothing else written --

_OUTSIDE_PEOPLE = [("· Hà Tú", "Thôn 1"), ("· Lê Bá", "Thôn 2"), ("Ø", "Thôn 1"), ("«", "Thôn 2"), ("Rö", "Ø"),
                   ("Müller", "«"), ("Ørsted", "Thôn 1"), ("Dvořák", "Thôn 1"), ("Œuvre", "Thôn 2"),
                   ("«Le Monde»", "Thôn 1"), ("Zoë", "Thôn 2"), ("José Núñez", "Thôn 1"), ("Ærø", "Thôn 2"),
                   ("Łódź", "Thôn 1"), ("Søren Kierkegaard", "Rö"), ("François Mauriac", "Thôn 2"),
                   ("Nguyễn Văn An", "Thôn 1"), ("Lê Hà", "Thôn 2")]


def _outside_list(path: Path, font: str | None = None) -> None:
    rows = [["Họ và tên", "Năm sinh", "Thôn"]] + [[n, 1970 + i, t] for i, (n, t) in enumerate(_OUTSIDE_PEOPLE)]
    if path.suffix == ".csv":
        path.write_text("\n".join(";".join(str(v) for v in r) for r in rows) + "\n", encoding="utf-8")
        return
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    if font:
        for row in ws.iter_rows():
            for c in row:
                c.font = Font(name=font)
    wb.save(path)


@pytest.mark.parametrize("name, font", [("ngoai.csv", None), ("ngoai.xlsx", None), ("ngoai-vntime.xlsx", ".VnTime")])
def test_unicode_lists_from_outside_are_imported_exactly_as_typed(book, tmp_path, name, font):
    """Middle dots, «, Ø, Rö, names from other alphabets — even in a file whose styles name .VnTime."""
    source = tmp_path / name
    _outside_list(source, font)
    preview = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--json")
    assert preview.returncode == 0, preview.stderr
    shown = json.loads(preview.stdout)
    assert shown["o_doi_bang_ma"] == 0 and shown["doi_bang_ma"] == []
    assert "bang-ma-cu" not in {f["ma"] for f in shown["phat_hien"]}
    run = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--dong-y", "--json")
    assert run.returncode == 0 and json.loads(run.stdout)["them"] == len(_OUTSIDE_PEOPLE)
    added = carry_io.read(book).content.tables["cong_dan"][-len(_OUTSIDE_PEOPLE):]
    assert [(r.values["Họ và tên"], r.values["Thôn/TDP"]) for r in added] == _OUTSIDE_PEOPLE


def _typed_cells(path: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path).active
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def test_the_preview_shows_every_cell_it_changes_and_writing_changes_exactly_those(book, tmp_path):
    source = tmp_path / "danh-sach.xlsx"
    _tcvn3_list(source)
    text = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan")
    preview = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--json")
    shown = json.loads(preview.stdout)
    changes = {c["o"]: (c["go"], c["ghi"]) for c in shown["doi_bang_ma"]}
    assert len(changes) == shown["o_doi_bang_ma"] == 7 and all(c["bang_ma"] == "TCVN3" for c in shown["doi_bang_ma"])
    for cell, (typed, written) in changes.items():  # every one in the text preview, none left out
        assert f"{cell} \u201c{typed}\u201d  →  \u201c{written}\u201d (TCVN3)" in text.stdout
    assert text.stdout.count("(TCVN3)\n") == len(changes)

    run = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--dong-y", "--json")
    assert json.loads(run.stdout)["doi_bang_ma"] == shown["doi_bang_ma"]
    typed = _typed_cells(source)
    cols = {head: openpyxl.utils.get_column_letter(j) for head, j in shown["cot"].items()}
    added = carry_io.read(book).content.tables["cong_dan"][-3:]
    written_otherwise = {}
    for row_no, person in zip((5, 6, 7), added, strict=True):  # row 8 repeats row 5: not added
        for head, col in cols.items():
            cell = f"{col}{row_no}"
            if cell in typed and person.values[head] != typed[cell]:
                written_otherwise[cell] = (typed[cell], person.values[head])
    assert written_otherwise == changes  # written otherwise than typed = exactly what was shown


@pytest.mark.parametrize("font, expected", [(None, ["TrÇn", "HiÒn", "ChiÕn"]), (".VnTime", ["Trần", "Hiền", "Chiến"])])
def test_the_list_fonts_decide_single_words(book, tmp_path, font, expected):
    """Alone, "TrÇn" could be anything; in a list whose styles name .VnTime it is TCVN3 "Trần"."""
    from openpyxl.styles import Font

    source = tmp_path / "thon.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Ten thon", "So ho"], ["TrÇn", 10], ["HiÒn", 12], ["ChiÕn", 9]):
        ws.append(r)
    if font:
        for row in ws.iter_rows(min_row=2, max_col=1):
            row[0].font = Font(name=font)
    wb.save(source)
    run = _cli("import", str(source), "--into", str(book), "--bang", "thon", "--dong-y", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["o_doi_bang_ma"] == (3 if font else 0)
    thon = carry_io.read(book).content.tables["thon"][-3:]
    assert [r.values["Tên thôn/TDP"] for r in thon] == expected


# -- issue 14: import messages ----------------------------------------------------------------------

def test_the_missing_column_hint_is_that_tables_own(book, tmp_path):
    source = tmp_path / "la.csv"
    source.write_text("Mã;Số điện thoại\n1;0912\n", encoding="utf-8")
    people = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan")
    homes = _cli("import", str(source), "--into", str(book), "--bang", "gia-dinh")
    assert people.returncode == homes.returncode == 2
    assert "\u201cHọ và tên\u201d (hay \u201cHọ tên\u201d" in people.stderr and "Ho va ten" in people.stderr
    assert "\u201cHọ tên chủ hộ\u201d (hay \u201cChủ hộ\u201d" in homes.stderr
    assert "Ho va ten" not in homes.stderr and "Họ tên," not in homes.stderr


def test_every_hint_is_a_header_the_import_recognises():
    from hoctap_xl.carry.list_import import _NAME_HEADER, _NAME_HINTS

    assert set(_NAME_HINTS) == set(_NAME_HEADER.values())
    for head, hints in _NAME_HINTS.items():
        for hint in hints:
            assert match(hint, (head,)) == head, (head, hint)


def test_the_headers_seen_are_shown_whole_or_cut_at_a_header(book, tmp_path):
    headers = [f"Cột dài số {i} có tên rất dài" for i in range(1, 31)]
    source = tmp_path / "rong.csv"
    source.write_text(";".join(headers) + "\n" + ";".join("x" * 30) + "\n", encoding="utf-8")
    run = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan")
    assert run.returncode == 2
    seen = run.stderr.split("dòng 1 có: ", 1)[1].split(")", 1)[0]
    quoted = seen.split(" … và ")[0]
    shown = [q.strip(" ,\u201c\u201d") for q in quoted.split("\u201d, \u201c")]
    assert shown == headers[:len(shown)] and 3 <= len(shown) < 30  # whole headers, none cut
    assert seen.endswith(f"… và {30 - len(shown)} cột khác")
    few = tmp_path / "it.csv"
    few.write_text("Mã;Số điện thoại;Địa chỉ\n1;0912;x\n", encoding="utf-8")
    whole = _cli("import", str(few), "--into", str(book), "--bang", "cong-dan")
    assert "dòng 1 có: \u201cMã\u201d, \u201cSố điện thoại\u201d, \u201cĐịa chỉ\u201d)" in whole.stderr
    assert "cột khác" not in whole.stderr


def test_a_cot_that_matches_nothing_is_an_error_naming_it(book, tmp_path):
    source = tmp_path / "ds.csv"
    source.write_text("Họ tên;Năm sinh\nLý Thị Hường;1988\n", encoding="utf-8")
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    run = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--cot", "Nhóm=Nhóm đối tượng",
               "--dong-y")
    assert run.returncode == 2 and "Nhóm đối tượng" in run.stderr and "ds.csv" in run.stderr
    assert "\u201cHọ tên\u201d, \u201cNăm sinh\u201d" in run.stderr  # the headers it found
    unknown = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--cot", "Tuổi=Năm sinh")
    assert unknown.returncode == 2 and "\u201cTuổi\u201d" in unknown.stderr and "Họ và tên" in unknown.stderr
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("header", ["№", "—", "Имя", "Ø", "姓名", "Ừ"])
def test_a_cot_matches_a_header_without_latin_letters(book, tmp_path, header):
    source = tmp_path / "ds.csv"
    source.write_text(f"STT;{header};Năm sinh\n1;Lý Thị Hường;1988\n", encoding="utf-8")
    run = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--cot", f"Họ và tên={header}",
               "--dong-y", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["cot"]["Họ và tên"] == 2
    assert carry_io.read(book).content.tables["cong_dan"][-1].values["Họ và tên"] == "Lý Thị Hường"


def test_a_cot_takes_the_exact_header_and_wins_over_meaning(book, tmp_path):
    source = tmp_path / "ds.csv"
    source.write_text("Họ tên;Ho ten;Tên khai sinh;Năm sinh\nA;B;Lý Thị Hường;1988\n", encoding="utf-8")
    exact = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--cot", "Họ và tên=Ho ten",
                 "--json")
    assert json.loads(exact.stdout)["cot"]["Họ và tên"] == 2  # "Ho ten", not "Họ tên" before it
    other = _cli("import", str(source), "--into", str(book), "--bang", "cong-dan", "--cot",
                 "ho va ten=Tên khai sinh", "--json")
    assert json.loads(other.stdout)["cot"]["Họ và tên"] == 3
