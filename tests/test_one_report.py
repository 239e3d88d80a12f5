"""One error report everywhere: the same findings (code, level, sheet, cell, message) from
`check --json`, `results --json`, the workbook's `Lỗi nhập liệu` sheet (button) and the level
above's `Phát hiện` sheet; and outputs never land among the inputs or corrupt each other."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hoctap_xl import layout as L
from hoctap_xl.excel import buttons
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample

from .fake_xlwings import Book


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mot") / "so"
    folder.mkdir()
    s = sample.generate(6, province="Lạng Sơn", commune="Châu Sơn", year=2025, code="06097", persons=160,
                        households=60, thon=4)
    path = folder / "06097.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Châu Sơn", year=2025, code="06097", info=s.info, tables=s.tables)
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True)


def key(f: dict) -> tuple:
    return (f["ma"], f["muc_do"], f["sheet"] or "", f["o"] or "", f["thong_diep"])


def test_the_same_findings_everywhere(workbook, tmp_path):
    check = sorted(key(f) for f in json.loads(cli("check", str(workbook), "--json").stdout)["phat_hien"])
    results = sorted(key(f) for f in json.loads(cli("results", str(workbook), "--json").stdout)["phat_hien"])
    assert check == results and any(f[1] == "lỗi" for f in check)

    book = Book(workbook)
    buttons.check_workbook(book)
    sheet = book.sheets[L.LOI_NHAP_LIEU]
    rows = [[sheet.get(r, c) for c in range(1, 8)] for r in range(2, 2 + len(check))]
    in_sheet = sorted((r[4], r[1], r[2] or "", r[3] or "", r[5]) for r in rows)
    assert in_sheet == check

    cli("aggregate", str(workbook.parent), "--out", str(tmp_path / "t.xlsx"))
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Phát hiện"]
    found = sorted((r[4], r[5], r[2] or "", r[3] or "", r[6]) for r in ws.iter_rows(min_row=5, values_only=True)
                   if r[1] == workbook.name and r[4] not in ("ket-qua-khac", "ket-qua-bao-loi"))
    assert found == check


def test_outputs_inside_the_input_folder_are_refused(workbook):
    run = cli("aggregate", str(workbook.parent), "--out", str(workbook.parent / "tong-hop.xlsx"))
    assert run.returncode == 2 and "thư mục sổ" in run.stderr
    assert sorted(p.name for p in workbook.parent.iterdir()) == [workbook.name]


def test_two_runs_writing_the_same_output_at_once_leave_a_whole_file(workbook, tmp_path):
    out = tmp_path / "t.xlsx"
    cmd = [sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(workbook.parent), "--out", str(out)]
    runs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    assert all(p.wait() in (0, 1) for p in runs)
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
    assert openpyxl.load_workbook(out).sheetnames[0] == "Tổng hợp"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]  # no temporary file left behind
