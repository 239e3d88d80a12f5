"""The district workbook (workbook/Tong_hop_cap_tren.xlsm) and its Tổng hợp button, on the
stand-in Book (no Excel on Linux)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hoctap_xl import layout as L
from hoctap_xl.excel import district_buttons
from hoctap_xl.formats.district_workbook import new_district_workbook
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.level_above.tables import FILES, FINDINGS, SUMMARY
from hoctap_xl.samples import generator as sample

from .fake_xlwings import Book

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("gui-len")
    for seed, xa, ma in ((3, "Tân Văn", "06166"), (7, "Châu Sơn", "06097")):
        s = sample.generate(seed, province="Lạng Sơn", commune=xa, year=2025, code=ma, persons=80, households=30,
                            thon=3,
                            mistakes=seed == 7)
        new_workbook(root / f"{ma}.xlsm", province="Lạng Sơn", commune=xa, year=2025, code=ma, info=s.info,
                     tables=s.tables)
    (root / "hong.xlsx").write_bytes(b"not a workbook")
    return root


@pytest.fixture
def district(tmp_path) -> Path:
    return new_district_workbook(tmp_path / "Tong_hop.xlsm")


def test_button_fills_the_sheets_like_the_command_line(folder, district, tmp_path):
    book = Book(district)
    book.sheets["Hướng dẫn"].range("B4").value = [[str(folder)]]
    message = district_buttons.summarise(book)
    assert "Đã tổng hợp 2 xã/phường từ 3 sổ" in message and book.app.alerts == [message]
    summary = book.sheets[SUMMARY]
    names = [summary.get(r, 2) for r in range(5, 8)]
    assert names == ["Châu Sơn", "Tân Văn", "Tổng"]  # file name order: 06097, 06166
    cli = json.loads(subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(folder), "--out",
                                     str(tmp_path / "t.xlsx"), "--json"], capture_output=True, text=True).stdout)
    first = cli["tong"][0]
    assert summary.get(7, 4) == first["so_dat"] and summary.get(7, 5) == first["tong_so"]
    assert summary.formats[(7, 6)] == "0.00%"
    files = book.sheets[FILES]
    listed = {files.get(r, 2): files.links.get((r, 2)) for r in range(5, 8)}
    assert set(listed) == {"06166.xlsm", "06097.xlsm", "hong.xlsx"}
    assert all(link and link.startswith("file://") for link in listed.values())
    findings = book.sheets[FINDINGS]
    assert any(findings.get(r, 6) == "lỗi" for r in range(5, 5 + 50))


def test_empty_folder_cell_asks_and_a_cancelled_dialog_says_what_to_do(district):
    book = Book(district)
    message = district_buttons.summarise(book, ask=lambda: "")
    assert "B4" in message and "Hướng dẫn" in message


def test_a_missing_folder_is_a_message_not_a_traceback(district, tmp_path):
    book = Book(district)
    message = district_buttons.summarise(book, folder=str(tmp_path / "khong-co"))
    assert message.startswith("Không tổng hợp được") and "Không có thư mục" in message


def test_district_workbook_has_its_sheets_folder_name_conf_and_buttons(district):
    import openpyxl

    wb = openpyxl.load_workbook(district, keep_vba=True)
    assert wb.sheetnames[:4] == ["Hướng dẫn", SUMMARY, FINDINGS, FILES]
    assert "ThuMucSo" in wb.defined_names
    conf = wb["xlwings.conf"]
    assert conf["A1"].value == "UDF Modules" and conf["B1"].value == "hoctap_xl.district_buttons"
    with zipfile.ZipFile(district) as z:
        vml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".vml"))
        assert "xl/vbaProject.bin" in z.namelist()
    macros = set(re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml))
    assert macros == {m for _, m in L.DISTRICT_BUTTONS}


def test_every_district_button_macro_exists_in_the_project_or_the_golden_wrappers():
    golden = (ROOT / "macros" / "tong_hop.bas").read_text(encoding="utf-8")
    subs = set(re.findall(r"^Sub (\w+)\(\)", golden, re.M))
    assert {m for _, m in L.DISTRICT_BUTTONS} - {"ImportPythonUDFs"} == subs


def test_shipped_district_workbook_is_current(tmp_path):
    import openpyxl

    fresh = openpyxl.load_workbook(new_district_workbook(tmp_path / "x.xlsm"))
    shipped = openpyxl.load_workbook(ROOT / "workbook" / "Tong_hop_cap_tren.xlsm")
    assert fresh.sheetnames == shipped.sheetnames
    for name in fresh.sheetnames:
        a = [[c.value for c in row] for row in fresh[name].iter_rows()]
        b = [[c.value for c in row] for row in shipped[name].iter_rows()]
        assert a == b, name
