"""Plain-text tables for the terminal (``check``, ``results``, ``demo``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from hoctap_xl import layout as L
from hoctap_xl.commune.blocks import level_text
from hoctap_xl.commune.results import CommuneResult, Share
from hoctap_xl.findings import Finding
from hoctap_xl.sheets.cells import col_to_index
from hoctap_xl.text.values import format_number, format_percent, percent_digits


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A plain-text table with columns padded to their widest cell (``right``: right-aligned columns)."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = "  ".join(_pad(h, w, i in right) for i, (h, w) in enumerate(zip(headers, widths, strict=True)))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(_pad(c, w, i in right) for i, (c, w) in enumerate(zip(r, widths, strict=True))) for r in rows]
    return "\n".join(out)


def share_text(ratio: float | None, target: float | None) -> str:
    """A share against its target, as the terminal shows it (``70,48 % / 70 %``)."""
    if ratio is None:
        return "—"
    return format_percent(ratio, percent_digits(ratio, target))


def shares_table(shares: Sequence[Share]) -> str:
    """The shares with their targets, attainment and gap in points."""
    rows = []
    for s in shares:
        met = "—" if s.met is None else ("Đạt" if s.met else "Chưa đạt")
        gap = "" if s.gap_points is None else f"{'+' if s.gap_points >= 0 else ''}{format_number(s.gap_points, 2)}"
        rows.append([s.code, format_number(s.recognised), format_number(s.total), share_text(s.ratio, s.target),
                     "—" if s.target is None else format_percent(s.target, 0), met, gap])
    return table(["Mã", "Số đạt", "Tổng số", "Tỷ lệ", "Chỉ tiêu", "Kết quả", "Chênh (điểm %)"], rows,
                 right=(1, 2, 3, 4, 6))


def _finding_order(f: Finding) -> tuple[int, int, int, int, str]:
    """Errors first, then sheets in workbook order, then rows and columns."""
    sheet = L.VISIBLE_SHEETS.index(f.sheet) if f.sheet in L.VISIBLE_SHEETS else -1
    m = re.match(r"([A-Z]+)(\d+)$", f.cell or "")
    row, col = (int(m.group(2)), col_to_index(m.group(1))) if m else (0, 0)
    return (0 if f.is_error else 1, sheet, row, col, f.code)


def findings_table(result: CommuneResult, limit: int = 200) -> str:
    """Every finding of a commune, errors first, at most ``limit`` rows."""
    errors = sum(1 for f in result.findings if f.is_error)
    warnings = len(result.findings) - errors
    head = (f"{result.info.commune or '(chưa ghi tên xã)'} — năm {result.info.year or '(chưa ghi)'} — bộ tiêu chí "
            f"{result.rules.label}")
    if result.info.issued:
        head += f" — ngày ban hành hiểu là {result.info.issued:%d/%m/%Y}"
    if not result.findings:
        return head + "\nKhông có lỗi hay cảnh báo nào."
    ordered = sorted(result.findings, key=_finding_order)
    rows = [[f.level, f.sheet or "", f.cell or "", f.code, f.message] for f in ordered[:limit]]
    more = f"\n… và {len(result.findings) - limit} phát hiện nữa (dùng --json để xem hết)." \
        if len(result.findings) > limit else ""
    return (f"{head}\n{errors} lỗi, {warnings} cảnh báo\n"
            + table(["Mức", "Sheet", "Ô", "Mã", "Nội dung"], rows) + more)


def results_table(result: CommuneResult) -> str:
    """A commune's results in a few lines and the shares table."""
    people = result.people
    recognised = sum(p.verdict.recognised for p in people)
    excellent = sum(1 for p in people if p.title and "xuất sắc" in p.title)
    lines = [f"{result.info.commune} — năm {result.info.year} — bộ tiêu chí {result.rules.label}",
             f"Công dân học tập: {format_number(recognised)}/{format_number(len(people))} người đạt "
             f"({format_number(excellent)} tiêu biểu xuất sắc)"]
    for key, label in (("gia_dinh", "Gia đình học tập"), ("dong_ho", "Dòng họ học tập"),
                       ("cong_dong", "Cộng đồng học tập"), ("don_vi", "Đơn vị học tập")):
        rows = result.models[key]
        lines.append(f"{label}: {format_number(sum(e.verdict.recognised for e in rows))}/"
                     f"{format_number(len(rows))} đạt")
    lines.append(f"CĐHT cấp xã (TT 25/2023): {level_text(result.level)}")
    lines.append("")
    lines.append(shares_table(result.shares))
    errors = sum(1 for f in result.findings if f.is_error)
    lines.append("")
    lines.append(f"{errors} lỗi, {len(result.findings) - errors} cảnh báo (xem: hoctap-xl check).")
    return "\n".join(lines)

