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

The shared pieces are in :mod:`~hoctap_xl.sheets.native_parts`; this module holds
:func:`block_formula`; the compilers of each block live in
:mod:`~hoctap_xl.sheets.native_people` (``Công dân học tập``), :mod:`~hoctap_xl.sheets.native_models`
(households, clans, communities, units) and :mod:`~hoctap_xl.sheets.native_summary` (``Tổng hợp``
and the TT 25 level). A compiler returns ``None`` for a rule it cannot express; the block then
keeps the ``HT_`` call alone and the reason is named by :func:`native_gaps`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hoctap_xl import layout as L
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.native_parts import CHECK_WITH_HOCTAP, MAX_LENGTH, MAX_NESTING, nesting

Compiler = Callable[[RuleSet], "str | None"]


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


__all__ = ["CHECK_WITH_HOCTAP", "MAX_LENGTH", "MAX_NESTING", "block_formula", "block_key", "native", "native_gaps",
           "nesting"]
