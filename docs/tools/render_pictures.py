"""Render pictures of the real workbook for the user guide (docs/img/*.png), as Calc computes it.

Builds the demo commune workbook, opens it in LibreOffice Calc with every formula recalculated on
load (no Python: the native branch of each result formula) and saves Calc's values; then keeps one
sheet at a time (openpyxl copy of Calc's values), prints it to PDF with LibreOffice headless (its
own profile, one process at a time) and converts the first page to PNG with pdftoppm. Needs
LibreOffice and poppler-utils; not part of the tests.

Run: .venv/bin/python docs/tools/render_pictures.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples.generator import demo_communes

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "img"
SHEETS = {"Thông tin chung": "thong-tin-chung", "Thôn - TDP": "thon-tdp", "Công dân học tập": "cong-dan",
          "Gia đình học tập": "gia-dinh", "Tổng hợp": "tong-hop", "Bộ tiêu chí": "bo-tieu-chi",
          "Hướng dẫn": "huong-dan", "Chỉ tiêu": "chi-tieu"}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        s = demo_communes(2025)[0]
        book = folder / "xa.xlsm"
        new_workbook(book, province=str(s.info["Tỉnh/thành phố"]), commune=str(s.info["Xã/phường/thị trấn"]), year=2025,
                     info=s.info, tables=s.tables)
        profile = folder / "profile"
        calc = _as_calc_computes(book, folder / "calc")
        for sheet, stem in SHEETS.items():
            wb = openpyxl.load_workbook(calc, data_only=True)  # the values Calc computed
            for other in list(wb.sheetnames):
                if other != sheet:
                    del wb[other]
            ws = wb[sheet]
            ws.sheet_state = "visible"
            one = folder / f"{stem}.xlsx"
            wb.save(one)
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                            "pdf", "--outdir", str(folder), str(one)], check=True, capture_output=True, timeout=180)
            # the top of the first page, large enough to read (A4 at 160 dpi, upper part)
            subprocess.run(["pdftoppm", "-png", "-r", "160", "-f", "1", "-l", "1", "-x", "0", "-y", "0",
                            "-W", "1870", "-H", "720", str(folder / f"{stem}.pdf"), str(folder / stem)], check=True)
            page = next(folder.glob(f"{stem}-*1.png"))
            shutil.copy(page, OUT / f"{stem}.png")
            print(OUT / f"{stem}.png")


RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _as_calc_computes(book: Path, out: Path) -> Path:
    """``book`` opened in Calc with every formula recalculated on load, saved as .xlsx."""
    profile = out / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE, encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--calc", "--convert-to",
                    "xlsx", "--outdir", str(out), str(book)], check=True, capture_output=True, timeout=300)
    return out / f"{book.stem}.xlsx"


if __name__ == "__main__":
    main()
