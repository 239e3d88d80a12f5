"""What one document is — :class:`DocumentPlan`: template, output file, the sheets whose ``lỗi``
make it wrong, and its ready-to-print context — and the pieces of context every document of a
commune shares: the header, the signature, the Nơi nhận and Căn cứ lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hoctap_xl.documents.commune_facts import Commune
from hoctap_xl.text.values import format_doc_number

BLANK = "\u00a0" * 40
"""A value the workbook does not give, printed as room to write it by hand (NĐ 30's blanks, never a
placeholder such as "Cấp trên trực tiếp")."""
DRAFT = "DỰ THẢO"
"""The stamp on every page of a document written while a ``lỗi`` would make it wrong (``--force``)."""


@dataclass
class DocumentPlan:
    """One document to write: which template, which file, what it says."""

    template: str              # file name in templates/docx/
    file: str                  # output file name
    sheets: tuple[str, ...]    # sheets whose lỗi make it wrong
    context: dict[str, Any] = field(default_factory=dict)
    chart: list[dict[str, Any]] | None = None  # data of the shares chart, drawn by the Word edge


def header(c: Commune, number: Any, kind: str) -> dict[str, Any]:
    """The header block and the commune's names; ``du_thao`` empty (the policy stamps drafts)."""
    return {"co_quan_cha": "", "co_quan_1": "ỦY BAN NHÂN DÂN", "co_quan_2": c.full.upper(),
            "so_ky_hieu": f"Số: {format_doc_number(number, kind)}", "dia_danh_ngay": c.place_date(),
            "du_thao": "", "xa": c.full, "ten_xa": c.name, "tinh": c.province,
            "nam": str(c.year), "nam_sau": str(c.year + 1)}


def signer(c: Commune) -> dict[str, Any]:
    """The signature block of the commune's people's committee."""
    return {"tham_quyen": c.authority or ["TM. ỦY BAN NHÂN DÂN"], "chuc_vu": c.title or "CHỦ TỊCH",
            "nguoi_ky": c.signer}


def receivers(lines: list[str]) -> list[str]:
    """``- …;`` per line, the last ``- Lưu: VT, …`` ending with ``.``."""
    out = []
    for i, line in enumerate(lines):
        text = line.strip().lstrip("-–• ").rstrip(";.,")
        out.append(f"- {text}{'.' if i == len(lines) - 1 else ';'}")
    return out


def bases(items: list[str]) -> list[str]:
    """Căn cứ (or Thực hiện) lines: each ends with ``;``, the last with ``.``."""
    return [f"{item.rstrip(';.,')}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]
