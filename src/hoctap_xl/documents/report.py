"""The commune's annual report (``bao-cao-<năm>``): parts I–V, the by-thôn tables of part II,
the shares against the year's targets (and last year's, when given), the chart's data and next
year's targets. Neutral sentences stand wherever the official wrote no text of their own."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.results import CommuneResult, Share
from hoctap_xl.documents.commune_facts import Commune, commune_of
from hoctap_xl.documents.document import BLANK, DocumentPlan, bases, header, receivers, signer
from hoctap_xl.documents.legal import circular_25, plan_bases, programmes
from hoctap_xl.documents.lists import decided_elsewhere, is_excellent
from hoctap_xl.documents.model_names import SHARE_MODEL, SHORT_LABELS
from hoctap_xl.documents.templates import REPORT
from hoctap_xl.documents.wording import place_row, share_row, share_words
from hoctap_xl.rules.targets import resolve
from hoctap_xl.text.values import format_number, format_percent


def _by_thon_rows(result: CommuneResult, share: Share) -> list[dict[str, str]]:
    """Per thôn: total, registered, recognised, share, target, met, gap; then the commune."""
    registered: Counter[str] = Counter()
    model = SHARE_MODEL.get(share.code)
    if model in ("gia_dinh", "dong_ho"):
        registered.update(e.entity.thon.key for e in result.models[model] if e.entity.thon)
    rows = []
    for t in result.by_thon:
        th = t.thon
        if model == "gia_dinh":
            total, got = th.households, t.households_recognised
        elif model == "dong_ho":
            total, got = th.clans, t.clans_recognised
        else:
            total, got = th.workers, t.citizens_recognised
            registered[th.key] = sum(1 for p in result.people if p.person.unit is None and p.person.thon is not None
                                     and p.person.thon.key == th.key)
        ratio = got / total if total else None
        rows.append(place_row(th.name, total, registered[th.key], got, ratio, share.target))
    rows.append(place_row("Toàn " + commune_of(result).kind, share.total, sum(registered.values()),
                          share.recognised, share.ratio, share.target, bold=True))
    return rows


def _sections(result: CommuneResult) -> list[dict[str, Any]]:
    """Part II: one subsection per model, each a sentence and a table."""
    by_code = {s.code: s for s in result.shares}
    out = []
    for n, (code, heading) in enumerate((("GIA_DINH", "Gia đình học tập"), ("DONG_HO", "Dòng họ học tập"),
                                         ("CONG_DAN_CONG_DONG", "Công dân học tập trong gia đình, dòng họ, "
                                                                "cộng đồng")), start=1):
        out.append({"tieu_de": f"{n}. {heading}", "doan": [share_words(by_code[code])],
                    "cot_tong": {"GIA_DINH": "Tổng số hộ", "DONG_HO": "Tổng số dòng họ"}.get(code, "Số người lao động"),
                    "dong": _by_thon_rows(result, by_code[code])})
    return out


def _level_sentence(result: CommuneResult) -> str:
    """Part II.7: the commune's self-assessment against Thông tư 25/2023/TT-BGDĐT."""
    level = {2: "Mức độ 2", 1: "Mức độ 1"}.get(result.level)
    l1 = sum(1 for c in result.checklist if c.level1)
    l2 = sum(1 for c in result.checklist if c.level2)
    return (f"Theo Thông tư 25/2023/TT-BGDĐT, {commune_of(result).full} tự đánh giá đạt {l1}/{len(result.checklist)} "
            f"chỉ tiêu mức 1 và {l2}/{len(result.checklist)} chỉ tiêu mức 2, "
            + (f"đạt {level} xây dựng cộng đồng học tập cấp xã." if level else
               "chưa đạt mức độ xây dựng cộng đồng học tập cấp xã."))


def _other_paragraphs(result: CommuneResult) -> list[dict[str, Any]]:
    """Part II continued: community, units, CDHT in units, by nhóm, digital skills, TT 25 level."""
    by_code = {s.code: s for s in result.shares}
    groups = Counter(p.person.group for p in result.people)
    got = Counter(p.person.group for p in result.people if p.verdict.recognised)
    nhom = "; ".join(f"nhóm {g}: {format_number(got[g])}/{format_number(groups[g])} người đăng ký được công nhận"
                     for g in sorted(k for k in groups if k in (1, 2, 3)))
    excellent = sum(1 for p in result.people if is_excellent(p))
    return [
        {"tieu_de": "4. Cộng đồng học tập", "doan": [share_words(by_code["CONG_DONG"])]},
        {"tieu_de": "5. Đơn vị học tập và Công dân học tập trong đơn vị",
         "doan": [share_words(by_code["DON_VI"]), share_words(by_code["CONG_DAN_DON_VI"]),
                  *_elsewhere(result)]},
        {"tieu_de": "6. Công dân học tập theo nhóm, kỹ năng số",
         "doan": [f"Công dân học tập theo nhóm: {nhom}." if nhom else "Chưa có công dân đăng ký.",
                  share_words(by_code["KY_NANG_SO"]),
                  f"Số công dân được công nhận \u201cCông dân học tập tiêu biểu xuất sắc\u201d: "
                  f"{format_number(excellent)}."]},
        {"tieu_de": "7. Trung tâm học tập cộng đồng và mức độ xây dựng cộng đồng học tập cấp xã",
         "doan": [f"Trung tâm học tập cộng đồng {commune_of(result).full} được đánh giá theo chỉ tiêu về hiệu quả "
                  f"hoạt động của trung tâm học tập cộng đồng của {circular_25()}.", _level_sentence(result)]},
    ]


def _elsewhere(result: CommuneResult) -> list[str]:
    """The units another level manages: counted in the shares, proposed to that level (not in the
    commune's decisions)."""
    units = decided_elsewhere(result)
    if not units:
        return []
    who = {"tỉnh": "cấp tỉnh quản lý", "trung ương": "cơ quan trung ương quản lý", "doanh nghiệp": "doanh nghiệp"}
    named = "; ".join(f"{name} ({who.get(level, level)}{', đạt Đơn vị học tập' if unit_ok else ''}"
                      f"{f', {format_number(staff)} người đạt Công dân học tập' if staff else ''})"
                      for name, level, staff, unit_ok in units)
    return [f"Các đơn vị do cấp khác quản lý được tính vào tỷ lệ nhưng không có trong quyết định công nhận của "
            f"{commune_of(result).kind}; kết quả được gửi để cấp quản lý xem xét, công nhận: {named}."]


def _neutral_assessment(result: CommuneResult) -> dict[str, list[str]]:
    met = [s for s in result.shares if s.met]
    missed = [s for s in result.shares if s.met is False]
    short = {s.code: SHORT_LABELS[s.code] for s in result.shares}
    strengths = ([f"Các tỷ lệ đạt hoặc vượt chỉ tiêu năm {result.info.year}: "
                  + ", ".join(short[s.code] for s in met) + "."] if met else
                 ["Các mô hình học tập đã được đánh giá, công nhận theo đúng bộ tiêu chí."])
    limits = (["Các tỷ lệ chưa đạt chỉ tiêu: " + ", ".join(short[s.code] for s in missed) + "."] if missed else
              ["Không có tỷ lệ nào thấp hơn chỉ tiêu của năm."])
    return {"uu_diem": strengths, "han_che": limits,
            "nguyen_nhan": _causes(result, missed)}


def _causes(result: CommuneResult, missed: list[Share]) -> list[str]:
    """Part III.3 from the numbers: how many more recognitions each missed share needed to meet its
    target, or that every target was met."""
    if not missed:
        return ["Các tỷ lệ đều đạt chỉ tiêu của năm; không có hạn chế về số lượng cần nêu nguyên nhân."]
    out = []
    for s in missed:
        if s.target is None or s.total in (None, 0):
            continue
        need = math.ceil(s.target * s.total - 1e-9)  # the fewest recognised that meet the target
        out.append(f"{SHORT_LABELS[s.code]}: còn thiếu {format_number(max(0, need - s.recognised))} "
                   f"để đạt chỉ tiêu {format_percent(s.target, 0)}.")
    return out or ["Các tỷ lệ chưa đạt chỉ tiêu không tính được số còn thiếu (chưa có tổng số)."]


def _next_targets(result: CommuneResult, year: int) -> list[dict[str, str]]:
    """Next year's target of every share, as the last table prints them."""
    out = []
    for s in result.shares:
        value = resolve(result.targets.get(s.code, {}), year + 1)
        out.append({"ten": L.SHARE_LABELS[s.code], "chi_tieu": "—" if value is None else format_percent(value, 0)})
    return out


def _free_texts(c: Commune, texts: dict[str, list[str]], assessment: dict[str, list[str]]) -> dict[str, Any]:
    """Parts I, III, IV, V and Nơi nhận: the official's own text, else the neutral sentences."""
    nam = c.year
    return {
        "lanh_dao": texts.get("lanh_dao") or [
            f"Ủy ban nhân dân {c.full} đã ban hành kế hoạch xây dựng các mô hình học tập năm {nam}; "
            "phối hợp với Hội Khuyến học, các thôn, tổ dân phố và đơn vị tổ chức tuyên truyền, hướng dẫn "
            "đăng ký, tự đánh giá và thẩm định theo bộ tiêu chí."],
        "uu_diem": texts.get("uu_diem") or assessment["uu_diem"],
        "han_che": texts.get("han_che") or assessment["han_che"],
        "nguyen_nhan": texts.get("nguyen_nhan") or assessment["nguyen_nhan"],
        "phuong_huong": texts.get("phuong_huong") or [
            f"Tiếp tục duy trì, nâng cao chất lượng các mô hình học tập; phấn đấu đạt các chỉ tiêu năm {nam + 1} "
            "dưới đây."],
        "de_xuat": texts.get("de_xuat") or ["Đề nghị cấp trên tiếp tục hướng dẫn, hỗ trợ tài liệu và kinh phí "
                                            "cho hoạt động xây dựng xã hội học tập ở cơ sở."],
        "noi_nhan": receivers(texts.get("noi_nhan") or [*([f"{c.above} (b/c)"] if c.above else []),
                                                        "TT Đảng ủy, HĐND " + c.kind, "Hội Khuyến học " + c.kind,
                                                        "Lưu: VT, VHXH"]),
    }


def report_plan(result: CommuneResult, texts: dict[str, list[str]], *,
                last_year: dict[str, float | None] | None = None) -> DocumentPlan:
    """The annual report; ``last_year`` (share code → ratio) adds the comparison columns."""
    c = commune_of(result)
    nam = c.year
    ctx = header(c, result.info.values.get(L.L_SO_BAO_CAO), "BC-UBND")
    free = _free_texts(c, texts, _neutral_assessment(result))
    ctx.update({
        "trich_yeu": f"Kết quả xây dựng các mô hình học tập năm {nam}",
        "kinh_gui": c.above or BLANK,
        "thuc_hien": bases([f"Thực hiện {q}" for q in programmes()] + plan_bases(c, "Thực hiện")),
        "mo_dau": f"Ủy ban nhân dân {c.full} báo cáo kết quả xây dựng các mô hình học tập năm {nam} như sau:",
        "lanh_dao": free["lanh_dao"],
        "muc": _sections(result), "muc_khac": _other_paragraphs(result),
        "ty_le": [share_row(s, last_year) for s in result.shares], "co_nam_truoc": last_year is not None,
        **{key: free[key] for key in ("uu_diem", "han_che", "nguyen_nhan", "phuong_huong")},
        "chi_tieu_nam_sau": _next_targets(result, nam),
        "de_xuat": free["de_xuat"], "noi_nhan": free["noi_nhan"],
    })
    ctx.update(signer(c))
    chart = [{"ten": SHORT_LABELS[s.code], "ty_le": s.ratio, "chi_tieu": s.target} for s in result.shares]
    return DocumentPlan(REPORT, f"bao-cao-{nam}.docx", tuple(L.VISIBLE_SHEETS), ctx, chart)
