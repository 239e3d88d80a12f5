"""``hoctap-xl report`` and ``check-template``: tell the user in Vietnamese what was written or why
nothing was, with the exit codes of :mod:`hoctap_xl.errors`."""

from __future__ import annotations

import sys
from pathlib import Path

from hoctap_xl.documents.policy import SHOWN, refusal_text, where
from hoctap_xl.errors import EXIT_FINDINGS, EXIT_OK
from hoctap_xl.formats.docx_render import check_template
from hoctap_xl.formats.xlsx_read import load
from hoctap_xl.services.documents import documents_for


def make_report(workbook: Path, out: Path, *, pdf: bool = False, force: bool = False,
                last_year: Path | None = None, templates: str | Path | None = None) -> int:
    """``hoctap-xl report``: the workbook's documents into ``out``; exit 1 while a ``lỗi`` refuses
    or drafts them."""
    data = load(workbook)
    outcome = documents_for(data, out, pdf=pdf, force=force, last_year=last_year, templates=templates)
    if not outcome.written:
        print(refusal_text(outcome), file=sys.stderr)
        return EXIT_FINDINGS
    print(f"Đã ghi {len(outcome.written)} tệp vào {out}:")
    for path in outcome.written:
        print(f"  {path.name}")
    for f in outcome.warnings[:SHOWN]:
        print(f"Cảnh báo: {where(f)}{f.message}", file=sys.stderr)
    if len(outcome.warnings) > SHOWN:
        print(f"Cảnh báo: … và {len(outcome.warnings) - SHOWN} giấy công nhận nữa như vậy.", file=sys.stderr)
    if outcome.draft:
        print(f"Đây là bản DỰ THẢO (--force): sổ còn {len(outcome.refused)} lỗi làm sai văn bản.", file=sys.stderr)
    if outcome.pdf_message:
        print(f"Cảnh báo: {outcome.pdf_message}", file=sys.stderr)
    return EXIT_FINDINGS if outcome.refused else EXIT_OK


def check_template_cli(path: Path, kind: str | None) -> int:
    """``hoctap-xl check-template``: what a (province's) template lacks or adds; exit 1 if unusable."""
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
