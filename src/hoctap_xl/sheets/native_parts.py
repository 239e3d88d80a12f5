"""The pieces native result formulas are built from (see :mod:`hoctap_xl.sheets.native`): quoted
ranges, literal texts, row sums and counts with MMULT, a row minimum by counting, a multi-column
block from columns, and Excel's limits. The compilers of each block import these; the dispatcher in
:mod:`hoctap_xl.sheets.native` imports the compilers.
"""

from __future__ import annotations

from collections.abc import Sequence

from hoctap_xl.sheets.cells import index_to_col

MAX_LENGTH = 8192
"""Excel's limit on a formula's length (characters)."""
MAX_NESTING = 64
"""Excel's limit on nested function calls."""
YES_WORDS = ("có", "co", "x", "true", "1", "yes", "đạt", "dat", "v", "✓", "✔")
"""What the core reads as Có (``text.values``); MATCH compares without case, TRIM makes 1 and TRUE text."""
CHECK_WITH_HOCTAP = "kiểm tra bằng hoctap-xl"
"""What a native cell says where formulas cannot read a row as the core does (Lý do, Kết quả)."""

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




def text(value: str) -> str:
    """A formula string literal: ``"Đạt"`` (quotes doubled)."""
    return '"' + value.replace('"', '""') + '"'
