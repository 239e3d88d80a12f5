"""For each model with a recognised entry: the Hội Khuyến học's tờ trình, the people's committee's
decision of recognition with its annexes, and the certificates (one page per entry)."""

from __future__ import annotations

from hoctap_xl import layout as L
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.documents import addressing
from hoctap_xl.documents.commune_facts import Commune, commune_of
from hoctap_xl.documents.document import DocumentPlan, bases, header, receivers, signer
from hoctap_xl.documents.legal import organisation_law, plan_bases, programmes, rule_basis
from hoctap_xl.documents.lists import list_context, list_rows, title_of
from hoctap_xl.documents.model_names import COUNTED, MODEL_SLUGS
from hoctap_xl.documents.templates import CERTIFICATES, DECISION, PROPOSAL
from hoctap_xl.text.values import format_date_long, format_doc_number, format_number


def _articles(c: Commune, model: str, title: str, n: int, excellent: int) -> list[dict[str, str]]:
    """Điều 1 (and Điều 2 for the excellent citizens), then entry into force and who executes it."""
    articles = [{"so": "Điều 1.", "noi_dung": f"Công nhận {format_number(n)} {COUNTED[model]} đạt danh hiệu "
                                              f"\u201c{title}\u201d năm {c.year} (có danh sách kèm theo)."}]
    if excellent:
        articles.append({"so": "Điều 2.", "noi_dung": f"Công nhận {format_number(excellent)} công dân đạt "
                                                      f"danh hiệu \u201cCông dân học tập tiêu biểu xuất sắc\u201d năm "
                                                      f"{c.year} (có danh sách kèm theo)."})
    k = len(articles)
    articles += [
        {"so": f"Điều {k + 1}.", "noi_dung": "Quyết định này có hiệu lực kể từ ngày ký."},
        {"so": f"Điều {k + 2}.", "noi_dung": f"Văn phòng HĐND và UBND {c.kind}, Hội Khuyến học {c.kind}, Trưởng các "
                                             "thôn, tổ dân phố, thủ trưởng các đơn vị liên quan và "
                                             f"các {COUNTED[model]} có tên tại Điều 1"
                                             f"{' và Điều 2' if excellent else ''} chịu trách nhiệm thi hành "
                                             "Quyết định này."},
    ]
    return articles


def decision_plan(result: CommuneResult, model: str) -> DocumentPlan:
    """The decision recognising ``model``'s entries, its annex and, for citizens, the excellent ones."""
    c = commune_of(result)
    number = result.info.values.get(L.L_SO_QD[model])
    ctx = header(c, number, "QĐ-UBND")
    ctx.update(list_context(result, model, c, format_doc_number(number, "QĐ-UBND")))
    title = ctx["danh_hieu"]
    excellent = [r for r in ctx["danh_sach"] if r["ghi_chu"]]
    articles = _articles(c, model, title, len(ctx["danh_sach"]), len(excellent))
    k = len(articles) - 2
    programme = programmes()[2 if model == "cong_dan" else 1]  # QĐ 677 for CDHT, QĐ 387 else
    ctx.update({
        "trich_yeu": f"Về việc công nhận danh hiệu \u201c{title}\u201d năm {c.year}",
        "tham_quyen_ban_hanh": f"{c.ubnd.upper()}",
        "can_cu": bases([f"Căn cứ {organisation_law(c)}", f"Căn cứ {programme}",
                         f"Căn cứ {rule_basis(result, model)}", *plan_bases(c, "Căn cứ")]),
        "xet": f"Xét đề nghị của Hội Khuyến học {c.full} tại Tờ trình số {proposal_no(result, model)} "
               f"{c.on(c.proposed)}.",
        "dieu": articles, "tieu_bieu": [dict(r, stt=str(i)) for i, r in enumerate(excellent, start=1)],
        "tieu_bieu_tieu_de": "CÔNG DÂN ĐƯỢC CÔNG NHẬN DANH HIỆU \u201cCÔNG DÂN HỌC TẬP TIÊU BIỂU XUẤT SẮC\u201d "
                             f"NĂM {c.year}",
        "noi_nhan": receivers([f"Như Điều {k + 2}", "TT Đảng ủy, HĐND " + c.kind + " (b/c)",
                               "Chủ tịch, các PCT UBND " + c.kind, "Lưu: VT, VHXH"]),
    })
    ctx.update(signer(c))
    slug = MODEL_SLUGS[model]
    return DocumentPlan(DECISION, f"quyet-dinh-{slug}-{c.year}.docx", (L.MODEL_NAMES[model],), ctx)


def proposal_no(result: CommuneResult, model: str) -> str:
    """The tờ trình's number from ``Số TTr <model>`` (``07/TTr-HKH``; blanks when not given)."""
    return format_doc_number(result.info.values.get(L.L_SO_TTR[model]), "TTr-HKH")


def proposal_plan(result: CommuneResult, model: str) -> DocumentPlan:
    """The Hội Khuyến học's tờ trình that the decision cites: its own number and date."""
    c = commune_of(result)
    ctx = header(c, result.info.values.get(L.L_SO_TTR[model]), "TTr-HKH")
    ctx["dia_danh_ngay"] = f"{c.name}, {format_date_long(c.proposed, c.year)}"
    ctx.update({"co_quan_cha": f"HỘI KHUYẾN HỌC TỈNH {c.province.upper()}" if c.province else "",
                "co_quan_1": "HỘI KHUYẾN HỌC", "co_quan_2": c.full.upper()})
    ctx.update(list_context(result, model, c, format_doc_number(None, "QĐ-UBND")))
    title, n = ctx["danh_hieu"], ctx["so_luong"]
    ctx.update({
        "trich_yeu": f"Đề nghị công nhận danh hiệu \u201c{title}\u201d năm {c.year}",
        "kinh_gui": c.ubnd,
        "can_cu": bases([f"Căn cứ {rule_basis(result, model)}",
                         f"Căn cứ kết quả tự đánh giá và thẩm định của các chi hội khuyến học thôn, tổ dân phố "
                         f"năm {c.year}"]),
        "de_nghi": f"Hội Khuyến học {c.full} kính đề nghị {c.ubnd} xem xét, công nhận danh hiệu \u201c{title}\u201d "
                   f"năm {c.year} cho {n} {COUNTED[model]} (có danh sách kèm theo).",
        "kem_theo": f"(Kèm theo Tờ trình số {proposal_no(result, model)} {c.on(c.proposed)} của Hội Khuyến học "
                    f"{c.full})",
        "danh_sach_tieu_de": f"{COUNTED[model].upper()} ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU \u201c{title.upper()}\u201d "
                             f"NĂM {c.year}",
        "noi_nhan": receivers(["Như trên", "Lưu: VT"]),
        "tham_quyen": ["TM. BAN CHẤP HÀNH"], "chuc_vu": "CHỦ TỊCH", "nguoi_ky": c.hkh_chair,
    })
    return DocumentPlan(PROPOSAL, f"to-trinh-{MODEL_SLUGS[model]}-{c.year}.docx", (L.MODEL_NAMES[model],), ctx)


def _who(row: dict[str, str], model: str) -> str:
    """Whom a certificate names: ``Ông …``/``Bà …``, ``Gia đình ông …``, a clan or place by its own kind."""
    if model == "cong_dan":
        return addressing.person(row["ten"], row.get("gioi_tinh", ""))
    if model == "gia_dinh":
        return addressing.household(row["ten"], row.get("gioi_tinh", ""))
    if model == "dong_ho":
        return addressing.clan(row["ten"])
    return row["ten"]


def _certificate_page(row: dict[str, str], model: str, title: str, c: Commune) -> dict[str, str]:
    """One certificate: who, the line under the name (the place, by its own name, and the commune),
    the title (``TIÊU BIỂU XUẤT SẮC`` when so)."""
    where = row["noi"] if model in ("cong_dan", "gia_dinh", "dong_ho") else ""
    line2 = f"{where}, {c.full}" if where else (c.full if model in ("cong_dong", "don_vi") else "")
    return {"ten": _who(row, model), "dong_2": line2,
            "danh_hieu": f"\u201c{title.upper()}{' TIÊU BIỂU XUẤT SẮC' if row['ghi_chu'] else ''}\u201d",
            "tieu_bieu": "Tiêu biểu xuất sắc" if row["ghi_chu"] else ""}


def certificate_plan(result: CommuneResult, model: str) -> DocumentPlan:
    """One page per recognised person, household, clan, thôn or unit."""
    c = commune_of(result)
    number = format_doc_number(result.info.values.get(L.L_SO_QD[model]), "QĐ-UBND")
    ctx = header(c, None, "")
    title = title_of(result, model)
    pages = [_certificate_page(row, model, title, c) for row in list_rows(result, model)]
    ctx.update({"giay": pages, "danh_hieu": title,
                "theo_qd": f"(Theo Quyết định số {number} {c.issued_on()} của {c.ubnd})",
                "nam_danh_hieu": f"Năm {c.year}"})
    ctx.update(signer(c))
    return DocumentPlan(CERTIFICATES, f"giay-cong-nhan-{MODEL_SLUGS[model]}-{c.year}.docx",
                        (L.MODEL_NAMES[model],), ctx)
