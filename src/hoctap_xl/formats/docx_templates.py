"""Builds the Word templates of ``templates/docx/`` (one builder per template file of
:data:`hoctap_xl.documents.templates.TEMPLATES`) from the pieces of :mod:`hoctap_xl.formats.docx_blocks`.

The templates are ordinary ``.docx`` files with Jinja tags that an official can open and restyle
in Word; this module only writes them the first time, laid out per Nghị định 30/2020/NĐ-CP,
Phụ lục I: Căn cứ in italics, ``Điều 1.`` bold, the signature block beside ``Nơi nhận:``.

Run ``python templates/docx/build.py`` to rewrite them. Everything a template prints comes in
ready to print from the plans of :mod:`hoctap_xl.documents`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.oxml import OxmlElement

from hoctap_xl.documents import templates as T
from hoctap_xl.formats.docx_blocks import CENTER, Doc, annex, header_block, lines, signature_block, title_block

# --- the documents -----------------------------------------------------------------------------------

def decision() -> Doc:
    """``quyet-dinh.docx``: Căn cứ, Xét, the articles, signature, the annex and the excellent citizens' annex."""
    d = Doc()
    header_block(d)
    title_block(d, "QUYẾT ĐỊNH")
    d.para("{{ tham_quyen_ban_hanh }}", align=CENTER, size=14, bold=True, after=12)
    lines(d, "can_cu", italic=True)
    d.para("{{ xet }}", italic=True, indent=True)
    d.para("QUYẾT ĐỊNH:", align=CENTER, size=14, bold=True, after=6)
    d.tag("{%p for d in dieu %}")
    p = d.para("", indent=True)
    d.run(p, "{{ d.so }}", bold=True)
    d.run(p, " {{ d.noi_dung }}")
    d.tag("{%p endfor %}")
    signature_block(d)
    annex(d, "{{ danh_sach_tieu_de }}", "{{ kem_theo }}", "danh_sach")
    d.tag("{%p if tieu_bieu %}")
    annex(d, "{{ tieu_bieu_tieu_de }}", "{{ kem_theo }}", "tieu_bieu")
    d.tag("{%p endif %}")
    return d


def addressed(kind: str, bases: str, lead: str) -> Doc:
    """Header, the document type with Kính gửi, its Căn cứ/Thực hiện lines, the lead paragraph:
    how a tờ trình and both reports begin."""
    d = Doc()
    header_block(d)
    title_block(d, kind, to=True)
    lines(d, bases, italic=True)
    d.para(lead, indent=True)
    return d


def proposal() -> Doc:
    """``to-trinh.docx``: the Hội Khuyến học's request, signature and annex."""
    d = addressed("TỜ TRÌNH", "can_cu", "{{ de_nghi }}")
    d.para("Kính trình {{ kinh_gui }} xem xét, quyết định./.", indent=True)
    signature_block(d)
    annex(d, "{{ danh_sach_tieu_de }}", "{{ kem_theo }}", "danh_sach")
    return d


def certificates() -> Doc:
    """``giay-cong-nhan.docx``: one landscape page per certificate."""
    d = Doc(landscape=True, page_numbers=False)
    d.tag("{%p for g in giay %}")
    top = d.para("", align=CENTER, after=0)
    top.paragraph_format.page_break_before = True
    d.run(top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    d.para("Độc lập - Tự do - Hạnh phúc", align=CENTER, size=13, bold=True, after=10)
    d.para("{{ co_quan_1 }} {{ co_quan_2 }}", align=CENTER, size=15, bold=True, after=8)
    d.para("GIẤY CÔNG NHẬN", align=CENTER, size=28, bold=True, after=6)
    d.para("{{ g.ten }}", align=CENTER, size=20, bold=True, after=2)
    d.para("{{ g.dong_2 }}", align=CENTER, size=14, after=2)
    d.para("Đạt danh hiệu", align=CENTER, size=14, after=2)
    d.para("{{ g.danh_hieu }}", align=CENTER, size=22, bold=True, after=0)
    d.para("{{ nam_danh_hieu }}", align=CENTER, size=15, bold=True, after=2)
    d.para("{{ theo_qd }}", align=CENTER, size=12, italic=True, after=6)
    t = d.plain_table(1, 2, [11.0, 12.0])
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    right = t.rows[0].cells[1]
    d.para("{{ dia_danh_ngay }}", align=CENTER, size=13, italic=True, after=0, where=right)
    d.tag("{%p for x in tham_quyen %}", where=right)
    d.para("{{ x }}", align=CENTER, size=13, bold=True, after=0, where=right)
    d.tag("{%p endfor %}", where=right)
    d.para("{{ chuc_vu }}", align=CENTER, size=13, bold=True, after=0, where=right)
    for _ in range(3):
        d.para("", after=0, where=right)
    d.para("{{ nguoi_ky }}", align=CENTER, size=13, bold=True, after=0, where=right)
    first = right.paragraphs[0]
    if not first.text:
        first._p.getparent().remove(first._p)
    d.tag("{%p endfor %}")
    return d


def shares_table(d: Doc, with_last: bool) -> None:
    """The report's table of shares against targets (with last year's columns when ``with_last``)."""
    heads = ["Chỉ tiêu", "Số đạt", "Tổng số", "Tỷ lệ", "Chỉ tiêu năm", "Đánh giá", "Chênh lệch (điểm %)"]
    cells = ["{{ r.ten }}", "{{ r.so_dat }}", "{{ r.tong_so }}", "{{ r.ty_le }}", "{{ r.chi_tieu }}",
             "{{ r.danh_gia }}", "{{ r.chenh_lech }}"]
    widths = [5.0, 1.6, 1.8, 1.9, 1.7, 1.8, 2.2]
    if with_last:
        heads += ["Năm trước", "Tăng/giảm (điểm %)"]
        cells += ["{{ r.nam_truoc }}", "{{ r.thay_doi }}"]
        widths = [3.6, 1.4, 1.5, 1.6, 1.5, 1.5, 1.8, 1.6, 1.8]
    d.grid_table(heads, cells, widths, "ty_le", size=11, left=0)
    d.para("", after=0)


def report_opening() -> Doc:
    """Header, BÁO CÁO with Kính gửi, the Thực hiện lines, part I, the heading of part II."""
    d = addressed("BÁO CÁO", "thuc_hien", "{{ mo_dau }}")
    d.para("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TUYÊN TRUYỀN", bold=True, after=6, keep=True)
    lines(d, "lanh_dao")
    d.para("II. KẾT QUẢ THỰC HIỆN", bold=True, after=6, keep=True)
    return d


def assessment_and_direction(d: Doc) -> None:
    """Parts III and the start of IV, the same in the commune's and the level above's report."""
    d.para("III. ĐÁNH GIÁ CHUNG", bold=True, after=6, keep=True)
    for var, head in (("uu_diem", "1. Ưu điểm"), ("han_che", "2. Hạn chế"), ("nguyen_nhan", "3. Nguyên nhân")):
        d.para(head, bold=True, indent=True, keep=True)
        lines(d, var)
    d.para("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ nam_sau }}", bold=True, after=6, keep=True)
    lines(d, "phuong_huong")


def report() -> Doc:
    """``bao-cao.docx``: the commune's annual report, parts I–V."""
    d = report_opening()
    d.tag("{%p for m in muc %}")
    d.para("{{ m.tieu_de }}", bold=True, indent=True, keep=True)
    d.tag("{%p for x in m.doan %}")
    d.para("{{ x }}", indent=True)
    d.tag("{%p endfor %}")
    d.grid_table(["Thôn/TDP", "{{ m.cot_tong }}", "Số đăng ký", "Số được công nhận", "Tỷ lệ", "Chỉ tiêu",
                  "Đánh giá", "Chênh lệch (điểm %)"],
                 ["{{ r.ten }}", "{{ r.tong_so }}", "{{ r.dang_ky }}", "{{ r.dat }}", "{{ r.ty_le }}",
                  "{{ r.chi_tieu }}", "{{ r.danh_gia }}", "{{ r.chenh_lech }}"],
                 [3.1, 1.9, 1.8, 2.0, 1.9, 1.6, 2.1, 2.0], "m.dong", size=11, bold_if="r.dam", left=0)
    d.para("", after=0)
    d.tag("{%p endfor %}")
    d.tag("{%p for m in muc_khac %}")
    d.para("{{ m.tieu_de }}", bold=True, indent=True, keep=True)
    d.tag("{%p for x in m.doan %}")
    d.para("{{ x }}", indent=True)
    d.tag("{%p endfor %}")
    d.tag("{%p endfor %}")
    d.para("8. Các tỷ lệ so với chỉ tiêu năm {{ nam }}", bold=True, indent=True, keep=True)
    d.tag("{%p if co_nam_truoc %}")
    shares_table(d, True)
    d.tag("{%p else %}")
    shares_table(d, False)
    d.tag("{%p endif %}")
    d.para("{{ bieu_do }}", align=CENTER, after=6)
    assessment_and_direction(d)
    d.grid_table(["STT", "Chỉ tiêu năm {{ nam_sau }}", "Mức phấn đấu"], ["{{ loop.index }}", "{{ r.ten }}",
                                                                         "{{ r.chi_tieu }}"],
                 [1.2, 12.0, 3.3], "chi_tieu_nam_sau", size=12)
    d.para("", after=0)
    d.para("V. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, after=6, keep=True)
    lines(d, "de_xuat")
    d.para("Trên đây là báo cáo kết quả xây dựng các mô hình học tập năm {{ nam }} của {{ xa }}./.", indent=True)
    signature_block(d)
    return d


def district_report() -> Doc:
    """The level above's report (filled by the aggregation): one row per commune."""
    d = report_opening()
    lines(d, "tong_quan")
    d.grid_table(["STT", "Xã/phường", "Gia đình học tập", "Dòng họ học tập", "Cộng đồng học tập", "Đơn vị học tập",
                  "Công dân học tập (cộng đồng)", "Công dân học tập (đơn vị)",
                  "Kỹ năng số", "Đạt chỉ tiêu"],
                 ["{{ r.stt }}", "{{ r.xa }}", "{{ r.gia_dinh }}", "{{ r.dong_ho }}", "{{ r.cong_dong }}",
                  "{{ r.don_vi }}", "{{ r.cong_dan_cong_dong }}", "{{ r.cong_dan_don_vi }}", "{{ r.ky_nang_so }}",
                  "{{ r.dat_chi_tieu }}"],
                 [0.9, 3.0, 1.5, 1.5, 1.6, 1.5, 1.6, 1.6, 1.5, 1.8], "xa_phuong", size=10, bold_if="r.dam")
    d.para("", after=0)
    d.para("{{ bieu_do }}", align=CENTER, after=6)
    d.para("Các xã, phường chưa gửi sổ hoặc sổ chưa hợp lệ:", bold=True, indent=True, keep=True)
    lines(d, "chua_hop_le")
    assessment_and_direction(d)
    d.para("V. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, after=6, keep=True)
    lines(d, "de_xuat")
    signature_block(d)
    return d


BUILDERS: dict[str, Callable[[], Doc]] = {T.REPORT: report, T.DECISION: decision, T.PROPOSAL: proposal,
                                          T.CERTIFICATES: certificates, T.DISTRICT_REPORT: district_report}
"""Template file → the function that lays it out."""


def build_all(folder: Path) -> list[Path]:
    """Write every template into ``folder`` (each file atomically), in the order of the template list."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in T.TEMPLATE_FILES:
        path = folder / name
        BUILDERS[name]().save(path)
        out.append(path)
    return out
