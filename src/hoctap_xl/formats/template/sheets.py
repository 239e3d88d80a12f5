"""The commune template's sheets other than the input tables: ``Thông tin chung``, ``Chỉ tiêu``,
``Tổng hợp`` (with its chart), ``Bộ tiêu chí``, ``Hướng dẫn`` (with the buttons), ``Nội dung báo cáo``,
and the hidden ``_meta`` and ``xlwings.conf``.

Each function writes one sheet through the :class:`~hoctap_xl.formats.template.builder.Builder`;
positions come from :mod:`hoctap_xl.sheets.geometry`, words from :mod:`.texts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hoctap_xl import __version__
from hoctap_xl import layout as L
from hoctap_xl.documents.model_names import SHORT_LABELS
from hoctap_xl.formats.template.builder import FONT, Builder
from hoctap_xl.formats.template.texts import (
    DEFAULT_NOTE,
    INFO_HINTS,
    REPORT_SECTIONS,
    RULE_SET_PARTS,
    describe_key,
    guide_lines,
    row_height,
)
from hoctap_xl.rules.ruleset import flatten
from hoctap_xl.sheets.cells import col_to_index, index_to_col, split_ref
from hoctap_xl.sheets.geometry import (
    CHI_TIEU_SPARE_YEARS,
    RULES_HEADER_ROW,
    TONG_HOP_LEVEL_ROW,
    TONG_HOP_SHARES_HEADER,
    TONG_HOP_THON_COL,
    TONG_HOP_THON_HEADER,
    result_blocks,
    structure_headers,
    tong_hop_blocks,
)
from hoctap_xl.sheets.native import block_formula

CHART_NAMES_HEADER = "Tên trên biểu đồ"
"""Header of the ``Tổng hợp`` column, right of the shares block, holding the chart's category names."""


def info_sheet(b: Builder, info: Mapping[str, Any]) -> None:
    """The ``Thông tin chung`` sheet: labels in A, the given values in B, hints in C — the
    contract's labels, then the optional ones of template 1.3 (:data:`layout.OPTIONAL_INFO_LABELS`)."""
    ws = b.sheet(L.THONG_TIN)
    ws.write_string(0, 0, "THÔNG TIN CHUNG CỦA SỔ", b.f["title"])
    ws.write_string(1, 0, "Cột A là nhãn (không sửa); điền cột B. Cột C là gợi ý.", b.f["note"])
    ws.set_row(0, 24)
    r0 = L.INFO_FIRST_ROW - 1
    for i, label in enumerate((*L.INFO_LABELS, *L.OPTIONAL_INFO_LABELS)):
        ws.write_string(r0 + i, 0, label, b.f["label"])
        value = info.get(label)
        if label in (L.L_NGAY, L.L_NGAY_TO_TRINH):
            fmt = b.f["input_date"]
        elif label == L.L_MA:
            fmt = b.f["input_text"]
        else:
            fmt = b.f["input"]
        b.put(ws, r0 + i, 1, value, fmt)
        ws.write_string(r0 + i, 2, INFO_HINTS.get(label, ""), b.f["note"])
        if label == L.L_VUNG_KK:
            ws.data_validation(r0 + i, 1, r0 + i, 1, {
                "validate": "list", "source": [L.YES, L.NO], "error_type": "warning",
                "error_title": "Giá trị chưa đúng", "error_message": "Chọn Có hoặc Không."})
        elif label == L.L_NAM:
            ws.data_validation(r0 + i, 1, r0 + i, 1, {
                "validate": "integer", "criteria": "between", "minimum": 1990, "maximum": 2100,
                "error_type": "warning", "error_title": "Giá trị chưa đúng",
                "error_message": "Năm đánh giá gõ đủ 4 chữ số, vd. 2025."})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 72)
    ws.freeze_panes(L.INFO_FIRST_ROW - 1, 0)
    ws.set_landscape()
    b.protect(ws, tables=False)


def targets_sheet(b: Builder, targets: Mapping[str, Mapping[int, float | None]], note: str,
                   notes: Mapping[str, str]) -> int:
    """The ``Chỉ tiêu`` sheet, one row per share code; returns the number of year columns
    (without the spare ones). A preset's range or difficult-area value is named after the label
    (the cell holds the value that applies: the low bound, or the difficult-area value)."""
    ws = b.sheet(L.CHI_TIEU)
    years = sorted({int(y) for by_year in targets.values() for y in by_year})
    ws.write_string(0, 0, "CHỈ TIÊU TỶ LỆ THEO NĂM", b.f["title"])
    ws.set_row(0, 24)
    ws.write_string(1, 0, f"Nguồn: {note}" if note else "Điền chỉ tiêu theo kế hoạch của địa phương.", b.f["note"])
    h = L.HEADER_ROW - 1
    for c, head in enumerate(L.CHI_TIEU_HEADERS):
        ws.write_string(h, c, head, b.f["head"])
    for k, year in enumerate(years):
        ws.write_number(h, 2 + k, year, b.f["input_year"])
    first_spare = 2 + len(years)
    for k in range(CHI_TIEU_SPARE_YEARS):
        ws.write_blank(h, first_spare + k, None, b.f["input_year"])
    for i, code in enumerate(L.SHARE_CODES):
        r = h + 1 + i
        ws.write_string(r, 0, code, b.f["key"])
        label = L.SHARE_LABELS[code] + (f" ({notes[code]})" if notes.get(code) else "")
        ws.write_string(r, 1, label, b.f["cell"])
        for k, year in enumerate(years):
            value = targets.get(code, {}).get(year)
            if value is None:
                ws.write_blank(r, 2 + k, None, b.f["input_pct"])
            else:
                whole = abs(value * 100 - round(value * 100)) < 1e-9
                ws.write_number(r, 2 + k, value, b.f["input_pct" if whole else "input_pct1"])
        for k in range(CHI_TIEU_SPARE_YEARS):
            ws.write_blank(r, first_spare + k, None, b.f["input_pct"])
        ws.set_row(r, row_height((label, 62)))
    last = first_spare + CHI_TIEU_SPARE_YEARS - 1
    ws.data_validation(h + 1, 2, h + len(L.SHARE_CODES), last, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100, "ignore_blank": True,
        "input_title": "Chỉ tiêu", "input_message": "Gõ 70% (hoặc 0,7 hoặc 70). Để trống: lấy theo năm gần nhất.",
        "error_type": "warning", "error_title": "Giá trị chưa đúng",
        "error_message": "Chỉ tiêu là tỷ lệ từ 0 đến 100 %."})
    hints = ("Ô trống: lấy chỉ tiêu của năm sau gần nhất, nếu không có thì năm trước gần nhất.",
             "Thêm năm: gõ năm (vd. 2027) vào ô tiêu đề trống bên phải rồi điền chỉ tiêu.")
    for i, text in enumerate(hints):  # column B: column A below the table would be read as a code
        ws.write_string(h + len(L.SHARE_CODES) + 2 + i, 1, text, b.f["note"])
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 62)
    ws.set_column(2, last, 10)
    ws.freeze_panes(L.HEADER_ROW, 2)
    ws.set_landscape()
    b.protect(ws, tables=False)
    return len(years)


def tong_hop_sheet(b: Builder, info: Mapping[str, Any]) -> None:
    """The ``Tổng hợp`` sheet: shares against targets, the commune's level, results by thôn, a chart."""
    ws = b.sheet(L.TONG_HOP)
    xa = str(info.get(L.L_XA) or "").strip()
    nam = info.get(L.L_NAM)
    title = "TỔNG HỢP KẾT QUẢ XÂY DỰNG CÁC MÔ HÌNH HỌC TẬP"
    if nam not in (None, ""):
        title += f" NĂM {nam}"
    if xa:
        title += f" — {xa.upper()}"
    ws.write_string(0, 0, title, b.f["title"])
    ws.set_row(0, 24)
    ws.write_string(1, 0, "Tự tính từ các sheet dữ liệu (cột xám); không gõ vào sheet này.", b.f["note"])

    blocks = tong_hop_blocks()
    _shares_block(b, ws, blocks["ty_le"])
    _level_row(b, ws)
    _thon_block(b, ws, blocks["theo_thon"])

    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 44)
    ws.set_column(2, TONG_HOP_THON_COL + len(L.BY_THON_HEADERS) - 1, 12)
    _shares_chart(b, ws)
    ws.set_landscape()
    ws.repeat_rows(0, 1)
    b.protect(ws, tables=False)


def _shares_block(b: Builder, ws: Any, block: tuple[int, int, int, int]) -> None:
    """Block 1 of ``Tổng hợp``: each share code, its label, and the array formula of shares and targets."""
    h = TONG_HOP_SHARES_HEADER - 1
    ws.write_string(h - 1, 0, "1. Tỷ lệ và chỉ tiêu", b.f["bold"])
    for c, head in enumerate(("Mã", "Nội dung", *L.SHARE_RESULT_HEADERS)):
        ws.write_string(h, c, head, b.f["head"] if c < 2 else b.f["head_result"])
    ws.set_row(h, 32)
    for i, code in enumerate(L.SHARE_CODES):
        ws.write_string(h + 1 + i, 0, code, b.f["key"])
        ws.write_string(h + 1 + i, 1, L.SHARE_LABELS[code], b.f["cell"])
        ws.set_row(h + 1 + i, row_height((L.SHARE_LABELS[code], 44)))
    pct, num, plain = b.f["result_pct"], b.f["result_num"], b.f["result"]
    share_formats = [pct if head in ("Tỷ lệ", "Chỉ tiêu") else num if head.startswith("Chênh lệch") else plain
                     for head in L.SHARE_RESULT_HEADERS]
    r0, c0, r1, _ = block
    b.array_formula(ws, "ty_le", block, share_formats)
    b.verdict_colours(ws, r0, c0 + L.SHARE_RESULT_HEADERS.index("Đạt chỉ tiêu"), r1)


def _level_row(b: Builder, ws: Any) -> None:
    """The commune's own level (TT 25/2023): label, formula, the text it follows."""
    lv = TONG_HOP_LEVEL_ROW - 1
    ws.write_string(lv, 0, "CĐHT cấp xã", b.f["label"])
    ws.write_formula(lv, 1, "=" + block_formula("cap_xa", b.rules), b.f["result"], "")
    ws.write_string(lv, 2, f"Mức độ đạt theo {b.rules.cap_xa.nguon.van_ban} (sheet {L.CAP_XA})", b.f["note"])


def _thon_block(b: Builder, ws: Any, block: tuple[int, int, int, int]) -> None:
    """Block 2 of ``Tổng hợp``: one row per preallocated thôn, one array formula."""
    h2 = TONG_HOP_THON_HEADER - 1
    ws.write_string(h2 - 1, 0, "2. Theo thôn/TDP", b.f["bold"])
    for k, head in enumerate(L.BY_THON_HEADERS):
        ws.write_string(h2, TONG_HOP_THON_COL + k, head, b.f["head_result"])
    ws.set_row(h2, 32)
    pct, plain = b.f["result_pct"], b.f["result"]
    thon_formats = [pct if head.startswith("Tỷ lệ") else plain for head in L.BY_THON_HEADERS]
    r0, c0, r1, _ = block
    b.array_formula(ws, "theo_thon", block, thon_formats)
    b.verdict_colours(ws, r0, c0 + L.BY_THON_HEADERS.index("Cộng đồng học tập"), r1)


def _shares_chart(b: Builder, ws: Any) -> None:
    """A native column chart of each share against its target, right of the shares block. It
    reads the block's cells, so it follows whatever computes them; its categories are the shares'
    short names, written in the column right of the block under :data:`CHART_NAMES_HEADER`."""
    sheet, rng = result_blocks(b.rules)["ty_le"]
    first, last = rng.split(":")
    c0, r0 = col_to_index(split_ref(first)[0]), split_ref(first)[1]
    r1 = split_ref(last)[1]
    ratio_col = index_to_col(c0 + L.SHARE_RESULT_HEADERS.index("Tỷ lệ"))
    target_col = index_to_col(c0 + L.SHARE_RESULT_HEADERS.index("Chỉ tiêu"))
    names0 = c0 + len(L.SHARE_RESULT_HEADERS) - 1  # 0-based: the column right of the block
    ws.write_string(r0 - 2, names0, CHART_NAMES_HEADER, b.f["head_result"])
    for i, code in enumerate(L.SHARE_CODES):
        ws.write_string(r0 - 1 + i, names0, SHORT_LABELS[code], b.f["cell"])
    ws.set_column(names0, names0, 18)
    names_col = index_to_col(names0 + 1)
    categories = f"='{sheet}'!${names_col}${r0}:${names_col}${r1}"
    chart = b.wb.add_chart({"type": "column"})
    chart.add_series({"name": "Tỷ lệ đạt được", "categories": categories,
                      "values": f"='{sheet}'!${ratio_col}${r0}:${ratio_col}${r1}", "fill": {"color": "#2E75B6"}})
    chart.add_series({"name": "Chỉ tiêu", "categories": categories,
                      "values": f"='{sheet}'!${target_col}${r0}:${target_col}${r1}", "fill": {"color": "#BFBFBF"}})
    chart.set_title({"name": "Tỷ lệ đạt được so với chỉ tiêu", "name_font": {"name": FONT, "size": 12}})
    chart.set_y_axis({"num_format": "0%", "min": 0, "major_gridlines": {"visible": True},
                      "num_font": {"name": FONT}})
    chart.set_x_axis({"num_font": {"name": FONT, "rotation": -30, "size": 8}})
    chart.set_legend({"position": "bottom", "font": {"name": FONT}})
    ws.insert_chart(f"{index_to_col(TONG_HOP_THON_COL + len(L.BY_THON_HEADERS) + 2)}3", chart,
                    {"x_scale": 1.5, "y_scale": 1.4})


def rules_sheet(b: Builder) -> int:
    """The ``Bộ tiêu chí`` sheet; returns the number of key/value rows."""
    ws = b.sheet(L.BO_TIEU_CHI)
    r = b.rules
    ws.write_string(0, 0, f"BỘ TIÊU CHÍ ĐANG ÁP DỤNG: {r.label}", b.f["title"])
    ws.set_row(0, 24)
    ws.write_string(1, 0, r.ten, b.f["bold"])
    ws.write_string(2, 0, f"Ban hành {r.ban_hanh:%d/%m/%Y}. Sheet chỉ đọc: chương trình tính theo đúng bản này; "
                          "bản bị sửa sẽ bị phát hiện khi kiểm tra.", b.f["note"])
    for i, model in enumerate(RULE_SET_PARTS, start=3):
        src = getattr(r, model).nguon
        text = f"{RULE_SET_PARTS[model]}: {src.citation()}"
        if src.loai == "DEFAULT":
            ws.write_rich_string(i, 0, b.f["note"], text + " — ", b.f["red"], DEFAULT_NOTE, b.f["note"])
        else:
            ws.write_string(i, 0, text + (" (văn bản địa phương)" if src.loai == "LOCAL" else ""), b.f["note"])
    assert 3 + len(RULE_SET_PARTS) < RULES_HEADER_ROW
    h = RULES_HEADER_ROW - 1
    for c, head in enumerate(L.BO_TIEU_CHI_HEADERS):
        ws.write_string(h, c, head, b.f["head"])
    pairs = flatten(r)
    for i, (key, value) in enumerate(pairs, start=1):
        ws.write_string(h + i, 0, key, b.f["key"])
        described = describe_key(key)
        ws.write_string(h + i, 1, described, b.f["cell"])
        if value is None:
            ws.write_blank(h + i, 2, None, b.f["value"])
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(h + i, 2, value, b.f["value"])
        else:  # strings stay strings: versions such as 2025.1, dates as 2022-07-28, codes such as 1.1
            ws.write_string(h + i, 2, str(value), b.f["value"])
        if row_height((described, 52), (str(value), 56)) > 18:
            ws.set_row(h + i, row_height((described, 52), (str(value), 56)))
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 52)
    ws.set_column(2, 2, 56)
    ws.freeze_panes(RULES_HEADER_ROW, 0)
    ws.set_landscape()
    ws.repeat_rows(h)
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})
    return len(pairs)


def _buttons(ws: Any) -> None:
    """Form buttons on the guide sheet (only in a workbook that carries the VBA project)."""
    ws.write_string(0, 2, "Các nút", None)
    for i, (caption, macro) in enumerate(L.BUTTONS):
        ws.insert_button(2 + 3 * i, 2, {"macro": macro, "caption": caption, "width": 190, "height": 36,
                                        "description": caption})


def guide_sheet(b: Builder, with_buttons: bool = False) -> None:
    """The ``Hướng dẫn`` sheet (with the buttons when the workbook carries the VBA project)."""
    ws = b.sheet(L.HUONG_DAN)
    if with_buttons:
        _buttons(ws)
    for i, (style, text) in enumerate(guide_lines(b.rules)):
        ws.write_string(i, 0, text, b.f[style])
        if style == "text":
            ws.set_row(i, row_height((text, 88)))  # column of 96 character widths, proportional font
    ws.set_row(0, 24)
    ws.set_column(0, 0, 96)  # prints on A4 portrait without shrinking
    b.protect(ws, tables=False)


def report_text_sheet(b: Builder, text: Mapping[str, str] | None = None) -> None:
    """The ``Nội dung báo cáo`` sheet: one free-text cell per report section."""
    ws = b.sheet(L.NOI_DUNG)
    ws.write_string(0, 0, "NỘI DUNG BÁO CÁO", b.f["title"])
    ws.set_row(0, 24)
    ws.write_string(1, 0, "Có thể để trống: báo cáo tự viết câu từ số liệu. Xuống dòng trong ô: Alt+Enter.",
                    b.f["note"])
    h = L.HEADER_ROW - 1
    ws.write_string(h, 0, "Mục", b.f["head"])
    ws.write_string(h, 1, "Nội dung", b.f["head"])
    for i, section in enumerate(REPORT_SECTIONS, start=h + 1):
        ws.write_string(i, 0, section, b.f["label_wrap"])
        if text and text.get(section):
            ws.write_string(i, 1, text[section], b.f["input_wrap"])
        else:
            ws.write_blank(i, 1, None, b.f["input_wrap"])
        ws.set_row(i, 75)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 100)
    ws.set_landscape()
    b.protect(ws, tables=False)


def meta_sheet(b: Builder, info: Mapping[str, Any], preset: str, extra: Mapping[str, str] | None = None) -> None:
    """The very hidden ``_meta`` sheet: template version, rule set, structure hash, origin."""
    ws = b.sheet(L.META, visible=False)
    rows = [L.META_HEADERS,
            ("template_version", L.TEMPLATE_VERSION), ("chuong_trinh", f"hoctap-xl {__version__}"),
            ("bo_tieu_chi_id", b.rules.id), ("bo_tieu_chi_version", b.rules.version),
            ("bo_tieu_chi_hash", b.rules.digest()), ("ma_xa", str(info.get(L.L_MA) or "")),
            ("ngay_tao", dt.datetime.now().isoformat(timespec="seconds")), ("chi_tieu_preset", preset),
            ("cau_truc_hash", L.structure_hash(list(L.VISIBLE_SHEETS), structure_headers(b.rules)))]
    rows.extend((k, v) for k, v in (extra or {}).items() if k not in {r[0] for r in rows})
    for i, (k, v) in enumerate(rows):
        ws.write_string(i, 0, k)
        ws.write_string(i, 1, v)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 40)
    ws.very_hidden()


def xlwings_conf(b: Builder) -> None:
    """xlwings' workbook settings sheet: keys in column A from A1 down, values in column B. A blank
    value falls through to the PC's own xlwings.conf (so each PC sets its interpreter)."""
    ws = b.sheet(L.XLWINGS_CONF, visible=False)
    ws.write_string(0, 0, "UDF Modules")
    ws.write_string(0, 1, "hoctap_xl.udfs;hoctap_xl.buttons")
    ws.write_string(1, 0, "Interpreter_Win")
    ws.set_column(0, 1, 24)
    ws.hide()
