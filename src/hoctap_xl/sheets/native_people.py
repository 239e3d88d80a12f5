"""The native formulas of the ``Công dân học tập`` result block (see :mod:`hoctap_xl.sheets.native`)."""

from __future__ import annotations

from hoctap_xl.rules.ruleset import RuleSet


def compile_people(rules: RuleSet) -> str | None:
    """The block ``Tổng điểm``, ``Điểm thấp nhất``, ``Ngưỡng``, ``Kết quả``, ``Lý do``, ``Danh hiệu``
    as one native array expression, or None where the rule set asks what formulas cannot say."""
    return None
