"""Pictures of the real documents for the user guide (docs/img/vb-*.png).

Builds the demo's clean commune (Tân Văn), writes its documents with ``hoctap-xl report --pdf``
(LibreOffice), and renders chosen pages to PNG with pdftoppm. Needs LibreOffice and
poppler-utils; not part of the tests. Run: .venv/bin/python docs/tools/render_documents.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples.generator import demo_communes

IMG = Path(__file__).resolve().parents[1] / "img"
PAGES = [("bao-cao-2025.pdf", 1, "vb-bao-cao-trang-1"), ("bao-cao-2025.pdf", 4, "vb-bao-cao-bieu-do"),
         ("quyet-dinh-cong-dan-2025.pdf", 1, "vb-quyet-dinh"), ("quyet-dinh-cong-dan-2025.pdf", 2, "vb-danh-sach"),
         ("giay-cong-nhan-gia-dinh-2025.pdf", 1, "vb-giay-cong-nhan")]


def main() -> None:
    s = demo_communes(2025)[0]
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "06166_Tan_Van_2025.xlsm"
        new_workbook(book, province=str(s.info["Tỉnh/thành phố"]), commune=str(s.info["Xã/phường/thị trấn"]), year=2025,
                     info=s.info, tables=s.tables)
        out = Path(tmp) / "van-ban"
        subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "report", str(book), "--out", str(out), "--pdf"],
                       check=True)
        for pdf, page, name in PAGES:
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page), "-singlefile",
                            str(out / pdf), str(IMG / name)], check=True)
            print(IMG / f"{name}.png")


def level_above() -> None:
    """The summary workbook's first sheet and the level above's report, from the three demo
    communes aggregated as a district."""
    with tempfile.TemporaryDirectory() as tmp:
        books = Path(tmp) / "so-cac-xa"
        books.mkdir()
        for s in demo_communes(2025):
            info = s.info
            new_workbook(books / f"{info['Mã đơn vị hành chính']}.xlsm", province=str(info["Tỉnh/thành phố"]),
                         commune=str(info["Xã/phường/thị trấn"]), year=2025, info=info, tables=s.tables)
        out = Path(tmp) / "ra"
        subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(books), "--out",
                        str(out / "tong-hop-2025.xlsx"), "--report", str(out)], check=False)
        profile = Path(tmp) / "lo"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), str(out / "tong-hop-2025.xlsx"), str(out / "bao-cao-tong-hop-2025.docx")],
                       check=True, capture_output=True)
        for pdf, page, name in (("tong-hop-2025.pdf", 1, "th-tong-hop"), ("bao-cao-tong-hop-2025.pdf", 2,
                                                                          "th-bao-cao")):
            subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(page), "-l", str(page), "-singlefile",
                            str(out / pdf), str(IMG / name)], check=True)
            print(IMG / f"{name}.png")


if __name__ == "__main__":
    main()
    level_above()
