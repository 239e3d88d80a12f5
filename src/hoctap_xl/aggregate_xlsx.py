"""The level above's summary workbook (XlsxWriter): ``Tổng hợp``, ``Phát hiện``, ``Tệp`` and one
sheet per model with the counts by commune; formatted for printing, with a native chart.

Every text is written with ``write_string`` and the workbook refuses to turn strings into
formulas, so a commune name or a message that begins with ``=``, ``+``, ``-`` or ``@`` stays
text (no formula injection from a returned file).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import layout as L
from .aggregate import COUNTED, MODELS, Aggregate, FileResult
from .commune import Share
from .doc_context import SHORT_LABELS
from .errors import HoctapError

MODEL_SHEETS = {"cong_dan": "Công dân học tập", "gia_dinh": "Gia đình học tập", "dong_ho": "Dòng họ học tập",
                "cong_dong": "Cộng đồng học tập", "don_vi": "Đơn vị học tập"}
SUMMARY, FINDINGS, FILES = "Tổng hợp", "Phát hiện", "Tệp"


class _Out:
    def __init__(self, path: Path) -> None:
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                                  "strings_to_urls": False})
        add = self.wb.add_format
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter", "border": 1}
        self.f = {
            "title": add({"font_name": "Times New Roman", "bold": True, "font_size": 14}),
            "note": add({"font_name": "Times New Roman", "italic": True, "font_size": 10}),
            "head": add({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"}),
            "text": add({**base, "text_wrap": True}),
            "int": add({**base, "num_format": "#,##0"}),
            "pct": add({**base, "num_format": "0.00%"}),
            "bold_text": add({**base, "bold": True}),
            "bold_int": add({**base, "bold": True, "num_format": "#,##0"}),
            "bold_pct": add({**base, "bold": True, "num_format": "0.00%"}),
        }

    def text(self, ws: Any, r: int, c: int, value: Any, fmt: str = "text") -> None:
        ws.write_string(r, c, "" if value is None else str(value), self.f[fmt])

    def number(self, ws: Any, r: int, c: int, value: float | None, fmt: str) -> None:
        if value is None:
            ws.write_string(r, c, "—", self.f["text"])
        else:
            ws.write_number(r, c, value, self.f[fmt])

    def header(self, ws: Any, row: int, heads: list[str], widths: list[float]) -> None:
        for c, (h, w) in enumerate(zip(heads, widths, strict=True)):
            ws.write_string(row, c, h, self.f["head"])
            ws.set_column(c, c, w)
        ws.set_row(row, 45)
        ws.freeze_panes(row + 1, 2)
        ws.repeat_rows(row)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)


def _met(s: Share) -> str:
    return "—" if s.met is None else ("Đạt" if s.met else "Chưa đạt")


def _summary(o: _Out, agg: Aggregate) -> None:
    ws = o.wb.add_worksheet(SUMMARY)
    ws.write_string(0, 0, f"TỔNG HỢP KẾT QUẢ XÂY DỰNG CÁC MÔ HÌNH HỌC TẬP NĂM {agg.nam or ''} — cấp {agg.cap}",
                    o.f["title"])
    ws.write_string(1, 0, f"{len(agg.counted)} xã/phường được tính, {len(agg.files) - len(agg.counted)} tệp không "
                    "tính (xem sheet Tệp). Tỷ lệ tổng = tổng số đạt ÷ tổng mẫu số (không lấy trung bình các tỷ lệ); "
                    "mỗi xã so với chỉ tiêu của chính xã, dòng tổng so với chỉ tiêu của cấp trên.", o.f["note"])
    heads = ["STT", "Xã/phường", "Mã"]
    widths = [5.0, 22.0, 8.0]
    for code in L.SHARE_CODES:
        label = SHORT_LABELS[code]
        heads += [f"{label}: số đạt", "tổng số", "tỷ lệ", "chỉ tiêu", "đánh giá"]
        widths += [9.0, 9.0, 8.0, 8.0, 9.0]
    o.header(ws, 3, heads, widths)
    row = 4
    for i, f in enumerate(agg.counted, start=1):
        o.number(ws, row, 0, i, "int")
        o.text(ws, row, 1, f.xa)
        o.text(ws, row, 2, f.ma)
        _share_cells(o, ws, row, f.shares, bold=False)
        row += 1
    o.text(ws, row, 1, "Tổng", "bold_text")
    o.text(ws, row, 0, "", "bold_text")
    o.text(ws, row, 2, "", "bold_text")
    _share_cells(o, ws, row, agg.totals, bold=True)
    _chart(o, ws, agg, row + 3)


def _share_cells(o: _Out, ws: Any, row: int, shares: list[Share], *, bold: bool) -> None:
    b = "bold_" if bold else ""
    for k, s in enumerate(shares):
        c = 3 + 5 * k
        o.number(ws, row, c, s.recognised, f"{b}int")
        o.number(ws, row, c + 1, s.total, f"{b}int")
        o.number(ws, row, c + 2, s.ratio, f"{b}pct")
        o.number(ws, row, c + 3, s.target, f"{b}pct")
        o.text(ws, row, c + 4, _met(s), f"{b}text")


def _chart(o: _Out, ws: Any, agg: Aggregate, at_row: int) -> None:
    """Totals: share and target per code, on a hidden helper block below the chart's place."""
    helper = at_row + 22
    ws.write_string(helper, 0, "Số liệu biểu đồ", o.f["note"])
    for k, s in enumerate(agg.totals):
        ws.write_string(helper + 1 + k, 1, SHORT_LABELS[s.code])
        ws.write_number(helper + 1 + k, 2, s.ratio or 0)
        if s.target is not None:
            ws.write_number(helper + 1 + k, 3, s.target)
    n = len(agg.totals)
    chart = o.wb.add_chart({"type": "bar"})
    for col, name, color in ((2, "Đạt được", "#4A7AB5"), (3, "Chỉ tiêu", "#C0392B")):
        chart.add_series({"name": name, "categories": [SUMMARY, helper + 1, 1, helper + n, 1],
                          "values": [SUMMARY, helper + 1, col, helper + n, col], "fill": {"color": color}})
    chart.set_title({"name": f"Tỷ lệ chung so với chỉ tiêu năm {agg.nam or ''}"})
    chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 760, "height": 380})
    ws.insert_chart(at_row, 1, chart)


def _merged(o: _Out, agg: Aggregate) -> None:
    ws = o.wb.add_worksheet("Xã sau sáp nhập")
    ws.write_string(0, 0, "CỘNG THEO XÃ MỚI (sáp nhập 2025; chỉ tiêu của cấp trên)", o.f["title"])
    heads = ["STT", "Xã mới", "Mã mới", "Từ các mã cũ"]
    widths = [5.0, 22.0, 8.0, 18.0]
    for code in L.SHARE_CODES:
        heads += [f"{SHORT_LABELS[code]}: số đạt", "tổng số", "tỷ lệ", "chỉ tiêu", "đánh giá"]
        widths += [9.0, 9.0, 8.0, 8.0, 9.0]
    o.header(ws, 2, heads, widths)
    for i, m in enumerate(agg.merged, start=1):
        r = 2 + i
        o.number(ws, r, 0, i, "int")
        o.text(ws, r, 1, m.xa)
        o.text(ws, r, 2, m.ma)
        o.text(ws, r, 3, ", ".join(m.parts))
        for k, s in enumerate(m.shares):
            c = 4 + 5 * k
            o.number(ws, r, c, s.recognised, "int")
            o.number(ws, r, c + 1, s.total, "int")
            o.number(ws, r, c + 2, s.ratio, "pct")
            o.number(ws, r, c + 3, s.target, "pct")
            o.text(ws, r, c + 4, _met(s))


def _findings(o: _Out, agg: Aggregate) -> None:
    ws = o.wb.add_worksheet(FINDINGS)
    ws.write_string(0, 0, "PHÁT HIỆN (lỗi trước, rồi cảnh báo)", o.f["title"])
    o.header(ws, 2, ["STT", "Tệp", "Sheet", "Ô", "Mã", "Mức", "Nội dung"], [5.0, 30.0, 18.0, 7.0, 18.0, 9.0, 80.0])
    ordered = sorted(agg.all_findings, key=lambda f: (0 if f.is_error else 1, f.file or "", f.sheet or ""))
    for i, f in enumerate(ordered, start=1):
        r = 2 + i
        o.number(ws, r, 0, i, "int")
        for c, v in enumerate((f.file, f.sheet, f.cell, f.code, f.level, f.message), start=1):
            o.text(ws, r, c, v)


def _files(o: _Out, agg: Aggregate) -> None:
    ws = o.wb.add_worksheet(FILES)
    ws.write_string(0, 0, "CÁC TỆP TRONG THƯ MỤC", o.f["title"])
    o.header(ws, 2, ["STT", "Tệp", "Xã/phường", "Mã", "Năm", "Mẫu sổ", "Bộ tiêu chí", "Dòng đọc", "Dòng tính",
                     "Dòng loại", "Lỗi", "Cảnh báo", "Trạng thái", "Lý do"],
             [5.0, 34.0, 18.0, 8.0, 7.0, 9.0, 22.0, 9.0, 9.0, 9.0, 7.0, 9.0, 14.0, 50.0])
    r = 3
    for i, f in enumerate(agg.files, start=1):
        errors = sum(x.is_error for x in f.findings)
        o.number(ws, r, 0, i, "int")
        for c, v in enumerate((f.file, f.xa, f.ma, f.nam or "", f.template, f.rules), start=1):
            o.text(ws, r, c, v)
        for c, v in enumerate((f.rows_read, f.rows_counted, f.rows_rejected, errors, len(f.findings) - errors),
                              start=7):
            o.number(ws, r, c, v, "int")
        o.text(ws, r, 12, f.status)
        o.text(ws, r, 13, f.reason or _why(f))
        r += 1
    for name in agg.skipped:
        o.number(ws, r, 0, r - 2, "int")
        o.text(ws, r, 1, name)
        o.text(ws, r, 12, "bỏ qua")
        o.text(ws, r, 13, "không phải sổ Excel")
        r += 1


def _why(f: FileResult) -> str:
    if f.status == COUNTED:
        return "" if not f.rows_rejected else f"{f.rows_rejected} dòng bị loại (xem sheet {FINDINGS})"
    first = next((x.message for x in f.findings if x.code in ("trung-xa", "nam-khac")), "")
    return first


def _model_sheets(o: _Out, agg: Aggregate) -> None:
    for key in MODELS:
        ws = o.wb.add_worksheet(MODEL_SHEETS[key])
        ws.write_string(0, 0, f"{MODEL_SHEETS[key].upper()} THEO XÃ", o.f["title"])
        o.header(ws, 2, ["STT", "Xã/phường", "Mã", "Số đăng ký (dòng được tính)", "Số được công nhận",
                         "Tỷ lệ công nhận / đăng ký"], [5.0, 24.0, 8.0, 14.0, 14.0, 14.0])
        r = 3
        total = [0, 0]
        for i, f in enumerate(agg.counted, start=1):
            registered, recognised = f.counts.get(key, (0, 0))
            total[0] += registered
            total[1] += recognised
            o.number(ws, r, 0, i, "int")
            o.text(ws, r, 1, f.xa)
            o.text(ws, r, 2, f.ma)
            o.number(ws, r, 3, registered, "int")
            o.number(ws, r, 4, recognised, "int")
            o.number(ws, r, 5, recognised / registered if registered else None, "pct")
            r += 1
        o.text(ws, r, 1, "Tổng", "bold_text")
        o.number(ws, r, 3, total[0], "bold_int")
        o.number(ws, r, 4, total[1], "bold_int")
        o.number(ws, r, 5, total[1] / total[0] if total[0] else None, "bold_pct")


def write_summary(agg: Aggregate, out: Path) -> None:
    """The summary workbook, written beside ``out`` then moved into place."""
    if out.suffix.lower() != ".xlsx":
        raise HoctapError(f"Tệp tổng hợp phải có đuôi .xlsx ({out.name}).")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HoctapError(f"Không tạo được thư mục {out.parent}: {exc.strerror or exc}.") from None
    tmp = out.with_name(f".{out.stem}.tmp{os.getpid()}.xlsx")
    o = _Out(tmp)
    try:
        _summary(o, agg)
        _findings(o, agg)
        _files(o, agg)
        _model_sheets(o, agg)
        if agg.merged:
            _merged(o, agg)
        o.wb.close()
        os.replace(tmp, out)
    except PermissionError:
        raise HoctapError(f"Không ghi được {out}: tệp đang mở (trong Excel?). Hãy đóng rồi chạy lại.") from None
    finally:
        if tmp.exists():
            tmp.unlink()
