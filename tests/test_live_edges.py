"""The edges of the live workbook: ``calcPr`` (Excel has no reason to recalculate a scored workbook on
open), result blocks found however a formula wraps or spells its ``HT_`` call, ``new-workbook``
saying plainly when it wrote a workbook without buttons, and the year in the titles of a carried
workbook (not "NĂM 2025.0")."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hoctap_xl import layout as L
from hoctap_xl.cli.main import main
from hoctap_xl.formats.district_workbook import new_district_workbook
from hoctap_xl.formats.template.finish import CALC_ID, calc_properties
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample
from hoctap_xl.sheets.geometry import result_blocks
from hoctap_xl.sheets.native import block_key


def _calc_pr(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        found = re.findall(r"<(?:\w+:)?calcPr\b[^>]*>", z.read("xl/workbook.xml").decode())
    assert len(found) == 1, found
    return str(found[0])


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    s = sample.generate(3, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=40,
                        households=15, thon=3, mistakes=False)
    path = tmp_path_factory.mktemp("edges") / "05999_Tan_Van_2025.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", info=s.info, tables=s.tables)
    return path


# --- calcPr --------------------------------------------------------------------------------------

def test_workbooks_carry_a_calc_id_above_every_excel_and_no_full_calc_on_load(book: Path, tmp_path: Path) -> None:
    assert CALC_ID > 145621            # Excel 2010's engine; every later Excel is higher still, and below this
    for path in (book, new_district_workbook(tmp_path / "tong-hop.xlsm")):
        calc = _calc_pr(path)
        assert f'calcId="{CALC_ID}"' in calc and "fullCalcOnLoad" not in calc, (path.name, calc)


def test_score_keeps_the_calc_properties_byte_for_byte(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "scored.xlsm"
    assert main(["score", str(book), "--out", str(out)]) in (0, 1)
    with zipfile.ZipFile(book) as a, zipfile.ZipFile(out) as b:
        assert a.read("xl/workbook.xml") == b.read("xl/workbook.xml")


def test_calc_properties_rewrites_what_xlsxwriter_writes() -> None:
    raw = b'<workbook><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    assert calc_properties(raw) == f'<workbook><calcPr calcId="{CALC_ID}"/></workbook>'.encode()
    prefixed = b'<x:workbook><x:calcPr calcMode="auto" calcId="124519"/></x:workbook>'
    want = f'<x:workbook><x:calcPr calcMode="auto" calcId="{CALC_ID}"/></x:workbook>'
    assert calc_properties(prefixed) == want.encode()


# --- finding result blocks -------------------------------------------------------------------------

@pytest.mark.parametrize("formula", [
    "=HT_CONG_DAN(CongDan,Thon,DonVi,ThongTin,BoTieuChi)",
    "=IFERROR(HT_CONG_DAN(CongDan,Thon,DonVi,ThongTin,BoTieuChi),CHOOSE({1,2},A4:A9,B4:B9))",
    "ht_cong_dan(CongDan,Thon,DonVi,ThongTin,BoTieuChi)",                       # Calc's spelling
    "iferror(ht_cong_dan(CongDan,Thon,DonVi,ThongTin,BoTieuChi),0)",
    "=IFERROR(_xll.HT_CONG_DAN(CongDan),0)",                                     # not ours: a prefixed name
])
def test_a_block_is_found_by_its_ht_call_anywhere_in_any_case(formula: str) -> None:
    assert block_key(formula) == (None if "_xll." in formula else "cong_dan")


def test_every_block_of_a_new_workbook_is_found_where_the_geometry_puts_it(book: Path) -> None:
    from hoctap_xl.formats.sheet_xml import formula_blocks
    from hoctap_xl.rules import ruleset as R

    found = {(fb.sheet, fb.ref): block_key(fb.formula) for fb in formula_blocks(book) if block_key(fb.formula)}
    for key, (sheet, ref) in result_blocks(R.default()).items():
        assert found.get((sheet, ref.replace("$", ""))) == key, (key, sheet, ref)


# --- new-workbook without xlwings -------------------------------------------------------------------

BLOCKER = textwrap.dedent("""
    import sys
    class NoXlwings:
        def find_spec(self, name, path=None, target=None):
            if name == "xlwings" or name.startswith("xlwings."):
                raise ModuleNotFoundError("No module named 'xlwings'", name=name)
            return None
    sys.meta_path.insert(0, NoXlwings())
    from hoctap_xl.cli.main import main
    sys.exit(main(sys.argv[1:]))
""")


def _new_workbook(out: Path, blocked: bool) -> subprocess.CompletedProcess[str]:
    args = ["new-workbook", str(out), "--tinh", "Lạng Sơn", "--xa", "Tân Văn", "--nam", "2025"]
    command = [sys.executable, "-c", BLOCKER, *args] if blocked else [sys.executable, "-m", "hoctap_xl.cli", *args]
    return subprocess.run(command, capture_output=True, text=True)


def test_new_workbook_without_xlwings_says_it_has_no_buttons_and_how_to_get_them(tmp_path: Path) -> None:
    out = tmp_path / "khong-nut.xlsm"
    run = _new_workbook(out, blocked=True)
    assert run.returncode == 0, run.stderr
    assert "Đã tạo sổ" in run.stdout and "nút bấm" not in run.stdout
    assert "không có macro và nút bấm" in run.stderr and 'pip install "hoctap-xl[excel]"' in run.stderr
    assert "xlwings" in run.stderr and "nhập liệu được" in run.stderr
    with zipfile.ZipFile(out) as z:
        assert "xl/vbaProject.bin" not in z.namelist()


def test_new_workbook_with_xlwings_says_nothing_more(tmp_path: Path) -> None:
    pytest.importorskip("xlwings")
    out = tmp_path / "co-nut.xlsm"
    run = _new_workbook(out, blocked=False)
    assert run.returncode == 0 and run.stderr == ""
    with zipfile.ZipFile(out) as z:
        assert "xl/vbaProject.bin" in z.namelist()


def test_an_xlsx_workbook_is_not_expected_to_have_buttons(tmp_path: Path) -> None:
    run = _new_workbook(tmp_path / "so.xlsx", blocked=True)
    assert run.returncode == 0 and run.stderr == ""


# --- the year in the titles of carried workbooks -------------------------------------------------------

def _titles(path: Path) -> dict[str, str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:
        first = next(ws.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))[0]
        if isinstance(first, str) and "NĂM" in first:
            out[ws.title] = first
    wb.close()
    return out


def test_upgrade_and_split_write_the_year_as_a_year(book: Path, tmp_path: Path) -> None:
    upgraded = tmp_path / "nang-cap.xlsm"
    assert main(["upgrade", str(book), str(upgraded)]) in (0, 1)
    assert main(["split", str(book), "--theo-thon", str(tmp_path / "thon")]) in (0, 1)
    parts = sorted((tmp_path / "thon").glob("*.xls*"))
    assert parts
    for path in (upgraded, *parts):
        titles = _titles(path)
        assert L.CONG_DAN in titles and L.TONG_HOP in titles, path.name
        for sheet, title in titles.items():
            if sheet == L.CHI_TIEU:
                continue
            assert "NĂM 2025" in title and "2025.0" not in title, (path.name, sheet, title)
        ws = openpyxl.load_workbook(path, read_only=True)[L.THONG_TIN]
        year = next(v for label, v in ws.iter_rows(min_col=1, max_col=2, values_only=True) if label == L.L_NAM)
        assert year == 2025 and isinstance(year, int), (path.name, year)


# --- stored values of every block cell, and stored errors seen by the level above -----------------------

def test_score_stores_a_value_in_every_cell_of_every_block(book: Path, tmp_path: Path) -> None:
    from hoctap_xl.formats.sheet_xml import formula_blocks
    from hoctap_xl.formats.workbook_file import score_file
    from hoctap_xl.sheets.cells import bounds

    cells = 0
    for fb in formula_blocks(book):
        if block_key(fb.formula):
            r0, c0, r1, c1 = bounds(fb.ref)
            cells += (r1 - r0 + 1) * (c1 - c0 + 1)
    _, report = score_file(book, tmp_path / "scored.xlsm")
    assert report.missing == [] and report.patched == cells > 40000


def test_a_stored_error_value_is_named_by_the_level_above_not_read_as_a_blank(book: Path, tmp_path: Path) -> None:
    from hoctap_xl.formats.sheet_xml import error_cells
    from hoctap_xl.formats.xlsx_patch import write_cached_values
    from hoctap_xl.services.aggregate import read_one

    broken = tmp_path / "loi.xlsm"
    write_cached_values(book, broken, {L.CONG_DAN: {"S4": float("nan"), "T5": float("inf")}})  # stored as #NUM!
    assert error_cells(broken) == {L.CONG_DAN: {(4, 19): "#NUM!", (5, 20): "#NUM!"}}
    found = [f for f in read_one(str(broken), str(tmp_path)).findings if f.code.startswith("ket-qua")]
    assert [(f.sheet, f.cell) for f in found] == [(L.CONG_DAN, "S4")] and "#NUM!" in found[0].message
    # Excel's and Calc's #NAME? (the add-in missing), stored as an error value, not as text
    named = tmp_path / "name.xlsm"
    with zipfile.ZipFile(broken) as src, zipfile.ZipFile(named, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item).replace(b"<v>#NUM!</v>", b"<v>#NAME?</v>"))
    assert error_cells(named) == {L.CONG_DAN: {(4, 19): "#NAME?", (5, 20): "#NAME?"}}
    found = [f for f in read_one(str(named), str(tmp_path)).findings if f.code.startswith("ket-qua")]
    assert [(f.code, f.sheet, f.cell) for f in found] == [("ket-qua-bao-loi", L.CONG_DAN, "S4")]
    assert "2 ô" in found[0].message and "#NAME?" in found[0].message
    assert not [f for f in read_one(str(book), str(tmp_path)).findings if f.code.startswith("ket-qua")]
