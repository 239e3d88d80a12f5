"""The input-table sheets of the commune template (``Thôn - TDP``, the five models, ``CĐHT cấp xã``).

Each sheet: a title, a guidance row, the header row (exact texts, descriptions in comments), the
given data rows, one array formula over the result block, and a data validation per input column.
Where everything sits comes from :mod:`hoctap_xl.sheets.geometry`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.formats.template.builder import FONT, Builder
from hoctap_xl.formats.template.texts import (
    COUNTS,
    NAME_LISTS,
    TITLES,
    WRAPPED,
    YES_NO,
    column_comment,
    column_width,
    criterion,
    row_height,
    table_guidance,
)
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.geometry import CAP_XA_LEVEL_COL, TableGeometry
from hoctap_xl.sheets.native import block_formula


def validation(rules: RuleSet, key: str, header: str, geo: dict[str, TableGeometry]) -> dict[str, Any] | None:
    """The data validation of one input column, or None."""
    rule: dict[str, Any]
    if header in YES_NO:
        rule = {"validate": "list", "source": [L.YES, L.NO], "error_message": "Chọn Có hoặc Không."}
    elif header == "Nhóm":
        rule = {"validate": "list", "source": [str(k) for k in sorted(rules.cong_dan.nhom)],
                "input_title": "Nhóm đối tượng", "input_message": column_comment(rules, key, header)[:255],
                "error_message": "Nhóm là " + ", ".join(str(k) for k in sorted(rules.cong_dan.nhom)) + "."}
    elif header in ("Giới tính", L.GIOI_TINH_CHU_HO):
        rule = {"validate": "list", "source": ["Nam", "Nữ"], "error_message": "Chọn Nam hoặc Nữ."}
    elif header == L.CAP_QUAN_LY:
        rule = {"validate": "list", "source": list(L.CAP_QUAN_LY_VALUES),
                "error_message": "Chọn " + ", ".join(L.CAP_QUAN_LY_VALUES[:-1]) + f" hoặc {L.CAP_QUAN_LY_VALUES[-1]}."}
    elif header.startswith("Chỉ số"):
        cd = rules.cong_dan
        rule = {"validate": "integer", "criteria": "between", "minimum": cd.diem_toi_thieu, "maximum": cd.diem_toi_da,
                "input_title": header, "input_message": f"Số nguyên từ {cd.diem_toi_thieu} đến {cd.diem_toi_da}.",
                "error_message": f"Điểm chỉ số là số nguyên từ {cd.diem_toi_thieu} đến {cd.diem_toi_da}."}
    elif header.startswith("Tiêu chí") and key in L.CRITERIA_MODELS:
        c = criterion(rules, key, header)
        rule = {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": c.diem_toi_da,
                "input_title": f"{header} (tối đa {c.diem_toi_da})"[:32],
                "input_message": f"{c.ma} {c.ten}: số nguyên từ 0 đến {c.diem_toi_da}, tối thiểu {c.diem_toi_thieu} "
                                 "để đạt."[:255],
                "error_message": f"{c.ma}: điểm là số nguyên từ 0 đến {c.diem_toi_da}."}
    elif header in NAME_LISTS:
        table, name_header, sheet = NAME_LISTS[header]
        other = geo[table]
        col = other.column_of(name_header)
        rule = {"validate": "list", "source": f"='{other.sheet}'!${col}${other.first_data_row}:${col}${other.last_row}",
                "error_message": f"Chọn tên có trong sheet {sheet} (hoặc thêm tên đó vào sheet {sheet} trước)."}
    elif header == "Năm sinh":
        rule = {"validate": "integer", "criteria": "between", "minimum": 1900, "maximum": 2100,
                "error_message": "Năm sinh gõ đủ 4 chữ số, vd. 1985."}
    elif header in COUNTS:
        rule = {"validate": "integer", "criteria": ">=", "value": 0, "error_message": "Gõ số nguyên không âm."}
    else:
        return None
    # A warning, not a stop: Excel never checks pasted cells anyway, and a stop would only block
    # typing while pasted mistakes slip through. Every out-of-range cell is named by
    # `hoctap-xl check` / Kiểm tra dữ liệu afterwards, so the official is told, never blocked.
    rule.update({"ignore_blank": True, "error_type": "warning", "error_title": "Giá trị chưa đúng"})
    return rule


def _guidance_row(b: Builder, ws: Any, g: TableGeometry, widths: Sequence[float]) -> None:
    """Row 2: guidance, and for Công dân học tập the năng lực above their Chỉ số columns."""
    n_all = len(g.inputs) + len(g.results)
    if g.key == "cong_dan":
        first = g.inputs.index(L.CHI_SO[0])
        ws.merge_range(1, 0, 1, first - 1, table_guidance(b.rules, g.key), b.f["note_wrap"])
        for comp in b.rules.cong_dan.nang_luc:
            c0, c1 = first + min(comp.chi_so) - 1, first + max(comp.chi_so) - 1
            if c0 == c1:
                ws.write_string(1, c0, comp.ten, b.f["group"])
            else:
                ws.merge_range(1, c0, 1, c1, comp.ten, b.f["group"])
        ws.set_row(1, 44)
    else:
        text = table_guidance(b.rules, g.key)
        ws.merge_range(1, 0, 1, n_all - 1 if n_all > 1 else 1, text, b.f["note_wrap"])
        ws.set_row(1, row_height((text, sum(widths))))


def _header_row(b: Builder, ws: Any, g: TableGeometry, widths: Sequence[float]) -> None:
    """The header row: exact texts, descriptions in comments, column widths and formats."""
    h, n_in = g.header_row - 1, len(g.inputs)
    for c, head in enumerate(g.inputs):
        ws.write_string(h, c, head, b.f["head"])
        ws.set_column(c, c, widths[c], b.f["input_wrap"] if head in WRAPPED else b.f["input"])
        note = column_comment(b.rules, g.key, head)
        if note:
            ws.write_comment(h, c, note, {"x_scale": 2.2, "y_scale": 1.2, "font_name": FONT, "font_size": 10})
    for k, head in enumerate(g.results):
        ws.write_string(h, n_in + k, head, b.f["head_result"])
        ws.set_column(n_in + k, n_in + k, widths[n_in + k])
    ws.set_row(h, 45)


def _data_rows(b: Builder, ws: Any, g: TableGeometry, rows: Sequence[Mapping[str, Any]],
               widths: Sequence[float]) -> None:
    """The given data rows, values by header position."""
    r0 = g.first_data_row - 1
    known = set(g.inputs)
    for i, rec in enumerate(rows):
        unknown = [k for k in rec if k not in known]
        if unknown:
            raise ValueError(f"{g.sheet}: không có cột {', '.join(unknown)} (các cột: {', '.join(g.inputs)}).")
        for c, head in enumerate(g.inputs):
            value = rec.get(head)
            if value is not None:
                b.put(ws, r0 + i, c, value, b.f["input_wrap"] if head in WRAPPED else b.f["input"])
        if g.key == "cap_xa":
            ws.set_row(r0 + i, row_height(*((str(rec.get(head) or ""), widths[c]) for c, head in enumerate(g.inputs))))


def _results(b: Builder, ws: Any, g: TableGeometry) -> None:
    """The result block (one array formula) and, on ``CĐHT cấp xã``, the commune's level."""
    n_in, n_res = len(g.inputs), len(g.results)
    h, r0, r1 = g.header_row - 1, g.first_data_row - 1, g.last_row - 1
    if n_res:
        formats = [b.f["result_pct"] if head.startswith("Tỷ lệ") else b.f["result"] for head in g.results]
        b.array_formula(ws, g.key, (r0, n_in, r1, n_in + n_res - 1), formats)
        if "Kết quả" in g.results:
            b.verdict_colours(ws, r0, n_in + g.results.index("Kết quả"), r1)
    if g.key == "cap_xa":
        c = CAP_XA_LEVEL_COL
        ws.write_string(h, c, "Mức độ đạt được", b.f["head_result"])
        ws.write_formula(h + 1, c, "=" + block_formula("cap_xa", b.rules), b.f["result"], "")
        ws.set_column(c - 1, c - 1, 2)
        ws.set_column(c, c, 20)


def table_sheet(b: Builder, g: TableGeometry, geo: dict[str, TableGeometry],
                rows: Sequence[Mapping[str, Any]], year: Any) -> None:
    """One input-table sheet with its given rows (``year`` goes into the title when known)."""
    if len(rows) > g.rows:
        raise ValueError(f"{g.sheet}: {len(rows)} dòng, nhiều hơn {g.rows} dòng của mẫu.")
    ws = b.sheet(g.sheet)
    n_all = len(g.inputs) + len(g.results)
    h, r0, r1 = g.header_row - 1, g.first_data_row - 1, g.last_row - 1
    title = TITLES[g.key] + (f" NĂM {year}" if year not in (None, "") else "")
    ws.merge_range(0, 0, 0, max(len(g.inputs) - 1, 1), title, b.f["title"])
    ws.set_row(0, 24)
    widths = [column_width(head) for head in (*g.inputs, *g.results)]
    _guidance_row(b, ws, g, widths)
    _header_row(b, ws, g, widths)
    _data_rows(b, ws, g, rows, widths)
    _results(b, ws, g)
    for c, head in enumerate(g.inputs):
        rule = validation(b.rules, g.key, head, geo)
        if rule is not None:
            ws.data_validation(r0, c, r1, c, rule)
    ws.freeze_panes(g.header_row, 1)
    ws.autofilter(h, 0, r1, n_all - 1)
    ws.repeat_rows(0, h)
    if sum(widths) > 95:
        ws.set_landscape()
    b.protect(ws)
