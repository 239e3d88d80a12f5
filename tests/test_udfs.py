"""The Excel functions give what ``score`` stores and ``results --json`` reports (parity), fed the
values xlwings would pass: 2-D lists of the named ranges, floats for numbers, None for blanks."""

from __future__ import annotations

import re

import openpyxl
import pytest

from hoctap_xl import layout as L
from hoctap_xl.excel import udfs
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample
from hoctap_xl.sheets.cells import col_to_index

REF = re.compile(r"^=?'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    s = sample.generate(5, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=300,
                        households=120, thon=5)
    path = tmp_path_factory.mktemp("udf") / "xa.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, info=s.info, tables=s.tables)
    values = openpyxl.load_workbook(path, data_only=True)     # the cached values `score` stored
    formulas = openpyxl.load_workbook(path)

    def named(name: str) -> list[list[object]]:
        m = REF.match(formulas.defined_names[name].attr_text)
        assert m, name
        sheet, c0, r0, c1, r1 = m.group(1), col_to_index(m.group(2)), int(m.group(3)), col_to_index(m.group(4)), \
            int(m.group(5))
        ws = values[sheet]
        return [[None if (v := ws.cell(r, c).value) == "" else (float(v) if isinstance(v, int) and
                 not isinstance(v, bool) else v) for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]

    def cached(sheet: str, rng: str) -> list[list[object]]:
        ws = values[sheet]
        return [[None if c.value == "" else c.value for c in row] for row in ws[rng]]

    return named, cached, formulas


def norm(block):
    return [[None if v == "" else (round(v, 9) if isinstance(v, float) else v) for v in row] for row in block]


@pytest.mark.parametrize(("key", "sheet", "args"), [
    ("cong_dan", L.CONG_DAN, ("CongDan", "Thon", "DonVi", "ThongTin", "BoTieuChi")),
    ("gia_dinh", L.GIA_DINH, ("GiaDinh", "Thon", "DongHo", "BoTieuChi")),
    ("dong_ho", L.DONG_HO, ("DongHo", "GiaDinh", "Thon", "BoTieuChi")),
    ("cong_dong", L.CONG_DONG, ("CongDong", "GiaDinh", "Thon", "BoTieuChi")),
    ("don_vi", L.DON_VI, ("DonVi", "BoTieuChi")),
])
def test_model_functions_match_the_stored_results(book, key, sheet, args):
    named, cached, formulas = book
    fn = getattr(udfs, L.FORMULAS[key].split("(")[0])
    out = fn(*(named(a) for a in args))
    anchor = next(c for row in formulas[sheet].iter_rows(min_row=L.HEADER_ROW + 1, max_row=L.HEADER_ROW + 1)
                  for c in row if hasattr(c.value, "ref"))
    assert norm(out) == norm(cached(sheet, anchor.value.ref))
    assert any(row[0] not in ("", None) for row in out)  # not an empty comparison


def test_shares_and_by_thon_match(book):
    named, cached, _ = book
    shares = udfs.HT_TY_LE(*(named(n) for n in ("ThongTin", "Thon", "CongDan", "GiaDinh", "DongHo", "CongDong",
                                                "DonVi", "ChiTieu", "BoTieuChi")))
    assert norm(shares) == norm(cached(L.TONG_HOP, f"C5:{chr(ord('C') + len(L.SHARE_RESULT_HEADERS) - 1)}11"))
    by_thon = udfs.HT_THEO_THON(*(named(n) for n in ("Thon", "CongDan", "GiaDinh", "DongHo", "CongDong", "DonVi",
                                                     "ThongTin", "BoTieuChi")))
    assert len(by_thon) == L.TABLES["thon"].rows and by_thon[0][0].startswith(("Thôn", "Bản", "Tổ", "Khóm"))
    assert udfs.HT_CAP_XA(named("CapXa"))[0][0] in ("Mức độ 1 (Khá)", "Mức độ 2 (Tốt)", "Chưa đạt")


def test_single_row_without_header(book):
    named, _, _ = book
    table = named("CongDan")
    full = udfs.HT_CONG_DAN(table, named("Thon"), named("DonVi"), named("ThongTin"), named("BoTieuChi"))
    one = udfs.HT_CONG_DAN([table[1]], named("Thon"), named("DonVi"), named("ThongTin"), named("BoTieuChi"))
    assert one == [full[0]]


def test_bad_input_is_a_short_vietnamese_error_text_never_an_exception():
    out = udfs.HT_CONG_DAN([["Họ và tên"], ["x"]], "không phải bảng", None, None, [["rác"]])
    assert isinstance(out, list)
    assert udfs.HT_CHI_TIEU([["Mã", "Nội dung", 2025]], "KHONG_CO", 2025)[0][0].startswith("#LỖI")
    assert udfs.HT_DAT_CHI_TIEU(0.69996, "70 %") == [["Chưa đạt"]]
    assert udfs.HT_DAT_CHI_TIEU(1.2, 0.7) == [["Đạt"]]
    assert udfs.HT_CHENH_LECH(0.7048, 0.7) == [[0.48]]
    assert udfs.HT_CHI_TIEU([["Mã", "Nội dung", 2025.0, 2030.0], ["GIA_DINH", "x", 0.7, None]], "GIA_DINH",
                            2027) == [[0.7]]


@pytest.mark.parametrize("cells", [
    None,                       # an empty range
    7.0,                        # a single cell
    [8.0, 9.0],                 # a single row as xlwings gives it (1-D)
    [["#N/A", None, "#VALUE!"]],  # Excel error values passed as text
    [[__import__("datetime").datetime(2025, 1, 5), "x"]],
])
def test_odd_ranges_give_a_block_or_a_short_error_never_an_exception(cells):
    for fn in (udfs.HT_CONG_DAN, udfs.HT_GIA_DINH, udfs.HT_DONG_HO, udfs.HT_CONG_DONG):
        out = fn(cells, [["Tên thôn/TDP"]], None, None)
        assert isinstance(out, list) and all(isinstance(r, list) for r in out)
        assert all(not isinstance(v, str) or not v.startswith("Traceback") for r in out for v in r)
    out = udfs.HT_DON_VI(cells)
    assert isinstance(out, list)


def test_empty_table_gives_an_empty_block_of_the_right_height():
    header = [list(L.CONG_DAN_HEADERS)]
    out = udfs.HT_CONG_DAN(header + [[None] * len(L.CONG_DAN_HEADERS)] * 3, [["Tên thôn/TDP"]])
    assert out == [[""] * len(L.TABLES["cong_dan"].results)] * 3
