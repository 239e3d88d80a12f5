"""Builds the Word templates of ``templates/docx/`` with python-docx (docxtpl's own dependency).

The templates are ordinary ``.docx`` files with Jinja tags that an official can open and restyle
in Word; this module only writes them the first time, laid out per Nghị định 30/2020/NĐ-CP,
Phụ lục I (documents.md §2): A4, margins 20/20/30/15 mm, Times New Roman, the two-column
header, page numbers centred in the top margin from page 2, Căn cứ in italics, ``Điều 1.``
bold, the signature block beside ``Nơi nhận:``, annex tables whose header repeats on every page.

Run ``python templates/docx/build.py`` to rewrite them. Everything a template prints comes in
ready to print from :mod:`hoctap_xl.documents.plan`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)
TEMPLATES = ("bao-cao.docx", "quyet-dinh.docx", "to-trinh.docx", "giay-cong-nhan.docx", "bao-cao-tong-hop.docx")


# --- low-level helpers ---------------------------------------------------------------------------

def _fonts(rpr_parent: Any) -> None:
    """Times New Roman for every script (Word picks the East Asian / complex font for some
    Vietnamese characters otherwise)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _bottom_rule(p: Any) -> None:
    """A thin line under an (indented, so short) paragraph: the rules under headings."""
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)


class Doc:
    """A document under construction with the NĐ 30 defaults."""

    def __init__(self, landscape: bool = False, page_numbers: bool = True) -> None:
        self.doc = Document()
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(14)
        _fonts(style.element)
        pf = style.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.0
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        if landscape:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = Mm(297), Mm(210)
        sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
        sec.left_margin, sec.right_margin = Mm(30), Mm(15)
        sec.header_distance = Mm(10)
        self._page_numbers(page_numbers)

    def _page_numbers(self, numbers: bool) -> None:
        """Page number centred in the top margin, not on page 1; the draft stamp on every page."""
        sec = self.doc.sections[0]
        sec.different_first_page_header_footer = True
        for header, number in ((sec.header, numbers), (sec.first_page_header, False)):
            p = header.paragraphs[0]
            p.alignment = CENTER
            if number:
                field = OxmlElement("w:fldSimple")
                field.set(qn("w:instr"), "PAGE")
                run = OxmlElement("w:r")
                text = OxmlElement("w:t")
                text.text = "2"
                run.append(text)
                field.append(run)
                p._p.append(field)
            stamp = header.add_paragraph()
            stamp.alignment = RIGHT
            self.run(stamp, "{{ du_thao }}", size=14, bold=True)

    # paragraphs
    def run(self, p: Any, text: str, *, size: float | None = None, bold: bool = False, italic: bool = False) -> Any:
        r = p.add_run(text)
        r.bold, r.italic = bold or None, italic or None
        if size:
            r.font.size = Pt(size)
        _fonts(r._r)
        return r

    def para(self, text: str = "", *, align: Any = JUSTIFY, size: float | None = None, bold: bool = False,
             italic: bool = False, indent: bool = False, after: float | None = None, where: Any = None,
             keep: bool = False) -> Any:
        container = where if where is not None else self.doc
        p = container.add_paragraph()
        p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.27)
        if after is not None:
            p.paragraph_format.space_after = Pt(after)
        if keep:
            p.paragraph_format.keep_with_next = True
        if text:
            self.run(p, text, size=size, bold=bold, italic=italic)
        return p

    def tag(self, text: str, where: Any = None) -> None:
        """A paragraph holding only a ``{%p … %}`` tag (docxtpl removes the paragraph)."""
        self.para(text, align=LEFT, after=0, where=where)

    def rule(self, cell: Any, width_cm: float) -> None:
        """A short centred line under a heading: a bottom border on an indented empty paragraph."""
        cell_width = cell.width or Cm(8)
        side = max(0, (cell_width - Cm(width_cm)) // 2)
        p = cell.add_paragraph()
        p.paragraph_format.left_indent = side
        p.paragraph_format.right_indent = side
        p.paragraph_format.space_after = Pt(4)
        p.paragraph_format.line_spacing = Pt(2)
        _bottom_rule(p)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # tables
    def plain_table(self, rows: int, cols: int, widths: list[float]) -> Any:
        t = self.doc.add_table(rows=rows, cols=cols)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        for column, w in zip(t.columns, widths, strict=True):
            column.width = Cm(w)
        for row in t.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Cm(w)
        return t

    def grid_table(self, heads: list[str], cells: list[str], widths: list[float], loop: str, *,
                   size: float = 12, bold_if: str | None = None, left: int = 1) -> Any:
        """A bordered table: header row (repeated on every page), then ``{%tr for … %}`` / one
        data row / ``{%tr endfor %}``."""
        t = self.plain_table(4, len(heads), widths)
        t.style = self.doc.styles["Table Grid"]
        header = t.rows[0]
        trpr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
        for cell, head in zip(header.cells, heads, strict=True):
            self._cell_text(cell, head, size=size, bold=True, align=CENTER)
        self._cell_text(t.rows[1].cells[0], f"{{%tr for r in {loop} %}}", size=size)
        for i, (cell, expr) in enumerate(zip(t.rows[2].cells, cells, strict=True)):
            self._cell_text(cell, expr, size=size, align=LEFT if i == left else CENTER,
                            bold_if=bold_if)
        self._cell_text(t.rows[3].cells[0], "{%tr endfor %}", size=size)
        return t

    def _cell_text(self, cell: Any, text: str, *, size: float, bold: bool = False, align: Any = CENTER,
                   bold_if: str | None = None) -> None:
        p = cell.paragraphs[0]
        p.alignment = align
        p.paragraph_format.space_after = Pt(2)
        p.paragraph_format.line_spacing = 1.0
        if bold_if and text.startswith("{{"):
            # the commune's total row in bold: the condition wraps the value inside one run
            inner = text[2:-2].strip()
            self.run(p, f"{{% if {bold_if} %}}", size=size)
            self.run(p, f"{{{{ {inner} }}}}", size=size, bold=True)
            self.run(p, f"{{% else %}}{{{{ {inner} }}}}{{% endif %}}", size=size)
        else:
            self.run(p, text, size=size, bold=bold)

    def save(self, path: Path) -> None:
        self.doc.core_properties.author = "hoctap-xl"
        self.doc.core_properties.title = path.stem
        self.doc.save(str(path))


# --- the pieces every document shares --------------------------------------------------------------

def header_block(d: Doc) -> None:
    """Two borderless columns: issuing body and number | national motto and place/date."""
    t = d.plain_table(1, 2, [6.0, 10.5])
    left, right = t.rows[0].cells
    left.paragraphs[0].alignment = CENTER
    d.tag("{%p if co_quan_cha %}", where=left)
    d.para("{{ co_quan_cha }}", align=CENTER, size=13, after=0, where=left)
    d.tag("{%p endif %}", where=left)
    d.para("{{ co_quan_1 }}", align=CENTER, size=13, bold=True, after=0, where=left)
    d.para("{{ co_quan_2 }}", align=CENTER, size=13, bold=True, after=0, where=left)
    d.rule(left, 2.5)
    d.para("{{ so_ky_hieu }}", align=CENTER, size=13, after=0, where=left)
    d.para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=CENTER, size=12, bold=True, after=0, where=right)
    d.para("Độc lập - Tự do - Hạnh phúc", align=CENTER, size=13, bold=True, after=0, where=right)
    d.rule(right, 5.0)
    d.para("{{ dia_danh_ngay }}", align=CENTER, size=14, italic=True, after=0, where=right)
    for cell in (left, right):  # the empty first paragraph python-docx leaves in each cell
        first = cell.paragraphs[0]
        if not first.text:
            first._p.getparent().remove(first._p)
    d.para("", after=6)


def title_block(d: Doc, kind: str, subject: str = "{{ trich_yeu }}", to: bool = False) -> None:
    d.para(kind, align=CENTER, size=14, bold=True, after=0, keep=True)
    d.para(subject, align=CENTER, size=14, bold=True, after=0, keep=True)
    p = d.para("", align=CENTER, after=6)
    p.paragraph_format.left_indent = Cm(6)
    p.paragraph_format.right_indent = Cm(6)
    _bottom_rule(p)
    if to:
        d.para("Kính gửi: {{ kinh_gui }}", align=CENTER, size=14, after=12)


def lines(d: Doc, var: str, *, italic: bool = False, indent: bool = True, item: str = "x") -> None:
    d.tag(f"{{%p for {item} in {var} %}}")
    d.para(f"{{{{ {item} }}}}", italic=italic, indent=indent)
    d.tag("{%p endfor %}")


def signature_block(d: Doc, receivers: bool = True) -> None:
    """``Nơi nhận:`` on the left, on the same line as the authority; signer on the right."""
    d.para("", after=0)
    t = d.plain_table(1, 2, [7.5, 9.0])
    no_split = OxmlElement("w:cantSplit")
    t.rows[0]._tr.get_or_add_trPr().append(no_split)
    left, right = t.rows[0].cells
    if receivers:
        d.para("Nơi nhận:", align=LEFT, size=12, bold=True, italic=True, after=0, where=left)
        d.tag("{%p for x in noi_nhan %}", where=left)
        d.para("{{ x }}", align=LEFT, size=11, after=0, where=left)
        d.tag("{%p endfor %}", where=left)
    d.tag("{%p for x in tham_quyen %}", where=right)
    d.para("{{ x }}", align=CENTER, size=14, bold=True, after=0, where=right)
    d.tag("{%p endfor %}", where=right)
    d.para("{{ chuc_vu }}", align=CENTER, size=14, bold=True, after=0, where=right)
    for _ in range(3):  # room for the signature and the seal
        d.para("", align=CENTER, after=0, where=right)
    d.para("{{ nguoi_ky }}", align=CENTER, size=14, bold=True, after=0, where=right)
    for cell in (left, right):
        first = cell.paragraphs[0]
        if not first.text:
            first._p.getparent().remove(first._p)


def annex(d: Doc, title: str, kem_theo: str, loop: str) -> None:
    d.page_break()
    d.para("DANH SÁCH", align=CENTER, size=14, bold=True, after=0, keep=True)
    d.para(title, align=CENTER, size=14, bold=True, after=0, keep=True)
    d.para(kem_theo, align=CENTER, size=14, italic=True, after=12, keep=True)
    d.grid_table(["STT", "{{ cot_ten }}", "{{ cot_noi }}", "{{ cot_them }}", "{{ cot_diem }}", "Ghi chú"],
                 ["{{ r.stt }}", "{{ r.ten }}", "{{ r.noi }}", "{{ r.them }}", "{{ r.diem }}", "{{ r.ghi_chu }}"],
                 [1.2, 5.2, 3.6, 1.9, 1.6, 3.0], loop)


# --- the documents -----------------------------------------------------------------------------------

def decision() -> Doc:
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
    d = addressed("TỜ TRÌNH", "can_cu", "{{ de_nghi }}")
    d.para("Kính trình {{ kinh_gui }} xem xét, quyết định./.", indent=True)
    signature_block(d)
    annex(d, "{{ danh_sach_tieu_de }}", "{{ kem_theo }}", "danh_sach")
    return d


def certificates() -> Doc:
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
    d.grid_table(["STT", "Xã/phường", "GĐHT", "DHHT", "Cộng đồng HT", "ĐVHT", "CDHT cộng đồng", "CDHT đơn vị",
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


BUILDERS = {"bao-cao.docx": report, "quyet-dinh.docx": decision, "to-trinh.docx": proposal,
            "giay-cong-nhan.docx": certificates, "bao-cao-tong-hop.docx": district_report}


def build_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, builder in BUILDERS.items():
        path = folder / name
        builder().save(path)
        out.append(path)
    return out
