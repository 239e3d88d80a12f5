"""The pieces Word templates are built from, with python-docx (docxtpl's own dependency): a
document with the defaults of Nghị định 30/2020/NĐ-CP, Phụ lục I — A4, margins 20/20/30/15 mm,
Times New Roman, page numbers centred in the top margin from page 2, the DỰ THẢO stamp in the
header — and the blocks every document shares: the two-column header, the title, the signature
beside ``Nơi nhận:``, annex tables whose header repeats on every page.
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

from hoctap_xl.formats.atomic import keep_mode, replacing

FONT = "Times New Roman"
CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)


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


_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                 "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                 "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                 "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                 "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
"""What follows ``w:pBdr`` inside ``w:pPr`` (ECMA-376 CT_PPrBase): a border appended after them is invalid."""


def _bottom_rule(p: Any) -> None:
    """A thin line under an (indented, so short) paragraph: the rules under headings."""
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    p._p.get_or_add_pPr().insert_element_before(border, *_AFTER_BORDER)  # the schema's order (Word Online)


class Doc:
    """A document under construction with the NĐ 30 defaults."""

    def __init__(self, landscape: bool = False, page_numbers: bool = True) -> None:
        """A4 (or landscape), Times New Roman 14, NĐ 30 margins, page numbers unless told not to."""
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
        """A run of ``text`` in paragraph ``p``, Times New Roman for every script."""
        r = p.add_run(text)
        r.bold, r.italic = bold or None, italic or None
        if size:
            r.font.size = Pt(size)
        _fonts(r._r)
        return r

    def para(self, text: str = "", *, align: Any = JUSTIFY, size: float | None = None, bold: bool = False,
             italic: bool = False, indent: bool = False, after: float | None = None, where: Any = None,
             keep: bool = False) -> Any:
        """A paragraph in the document (or in ``where``, a table cell), justified unless told."""
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
        """A page break."""
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # tables
    def plain_table(self, rows: int, cols: int, widths: list[float]) -> Any:
        """A borderless, centred table of fixed column widths (cm)."""
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
        trpr.append(OxmlElement("w:tblHeader"))  # on by its presence (w:val="true" is reported invalid)
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
        """Write the template at ``path``: beside it first, moved over it only when whole."""
        self.doc.core_properties.author = "hoctap-xl"
        self.doc.core_properties.title = path.stem
        with replacing(path) as tmp:
            self.doc.save(str(tmp))
            keep_mode(tmp, path)


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
    """The document type and its subject in bold, a short rule under them, and Kính gửi when ``to``."""
    d.para(kind, align=CENTER, size=14, bold=True, after=0, keep=True)
    d.para(subject, align=CENTER, size=14, bold=True, after=0, keep=True)
    p = d.para("", align=CENTER, after=6)
    p.paragraph_format.left_indent = Cm(6)
    p.paragraph_format.right_indent = Cm(6)
    _bottom_rule(p)
    if to:
        d.para("Kính gửi: {{ kinh_gui }}", align=CENTER, size=14, after=12)


def lines(d: Doc, var: str, *, italic: bool = False, indent: bool = True, item: str = "x") -> None:
    """One paragraph per item of the list variable ``var``."""
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
    """A new page: DANH SÁCH, its title and Kèm theo line, the numbered table of ``loop``."""
    d.page_break()
    d.para("DANH SÁCH", align=CENTER, size=14, bold=True, after=0, keep=True)
    d.para(title, align=CENTER, size=14, bold=True, after=0, keep=True)
    d.para(kem_theo, align=CENTER, size=14, italic=True, after=12, keep=True)
    d.grid_table(["STT", "{{ cot_ten }}", "{{ cot_noi }}", "{{ cot_them }}", "{{ cot_diem }}", "Ghi chú"],
                 ["{{ r.stt }}", "{{ r.ten }}", "{{ r.noi }}", "{{ r.them }}", "{{ r.diem }}", "{{ r.ghi_chu }}"],
                 [1.2, 5.2, 3.6, 1.9, 1.6, 3.0], loop)
