"""A workbook re-saved by LibreOffice Calc (as .xlsx, and as .xlsm with its VBA) reads, scores and
aggregates as the original does.

Calc rewrites every part of the file: the result formulas come back lowercased (``ht_cong_dan(…)``,
Calc's spelling of a function it does not know) and with whatever Calc computed as their stored
values — ``#NAME?`` where a block has no native branch — and ``calcPr`` without ``calcId``. So
``check``/``results`` give the original's findings (plus ``mat-macro`` for the .xlsx) and exit code,
``score`` finds every result block and writes as many cells as on the original, and ``aggregate``
counts the same totals and names each sheet whose stored results are errors (``ket-qua-bao-loi``),
never crashing on them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hoctap_xl import layout as L
from hoctap_xl.formats.sheet_xml import error_cells, formula_blocks
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.formats.xlsx_read import READ_SHEETS
from hoctap_xl.samples import generator as sample
from hoctap_xl.sheets.native import block_key

from .calc import open_in_calc

NAME = "05999_Tan_Van_2025"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("calc-saved")
    s = sample.generate(11, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=80,
                        households=30, thon=3)
    original = root / "goc" / f"{NAME}.xlsm"
    original.parent.mkdir()
    new_workbook(original, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", info=s.info,
                 tables=s.tables)
    return {"original": original,
            "xlsx": open_in_calc(original, root / "calc-xlsx", recalculate=True, to="xlsx"),
            "xlsm": open_in_calc(original, root / "calc-xlsm", recalculate=True, to="xlsm:Calc MS Excel 2007 VBA XML")}


def _findings(run: subprocess.CompletedProcess[str]) -> list[tuple[Any, ...]]:
    data = json.loads(run.stdout)
    return [(f["ma"], f["sheet"], f["o"], f["thong_diep"]) for f in data["phat_hien"] if f["ma"] != "mat-macro"]


def test_calc_lowercases_the_functions_and_every_block_is_still_found(files: dict[str, Path]) -> None:
    want = [(fb.sheet, fb.ref, block_key(fb.formula)) for fb in formula_blocks(files["original"])
            if block_key(fb.formula)]
    assert {key for *_, key in want} == set(L.FORMULAS)
    for kind in ("xlsx", "xlsm"):
        blocks = formula_blocks(files[kind])
        assert [(fb.sheet, fb.ref, block_key(fb.formula)) for fb in blocks if block_key(fb.formula)] == want, kind
        assert any("ht_" in fb.formula for fb in blocks)   # Calc 7.4's spelling: the case-blind reading matters


def test_check_and_results_as_for_the_original(files: dict[str, Path]) -> None:
    check0, results0 = cli("check", str(files["original"]), "--json"), cli("results", str(files["original"]), "--json")
    assert check0.returncode in (0, 1) and _findings(check0)
    for kind in ("xlsx", "xlsm"):
        check = cli("check", str(files[kind]), "--json")
        assert check.returncode == check0.returncode, check.stderr
        assert _findings(check) == _findings(check0)
        macro = [f["ma"] for f in json.loads(check.stdout)["phat_hien"] if f["ma"] == "mat-macro"]
        assert macro == (["mat-macro"] if kind == "xlsx" else [])
        results = cli("results", str(files[kind]), "--json")
        assert results.returncode == results0.returncode
        got, want = json.loads(results.stdout), json.loads(results0.stdout)
        assert {k: v for k, v in got.items() if k != "phat_hien"} == {k: v for k, v in want.items() if k != "phat_hien"}


def test_score_writes_every_result_cell_of_a_calc_saved_file(files: dict[str, Path], tmp_path: Path) -> None:
    run0 = cli("score", str(files["original"]), "--out", str(tmp_path / "goc.xlsm"))
    for kind in ("xlsx", "xlsm"):
        out = tmp_path / f"scored.{kind}"
        run = cli("score", str(files[kind]), "--out", str(out))
        assert run.returncode == run0.returncode, run.stderr
        assert run.stdout.split()[2] == run0.stdout.split()[2]   # "Đã ghi N ô kết quả …": the same N
        assert "không còn công thức" not in run.stderr
        assert error_cells(out) == {}   # every #NAME? Calc stored is replaced by the computed value


def _aggregate(folder: Path, out: Path) -> tuple[int, dict[str, Any]]:
    run = cli("aggregate", str(folder), "--json", "--out", str(out))
    assert run.returncode in (0, 1), run.stderr
    return run.returncode, json.loads(run.stdout)


def test_aggregate_counts_a_calc_saved_file_and_names_its_error_results(files: dict[str, Path],
                                                                         tmp_path: Path) -> None:
    folders = {}
    for kind in ("original", "xlsx", "xlsm"):
        folders[kind] = tmp_path / kind
        folders[kind].mkdir()
        shutil.copy2(files[kind], folders[kind])
    code0, data0 = _aggregate(folders["original"], tmp_path / "t0.xlsx")
    assert not [f for f in data0["phat_hien"] if f["ma"].startswith("ket-qua")]
    for kind in ("xlsx", "xlsm"):
        code, data = _aggregate(folders[kind], tmp_path / f"t-{kind}.xlsx")
        assert code == code0 and data["tong"] == data0["tong"]
        assert [x["trang_thai"] for x in data["xa"]] == [x["trang_thai"] for x in data0["xa"]]
        stored_errors = {sheet for sheet in error_cells(files[kind]) if sheet in READ_SHEETS}
        flagged = {f["sheet"] for f in data["phat_hien"] if f["ma"] == "ket-qua-bao-loi"}
        assert flagged == stored_errors
        for f in data["phat_hien"]:
            if f["ma"] == "ket-qua-bao-loi":
                assert "#" in f["thong_diep"] and f["o"]


def test_aggregate_of_a_scored_calc_file_finds_nothing_stale(files: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "scored"
    folder.mkdir()
    assert cli("score", str(files["xlsm"]), "--out", str(folder / f"{NAME}.xlsm")).returncode in (0, 1)
    _, data = _aggregate(folder, tmp_path / "t.xlsx")
    assert not [f for f in data["phat_hien"] if f["ma"].startswith("ket-qua")]
