"""The commune workbook template, written from scratch with XlsxWriter.

Geometry (where each table, header and result block sits) is computed once in
:func:`geometry`; the builder, the golden tests and ``result_blocks`` all use it. Every name
comes from :mod:`hoctap_xl.layout`. Text is always written as text (a name starting with ``=``
never becomes a formula).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from . import layout as L
from .rules import RuleSet, flatten
from .xlsxpatch import index_to_col

FONT = "Times New Roman"
RESULT_FILL = "#E7E6E6"
HEADER_FILL = "#DDEBF7"
DEFAULT_NOTE = "Mặc định tham khảo — đối chiếu hướng dẫn của Hội Khuyến học tỉnh"
RULES_HEADER_ROW = 5  # 1-based; the Bộ tiêu chí table starts lower to leave room for its sources
TONG_HOP_SHARES_ROW = 5  # first data row of the shares block (1-based)
TONG_HOP_LEVEL_ROW = 13
TONG_HOP_THON_HEADER = 16


@dataclass(frozen=True)
class TableGeometry:
    key: str
    sheet: str
    inputs: tuple[str, ...]
    results: tuple[str, ...]
    header_row: int  # 1-based
    rows: int

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + self.rows

    @property
    def input_range(self) -> str:
        """Header row through the last preallocated row across the input columns."""
        return f"$A${self.header_row}:${index_to_col(len(self.inputs))}${self.last_row}"

    @property
    def result_range(self) -> str:
        first = index_to_col(len(self.inputs) + 1)
        last = index_to_col(len(self.inputs) + len(self.results))
        return f"{first}{self.first_data_row}:{last}{self.last_row}"


def geometry(rules: RuleSet) -> dict[str, TableGeometry]:
    """Every table sheet's headers and rows for this rule set (criteria counts vary)."""
    out = {}
    for key, spec in L.TABLES.items():
        if key == "chi_tieu":
            continue
        n = len(rules.criteria(key).tieu_chi) if key in L.MODEL_SHEETS else 0
        out[key] = TableGeometry(key, spec.sheet, L.headers_for(key, n), spec.results, L.HEADER_ROW, spec.rows)
    return out


def result_blocks(rules: RuleSet) -> dict[str, tuple[str, str]]:
    """Key of :data:`layout.FORMULAS` → (sheet, range) where the template puts that formula."""
    geo = geometry(rules)
    out = {key: (g.sheet, g.result_range) for key, g in geo.items() if g.results}
    out["cap_xa"] = (L.CAP_XA, "G4")
    last = TONG_HOP_SHARES_ROW + len(L.SHARE_CODES) - 1
    out["ty_le"] = (L.TONG_HOP, f"C{TONG_HOP_SHARES_ROW}:{index_to_col(2 + len(L.SHARE_RESULT_HEADERS))}{last}")
    first = TONG_HOP_THON_HEADER + 1
    out["theo_thon"] = (L.TONG_HOP, f"A{first}:{index_to_col(len(L.BY_THON_HEADERS))}"
                                    f"{first + L.TABLES['thon'].rows - 1}")
    return out


def structure_headers(rules: RuleSet) -> dict[str, tuple[str, ...]]:
    return L.structure_headers(rules)


class _Builder:
    def __init__(self, path: Path, rules: RuleSet) -> None:
        import xlsxwriter

        self.rules = rules
        self.wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                                  "strings_to_urls": False})
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        f = self.wb.add_format
        self.f = {
            "title": f({**base, "bold": True, "font_size": 14}),
            "note": f({**base, "italic": True, "font_color": "#595959"}),
            "red": f({**base, "italic": True, "font_color": "#C00000"}),
            "head": f({**base, "bold": True, "text_wrap": True, "align": "center", "border": 1,
                       "bg_color": HEADER_FILL}),
            "head_result": f({**base, "bold": True, "text_wrap": True, "align": "center", "border": 1,
                              "bg_color": RESULT_FILL}),
            "group": f({**base, "bold": True, "italic": True, "text_wrap": True, "align": "center", "border": 1}),
            "input": f({**base, "locked": False, "border": 1, "border_color": "#BFBFBF"}),
            "input_wrap": f({**base, "locked": False, "border": 1, "border_color": "#BFBFBF", "text_wrap": True}),
            "input_pct": f({**base, "locked": False, "border": 1, "num_format": "0%"}),
            "input_date": f({**base, "locked": False, "border": 1, "num_format": "dd/mm/yyyy"}),
            "input_text": f({**base, "locked": False, "border": 1, "num_format": "@"}),
            "result": f({**base, "bg_color": RESULT_FILL, "border": 1, "border_color": "#BFBFBF"}),
            "cf_pct": f({"num_format": "0.00%"}),
            "cf_num": f({"num_format": "0.00"}),
            "label": f({**base, "bold": True, "border": 1}),
            "text": f({**base, "text_wrap": True, "valign": "top"}),
            "key": f({**base, "font_size": 9, "font_color": "#7F7F7F", "border": 1}),
            "cell": f({**base, "border": 1, "text_wrap": True}),
        }

    # -- cells ---------------------------------------------------------------------------
    def put(self, ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        """Write by type (0-based row/col); text is text, never a formula."""
        if value is None or value == "":
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

    def sheet(self, name: str) -> Any:
        ws = self.wb.add_worksheet(name)
        ws.set_paper(9)
        ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N")
        ws.fit_to_pages(1, 0)  # every sheet prints one page wide
        ws.hide_gridlines(0)
        return ws

    def number_format(self, ws: Any, r0: int, c0: int, r1: int, c1: int, kind: str) -> None:
        """A number format on part of an array-formula block (one format covers the whole
        array, so per-column formats go in as conditional formats — Excel and LibreOffice alike)."""
        ws.conditional_format(r0, c0, r1, c1, {"type": "no_blanks", "format": self.f[f"cf_{kind}"]})

    def protect(self, ws: Any) -> None:
        ws.protect("", {"format_columns": True, "format_rows": True, "sort": True, "autofilter": True,
                        "select_locked_cells": True, "select_unlocked_cells": True})


COL_WIDTHS = {"Họ và tên": 26, "Họ tên chủ hộ": 26, "Tên dòng họ": 22, "Trưởng họ": 22, "Tên đơn vị": 34,
              "Tên thôn/TDP": 22, "Thôn/TDP": 20, "Đơn vị công tác": 28, "Dòng họ": 18, "Loại đơn vị": 16,
              "Lý do": 48, "Danh hiệu": 30, "Kết quả": 11, "Chỉ tiêu": 70, "Minh chứng": 40}
COMMENTS = {
    "Nhóm": "1: nông dân, lao động nông thôn; 2: công nhân, lao động tự do; 3: CBCCVC, doanh nhân",
    "Kỹ năng số": "Có / Không",
    "Số năm liên tục đã đạt": "Số năm liền TRƯỚC năm nay đã đạt Công dân học tập (trống = 0)",
    "Đơn vị công tác": "Ghi khi người này là cán bộ, người lao động của một đơn vị trên địa bàn (chọn trong danh sách)",
    "Tổng số hộ": "Tổng số hộ trên địa bàn thôn (mẫu số tỷ lệ Gia đình học tập)",
    "Số người lao động": ("Số người lao động của thôn (mẫu số tỷ lệ Công dân học tập trong gia đình, dòng họ, "
                          "cộng đồng)"),
}


def _width(header: str) -> float:
    if header in COL_WIDTHS:
        return COL_WIDTHS[header]
    if header.startswith(("Chỉ số", "Tiêu chí")):
        return 8.5
    return max(10, min(24, len(header) * 0.9))


def _validations(b: _Builder, ws: Any, g: TableGeometry, geo: dict[str, TableGeometry]) -> None:
    r0, r1 = g.first_data_row - 1, g.last_row - 1

    def names_of(key: str, header: str) -> str:
        other = geo[key]
        col = index_to_col(other.inputs.index(header) + 1)
        return f"='{other.sheet}'!${col}${other.first_data_row}:${col}${other.last_row}"

    for c, head in enumerate(g.inputs):
        rule: dict[str, Any] | None = None
        if head in ("Kỹ năng số", "Vùng khó khăn", "Đạt mức 1", "Đạt mức 2"):
            rule = {"validate": "list", "source": [L.YES, L.NO], "input_title": head,
                    "error_message": "Chọn Có hoặc Không."}
        elif head == "Nhóm":
            rule = {"validate": "list", "source": ["1", "2", "3"], "input_title": "Nhóm 1, 2 hoặc 3",
                    "input_message": COMMENTS["Nhóm"][:255], "error_message": "Nhóm là 1, 2 hoặc 3."}
        elif head.startswith("Chỉ số"):
            cd = b.rules.cong_dan
            rule = {"validate": "integer", "criteria": "between", "minimum": cd.diem_toi_thieu,
                    "maximum": cd.diem_toi_da, "error_message": f"Điểm là số nguyên từ {cd.diem_toi_thieu} đến "
                                                                f"{cd.diem_toi_da}."}
        elif head.startswith("Tiêu chí"):
            crit = b.rules.criteria(g.key).tieu_chi[int(head.split()[-1]) - 1]
            rule = {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": crit.diem_toi_da,
                    "error_message": f"{crit.ma}: điểm là số nguyên từ 0 đến {crit.diem_toi_da}."}
        elif head == "Thôn/TDP":
            rule = {"validate": "list", "source": names_of("thon", "Tên thôn/TDP"),
                    "error_message": "Chọn thôn/TDP có trong sheet Thôn - TDP."}
        elif head == "Đơn vị công tác":
            rule = {"validate": "list", "source": names_of("don_vi", "Tên đơn vị"),
                    "error_message": "Chọn đơn vị có trong sheet Đơn vị học tập."}
        elif head == "Dòng họ":
            rule = {"validate": "list", "source": names_of("dong_ho", "Tên dòng họ"),
                    "error_message": "Chọn dòng họ có trong sheet Dòng họ học tập."}
        elif head in ("Năm sinh",):
            rule = {"validate": "integer", "criteria": "between", "minimum": 1900, "maximum": 2100,
                    "error_message": "Năm sinh 4 chữ số, vd. 1985."}
        elif head in ("Tổng số hộ", "Tổng số dòng họ", "Số người lao động", "Số thành viên", "Số hộ trong dòng họ",
                      "Số CBCCVC, người lao động", "Số năm liên tục đã đạt"):
            rule = {"validate": "integer", "criteria": ">=", "value": 0, "error_message": "Gõ số nguyên không âm."}
        if rule is not None:
            # A warning, not a stop: a value pasted from another file is never silently blocked;
            # hoctap-xl check names every such cell afterwards.
            rule.update({"ignore_blank": True, "error_type": "warning", "error_title": "Giá trị chưa đúng"})
            ws.data_validation(r0, c, r1, c, rule)


def _table_sheet(b: _Builder, g: TableGeometry, geo: dict[str, TableGeometry],
                 rows: Sequence[Mapping[str, Any]]) -> None:
    ws = b.sheet(g.sheet)
    n_in, n_res = len(g.inputs), len(g.results)
    h = g.header_row - 1
    ws.merge_range(0, 0, 0, max(n_in - 1, 1), g.sheet.upper(), b.f["title"])
    ws.set_row(0, 24)
    if g.key == "cong_dan":
        first = g.inputs.index("Chỉ số 1")
        for comp in b.rules.cong_dan.nang_luc:
            c0, c1 = first + min(comp.chi_so) - 1, first + max(comp.chi_so) - 1
            if c0 == c1:
                ws.write_string(1, c0, comp.ten, b.f["group"])
            else:
                ws.merge_range(1, c0, 1, c1, comp.ten, b.f["group"])
        ws.set_row(1, 42)
        ws.write_string(1, 0, "Mỗi người một dòng; điểm mỗi chỉ số 1-10.", b.f["note"])
    else:
        ws.write_string(1, 0, _guidance(b, g.key), b.f["note"])
    for c, head in enumerate(g.inputs):
        ws.write_string(h, c, head, b.f["head"])
        ws.set_column(c, c, _width(head), b.f["input_wrap"] if head in ("Chỉ tiêu", "Minh chứng") else b.f["input"])
        if head in COMMENTS:
            ws.write_comment(h, c, COMMENTS[head], {"x_scale": 2, "font_name": FONT})
        elif head.startswith("Tiêu chí") and g.key in L.MODEL_SHEETS:
            crit = b.rules.criteria(g.key).tieu_chi[int(head.split()[-1]) - 1]
            ws.write_comment(h, c, f"{crit.ma} {crit.ten} — tối đa {crit.diem_toi_da} điểm, tối thiểu "
                                   f"{crit.diem_toi_thieu}", {"x_scale": 2, "font_name": FONT})
    for k, head in enumerate(g.results):
        c = n_in + k
        ws.write_string(h, c, head, b.f["head_result"])
        ws.set_column(c, c, _width(head))
    ws.set_row(h, 45)
    for i, rec in enumerate(rows):
        for c, head in enumerate(g.inputs):
            b.put(ws, h + 1 + i, c, rec.get(head), b.f["input"])
    if g.results:
        fmt = b.f["result"]
        ws.write_array_formula(g.first_data_row - 1, n_in, g.last_row - 1, n_in + n_res - 1,
                               "{=" + L.FORMULAS[g.key] + "}", fmt, "")
        for k, head in enumerate(g.results):
            if head.startswith("Tỷ lệ"):
                b.number_format(ws, g.first_data_row - 1, n_in + k, g.last_row - 1, n_in + k, "pct")
    if g.key == "cap_xa":
        ws.write_string(h, 6, "Mức độ đạt được", b.f["head_result"])
        ws.write_formula(h + 1, 6, "=" + L.FORMULAS["cap_xa"], b.f["result"], "")
        ws.set_column(6, 6, 20)
    _validations(b, ws, g, geo)
    ws.freeze_panes(g.header_row, 1)
    ws.autofilter(h, 0, g.last_row - 1, n_in + n_res - 1)
    ws.repeat_rows(0, h)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    b.protect(ws)


def _guidance(b: _Builder, key: str) -> str:
    if key == "thon":
        return "Mỗi thôn/bản/tổ dân phố một dòng; các tổng số là mẫu số của tỷ lệ."
    if key == "cap_xa":
        return f"15 chỉ tiêu theo {b.rules.cap_xa.nguon.citation()}: chọn Có/Không cho từng mức."
    crit = b.rules.criteria(key)
    return (f"Mỗi {'hộ' if key == 'gia_dinh' else 'dòng'} một dòng. Đạt khi tổng ≥ {crit.nguong:g} và mỗi tiêu chí "
            "≥ mức tối thiểu" + (" và ≥ 50 % số hộ đạt Gia đình học tập." if crit.ty_le_ho_gdht_toi_thieu else "."))


def _info_sheet(b: _Builder, info: Mapping[str, Any]) -> None:
    ws = b.sheet(L.THONG_TIN)
    ws.write_string(0, 0, "THÔNG TIN CHUNG", b.f["title"])
    ws.write_string(1, 0, "Cột A là nhãn (không sửa), điền cột B.", b.f["note"])
    hints = {L.L_MA: "Mã đơn vị hành chính của xã (giữ số 0 ở đầu)", L.L_NAM: "Năm đánh giá, vd. 2025",
             L.L_VUNG_KK: "Có nếu cả xã thuộc vùng khó khăn (ngưỡng Công dân học tập 70 điểm)",
             L.L_THAM_QUYEN: "Một hoặc hai dòng, ngăn bằng dấu ; — vd. TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH",
             L.L_CHUC_VU: "vd. CHỦ TỊCH hoặc PHÓ CHỦ TỊCH", L.L_NGAY: "ngày/tháng/năm, vd. 05/12/2025",
             L.L_SO_BAO_CAO: "Gõ 15, 15 hoặc 15/BC-UBND; để trống để viết tay",
             L.L_CAP_TREN: "Cơ quan nhận báo cáo (Kính gửi)"}
    for label in L.L_SO_QD.values():
        hints[label] = "Gõ 5, 05 hoặc 05/QĐ-UBND; để trống để viết tay"
    r0 = L.INFO_FIRST_ROW - 1
    for i, label in enumerate(L.INFO_LABELS):
        ws.write_string(r0 + i, 0, label, b.f["label"])
        value = info.get(label)
        fmt = b.f["input_text"] if label == L.L_MA else b.f["input"]
        b.put(ws, r0 + i, 1, value, fmt)
        if label == L.L_NGAY and not value:
            ws.write_blank(r0 + i, 1, None, b.f["input_date"])
        ws.write_string(r0 + i, 2, hints.get(label, ""), b.f["note"])
        if label == L.L_VUNG_KK:
            ws.data_validation(r0 + i, 1, r0 + i, 1, {"validate": "list", "source": [L.YES, L.NO]})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 36)
    ws.set_column(2, 2, 60)
    b.protect(ws)


def _targets_sheet(b: _Builder, targets: Mapping[str, Mapping[int, float | None]], note: str) -> int:
    ws = b.sheet(L.CHI_TIEU)
    years = sorted({y for by_year in targets.values() for y in by_year})
    ws.write_string(0, 0, "CHỈ TIÊU THEO NĂM", b.f["title"])
    ws.write_string(1, 0, f"Nguồn: {note}" if note else "Điền chỉ tiêu của kế hoạch; ô trống lấy theo năm gần nhất.",
                    b.f["note"])
    h = L.HEADER_ROW - 1
    for c, head in enumerate(L.CHI_TIEU_HEADERS):
        ws.write_string(h, c, head, b.f["head"])
    for k, year in enumerate(years):
        ws.write_number(h, 2 + k, year, b.f["head"])
    for i, code in enumerate(L.SHARE_CODES):
        ws.write_string(h + 1 + i, 0, code, b.f["cell"])
        ws.write_string(h + 1 + i, 1, L.SHARE_LABELS[code], b.f["cell"])
        for k, year in enumerate(years):
            value = targets.get(code, {}).get(year)
            if value is None:
                ws.write_blank(h + 1 + i, 2 + k, None, b.f["input_pct"])
            else:
                ws.write_number(h + 1 + i, 2 + k, value, b.f["input_pct"])
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 2 + len(years) + 2, 10)
    b.protect(ws)
    return len(years)


def _tong_hop_sheet(b: _Builder, info: Mapping[str, Any]) -> None:
    ws = b.sheet(L.TONG_HOP)
    ws.write_string(0, 0, f"TỔNG HỢP KẾT QUẢ XÂY DỰNG CÁC MÔ HÌNH HỌC TẬP NĂM {info.get(L.L_NAM) or ''} — "
                          f"{str(info.get(L.L_XA) or '').upper()}", b.f["title"])
    ws.write_string(1, 0, "Tự tính từ các sheet dữ liệu; không gõ vào sheet này.", b.f["note"])
    ws.write_string(2, 0, "1. Tỷ lệ và chỉ tiêu", b.f["label"])
    h = TONG_HOP_SHARES_ROW - 2
    for c, head in enumerate(("Mã", "Nội dung", *L.SHARE_RESULT_HEADERS)):
        ws.write_string(h, c, head, b.f["head"] if c < 2 else b.f["head_result"])
    ws.set_row(h, 32)
    for i, code in enumerate(L.SHARE_CODES):
        ws.write_string(h + 1 + i, 0, code, b.f["cell"])
        ws.write_string(h + 1 + i, 1, L.SHARE_LABELS[code], b.f["cell"])
    r0, r1 = TONG_HOP_SHARES_ROW - 1, TONG_HOP_SHARES_ROW + len(L.SHARE_CODES) - 2
    ws.write_array_formula(r0, 2, r1, 1 + len(L.SHARE_RESULT_HEADERS), "{=" + L.FORMULAS["ty_le"] + "}",
                           b.f["result"], "")
    b.number_format(ws, r0, 4, r1, 5, "pct")      # Tỷ lệ, Chỉ tiêu
    b.number_format(ws, r0, 7, r1, 7, "num")      # Chênh lệch (điểm %)
    ws.write_string(TONG_HOP_LEVEL_ROW - 1, 0, "CĐHT cấp xã (TT 25/2023)", b.f["label"])
    ws.write_formula(TONG_HOP_LEVEL_ROW - 1, 1, "=" + L.FORMULAS["cap_xa"], b.f["result"], "")
    ws.write_string(TONG_HOP_THON_HEADER - 2, 0, "2. Theo thôn/TDP", b.f["label"])
    h2 = TONG_HOP_THON_HEADER - 1
    for c, head in enumerate(L.BY_THON_HEADERS):
        ws.write_string(h2, c, head, b.f["head_result"])
    ws.set_row(h2, 32)
    n = L.TABLES["thon"].rows
    ws.write_array_formula(h2 + 1, 0, h2 + n, len(L.BY_THON_HEADERS) - 1, "{=" + L.FORMULAS["theo_thon"] + "}",
                           b.f["result"], "")
    b.number_format(ws, h2 + 1, 3, h2 + n, 3, "pct")   # Tỷ lệ GĐHT
    b.number_format(ws, h2 + 1, 8, h2 + n, 8, "pct")   # Tỷ lệ CDHT
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 58)
    ws.set_column(2, 9, 13)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    b.protect(ws)


RULE_WORDS = {
    "id": "mã", "version": "phiên bản", "ten": "tên", "ban_hanh": "ngày ban hành", "ghi_chu": "ghi chú",
    "cong_dan": "Công dân học tập", "gia_dinh": "Gia đình học tập", "dong_ho": "Dòng họ học tập",
    "cong_dong": "Cộng đồng học tập", "don_vi": "Đơn vị học tập", "cap_xa": "CĐHT cấp xã",
    "nguon": "văn bản nguồn", "van_ban": "số văn bản", "ngay": "ngày", "co_quan": "cơ quan ban hành",
    "trich_yeu": "trích yếu", "loai": "loại nguồn", "so_chi_so": "số chỉ số", "diem_toi_thieu": "điểm tối thiểu",
    "diem_toi_da": "điểm tối đa", "nguong": "ngưỡng tổng điểm để được công nhận",
    "nguong_vung_kho_khan": "ngưỡng tổng điểm ở vùng khó khăn", "diem_chi_so_toi_thieu": "điểm tối thiểu mỗi chỉ số",
    "so_nam_tieu_bieu": "số năm liền để là tiêu biểu xuất sắc", "nhom": "nhóm", "nang_luc": "năng lực",
    "chi_so": "các chỉ số", "danh_hieu": "danh hiệu", "tieu_chi": "tiêu chí", "ma": "mã",
    "ty_le_ho_gdht_toi_thieu": "tỷ lệ hộ đạt Gia đình học tập tối thiểu", "chi_tieu": "chỉ tiêu",
    "noi_dung": "nội dung", "hieu_luc_thang": "hiệu lực (tháng)", "#": "số mục",
}


def describe_key(key: str) -> str:
    """``gia_dinh.tieu_chi.2.diem_toi_da`` → ``Gia đình học tập — tiêu chí 2 — điểm tối đa``."""
    parts: list[str] = []
    for seg in key.split("."):
        if seg.isdigit() and parts:
            parts[-1] = f"{parts[-1]} {seg}"
        else:
            parts.append(RULE_WORDS.get(seg, seg))
    return " — ".join(parts)


def _rules_sheet(b: _Builder) -> int:
    ws = b.sheet(L.BO_TIEU_CHI)
    r = b.rules
    ws.write_string(0, 0, "BỘ TIÊU CHÍ ÁP DỤNG", b.f["title"])
    ws.write_string(1, 0, f"{r.ten} — {r.label}", b.f["note"])
    if any(r.criteria(m).nguon.loai == "DEFAULT" for m in L.MODEL_SHEETS):
        ws.write_string(2, 0, f"Gia đình, Dòng họ, Cộng đồng, Đơn vị học tập: {DEFAULT_NOTE}.", b.f["red"])
    ws.write_string(3, 0, "Sheet chỉ đọc: chương trình tính theo đúng bản này; sửa sẽ bị phát hiện.", b.f["note"])
    h = RULES_HEADER_ROW - 1
    for c, head in enumerate(L.BO_TIEU_CHI_HEADERS):
        ws.write_string(h, c, head, b.f["head"])
    pairs = flatten(r)
    for i, (key, value) in enumerate(pairs, start=1):
        ws.write_string(h + i, 0, key, b.f["key"])
        ws.write_string(h + i, 1, describe_key(key), b.f["cell"])
        if value is None:
            ws.write_blank(h + i, 2, None, b.f["cell"])
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            ws.write_string(h + i, 2, str(value), b.f["cell"])
        else:
            ws.write_number(h + i, 2, value, b.f["cell"])
    ws.write_string(h, 4, "Văn bản nguồn", b.f["head"])
    for i, model in enumerate(("cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi", "cap_xa"), start=1):
        src = getattr(r, model).nguon
        label = f"{RULE_WORDS[model]}: {src.citation()}"
        ws.write_string(h + i, 4, label + (f" ({DEFAULT_NOTE})" if src.loai == "DEFAULT" else ""),
                        b.f["red"] if src.loai == "DEFAULT" else b.f["cell"])
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 2, 48)
    ws.set_column(4, 4, 90)
    ws.freeze_panes(RULES_HEADER_ROW, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(RULES_HEADER_ROW - 1)
    ws.protect("", {"select_locked_cells": True, "format_columns": True})
    return len(pairs)


def _guide_sheet(b: _Builder) -> None:
    ws = b.sheet(L.HUONG_DAN)
    cd = b.rules.cong_dan
    lines = [
        ("title", "SỔ XÂY DỰNG XÃ HỘI HỌC TẬP CẤP XÃ — HƯỚNG DẪN"),
        ("text", "Mỗi xã, mỗi năm dùng một sổ. Chỉ gõ vào các ô trắng; cột xám bên phải là kết quả tự tính."),
        ("label", "Các bước"),
        ("text", f"1. {L.THONG_TIN}: điền tên xã, mã, năm đánh giá, vùng khó khăn, người ký, số văn bản."),
        ("text", f"2. {L.THON}: mỗi thôn/TDP một dòng với tổng số hộ, dòng họ, người lao động (mẫu số của tỷ lệ)."),
        ("text", "3. Các sheet Công dân / Gia đình / Dòng họ / Cộng đồng / Đơn vị học tập: mỗi người, hộ, dòng họ, "
                 "thôn, đơn vị một dòng, chấm điểm theo biên bản thẩm định."),
        ("text", f"4. {L.CAP_XA}: chọn Có/Không cho 15 chỉ tiêu của Thông tư 25/2023."),
        ("text", "5. Kết quả tự tính trong Excel (có cài hoctap-xl), hoặc chạy: hoctap-xl results <tên sổ>."),
        ("text", "6. Kiểm tra dữ liệu: nút Kiểm tra dữ liệu, hoặc hoctap-xl check <tên sổ> — mỗi lỗi nêu sheet và ô."),
        ("text", "7. Tạo báo cáo, quyết định; 8. Xuất bản gửi cấp trên (các nút bấm)."),
        ("label", "Quy tắc công nhận (theo sheet Bộ tiêu chí)"),
        ("text", f"Công dân học tập: tổng ≥ {cd.nguong:g} điểm (vùng khó khăn ≥ {cd.nguong_vung_kho_khan:g}), không "
                 f"chỉ số nào dưới {cd.diem_chi_so_toi_thieu}; đạt {cd.so_nam_tieu_bieu} năm liền là tiêu biểu "
                 "xuất sắc."),
        ("text", "Gia đình, Dòng họ, Cộng đồng, Đơn vị học tập: tổng ≥ ngưỡng và mỗi tiêu chí ≥ mức tối thiểu; "
                 "dòng họ và thôn cần ≥ 50 % số hộ đạt Gia đình học tập."),
        ("label", "Cách gõ"),
        ("text", "Dòng trống được bỏ qua. Tên thôn, đơn vị, dòng họ chọn trong danh sách thả xuống."),
        ("text", "Điểm là số nguyên (8,0 vẫn được hiểu là 8). Có/Không chọn trong danh sách; trống là Không."),
        ("text", "Ngày gõ ngày/tháng/năm (05/01/2026). Số văn bản gõ 5, 05 hoặc 05/QĐ-UBND."),
    ]
    for i, (style, text) in enumerate(lines):
        ws.write_string(i, 0, text, b.f[style])
    ws.set_column(0, 0, 130)
    b.protect(ws)


def _report_text_sheet(b: _Builder) -> None:
    ws = b.sheet(L.NOI_DUNG)
    ws.write_string(0, 0, "NỘI DUNG BÁO CÁO (có thể để trống: báo cáo tự viết câu trung tính từ số liệu)",
                    b.f["title"])
    ws.write_string(2, 0, "Mục", b.f["head"])
    ws.write_string(2, 1, "Nội dung", b.f["head"])
    sections = ("I. Công tác lãnh đạo, chỉ đạo, tuyên truyền", "III. Ưu điểm", "III. Hạn chế", "III. Nguyên nhân",
                "IV. Phương hướng, nhiệm vụ năm tới", "V. Đề xuất, kiến nghị", "Nơi nhận")
    for i, s in enumerate(sections, start=3):
        ws.write_string(i, 0, s, b.f["label"])
        ws.write_blank(i, 1, None, b.f["input_wrap"])
        ws.set_row(i, 60)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 1, 100)


def _meta_sheet(b: _Builder, info: Mapping[str, Any], preset: str) -> None:
    ws = b.wb.add_worksheet(L.META)
    rows = [L.META_HEADERS,
            ("template_version", L.TEMPLATE_VERSION), ("chuong_trinh", f"hoctap-xl {__version__}"),
            ("bo_tieu_chi_id", b.rules.id), ("bo_tieu_chi_version", b.rules.version),
            ("bo_tieu_chi_hash", b.rules.digest()), ("ma_xa", str(info.get(L.L_MA) or "")),
            ("ngay_tao", dt.datetime.now().isoformat(timespec="seconds")), ("chi_tieu_preset", preset),
            ("cau_truc_hash", L.structure_hash(list(L.VISIBLE_SHEETS), L.structure_headers(b.rules)))]
    for i, (k, v) in enumerate(rows):
        ws.write_string(i, 0, k)
        ws.write_string(i, 1, v)
    ws.very_hidden()


def _xlwings_conf(b: _Builder) -> None:
    ws = b.wb.add_worksheet(L.XLWINGS_CONF)
    ws.write_string(0, 0, "UDF Modules")
    ws.write_string(0, 1, "hoctap_xl.udfs")
    ws.hide()


def build_workbook(path: Path, info: Mapping[str, Any], rules: RuleSet,
                   targets: Mapping[str, Mapping[int, float | None]], *, target_note: str = "", preset: str = "",
                   tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                   vba_project: Path | None = None) -> None:
    """Write a commune workbook (``.xlsm`` or ``.xlsx``) with every sheet of contract.md §1."""
    b = _Builder(path, rules)
    wb = b.wb
    wb.set_properties({"title": f"Sổ xây dựng xã hội học tập — {info.get(L.L_XA) or ''} {info.get(L.L_NAM) or ''}",
                       "author": "hoctap-xl", "comments": f"hoctap-xl {__version__}, mẫu {L.TEMPLATE_VERSION}"})
    if vba_project is not None:
        wb.add_vba_project(str(vba_project))
    geo = geometry(rules)
    tables = tables or {}
    _guide_sheet(b)
    _info_sheet(b, info)
    for key in ("thon", "cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi", "cap_xa"):
        rows = list(tables.get(key, ()))
        if key == "cap_xa" and not rows:
            rows = [{"Mã": c.ma, "Chỉ tiêu": c.noi_dung} for c in rules.cap_xa.chi_tieu]
        _table_sheet(b, geo[key], geo, rows)
    n_years = _targets_sheet(b, targets, target_note)
    _tong_hop_sheet(b, info)
    n_rules = _rules_sheet(b)
    _report_text_sheet(b)
    _meta_sheet(b, info, preset)
    _xlwings_conf(b)
    for key, g in geo.items():
        wb.define_name(L.TABLES[key].name, f"='{g.sheet}'!{g.input_range}")
    last_col = index_to_col(2 + n_years + 3)  # three spare year columns
    wb.define_name(L.TABLES["chi_tieu"].name,
                   f"='{L.CHI_TIEU}'!$A${L.HEADER_ROW}:${last_col}${L.HEADER_ROW + len(L.SHARE_CODES)}")
    wb.define_name(L.INFO_NAME, f"='{L.THONG_TIN}'!$A$1:$B$40")
    wb.define_name(L.RULES_NAME, f"='{L.BO_TIEU_CHI}'!$A${RULES_HEADER_ROW}:$C${RULES_HEADER_ROW + n_rules}")
    wb.close()
    _finish(path, macro_enabled=path.suffix.lower() == ".xlsm" and vba_project is None)


def _finish(path: Path, *, macro_enabled: bool) -> None:
    """Two fixes to what XlsxWriter writes:

    - an ``.xlsm`` must declare the macro-enabled content type or Excel refuses to open it;
      XlsxWriter only does so when a VBA project is added;
    - XlsxWriter asks Excel to recalculate everything on open (``fullCalcOnLoad``); we store
      computed values with ``score`` instead, so a PC without the add-in shows them rather than
      ``#NAME?`` (the ``Tính lại`` button recalculates on demand).
    """
    plain = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    macro = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml" and macro_enabled:
                data = data.replace(plain, macro)
            elif item.filename == "xl/workbook.xml":
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            dst.writestr(item, data)
    tmp.replace(path)
