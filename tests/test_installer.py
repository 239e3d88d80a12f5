"""What can be checked of the Windows installer on Linux (it has never run here)."""

from __future__ import annotations

import re
from pathlib import Path

from hoctap_xl.excel.xwcompat import XLWINGS_VERSION

ROOT = Path(__file__).resolve().parents[1]


def test_powershell_script_is_utf8_with_bom_so_windows_powershell_reads_vietnamese():
    assert (ROOT / "installer" / "install.ps1").read_bytes().startswith(b"\xef\xbb\xbf")


def test_bat_launcher_has_windows_line_endings_and_ascii_only():
    data = (ROOT / "installer" / "install.bat").read_bytes()
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n") and data.isascii()


def test_pinned_xlwings_matches_the_vba_version():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"xlwings=={XLWINGS_VERSION}"' in pyproject


def test_installer_configures_the_same_modules_as_the_workbook():
    script = (ROOT / "installer" / "install.ps1").read_text(encoding="utf-8-sig")
    assert re.search(r"UDF MODULES`\",`\"hoctap_xl\.udfs;hoctap_xl\.buttons", script)
    assert "AccessVBOM" in script and "Trusted Locations" in script and "Unblock-File" in script
    assert "WindowsApps" in script  # refuses the Microsoft Store Python
