"""The workbook template (template.py): sheets, headers, names, formulas, validations, protection,
the rule-set copy, and where the result blocks sit — read back with openpyxl, python-calamine
and the zip itself (there is no Excel here)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from hoctap_xl import __version__
from hoctap_xl import layout as L
from hoctap_xl.formats.template import build_workbook
from hoctap_xl.formats.template.texts import describe_key
from hoctap_xl.formats.xlsx_read import load
from hoctap_xl.rules import ruleset as R
from hoctap_xl.sheets.geometry import (
    RULES_HEADER_ROW,
    geometry,
    result_blocks,
    structure_headers,
)
from hoctap_xl.sheets.grid import MAX_HEADER_SCAN
from hoctap_xl.sheets.native import block_formula, block_key

TARGETS = {code: {2025: 0.7, 2030: None} for code in L.SHARE_CODES}
TARGETS["CONG_DAN_DON_VI"] = {2025: 0.625, 2030: 0.8}
INFO = {L.L_TINH: "Lạng Sơn", L.L_CAP_TREN: "Ủy ban nhân dân tỉnh Lạng Sơn", L.L_XA: "Tân Văn", L.L_MA: "06166",
        L.L_NAM: 2025, L.L_VUNG_KK: "Không", L.L_NGUOI_KY: "Hoàng Văn Tùng", L.L_CHUC_VU: "PHÓ CHỦ TỊCH",
        L.L_THAM_QUYEN: "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH", L.L_SO_BAO_CAO: "15",
        **dict.fromkeys(L.L_SO_QD.values(), ""), L.L_NGAY: dt.date(2025, 12, 5)}
TABLES = {
    "thon": [{"Tên thôn/TDP": "Thôn Nà Mò", "Tổng số hộ": 60, "Tổng số dòng họ": 9, "Số người lao động": 145,
              "Vùng khó khăn": "Có"},
             {"Tên thôn/TDP": "=Bản Khuôi Tầu", "Tổng số hộ": 67, "Tổng số dòng họ": 5, "Số người lao động": 154}],
    "cong_dan": [{"Họ và tên": "Lộc Thị Hường", "Năm sinh": 1985, "Giới tính": "Nữ", "Thôn/TDP": "Thôn Nà Mò",
                  "Nhóm": 1, **{h: 9 for h in L.CHI_SO}, "Kỹ năng số": "Có", "Số năm liên tục đã đạt": 4},
                 {"Họ và tên": "+Vi Văn Sinh", "Thôn/TDP": "-Thôn", "Đơn vị công tác": "@UBND", "Nhóm": 3}],
    "gia_dinh": [{"Họ tên chủ hộ": "Hà Văn Mai", "Thôn/TDP": "Thôn Nà Mò", "Dòng họ": "Dòng họ Hà",
                  "Số thành viên": 5, "Tiêu chí 1": 26, "Tiêu chí 2": 28, "Tiêu chí 3": 19, "Tiêu chí 4": 18}],
    "don_vi": [{"Tên đơn vị": "Trường Tiểu học Tân Văn", "Loại đơn vị": "Trường học",
                "Số CBCCVC, người lao động": 24, "Tiêu chí 1": 28}],
}


def build(path: Path, rules: R.RuleSet | None = None, **kwargs) -> Path:
    build_workbook(path, kwargs.pop("info", INFO), rules or R.default(), kwargs.pop("targets", TARGETS),
                   target_note=kwargs.pop("target_note", "QĐ 387/QĐ-TTg và QĐ 677/QĐ-TTg"),
                   preset=kwargs.pop("preset", "quoc-gia"), **kwargs)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "tan-van.xlsm"
    build(path, tables=TABLES)
    return path, openpyxl.load_workbook(path), None


def _column(ws, index: int):
    """The column dimension covering a 1-based column (openpyxl groups equal neighbours)."""
    return next(d for d in ws.column_dimensions.values() if d.min and d.min <= index <= d.max)


def _xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def _sheet_part(path: Path, sheet: str) -> str:
    wb = _xml(path, "xl/workbook.xml")
    names = re.findall(r'<sheet (?:state="\w+" )?name="([^"]+)"', wb)
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


# --- sheets, order, visibility, properties -----------------------------------------------------

def test_sheet_order_and_visibility(built):
    _, wb, _ = built
    assert wb.sheetnames == [*L.VISIBLE_SHEETS, L.META, L.XLWINGS_CONF]
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == list(L.VISIBLE_SHEETS)
    assert wb[L.META].sheet_state == "veryHidden"
    assert wb[L.XLWINGS_CONF].sheet_state == "hidden"
    assert wb.active.title == L.HUONG_DAN


def test_xlwings_conf_is_key_value_rows_from_a1(built):
    _, wb, _ = built
    ws = wb[L.XLWINGS_CONF]
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (1, 2, 3)] == [
        ("UDF Modules", "hoctap_xl.udfs;hoctap_xl.buttons"), ("Interpreter_Win", None), (None, None)]


def test_properties_fonts_and_code_names(built):
    path, wb, _ = built
    assert wb.properties.creator == "hoctap-xl"
    assert "Tân Văn" in wb.properties.title
    assert '<name val="Times New Roman"/>' in _xml(path, "xl/styles.xml").split("</font>")[0]
    assert 'codeName="ThisWorkbook"' in _xml(path, "xl/workbook.xml")
    for i, sheet in enumerate(wb.sheetnames, start=1):
        assert f'codeName="Sheet{i}"' in _xml(path, _sheet_part(path, sheet)), sheet


def test_xlsm_is_declared_macro_enabled_and_xlsx_is_not(tmp_path, built):
    path, _, _ = built
    assert "macroEnabled.main+xml" in _xml(path, "[Content_Types].xml")
    plain = build(tmp_path / "so.xlsx")
    assert "macroEnabled" not in _xml(plain, "[Content_Types].xml")
    assert openpyxl.load_workbook(plain).sheetnames[0] == L.HUONG_DAN


def test_vba_project_is_embedded_only_in_an_xlsm(tmp_path):
    vba = tmp_path / "vbaProject.bin"
    vba.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # stands in for xlwings' project
    path = build(tmp_path / "nut.xlsm", vba_project=vba)
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/vbaProject.bin") == vba.read_bytes()
    assert "macroEnabled.main+xml" in _xml(path, "[Content_Types].xml")
    with pytest.raises(ValueError, match=r"\.xlsm"):
        build(tmp_path / "nut.xlsx", vba_project=vba)


def test_build_is_small(built):  # its speed is measured in bench/, not asserted here
    path, _, _ = built
    assert path.stat().st_size < 400_000


# --- Thông tin chung --------------------------------------------------------------------------

def test_info_labels_values_and_hints(built):
    _, wb, _ = built
    ws = wb[L.THONG_TIN]
    assert ws["A1"].value and ws["A1"].font.b
    rows = {ws.cell(r, 1).value: r for r in range(1, 41) if ws.cell(r, 1).value in L.INFO_LABELS}
    assert list(rows) == list(L.INFO_LABELS)
    assert rows[L.INFO_LABELS[0]] == L.INFO_FIRST_ROW
    assert all(ws.cell(r, 3).value for r in rows.values())  # a hint for every label
    assert "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH" in ws.cell(rows[L.L_THAM_QUYEN], 3).value
    assert "05/QĐ-UBND" in ws.cell(rows[L.L_SO_QD["cong_dan"]], 3).value
    nam, ngay, ma = (ws.cell(rows[k], 2) for k in (L.L_NAM, L.L_NGAY, L.L_MA))
    assert nam.value == 2025 and nam.data_type == "n"
    assert ngay.value == dt.datetime(2025, 12, 5) and ngay.number_format == "dd/mm/yyyy"
    assert ma.value == "06166" and ma.data_type == "s"
    assert all(ws.cell(r, 2).protection.locked is False for r in rows.values())
    assert ws.cell(rows[L.L_XA], 1).protection.locked is not False
    assert ws.protection.sheet
    dv = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert dv[f"B{rows[L.L_VUNG_KK]}"].formula1 == '"Có,Không"'


# --- table sheets -------------------------------------------------------------------------------

def test_exact_headers_for_every_table(built):
    _, wb, _ = built
    rules = R.default()
    for key, g in geometry(rules).items():
        n = len(rules.criteria(key).tieu_chi) if key in L.CRITERIA_MODELS else 0
        ws = wb[L.TABLES[key].sheet]
        width = len(g.inputs) + len(g.results)
        assert [c.value for c in ws[L.HEADER_ROW]][:width] == [*L.headers_for(key, n), *L.OPTIONAL_HEADERS.get(key, ()),
                                                               *L.TABLES[key].results], key
        # the header row is the first one holding the first header, as the reader expects
        assert all(g.inputs[0] not in [c.value for c in ws[r]] for r in range(1, L.HEADER_ROW)), key
        assert ws["A1"].font.b and ws["A1"].value, key
        # computed headers are shaded differently from input headers
        if g.results:
            first_result = ws.cell(L.HEADER_ROW, len(g.inputs) + 1)
            assert first_result.fill.fgColor.rgb != ws.cell(L.HEADER_ROW, 1).fill.fgColor.rgb, key


def test_structure_headers_are_what_the_sheets_hold(built):
    _, wb, _ = built
    for sheet, heads in structure_headers(R.default()).items():
        row = [c.value for c in wb[sheet][L.HEADER_ROW]]
        assert tuple(row[: len(heads)]) == heads, sheet


def test_row_two_names_each_competence_above_its_indicators(built):
    _, wb, _ = built
    ws = wb[L.CONG_DAN]
    first = L.CONG_DAN_HEADERS.index("Chỉ số 1") + 1
    merged = {str(m) for m in ws.merged_cells.ranges}
    for comp in R.default().cong_dan.nang_luc:
        c0 = openpyxl.utils.get_column_letter(first + min(comp.chi_so) - 1)
        c1 = openpyxl.utils.get_column_letter(first + max(comp.chi_so) - 1)
        assert ws[f"{c0}2"].value == comp.ten
        assert f"{c0}2:{c1}2" in merged


def test_header_descriptions_live_in_comments(built):
    _, wb, _ = built
    ws = wb[L.GIA_DINH]
    col = L.headers_for("gia_dinh", 4).index("Tiêu chí 1") + 1
    assert ws.cell(L.HEADER_ROW, col).comment.text == (
        "TC1 Học tập của trẻ em trong gia đình — tối đa 30 điểm, tối thiểu 15")
    assert "Năng lực tự học" in wb[L.CONG_DAN]["G3"].comment.text


def test_tables_data_lands_under_its_headers(built):
    _, wb, _ = built
    for key, rows in TABLES.items():
        g = geometry(R.default())[key]
        ws = wb[g.sheet]
        for i, rec in enumerate(rows):
            for head, value in rec.items():
                cell = ws.cell(g.first_data_row + i, g.inputs.index(head) + 1)
                assert cell.value == value, (key, head)
                assert cell.data_type == ("n" if isinstance(value, int) else "s"), (key, head)
                assert cell.protection.locked is False
        empty_row = g.first_data_row + len(rows)
        assert all(ws.cell(empty_row, c + 1).value is None for c in range(len(g.inputs))), key


def test_text_that_looks_like_a_formula_stays_text(built):
    path, wb, _ = built
    for sheet, ref, text in ((L.THON, "A5", "=Bản Khuôi Tầu"), (L.CONG_DAN, "A5", "+Vi Văn Sinh"),
                             (L.CONG_DAN, "D5", "-Thôn"), (L.CONG_DAN, "E5", "@UBND")):
        cell = wb[sheet][ref]
        assert cell.value == text and cell.data_type == "s", ref
        xml = _xml(path, _sheet_part(path, sheet))
        element = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml).group(0)
        assert 't="s"' in element and "<f>" not in element, element


def test_cap_xa_checklist_is_prefilled_from_the_rule_set(built):
    _, wb, _ = built
    ws = wb[L.CAP_XA]
    items = R.default().cap_xa.chi_tieu
    got = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value, ws.cell(r, 4).value)
           for r in range(4, 4 + len(items))]
    assert got == [(c.ma, c.noi_dung, None, None) for c in items]
    assert ws.cell(4 + len(items), 1).value is None
    assert ws["G3"].value == "Mức độ đạt được"
    assert ws["G4"].value == "=" + block_formula("cap_xa", R.default())  # a one-cell formula, beside the table
    assert ws["A19"].value is None and ws["G5"].value is None


def test_cap_xa_rows_given_replace_the_prefill(tmp_path):
    rows = [{"Mã": "1.1", "Chỉ tiêu": "Có nghị quyết", "Đạt mức 1": "Có", "Đạt mức 2": "Không",
             "Minh chứng": "Nghị quyết số 26/NQ-ĐU"}]
    ws = openpyxl.load_workbook(build(tmp_path / "x.xlsm", tables={"cap_xa": rows}))[L.CAP_XA]
    assert [c.value for c in ws[4]][:5] == list(rows[0].values())
    assert ws["A5"].value is None


def test_bad_tables_are_refused(tmp_path):
    with pytest.raises(ValueError, match="Tên thôn"):
        build(tmp_path / "a.xlsm", tables={"thon": [{"Ten thon": "Nà Mò"}]})
    with pytest.raises(ValueError, match="nhiều hơn"):
        build(tmp_path / "b.xlsm", tables={"thon": [{"Tên thôn/TDP": f"Thôn {i}"} for i in range(151)]})
    with pytest.raises(ValueError, match="nguoi"):
        build(tmp_path / "c.xlsm", tables={"nguoi": []})


def test_inputs_unlocked_results_locked_and_sheets_protected(built):
    _, wb, _ = built
    for key, g in geometry(R.default()).items():
        ws = wb[g.sheet]
        assert ws.protection.sheet and not ws.protection.password, key
        assert ws.protection.sort is False and ws.protection.autoFilter is False  # i.e. allowed
        assert ws.protection.formatColumns is False and ws.protection.selectUnlockedCells is False
        for c in range(1, len(g.inputs) + 1):
            assert _column(ws, c).protection.locked is False, (key, c)
        if g.results:
            first, last = g.result_range.split(":")
            assert ws[first].protection.locked and ws[last].protection.locked, key
    for sheet in (L.THONG_TIN, L.BO_TIEU_CHI, L.TONG_HOP, L.HUONG_DAN, L.CHI_TIEU):
        assert wb[sheet].protection.sheet and not wb[sheet].protection.password, sheet
    rules = wb[L.BO_TIEU_CHI]
    assert not any(c.protection.locked is False for row in rules.iter_rows(max_row=60) for c in row)


def test_view_and_print_setup(built):
    _, wb, _ = built
    for key, g in geometry(R.default()).items():
        ws = wb[g.sheet]
        assert ws.freeze_panes == f"B{g.first_data_row}", key
        assert ws.print_title_rows == f"$1:${L.HEADER_ROW}", key
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, key
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0, key
        assert "&P/&N" in ws.oddFooter.center.text, key
        assert ws.auto_filter.ref.startswith(f"A{L.HEADER_ROW}:"), key
    assert wb[L.CONG_DAN].page_setup.orientation == "landscape"
    assert wb[L.THON].page_setup.orientation == "portrait"
    widths = {h: _column(wb[L.CONG_DAN], i + 1).width for i, h in enumerate(L.CONG_DAN_HEADERS)}
    assert widths["Họ và tên"] >= 26 and widths["Thôn/TDP"] >= 16 and widths["Chỉ số 1"] <= 9


# --- validations -------------------------------------------------------------------------------

def _validations(ws) -> dict[str, object]:
    return {str(v.sqref): v for v in ws.data_validations.dataValidation}


def test_data_validations_cover_the_preallocated_rows(built):
    _, wb, _ = built
    dv = _validations(wb[L.CONG_DAN])
    assert len(dv) == len(L.CONG_DAN_HEADERS) - 1  # every input column but the name
    assert dv["D4:D6003"].type == "list" and dv["D4:D6003"].formula1 == "'Thôn - TDP'!$A$4:$A$153"
    assert dv["E4:E6003"].formula1 == "'Đơn vị học tập'!$A$4:$A$203"
    assert dv["F4:F6003"].formula1 == '"1,2,3"'
    assert dv["Q4:Q6003"].formula1 == '"Có,Không"'
    for col in "GHIJKLMNOP":
        v = dv[f"{col}4:{col}6003"]
        assert (v.type, v.formula1, v.formula2) == ("whole", "1", "10")
    assert {v.errorStyle for v in dv.values()} == {"warning"}
    assert all(v.allowBlank for v in dv.values())
    assert all(len(v.error or "") <= 255 and len(v.errorTitle or "") <= 32 and len(v.promptTitle or "") <= 32
               for v in dv.values())
    gd = _validations(wb[L.GIA_DINH])
    assert gd["C4:C2503"].formula1 == "'Dòng họ học tập'!$A$4:$A$403"
    assert [(gd[f"{c}4:{c}2503"].formula1, gd[f"{c}4:{c}2503"].formula2) for c in "EFGH"] == [
        ("0", "30"), ("0", "30"), ("0", "20"), ("0", "20")]
    thon = _validations(wb[L.THON])
    assert thon["E4:E153"].formula1 == '"Có,Không"' and thon["B4:B153"].type == "whole"
    cap = _validations(wb[L.CAP_XA])
    assert cap["C4:C18"].formula1 == cap["D4:D18"].formula1 == '"Có,Không"'


# --- defined names and formulas ----------------------------------------------------------------

def test_defined_names_cover_header_and_rows_of_the_inputs(built):
    _, wb, _ = built
    names = {n: wb.defined_names[n].attr_text for n in wb.defined_names}
    assert names["CongDan"] == "'Công dân học tập'!$A$3:$R$6003"
    assert names["Thon"] == "'Thôn - TDP'!$A$3:$E$153"
    assert names["GiaDinh"] == "'Gia đình học tập'!$A$3:$I$2503"  # + Giới tính chủ hộ (1.3)
    assert names["DongHo"] == "'Dòng họ học tập'!$A$3:$G$403"
    assert names["CongDong"] == "'Cộng đồng học tập'!$A$3:$D$153"
    assert names["DonVi"] == "'Đơn vị học tập'!$A$3:$G$203"  # + Cấp quản lý (1.3)
    assert names["CapXa"] == "'CĐHT cấp xã'!$A$3:$E$18"
    assert names["ThongTin"] == "'Thông tin chung'!$A$1:$B$40"
    assert names["ChiTieu"] == "'Chỉ tiêu'!$A$3:$G$10"  # 2 years + 3 spare columns
    n_pairs = len(R.flatten(R.default()))
    assert names["BoTieuChi"] == f"'Bộ tiêu chí'!$A${RULES_HEADER_ROW}:$C${RULES_HEADER_ROW + n_pairs}"
    ws = wb[L.BO_TIEU_CHI]
    assert [c.value for c in ws[RULES_HEADER_ROW]][:3] == list(L.BO_TIEU_CHI_HEADERS)
    assert ws.cell(RULES_HEADER_ROW + n_pairs, 1).value and ws.cell(RULES_HEADER_ROW + n_pairs + 1, 1).value is None


def _formulas_in(wb) -> dict[str, list[tuple[str, str]]]:
    """Every HT_ formula of the workbook: key of layout.FORMULAS → [(sheet, range or cell)]."""
    found: dict[str, list[tuple[str, str]]] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                text = v.text if isinstance(v, ArrayFormula) else v if cell.data_type == "f" else None
                key = block_key(text) if isinstance(text, str) else None
                if key is not None:
                    where = v.ref if isinstance(v, ArrayFormula) else cell.coordinate
                    found.setdefault(key, []).append((ws.title, where))
    return found


def test_result_blocks_say_where_the_formulas_are(built):
    _, wb, _ = built
    found = _formulas_in(wb)
    blocks = result_blocks(R.default())
    assert set(blocks) == set(L.FORMULAS)
    assert {k: v[0] for k, v in found.items()} == blocks  # each block once, where result_blocks says
    assert found["cap_xa"] == [blocks["cap_xa"], (L.TONG_HOP, "B13")]  # and the level shown on Tổng hợp
    assert all(len(v) == 1 for k, v in found.items() if k != "cap_xa")
    assert blocks["cong_dan"] == (L.CONG_DAN, "S4:X6003")
    assert blocks["gia_dinh"] == (L.GIA_DINH, "J4:L2503")
    assert blocks["dong_ho"] == (L.DONG_HO, "H4:L403")
    assert blocks["cong_dong"] == (L.CONG_DONG, "E4:I153")
    assert blocks["don_vi"] == (L.DON_VI, "H4:J203")
    assert blocks["cap_xa"] == (L.CAP_XA, "G4")
    assert blocks["ty_le"] == (L.TONG_HOP, "C5:H11")
    assert blocks["theo_thon"] == (L.TONG_HOP, "B17:K166")


def test_result_block_width_and_rows_match_the_layout():
    for key, (_, rng) in result_blocks(R.default()).items():
        if ":" not in rng:
            continue
        (c0, r0), (c1, r1) = (openpyxl.utils.cell.coordinate_from_string(x) for x in rng.split(":"))
        width = openpyxl.utils.column_index_from_string(c1) - openpyxl.utils.column_index_from_string(c0) + 1
        expected_width = {"ty_le": len(L.SHARE_RESULT_HEADERS), "theo_thon": len(L.BY_THON_HEADERS)}.get(
            key, len(L.TABLES[key].results) if key in L.TABLES else 0)
        expected_rows = {"ty_le": len(L.SHARE_CODES), "theo_thon": L.TABLES["thon"].rows}.get(
            key, L.TABLES[key].rows if key in L.TABLES else 0)
        assert (width, r1 - r0 + 1) == (expected_width, expected_rows), key


def test_result_number_formats(built):
    _, wb, _ = built
    dh = wb[L.DONG_HO]
    assert dh["J4"].number_format == "0.00%" and dh["J403"].number_format == "0.00%"  # Tỷ lệ hộ đạt GĐHT
    assert dh["H4"].number_format == "General"
    th = wb[L.TONG_HOP]
    assert th["E5"].number_format == th["F11"].number_format == "0.00%"  # Tỷ lệ, Chỉ tiêu
    assert th["H5"].number_format == "0.00"  # Chênh lệch (điểm %)
    assert th["E17"].number_format == "0.00%" and th["J166"].number_format == "0.00%"


def test_tong_hop_layout(built):
    _, wb, _ = built
    ws = wb[L.TONG_HOP]
    assert "TÂN VĂN" in ws["A1"].value and "2025" in ws["A1"].value
    assert [c.value for c in ws[4]][:8] == ["Mã", "Nội dung", *L.SHARE_RESULT_HEADERS]
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(5, 12)] == [
        (c, L.SHARE_LABELS[c]) for c in L.SHARE_CODES]
    assert ws["B13"].value == "=" + block_formula("cap_xa", R.default())
    assert [c.value for c in ws[16]][1:11] == list(L.BY_THON_HEADERS)
    assert all(ws.cell(r, c).value is None for r in range(1, 30) for c in range(13, 20))  # room for charts


# --- Chỉ tiêu ----------------------------------------------------------------------------------

def test_targets_sheet(built, tmp_path):
    _, wb, _ = built
    ws = wb[L.CHI_TIEU]
    assert ws["A2"].value == "Nguồn: QĐ 387/QĐ-TTg và QĐ 677/QĐ-TTg"
    assert [c.value for c in ws[3]][:4] == ["Mã", "Nội dung", 2025, 2030]
    assert ws["C3"].data_type == "n"
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(4, 11)] == [
        (c, L.SHARE_LABELS[c]) for c in L.SHARE_CODES]
    assert ws["C4"].value == 0.7 and ws["C4"].number_format == "0%"
    assert ws["C9"].value == 0.625 and ws["C9"].number_format == "0.0%"
    assert ws["D4"].value is None and ws["D4"].protection.locked is False
    assert ws["E3"].protection.locked is False and ws["E4"].protection.locked is False  # a spare year
    noted = openpyxl.load_workbook(build(tmp_path / "n.xlsm", target_notes={"DONG_HO": "kế hoạch: 30 % – 50 %"}))
    assert noted[L.CHI_TIEU]["B5"].value.endswith("(kế hoạch: 30 % – 50 %)")


# --- Bộ tiêu chí -------------------------------------------------------------------------------

def _rules_back(path: Path) -> R.RuleSet:
    """Read the Bộ tiêu chí table back the way a reader would: calamine, unflatten, validate."""
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_name(L.BO_TIEU_CHI).to_python(skip_empty_area=False)
    header = next(i for i, row in enumerate(rows[:MAX_HEADER_SCAN]) if list(row[:3]) == list(L.BO_TIEU_CHI_HEADERS))
    pairs = [(row[0], None if row[2] == "" else row[2]) for row in rows[header + 1:] if row[0]]
    return R.from_dict(R.unflatten(pairs), "test")


def test_rule_set_copy_round_trips(built):
    path, wb, _ = built
    assert _rules_back(path) == R.default()
    ws = wb[L.BO_TIEU_CHI]
    keys = {ws.cell(r, 1).value: ws.cell(r, 3) for r in range(RULES_HEADER_ROW + 1, ws.max_row + 1)}
    assert keys["version"].value == "2025.1" and keys["version"].data_type == "s"
    assert keys["cong_dan.nguon.ngay"].value == "2022-07-28" and keys["cong_dan.nguon.ngay"].data_type == "s"
    assert keys["cap_xa.chi_tieu.1.ma"].value == "1.1" and keys["cap_xa.chi_tieu.1.ma"].data_type == "s"
    assert keys["cong_dan.nguong"].value == 80 and keys["cong_dan.nguong"].data_type == "n"
    assert keys["gia_dinh.ty_le_ho_gdht_toi_thieu"].value is None
    assert RULES_HEADER_ROW <= MAX_HEADER_SCAN


def test_rule_set_heading_names_sources_and_flags_defaults(built):
    path, _, _ = built
    wb = openpyxl.load_workbook(path, rich_text=True)
    ws = wb[L.BO_TIEU_CHI]
    heading = [ws.cell(r, 1).value for r in range(1, RULES_HEADER_ROW)]
    text = "\n".join(str(v) for v in heading)
    rules = R.default()
    assert rules.label in text and rules.ten in text
    for model in ("cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi", "cap_xa"):
        assert getattr(rules, model).nguon.citation() in text, model
    red = [run for v in heading if hasattr(v, "__iter__") and not isinstance(v, str) for run in v
           if getattr(run, "text", "") == "Mặc định tham khảo — đối chiếu hướng dẫn của Hội Khuyến học tỉnh"]
    assert len(red) == 4 and all(run.font.color.rgb == "FFC00000" for run in red)


def test_rule_keys_are_described_in_vietnamese(built):
    _, wb, _ = built
    assert describe_key("cong_dan.nguong") == "Công dân học tập — ngưỡng tổng điểm để được công nhận"
    assert describe_key("gia_dinh.tieu_chi.2.diem_toi_da") == "Gia đình học tập — Tiêu chí 2 — điểm tối đa"
    ws = wb[L.BO_TIEU_CHI]
    for r in range(RULES_HEADER_ROW + 1, ws.max_row + 1):
        key, text = ws.cell(r, 1).value, ws.cell(r, 2).value
        if key:
            assert text and "_" not in text, key  # every field name has a Vietnamese word
            assert ws.cell(r, 1).font.sz < 11


def test_custom_rule_set_with_five_household_criteria(tmp_path):
    d = R.default().model_dump(mode="json")
    d["id"], d["version"] = "tinh-thu", "2026.02"
    d["gia_dinh"]["tieu_chi"].append({"ma": "TC5", "ten": "Đọc sách", "diem_toi_da": 10, "diem_toi_thieu": 5})
    d["gia_dinh"]["nguon"]["loai"] = "LOCAL"
    custom = R.from_dict(d, "test")
    path = build(tmp_path / "tinh.xlsm", custom)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.GIA_DINH]
    heads = [c.value for c in ws[L.HEADER_ROW]][:12]
    assert heads == [*L.GIA_DINH_HEADERS, *(f"Tiêu chí {i}" for i in range(1, 6)), L.GIOI_TINH_CHU_HO,
                     *L.TABLES["gia_dinh"].results][:12]
    assert result_blocks(custom)["gia_dinh"] == (L.GIA_DINH, "K4:M2503")  # after Giới tính chủ hộ (J)
    assert ws["K4"].value.ref == "K4:M2503"
    assert wb.defined_names["GiaDinh"].attr_text == "'Gia đình học tập'!$A$3:$J$2503"
    assert _validations(ws)["I4:I2503"].formula2 == "10"
    assert _formulas_in(wb)["gia_dinh"] == [result_blocks(custom)["gia_dinh"]]
    back = _rules_back(path)
    assert back == custom and back.version == "2026.02"
    data = load(path)
    assert data.rules == custom
    assert not [f for f in data.findings if f.code in ("bo-tieu-chi-bi-sua", "cau-truc-khac", "sai-tieu-de")]


# --- _meta, Hướng dẫn, Nội dung báo cáo --------------------------------------------------------

def test_meta(built):
    path, wb, _ = built
    ws = wb[L.META]
    assert (ws["A1"].value, ws["B1"].value) == L.META_HEADERS
    meta = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    rules = R.default()
    assert meta["template_version"] == L.TEMPLATE_VERSION
    assert meta["chuong_trinh"] == f"hoctap-xl {__version__}"
    assert (meta["bo_tieu_chi_id"], meta["bo_tieu_chi_version"]) == (rules.id, rules.version)
    assert meta["bo_tieu_chi_hash"] == rules.digest()
    assert meta["ma_xa"] == "06166" and meta["chi_tieu_preset"] == "quoc-gia"
    assert dt.datetime.fromisoformat(meta["ngay_tao"]).date() == dt.date.today()
    assert meta["cau_truc_hash"] == L.structure_hash(list(L.VISIBLE_SHEETS), structure_headers(rules))
    assert all(isinstance(v, str) for v in meta.values())
    data = load(path)  # the reader recomputes the same structure hash and reads the same rule set
    assert data.meta["template_version"] == L.TEMPLATE_VERSION and data.rules == rules
    assert not [f for f in data.findings if f.code in ("bo-tieu-chi-bi-sua", "cau-truc-khac", "sai-tieu-de")]


def test_guide_is_one_screen_of_vietnamese_from_the_rule_set(built):
    _, wb, _ = built
    ws = wb[L.HUONG_DAN]
    lines = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value]
    text = "\n".join(lines)
    assert len(lines) <= 30
    for step in range(1, 8):
        assert any(line.startswith(f"{step}. ") for line in lines), step
    cd = R.default().cong_dan
    assert (f"Công dân học tập: tổng ≥ {cd.nguong:g} điểm (vùng khó khăn ≥ {cd.nguong_vung_kho_khan:g}), không "
            f"chỉ số nào dưới {cd.diem_chi_so_toi_thieu}") in text
    assert "TC1 ≥ 15" in text and "50 %" in text and "Có/Không" in text and "Dòng trống" in text
    assert not re.search(r"TODO|XXX|\{|\}|<[^>]*>", text)


def test_report_text_sheet(built):
    _, wb, _ = built
    ws = wb[L.NOI_DUNG]
    assert [ws.cell(L.HEADER_ROW, c).value for c in (1, 2)] == ["Mục", "Nội dung"]
    sections = [ws.cell(r, 1).value for r in range(L.HEADER_ROW + 1, L.HEADER_ROW + 8)]
    assert sections == ["I. Công tác lãnh đạo, chỉ đạo, tuyên truyền", "III. Ưu điểm", "III. Hạn chế",
                        "III. Nguyên nhân", "IV. Phương hướng", "V. Đề xuất, kiến nghị", "Nơi nhận"]
    for r in range(L.HEADER_ROW + 1, L.HEADER_ROW + 8):
        cell = ws.cell(r, 2)
        assert cell.value is None and cell.protection.locked is False and cell.alignment.wrap_text
