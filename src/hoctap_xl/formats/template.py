"""The commune workbook template, written from scratch with XlsxWriter.

Every sheet name, label, header and formula comes from :mod:`hoctap_xl.layout`. Where each
table, header row and result block sits is computed once (:func:`geometry`, the ``TONG_HOP_*``
and ``CAP_XA_*`` constants) and used by the builder *and* by :func:`result_blocks`, which the
``score`` command and the golden tests rely on.

Text is always written as text: a name starting with ``=``, ``+``, ``-`` or ``@`` never
becomes a formula. Result columns hold one legacy array formula per table (Excel 2010-365).
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hoctap_xl import __version__
from hoctap_xl import layout as L
from hoctap_xl.rules.ruleset import RuleSet, flatten
from hoctap_xl.sheets.cells import col_to_index, index_to_col, split_ref

FONT = "Times New Roman"
FONT_SIZE = 11
INPUT_FILL = "#DDEBF7"   # header of columns the official types into (light blue)
RESULT_FILL = "#D9D9D9"  # header of computed columns (grey)
RESULT_CELL = "#F2F2F2"  # computed cells (light grey)
LINE = "#BFBFBF"
DEFAULT_NOTE = "Mặc định tham khảo — đối chiếu hướng dẫn của Hội Khuyến học tỉnh"
MODEL_NAMES = {"cong_dan": "Công dân học tập", "gia_dinh": "Gia đình học tập", "dong_ho": "Dòng họ học tập",
               "cong_dong": "Cộng đồng học tập", "don_vi": "Đơn vị học tập", "cap_xa": "CĐHT cấp xã"}

# --- geometry of the sheets that are not plain tables (1-based rows) --------------------------
CAP_XA_LEVEL_COL = 6  # 0-based: column G, label in the header row, formula one below
RULES_HEADER_ROW = 10
"""Header row of the ``Bộ tiêu chí`` table, under a 9-row heading (title, name, six sources);
the reader finds it by text within its first 10 rows (grid.MAX_HEADER_SCAN)."""
TONG_HOP_SHARES_HEADER = 4   # block 1: header row; the 7 share rows follow
TONG_HOP_LEVEL_ROW = 13      # the CĐHT cấp xã level (label in A, formula in B)
TONG_HOP_THON_HEADER = 16    # block 2: header row; one row per preallocated thôn follows
TONG_HOP_THON_COL = 1        # 0-based: block 2 starts in column B (the wide one) for thôn names
CHI_TIEU_SPARE_YEARS = 3     # empty, unlocked year columns for the official to add a year
INFO_NAME_LAST_ROW = 40


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
        """Header row through the last preallocated row across the input columns (absolute)."""
        return f"$A${self.header_row}:${index_to_col(len(self.inputs))}${self.last_row}"

    @property
    def result_range(self) -> str:
        """The result block: every result column × every preallocated row (``S4:X6003``)."""
        first = index_to_col(len(self.inputs) + 1)
        last = index_to_col(len(self.inputs) + len(self.results))
        return f"{first}{self.first_data_row}:{last}{self.last_row}"

    def column_of(self, header: str) -> str:
        """Letter of an input or result column."""
        return index_to_col([*self.inputs, *self.results].index(header) + 1)


def geometry(rules: RuleSet) -> dict[str, TableGeometry]:
    """Every table sheet's headers and rows for this rule set (criteria counts vary).
    ``chi_tieu`` is not here: its columns depend on the target years."""
    out = {}
    for key, spec in L.TABLES.items():
        if key == "chi_tieu":
            continue
        n = len(rules.criteria(key).tieu_chi) if key in L.MODEL_SHEETS else 0
        out[key] = TableGeometry(key, spec.sheet, L.headers_for(key, n), spec.results, L.HEADER_ROW, spec.rows)
    return out


def _cell(row0: int, col0: int) -> str:
    return f"{index_to_col(col0 + 1)}{row0 + 1}"


def _tong_hop_blocks() -> dict[str, tuple[int, int, int, int]]:
    """0-based (first row, first col, last row, last col) of the ``Tổng hợp`` result blocks."""
    shares0 = TONG_HOP_SHARES_HEADER  # first data row, 0-based (= header row 1-based)
    thon0 = TONG_HOP_THON_HEADER
    return {
        "ty_le": (shares0, 2, shares0 + len(L.SHARE_CODES) - 1, 1 + len(L.SHARE_RESULT_HEADERS)),
        "theo_thon": (thon0, TONG_HOP_THON_COL, thon0 + L.TABLES["thon"].rows - 1,
                      TONG_HOP_THON_COL + len(L.BY_THON_HEADERS) - 1),
    }


def result_blocks(rules: RuleSet) -> dict[str, tuple[str, str]]:
    """Key of :data:`layout.FORMULAS` → (sheet, range) where the template puts that formula."""
    out = {key: (g.sheet, g.result_range) for key, g in geometry(rules).items() if g.results}
    out["cap_xa"] = (L.CAP_XA, _cell(L.HEADER_ROW, CAP_XA_LEVEL_COL))
    for key, (r0, c0, r1, c1) in _tong_hop_blocks().items():
        out[key] = (L.TONG_HOP, f"{_cell(r0, c0)}:{_cell(r1, c1)}")
    return out


def structure_headers(rules: RuleSet) -> dict[str, tuple[str, ...]]:
    """Input headers per sheet, as hashed into ``_meta``'s ``cau_truc_hash``."""
    return L.structure_headers(rules)


def _lines(text: str, width: float) -> int:
    """Rough number of wrapped lines of ``text`` in a column ``width`` characters wide (Times New
    Roman is narrower than the width unit's digit, hence the factor)."""
    return max(1, sum(math.ceil(max(len(part), 1) / max(width * 1.2, 1)) for part in text.split("\n")))


def _height(*cells: tuple[str, float]) -> float:
    """Row height (points) fitting every (text, column width) pair of the row."""
    return 15 * max(_lines(text, width) for text, width in cells) + 3


class _Builder:
    """The XlsxWriter workbook and its formats."""

    def __init__(self, path: Path, rules: RuleSet) -> None:
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
        ws.write_array_formula(r0, c0, r1, c1, "{=" + L.FORMULAS[key] + "}", formats[0], "")
        for k, fmt in enumerate(formats):
            if fmt is not formats[0]:
                for r in range(r0, r1 + 1):
                    ws.write_number(r, c0 + k, 0, fmt)

    def verdict_colours(self, ws: Any, r0: int, c: int, r1: int) -> None:
        for value, fmt in ((L.RESULT_TRUE, "ok"), (L.RESULT_FALSE, "not_ok")):
            ws.conditional_format(r0, c, r1, c, {"type": "cell", "criteria": "==", "value": f'"{value}"',
                                                 "format": self.f[fmt]})

    @staticmethod
    def protect(ws: Any, *, tables: bool = True) -> None:
        """Protection without a password (officials may unprotect): only unlocked cells take
        typing; columns/rows can be resized; table sheets may be sorted and filtered."""
        ws.protect("", {"format_columns": True, "format_rows": True, "sort": tables, "autofilter": tables,
                        "select_locked_cells": True, "select_unlocked_cells": True})


# --- table sheets ------------------------------------------------------------------------------

TITLES = {
    "thon": "DANH SÁCH THÔN, BẢN, TỔ DÂN PHỐ",
    "cong_dan": "DANH SÁCH ĐĂNG KÝ, ĐÁNH GIÁ \u201cCÔNG DÂN HỌC TẬP\u201d",
    "gia_dinh": "DANH SÁCH ĐĂNG KÝ, ĐÁNH GIÁ \u201cGIA ĐÌNH HỌC TẬP\u201d",
    "dong_ho": "DANH SÁCH ĐĂNG KÝ, ĐÁNH GIÁ \u201cDÒNG HỌ HỌC TẬP\u201d",
    "cong_dong": "ĐÁNH GIÁ \u201cCỘNG ĐỒNG HỌC TẬP\u201d CẤP THÔN, TỔ DÂN PHỐ",
    "don_vi": "DANH SÁCH ĐĂNG KÝ, ĐÁNH GIÁ \u201cĐƠN VỊ HỌC TẬP\u201d",
    "cap_xa": "TỰ ĐÁNH GIÁ \u201cCỘNG ĐỒNG HỌC TẬP\u201d CẤP XÃ",
}
COL_WIDTHS = {"Họ và tên": 28, "Họ tên chủ hộ": 28, "Tên dòng họ": 22, "Trưởng họ": 26, "Tên đơn vị": 36,
              "Tên thôn/TDP": 22, "Thôn/TDP": 18, "Đơn vị công tác": 28, "Dòng họ": 18, "Loại đơn vị": 16,
              "Năm sinh": 8, "Giới tính": 8, "Nhóm": 7, "Kỹ năng số": 9, "Số năm liên tục đã đạt": 11,
              "Lý do": 46, "Danh hiệu": 30, "Kết quả": 10, "Ngưỡng": 8, "Chỉ tiêu": 66, "Minh chứng": 40,
              "Mã": 6, "Đạt mức 1": 10, "Đạt mức 2": 10, "Vùng khó khăn": 10}
COMMENTS = {
    "Họ và tên": "Mỗi người đăng ký một dòng.",
    "Giới tính": "Nam / Nữ",
    "Thôn/TDP": "Chọn trong danh sách (tên như ở sheet Thôn - TDP).",
    "Đơn vị công tác": ("Ghi khi người này là cán bộ, người lao động của một đơn vị trên địa bàn (chọn trong danh "
                        "sách); để trống nếu là người lao động ở thôn."),
    "Kỹ năng số": "Có / Không (trống là Không).",
    "Số năm liên tục đã đạt": "Số năm liền TRƯỚC năm nay đã đạt Công dân học tập (trống = 0).",
    "Dòng họ": "Chọn dòng họ của hộ (tên như ở sheet Dòng họ học tập); có thể để trống.",
    "Tổng số hộ": "Tổng số hộ của thôn — mẫu số tỷ lệ Gia đình học tập.",
    "Tổng số dòng họ": "Số dòng họ trên địa bàn thôn — mẫu số tỷ lệ Dòng họ học tập.",
    "Số người lao động": ("Số người lao động của thôn — mẫu số tỷ lệ Công dân học tập trong gia đình, dòng họ, "
                          "cộng đồng."),
    "Vùng khó khăn": "Có nếu thôn thuộc vùng khó khăn, vùng đồng bào DTTS (ngưỡng Công dân học tập thấp hơn).",
    "Số hộ trong dòng họ": "Tổng số hộ của dòng họ — mẫu số của tỷ lệ hộ đạt Gia đình học tập.",
    "Số CBCCVC, người lao động": "Mẫu số tỷ lệ Công dân học tập trong đơn vị.",
    "Đạt mức 1": "Có / Không",
    "Đạt mức 2": "Có / Không",
    "Minh chứng": "Số, ngày văn bản hoặc hồ sơ chứng minh.",
}
YES_NO = ("Kỹ năng số", "Vùng khó khăn", "Đạt mức 1", "Đạt mức 2")
COUNTS = ("Tổng số hộ", "Tổng số dòng họ", "Số người lao động", "Số thành viên", "Số hộ trong dòng họ",
          "Số CBCCVC, người lao động", "Số năm liên tục đã đạt")
NAME_LISTS = {"Thôn/TDP": ("thon", "Tên thôn/TDP", L.THON), "Đơn vị công tác": ("don_vi", "Tên đơn vị", L.DON_VI),
              "Dòng họ": ("dong_ho", "Tên dòng họ", L.DONG_HO)}


def _width(header: str) -> float:
    if header in COL_WIDTHS:
        return COL_WIDTHS[header]
    if header.startswith(("Chỉ số", "Tiêu chí")):
        return 8
    return max(10, min(24, len(header) * 0.9))


def _criterion(rules: RuleSet, key: str, header: str) -> Any:
    return rules.criteria(key).tieu_chi[int(header.split()[-1]) - 1]


def _comment(b: _Builder, key: str, header: str) -> str:
    if header.startswith("Chỉ số"):
        k = int(header.split()[-1])
        cd = b.rules.cong_dan
        group = next((c.ten for c in cd.nang_luc if k in c.chi_so), "")
        return (f"{header} — {group}. Chấm số nguyên {cd.diem_toi_thieu}-{cd.diem_toi_da}; dưới "
                f"{cd.diem_chi_so_toi_thieu} là chưa đạt.")
    if header.startswith("Tiêu chí") and key in L.MODEL_SHEETS:
        c = _criterion(b.rules, key, header)
        return f"{c.ma} {c.ten} — tối đa {c.diem_toi_da} điểm, tối thiểu {c.diem_toi_thieu}"
    if header == "Nhóm":
        return "; ".join(f"{k}: {v}" for k, v in sorted(b.rules.cong_dan.nhom.items()))
    return COMMENTS.get(header, "")


def _validation(b: _Builder, key: str, header: str, geo: dict[str, TableGeometry]) -> dict[str, Any] | None:
    """The data validation of one input column, or None."""
    rule: dict[str, Any]
    if header in YES_NO:
        rule = {"validate": "list", "source": [L.YES, L.NO], "error_message": "Chọn Có hoặc Không."}
    elif header == "Nhóm":
        rule = {"validate": "list", "source": [str(k) for k in sorted(b.rules.cong_dan.nhom)],
                "input_title": "Nhóm đối tượng", "input_message": _comment(b, key, header)[:255],
                "error_message": "Nhóm là " + ", ".join(str(k) for k in sorted(b.rules.cong_dan.nhom)) + "."}
    elif header == "Giới tính":
        rule = {"validate": "list", "source": ["Nam", "Nữ"], "error_message": "Chọn Nam hoặc Nữ."}
    elif header.startswith("Chỉ số"):
        cd = b.rules.cong_dan
        rule = {"validate": "integer", "criteria": "between", "minimum": cd.diem_toi_thieu, "maximum": cd.diem_toi_da,
                "input_title": header, "input_message": f"Số nguyên từ {cd.diem_toi_thieu} đến {cd.diem_toi_da}.",
                "error_message": f"Điểm chỉ số là số nguyên từ {cd.diem_toi_thieu} đến {cd.diem_toi_da}."}
    elif header.startswith("Tiêu chí") and key in L.MODEL_SHEETS:
        c = _criterion(b.rules, key, header)
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


def _guidance(b: _Builder, key: str) -> str:
    if key == "thon":
        return ("Mỗi thôn/bản/tổ dân phố một dòng. Các tổng số là mẫu số của tỷ lệ; tên thôn ở đây là danh sách "
                "chọn của các sheet khác.")
    if key == "cap_xa":
        return (f"15 chỉ tiêu theo {b.rules.cap_xa.nguon.citation()}: chọn Có/Không cho mức 1 và mức 2, ghi "
                "minh chứng. Nội dung chỉ tiêu sửa được theo văn bản.")
    if key == "cong_dan":
        return "Mỗi người một dòng. Người của đơn vị ghi Đơn vị công tác; người ở thôn để trống cột đó."
    crit = b.rules.criteria(key)
    who = {"gia_dinh": "Mỗi hộ một dòng", "dong_ho": "Mỗi dòng họ một dòng", "cong_dong": "Mỗi thôn/TDP một dòng",
           "don_vi": "Mỗi cơ quan, trường học, doanh nghiệp một dòng"}[key]
    rule = f"đạt khi tổng ≥ {crit.nguong:g} điểm và mỗi tiêu chí không dưới mức tối thiểu"
    if crit.ty_le_ho_gdht_toi_thieu:
        rule += f", và ≥ {crit.ty_le_ho_gdht_toi_thieu * 100:g} % số hộ đạt Gia đình học tập"
    return f"{who}; {rule}. Cột xám bên phải tự tính."


def _table_sheet(b: _Builder, g: TableGeometry, geo: dict[str, TableGeometry],
                 rows: Sequence[Mapping[str, Any]], year: Any) -> None:
    if len(rows) > g.rows:
        raise ValueError(f"{g.sheet}: {len(rows)} dòng, nhiều hơn {g.rows} dòng của mẫu.")
    ws = b.sheet(g.sheet)
    n_in, n_res = len(g.inputs), len(g.results)
    n_all = n_in + n_res
    h = g.header_row - 1                      # 0-based header row
    r0, r1 = g.first_data_row - 1, g.last_row - 1
    title = TITLES[g.key] + (f" NĂM {year}" if year not in (None, "") else "")
    ws.merge_range(0, 0, 0, max(n_in - 1, 1), title, b.f["title"])
    ws.set_row(0, 24)

    # row 2: guidance, and for Công dân học tập the năng lực above their Chỉ số columns
    widths = [_width(head) for head in (*g.inputs, *g.results)]
    if g.key == "cong_dan":
        first = g.inputs.index(L.CHI_SO[0])
        ws.merge_range(1, 0, 1, first - 1, _guidance(b, g.key), b.f["note_wrap"])
        for comp in b.rules.cong_dan.nang_luc:
            c0, c1 = first + min(comp.chi_so) - 1, first + max(comp.chi_so) - 1
            if c0 == c1:
                ws.write_string(1, c0, comp.ten, b.f["group"])
            else:
                ws.merge_range(1, c0, 1, c1, comp.ten, b.f["group"])
        ws.set_row(1, 44)
    else:
        text = _guidance(b, g.key)
        ws.merge_range(1, 0, 1, n_all - 1 if n_all > 1 else 1, text, b.f["note_wrap"])
        ws.set_row(1, _height((text, sum(widths))))

    # header row: exact texts, descriptions in comments
    for c, head in enumerate(g.inputs):
        ws.write_string(h, c, head, b.f["head"])
        wrap = head in ("Chỉ tiêu", "Minh chứng")
        ws.set_column(c, c, widths[c], b.f["input_wrap"] if wrap else b.f["input"])
        note = _comment(b, g.key, head)
        if note:
            ws.write_comment(h, c, note, {"x_scale": 2.2, "y_scale": 1.2, "font_name": FONT, "font_size": 10})
    for k, head in enumerate(g.results):
        ws.write_string(h, n_in + k, head, b.f["head_result"])
        ws.set_column(n_in + k, n_in + k, widths[n_in + k])
    ws.set_row(h, 45)

    # data rows (values as given, by header position)
    known = set(g.inputs)
    for i, rec in enumerate(rows):
        unknown = [k for k in rec if k not in known]
        if unknown:
            raise ValueError(f"{g.sheet}: không có cột {', '.join(unknown)} (các cột: {', '.join(g.inputs)}).")
        for c, head in enumerate(g.inputs):
            value = rec.get(head)
            if value is not None:
                b.put(ws, r0 + i, c, value, b.f["input_wrap"] if head in ("Chỉ tiêu", "Minh chứng") else b.f["input"])
        if g.key == "cap_xa":
            ws.set_row(r0 + i, _height(*((str(rec.get(head) or ""), widths[c]) for c, head in enumerate(g.inputs))))

    # the result block: one array formula
    if n_res:
        formats = [b.f["result_pct"] if head.startswith("Tỷ lệ") else b.f["result"] for head in g.results]
        b.array_formula(ws, g.key, (r0, n_in, r1, n_all - 1), formats)
        if "Kết quả" in g.results:
            b.verdict_colours(ws, r0, n_in + g.results.index("Kết quả"), r1)
    if g.key == "cap_xa":
        c = CAP_XA_LEVEL_COL
        ws.write_string(h, c, "Mức độ đạt được", b.f["head_result"])
        ws.write_formula(h + 1, c, "=" + L.FORMULAS["cap_xa"], b.f["result"], "")
        ws.set_column(c - 1, c - 1, 2)
        ws.set_column(c, c, 20)

    for c, head in enumerate(g.inputs):
        rule = _validation(b, g.key, head, geo)
        if rule is not None:
            ws.data_validation(r0, c, r1, c, rule)

    ws.freeze_panes(g.header_row, 1)
    ws.autofilter(h, 0, r1, n_all - 1)
    ws.repeat_rows(0, h)
    if sum(widths) > 95:
        ws.set_landscape()
    b.protect(ws)


# --- Thông tin chung, Chỉ tiêu, Tổng hợp -------------------------------------------------------

INFO_HINTS = {
    L.L_TINH: "Tên tỉnh/thành phố, vd. Lạng Sơn",
    L.L_CAP_TREN: "Cơ quan nhận báo cáo (dòng Kính gửi), vd. Ủy ban nhân dân tỉnh Lạng Sơn",
    L.L_XA: "Tên xã/phường/thị trấn, không cần chữ \u201cxã\u201d, vd. Tân Văn",
    L.L_MA: "Mã đơn vị hành chính (giữ số 0 ở đầu, vd. 06166)",
    L.L_NAM: "Năm đánh giá, 4 chữ số, vd. 2025",
    L.L_VUNG_KK: "Có nếu cả xã thuộc vùng khó khăn, vùng đồng bào DTTS (chọn Có/Không)",
    L.L_NGUOI_KY: "Họ tên người ký báo cáo, quyết định",
    L.L_CHUC_VU: "vd. CHỦ TỊCH hoặc PHÓ CHỦ TỊCH",
    L.L_THAM_QUYEN: "Một hoặc hai dòng, ngăn bằng dấu ; — vd. TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH",
    L.L_SO_BAO_CAO: "Gõ 15, 15 hoặc 15/BC-UBND; để trống thì in chỗ trống để viết tay",
    L.L_NGAY: "Ngày/tháng/năm, vd. 05/12/2025",
}
for _label in L.L_SO_QD.values():
    INFO_HINTS[_label] = "Gõ 5, 05 hoặc 05/QĐ-UBND; để trống thì in chỗ trống để viết tay"


def _info_sheet(b: _Builder, info: Mapping[str, Any]) -> None:
    ws = b.sheet(L.THONG_TIN)
    ws.write_string(0, 0, "THÔNG TIN CHUNG CỦA SỔ", b.f["title"])
    ws.write_string(1, 0, "Cột A là nhãn (không sửa); điền cột B. Cột C là gợi ý.", b.f["note"])
    ws.set_row(0, 24)
    r0 = L.INFO_FIRST_ROW - 1
    for i, label in enumerate(L.INFO_LABELS):
        ws.write_string(r0 + i, 0, label, b.f["label"])
        value = info.get(label)
        if label == L.L_NGAY:
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


def _targets_sheet(b: _Builder, targets: Mapping[str, Mapping[int, float | None]], note: str,
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
        ws.set_row(r, _height((label, 62)))
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


def _tong_hop_sheet(b: _Builder, info: Mapping[str, Any]) -> None:
    ws = b.sheet(L.TONG_HOP)
    blocks = _tong_hop_blocks()
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

    # block 1: shares and targets
    h = TONG_HOP_SHARES_HEADER - 1
    ws.write_string(h - 1, 0, "1. Tỷ lệ và chỉ tiêu", b.f["bold"])
    for c, head in enumerate(("Mã", "Nội dung", *L.SHARE_RESULT_HEADERS)):
        ws.write_string(h, c, head, b.f["head"] if c < 2 else b.f["head_result"])
    ws.set_row(h, 32)
    for i, code in enumerate(L.SHARE_CODES):
        ws.write_string(h + 1 + i, 0, code, b.f["key"])
        ws.write_string(h + 1 + i, 1, L.SHARE_LABELS[code], b.f["cell"])
        ws.set_row(h + 1 + i, _height((L.SHARE_LABELS[code], 44)))
    pct, num, plain = b.f["result_pct"], b.f["result_num"], b.f["result"]
    share_formats = [pct if head in ("Tỷ lệ", "Chỉ tiêu") else num if head.startswith("Chênh lệch") else plain
                     for head in L.SHARE_RESULT_HEADERS]
    r0, c0, r1, _ = blocks["ty_le"]
    b.array_formula(ws, "ty_le", blocks["ty_le"], share_formats)
    b.verdict_colours(ws, r0, c0 + L.SHARE_RESULT_HEADERS.index("Đạt chỉ tiêu"), r1)

    # the commune's own level (TT 25/2023)
    lv = TONG_HOP_LEVEL_ROW - 1
    ws.write_string(lv, 0, "CĐHT cấp xã", b.f["label"])
    ws.write_formula(lv, 1, "=" + L.FORMULAS["cap_xa"], b.f["result"], "")
    ws.write_string(lv, 2, f"Mức độ đạt theo {b.rules.cap_xa.nguon.van_ban} (sheet {L.CAP_XA})", b.f["note"])

    # block 2: by thôn
    h2 = TONG_HOP_THON_HEADER - 1
    ws.write_string(h2 - 1, 0, "2. Theo thôn/TDP", b.f["bold"])
    for k, head in enumerate(L.BY_THON_HEADERS):
        ws.write_string(h2, TONG_HOP_THON_COL + k, head, b.f["head_result"])
    ws.set_row(h2, 32)
    thon_formats = [pct if head.startswith("Tỷ lệ") else plain for head in L.BY_THON_HEADERS]
    r0, c0, r1, _ = blocks["theo_thon"]
    b.array_formula(ws, "theo_thon", blocks["theo_thon"], thon_formats)
    b.verdict_colours(ws, r0, c0 + L.BY_THON_HEADERS.index("Cộng đồng học tập"), r1)

    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 44)
    ws.set_column(2, TONG_HOP_THON_COL + len(L.BY_THON_HEADERS) - 1, 12)
    _shares_chart(b, ws)
    ws.set_landscape()
    ws.repeat_rows(0, 1)
    b.protect(ws, tables=False)


def _shares_chart(b: _Builder, ws: Any) -> None:
    """A native column chart of each share against its target, right of the shares block. It
    reads the block's cells, so it follows the HT_ functions in Excel and ``score`` elsewhere."""
    sheet, rng = result_blocks(b.rules)["ty_le"]
    first, last = rng.split(":")
    c0, r0 = col_to_index(split_ref(first)[0]), split_ref(first)[1]
    r1 = split_ref(last)[1]
    ratio_col = index_to_col(c0 + L.SHARE_RESULT_HEADERS.index("Tỷ lệ"))
    target_col = index_to_col(c0 + L.SHARE_RESULT_HEADERS.index("Chỉ tiêu"))
    categories = f"='{sheet}'!$A${r0}:$A${r1}"
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


# --- Bộ tiêu chí -------------------------------------------------------------------------------

RULE_WORDS = {
    "id": "mã bộ tiêu chí", "version": "phiên bản", "ten": "tên", "ban_hanh": "ngày ban hành",
    "ghi_chu": "ghi chú", **MODEL_NAMES,
    "nguon": "văn bản nguồn", "van_ban": "số văn bản", "ngay": "ngày", "co_quan": "cơ quan ban hành",
    "trich_yeu": "trích yếu", "loai": "loại nguồn", "so_chi_so": "số chỉ số",
    "diem_toi_thieu": "điểm tối thiểu", "diem_toi_da": "điểm tối đa",
    "nguong": "ngưỡng tổng điểm để được công nhận",
    "nguong_vung_kho_khan": "ngưỡng tổng điểm ở vùng khó khăn",
    "diem_chi_so_toi_thieu": "điểm tối thiểu của mỗi chỉ số",
    "so_nam_tieu_bieu": "số năm liền để là tiêu biểu xuất sắc", "nhom": "nhóm", "nang_luc": "năng lực",
    "chi_so": "chỉ số", "danh_hieu": "danh hiệu", "tieu_chi": "Tiêu chí", "ma": "mã",
    "ty_le_ho_gdht_toi_thieu": "tỷ lệ hộ đạt Gia đình học tập tối thiểu", "chi_tieu": "chỉ tiêu",
    "noi_dung": "nội dung", "hieu_luc_thang": "thời hạn công nhận (tháng)", "#": "số mục",
}


def describe_key(key: str) -> str:
    """``gia_dinh.tieu_chi.2.diem_toi_da`` → ``Gia đình học tập — Tiêu chí 2 — điểm tối đa``."""
    parts: list[str] = []
    for seg in key.split("."):
        if seg.isdigit() and parts:
            parts[-1] = f"{parts[-1]} {seg}"
        else:
            parts.append(RULE_WORDS.get(seg, seg))
    return " — ".join(parts)


def _rules_sheet(b: _Builder) -> int:
    """The ``Bộ tiêu chí`` sheet; returns the number of key/value rows."""
    ws = b.sheet(L.BO_TIEU_CHI)
    r = b.rules
    ws.write_string(0, 0, f"BỘ TIÊU CHÍ ĐANG ÁP DỤNG: {r.label}", b.f["title"])
    ws.set_row(0, 24)
    ws.write_string(1, 0, r.ten, b.f["bold"])
    ws.write_string(2, 0, f"Ban hành {r.ban_hanh:%d/%m/%Y}. Sheet chỉ đọc: chương trình tính theo đúng bản này; "
                          "bản bị sửa sẽ bị phát hiện khi kiểm tra.", b.f["note"])
    for i, model in enumerate(MODEL_NAMES, start=3):
        src = getattr(r, model).nguon
        text = f"{MODEL_NAMES[model]}: {src.citation()}"
        if src.loai == "DEFAULT":
            ws.write_rich_string(i, 0, b.f["note"], text + " — ", b.f["red"], DEFAULT_NOTE, b.f["note"])
        else:
            ws.write_string(i, 0, text + (" (văn bản địa phương)" if src.loai == "LOCAL" else ""), b.f["note"])
    assert 3 + len(MODEL_NAMES) < RULES_HEADER_ROW
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
        if _height((described, 52), (str(value), 56)) > 18:
            ws.set_row(h + i, _height((described, 52), (str(value), 56)))
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 52)
    ws.set_column(2, 2, 56)
    ws.freeze_panes(RULES_HEADER_ROW, 0)
    ws.set_landscape()
    ws.repeat_rows(h)
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})
    return len(pairs)


# --- Hướng dẫn, Nội dung báo cáo, hidden sheets ------------------------------------------------

def _rule_lines(rules: RuleSet) -> list[str]:
    cd = rules.cong_dan
    out = [f"Công dân học tập: tổng ≥ {cd.nguong:g} điểm (vùng khó khăn ≥ {cd.nguong_vung_kho_khan:g}), không chỉ "
           f"số nào dưới {cd.diem_chi_so_toi_thieu}; đạt {cd.so_nam_tieu_bieu} năm liền là \u201ctiêu biểu xuất "
           "sắc\u201d."]
    for key in ("gia_dinh", "dong_ho", "cong_dong", "don_vi"):
        c = rules.criteria(key)
        mins = ", ".join(f"{t.ma} ≥ {t.diem_toi_thieu}" for t in c.tieu_chi)
        line = f"{MODEL_NAMES[key]}: tổng ≥ {c.nguong:g}/{c.max_total} điểm, {mins}"
        if c.ty_le_ho_gdht_toi_thieu:
            line += f"; ≥ {c.ty_le_ho_gdht_toi_thieu * 100:g} % số hộ đạt Gia đình học tập"
        out.append(line + ".")
    n = len(rules.cap_xa.chi_tieu)
    out.append(f"CĐHT cấp xã: Mức độ 1 khi cả {n} chỉ tiêu đạt mức 1; Mức độ 2 khi cả {n} chỉ tiêu đạt mức 1 và "
               "mức 2.")
    return out


def _buttons(ws: Any) -> None:
    """Form buttons on the guide sheet (only in a workbook that carries the VBA project)."""
    from hoctap_xl.excel.buttons import BUTTONS

    ws.write_string(0, 2, "Các nút", None)
    for i, (caption, macro) in enumerate(BUTTONS):
        ws.insert_button(2 + 3 * i, 2, {"macro": macro, "caption": caption, "width": 190, "height": 36,
                                        "description": caption})


def _guide_sheet(b: _Builder, with_buttons: bool = False) -> None:
    ws = b.sheet(L.HUONG_DAN)
    if with_buttons:
        _buttons(ws)
    lines: list[tuple[str, str]] = [
        ("title", "SỔ THEO DÕI XÂY DỰNG XÃ HỘI HỌC TẬP CẤP XÃ — HƯỚNG DẪN"),
        ("text", "Mỗi xã dùng một sổ cho mỗi năm đánh giá: danh sách đăng ký, điểm thẩm định, kết quả công nhận, "
                 "tỷ lệ so với chỉ tiêu, báo cáo và quyết định. Chỉ gõ vào ô trắng; cột xám là kết quả tự tính."),
        ("bold", "Các bước"),
        ("text", f"1. {L.THONG_TIN}: tên tỉnh, xã, mã đơn vị hành chính, năm đánh giá, vùng khó khăn, người ký, "
                 "số văn bản."),
        ("text", f"2. {L.THON}: mỗi thôn, bản, tổ dân phố một dòng với tổng số hộ, số dòng họ, số người lao động "
                 "(mẫu số của tỷ lệ)."),
        ("text", f"3. {L.CONG_DAN}, {L.GIA_DINH}, {L.DONG_HO}, {L.CONG_DONG}, {L.DON_VI}: mỗi người, mỗi hộ, "
                 "mỗi dòng họ, mỗi thôn, mỗi đơn vị một dòng, điểm theo biên bản thẩm định; "
                 f"{L.CAP_XA}: chọn Có/Không cho từng chỉ tiêu."),
        ("text", "4. Kết quả tự tính trong Excel khi máy có cài hoctap-xl (add-in); hoặc chạy lệnh hoctap-xl "
                 "results với tệp sổ này."),
        ("text", "5. Kiểm tra dữ liệu (nút bấm, hoặc lệnh hoctap-xl check): mỗi lỗi nêu sheet, ô và cách sửa."),
        ("text", "6. Tạo báo cáo: báo cáo kết quả, quyết định công nhận và danh sách kèm theo (Word)."),
        ("text", "7. Xuất bản gửi cấp trên: gửi tệp sổ này (giữ nguyên tên sheet và tiêu đề cột)."),
        ("text", "8. Tách theo thôn: mỗi thôn một tệp để chi hội nhập điểm; nhận về rồi gộp bằng lệnh hoctap-xl "
                 "merge (sổ phải đóng khi gộp)."),
        ("text", "9. Sang năm mới: sổ năm sau cạnh sổ này, giữ mọi danh sách, cộng số năm liên tục cho người đạt "
                 "(hoặc lệnh hoctap-xl next-year)."),
        ("bold", f"Quy tắc công nhận (theo sheet {L.BO_TIEU_CHI}, {b.rules.label})"),
        *(("text", line) for line in _rule_lines(b.rules)),
        ("bold", "Cách nhập"),
        ("text", "Dòng trống được bỏ qua, ở đâu cũng được; một dòng có ô nào đã điền là một dòng dữ liệu."),
        ("text", "Có/Không chọn trong danh sách (x, TRUE, 1 cũng hiểu là Có; trống là Không). Tên thôn, đơn vị, "
                 "dòng họ chọn trong danh sách thả xuống cho khớp tên."),
        ("text", "Điểm là số nguyên (8,0 vẫn hiểu là 8). Chỉ tiêu gõ 70% hoặc 0,7. Ngày gõ ngày/tháng/năm "
                 "(05/01/2026 là 5 tháng 1). Số văn bản gõ 5, 05 hoặc 05/QĐ-UBND."),
        ("text", "Sheet có khóa không mật khẩu để tránh sửa nhầm công thức: Review › Unprotect Sheet để mở."),
    ]
    for i, (style, text) in enumerate(lines):
        ws.write_string(i, 0, text, b.f[style])
        if style == "text":
            ws.set_row(i, _height((text, 88)))  # column of 96 character widths, proportional font
    ws.set_row(0, 24)
    ws.set_column(0, 0, 96)  # prints on A4 portrait without shrinking
    b.protect(ws, tables=False)


REPORT_SECTIONS = ("I. Công tác lãnh đạo, chỉ đạo, tuyên truyền", "III. Ưu điểm", "III. Hạn chế",
                   "III. Nguyên nhân", "IV. Phương hướng", "V. Đề xuất, kiến nghị", "Nơi nhận")


def _report_text_sheet(b: _Builder, text: Mapping[str, str] | None = None) -> None:
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


def _meta_sheet(b: _Builder, info: Mapping[str, Any], preset: str, extra: Mapping[str, str] | None = None) -> None:
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


def _xlwings_conf(b: _Builder) -> None:
    """xlwings' workbook settings sheet: keys in column A from A1 down, values in column B. A blank
    value falls through to the PC's own xlwings.conf (so each PC sets its interpreter)."""
    ws = b.sheet(L.XLWINGS_CONF, visible=False)
    ws.write_string(0, 0, "UDF Modules")
    ws.write_string(0, 1, "hoctap_xl.udfs;hoctap_xl.buttons")
    ws.write_string(1, 0, "Interpreter_Win")
    ws.set_column(0, 1, 24)
    ws.hide()


# --- the workbook ------------------------------------------------------------------------------

def build_workbook(path: Path, info: Mapping[str, Any], rules: RuleSet,
                   targets: Mapping[str, Mapping[int, float | None]], *, target_note: str = "",
                   target_notes: Mapping[str, str] | None = None, preset: str = "",
                   tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                   vba_project: Path | None = None, report_text: Mapping[str, str] | None = None,
                   meta: Mapping[str, str] | None = None) -> None:
    """Write a commune workbook with every sheet of contract.md §1.

    ``info``: ``Thông tin chung`` label → value. ``targets``: share code → {year: fraction}.
    ``tables``: table key → rows as {input header: value}. With ``vba_project`` the file must be
    an ``.xlsm``; without, an ``.xlsm`` is still declared macro-enabled so Excel opens it.
    ``report_text``: ``Nội dung báo cáo`` section → text; ``meta``: extra ``_meta`` keys (where
    a workbook came from: next year, a split, an upgrade).
    """
    path = Path(path)
    if vba_project is not None and path.suffix.lower() != ".xlsm":
        raise ValueError(f"Sổ có macro phải có đuôi .xlsm: {path.name}")
    tables = tables or {}
    unknown = set(tables) - (set(L.TABLES) - {"chi_tieu"})
    if unknown:
        raise ValueError(f"Không có bảng {', '.join(sorted(unknown))}.")
    b = _Builder(path, rules)
    wb = b.wb
    xa, nam = info.get(L.L_XA) or "", info.get(L.L_NAM) or ""
    wb.set_properties({"title": f"Sổ xây dựng xã hội học tập {xa} {nam}".strip(), "author": "hoctap-xl",
                       "subject": "Xây dựng xã hội học tập cấp xã", "company": str(xa),
                       "comments": f"hoctap-xl {__version__}, mẫu {L.TEMPLATE_VERSION}, bộ tiêu chí {rules.label}"})
    wb.set_vba_name("ThisWorkbook")
    if vba_project is not None:
        wb.add_vba_project(str(vba_project))
    geo = geometry(rules)

    _guide_sheet(b, with_buttons=vba_project is not None)
    _info_sheet(b, info)
    for key, g in geo.items():
        rows = list(tables.get(key, ()))
        if key == "cap_xa" and not rows:
            rows = [{"Mã": c.ma, "Chỉ tiêu": c.noi_dung} for c in rules.cap_xa.chi_tieu]
        _table_sheet(b, g, geo, rows, info.get(L.L_NAM))
    n_years = _targets_sheet(b, targets, target_note, target_notes or {})
    _tong_hop_sheet(b, info)
    n_rules = _rules_sheet(b)
    _report_text_sheet(b, report_text)
    _meta_sheet(b, info, preset, meta)
    _xlwings_conf(b)

    for key, g in geo.items():
        wb.define_name(L.TABLES[key].name, f"='{g.sheet}'!{g.input_range}")
    last_col = index_to_col(2 + n_years + CHI_TIEU_SPARE_YEARS)
    wb.define_name(L.TABLES["chi_tieu"].name,
                   f"='{L.CHI_TIEU}'!$A${L.HEADER_ROW}:${last_col}${L.HEADER_ROW + len(L.SHARE_CODES)}")
    wb.define_name(L.INFO_NAME, f"='{L.THONG_TIN}'!$A$1:$B${INFO_NAME_LAST_ROW}")
    wb.define_name(L.RULES_NAME, f"='{L.BO_TIEU_CHI}'!$A${RULES_HEADER_ROW}:$C${RULES_HEADER_ROW + n_rules}")
    wb.close()
    _finish(path, macro_enabled=path.suffix.lower() == ".xlsm" and vba_project is None)


def _finish(path: Path, *, macro_enabled: bool) -> None:
    """Two fixes to what XlsxWriter writes (only these two parts change):

    - an ``.xlsm`` must declare the macro-enabled content type or Excel refuses to open it;
      XlsxWriter only does so when a VBA project is added;
    - XlsxWriter asks Excel to recalculate everything on open (``fullCalcOnLoad``); we store the
      computed values with ``score`` instead, so a PC without the add-in shows them rather than
      ``#NAME?`` (the ``Tính lại`` button recalculates on demand).
    """
    plain = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    macro = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    tmp = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item)
                if item.filename == "[Content_Types].xml" and macro_enabled:
                    data = data.replace(plain, macro)
                elif item.filename == "xl/workbook.xml":
                    data = data.replace(b' fullCalcOnLoad="1"', b"")
                dst.writestr(item, data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
