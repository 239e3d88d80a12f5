"""The XlsxWriter workbook of the commune template and its cell formats, shared by every sheet.

:class:`Builder` owns the workbook: it adds sheets (with their VBA code names and print setup),
writes values by type (text always as text), array formulas over result blocks and the
protection every sheet gets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.native import block_formula

FONT = "Times New Roman"
FONT_SIZE = 11
INPUT_FILL = "#DDEBF7"   # header of columns the official types into (light blue)
RESULT_FILL = "#D9D9D9"  # header of computed columns (grey)
RESULT_CELL = "#F2F2F2"  # computed cells (light grey)
LINE = "#BFBFBF"


class Builder:
    """The XlsxWriter workbook being written, its formats (by name) and the rule set."""

    def __init__(self, path: Path, rules: RuleSet) -> None:
        """Open the workbook at ``path`` (written on close) and create every cell format."""
        import xlsxwriter

        self.rules = rules
        self.wb = xlsxwriter.Workbook(str(path), {
            "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
            "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE}})
        self.n_sheets = 0
        base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter"}
        box = {"border": 1, "border_color": LINE}
        inp = {**base, **box, "locked": False}
        res = {**base, **box, "bg_color": RESULT_CELL}
        head = {**base, "bold": True, "text_wrap": True, "align": "center", "border": 1}
        f = self.wb.add_format
        self.f = {
            "title": f({**base, "bold": True, "font_size": 14}),
            "bold": f({**base, "bold": True}),
            "note": f({**base, "italic": True, "font_color": "#595959"}),
            "note_wrap": f({**base, "italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"}),
            "red": f({**base, "italic": True, "font_color": "#C00000"}),
            "head": f({**head, "bg_color": INPUT_FILL}),
            "head_result": f({**head, "bg_color": RESULT_FILL}),
            "group": f({**head, "italic": True, "bg_color": "#EDF3FA", "font_size": 10}),
            "input": f(inp),
            "input_wrap": f({**inp, "text_wrap": True, "valign": "top"}),
            "input_pct": f({**inp, "num_format": "0%"}),
            "input_pct1": f({**inp, "num_format": "0.0%"}),
            "input_date": f({**inp, "num_format": "dd/mm/yyyy", "align": "left"}),
            "input_text": f({**inp, "num_format": "@"}),
            "input_year": f({**head, "bg_color": INPUT_FILL, "locked": False, "num_format": "0"}),
            "result": f(res),
            "result_pct": f({**res, "num_format": "0.00%"}),
            "result_num": f({**res, "num_format": "0.00"}),
            "label": f({**base, **box, "bold": True}),
            "label_wrap": f({**base, **box, "bold": True, "text_wrap": True, "valign": "top"}),
            "cell": f({**base, **box, "text_wrap": True}),
            "key": f({**base, **box, "font_size": 9, "font_color": "#7F7F7F"}),
            "value": f({**base, **box, "text_wrap": True, "align": "left"}),
            "text": f({**base, "text_wrap": True, "valign": "top"}),
            "ok": f({"font_color": "#006100", "bold": True}),
            "not_ok": f({"font_color": "#9C0006"}),
        }

    def sheet(self, name: str, *, visible: bool = True) -> Any:
        """A new worksheet; a visible one is set up to print on A4, one page wide."""
        ws = self.wb.add_worksheet(name)
        self.n_sheets += 1
        ws.set_vba_name(f"Sheet{self.n_sheets}")  # ASCII code names, as a VBA project expects
        if visible:
            ws.set_paper(9)  # A4
            ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
            ws.set_footer(f'&C&"{FONT}"&10Trang &P/&N')
            ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
        return ws

    def put(self, ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
        """Write by type (0-based row/col): numbers as numbers, dates as dates, text as text."""
        if value is None or (isinstance(value, str) and value == ""):
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, fmt)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(row, col, value, self.f["input_date"])
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), self.f["input_date"])
        else:
            ws.write_string(row, col, str(value), fmt)

    def array_formula(self, ws: Any, key: str, block: tuple[int, int, int, int],
                      formats: Sequence[Any]) -> None:
        """One legacy array formula over the block, with a number format per column.

        XlsxWriter pads the block with cached zeros in the first format; the other columns'
        cells are rewritten with their own format (the array keeps every cell)."""
        r0, c0, r1, c1 = block
        ws.write_array_formula(r0, c0, r1, c1, "{=" + block_formula(key, self.rules) + "}", formats[0], "")
        for k, fmt in enumerate(formats):
            if fmt is not formats[0]:
                for r in range(r0, r1 + 1):
                    ws.write_number(r, c0 + k, 0, fmt)

    def verdict_colours(self, ws: Any, r0: int, c: int, r1: int) -> None:
        """Green for Đạt, red for Chưa đạt, in column ``c`` from row ``r0`` to ``r1`` (0-based)."""
        for value, fmt in ((L.RESULT_TRUE, "ok"), (L.RESULT_FALSE, "not_ok")):
            ws.conditional_format(r0, c, r1, c, {"type": "cell", "criteria": "==", "value": f'"{value}"',
                                                 "format": self.f[fmt]})

    @staticmethod
    def protect(ws: Any, *, tables: bool = True) -> None:
        """Protection without a password (officials may unprotect): only unlocked cells take
        typing; columns/rows can be resized; table sheets may be sorted and filtered."""
        ws.protect("", {"format_columns": True, "format_rows": True, "sort": tables, "autofilter": tables,
                        "select_locked_cells": True, "select_unlocked_cells": True})
