"""The documents job, shared by the Excel button ``Tạo báo cáo`` and ``hoctap-xl report`` (and the
demo): read the workbook's facts once, plan its documents, apply the policy (a ``lỗi`` blocks
them, or ``--force`` writes them as DỰ THẢO), write what may be written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.documents.commune_facts import read_texts
from hoctap_xl.documents.plan import plan, share_ratios
from hoctap_xl.documents.policy import Refusals, decide
from hoctap_xl.findings import Finding
from hoctap_xl.formats.docx_render import template_dir, write_documents
from hoctap_xl.formats.xlsx_read import WorkbookData, load


@dataclass
class Outcome:
    """What the job did: the files written, the refusing ``lỗi``, whether they are drafts."""

    written: list[Path] = field(default_factory=list)
    refused: Refusals = field(default_factory=list)
    draft: bool = False
    pdf_message: str = ""
    warnings: list[Finding] = field(default_factory=list)
    """``cảnh báo`` only the documents raise (a certificate without Ông/Bà…), shown, never blocking."""

    @property
    def ok(self) -> bool:
        """No ``lỗi`` makes a document wrong."""
        return not self.refused


def documents_for(data: WorkbookData, out: Path, *, pdf: bool = False, force: bool = False,
                  last_year: Path | None = None, templates: str | Path | None = None,
                  result: CommuneResult | None = None) -> Outcome:
    """Every document of the workbook ``data`` into ``out`` (``result`` when the caller has already
    computed it; ``last_year`` a workbook of the year before, for the comparison columns)."""
    if result is None:
        result = evaluate_workbook(data)
    before = None
    if last_year is not None:
        old = load(last_year)
        before = evaluate_workbook(old)
    texts = read_texts(data.grids.get(L.NOI_DUNG))
    return write_commune_documents(result, out, texts=texts, force=force, pdf=pdf, last_year=before,
                                   templates=templates)


def write_commune_documents(result: CommuneResult, out: Path, *, texts: dict[str, list[str]] | None = None,
                            force: bool = False, pdf: bool = False, last_year: CommuneResult | None = None,
                            templates: str | Path | None = None) -> Outcome:
    """Every document of a computed commune into ``out``: nothing while a ``lỗi`` would make one
    wrong, unless ``force`` — then every page says DỰ THẢO."""
    folder = template_dir(templates)
    plans = plan(result, texts, last_year=share_ratios(last_year) if last_year is not None else None)
    decision = decide(result, plans, force=force)
    if not decision.documents:
        return Outcome(refused=decision.refused)
    written = write_documents(decision.documents, out, folder, pdf=pdf)
    return Outcome(written=written.files, refused=decision.refused, draft=decision.draft,
                   pdf_message=written.pdf_message, warnings=decision.warnings)
