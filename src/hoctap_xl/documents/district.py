"""The level above's report (``bao-cao-tong-hop-<năm>``): one row per counted commune, the totals
row, the communes that did not return or returned an invalid workbook, and neutral sentences."""

from __future__ import annotations

from typing import Any

from hoctap_xl.commune.results import Share
from hoctap_xl.documents.document import BLANK, DRAFT, DocumentPlan, bases, receivers
from hoctap_xl.documents.legal import programmes
from hoctap_xl.documents.model_names import SHORT_LABELS
from hoctap_xl.documents.templates import DISTRICT_REPORT
from hoctap_xl.documents.wording import share_words
from hoctap_xl.text.values import format_date_long, format_doc_number, format_percent


def _shares_row(row: dict[str, str], shares: list[Share]) -> dict[str, str]:
    """Each share as ``70,5 %`` (``✓`` where its target is met), then how many targets are met."""
    for s in shares:
        row[s.code.lower()] = "—" if s.ratio is None else format_percent(s.ratio, 1) + (" ✓" if s.met else "")
    met = [s.met for s in shares if s.met is not None]
    row["dat_chi_tieu"] = f"{sum(met)}/{len(met)}"
    return row


def _rows(communes: list[tuple[str, list[Share]]], totals: list[Share]) -> list[dict[str, str]]:
    rows = [_shares_row({"stt": str(i), "xa": name, "dam": ""}, shares)
            for i, (name, shares) in enumerate(communes, start=1)]
    rows.append(_shares_row({"stt": "", "xa": "Tổng", "dam": "1"}, totals))
    return rows


def _assessment(communes: list[tuple[str, list[Share]]], totals: list[Share], year: int) -> dict[str, list[str]]:
    """Part III: how many communes met every target, which totals met theirs and which did not."""
    all_met = sum(1 for _, shares in communes if all(s.met is not False for s in shares))
    short = {s.code: SHORT_LABELS[s.code] for s in totals}
    return {
        "uu_diem": ([f"{all_met}/{len(communes)} xã, phường đạt mọi chỉ tiêu đã đặt cho năm {year}."]
                    if all_met else [])
        + ([f"Các tỷ lệ chung đạt chỉ tiêu: {', '.join(short[s.code] for s in totals if s.met)}."]
           if any(s.met for s in totals) else [])
        or [f"Các xã, phường đã đánh giá, công nhận các mô hình học tập năm {year} theo bộ tiêu chí."],
        "han_che": [f"{len(communes) - all_met}/{len(communes)} xã, phường còn tỷ lệ chưa đạt chỉ tiêu."]
        + ([f"Các tỷ lệ chung chưa đạt chỉ tiêu: {', '.join(short[s.code] for s in totals if s.met is False)}."]
           if any(s.met is False for s in totals) else []),
    }


def district_plan(communes: list[tuple[str, list[Share]]], totals: list[Share], *, body: str, place: str,
                  year: int, invalid: list[str], kinh_gui: str = "", draft: bool = False) -> DocumentPlan:
    """The level above's report (``bao-cao-tong-hop-<năm>``): one row per counted commune (its
    shares, ✓ where its own target is met), the totals row (Σ ÷ Σ, against the level above's
    targets), the communes that did not return or returned an invalid workbook. ``body`` is the
    issuing body in capitals (``PHÒNG VĂN HÓA - XÃ HỘI``…), ``place`` the date line's place."""
    assessment = _assessment(communes, totals, year)
    ctx: dict[str, Any] = {
        "co_quan_cha": "", "co_quan_1": body, "co_quan_2": "",
        "so_ky_hieu": f"Số: {format_doc_number(None, 'BC-UBND' if body.startswith('ỦY BAN NHÂN DÂN') else 'BC')}",
        "dia_danh_ngay": f"{place}, {format_date_long(None, year)}", "du_thao": DRAFT if draft else "",
        "nam": str(year), "nam_sau": str(year + 1),
        "trich_yeu": f"Kết quả xây dựng các mô hình học tập năm {year}",
        "kinh_gui": kinh_gui or BLANK,
        "thuc_hien": bases([f"Thực hiện {q}" for q in programmes()]),
        "mo_dau": f"Tổng hợp kết quả xây dựng các mô hình học tập năm {year} của {len(communes)} xã, phường, tính "
                  "lại từ số liệu gốc trong sổ của từng xã, như sau:",
        "lanh_dao": ["Các xã, phường đã triển khai đánh giá, công nhận các mô hình học tập theo bộ tiêu chí."],
        "tong_quan": [f"Số xã, phường có sổ được tính: {len(communes)}; chưa gửi hoặc sổ chưa hợp lệ: "
                      f"{len(invalid)}."] + [share_words(s) for s in totals],
        "xa_phuong": _rows(communes, totals), "chua_hop_le": invalid or ["Không có."],
        **assessment,
        "nguyen_nhan": ["Các xã, phường rà soát nguyên nhân khi họp đánh giá."],
        "phuong_huong": [f"Tiếp tục hướng dẫn các xã, phường duy trì và nâng cao chất lượng các mô hình học "
                         f"tập năm {year + 1}."],
        "de_xuat": ["Đề nghị cấp trên tiếp tục quan tâm hướng dẫn, hỗ trợ."],
        "noi_nhan": receivers([*([kinh_gui] if kinh_gui else []), "UBND các xã, phường", "Lưu: VT"]),
        "tham_quyen": [], "chuc_vu": "", "nguoi_ky": ""}
    chart = [{"ten": SHORT_LABELS[s.code], "ty_le": s.ratio, "chi_tieu": s.target} for s in totals]
    return DocumentPlan(DISTRICT_REPORT, f"bao-cao-tong-hop-{year}.docx", (), ctx, chart)
