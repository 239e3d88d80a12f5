"""Excel functions (xlwings UDFs): thin adapters over the core.

Each function takes whole table ranges *with their header row* (the workbook's defined names:
``=HT_CONG_DAN(CongDan,Thon,DonVi,ThongTin,BoTieuChi)``), turns them into grids, calls
:func:`hoctap_xl.commune.evaluate.evaluate` and returns one block with a row per input row — the same
values ``hoctap-xl score`` stores and ``results --json`` reports. A range without its header
row (a single row, say) is read in the contract's column order. Any failure comes back as a
short ``#LỖI …`` text, never a traceback.

On Linux (CI) xlwings' decorators are identity functions, so these are plain functions that
the tests call with the values xlwings would pass (2-D lists, floats, ``None`` for blanks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune import blocks
from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.errors import HoctapError
from hoctap_xl.excel.xwcompat import arg, func
from hoctap_xl.formats.xlsx_read import rules_from_grid
from hoctap_xl.rules import ruleset as R
from hoctap_xl.rules.targets import parse_target, resolve
from hoctap_xl.sheets.geometry import table_headers
from hoctap_xl.sheets.grid import Grid
from hoctap_xl.text.values import ValueProblem, clean_text, parse_number, parse_year, round_half_up

Rows = Sequence[Sequence[Any]]
Block = list[list[Any]]
ERROR = "#LỖI"


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, (HoctapError, ValueProblem, ValueError)):
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    else:
        text = f"lỗi ngoài dự kiến ({type(exc).__name__})"
    return f"{ERROR} {text}"[:250]


def _safe(f: Callable[..., Block]) -> Callable[..., Block]:
    @wraps(f)
    def wrapper(*args: Any) -> Block:
        try:
            return f(*args)
        except Exception as exc:  # a UDF must never raise into Excel
            return [[_error_text(exc)]]
    return wrapper


def _rows(values: Any) -> list[list[Any]]:
    """xlwings gives a scalar for one cell, a list for one row/column, a list of lists else."""
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        return [[values]]
    if values and not isinstance(values[0], (list, tuple)):
        return [list(values)]
    return [list(r) for r in values]


def _table(sheet: str, key: str, values: Any, rules: R.RuleSet) -> Grid:
    """A table range as a grid whose rows carry the template's worksheet row numbers; a range
    without its header row gets the contract's headers in order."""
    rows = _rows(values)
    heads = table_headers(key, rules)
    if rows and heads[0] in (clean_text(v) for v in rows[0]):
        return Grid(sheet, rows, row0=L.HEADER_ROW)
    return Grid(sheet, [list(heads), *rows], row0=L.HEADER_ROW)


def _rules(values: Any) -> R.RuleSet:
    if values is None:
        return R.default()
    ruleset, _ = rules_from_grid(Grid(L.BO_TIEU_CHI, _rows(values)), {}, None)
    return ruleset


def _compute(rules: R.RuleSet, **tables: Any) -> tuple[CommuneResult, dict[str, int]]:
    """Evaluate the given tables; also returns each table's number of data rows in the range."""
    grids: dict[str, Grid] = {}
    sizes: dict[str, int] = {}
    for key, values in tables.items():
        if key == "thong_tin":
            grids[L.THONG_TIN] = Grid(L.THONG_TIN, _rows(values))
        elif key == "chi_tieu":
            grids[L.CHI_TIEU] = Grid(L.CHI_TIEU, _rows(values), row0=L.HEADER_ROW)
        elif values is not None:
            grid = _table(L.TABLES[key].sheet, key, values, rules)
            grids[grid.sheet] = grid
            sizes[key] = len(grid.rows) - 1
    return evaluate(grids, rules), sizes


def _model(key: str, rules_values: Any, **tables: Any) -> Block:
    rules = _rules(rules_values)
    result, sizes = _compute(rules, **tables)
    return blocks.table_block(result, key, L.HEADER_ROW + 1, sizes[key])


DOC_RULES = "bảng Bộ tiêu chí (tên BoTieuChi)"
DOC_THON = "bảng Thôn - TDP kèm dòng tiêu đề (tên Thon)"


@func
@arg("cong_dan", doc="bảng Công dân học tập kèm dòng tiêu đề (tên CongDan)")
@arg("thon", doc=DOC_THON)
@arg("don_vi", doc="bảng Đơn vị học tập (tên DonVi)")
@arg("thong_tin", doc="Thông tin chung, cột A:B (tên ThongTin)")
@arg("bo_tieu_chi", doc=DOC_RULES)
@_safe
def HT_CONG_DAN(cong_dan: Any, thon: Any, don_vi: Any = None, thong_tin: Any = None,
                bo_tieu_chi: Any = None) -> Block:
    """Kết quả Công dân học tập: mỗi người một dòng gồm Tổng điểm, Điểm thấp nhất, Ngưỡng,
    Kết quả, Lý do, Danh hiệu."""
    return _model("cong_dan", bo_tieu_chi, cong_dan=cong_dan, thon=thon, don_vi=don_vi, thong_tin=thong_tin)


@func
@arg("gia_dinh", doc="bảng Gia đình học tập kèm dòng tiêu đề (tên GiaDinh)")
@arg("thon", doc=DOC_THON)
@arg("dong_ho", doc="bảng Dòng họ học tập (tên DongHo)")
@arg("bo_tieu_chi", doc=DOC_RULES)
@_safe
def HT_GIA_DINH(gia_dinh: Any, thon: Any, dong_ho: Any = None, bo_tieu_chi: Any = None) -> Block:
    """Kết quả Gia đình học tập: mỗi hộ một dòng gồm Tổng điểm, Kết quả, Lý do."""
    return _model("gia_dinh", bo_tieu_chi, gia_dinh=gia_dinh, thon=thon, dong_ho=dong_ho)


@func
@arg("dong_ho", doc="bảng Dòng họ học tập kèm dòng tiêu đề (tên DongHo)")
@arg("gia_dinh", doc="bảng Gia đình học tập (để đếm số hộ đạt)")
@arg("thon", doc=DOC_THON)
@arg("bo_tieu_chi", doc=DOC_RULES)
@_safe
def HT_DONG_HO(dong_ho: Any, gia_dinh: Any, thon: Any, bo_tieu_chi: Any = None) -> Block:
    """Kết quả Dòng họ học tập: Tổng điểm, Số hộ đạt GĐHT, Tỷ lệ, Kết quả, Lý do."""
    return _model("dong_ho", bo_tieu_chi, dong_ho=dong_ho, gia_dinh=gia_dinh, thon=thon)


@func
@arg("cong_dong", doc="bảng Cộng đồng học tập kèm dòng tiêu đề (tên CongDong)")
@arg("gia_dinh", doc="bảng Gia đình học tập (để đếm số hộ đạt)")
@arg("thon", doc=DOC_THON)
@arg("bo_tieu_chi", doc=DOC_RULES)
@_safe
def HT_CONG_DONG(cong_dong: Any, gia_dinh: Any, thon: Any, bo_tieu_chi: Any = None) -> Block:
    """Kết quả Cộng đồng học tập (thôn): Tổng điểm, Số hộ đạt GĐHT, Tỷ lệ, Kết quả, Lý do."""
    return _model("cong_dong", bo_tieu_chi, cong_dong=cong_dong, gia_dinh=gia_dinh, thon=thon)


@func
@arg("don_vi", doc="bảng Đơn vị học tập kèm dòng tiêu đề (tên DonVi)")
@arg("bo_tieu_chi", doc=DOC_RULES)
@_safe
def HT_DON_VI(don_vi: Any, bo_tieu_chi: Any = None) -> Block:
    """Kết quả Đơn vị học tập: Tổng điểm, Kết quả, Lý do."""
    return _model("don_vi", bo_tieu_chi, don_vi=don_vi)


@func
@arg("cap_xa", doc="bảng CĐHT cấp xã kèm dòng tiêu đề (tên CapXa)")
@_safe
def HT_CAP_XA(cap_xa: Any) -> Block:
    """Mức độ Cộng đồng học tập cấp xã theo Thông tư 25/2023 (Mức độ 1, Mức độ 2 hoặc Chưa đạt)."""
    result, _ = _compute(R.default(), cap_xa=cap_xa)
    return [[blocks.level_text(result.level)]]


ALL_TABLES = ("thong_tin", "thon", "cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi", "chi_tieu")


@func
@arg("thong_tin", doc="Thông tin chung (tên ThongTin)")
@arg("thon", doc=DOC_THON)
@arg("cong_dan", doc="tên CongDan")
@arg("gia_dinh", doc="tên GiaDinh")
@arg("dong_ho", doc="tên DongHo")
@arg("cong_dong", doc="tên CongDong")
@arg("don_vi", doc="tên DonVi")
@arg("chi_tieu", doc="bảng Chỉ tiêu (tên ChiTieu)")
@arg("bo_tieu_chi", doc=DOC_RULES)
@_safe
def HT_TY_LE(thong_tin: Any, thon: Any, cong_dan: Any, gia_dinh: Any, dong_ho: Any, cong_dong: Any, don_vi: Any,
             chi_tieu: Any, bo_tieu_chi: Any = None) -> Block:
    """7 tỷ lệ của xã: Số đạt, Tổng số, Tỷ lệ, Chỉ tiêu, Đạt chỉ tiêu, Chênh lệch (điểm %)."""
    values = dict(zip(ALL_TABLES, (thong_tin, thon, cong_dan, gia_dinh, dong_ho, cong_dong, don_vi, chi_tieu),
                      strict=True))
    result, _ = _compute(_rules(bo_tieu_chi), **values)
    return blocks.share_block(result)


@func
@arg("thon", doc=DOC_THON)
@_safe
def HT_THEO_THON(thon: Any, cong_dan: Any, gia_dinh: Any, dong_ho: Any, cong_dong: Any, don_vi: Any,
                 thong_tin: Any = None, bo_tieu_chi: Any = None) -> Block:
    """Số liệu theo từng thôn/TDP: tổng số hộ, hộ đạt, tỷ lệ, dòng họ, người lao động, CDHT, CĐHT."""
    values = {"thon": thon, "cong_dan": cong_dan, "gia_dinh": gia_dinh, "dong_ho": dong_ho, "cong_dong": cong_dong,
              "don_vi": don_vi, "thong_tin": thong_tin}
    result, sizes = _compute(_rules(bo_tieu_chi), **values)
    return blocks.thon_block(result, sizes["thon"])


@func
@arg("chi_tieu", doc="bảng Chỉ tiêu (tên ChiTieu)")
@arg("ma", doc="mã tỷ lệ, vd. GIA_DINH")
@arg("nam", doc="năm, vd. 2025")
@_safe
def HT_CHI_TIEU(chi_tieu: Any, ma: Any, nam: Any) -> Block:
    """Chỉ tiêu của một tỷ lệ cho một năm (năm đó; không có thì năm gần nhất sau, rồi trước)."""
    code, year = clean_text(ma).upper(), parse_year(nam)
    if code not in L.SHARE_CODES:
        raise ValueProblem(f"mã {code} không có")
    result, _ = _compute(R.default(), chi_tieu=chi_tieu)
    target = resolve(result.targets.get(code, {}), year)
    return [["" if target is None else target]]


def _ratio(value: Any) -> float | None:
    """A share as computed (a fraction; 1,2 means 120 %, not 1,2 %)."""
    if value is None or clean_text(value) == "":
        return None
    text = clean_text(value)
    return parse_number(text[:-1]) / 100 if text.endswith("%") else parse_number(value)


@func
@arg("ty_le", doc="tỷ lệ đạt được (vd. 0,7048)")
@arg("chi_tieu", doc="chỉ tiêu (vd. 70 % hoặc 0,7)")
@_safe
def HT_DAT_CHI_TIEU(ty_le: Any, chi_tieu: Any) -> Block:
    """Đạt khi tỷ lệ (chính xác, không làm tròn) ≥ chỉ tiêu; trống khi thiếu một trong hai."""
    ratio, target = _ratio(ty_le), parse_target(chi_tieu)
    if ratio is None or target is None:
        return [[""]]
    return [[L.RESULT_TRUE if ratio >= target else L.RESULT_FALSE]]


@func
@arg("ty_le", doc="tỷ lệ đạt được")
@arg("chi_tieu", doc="chỉ tiêu")
@_safe
def HT_CHENH_LECH(ty_le: Any, chi_tieu: Any) -> Block:
    """Chênh lệch giữa tỷ lệ và chỉ tiêu, tính bằng điểm phần trăm, làm tròn 2 chữ số như Excel."""
    ratio, target = _ratio(ty_le), parse_target(chi_tieu)
    if ratio is None or target is None:
        return [[""]]
    return [[round_half_up((ratio - target) * 100, 2)]]
