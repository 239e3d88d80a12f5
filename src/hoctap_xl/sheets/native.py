"""Result formulas that compute without Python: each result block of the template is
``=IFERROR(HT_…(…), native)``, where *native* is an ordinary spreadsheet expression compiled from the
workbook's rule set. With the add-in the ``HT_`` function computes; without it (Excel without
Python, LibreOffice Calc, WPS) the unknown name's error falls to the native branch.

Native expressions use what Excel 2010 and LibreOffice Calc both evaluate in a legacy array formula
(SUM, MMULT, IF, AND/OR as arithmetic, COUNTIFS, SUMIFS, SUMPRODUCT, INDEX/MATCH, IFERROR, CHOOSE;
nothing that needs ``_xlfn.``, no volatile OFFSET/INDIRECT). A block's expression is one array over
all its rows: ``CHOOSE({1,2,…}, column 1, column 2, …)`` with each column an N×1 array computed
from whole input columns at once (row sums with MMULT, row minima by counting, lookups with
COUNTIFS), so its length does not grow with the rows.

This module holds the shared pieces and :func:`block_formula`; the compilers of each block live in
:mod:`~hoctap_xl.sheets.native_people` (``Công dân học tập``), :mod:`~hoctap_xl.sheets.native_models`
(households, clans, communities, units) and :mod:`~hoctap_xl.sheets.native_summary` (``Tổng hợp``
and the TT 25 level). A compiler returns ``None`` for a rule it cannot express; the block then
keeps the ``HT_`` call alone and the reason is named by :func:`native_gaps`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from hoctap_xl import layout as L
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.cells import index_to_col

MAX_LENGTH = 8192
"""Excel's limit on a formula's length (characters)."""
MAX_NESTING = 64
"""Excel's limit on nested function calls."""
CHECK_WITH_HOCTAP = "kiểm tra bằng hoctap-xl"
"""What a native cell says where formulas cannot read a row as the core does (Lý do, Kết quả)."""

Compiler = Callable[[RuleSet], "str | None"]


def quoted(sheet: str) -> str:
    """A sheet name as a formula writes it: ``'Công dân học tập'``."""
    return "'" + sheet.replace("'", "''") + "'"


def column(sheet: str, col: int, first_row: int, last_row: int) -> str:
    """An absolute one-column range: ``'Công dân học tập'!$G$4:$G$6003`` (``col`` 1-based)."""
    letter = index_to_col(col)
    return f"{quoted(sheet)}!${letter}${first_row}:${letter}${last_row}"


def columns(sheet: str, first_col: int, last_col: int, first_row: int, last_row: int) -> str:
    """An absolute block of columns (1-based, inclusive)."""
    a, b = index_to_col(first_col), index_to_col(last_col)
    return f"{quoted(sheet)}!${a}${first_row}:${b}${last_row}"


def cell(sheet: str, col: int, row: int) -> str:
    """One absolute cell (1-based)."""
    return f"{quoted(sheet)}!${index_to_col(col)}${row}"


def ones(n: int) -> str:
    """A column array of ``n`` ones: ``{1;1;1}`` (the right factor of a row sum with MMULT)."""
    return "{" + ";".join(["1"] * n) + "}"


def row_sum(block: str, width: int) -> str:
    """Each row's sum of the numbers in ``block`` (text and blanks count 0), as an N×1 array."""
    return f"MMULT(IF(ISNUMBER({block}),{block},0),{ones(width)})"


def row_count(block: str, width: int) -> str:
    """Each row's count of numbers in ``block``, as an N×1 array."""
    return f"MMULT(--ISNUMBER({block}),{ones(width)})"


def row_count_if(condition: str, width: int) -> str:
    """Each row's count of cells where the element-wise ``condition`` (over a block) holds."""
    return f"MMULT(--({condition}),{ones(width)})"


def row_min_int(block: str, width: int, low: int, high: int) -> str:
    """Each row's smallest integer in ``low..high`` among the numbers of ``block`` (rows without one
    give ``high + 1``): ``low`` plus the count of ``k`` below which no cell lies — exact, and
    without a row-wise MIN, which a legacy array formula cannot do."""
    numbers = f"IF(ISNUMBER({block}),{block},{high + 1})"
    terms = "+".join(f"({row_count_if(f'{numbers}<={k}', width)}=0)" for k in range(low, high + 1))
    return f"({low}+{terms})"


def choose(columns_: Sequence[str]) -> str:
    """A multi-column block from N×1 column arrays: ``CHOOSE({1,2,…},c1,c2,…)``."""
    index = "{" + ",".join(str(i) for i in range(1, len(columns_) + 1)) + "}"
    return f"CHOOSE({index},{','.join(columns_)})"


def nesting(formula: str) -> int:
    """The deepest nesting of parentheses in ``formula`` (outside string literals)."""
    depth = deepest = 0
    in_text = False
    for ch in formula:
        if ch == '"':
            in_text = not in_text
        elif not in_text and ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif not in_text and ch == ")":
            depth -= 1
    return deepest


def _compilers() -> dict[str, Compiler]:
    from hoctap_xl.sheets import native_models, native_people, native_summary

    return {"cong_dan": native_people.compile_people, **native_models.COMPILERS, **native_summary.COMPILERS}


def native(key: str, rules: RuleSet) -> str | None:
    """The native expression of block ``key`` under ``rules``, or None where there is none (no
    compiler, a rule formulas cannot express, or past Excel's length or nesting limits)."""
    compiler = _compilers().get(key)
    expression = compiler(rules) if compiler else None
    if expression is None:
        return None
    wrapped = f"IFERROR({L.FORMULAS[key]},{expression})"
    if len(wrapped) + 1 > MAX_LENGTH or nesting(wrapped) > MAX_NESTING:
        return None
    return expression


def block_formula(key: str, rules: RuleSet) -> str:
    """The formula of block ``key`` (without ``=``): ``IFERROR(HT_…(…), native)``, or the ``HT_``
    call alone where there is no native expression."""
    expression = native(key, rules)
    return L.FORMULAS[key] if expression is None else f"IFERROR({L.FORMULAS[key]},{expression})"


def native_gaps(rules: RuleSet) -> dict[str, str]:
    """Blocks without a native expression under ``rules`` → why (shown on ``Bộ tiêu chí``)."""
    out = {}
    for key in L.FORMULAS:
        if native(key, rules) is None:
            compiler = _compilers().get(key)
            out[key] = "chưa có công thức thay thế" if compiler is None else "quy tắc công thức không diễn đạt được"
    return out


_HT_CALL = re.compile(r"(?<![A-Za-z0-9_.])(HT_[A-Z_]+)\s*\(", re.IGNORECASE)
_BLOCK_OF_FUNCTION = {formula.split("(")[0]: key for key, formula in L.FORMULAS.items()}


def block_key(formula: str) -> str | None:
    """Which result block a cell's formula computes: the first ``HT_`` block function called anywhere
    in it, in any case (``=IFERROR(HT_CONG_DAN(…),…)``, Calc's ``=ht_cong_dan(…)``), or None."""
    for match in _HT_CALL.finditer(formula):
        key = _BLOCK_OF_FUNCTION.get(match.group(1).upper())
        if key is not None:
            return key
    return None
