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
