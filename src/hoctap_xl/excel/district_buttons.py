"""The district workbook's button ``Tổng hợp`` (``workbook/Tong_hop_cap_tren.xlsm``): the same
aggregation as ``hoctap-xl aggregate``, written into the open workbook's own sheets, every file
name a link back to its file.

The folder comes from the cell ``B4`` of ``Hướng dẫn`` (defined name ``ThuMucSo``) or, when that is
empty, from a folder picker. Inside Excel the files are read one after another (xlwings starts a
Python process per click; no worker processes are spawned from it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hoctap_xl.excel.buttons import _alert, _caller
from hoctap_xl.excel.xwcompat import sub
from hoctap_xl.layout import DISTRICT_FOLDER_CELL as FOLDER_CELL
from hoctap_xl.layout import DISTRICT_GUIDE as GUIDE
from hoctap_xl.level_above.files import Aggregate
from hoctap_xl.level_above.tables import FILES, FINDINGS, SheetTable, tables
from hoctap_xl.services.aggregate import aggregate

LINKED = {FILES: 2, FINDINGS: 2}  # sheet → column (1-based) holding the file name


def ask_folder() -> str:  # pragma: no cover - opens a dialog
    """The folder of returned workbooks, chosen in a dialog ("" when cancelled)."""
    try:
        import tkinter
        from tkinter import filedialog
    except ImportError:
        return ""
    root = tkinter.Tk()
    root.withdraw()
    try:
        return filedialog.askdirectory(title="Chọn thư mục chứa các sổ xã gửi lên") or ""
    finally:
        root.destroy()


def _sheet(book: Any, name: str) -> Any:
    names = [s.name for s in book.sheets]
    if name in names:
        sheet = book.sheets[name]
        sheet.clear_contents()
        return sheet
    return book.sheets.add(name, after=book.sheets[names[-1]])


def fill(book: Any, t: SheetTable, folder: Path) -> None:
    """One table into its sheet: title, note, header on row 4, rows below; numbers as numbers
    with their format; file names linked to the files."""
    sheet = _sheet(book, t.sheet)
    sheet.range("A1").value = [[t.title]]
    if t.note:
        sheet.range("A2").value = [[t.note]]
    body = [list(t.heads)] + [[None if v == "" else v for v in row] for row in t.rows]
    sheet.range("A4").value = body
    last = 4 + len(t.rows)
    for c, kind in enumerate(t.kinds, start=1):
        if kind != "text" and t.rows:
            sheet.range((5, c), (last, c)).number_format = "0.00%" if kind == "pct" else "#,##0"
    column = LINKED.get(t.sheet)
    if column:
        for i, row in enumerate(t.rows, start=5):
            name = row[column - 1]
            if name and (folder / name).exists():
                sheet.range((i, column)).add_hyperlink((folder / name).resolve().as_uri(), name, "Mở tệp")


def summarise(book: Any = None, folder: str | None = None, ask: Any = ask_folder) -> str:
    """Button ``Tổng hợp``."""
    book = _caller(book)
    chosen = folder or book.sheets[GUIDE].range(FOLDER_CELL).value or ask()
    if not chosen:
        message = f"Chưa chọn thư mục: gõ đường dẫn vào ô {FOLDER_CELL} của sheet {GUIDE} rồi bấm lại."
        _alert(book, message)
        return message
    path = Path(str(chosen))
    try:
        agg: Aggregate = aggregate(path, workers=1, progress=lambda *a: None)
    except Exception as exc:  # a message in the dialog, never a traceback
        message = f"Không tổng hợp được: {exc}"
        _alert(book, message)
        return message
    for t in tables(agg):
        fill(book, t, path)
    errors = sum(f.is_error for f in agg.all_findings)
    message = (f"Đã tổng hợp {len(agg.counted)} xã/phường từ {len(agg.files)} sổ trong {path}"
               f"{f'; {len(agg.files) - len(agg.counted)} sổ không tính' if len(agg.counted) < len(agg.files) else ''}"
               f"; {errors} lỗi — xem sheet {FINDINGS} và {FILES}.")
    _alert(book, message)
    return message


@sub
def tong_hop_cac_xa() -> None:
    """Nút Tổng hợp."""
    summarise()
