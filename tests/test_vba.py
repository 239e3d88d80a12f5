"""The built .xlsm carries xlwings' standalone VBA project and buttons whose macros exist
(in that project, or among the @xw.sub wrappers that `Kích hoạt` imports from hoctap_xl.buttons)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from hoctap_xl.excel import buttons
from hoctap_xl.formats.workbook_file import new_workbook

xlwings = pytest.importorskip("xlwings")
olevba = pytest.importorskip("oletools.olevba")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("vba") / "05999_Tan_Van_2025.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999")
    return path


def test_vba_project_is_xlwings_standalone_of_the_pinned_version(built):
    from hoctap_xl.excel.xwcompat import XLWINGS_VERSION

    assert xlwings.__version__ == XLWINGS_VERSION
    source = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    with zipfile.ZipFile(source) as z:
        original = z.read("xl/vbaProject.bin")
    with zipfile.ZipFile(built) as z:
        assert z.read("xl/vbaProject.bin") == original
        assert b"macroEnabled" in z.read("[Content_Types].xml")
        assert b'codeName="ThisWorkbook"' in z.read("xl/workbook.xml")


def test_olevba_sees_the_modules_and_runpython(built):
    parser = olevba.VBA_Parser(str(built))
    modules = {name: code for _, _, name, code in parser.extract_macros()}
    parser.close()
    assert "xlwings.bas" in modules
    code = modules["xlwings.bas"]
    assert "Sub ImportPythonUDFs()" in code and "Function RunPython(" in code
    assert f"'Version: {xlwings.__version__}" in code and f"xlwings64-{xlwings.__version__}.dll" in code


def test_every_button_macro_exists(built):
    with zipfile.ZipFile(built) as z:
        vml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/drawings/vmlDrawing"))
    macros = re.findall(r"<x:FmlaMacro>\[0\]!([A-Za-z_]+)</x:FmlaMacro>", vml)
    assert sorted(macros) == sorted(m for _, m in buttons.BUTTONS)
    for macro in macros:
        if macro == "ImportPythonUDFs":
            continue  # in xlwings' module, checked above
        assert callable(getattr(buttons, macro)), macro  # an @xw.sub that activation imports


def test_score_keeps_the_vba_project_byte_for_byte(built, tmp_path):
    from hoctap_xl.formats.workbook_file import score_file

    out = tmp_path / "scored.xlsm"
    score_file(built, out)
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(out) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
        vml = [n for n in a.namelist() if n.startswith("xl/drawings/")]
        assert vml and all(a.read(n) == b.read(n) for n in vml)


def test_golden_wrappers_are_current_and_cover_every_button():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    run = subprocess.run([sys.executable, str(root / "macros" / "generate_wrappers.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    golden = (root / "macros" / "hoctap_udfs.bas").read_text(encoding="utf-8")
    subs = set(re.findall(r"^Sub (\w+)\(\)", golden, re.M))
    functions = set(re.findall(r"^Function (HT_\w+)\(", golden, re.M))
    assert {m for _, m in buttons.BUTTONS} - {"ImportPythonUDFs"} == subs
    from hoctap_xl import layout as L
    assert {f.split("(")[0] for f in L.FORMULAS.values()} <= functions


def test_openpyxl_keep_vba_round_trips_the_project(built, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(built, keep_vba=True)
    out = tmp_path / "openpyxl.xlsm"
    wb.save(out)
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(out) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
