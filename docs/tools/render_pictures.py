"""Render pictures of the real workbook for the user guide (docs/img/*.png).

Builds the demo commune workbook, keeps one sheet at a time (openpyxl copy), prints it to PDF
with LibreOffice headless (its own profile, one process at a time) and converts the first page
to PNG with pdftoppm. Needs LibreOffice and poppler-utils; not part of the tests.

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
        for sheet, stem in SHEETS.items():
            wb = openpyxl.load_workbook(book, data_only=True)  # cached values, no HT_ formulas
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


if __name__ == "__main__":
    main()
