"""The workbook lives in any spreadsheet: a whole commune, recalculated by LibreOffice Calc (no Python,
so every result block takes its native branch), shows in every result cell and on ``Tổng hợp``
exactly what the core computes; the same workbook scored and opened with Calc's default settings
shows no ``#NAME?``."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.formats.workbook_file import computed_blocks, new_workbook
from hoctap_xl.formats.xlsx_read import load
from hoctap_xl.samples import generator as sample

from .calc import block_values, open_in_calc, require_calc


def _build(folder: Path, seed: int, persons: int, *, mistakes: bool) -> Path:
    s = sample.generate(seed, province="Lạng Sơn", commune="Tân Văn", year=2025, code="06166", persons=persons,
                        households=persons // 3, thon=6, mistakes=mistakes)
    path = folder / f"xa-{seed}.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, code="06166", info=s.info, tables=s.tables)
    return path


def _same(got: object, want: object) -> bool:
    if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(got, (int, float)):
        return abs(float(got) - float(want)) < 1e-9
    return got == want


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    require_calc()
    folder = tmp_path_factory.mktemp("song")
    path = _build(folder, 21, 400, mistakes=False)
    return path, open_in_calc(path, folder / "calc")


def test_every_result_cell_in_calc_is_what_the_core_computes(clean):
    path, saved = clean
    result = evaluate_workbook(load(path))
    compared = 0
    differ = []
    for cb in computed_blocks(result, path):
        got = block_values(saved, cb.sheet, cb.first_row, cb.first_col, cb.n_rows, cb.n_cols)
        for r in range(cb.n_rows):
            for c in range(cb.n_cols):
                want = cb.value(r, c)
                compared += 1
                if not _same(got[r][c], want):
                    differ.append((cb.sheet, cb.first_row + r, cb.first_col + c, got[r][c], want))
    assert compared > 40_000
    assert differ == [], differ[:10]


def test_scored_workbook_opened_in_calc_with_default_settings_shows_no_name_error(tmp_path, clean):
    import openpyxl

    path, _ = clean
    saved = open_in_calc(path, tmp_path / "mac-dinh", recalculate=False)
    wb = openpyxl.load_workbook(saved, data_only=True, read_only=True)
    errors = [(ws.title, c.coordinate, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
              if isinstance(getattr(c, "value", None), str) and c.value.startswith("#")]
    wb.close()
    assert errors == []


def test_with_officials_mistakes_every_row_is_the_cores_or_says_to_check_with_hoctap(tmp_path):
    """Rows formulas cannot read as the core does (a score typed "8,0", 7.5, a word) say so; every
    other row of every model block is the core's, cell for cell."""
    from hoctap_xl import layout as L
    from hoctap_xl.sheets.native_parts import CHECK_WITH_HOCTAP

    require_calc()
    path = _build(tmp_path, 7, 300, mistakes=True)
    saved = open_in_calc(path, tmp_path / "calc")
    result = evaluate_workbook(load(path))
    checked = differ = 0
    for cb in computed_blocks(result, path):
        if cb.sheet not in L.MODEL_NAMES.values():
            continue
        got = block_values(saved, cb.sheet, cb.first_row, cb.first_col, cb.n_rows, cb.n_cols)
        for r in range(cb.n_rows):
            if CHECK_WITH_HOCTAP in got[r]:
                checked += 1
                continue
            differ += sum(not _same(got[r][c], cb.value(r, c)) for c in range(cb.n_cols))
    assert differ == 0
    assert 0 < checked <= 10
