"""The level above's summary: its tables (plain rows, shared by the ``.xlsx`` file and the
district workbook's button) and the summary workbook (XlsxWriter) — ``Tổng hợp``, ``Phát hiện``,
``Tệp`` and one sheet per model with the counts by commune, formatted for printing, with a
native chart.

Every text is written with ``write_string`` and the workbook refuses to turn strings into
formulas, so a commune name or a message that begins with ``=``, ``+``, ``-`` or ``@`` stays
text (no formula injection from a returned file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.results import Share
from hoctap_xl.documents.plan import SHORT_LABELS
from hoctap_xl.errors import HoctapError
from hoctap_xl.services.aggregate import COUNTED, MODELS, Aggregate, FileResult

MODEL_SHEETS = {"cong_dan": "Công dân học tập", "gia_dinh": "Gia đình học tập", "dong_ho": "Dòng họ học tập",
                "cong_dong": "Cộng đồng học tập", "don_vi": "Đơn vị học tập"}
SUMMARY, FINDINGS, FILES, MERGED = "Tổng hợp", "Phát hiện", "Tệp", "Xã sau sáp nhập"


@dataclass
class SheetTable:
    """One output sheet: title, header, rows of plain values, each column's kind
    (``text``, ``int``, ``pct``) and width; ``total`` marks a last row printed in bold."""

    sheet: str
    title: str
    heads: list[str]
    kinds: list[str]
    widths: list[float]
    rows: list[list[Any]]
    total: bool = False
    note: str = ""


def _met(s: Share) -> str:
    return "—" if s.met is None else ("Đạt" if s.met else "Chưa đạt")


def _share_columns(lead: list[tuple[str, str, float]]) -> tuple[list[str], list[str], list[float]]:
    heads, kinds, widths = [h for h, _, _ in lead], [k for _, k, _ in lead], [w for _, _, w in lead]
    for code in L.SHARE_CODES:
        heads += [f"{SHORT_LABELS[code]}: số đạt", "tổng số", "tỷ lệ", "chỉ tiêu", "đánh giá"]
        kinds += ["int", "int", "pct", "pct", "text"]
        widths += [9.0, 9.0, 8.0, 8.0, 9.0]
    return heads, kinds, widths


def _share_values(shares: list[Share]) -> list[Any]:
    out: list[Any] = []
    for s in shares:
        out += [s.recognised, s.total, s.ratio, s.target, _met(s)]
    return out


def summary_table(agg: Aggregate) -> SheetTable:
    heads, kinds, widths = _share_columns([("STT", "int", 5.0), ("Xã/phường", "text", 22.0), ("Mã", "text", 8.0)])
    rows: list[list[Any]] = [[i, f.xa, f.ma, *_share_values(f.shares)] for i, f in enumerate(agg.counted, start=1)]
    rows.append([None, "Tổng", "", *_share_values(agg.totals)])
    note = (f"{len(agg.counted)} xã/phường được tính, {len(agg.files) - len(agg.counted)} tệp không tính (xem sheet "
            f"{FILES}). Tỷ lệ tổng = tổng số đạt ÷ tổng mẫu số (không lấy trung bình các tỷ lệ); mỗi xã so với chỉ "
            "tiêu của chính xã, dòng tổng so với chỉ tiêu của cấp trên.")
    return SheetTable(SUMMARY, f"TỔNG HỢP KẾT QUẢ XÂY DỰNG CÁC MÔ HÌNH HỌC TẬP NĂM {agg.nam or ''} — cấp {agg.cap}",
                      heads, kinds, widths, rows, total=True, note=note)


def findings_table(agg: Aggregate) -> SheetTable:
    ordered = sorted(agg.all_findings, key=lambda f: (0 if f.is_error else 1, f.file or "", f.sheet or ""))
    rows = [[i, f.file or "", f.sheet or "", f.cell or "", f.code, f.level, f.message]
            for i, f in enumerate(ordered, start=1)]
    return SheetTable(FINDINGS, "PHÁT HIỆN (lỗi trước, rồi cảnh báo)",
                      ["STT", "Tệp", "Sheet", "Ô", "Mã", "Mức", "Nội dung"],
                      ["int", "text", "text", "text", "text", "text", "text"],
                      [5.0, 30.0, 18.0, 7.0, 18.0, 9.0, 80.0], rows)


def _why(f: FileResult) -> str:
    if f.reason:
        return f.reason
    if f.status == COUNTED:
        return "" if not f.rows_rejected else f"{f.rows_rejected} dòng bị loại (xem sheet {FINDINGS})"
    return next((x.message for x in f.findings if x.code in ("trung-xa", "nam-khac")), "")


def files_table(agg: Aggregate) -> SheetTable:
    rows: list[list[Any]] = []
    for i, f in enumerate(agg.files, start=1):
        errors = sum(x.is_error for x in f.findings)
        rows.append([i, f.file, f.xa, f.ma, f.nam or "", f.template, f.rules, f.rows_read, f.rows_counted,
                     f.rows_rejected, errors, len(f.findings) - errors, f.status, _why(f)])
    for name in agg.skipped:
        rows.append([len(rows) + 1, name, "", "", "", "", "", None, None, None, None, None, "bỏ qua",
                     "không phải sổ Excel"])
    return SheetTable(FILES, "CÁC TỆP TRONG THƯ MỤC",
                      ["STT", "Tệp", "Xã/phường", "Mã", "Năm", "Mẫu sổ", "Bộ tiêu chí", "Dòng đọc", "Dòng tính",
                       "Dòng loại", "Lỗi", "Cảnh báo", "Trạng thái", "Lý do"],
                      ["int", "text", "text", "text", "text", "text", "text", "int", "int", "int", "int", "int",
                       "text", "text"],
                      [5.0, 34.0, 18.0, 8.0, 7.0, 9.0, 22.0, 9.0, 9.0, 9.0, 7.0, 9.0, 14.0, 50.0], rows)


def model_table(agg: Aggregate, key: str) -> SheetTable:
    rows: list[list[Any]] = []
    total = [0, 0]
    for i, f in enumerate(agg.counted, start=1):
        registered, recognised = f.counts.get(key, (0, 0))
        total[0] += registered
        total[1] += recognised
        rows.append([i, f.xa, f.ma, registered, recognised, recognised / registered if registered else None])
    rows.append([None, "Tổng", "", total[0], total[1], total[1] / total[0] if total[0] else None])
    return SheetTable(MODEL_SHEETS[key], f"{MODEL_SHEETS[key].upper()} THEO XÃ",
                      ["STT", "Xã/phường", "Mã", "Số đăng ký (dòng được tính)", "Số được công nhận",
                       "Tỷ lệ công nhận / đăng ký"], ["int", "text", "text", "int", "int", "pct"],
                      [5.0, 24.0, 8.0, 14.0, 14.0, 14.0], rows, total=True)


def merged_table(agg: Aggregate) -> SheetTable:
    heads, kinds, widths = _share_columns([("STT", "int", 5.0), ("Xã mới", "text", 22.0), ("Mã mới", "text", 8.0),
                                           ("Từ các mã cũ", "text", 18.0)])
    rows = [[i, m.xa, m.ma, ", ".join(m.parts), *_share_values(m.shares)] for i, m in enumerate(agg.merged, start=1)]
    return SheetTable(MERGED, "CỘNG THEO XÃ MỚI (sáp nhập 2025; chỉ tiêu của cấp trên)", heads, kinds, widths, rows)


def tables(agg: Aggregate) -> list[SheetTable]:
    out = [summary_table(agg), findings_table(agg), files_table(agg)] + [model_table(agg, k) for k in MODELS]
    return out + ([merged_table(agg)] if agg.merged else [])


# --- the .xlsx file ------------------------------------------------------------------------------------

HEADER_ROW = 3  # 0-based row of each table's header (title above, note under the title)


class _Out:
    def __init__(self, path: Path) -> None:
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                                  "strings_to_urls": False})
        add = self.wb.add_format
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter", "border": 1}
        self.f: dict[str, Any] = {
            "title": add({"font_name": "Times New Roman", "bold": True, "font_size": 14}),
            "note": add({"font_name": "Times New Roman", "italic": True, "font_size": 10}),
            "head": add({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"}),
        }
        for kind, extra in (("text", {"text_wrap": True}), ("int", {"num_format": "#,##0"}),
                            ("pct", {"num_format": "0.00%"})):
            self.f[kind] = add({**base, **extra})
            self.f["bold_" + kind] = add({**base, **extra, "bold": True})

    def table(self, t: SheetTable) -> Any:
        ws = self.wb.add_worksheet(t.sheet)
        ws.write_string(0, 0, t.title, self.f["title"])
        if t.note:
            ws.write_string(1, 0, t.note, self.f["note"])
        for c, (h, w) in enumerate(zip(t.heads, t.widths, strict=True)):
            ws.write_string(HEADER_ROW, c, h, self.f["head"])
            ws.set_column(c, c, w)
        ws.set_row(HEADER_ROW, 45)
        for i, row in enumerate(t.rows):
            bold = "bold_" if t.total and i == len(t.rows) - 1 else ""
            for c, (v, kind) in enumerate(zip(row, t.kinds, strict=True)):
                r = HEADER_ROW + 1 + i
                if v is None or v == "" or kind == "text" or isinstance(v, str):
                    ws.write_string(r, c, "—" if v is None and kind != "text" and c > 0 else str(v or ""),
                                    self.f[bold + "text"])
                else:
                    ws.write_number(r, c, v, self.f[bold + kind])
        ws.freeze_panes(HEADER_ROW + 1, 2)
        ws.repeat_rows(HEADER_ROW)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        if len(t.heads) > 16:  # the share tables: several pages wide, the commune columns on each
            ws.repeat_columns(0, 2)
            ws.print_area(0, 0, HEADER_ROW + len(t.rows), len(t.heads) - 1)
        else:
            ws.fit_to_pages(1, 0)
        return ws


def _chart(o: _Out, ws: Any, agg: Aggregate, at_row: int) -> None:
    """Totals: share and target per code, from a small block under the chart."""
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
        for t in tables(agg):
            ws = o.table(t)
            if t.sheet == SUMMARY:
                _chart(o, ws, agg, HEADER_ROW + len(t.rows) + 3)
        o.wb.close()
        os.replace(tmp, out)
    except PermissionError:
        raise HoctapError(f"Không ghi được {out}: tệp đang mở (trong Excel?). Hãy đóng rồi chạy lại.") from None
    finally:
        if tmp.exists():
            tmp.unlink()
