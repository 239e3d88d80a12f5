"""Files that are not readable commune workbooks: a clear message, exit 2, nothing changed."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from hoctap_xl.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "05999_Tan_Van_2025.xlsm"
    assert main(["new-workbook", str(path), "--tinh", "Lạng Sơn", "--xa", "Tân Văn", "--nam", "2025"]) == 0
    return path


def test_password_protected_workbook(blank, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    locked = tmp_path / "co_mat_khau.xlsx"
    with blank.open("rb") as src, locked.open("wb") as dst:
        OOXMLFile(src).encrypt("123456", dst)
    run = run_cli("check", str(locked))
    assert run.returncode == 2
    assert "mật khẩu" in run.stderr and "co_mat_khau.xlsx" in run.stderr and "Traceback" not in run.stderr


def test_docx_renamed_as_workbook(tmp_path):
    import zipfile

    fake = tmp_path / "bao_cao.xlsx"
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    run = run_cli("results", str(fake), "--json")
    assert run.returncode == 2 and "bao_cao.xlsx" in run.stderr and run.stdout == ""


def test_some_other_workbook_is_not_ours(tmp_path):
    import openpyxl

    other = tmp_path / "danh_sach.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Họ và tên"
    wb.save(other)
    run = run_cli("check", str(other))
    assert run.returncode == 2 and "không phải sổ học tập" in run.stderr


def test_a_folder_is_not_a_workbook(tmp_path):
    run = run_cli("check", str(tmp_path))
    assert run.returncode == 2 and "thư mục" in run.stderr


@pytest.mark.skipif(not (FIXTURES / "xa_mau_luu_dang_xls.xls").exists(), reason="fixture not built")
def test_old_xls_is_read():
    """tests/fixtures/make_fixtures.py saved a filled workbook as Excel 97-2003 with LibreOffice."""
    import json

    path = FIXTURES / "xa_mau_luu_dang_xls.xls"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    run = run_cli("results", str(path), "--json")
    assert run.returncode in (0, 1), run.stderr
    data = json.loads(run.stdout)
    assert data["xa"] == "Tân Văn" and len(data["cong_dan"]) == 60
    assert any(f["ma"] == "mat-macro" for f in data["phat_hien"])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    score = run_cli("score", str(path))
    assert score.returncode == 2 and ".xls" in score.stderr


def test_score_keeps_every_other_part_byte_for_byte(blank, tmp_path):
    import zipfile

    out = tmp_path / "ket_qua.xlsm"
    assert run_cli("score", str(blank), "--out", str(out)).returncode == 0
    with zipfile.ZipFile(blank) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        changed = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert all(n.startswith("xl/worksheets/sheet") for n in changed)


def test_unwritable_output(blank, tmp_path):
    run = run_cli("score", str(blank), "--out", str(tmp_path / "khong_co" / "x.xlsm"))
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_no_arguments_and_bad_arguments():
    assert main([]) == 2
    assert main(["results"]) == 2
    assert main(["--version"]) == 0


def test_bytes_not_a_zip(tmp_path):
    f = tmp_path / "x.xlsm"
    f.write_bytes(io.BytesIO(b"\x00" * 100).getvalue())
    run = run_cli("check", str(f))
    assert run.returncode == 2 and "không phải là tệp Excel" in run.stderr
