"""The district workbook (``workbook/Tong_hop_cap_tren.xlsm``): where the level above points at
the folder of returned workbooks and clicks ``Tổng hợp``; the button fills its sheets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.formats.template.finish import finish
from hoctap_xl.layout import DISTRICT_BUTTONS as BUTTONS
from hoctap_xl.layout import DISTRICT_FOLDER_CELL as FOLDER_CELL
from hoctap_xl.layout import DISTRICT_FOLDER_NAME as FOLDER_NAME
from hoctap_xl.layout import DISTRICT_GUIDE as GUIDE
from hoctap_xl.level_above.tables import FILES, FINDINGS, SUMMARY

GUIDE_TEXT = [
    "TỔNG HỢP SỔ XÂY DỰNG XÃ HỘI HỌC TẬP CỦA CÁC XÃ, PHƯỜNG — CẤP TRÊN",
    "",
    "Thư mục chứa các sổ xã gửi lên:",
    "",  # B4: the folder
    "",
    "Cách dùng: chép mọi sổ nhận được vào một thư mục (để lẫn thư mục con, tệp khác cũng được), gõ đường dẫn "
    "thư mục vào ô B4 (hoặc để trống để chọn khi bấm nút), rồi bấm Tổng hợp.",
    "Mỗi sổ được tính lại từ số liệu gốc; kết quả lưu trong sổ chỉ được so sánh. Hai tệp cùng một xã đều "
    "không được tính cho đến khi bỏ bớt một tệp. Không tệp nào trong thư mục bị sửa.",
    "Sheet Tổng hợp: mỗi xã một dòng và dòng tổng (tổng số đạt ÷ tổng mẫu số). Sheet Phát hiện: mọi lỗi, cảnh "
    "báo. Sheet Tệp: mỗi tệp số dòng đọc, tính, bị loại và trạng thái; bấm tên tệp để mở.",
    "Lần đầu trên một máy: bấm Kích hoạt (lần đầu). Không có Excel: lệnh hoctap-xl aggregate làm đúng việc này.",
]


def _guide_sheet(ws: Any, title: Any, text: Any, cell: Any) -> None:
    """The guide sheet: how to use the workbook, the folder cell and the buttons."""
    ws.set_column(0, 0, 36)
    ws.set_column(1, 1, 70)
    for r, line in enumerate(GUIDE_TEXT):
        if line:
            ws.write_string(r, 0, line, title if r == 0 else text)
    ws.write_blank(FOLDER_CELL, None, cell)
    for k, (caption, macro) in enumerate(BUTTONS):
        ws.insert_button(10 + 3 * k, 1, {"macro": macro, "caption": caption, "width": 190, "height": 36})


def _xlwings_conf(wb: Any, n_sheets: int) -> None:
    """xlwings' workbook settings: the button's module; the interpreter is left to each PC."""
    conf = wb.add_worksheet(L.XLWINGS_CONF)
    conf.set_vba_name(f"Sheet{n_sheets + 1}")
    conf.write_string(0, 0, "UDF Modules")
    conf.write_string(0, 1, "hoctap_xl.district_buttons")
    conf.write_string(1, 0, "Interpreter_Win")
    conf.hide()


def build_district_workbook(path: Path, vba_project: Path | None) -> None:
    """Write the district workbook (with ``vba_project``, the VBA project its buttons need)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": "Tổng hợp sổ xây dựng xã hội học tập", "author": "hoctap-xl"})
    wb.set_vba_name("ThisWorkbook")
    if vba_project is not None:
        wb.add_vba_project(str(vba_project))
    title = wb.add_format({"font_name": "Times New Roman", "bold": True, "font_size": 14})
    text = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "text_wrap": True, "valign": "top"})
    cell = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "border": 1, "locked": False,
                          "bg_color": "#FFFFFF"})
    sheets = [GUIDE, SUMMARY, FINDINGS, FILES, *L.MODEL_NAMES.values()]
    for i, name in enumerate(sheets, start=1):
        ws = wb.add_worksheet(name)
        ws.set_vba_name(f"Sheet{i}")
        if name == GUIDE:
            _guide_sheet(ws, title, text, cell)
        else:
            ws.write_string(0, 0, f"{name.upper()} — bấm Tổng hợp ở sheet {GUIDE}", title)
    wb.define_name(FOLDER_NAME, f"='{GUIDE}'!${FOLDER_CELL[0]}${FOLDER_CELL[1:]}")
    _xlwings_conf(wb, len(sheets))
    wb.close()
    finish(path, macro_enabled=path.suffix.lower() == ".xlsm" and vba_project is None)


def new_district_workbook(out: Path) -> Path:
    """Build the district workbook with xlwings' VBA project when the pinned xlwings is present."""
    from hoctap_xl.formats.workbook_file import build_with_vba

    return build_with_vba(out, build_district_workbook)
