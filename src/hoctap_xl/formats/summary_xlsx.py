"""The level above's summary workbook (XlsxWriter): the tables of :mod:`hoctap_xl.level_above.tables`,
formatted for printing, with a native chart.

Every text is written with ``write_string`` and the workbook refuses to turn strings into
formulas, so a commune name or a message that begins with ``=``, ``+``, ``-`` or ``@`` stays
text (no formula injection from a returned file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hoctap_xl.documents.model_names import SHORT_LABELS
from hoctap_xl.errors import HoctapError
from hoctap_xl.formats.atomic import replacing
from hoctap_xl.level_above.files import Aggregate
from hoctap_xl.level_above.tables import SUMMARY, SheetTable, tables

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
    chart.set_title({"name": f"Tỷ lệ chung so với chỉ tiêu năm {agg.year or ''}"})
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
    try:
        with replacing(out) as tmp:
            o = _Out(tmp)
            for t in tables(agg):
                ws = o.table(t)
                if t.sheet == SUMMARY:
                    _chart(o, ws, agg, HEADER_ROW + len(t.rows) + 3)
            o.wb.close()
    except PermissionError:
        raise HoctapError(f"Không ghi được {out}: tệp đang mở (trong Excel?). Hãy đóng rồi chạy lại.") from None
