"""The native formulas of the criteria models' result blocks: ``Gia đình học tập``, ``Dòng họ học
tập``, ``Cộng đồng học tập``, ``Đơn vị học tập`` (see :mod:`hoctap_xl.sheets.native`)."""

from __future__ import annotations

from collections.abc import Callable

from hoctap_xl.rules.ruleset import RuleSet

COMPILERS: dict[str, Callable[[RuleSet], str | None]] = {}
"""Block key → its compiler."""
