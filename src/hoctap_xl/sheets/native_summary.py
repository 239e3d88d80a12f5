"""The native formulas of ``Tổng hợp`` (the shares with their targets, the by-thôn table) and of the
commune's TT 25 level (see :mod:`hoctap_xl.sheets.native`)."""

from __future__ import annotations

from collections.abc import Callable

from hoctap_xl.rules.ruleset import RuleSet

COMPILERS: dict[str, Callable[[RuleSet], str | None]] = {}
"""Block key → its compiler."""
