"""The native formulas of ``Tổng hợp`` (shares, targets, the by-thôn table) and of the TT 25 level,
recalculated by LibreOffice Calc and compared cell by cell with the core (``share_block``,
``thon_block``, ``level_text`` of the commune as read back from the built workbook).

How the workbooks are made: ``Tổng hợp`` counts the model sheets' ``Kết quả`` cells, which have their
own native formulas (other modules) or, before those exist, only the ``HT_`` call that Calc cannot
compute. So that these tests check the summary's formulas alone, the builder's ``array_formula`` is
patched while the test workbooks are written: the five model blocks (``Công dân học tập`` … ``Đơn vị
học tập``) are written as plain values — the core's own ``table_block`` — and every other block
(``Tổng hợp``'s two, the level) keeps its formula. Calc then recalculates on load (forced), and only
the summary's native branch computes, from correct model results. All workbooks of this file are
converted in one Calc run.

Numbers are compared within 1e-9, texts (``Đạt``/``Chưa đạt``, the level, thôn names) exactly.
"""

from __future__ import annotations

import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hoctap_xl import layout as L
from hoctap_xl.commune.blocks import level_text, share_block, table_block, thon_block
from hoctap_xl.commune.evaluate import evaluate, grids_from_records
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.documents.model_names import SHORT_LABELS
from hoctap_xl.formats.template import build_workbook
from hoctap_xl.formats.template.builder import Builder
from hoctap_xl.formats.xlsx_read import evaluate_file
from hoctap_xl.rules import ruleset as R
from hoctap_xl.rules import targets as T
from hoctap_xl.samples.generator import generate
from hoctap_xl.sheets import native
from hoctap_xl.sheets.geometry import TONG_HOP_LEVEL_ROW, result_blocks, tong_hop_blocks
from hoctap_xl.sheets.native_summary import COMPILERS

from .calc import ALWAYS, block_values, require_calc
from .grids import person, scores_for, thon_row

MODEL_BLOCKS = ("cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi")
YEAR = 2025


def custom_rules() -> R.RuleSet:
    """A province's own rule set: five household criteria and four unit criteria (columns move)."""
    d = R.default().model_dump(mode="json")
    d["id"], d["version"] = "tinh-thu", "2026.02"
    d["gia_dinh"]["tieu_chi"].append({"ma": "TC5", "ten": "Đọc sách", "diem_toi_da": 10, "diem_toi_thieu": 5})
    d["don_vi"]["tieu_chi"].append({"ma": "TC4", "ten": "Chuyển đổi số", "diem_toi_da": 10, "diem_toi_thieu": 5})
    return R.from_dict(d, "test")


@dataclass
class Case:
    """One test commune: its sheets as rows, its targets, its rule set."""

    name: str
    info: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    targets: dict[str, dict[int, float | None]]
    rules: R.RuleSet = field(default_factory=R.default)


def info(year: Any = YEAR) -> dict[str, Any]:
    return {L.L_TINH: "Lạng Sơn", L.L_CAP_TREN: "UBND tỉnh Lạng Sơn", L.L_XA: "Tân Văn", L.L_MA: "05999",
            L.L_NAM: year, L.L_VUNG_KK: "Không"}


def points(rules: R.RuleSet, key: str, ok: bool) -> dict[str, int]:
    """Full points on every criterion (recognised, other conditions aside) or none."""
    return {f"Tiêu chí {i}": (c.diem_toi_da if ok else 0)
            for i, c in enumerate(rules.criteria(key).tieu_chi, start=1)}


def checklist(rules: R.RuleSet, level1: list[Any], level2: list[Any]) -> list[dict[str, Any]]:
    return [{"Mã": c.ma, "Chỉ tiêu": c.noi_dung, "Đạt mức 1": a, "Đạt mức 2": b}
            for c, a, b in zip(rules.cap_xa.chi_tieu, level1, level2, strict=True)]


def boundary_case(name: str, below: int, rules: R.RuleSet | None = None) -> Case:
    """Every share exactly at its target (``below`` 0) or one recognised short of it (``below`` 1).

    Targets of 2025: GIA_DINH blank, resolved from the later year 2026 (0.7, not 2024's 0.5);
    DONG_HO blank in 2025 and 2026, resolved from the earlier year 2024 (0.6); CONG_DONG and
    CONG_DAN_CONG_DONG typed as percentages (50, 80); KY_NANG_SO typed as 70."""
    rules = rules or R.default()
    thon = [thon_row("Thôn Nà Pàn", 10, 3, 5), thon_row("Bản Khuổi Tẩu", 10, 2, 5), thon_row("Thôn Pác Làng", 0, 0, 0),
            thon_row("Thôn Cốc Lùng", None, 0, 0)]
    t1, t2, t3, _ = (t["Tên thôn/TDP"] for t in thon)
    clans = [{"Tên dòng họ": f"Họ {k}", "Trưởng họ": f"Ông {k}", "Thôn/TDP": t1 if k < 3 else t2,
              "Số hộ trong dòng họ": 2, **points(rules, "dong_ho", True)} for k in range(5)]
    households = []
    ok_households = 14 - below  # of 20 (target 0.7)
    ok_clans = 3 - below  # of 5 (target 0.6): a clan is recognised with one recognised household of 2
    for k in range(20):
        ok = k < ok_households
        clan = f"Họ {k}" if k < ok_clans else ("Họ 4" if k == 19 else None)
        households.append({"Họ tên chủ hộ": f"Chủ hộ {k}", "Thôn/TDP": t1 if k % 2 == 0 else t2, "Dòng họ": clan,
                           "Số thành viên": 4, **points(rules, "gia_dinh", ok)})
    communities = [{"Thôn/TDP": t, **points(rules, "cong_dong", k < 2 - below)} for k, t in enumerate((t1, t2, t3))]
    units = [{"Tên đơn vị": f"Trường {k}", "Loại đơn vị": "Trường học", "Số CBCCVC, người lao động": 1,
              **points(rules, "don_vi", k < 3 - below)} for k in range(4)]  # 3 of 4 (target 0.75)
    people = []
    digital_marks = ["Có", "x", True, 1, "có", "Có", "Có"]  # what the core reads as Có
    ok_people = 8 - below  # of 10 workers (target 80)
    ok_staff = 2 - below  # of 4 staff (target 0.5)
    recognised = ok_people + ok_staff
    digital = 5 if below else 7  # 7/10 = 70 %; 5/8 < 70 %
    n = 0
    for k in range(10):
        ok = k < ok_people
        people.append(person(f"Người {n}", t1 if k % 2 else t2, scores_for(90 if ok else 60)))
        n += 1
    for k in range(3):
        ok = k < ok_staff
        people.append(person(f"Người {n}", t1, scores_for(90 if ok else 60), unit="Trường 0"))
        n += 1
    marks = iter(digital_marks[:digital] + ["Không"] * (recognised - digital))
    for p in people:
        if sum(p[f"Chỉ số {i}"] for i in range(1, 11)) >= 80:
            p["Kỹ năng số"] = next(marks)
        else:
            p["Kỹ năng số"] = "Có"
    n_items = len(rules.cap_xa.chi_tieu)
    level1 = ["Có", "x", True, 1] + ["Có"] * (n_items - 4)
    level2 = ["Có"] * n_items if not below else ["Có"] * (n_items - 1) + ["Không"]  # level 2, then level 1
    targets: dict[str, dict[int, float | None]] = {
        "GIA_DINH": {2024: 0.5, 2025: None, 2026: 0.7},
        "DONG_HO": {2024: 0.6, 2025: None, 2026: None},
        "CONG_DONG": {2024: None, 2025: 50, 2026: None},
        "DON_VI": {2024: None, 2025: 0.75, 2026: 0.9},
        "CONG_DAN_CONG_DONG": {2024: None, 2025: 80, 2026: None},
        "CONG_DAN_DON_VI": {2024: 0.2, 2025: 0.5, 2026: None},
        "KY_NANG_SO": {2024: None, 2025: 70, 2026: None},
    }
    tables = {"thon": thon, "cong_dan": people, "gia_dinh": households, "dong_ho": clans,
              "cong_dong": communities, "don_vi": units, "cap_xa": checklist(rules, level1, level2)}
    return Case(name, info(), tables, targets, rules)


def edge_case() -> Case:
    """Blanks where the core gives blanks, under a province's own rule set: no unit (total 0), nobody
    recognised (no Kỹ năng số ratio), shares without any target, the year typed as text, a thôn with
    0 households; the level just short of level 1 (one Không at level 1)."""
    rules = custom_rules()
    thon = [thon_row("Thôn A", 0, 1, 3), thon_row("Thôn B", 12, 0, 4), thon_row("Thôn C", 7, 2, 0)]
    households = [{"Họ tên chủ hộ": f"Hộ {k}", "Thôn/TDP": "Thôn B" if k < 8 else "Thôn C", "Dòng họ": None,
                   "Số thành viên": 3, **points(rules, "gia_dinh", k % 3 != 0)} for k in range(12)]
    people = [person(f"Người {k}", "Thôn A", scores_for(60)) for k in range(3)]
    communities = [{"Thôn/TDP": "Thôn B", **points(rules, "cong_dong", True)},
                   {"Thôn/TDP": "Thôn C", **points(rules, "cong_dong", False)}]
    n_items = len(rules.cap_xa.chi_tieu)
    level1 = ["Có"] * (n_items - 1) + ["Không"]
    targets: dict[str, dict[int, float | None]] = {code: {2025: None, 2026: None} for code in L.SHARE_CODES}
    targets["GIA_DINH"] = {2025: None, 2026: 0.65}
    targets["DON_VI"] = {2025: 0.5, 2026: None}
    tables = {"thon": thon, "cong_dan": people, "gia_dinh": households, "cong_dong": communities,
              "cap_xa": checklist(rules, level1, ["Có"] * n_items)}
    return Case("edge", info("2025"), tables, targets, rules)


def irregular_case() -> Case:
    """No evaluation year (every target blank) and a thôn list the core would move up: a blank row and
    a repeated name above named thôn."""
    rules = R.default()
    thon = [thon_row("Thôn A", 5, 1, 5), {"Tên thôn/TDP": None}, thon_row("Thôn B", 5, 1, 5),
            thon_row("Thôn A", 5, 1, 5), thon_row("Thôn D", 5, 1, 5)]
    thon[1] = {"Tên thôn/TDP": None, "Tổng số hộ": None}
    people = [person("Người 1", "Thôn B", scores_for(90))]
    targets: dict[str, dict[int, float | None]] = {code: {2025: 0.5} for code in L.SHARE_CODES}
    return Case("irregular", info(None), {"thon": thon, "cong_dan": people}, targets, rules)


def typed_case() -> Case:
    """Cells the core reads and formulas may not: a thôn's household count typed as text, a target
    typed as text ("70 %", patched in after the build: see :func:`build`)."""
    case = boundary_case("typed", 0)
    case.tables["thon"][1]["Tổng số hộ"] = "10"
    return case


TYPED_TARGET = ("DON_VI", 2025, "75 %")
"""The target cell :func:`build` retypes as text in the ``typed`` case."""


def sample_case() -> Case:
    """A realistic sample commune (a difficult one, with typing mistakes) and the national targets."""
    s = generate(7, province="Lạng Sơn", commune="Châu Sơn", year=YEAR, code="06097", persons=320, households=160,
                 thon=6, units=6, difficult=True)
    return Case("sample", s.info, s.tables, T.for_commune("quoc-gia", YEAR, True).values)


CASES = {c.name: c for c in (boundary_case("at", 0), boundary_case("below", 1), edge_case(), irregular_case(),
                             typed_case(), sample_case())}


def build(case: Case, path: Path) -> Path:
    """The case's workbook, its model blocks written as the core's plain values (see the module)."""
    core = evaluate(grids_from_records(case.info, case.tables, case.rules, case.targets), case.rules)
    original = Builder.array_formula

    def array_formula(self: Builder, ws: Any, key: str, block: tuple[int, int, int, int], formats: Any) -> None:
        if key not in MODEL_BLOCKS:
            original(self, ws, key, block, formats)
            return
        r0, c0, r1, _ = block
        for i, row in enumerate(table_block(core, key, r0 + 1, r1 - r0 + 1)):
            for k, value in enumerate(row):
                if value != "":
                    self.put(ws, r0 + i, c0 + k, value, formats[k])

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Builder, "array_formula", array_formula)
        build_workbook(path, case.info, case.rules, case.targets, tables=case.tables)
    if case.name == "typed":  # the builder writes targets as numbers: retype one as text
        wb = openpyxl.load_workbook(path, keep_vba=True)
        ws = wb[L.CHI_TIEU]
        code, year, text = TYPED_TARGET
        col = next(c.column for c in ws[L.HEADER_ROW] if c.value == year)
        ws.cell(L.HEADER_ROW + 1 + L.SHARE_CODES.index(code), col).value = text
        wb.save(path)
    return path


@pytest.fixture(scope="module")
def calc_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, CommuneResult]]:
    """Case name → (built workbook, as Calc recalculated and saved it, the core's result of the built file)."""
    command = require_calc()
    folder = tmp_path_factory.mktemp("native-summary")
    built = {name: build(case, folder / f"{name}.xlsm") for name, case in CASES.items()}
    out = folder / "calc"
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(ALWAYS, encoding="utf-8")
        run = subprocess.run([command, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--calc",
                              "--convert-to", "xlsx", "--outdir", str(out), *map(str, built.values())],
                             capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    return {name: (path, out / f"{name}.xlsx", evaluate_file(path)) for name, path in built.items()}


def same(got: Any, want: Any) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return got == want
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(got - want) <= 1e-9
    return got == want


def differences(got: list[list[Any]], want: list[list[Any]]) -> list[tuple[int, int, Any, Any]]:
    assert len(got) == len(want)
    return [(i, k, g, w) for i, (grow, wrow) in enumerate(zip(got, want, strict=True))
            for k, (g, w) in enumerate(zip(grow, wrow, strict=True)) if not same(g, w)]


def calc_block(saved: Path, key: str) -> list[list[Any]]:
    r0, c0, r1, c1 = tong_hop_blocks()[key]
    return block_values(saved, L.TONG_HOP, r0 + 1, c0 + 1, r1 - r0 + 1, c1 - c0 + 1)


def calc_level(saved: Path) -> Any:
    return block_values(saved, L.TONG_HOP, TONG_HOP_LEVEL_ROW, 2, 1, 1)[0][0]


# --- the formulas themselves ---------------------------------------------------------------------

@pytest.mark.parametrize("rules", [R.default(), custom_rules()], ids=["default", "province"])
def test_every_summary_block_has_a_native_expression_within_excels_limits(rules):
    for key in COMPILERS:
        expression = native.native(key, rules)
        assert expression is not None, key
        formula = native.block_formula(key, rules)
        assert formula.startswith(f"IFERROR({L.FORMULAS[key]},")
        assert len(formula) + 1 < native.MAX_LENGTH and native.nesting(formula) < native.MAX_NESTING, key
        assert "OFFSET(" not in formula and "INDIRECT(" not in formula and "_xlfn" not in formula



# --- recalculated in Calc, against the core --------------------------------------------------------

@pytest.mark.parametrize("name", ["at", "below", "edge", "sample"])
def test_shares_by_thon_and_level_equal_the_core(calc_books, name):
    _, saved, core = calc_books[name]
    assert not differences(calc_block(saved, "ty_le"), share_block(core))
    assert not differences(calc_block(saved, "theo_thon"), thon_block(core, L.TABLES["thon"].rows))
    assert calc_level(saved) == level_text(core.level)


def test_the_boundary_workbooks_are_what_they_claim(calc_books):
    """Each share exactly at its target, then one short; the targets resolved from a later year, an
    earlier one, typed as 50, 80, 70; the levels 2, 1, 0 at their boundaries; a thôn with 0 and one
    with no households (blank ratios); the by-thôn table padded with blanks."""
    at, below = (calc_block(calc_books[n][1], "ty_le") for n in ("at", "below"))
    assert [row[4] for row in at] == [L.RESULT_TRUE] * 7
    assert [row[5] for row in at] == [0] * 7  # exactly at the target
    assert [row[4] for row in below] == [L.RESULT_FALSE] * 7
    assert [row[3] for row in at] == pytest.approx([0.7, 0.6, 0.5, 0.75, 0.8, 0.5, 0.7])
    assert [calc_level(calc_books[n][1]) for n in ("at", "below", "edge")] == [
        "Mức độ 2 (Tốt)", "Mức độ 1 (Khá)", "Chưa đạt"]
    by_thon = calc_block(calc_books["at"][1], "theo_thon")
    assert [row[0] for row in by_thon[:5]] == ["Thôn Nà Pàn", "Bản Khuổi Tẩu", "Thôn Pác Làng", "Thôn Cốc Lùng", ""]
    assert by_thon[2][1:4] == [0, 0, ""] and by_thon[3][1:4] == ["", 0, ""]
    assert by_thon[3][9] == "" and by_thon[2][9] == L.RESULT_FALSE
    assert all(v == "" for row in by_thon[4:] for v in row)


def test_blanks_where_the_core_gives_blanks(calc_books):
    shares = calc_block(calc_books["edge"][1], "ty_le")
    by_code = dict(zip(L.SHARE_CODES, shares, strict=True))
    assert by_code["DON_VI"][1:] == [0, "", 0.5, "", ""]  # no unit: no ratio, so nothing to compare
    assert by_code["KY_NANG_SO"][:3] == [0, 0, ""]
    assert by_code["DONG_HO"][3:] == ["", "", ""]  # no target in any year
    assert by_code["GIA_DINH"][3] == pytest.approx(0.65)  # the year typed as text still reads


def test_a_thon_list_the_core_reorders_and_a_missing_year_are_named(calc_books):
    _, saved, core = calc_books["irregular"]
    by_thon = calc_block(saved, "theo_thon")
    check = native.CHECK_WITH_HOCTAP
    assert [row[0] for row in by_thon[:6]] == [check, "", check, check, check, ""]
    assert all(v == check for row in (by_thon[0], by_thon[2]) for v in row)
    shares = dict(zip(L.SHARE_CODES, calc_block(saved, "ty_le"), strict=True))
    assert all(v == check for code in ("GIA_DINH", "DONG_HO", "CONG_DONG", "CONG_DAN_CONG_DONG")
               for v in shares[code])
    want = dict(zip(L.SHARE_CODES, share_block(core), strict=True))
    for code in ("DON_VI", "CONG_DAN_DON_VI", "KY_NANG_SO"):  # not counted over the thôn: computed
        assert not differences([shares[code]], [want[code]]), code
        assert shares[code][3:] == ["", "", ""]  # no year, no target
    assert calc_level(saved) == level_text(core.level)


# --- the chart ---------------------------------------------------------------------------------------

def test_the_chart_shows_the_shares_short_names(calc_books):
    built = calc_books["at"][0]
    with zipfile.ZipFile(built) as z:
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    assert chart.count("<c:cat><c:strRef><c:f>'Tổng hợp'!$I$5:$I$11</c:f>") == 2
    assert "$A$5:$A$11" not in chart
    ws = openpyxl.load_workbook(built)[L.TONG_HOP]
    assert ws["I4"].value == "Tên trên biểu đồ"
    assert [ws.cell(r, 9).value for r in range(5, 12)] == [SHORT_LABELS[c] for c in L.SHARE_CODES]
    assert result_blocks(R.default())["ty_le"] == (L.TONG_HOP, "C5:H11")  # right of the block, not in it


def test_cells_typed_as_text_are_left_to_the_core_and_said_so(calc_books):
    _, saved, core = calc_books["typed"]
    check = native.CHECK_WITH_HOCTAP
    by_thon = calc_block(saved, "theo_thon")
    want_thon = thon_block(core, L.TABLES["thon"].rows)
    assert by_thon[1][1] == check and want_thon[1][1] == 10  # "10" typed as text: the core reads 10
    assert [(i, k) for i, k, _, _ in differences(by_thon, want_thon)] == [(1, 1), (1, 3)]  # that count, its ratio
    assert by_thon[1][3] == ""
    shares = dict(zip(L.SHARE_CODES, calc_block(saved, "ty_le"), strict=True))
    want = dict(zip(L.SHARE_CODES, share_block(core), strict=True))
    assert want["DON_VI"][3] == pytest.approx(0.75)  # the core reads "75 %"
    assert shares["DON_VI"][:3] == want["DON_VI"][:3] and shares["DON_VI"][3:] == [check] * 3
    for code in ("GIA_DINH", "DONG_HO", "CONG_DONG", "CONG_DAN_CONG_DONG"):
        assert shares[code] == [check] * 6, code
    for code in ("CONG_DAN_DON_VI", "KY_NANG_SO"):
        assert not differences([shares[code]], [want[code]]), code
