"""The native formulas of ``Tổng hợp`` (the shares with their targets, the by-thôn table) and of the
commune's TT 25 level (see :mod:`hoctap_xl.sheets.native`).

What the core computes (:mod:`hoctap_xl.commune.evaluate` ``_shares`` and ``_by_thon``,
:mod:`hoctap_xl.rules.targets` ``resolve``, :func:`hoctap_xl.rules.scoring.commune_level`) is said
here in formulas:

- the numerators count the ``Kết quả`` cells of the model sheets that read ``Đạt`` (those cells
  compute natively themselves, or through the add-in); the denominators are the thôn's totals as
  the by-thôn table shows them (blank for a thôn or a count the core does not read), the units
  read (``Đạt`` or ``Chưa đạt``) and their staff, the recognised citizens;
- the target of the year ``Năm đánh giá`` is resolved from the ``Chỉ tiêu`` row of the share: the
  year's own cell, else the nearest later year with a value, else the nearest earlier one. Each
  year column gets a key (the year itself from the evaluation year on, ``4200 − year`` before it)
  and a row's cell is chosen when no other filled cell of the row has a smaller key — a K×K
  comparison matrix multiplied with the row's filled cells (MMULT), no row-wise MIN needed;
- the by-thôn table lines up row by row with ``Thôn - TDP``: its ``i``-th row is the sheet's
  ``i``-th row. Where the core would move rows up (a blank or repeated name above a named thôn)
  every named row says :data:`~hoctap_xl.sheets.native.CHECK_WITH_HOCTAP`, and so do the shares
  counted over the thôn; so does a thôn count typed as text (the core may read it, a formula
  cannot without the PC's locale), and a target typed as text says it in its share's target columns;
- the level counts the checklist's rows and their Có marks (``Có``, ``x``, TRUE, 1 … as the core
  reads them).

What formulas do not read as the core does is listed in the developer guide (section "Native
formulas: Tổng hợp and the TT 25 level").
"""

from __future__ import annotations

from collections.abc import Callable

from hoctap_xl import layout as L
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.geometry import TableGeometry, geometry, tong_hop_blocks
from hoctap_xl.sheets.native_parts import CHECK_WITH_HOCTAP, YES_WORDS, column, columns, ones

TARGET_YEAR_COLUMNS = 24
"""Year columns of ``Chỉ tiêu`` the native target reads (C to Z): the template's years, its spare
columns and room for more."""
_FAR = 4200
"""Key of a year before the evaluation year: ``_FAR − year``, above every later year's key."""


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _result_column(g: TableGeometry) -> str:
    """The ``Kết quả`` column of a model sheet over its preallocated rows."""
    return column(g.sheet, len(g.inputs) + g.results.index("Kết quả") + 1, g.first_data_row, g.last_row)


def _input_column(g: TableGeometry, header: str) -> str:
    return column(g.sheet, g.inputs.index(header) + 1, g.first_data_row, g.last_row)


def _by_thon_column(header: str) -> str:
    """A column of the by-thôn block on ``Tổng hợp``."""
    r0, c0, r1, _ = tong_hop_blocks()["theo_thon"]
    return column(L.TONG_HOP, c0 + 1 + L.BY_THON_HEADERS.index(header), r0 + 1, r1 + 1)


def _vertical(items: list[str]) -> str:
    """A column array of scalars: ``CHOOSE({1;2;…},a,b,…)``."""
    return "CHOOSE({" + ";".join(str(i) for i in range(1, len(items) + 1)) + "}," + ",".join(items) + ")"


def _year() -> str:
    """The evaluation year as a number (an error when blank or not a number, which leaves every
    target blank, as the core does without a year)."""
    info = L.THONG_TIN
    return (f'--(""&INDEX({column(info, 2, 1, 40)},MATCH({_text(L.L_NAM)},{column(info, 1, 1, 40)},0)))')


# --- the shares -------------------------------------------------------------------------------

def _recognised_and_totals(rules: RuleSet) -> tuple[list[str], list[str]]:
    """Per share code (layout order): the numerator and the denominator as scalar expressions."""
    g = geometry(rules)
    ok = _text(L.RESULT_TRUE)
    kq = {key: _result_column(g[key]) for key in ("cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi")}
    unit = _input_column(g["cong_dan"], "Đơn vị công tác")
    digital = _input_column(g["cong_dan"], "Kỹ năng số")
    staff = _input_column(g["don_vi"], L.DON_VI_HEADERS[2])
    read = "{" + f"{ok},{_text(L.RESULT_FALSE)}" + "}"
    yes = "{" + ",".join(_text(t) for t in YES_WORDS) + "}"
    got = {
        "GIA_DINH": f"COUNTIF({kq['gia_dinh']},{ok})",
        "DONG_HO": f"COUNTIF({kq['dong_ho']},{ok})",
        "CONG_DONG": f"COUNTIF({kq['cong_dong']},{ok})",
        "DON_VI": f"COUNTIF({kq['don_vi']},{ok})",
        "CONG_DAN_CONG_DONG": f'COUNTIFS({kq["cong_dan"]},{ok},{unit},"")',
        "CONG_DAN_DON_VI": f'COUNTIFS({kq["cong_dan"]},{ok},{unit},"<>")',
        "KY_NANG_SO": f"SUM(({kq['cong_dan']}={ok})*ISNUMBER(MATCH(TRIM({digital}),{yes},0)))",
    }
    total = {
        "GIA_DINH": f"SUM({_by_thon_column('Tổng số hộ')})",
        "DONG_HO": f"SUM({_by_thon_column('Dòng họ')})",
        "CONG_DONG": f'COUNTIF({_by_thon_column("Thôn/TDP")},"?*")',
        "DON_VI": f"SUM(COUNTIF({kq['don_vi']},{read}))",
        "CONG_DAN_CONG_DONG": f"SUM({_by_thon_column('Người lao động')})",
        "CONG_DAN_DON_VI": f'SUM(SUMIFS({staff},{kq["don_vi"]},{read},{staff},">=0"))',
        "KY_NANG_SO": f"COUNTIF({kq['cong_dan']},{ok})",
    }
    return [got[c] for c in L.SHARE_CODES], [total[c] for c in L.SHARE_CODES]


_OVER_THON = ("GIA_DINH", "DONG_HO", "CONG_DONG", "CONG_DAN_CONG_DONG")
"""The shares whose denominators are the thôn's totals (the by-thôn table)."""


def _target() -> str:
    """The 7×1 targets of the evaluation year (an error where a share has none)."""
    first_row = L.HEADER_ROW + 1
    last_row = L.HEADER_ROW + len(L.SHARE_CODES)
    heads = columns(L.CHI_TIEU, 3, 2 + TARGET_YEAR_COLUMNS, L.HEADER_ROW, L.HEADER_ROW)
    values = columns(L.CHI_TIEU, 3, 2 + TARGET_YEAR_COLUMNS, first_row, last_row)
    year = _year()
    key = f"IF({heads}>={year},{heads},{_FAR}-{heads})"
    filled = f"ISNUMBER({values})*({values}>=0)*({values}<=100)*({heads}>=1990)*({heads}<=2100)"
    better = f"--(TRANSPOSE({key})<{key})"
    chosen = f"{filled}*(MMULT({filled},{better})=0)"
    k = ones(TARGET_YEAR_COLUMNS)
    value = f"MMULT(IF({chosen},IF({values}>1,{values}/100,{values}),0),{k})"
    return f"{value}/(MMULT({filled},{k})>0)"


def compile_shares(rules: RuleSet) -> str:
    """The 7 × 6 block ``Số đạt, Tổng số, Tỷ lệ, Chỉ tiêu, Đạt chỉ tiêu, Chênh lệch (điểm %)``."""
    got_items, total_items = _recognised_and_totals(rules)
    got, total, target = _vertical(got_items), _vertical(total_items), _target()
    ratio = f"{got}/{total}"
    block = ("CHOOSE({1,2,3,4,5,6}," + f"{got},{total},IFERROR({ratio},\"\"),IFERROR({target},\"\"),"
             f"IFERROR(IF({ratio}>={target},{_text(L.RESULT_TRUE)},{_text(L.RESULT_FALSE)}),\"\"),"
             f"IFERROR(ROUND(({ratio}-{target})*100,2),\"\"))")
    check = _text(CHECK_WITH_HOCTAP)
    over_thon = "{" + ";".join("1" if c in _OVER_THON else "0" for c in L.SHARE_CODES) + "}"
    r0, c0, r1, c1 = tong_hop_blocks()["theo_thon"]
    by_thon = columns(L.TONG_HOP, c0 + 1, c1 + 1, r0 + 1, r1 + 1)
    irregular = f"COUNTIF({by_thon},{check})*{over_thon}"
    codes = column(L.CHI_TIEU, 1, L.HEADER_ROW + 1, L.HEADER_ROW + len(L.SHARE_CODES))
    code_list = "{" + ";".join(_text(c) for c in L.SHARE_CODES) + "}"
    heads = columns(L.CHI_TIEU, 3, 2 + TARGET_YEAR_COLUMNS, L.HEADER_ROW, L.HEADER_ROW)
    values = columns(L.CHI_TIEU, 3, 2 + TARGET_YEAR_COLUMNS, L.HEADER_ROW + 1, L.HEADER_ROW + len(L.SHARE_CODES))
    typed = f"MMULT(ISTEXT({values})*({heads}>=1990)*({heads}<=2100),{ones(TARGET_YEAR_COLUMNS)})"
    unread = f"((SUM(--({codes}={code_list}))<{len(L.SHARE_CODES)})+{typed})*{{0,0,0,1,1,1}}"
    return f"IF({irregular}+{unread},{check},{block})"


# --- the by-thôn table ----------------------------------------------------------------------------

def compile_by_thon(rules: RuleSet) -> str:
    """The by-thôn block (layout.BY_THON_HEADERS), one row per row of ``Thôn - TDP``."""
    g = geometry(rules)
    thon = g["thon"]
    name_h, hh_h, clan_h, workers_h, _ = L.THON_HEADERS
    names = _input_column(thon, name_h)
    name = f"TRIM({names})"
    offset = f"ROW({names})-{thon.first_data_row - 1}"
    valid = f'IF({name}<>"",--(MATCH({name},{name},0)={offset}),0)'
    irregular = f"(MAX({valid}*({offset}))>SUM({valid}))"

    def count(header: str) -> str:
        """A denominator as the core reads it: a whole number ≥ 0, else blank; text it may read
        as a number (``"1.385"``) is left to the core."""
        x = _input_column(thon, header)
        return f'IF(ISNUMBER({x}),IF(({x}>=0)*({x}=INT({x})),{x},""),IF(TRIM({x})="","",{check}))'

    ok, no, check = _text(L.RESULT_TRUE), _text(L.RESULT_FALSE), _text(CHECK_WITH_HOCTAP)

    def recognised(key: str, extra: str = "", verdict: str = ok) -> str:
        """Per thôn, the rows of model ``key`` naming it (spaces as TRIM reads them, any case) whose
        Kết quả is ``verdict``: a thôn × rows matrix of matches times the rows' 0/1 column."""
        t = g[key]
        matches = f"--(TRIM(TRANSPOSE({_input_column(t, 'Thôn/TDP')}))={name})"
        return f"MMULT({matches},--({_result_column(t)}={verdict}){extra})"  # Excel's MMULT takes no TRUE

    households, workers = count(hh_h), count(workers_h)
    hh_ok = recognised("gia_dinh")
    citizens = recognised("cong_dan", f'*({_input_column(g["cong_dan"], "Đơn vị công tác")}="")')
    community = f'IF({recognised("cong_dong")},{ok},IF({recognised("cong_dong", verdict=no)},{no},""))'
    block = ("CHOOSE({1,2,3,4,5,6,7,8,9,10}," + f"{name},{households},{hh_ok},IFERROR({hh_ok}/{households},\"\"),"
             f"{count(clan_h)},{recognised('dong_ho')},{workers},{citizens},IFERROR({citizens}/{workers},\"\"),"
             f"{community})")
    return f'IF({irregular},IF({name}<>"",{_text(CHECK_WITH_HOCTAP)},""),IF({valid},{block},""))'


# --- the TT 25 level ---------------------------------------------------------------------------------

def compile_level(rules: RuleSet) -> str:
    """The commune's level (``Mức độ 2 (Tốt)``, ``Mức độ 1 (Khá)``, ``Chưa đạt``) from the checklist of
    ``CĐHT cấp xã``; a plain (not array) formula, so every array is inside SUMPRODUCT."""
    g = geometry(rules)["cap_xa"]
    cols = [_input_column(g, h) for h in L.CAP_XA_HEADERS]
    rows = f'SUMPRODUCT(--(TRIM({"&".join(cols)})<>""))'
    yes = "{" + ",".join(_text(t) for t in YES_WORDS) + "}"

    def marks(header: str) -> str:
        return f"SUMPRODUCT(--ISNUMBER(MATCH(TRIM({_input_column(g, header)}),{yes},0)))"

    level1, level2 = marks(L.CAP_XA_HEADERS[2]), marks(L.CAP_XA_HEADERS[3])
    two, one, none = (_text(t) for t in ("Mức độ 2 (Tốt)", "Mức độ 1 (Khá)", L.RESULT_FALSE))
    return f"IF(({rows}=0)+({level1}<{rows}),{none},IF({level2}<{rows},{one},{two}))"


COMPILERS: dict[str, Callable[[RuleSet], str | None]] = {
    "ty_le": compile_shares,
    "theo_thon": compile_by_thon,
    "cap_xa": compile_level,
}
"""Block key → its compiler."""

