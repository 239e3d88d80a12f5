"""The rule "a ``lỗi`` blocks a document": which documents a workbook's findings make wrong, what
is written then (nothing, or with ``--force`` every document stamped DỰ THẢO), and the text that
tells the official why nothing was written. Pure: the service applies it, the Word edge only
writes what it is given."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Protocol

from hoctap_xl import layout as L
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.documents.addressing import honorific
from hoctap_xl.documents.document import DRAFT, DocumentPlan
from hoctap_xl.findings import Finding, finding

SHOWN = 30
"""How many refusing findings the refusal text lists (the rest: ``hoctap-xl check``)."""

Refusals = list[tuple[Finding, list[str]]]
"""Each ``lỗi`` that makes documents wrong, with those documents' file names."""


def document_findings(result: CommuneResult, file: str | None = None) -> list[Finding]:
    """Facts only the documents need: who signs, with what authority, for which year (``lỗi``);
    a recognised person whose certificate cannot say Ông or Bà (``cảnh báo``)."""
    info, out = result.info, []
    for label, what in ((L.L_NGUOI_KY, "họ tên người ký"), (L.L_CHUC_VU, "chức vụ người ký"),
                        (L.L_THAM_QUYEN, "thẩm quyền ký (vd. TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH)"),
                        (L.L_XA, "tên xã/phường"), (L.L_NAM, "năm đánh giá")):
        if not info.text(label):
            out.append(finding("van-ban-thieu-thong-tin", sheet=L.THONG_TIN, cell=info.cells.get(label), file=file,
                               what=what, label=label))
    for p in result.people:
        if p.verdict.recognised and not honorific(p.person.sex):
            out.append(finding("van-ban-thieu-gioi-tinh", sheet=L.CONG_DAN, cell=p.person.name_cell, file=file,
                               name=p.person.name, row=p.person.row))
    return out


def blocking(findings: list[Finding], documents: list[DocumentPlan]) -> Refusals:
    """Each ``lỗi`` with the documents it would make wrong: information, thôn and rule set reach
    every document; a model's sheet reaches that model's documents and the report; targets and
    the commune checklist reach the report."""
    out = []
    for f in findings:
        if not f.is_error:
            continue
        hit = [d.file for d in documents if f.sheet in d.sheets or f.sheet is None
               or f.sheet in (L.THONG_TIN, L.THON, L.BO_TIEU_CHI)]
        if hit:
            out.append((f, hit))
    return out


@dataclass
class Decision:
    """What to do with a commune's planned documents."""

    documents: list[DocumentPlan]
    """What to write: every plan (stamped DỰ THẢO when ``draft``), or none while refused."""
    refused: Refusals = field(default_factory=list)
    draft: bool = False
    warnings: list[Finding] = field(default_factory=list)
    """The documents' own ``cảnh báo`` (they never refuse anything)."""


def stamped(plans: list[DocumentPlan]) -> list[DocumentPlan]:
    """The plans with DỰ THẢO on every page."""
    return [dataclasses.replace(p, context={**p.context, "du_thao": DRAFT}) for p in plans]


def decide(result: CommuneResult, plans: list[DocumentPlan], *, force: bool = False) -> Decision:
    """Refuse every document (write nothing) while a ``lỗi`` — of the workbook, or a fact only the
    documents need — would make one wrong; with ``force`` write them all as DỰ THẢO instead."""
    own = document_findings(result, result.findings[0].file if result.findings else None)
    refused = blocking(result.findings + own, plans)
    warnings = [f for f in own if not f.is_error]
    if refused and not force:
        return Decision([], refused, warnings=warnings)
    return Decision(stamped(plans) if force else plans, refused, draft=force, warnings=warnings)


def where(f: Finding) -> str:
    """``[Sheet!A1] `` (or the sheet, or the file) before a finding's message; empty when nowhere."""
    place = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or f.file or "")
    return f"[{place}] " if place else ""


class Refused(Protocol):
    """Anything that carries the refusing findings (a :class:`Decision`, the service's outcome)."""

    @property
    def refused(self) -> Refusals:
        """Each refusing ``lỗi`` with the documents it makes wrong."""


def refusal_text(outcome: Refused) -> str:
    """Why nothing was written: the refusing ``lỗi`` (at most :data:`SHOWN`), each with where it is
    and the documents it makes wrong."""
    file = next((f.file for f, _ in outcome.refused if f.file), "")
    source = f" từ {file}" if file else ""
    lines = [f"Chưa tạo văn bản nào{source}: sổ còn {len(outcome.refused)} lỗi làm sai văn bản. Sửa các lỗi "
             "dưới đây (hoặc chạy lại với --force để có bản DỰ THẢO):"]
    for f, docs in outcome.refused[:SHOWN]:
        lines.append(f"  - {where(f)}{f.message}  → {', '.join(docs[:3])}{' …' if len(docs) > 3 else ''}")
    if len(outcome.refused) > SHOWN:
        lines.append(f"  … và {len(outcome.refused) - SHOWN} lỗi nữa (xem: hoctap-xl check).")
    return "\n".join(lines)
