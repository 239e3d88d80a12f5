"""The template's structure, read back with openpyxl and the zip itself (no Excel here)."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from hoctap_xl import layout as L
from hoctap_xl.formats.template import build_workbook
from hoctap_xl.formats.workbook_file import default_info
from hoctap_xl.formats.xlsx_read import load
from hoctap_xl.rules import ruleset as R
from hoctap_xl.rules import targets as T
from hoctap_xl.sheets.geometry import geometry, result_blocks
from hoctap_xl.sheets.native import block_formula


def build(path, rules=None, tables=None, info=None):
    rules = rules or R.default()
    t = T.for_commune("quoc-gia", 2025, False)
    build_workbook(path, info or default_info(province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999"),
                   rules, t.values,
                   target_note=t.source, preset="quoc-gia", tables=tables)
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("tpl") / "mau.xlsm")
    return path, openpyxl.load_workbook(path, keep_vba=True)


def test_sheet_order_and_visibility(book):
    _, wb = book
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == list(L.VISIBLE_SHEETS)
    assert wb[L.META].sheet_state == "veryHidden" and wb[L.XLWINGS_CONF].sheet_state == "hidden"


def test_xlsm_declares_the_macro_enabled_content_type(book):
    path, _ = book
    with zipfile.ZipFile(path) as z:
        assert b"macroEnabled.main+xml" in z.read("[Content_Types].xml")


def test_exact_headers_and_result_columns(book):
    _, wb = book
    for key, g in geometry(R.default()).items():
        ws = wb[g.sheet]
        row = [c.value for c in ws[g.header_row]][: len(g.inputs) + len(g.results)]
        assert row == [*g.inputs, *g.results], key


def test_result_formulas_are_legacy_array_formulas_where_result_blocks_says(book):
    _, wb = book
    for key, (sheet, rng) in result_blocks(R.default()).items():
        cell = wb[sheet][rng.split(":")[0]]
        formula = cell.value.text if hasattr(cell.value, "text") else cell.value
        assert formula.lstrip("=") == block_formula(key, R.default()), key
        assert formula.lstrip("=").startswith(("IFERROR(" + L.FORMULAS[key] + ",", L.FORMULAS[key])), key
        if ":" in rng:
            assert cell.value.ref == rng, key


def test_defined_names_cover_header_and_rows(book):
    _, wb = book
    names = wb.defined_names
    assert names["CongDan"].attr_text == "'Công dân học tập'!$A$3:$R$6003"
    assert names["Thon"].attr_text == "'Thôn - TDP'!$A$3:$E$153"
    assert names["GiaDinh"].attr_text == "'Gia đình học tập'!$A$3:$I$2503"  # + Giới tính chủ hộ (1.3)
    for name in ("DongHo", "CongDong", "DonVi", "CapXa", "ChiTieu", "ThongTin", "BoTieuChi"):
        assert name in names


def test_inputs_unlocked_results_locked_sheets_protected(book):
    _, wb = book
    ws = wb[L.CONG_DAN]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.column_dimensions["A"].width >= 20
    assert ws["S4"].protection.locked  # Tổng điểm (result)
    assert ws.freeze_panes == "B4"
    assert ws.print_title_rows == "$1:$3"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0  # one page wide


def test_dropdowns(book):
    _, wb = book
    dv = {tuple(str(r) for r in v.sqref.ranges): v for v in wb[L.CONG_DAN].data_validations.dataValidation}
    by_col = {k[0][:1] if k[0][1].isdigit() else k[0][:2]: v for k, v in dv.items()}
    assert by_col["D"].formula1 == "'Thôn - TDP'!$A$4:$A$153"
    assert by_col["E"].formula1 == "'Đơn vị học tập'!$A$4:$A$203"
    assert by_col["F"].formula1 == '"1,2,3"'
    assert by_col["Q"].formula1 == '"Có,Không"'
    assert by_col["G"].type == "whole" and by_col["G"].formula1 == "1" and by_col["G"].formula2 == "10"


def test_meta_and_rule_set_copy_round_trip(book):
    path, _ = book
    data = load(path)
    assert data.meta["template_version"] == L.TEMPLATE_VERSION
    assert data.meta["bo_tieu_chi_hash"] == R.default().digest()
    assert data.rules == R.default()
    assert not [f for f in data.findings if f.code in ("bo-tieu-chi-bi-sua", "cau-truc-khac")]


def test_custom_rule_set_with_five_household_criteria(tmp_path):
    d = R.default().model_dump(mode="json")
    d["id"] = "tinh-thu"
    d["gia_dinh"]["tieu_chi"].append({"ma": "TC5", "ten": "Đọc sách", "diem_toi_da": 10, "diem_toi_thieu": 5})
    custom = R.from_dict(d, "test")
    path = build(tmp_path / "tinh.xlsm", rules=custom)
    wb = openpyxl.load_workbook(path)
    g = geometry(custom)["gia_dinh"]
    assert [c.value for c in wb[L.GIA_DINH][3]][:9] == [*L.GIA_DINH_HEADERS, *(f"Tiêu chí {i}" for i in range(1, 6))]
    _, rng = result_blocks(custom)["gia_dinh"]
    assert rng == g.result_range == "K4:M2503"  # after Giới tính chủ hộ (J)
    assert load(path).rules == custom


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    info = default_info(province="Lạng Sơn", commune="=HYPERLINK(\"x\")", year=2025)
    tables = {"thon": [{"Tên thôn/TDP": "=1+1", "Tổng số hộ": 10, "Tổng số dòng họ": 2, "Số người lao động": 20}],
              "cong_dan": [{"Họ và tên": "+Nguyễn & <Văn>", "Thôn/TDP": "=1+1", "Nhóm": 1}]}
    path = build(tmp_path / "a.xlsm", tables=tables, info=info)
    wb = openpyxl.load_workbook(path)
    assert wb[L.THON]["A4"].data_type == "s" and wb[L.THON]["A4"].value == "=1+1"
    assert wb[L.THON]["A4"].protection.locked is False  # an input cell
    assert wb[L.CONG_DAN]["A4"].value == "+Nguyễn & <Văn>"
    assert wb[L.THONG_TIN]["B5"].value == "=HYPERLINK(\"x\")"


def test_cap_xa_checklist_prefilled_from_the_rule_set(book):
    _, wb = book
    ws = wb[L.CAP_XA]
    codes = [ws.cell(r, 1).value for r in range(4, 19)]
    assert codes == [c.ma for c in R.default().cap_xa.chi_tieu]


def test_targets_sheet_has_the_preset_years_and_the_evaluation_year(book):
    _, wb = book
    ws = wb[L.CHI_TIEU]
    assert [c.value for c in ws[3]][:4] == ["Mã", "Nội dung", 2025, 2030]
    assert ws["C4"].value == 0.7 and ws["D8"].value == 0.6


def test_a_preset_range_is_named_on_the_targets_sheet(tmp_path):
    path = tmp_path / "bd.xlsm"
    from hoctap_xl.formats.workbook_file import new_workbook

    new_workbook(path, province="Bình Dương", commune="An Bình", year=2020, preset="binh-duong")
    ws = openpyxl.load_workbook(path)[L.CHI_TIEU]
    row = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "DONG_HO")
    assert "30 % – 50 %" in row[1].value and row[2].value == 0.3


def test_tong_hop_has_a_native_chart_of_shares_against_targets_that_score_keeps(book, tmp_path):
    from hoctap_xl.formats.workbook_file import score_file

    path, _ = book
    with zipfile.ZipFile(path) as z:
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    assert "'Tổng hợp'!$E$5:$E$11" in chart and "'Tổng hợp'!$F$5:$F$11" in chart
    out = tmp_path / "scored.xlsm"
    score_file(path, out)
    with zipfile.ZipFile(out) as z:
        assert z.read("xl/charts/chart1.xml").decode("utf-8") == chart
