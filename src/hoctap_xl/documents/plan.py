"""What each Word document of a commune says, computed in Python and ready to print (no Word
library in this room).

:func:`plan` turns a computed commune into its documents — file name, template, and a context of
plain strings, lists and dicts in which every number and date is already formatted the Vietnamese
way. Templates only place these values; they compute nothing. The pieces live beside it:
:mod:`~hoctap_xl.documents.report` (the annual report), :mod:`~hoctap_xl.documents.decisions`
(tờ trình, decisions, certificates), :mod:`~hoctap_xl.documents.district` (the level above's
report); :mod:`~hoctap_xl.documents.policy` says which ``lỗi`` stop them, and
:mod:`~hoctap_xl.documents.templates` registers the variables each template may use.
"""

from __future__ import annotations

from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.documents.decisions import certificate_plan, decision_plan, proposal_plan
from hoctap_xl.documents.document import DocumentPlan
from hoctap_xl.documents.model_names import MODEL_SLUGS
from hoctap_xl.documents.report import report_plan


def plan(result: CommuneResult, texts: dict[str, list[str]] | None = None, *,
         last_year: dict[str, float | None] | None = None) -> list[DocumentPlan]:
    """Every document of one commune: the report, then for each model with at least one
    recognised entry its tờ trình, decision and certificates."""
    texts = texts or {}
    docs = [report_plan(result, texts, last_year=last_year)]
    for model in MODEL_SLUGS:
        recognised = (any(p.verdict.recognised for p in result.people) if model == "cong_dan"
                      else any(e.verdict.recognised for e in result.models[model]))
        if recognised:
            docs += [proposal_plan(result, model), decision_plan(result, model), certificate_plan(result, model)]
    return docs


def share_ratios(result: CommuneResult) -> dict[str, float | None]:
    """Last year's shares for the comparison column."""
    return {s.code: s.ratio for s in result.shares}
