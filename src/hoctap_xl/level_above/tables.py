"""The level above's tables as plain rows — ``Tổng hợp``, ``Phát hiện``, ``Tệp``, one per model, the
merged communes — shared by the summary workbook and the district workbook's button."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.results import Share
from hoctap_xl.documents.model_names import SHORT_LABELS
from hoctap_xl.level_above.files import COUNTED, Aggregate, FileResult

SUMMARY, FINDINGS, FILES, MERGED = "Tổng hợp", "Phát hiện", "Tệp", "Xã sau sáp nhập"
"""The summary's sheet names."""


@dataclass
class SheetTable:
    """One output sheet: title, header, rows of plain values, each column's kind
    (``text``, ``int``, ``pct``) and width; ``total`` marks a last row printed in bold."""

    sheet: str
    title: str
    heads: list[str]
    kinds: list[str]
    widths: list[float]
    rows: list[list[Any]]
    total: bool = False
    note: str = ""


def _met(s: Share) -> str:
    return "—" if s.met is None else ("Đạt" if s.met else "Chưa đạt")


def _share_columns(lead: list[tuple[str, str, float]]) -> tuple[list[str], list[str], list[float]]:
    heads, kinds, widths = [h for h, _, _ in lead], [k for _, k, _ in lead], [w for _, _, w in lead]
    for code in L.SHARE_CODES:
        heads += [f"{SHORT_LABELS[code]}: số đạt", "tổng số", "tỷ lệ", "chỉ tiêu", "đánh giá"]
        kinds += ["int", "int", "pct", "pct", "text"]
        widths += [9.0, 9.0, 8.0, 8.0, 9.0]
    return heads, kinds, widths


def _share_values(shares: list[Share]) -> list[Any]:
    out: list[Any] = []
    for s in shares:
        out += [s.recognised, s.total, s.ratio, s.target, _met(s)]
    return out


def summary_table(agg: Aggregate) -> SheetTable:
    """``Tổng hợp``: one row per counted commune, every share, and the totals row."""
    heads, kinds, widths = _share_columns([("STT", "int", 5.0), ("Xã/phường", "text", 22.0), ("Mã", "text", 8.0)])
    rows: list[list[Any]] = [[i, f.commune, f.code, *_share_values(f.shares)]
                             for i, f in enumerate(agg.counted, start=1)]
    rows.append([None, "Tổng", "", *_share_values(agg.totals)])
    note = (f"{len(agg.counted)} xã/phường được tính, {len(agg.files) - len(agg.counted)} tệp không tính (xem sheet "
            f"{FILES}). Tỷ lệ tổng = tổng số đạt ÷ tổng mẫu số (không lấy trung bình các tỷ lệ); mỗi xã so với chỉ "
            "tiêu của chính xã, dòng tổng so với chỉ tiêu của cấp trên.")
    return SheetTable(SUMMARY, f"TỔNG HỢP KẾT QUẢ XÂY DỰNG CÁC MÔ HÌNH HỌC TẬP NĂM {agg.year or ''} — cấp {agg.tier}",
                      heads, kinds, widths, rows, total=True, note=note)


def findings_table(agg: Aggregate) -> SheetTable:
    """``Phát hiện``: every finding, errors first."""
    ordered = sorted(agg.all_findings, key=lambda f: (0 if f.is_error else 1, f.file or "", f.sheet or ""))
    rows = [[i, f.file or "", f.sheet or "", f.cell or "", f.code, f.level, f.message]
            for i, f in enumerate(ordered, start=1)]
    return SheetTable(FINDINGS, "PHÁT HIỆN (lỗi trước, rồi cảnh báo)",
                      ["STT", "Tệp", "Sheet", "Ô", "Mã", "Mức", "Nội dung"],
                      ["int", "text", "text", "text", "text", "text", "text"],
                      [5.0, 30.0, 18.0, 7.0, 18.0, 9.0, 80.0], rows)


def _why(f: FileResult) -> str:
    if f.reason:
        return f.reason
    if f.status == COUNTED:
        return "" if not f.rows_rejected else f"{f.rows_rejected} dòng bị loại (xem sheet {FINDINGS})"
    return next((x.message for x in f.findings if x.code in ("trung-xa", "nam-khac")), "")


def files_table(agg: Aggregate) -> SheetTable:
    """``Tệp``: every file of the folder, with its rows read, counted, rejected and status."""
    rows: list[list[Any]] = []
    for i, f in enumerate(agg.files, start=1):
        errors = sum(x.is_error for x in f.findings)
        rows.append([i, f.file, f.commune, f.code, f.year or "", f.template, f.rules, f.rows_read, f.rows_counted,
                     f.rows_rejected, errors, len(f.findings) - errors, f.status, _why(f)])
    for name in agg.skipped:
        rows.append([len(rows) + 1, name, "", "", "", "", "", None, None, None, None, None, "bỏ qua",
                     "không phải sổ Excel"])
    return SheetTable(FILES, "CÁC TỆP TRONG THƯ MỤC",
                      ["STT", "Tệp", "Xã/phường", "Mã", "Năm", "Mẫu sổ", "Bộ tiêu chí", "Dòng đọc", "Dòng tính",
                       "Dòng loại", "Lỗi", "Cảnh báo", "Trạng thái", "Lý do"],
                      ["int", "text", "text", "text", "text", "text", "text", "int", "int", "int", "int", "int",
                       "text", "text"],
                      [5.0, 34.0, 18.0, 8.0, 7.0, 9.0, 22.0, 9.0, 9.0, 9.0, 7.0, 9.0, 14.0, 50.0], rows)


def model_table(agg: Aggregate, key: str) -> SheetTable:
    """One model's sheet: registered and recognised by commune."""
    rows: list[list[Any]] = []
    total = [0, 0]
    for i, f in enumerate(agg.counted, start=1):
        registered, recognised = f.counts.get(key, (0, 0))
        total[0] += registered
        total[1] += recognised
        rows.append([i, f.commune, f.code, registered, recognised, recognised / registered if registered else None])
    rows.append([None, "Tổng", "", total[0], total[1], total[1] / total[0] if total[0] else None])
    return SheetTable(L.MODEL_NAMES[key], f"{L.MODEL_NAMES[key].upper()} THEO XÃ",
                      ["STT", "Xã/phường", "Mã", "Số đăng ký (dòng được tính)", "Số được công nhận",
                       "Tỷ lệ công nhận / đăng ký"], ["int", "text", "text", "int", "int", "pct"],
                      [5.0, 24.0, 8.0, 14.0, 14.0, 14.0], rows, total=True)


def merged_table(agg: Aggregate) -> SheetTable:
    """``Xã sau sáp nhập``: the merged communes added up under their new code."""
    heads, kinds, widths = _share_columns([("STT", "int", 5.0), ("Xã mới", "text", 22.0), ("Mã mới", "text", 8.0),
                                           ("Từ các mã cũ", "text", 18.0)])
    rows = [[i, m.commune, m.code, ", ".join(m.parts), *_share_values(m.shares)]
            for i, m in enumerate(agg.merged, start=1)]
    return SheetTable(MERGED, "CỘNG THEO XÃ MỚI (sáp nhập 2025; chỉ tiêu của cấp trên)", heads, kinds, widths, rows)


def tables(agg: Aggregate) -> list[SheetTable]:
    """Every table of the summary, in sheet order."""
    out = [summary_table(agg), findings_table(agg), files_table(agg)] + [model_table(agg, k) for k in L.MODELS]
    return out + ([merged_table(agg)] if agg.merged else [])
