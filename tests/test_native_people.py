"""The native formulas of ``Công dân học tập``, recalculated by LibreOffice Calc, against the core.

Every cell of the block (6,000 rows × 6 columns) is compared with ``commune.blocks.table_block`` on
``evaluate_workbook(load(path))``: numbers within 1e-9, Kết quả, Lý do and Danh hiệu exactly. A row the
native formulas cannot read as the core does shows ``Cần kiểm tra`` / ``kiểm tra bằng hoctap-xl``;
such rows must be exactly those :func:`needs_check` names (the cases docs/developer-guide.md lists).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from hoctap_xl import layout as L
from hoctap_xl.commune.blocks import table_block
from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.formats.xlsx_read import load
from hoctap_xl.rules import ruleset as R
from hoctap_xl.samples.generator import generate
from hoctap_xl.sheets import native
from hoctap_xl.sheets.native_people import CONTROL_CHARACTERS, NEEDS_CHECK, SUSPECT_CHARACTERS, compile_people

from .calc import block_values, open_in_calc, require_calc
from .grids import person, scores_for, thon_row

FIRST_ROW = L.HEADER_ROW + 1
ROWS = L.TABLES["cong_dan"].rows
RESULT_COL = len(L.CONG_DAN_HEADERS) + 1
CHECK_ROW = ["", "", "", NEEDS_CHECK, native.CHECK_WITH_HOCTAP, ""]


def unit_row(name: str, rules: R.RuleSet | None = None) -> dict[str, Any]:
    n = len((rules or R.default()).don_vi.tieu_chi)
    return {"Tên đơn vị": name, "Loại đơn vị": "Trường học", "Số CBCCVC, người lao động": 30,
            **{f"Tiêu chí {i}": 1 for i in range(1, n + 1)}}


def _key(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()).casefold()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _suspect(text: Any) -> bool:
    return isinstance(text, str) and any(ch in text for ch in SUSPECT_CHARACTERS + CONTROL_CHARACTERS)


def needs_check(row: dict[str, Any], thon: list[dict[str, Any]], units: list[dict[str, Any]],
                rules: R.RuleSet) -> bool:
    """Whether the native formulas must leave this row to hoctap-xl (the guide's list, in the
    order the core reads a row: name, thôn, unit, then the cells)."""
    values = [row.get(h) for h in L.CONG_DAN_HEADERS]
    if all(_blank(v) for v in values) or _blank(row.get("Họ và tên")):
        return False
    for head, table, name_head in (("Thôn/TDP", thon, "Tên thôn/TDP"), ("Đơn vị công tác", units, "Tên đơn vị")):
        value = row.get(head)
        if _blank(value):
            continue
        names = [t.get(name_head) for t in table]
        if _suspect(value) or any(_suspect(n) for n in names):
            return True
        if _key(value) not in {_key(n) for n in names if not _blank(n)}:
            return False  # rejected
    if _blank(row.get("Thôn/TDP")) and _blank(row.get("Đơn vị công tác")):
        return False
    c = rules.cong_dan
    for head in ("Nhóm", *L.CHI_SO[:c.so_chi_so], "Số năm liên tục đã đạt"):
        v = row.get(head)
        if isinstance(v, str) and v.strip():
            return True
        if head.startswith("Chỉ số") and isinstance(v, (int, float)) and not (
                float(v).is_integer() and c.diem_toi_thieu <= v <= c.diem_toi_da):
            return True
    return False


def calc_against_core(tmp_path: Path, people: list[dict[str, Any]], *, thon: list[dict[str, Any]],
                      units: list[dict[str, Any]] | None = None, info: dict[str, Any] | None = None,
                      rules_file: Path | None = None, difficult: bool = False,
                      tables: dict[str, list[dict[str, Any]]] | None = None) -> tuple[int, list[int]]:
    """Build a workbook, recalculate it in Calc, compare every cell of the block with the core;
    (cells compared exactly, worksheet rows that show CHECK_WITH_HOCTAP)."""
    require_calc()
    units = units or []
    rules = R.load_file(rules_file) if rules_file else R.default()
    path = tmp_path / "xa.xlsx"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, info=info, difficult=difficult,
                 rules_file=str(rules_file) if rules_file else None,
                 tables={**(tables or {}), "thon": thon, "cong_dan": people, "don_vi": units})
    core = table_block(evaluate_workbook(load(path)), "cong_dan", FIRST_ROW, ROWS)
    saved = open_in_calc(path, tmp_path / "calc")
    got = block_values(saved, L.CONG_DAN, FIRST_ROW, RESULT_COL, ROWS, len(CHECK_ROW))
    cells, checks = 0, []
    for i, (want, have) in enumerate(zip(core, got, strict=True)):
        row = FIRST_ROW + i
        expected_check = i < len(people) and needs_check(people[i], thon, units, rules)
        if have[3] == NEEDS_CHECK or expected_check:
            assert have == CHECK_ROW and expected_check, (row, people[i] if i < len(people) else None, want, have)
            checks.append(row)
            continue
        for col, (w, h) in enumerate(zip(want, have, strict=True)):
            if isinstance(w, (int, float)) and not isinstance(w, bool):
                assert isinstance(h, (int, float)) and abs(h - w) <= 1e-9, (row, col, want, have)
            else:
                assert h == w, (row, col, want, have)
            cells += 1
    return cells, checks


# --- the formula itself ----------------------------------------------------------------------------

def test_the_formula_fits_excel_and_is_wrapped_around_the_ht_call():
    rules = R.default()
    expression = native.native("cong_dan", rules)
    assert expression is not None and expression == compile_people(rules)
    formula = "=" + native.block_formula("cong_dan", rules)
    assert formula.startswith("=IFERROR(HT_CONG_DAN(")
    assert len(formula) < native.MAX_LENGTH and native.nesting(formula) < native.MAX_NESTING
    assert not any(ch in formula for ch in CONTROL_CHARACTERS)  # XML would not keep them as typed
    for banned in ("_xlfn", "OFFSET(", "INDIRECT(", "MINIFS(", "TEXTJOIN(", "CONCAT(", "LET("):
        assert banned not in formula


def province_rules(tmp_path: Path) -> Path:
    """A province's rule set: other thresholds (one not whole), minimum, years and groups."""
    data = R.default().model_dump(mode="json")
    data.update(id="tinh-thu", ten="Bộ tiêu chí tỉnh (thử)")
    data["cong_dan"].update(nguong=75, nguong_vung_kho_khan=65.5, diem_chi_so_toi_thieu=4, so_nam_tieu_bieu=3,
                            diem_toi_thieu=0)
    data["cong_dan"]["nhom"]["4"] = "Nhóm khác"
    f = tmp_path / "tinh.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return f


def test_a_province_rule_set_gets_formulas_with_its_own_numbers(tmp_path):
    default = compile_people(R.default())
    rules = R.load_file(province_rules(tmp_path))
    own = compile_people(rules)
    assert own is not None and default is not None and own != default
    assert ",65.5,75)" in own and '"65,50"' in own and '"75"' in own and "dưới 4 điểm" in own
    assert ">=2)" in own and "{1,2,3,4}" in own and "<0)" in own
    one_threshold = R.default()
    one_threshold = one_threshold.model_copy(update={"cong_dan": one_threshold.cong_dan.model_copy(
        update={"nguong_vung_kho_khan": 80.0})})
    simple = compile_people(one_threshold)
    assert simple is not None and "Thông tin chung" not in simple and len(simple) < len(default)


# --- Calc against the core -------------------------------------------------------------------------

THON = [thon_row("Thôn Đông"), thon_row("Thôn Khó", difficult="Có"), thon_row("Bản Xa", difficult="x"),
        thon_row("Thôn Một", difficult=1), thon_row("Thôn Trùng"), thon_row("thôn trùng", difficult="Có"),
        thon_row("Tổ  Bắc ")]
UNITS = [unit_row("Trường THCS"), unit_row("UBND xã")]


def boundary_people() -> list[dict[str, Any]]:
    """Rows across every boundary of the default rule set, blanks between them."""
    nine = [9] * 10
    rows: list[dict[str, Any] | None] = [
        person("Tổng 79", "Thôn Đông", scores_for(79)), person("Tổng 80", "Thôn Đông", scores_for(80)),
        person("Khó 69", "Thôn Khó", scores_for(69)), person("Khó 70", "thôn khó", scores_for(70)),
        None, None,
        person("Bản 70", "Bản Xa", scores_for(70)), person("Một 70", "Thôn Một", scores_for(70)),
        person("Trùng 70", "Thôn Trùng", scores_for(70)), person("Bắc 80", " tổ bắc", scores_for(80)),
        person("Chỉ số 4", "Thôn Đông", [4] + [10] * 9), person("Chỉ số 5", "Thôn Đông", [5] + [10] * 9),
        person("Hai chỉ số thấp", "Thôn Khó", [3, 10, 10, 2] + [10] * 6),
        None,
        person("Năm 3", "Thôn Đông", nine, years=3), person("Năm 4", "Thôn Đông", nine, years=4),
        person("Năm 5", "Thôn Đông", nine, years=5), person("Năm 4,5", "Thôn Đông", nine, years=4.5),
        person("Năm âm", "Thôn Đông", nine, years=-4), person("Năm 4 chưa đạt", "Thôn Đông", [4] * 10, years=4),
        person("Chưa chấm", "Thôn Đông", []), person("Chưa chấm nhóm 4", "Thôn Đông", [], nhom=4),
        person("Thiếu hai điểm", "Thôn Đông", [9, None, 9, 3, None] + [9] * 5),
        person("Thiếu điểm nhóm sai", "Thôn Đông", [9, None] + [9] * 8, nhom=None),
        person("Nhóm 4", "Thôn Đông", nine, nhom=4), person("Nhóm 2.0", "Thôn Đông", nine, nhom=2.0),
        person("Nhóm 2,5", "Thôn Đông", nine, nhom=2.5),
        person("Thôn lạ", "Thôn Lạ", nine), person("", "Thôn Đông", nine), person("   ", "Thôn Đông", nine),
        person("Không nơi", None, nine), person("Đơn vị lạ", None, nine, unit="Công ty Lạ"),
        person("Đơn vị", None, scores_for(80), unit="Trường THCS", nhom=3),
        person("Đơn vị 79", None, scores_for(79), unit="ubnd xã", nhom=3),
        person("Đơn vị thôn khó", "Thôn Khó", scores_for(70), unit="UBND xã", nhom=3),
        person("Đơn vị thôn lạ", "Thôn Lạ", nine, unit="UBND xã", nhom=3),
        {"Kỹ năng số": "Có"},
        # what the native formulas leave to hoctap-xl
        person("Điểm chữ", "Thôn Đông", ["8"] + [9] * 9), person("Điểm phẩy", "Thôn Đông", ["8,0"] + [9] * 9),
        person("Điểm 7,5", "Thôn Đông", [7.5] + [9] * 9), person("Điểm 11", "Thôn Đông", [11] + [9] * 9),
        person("Điểm 0", "Thôn Đông", [0] + [9] * 9), person("Nhóm chữ", "Thôn Đông", nine, nhom="2"),
        person("Năm chữ", "Thôn Đông", nine, years="5"), person("Sao", "Thôn*", nine),
        person("Cách cứng", "Thôn\u00a0Đông", nine), person("Tổ hợp", "Tho\u0302n Đông", nine),
        person("Đơn vị sao", None, nine, unit="Trường*"), person("Xuống dòng", "Thôn Đông\n", nine),
    ]
    return [r if r is not None else {} for r in rows]


def test_every_boundary_in_calc_matches_the_core(tmp_path):
    people = boundary_people()
    cells, checks = calc_against_core(tmp_path, people, thon=THON, units=UNITS)
    assert len(checks) == 12
    assert cells == (ROWS - len(checks)) * len(CHECK_ROW)


def test_a_difficult_commune_in_calc_matches_the_core(tmp_path):
    units = [unit_row("Trường THCS"), unit_row("Tra\u0300m y tế")]  # a decomposed name in the list
    people = [person("Đông 69", "Thôn Đông", scores_for(69)), person("Đông 70", "Thôn Đông", scores_for(70)),
              person("Khó 70", "Thôn Khó", scores_for(70), years=4),
              person("Đơn vị 70", None, scores_for(70), unit="Trường THCS", nhom=3),
              person("Đơn vị 69", "Thôn Đông", scores_for(69), unit="Trường THCS", nhom=3),
              person("Trạm", None, scores_for(90), unit="Trạm y tế", nhom=3)]
    cells, checks = calc_against_core(tmp_path, people, thon=THON[:2], units=units, difficult=True)
    assert checks == [FIRST_ROW + 3, FIRST_ROW + 4, FIRST_ROW + 5]  # every person of a unit: the list is odd
    assert cells == (ROWS - 3) * len(CHECK_ROW)


def test_a_province_rule_set_in_calc_matches_the_core(tmp_path):
    rules_file = province_rules(tmp_path)
    people = [person("75", "Thôn Đông", scores_for(75)), person("74", "Thôn Đông", scores_for(74)),
              person("66", "Thôn Khó", scores_for(66)), person("65", "Thôn Khó", scores_for(65)),
              person("Chỉ số 3", "Thôn Đông", [3] + [10] * 9), person("Chỉ số 4", "Thôn Đông", [4] + [10] * 9),
              person("Chỉ số 0", "Thôn Đông", [0, 0] + [10] * 8), person("Nhóm 4", "Thôn Đông", [9] * 10, nhom=4),
              person("Nhóm 5", "Thôn Đông", [9] * 10, nhom=5),
              person("Năm 1", "Thôn Đông", [9] * 10, years=1), person("Năm 2", "Thôn Đông", [9] * 10, years=2),
              person("Thiếu", "Thôn Khó", [0, None] + [7] * 8)]
    cells, checks = calc_against_core(tmp_path, people, thon=THON[:2], units=UNITS, rules_file=rules_file)
    assert checks == [] and cells == ROWS * len(CHECK_ROW)


def test_a_sample_commune_with_its_mistakes_in_calc_matches_the_core(tmp_path):
    s = generate(5, province="Lạng Sơn", commune="Tân Văn", year=2025, persons=300, mistakes=True)
    people = s.tables["cong_dan"]
    cells, checks = calc_against_core(tmp_path, people, thon=s.tables["thon"], units=s.tables["don_vi"], info=s.info,
                                      tables=s.tables)
    clean = sum(1 for p in people if p) - len(checks)
    assert clean > 280 and 0 < len(checks) <= len(s.mistakes)
    assert cells == (ROWS - len(checks)) * len(CHECK_ROW)



def test_a_rule_the_formulas_cannot_follow_leaves_the_ht_call_alone():
    r = R.default()
    wide = r.model_copy(update={"cong_dan": r.cong_dan.model_copy(update={"diem_toi_da": 40})})
    many = r.model_copy(update={"cong_dan": r.cong_dan.model_copy(update={"so_chi_so": 12})})
    for rules in (wide, many):
        assert compile_people(rules) is None and native.block_formula("cong_dan", rules) == L.FORMULAS["cong_dan"]
        assert "cong_dan" in native.native_gaps(rules)
