"""LibreOffice Calc as the spreadsheet engine of the tests: a workbook opened, recalculated and saved
as an official's Calc would, then read back cell by cell.

Calc recalculates on load when its profile says so (``OOXMLRecalcMode`` = 0, "always"); without that
setting it keeps Calc's default (recalculate only what it must), which is how a commune's PC opens a
file. Each call gets a profile of its own (two Calc processes cannot share one). When Calc is
missing the tests skip, except in CI (``CI`` set), where its absence fails them: CI installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_calc() -> str:
    """The ``soffice`` command; skips the test without it (fails in CI, which must have it)."""
    found = soffice()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice Calc is missing in CI: the README's test command installs it "
                        "(libreoffice-calc, libreoffice-writer)")
        pytest.skip("LibreOffice Calc is not installed (the README's test command installs it on Debian as root)")
    return found


def open_in_calc(path: Path, out_dir: Path, *, recalculate: bool = True, to: str = "xlsx") -> Path:
    """``path`` opened in Calc (headless) and saved as ``to`` into ``out_dir``; the saved file.

    ``recalculate`` forces every formula to be computed on load, as after an official types a
    value; without it Calc opens with its default settings."""
    command = require_calc()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        if recalculate:
            (Path(profile) / "user").mkdir()
            (Path(profile) / "user" / "registrymodifications.xcu").write_text(ALWAYS, encoding="utf-8")
        run = subprocess.run([command, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--calc",
                              "--convert-to", to, "--outdir", str(out_dir), str(path)],
                             capture_output=True, text=True, timeout=600)
    saved = out_dir / f"{path.stem}.{to.split(':')[0]}"
    assert run.returncode == 0 and saved.exists(), run.stderr
    return saved


def values(path: Path, sheet: str) -> dict[str, Any]:
    """Every non-empty cell value of ``sheet`` as Calc stored it (``"S4"`` → value)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    out = {}
    for row in wb[sheet].iter_rows():
        for c in row:
            if getattr(c, "value", None) not in (None, ""):
                out[c.coordinate] = c.value
    wb.close()
    return out


def block_values(path: Path, sheet: str, first_row: int, first_col: int, n_rows: int,
                 n_cols: int) -> list[list[Any]]:
    """A rectangle of Calc's stored values (1-based first row and column), blanks as ``""``."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    ws = wb[sheet]
    out = [["" if v is None else v for v in row]
           for row in ws.iter_rows(min_row=first_row, max_row=first_row + n_rows - 1, min_col=first_col,
                                   max_col=first_col + n_cols - 1, values_only=True)]
    wb.close()
    return out
