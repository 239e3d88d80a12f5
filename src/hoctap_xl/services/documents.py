"""``hoctap-xl report`` and ``check-template``: read the workbook, write its documents, tell the
user in Vietnamese what was written or why nothing was. The button ``Tạo báo cáo`` calls
:func:`documents_for` on the open workbook's sheets."""

from __future__ import annotations

import sys
from pathlib import Path

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.documents import plan as D
from hoctap_xl.findings import Finding
from hoctap_xl.formats.docx_render import Outcome, check_template, write_documents
from hoctap_xl.formats.xlsx_read import WorkbookData, load

EXIT_OK, EXIT_FINDINGS = 0, 1
SHOWN = 30


def documents_for(data: WorkbookData, out: Path, *, pdf: bool = False, force: bool = False,
                  last_year: Path | None = None, templates: str | Path | None = None,
                  result: CommuneResult | None = None) -> Outcome:
    if result is None:
        result = evaluate(data.grids, data.rules, file=data.path.name, findings=data.findings)
    before = None
    if last_year is not None:
        old = load(last_year)
        before = evaluate(old.grids, old.rules, file=old.path.name, findings=old.findings)
    texts = D.read_texts(data.grids.get(L.NOI_DUNG))
    return write_documents(result, out, texts=texts, force=force, pdf=pdf, last_year=before, templates=templates)


def where(f: Finding) -> str:
    place = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or f.file or "")
    return f"[{place}] " if place else ""


def refusal_text(outcome: Outcome) -> str:
    file = next((f.file for f, _ in outcome.refused if f.file), "")
    source = f" từ {file}" if file else ""
    lines = [f"Chưa tạo văn bản nào{source}: sổ còn {len(outcome.refused)} lỗi làm sai văn bản. Sửa các lỗi "
             "dưới đây (hoặc chạy lại với --force để có bản DỰ THẢO):"]
    for f, docs in outcome.refused[:SHOWN]:
        lines.append(f"  - {where(f)}{f.message}  → {', '.join(docs[:3])}{' …' if len(docs) > 3 else ''}")
    if len(outcome.refused) > SHOWN:
        lines.append(f"  … và {len(outcome.refused) - SHOWN} lỗi nữa (xem: hoctap-xl check).")
    return "\n".join(lines)


def make_report(workbook: Path, out: Path, *, pdf: bool = False, force: bool = False,
                last_year: Path | None = None, templates: str | Path | None = None) -> int:
    data = load(workbook)
    outcome = documents_for(data, out, pdf=pdf, force=force, last_year=last_year, templates=templates)
    if not outcome.written:
        print(refusal_text(outcome), file=sys.stderr)
        return EXIT_FINDINGS
    print(f"Đã ghi {len(outcome.written)} tệp vào {out}:")
    for path in outcome.written:
        print(f"  {path.name}")
    if outcome.draft:
        print(f"Đây là bản DỰ THẢO (--force): sổ còn {len(outcome.refused)} lỗi làm sai văn bản.", file=sys.stderr)
    if outcome.pdf_message:
        print(f"Cảnh báo: {outcome.pdf_message}", file=sys.stderr)
    return EXIT_FINDINGS if outcome.refused else EXIT_OK


def check_template_cli(path: Path, kind: str | None) -> int:
    result = check_template(path, kind)
    print(f"Mẫu {path.name} (thay cho {result.kind}):")
    if result.unknown:
        print("  Lỗi — biến hoctap-xl không cung cấp (văn bản sẽ không tạo được): " + ", ".join(result.unknown))
    if result.missing_essential:
        print("  Lỗi — thiếu biến bắt buộc (văn bản sẽ sai hoặc thiếu): " + ", ".join(result.missing_essential))
    optional = [v for v in result.missing if v not in result.missing_essential]
    if optional:
        print("  Cảnh báo — mẫu gốc có mà mẫu này không dùng (sẽ không in ra): " + ", ".join(optional))
    if result.ok:
        print("  Dùng được." + ("" if optional else " Không thiếu biến nào."))
    return EXIT_OK if result.ok else EXIT_FINDINGS
