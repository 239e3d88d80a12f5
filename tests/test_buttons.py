"""The buttons' Python side, on a stand-in for xlwings' Book built from real workbooks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hoctap_xl import layout as L
from hoctap_xl.excel import buttons
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample

from .fake_xlwings import Book


@pytest.fixture
def workbook(tmp_path):
    def make(mistakes: bool):
        s = sample.generate(9, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=200,
                            households=80,
                            thon=4, mistakes=mistakes)
        path = tmp_path / ("loi" if mistakes else "sach") / "So hoc tap.xlsm"
        path.parent.mkdir()
        new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, info=s.info, tables=s.tables)
        return path
    return make


def test_reading_the_open_book_gives_what_the_cli_gives(workbook):
    path = workbook(True)
    cli = json.loads(subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "results", str(path), "--json"],
                                    capture_output=True, text=True).stdout)
    from_book = buttons.compute(Book(path)).to_json()
    assert from_book["cong_dan"] == cli["cong_dan"] and from_book["ty_le"] == cli["ty_le"]
    assert [f["ma"] for f in from_book["phat_hien"]] == [f["ma"] for f in cli["phat_hien"]]


def test_check_button_writes_findings_with_links_after_the_contract_sheets(workbook):
    book = Book(workbook(True))
    message = buttons.check_workbook(book)
    names = [s.name for s in book.sheets]
    assert names.index(L.LOI_NHAP_LIEU) == names.index(L.NOI_DUNG) + 1
    sheet = book.sheets[L.LOI_NHAP_LIEU]
    assert [sheet.get(1, c) for c in range(1, 8)] == list(buttons.FINDINGS_HEADERS)
    assert sheet.get(2, 2) == "lỗi" and "diem-" in "".join(str(sheet.get(r, 5)) for r in range(2, 12))
    assert any(link.startswith("#'Công dân học tập'!") for link in sheet.links.values())
    assert "lỗi" in message and book.app.alerts == [message]
    buttons.check_workbook(book)  # a second run replaces the sheet's content, adds no sheet
    assert [s.name for s in book.sheets].count(L.LOI_NHAP_LIEU) == 1


def test_publish_refuses_while_there_are_errors(workbook):
    book = Book(workbook(True))
    message = buttons.publish(book)
    assert message.startswith("Chưa xuất bản") and not book.api.saved


def test_publish_saves_an_ascii_named_copy(workbook):
    book = Book(workbook(False))
    message = buttons.publish(book)
    assert book.app.calculations == 1
    assert book.api.saved and book.api.saved[0].endswith("05999_Tan_Van_2025.xlsm"), message


def test_publish_refuses_when_result_cells_show_name_errors(workbook):
    book = Book(workbook(False))
    sheet = book.sheets[L.CONG_DAN]
    sheet.cells[(4, 22)] = "#NAME?"
    message = buttons.publish(book)
    assert "Công dân học tập (#NAME?)" in message and not book.api.saved


def test_self_test_reports_each_check_with_advice(workbook):
    book = Book(workbook(False))
    checks = dict((name, (ok, text)) for name, ok, text in buttons.self_test(book))
    assert checks["Python"][0] and checks["Hàm HT_"][0]
    assert checks["Đường dẫn sổ"][0] is str(book.fullname).isascii()
    book.fullname = "C:\\Users\\Nguyễn Văn A\\So.xlsm"
    checks = dict((name, (ok, text)) for name, ok, text in buttons.self_test(book))
    assert not checks["Đường dẫn sổ"][0] and "không dấu" in checks["Đường dẫn sổ"][1]


def test_documents_button_refuses_on_errors_and_lists_them(workbook):
    path = workbook(True)
    book = Book(path)
    message = buttons.make_documents(book, open_folder=False)
    assert message.startswith("Chưa tạo văn bản nào") and "Công dân học tập!" in message
    assert not (path.parent / "van-ban-2025").exists()
    assert L.LOI_NHAP_LIEU in [s.name for s in book.sheets]


def test_documents_button_writes_the_same_set_as_the_cli_beside_the_workbook(workbook):
    path = workbook(False)
    message = buttons.make_documents(Book(path), open_folder=False)
    folder = path.parent / "van-ban-2025"
    assert "Đã tạo" in message and (folder / "bao-cao-2025.docx").is_file()
    out = path.parent / "cli"
    subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "report", str(path), "--out", str(out)], check=True,
                   capture_output=True)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in out.iterdir())


def test_self_test_flags_a_different_xlwings_version(workbook, monkeypatch):
    import xlwings

    book = Book(workbook(False))
    monkeypatch.setattr(xlwings, "__version__", "0.30.0")
    checks = {name: (ok, text) for name, ok, text in buttons.self_test(book)}
    assert not checks["xlwings"][0] and "install.ps1" in checks["xlwings"][1]


def test_new_year_button_writes_what_next_year_writes_and_leaves_the_book(workbook):
    path = workbook(False)
    before = path.read_bytes()
    message = buttons.new_year(Book(path), open_it=False)
    target = path.parent / "05999_Tan_Van_2026.xlsm"
    assert "Đã tạo sổ năm 2026" in message and target.is_file() and path.read_bytes() == before
    cli = path.parent / "cli.xlsm"
    subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "next-year", str(path), str(cli)], check=True,
                   capture_output=True)
    from hoctap_xl.formats import carry_files as carry_io

    assert carry_io.read(target).content.tables == carry_io.read(cli).content.tables
    again = buttons.new_year(Book(path), open_it=False)
    assert again.startswith("Không tạo được sổ năm mới") and "đã có" in again


def test_split_button_writes_one_file_per_thon_beside_the_book(workbook):
    path = workbook(False)
    message = buttons.split_by_thon(Book(path), open_folder=False)
    folder = path.parent / "chi-hoi-2025"
    assert "4 tệp" in message and len(list(folder.glob("*.xlsm"))) == 4
