"""The ready-made workbook in workbook/ matches the current template (rebuild: workbook/build.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hoctap_xl import layout as L
from hoctap_xl.formats.xlsx_read import evaluate_file, load
from hoctap_xl.rules import ruleset as R

SHIPPED = Path(__file__).resolve().parents[1] / "workbook" / "So_hoc_tap_mau.xlsm"


def test_shipped_workbook_is_current():
    data = load(SHIPPED)
    assert data.meta["template_version"] == L.TEMPLATE_VERSION
    assert data.meta["bo_tieu_chi_hash"] == R.default().digest(), "run workbook/build.py"
    assert not [f for f in data.findings if f.code in ("cau-truc-khac", "ban-mau-cu", "bo-tieu-chi-bi-sua")]
    assert data.visible[: len(L.VISIBLE_SHEETS)] == list(L.VISIBLE_SHEETS)


def test_shipped_workbook_computes_and_opens_without_forced_recalculation():
    result = evaluate_file(SHIPPED)
    assert result.info.year == 2026
    # the only error of a blank workbook: the commune's name is still to be typed
    assert [(f.code, f.cell) for f in result.findings if f.is_error] == [("thieu-thong-tin", "B5")]
    with zipfile.ZipFile(SHIPPED) as z:
        assert b"fullCalcOnLoad" not in z.read("xl/workbook.xml")
        assert b"macroEnabled" in z.read("[Content_Types].xml")


def test_a_new_workbook_has_no_finding_but_the_ones_a_blank_workbook_must_have(tmp_path):
    """Nothing the template itself writes (notes, hints, prefilled rows) may read as data."""
    from hoctap_xl.formats.workbook_file import new_workbook

    path = tmp_path / "moi.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999")
    assert [f.code for f in evaluate_file(path).findings] == ["chua-co-thon"]
