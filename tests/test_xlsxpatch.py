"""The zip patcher that stores computed values as cached values of formula cells (xlsxpatch)."""

from __future__ import annotations

import math
import os
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from hoctap_xl.formats.ooxml_parts import SheetNotFound, sheet_part
from hoctap_xl.formats.sheet_xml import FormulaBlock, PatchError, formula_blocks
from hoctap_xl.formats.xlsx_patch import write_cached_values
from hoctap_xl.sheets.cells import col_to_index, expand_range, index_to_col, split_ref

TONG_HOP = "Tổng hợp"
CONG_DAN = "Công dân học tập"
THON = "Thôn & TDP"
EXTRA_NAME = "xl/vbaProject.bin"
EXTRA_BYTES = bytes(range(256)) * 40  # stands in for a VBA project: arbitrary binary, stored
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>.*?</c>)', re.S)


# ---------------------------------------------------------------------------------------------
# Workbooks to patch
# ---------------------------------------------------------------------------------------------


def build_workbook(path: Path) -> Path:
    """Three sheets: plain formulas and a chart, an array formula block, a sheet named with '&'."""
    wb = xlsxwriter.Workbook(str(path))
    total = wb.add_worksheet(TONG_HOP)
    total.write_column("A1", [1, 2, 3])
    total.write_formula("B1", "=SUM(A1:A3)", None, 6)
    total.write_formula("B2", '=A1&"<x>"', None, "1<x>")
    total.write("C1", "giữ nguyên")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": f"='{TONG_HOP}'!$A$1:$A$3"})
    total.insert_chart("E2", chart)

    people = wb.add_worksheet(CONG_DAN)
    people.write_row("A3", ["Họ và tên", "Thôn"])
    for i, name in enumerate(["Hoàng Văn Ba", "Lò Thị Mai", "Nông Văn Tú"], start=4):
        people.write_row(f"A{i}", [name, "Nà Pàn"])
    people.write_array_formula("S4:X6", "{=HT_CONG_DAN(CongDan,Thon)}")
    people.write_formula("Z1", "=1+1")
    wb.define_name("CongDan", f"='{CONG_DAN}'!$A$4:$A$6")
    wb.define_name("Thon", f"='{CONG_DAN}'!$B$4:$B$6")

    wb.add_worksheet(THON).write_formula("A1", "=2*3")
    wb.close()
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(zipfile.ZipInfo(EXTRA_NAME, (2024, 5, 1, 8, 30, 0)), EXTRA_BYTES)
    return path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_workbook(tmp_path / "so-xa.xlsm")


VALUES = {
    CONG_DAN: {
        "S4": 'Nguyễn Văn A & <b> "x" \'y\'', "T4": 85, "U4": 7.5, "V4": True, "W4": None, "X4": False,
        "S5": float("nan"), "T5": "a\x01b\x0bc", "U5": -0.1, "V5": 10**15, "W5": float("inf"), "X5": "",
        "Z1": 2,
        "A4": "not a formula",  # a value cell: never overwritten
        "Z99": 1,               # absent from the XML: never created
    },
    TONG_HOP: {"B1": 6.25, "B2": "1<x>"},
    THON: {"A1": 6},
}
PATCHED = {CONG_DAN: ["S4", "T4", "U4", "V4", "W4", "X4", "S5", "T5", "U5", "V5", "W5", "X5", "Z1"],
           TONG_HOP: ["B1", "B2"], THON: ["A1"]}


def entries(path: Path) -> list[tuple[str, int, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, i.compress_type, zf.read(i)) for i in zf.infolist()]


def part_text(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(sheet_part(zf, sheet)).decode("utf-8")


def cells_xml(text: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in CELL.finditer(text)}


# ---------------------------------------------------------------------------------------------
# Helpers for cell references
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("col", "index"), [("A", 1), ("Z", 26), ("AA", 27), ("AB", 28), ("XFD", 16384)])
def test_column_letters_and_index(col: str, index: int) -> None:
    assert col_to_index(col) == index
    assert col_to_index(col.lower()) == index
    assert index_to_col(index) == col


def test_column_round_trip_and_bad_input() -> None:
    assert all(col_to_index(index_to_col(i)) == i for i in range(1, 20000))
    for bad in ("", "A1", "Ă"):
        with pytest.raises(ValueError):
            col_to_index(bad)
    with pytest.raises(ValueError):
        index_to_col(0)


def test_split_ref_and_expand_range() -> None:
    assert split_ref("S4") == ("S", 4)
    assert split_ref("$ab$123") == ("AB", 123)
    for bad in ("S", "4", "S0", "S4:T5"):
        with pytest.raises(ValueError):
            split_ref(bad)
    assert list(expand_range("S4:U5")) == ["S4", "T4", "U4", "S5", "T5", "U5"]  # row by row
    assert list(expand_range("U5:S4")) == list(expand_range("S4:U5"))
    assert list(expand_range("B7")) == ["B7"]


# ---------------------------------------------------------------------------------------------
# sheet_part
# ---------------------------------------------------------------------------------------------


def test_sheet_part_resolves_vietnamese_and_escaped_names(book: Path) -> None:
    with zipfile.ZipFile(book) as zf:
        assert sheet_part(zf, TONG_HOP) == "xl/worksheets/sheet1.xml"
        assert sheet_part(zf, CONG_DAN) == "xl/worksheets/sheet2.xml"
        assert sheet_part(zf, THON) == "xl/worksheets/sheet3.xml"  # stored as "Thôn &amp; TDP"
        assert sheet_part(zf, "CÔNG DÂN HỌC TẬP") == "xl/worksheets/sheet2.xml"  # Excel ignores case
        decomposed = "Co\u0302ng da\u0302n ho\u0323c ta\u0323\u0302p"  # NFD, as some Mac tools type it
        assert sheet_part(zf, decomposed) == "xl/worksheets/sheet2.xml"
        with pytest.raises(KeyError) as err:
            sheet_part(zf, "Dòng họ học tập")
    assert isinstance(err.value, SheetNotFound)
    assert "Dòng họ học tập" in str(err.value)
    assert CONG_DAN in str(err.value)  # the message lists the sheets there are


def minimal_xlsx(path: Path, sheet_xml: str, *, name: str = "Dữ liệu", target: str = "worksheets/sheet1.xml",
                 part: str = "xl/worksheets/sheet1.xml") -> Path:
    """A hand-made package with one sheet, for XML shapes XlsxWriter does not write."""
    workbook = (f'<workbook xmlns="{MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'worksheet" Target="{target}"/></Relationships>')
    root = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", root)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        zf.writestr(part, sheet_xml)
    return path


def sheet(cells: str, *, prefix: str = "") -> str:
    ns = f'xmlns:{prefix[:-1]}="{MAIN_NS}"' if prefix else f'xmlns="{MAIN_NS}"'
    p = prefix
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {ns}>'
            f"<{p}sheetData>{cells}</{p}sheetData></{p}worksheet>")


def test_sheet_part_absolute_and_relative_targets(tmp_path: Path) -> None:
    absolute = minimal_xlsx(tmp_path / "a.xlsx", sheet(""), target="/xl/worksheets/sheet1.xml")
    dotted = minimal_xlsx(tmp_path / "b.xlsx", sheet(""), target="./sub/../worksheets/data.xml",
                          part="xl/worksheets/data.xml", name="A &amp; B")
    with zipfile.ZipFile(absolute) as zf:
        assert sheet_part(zf, "Dữ liệu") == "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(dotted) as zf:
        assert sheet_part(zf, "A & B") == "xl/worksheets/data.xml"


# ---------------------------------------------------------------------------------------------
# formula_blocks
# ---------------------------------------------------------------------------------------------


def test_formula_blocks_finds_array_and_plain_formulas(book: Path) -> None:
    blocks = formula_blocks(book)
    assert FormulaBlock(CONG_DAN, "S4", "S4:X6", "HT_CONG_DAN(CongDan,Thon)", True) in blocks
    assert FormulaBlock(CONG_DAN, "Z1", "Z1", "1+1", False) in blocks
    assert FormulaBlock(TONG_HOP, "B2", "B2", 'A1&"<x>"', False) in blocks  # unescaped text
    assert FormulaBlock(THON, "A1", "A1", "2*3", False) in blocks
    assert len(blocks) == 5  # the non-anchor cells of the array block are not formulas
    assert [b.first for b in formula_blocks(book, [CONG_DAN])] == ["Z1", "S4"]  # document order
    with pytest.raises(SheetNotFound):
        formula_blocks(book, ["Không có"])


def test_formula_blocks_cells_without_r_and_shared_formulas(tmp_path: Path) -> None:
    xml = sheet('<row><c><v>1</v></c><c><f>A1*2</f><v>2</v></c></row>'
                '<row r="5"><c r="B5"><f t="shared" ref="B5:B6" si="0">A5+1</f><v>0</v></c></row>'
                '<row><c r="B6"><f t="shared" si="0"/><v>0</v></c></row>')
    path = minimal_xlsx(tmp_path / "n.xlsx", xml)
    assert formula_blocks(path) == [
        FormulaBlock("Dữ liệu", "B1", "B1", "A1*2", False),
        FormulaBlock("Dữ liệu", "B5", "B5", "A5+1", False),
        FormulaBlock("Dữ liệu", "B6", "B6", "", False),
    ]


# ---------------------------------------------------------------------------------------------
# write_cached_values on a real XlsxWriter workbook
# ---------------------------------------------------------------------------------------------


def test_patch_report(book: Path, tmp_path: Path) -> None:
    report = write_cached_values(book, tmp_path / "out.xlsm", VALUES)
    assert report.patched == sum(len(refs) for refs in PATCHED.values())
    assert report.missing == [f"'{CONG_DAN}'!A4", f"'{CONG_DAN}'!Z99"]
    assert report.sheets == [CONG_DAN, TONG_HOP, THON]


def test_other_zip_entries_are_identical(book: Path, tmp_path: Path) -> None:
    before = entries(book)
    out = tmp_path / "out.xlsm"
    write_cached_values(book, out, VALUES)
    after = entries(out)
    assert [name for name, _, _ in after] == [name for name, _, _ in before]
    with zipfile.ZipFile(book) as zf:
        patched_parts = {sheet_part(zf, s) for s in PATCHED}
    for (name, ctype, data), (_, new_ctype, new_data) in zip(before, after, strict=True):
        if name in patched_parts:
            assert new_ctype == zipfile.ZIP_DEFLATED
            assert new_data != data
        else:
            assert (new_ctype, new_data) == (ctype, data), name
    assert dict((n, d) for n, _, d in after)[EXTRA_NAME] == EXTRA_BYTES
    assert dict((n, c) for n, c, _ in after)[EXTRA_NAME] == zipfile.ZIP_STORED
    assert entries(book) == before  # the source is never modified


def test_openpyxl_reads_cached_values(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsm"
    write_cached_values(book, out, VALUES)
    wb = openpyxl.load_workbook(out, data_only=True)
    ws = wb[CONG_DAN]
    assert ws["S4"].value == 'Nguyễn Văn A & <b> "x" \'y\''
    assert ws["T4"].value == 85 and isinstance(ws["T4"].value, int)
    assert ws["U4"].value == 7.5
    assert ws["V4"].value is True and ws["X4"].value is False
    assert ws["W4"].value in ("", None)
    assert ws["S5"].value == "#NUM!" and ws["W5"].value == "#NUM!"
    assert ws["T5"].value == "abc"  # characters XML 1.0 forbids are dropped
    assert ws["U5"].value == -0.1 and ws["V5"].value == 10**15
    assert ws["Z1"].value == 2
    assert ws["A4"].value == "Hoàng Văn Ba"
    assert ws["T6"].value == 0  # array cell not targeted: XlsxWriter's cached 0 stays
    assert wb[TONG_HOP]["B1"].value == 6.25 and wb[TONG_HOP]["B2"].value == "1<x>"
    assert wb[THON]["A1"].value == 6


def test_calamine_reads_cached_values(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsm"
    write_cached_values(book, out, VALUES)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(CONG_DAN).to_python()
    s, x = col_to_index("S") - 1, col_to_index("X")
    assert rows[3][s:x] == ['Nguyễn Văn A & <b> "x" \'y\'', 85, 7.5, True, "", False]
    assert rows[4][s + 1] == "abc" and rows[4][s + 2] == -0.1
    assert rows[0][col_to_index("Z") - 1] == 2
    assert rows[3][0] == "Hoàng Văn Ba"


def test_formulas_survive(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsm"
    write_cached_values(book, out, VALUES)
    wb = openpyxl.load_workbook(out)
    anchor = wb[CONG_DAN]["S4"].value
    assert anchor.ref == "S4:X6"  # openpyxl's ArrayFormula
    assert anchor.text == "=HT_CONG_DAN(CongDan,Thon)"
    assert wb[CONG_DAN]["Z1"].value == "=1+1"
    assert wb[TONG_HOP]["B2"].value == '=A1&"<x>"'
    assert set(wb.defined_names) >= {"CongDan", "Thon"}
    assert formula_blocks(out) == formula_blocks(book)


def test_only_patched_cells_change_in_the_xml(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsm"
    write_cached_values(book, out, VALUES)
    for name, refs in PATCHED.items():
        old, new = part_text(book, name), part_text(out, name)
        old_cells, new_cells = cells_xml(old), cells_xml(new)
        assert old_cells.keys() == new_cells.keys()
        for ref in old_cells.keys() - set(refs):
            assert new_cells[ref] == old_cells[ref], ref
        rebuilt = old
        for ref in refs:  # putting the new elements in place of the old gives the new text exactly
            rebuilt = rebuilt.replace(old_cells[ref], new_cells[ref], 1)
        assert rebuilt == new


def test_patched_elements_keep_formula_and_style(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsm"
    write_cached_values(book, out, VALUES)
    new = cells_xml(part_text(out, CONG_DAN))
    assert new["S4"] == ('<c r="S4" t="str"><f t="array" ref="S4:X6">HT_CONG_DAN(CongDan,Thon)</f>'
                         "<v>Nguyễn Văn A &amp; &lt;b&gt; &quot;x&quot; &apos;y&apos;</v></c>")
    assert new["T4"] == '<c r="T4"><v>85</v></c>'
    assert new["U4"] == '<c r="U4"><v>7.5</v></c>'
    assert new["V4"] == '<c r="V4" t="b"><v>1</v></c>'
    assert new["W4"] == '<c r="W4" t="str"><v></v></c>'
    assert new["S5"] == '<c r="S5" t="e"><v>#NUM!</v></c>'
    assert new["V5"] == '<c r="V5"><v>1000000000000000</v></c>'
    old_total = cells_xml(part_text(book, TONG_HOP))["B2"]
    new_total = cells_xml(part_text(out, TONG_HOP))["B2"]
    assert old_total == '<c r="B2" t="str"><f>A1&amp;"&lt;x&gt;"</f><v>1&lt;x&gt;</v></c>'
    assert new_total == '<c r="B2" t="str"><f>A1&amp;"&lt;x&gt;"</f><v>1&lt;x&gt;</v></c>'
    new_b1 = cells_xml(part_text(out, TONG_HOP))["B1"]
    assert new_b1 == "<c r=\"B1\"><f>SUM(A1:A3)</f><v>6.25</v></c>"


def test_number_replaces_string_type(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsm"
    write_cached_values(book, out, {TONG_HOP: {"B2": 3}})
    assert cells_xml(part_text(out, TONG_HOP))["B2"] == '<c r="B2"><f>A1&amp;"&lt;x&gt;"</f><v>3</v></c>'


# ---------------------------------------------------------------------------------------------
# In place, atomicity and failures
# ---------------------------------------------------------------------------------------------


def test_in_place(book: Path) -> None:
    report = write_cached_values(book, book, {CONG_DAN: {"S4": "Đạt"}})
    assert report.patched == 1
    assert openpyxl.load_workbook(book, data_only=True)[CONG_DAN]["S4"].value == "Đạt"
    assert sorted(p.name for p in book.parent.iterdir()) == [book.name]
    again = write_cached_values(book, book, {CONG_DAN: {"S4": "Chưa đạt"}})
    assert again.patched == 1
    assert CalamineWorkbook.from_path(str(book)).get_sheet_by_name(CONG_DAN).to_python()[3][18] == "Chưa đạt"


@pytest.mark.parametrize("values", [
    {"Không có sheet này": {"A1": 1}},
    {CONG_DAN: {"S4": 1}, "Không có sheet này": {"A1": 1}},
    {CONG_DAN: {"S4": object()}},
    {CONG_DAN: {"not a ref": 1}},
])
def test_failure_leaves_dst_unchanged(book: Path, tmp_path: Path, values: dict[str, dict[str, object]]) -> None:
    dst = tmp_path / "out" / "ket-qua.xlsm"
    dst.parent.mkdir()
    dst.write_bytes(b"the previous result")
    src_bytes = book.read_bytes()
    with pytest.raises((KeyError, TypeError, ValueError)):
        write_cached_values(book, dst, values)  # type: ignore[arg-type]
    assert dst.read_bytes() == b"the previous result"
    assert os.listdir(dst.parent) == [dst.name]
    with pytest.raises((KeyError, TypeError, ValueError)):
        write_cached_values(book, book, values)  # type: ignore[arg-type]
    assert book.read_bytes() == src_bytes
    assert sorted(os.listdir(book.parent)) == sorted(["out", book.name])


def test_missing_sheet_error_is_a_key_error_naming_it(book: Path, tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="Không có sheet này"):
        write_cached_values(book, tmp_path / "x.xlsm", {"Không có sheet này": {"A1": 1}})
    assert not (tmp_path / "x.xlsm").exists()


def test_nothing_to_patch_in_place_leaves_file_alone(book: Path) -> None:
    before = book.read_bytes()
    report = write_cached_values(book, book, {CONG_DAN: {"A4": 1}})
    assert (report.patched, report.missing) == (0, [f"'{CONG_DAN}'!A4"])
    assert book.read_bytes() == before


def test_copy_to_new_file_when_nothing_is_patched(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.xlsm"
    assert write_cached_values(book, out, {}).patched == 0
    assert entries(out) == entries(book)


def test_calc_chain_left_alone(tmp_path: Path) -> None:
    path = minimal_xlsx(tmp_path / "c.xlsx", sheet('<row r="1"><c r="A1"><f>1+1</f><v>0</v></c></row>'))
    chain = b'<calcChain xmlns="x"><c r="A1" i="1"/></calcChain>'
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/calcChain.xml", chain)
    write_cached_values(path, path, {"Dữ liệu": {"A1": 2}})
    with zipfile.ZipFile(path) as zf:
        assert zf.read("xl/calcChain.xml") == chain
        assert '<c r="A1"><f>1+1</f><v>2</v></c>' in zf.read("xl/worksheets/sheet1.xml").decode()


# ---------------------------------------------------------------------------------------------
# XML shapes from other writers
# ---------------------------------------------------------------------------------------------


def patched_sheet(tmp_path: Path, cells: str, values: dict[str, object], *, prefix: str = "") -> tuple[str, object]:
    path = minimal_xlsx(tmp_path / "w.xlsx", sheet(cells, prefix=prefix))
    report = write_cached_values(path, path, {"Dữ liệu": values})  # type: ignore[dict-item]
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode(), report


def test_self_closing_cell_inside_array_range(tmp_path: Path) -> None:
    cells = ('<row r="8"><c r="U8" s="12"><f t="array" ref="U8:W9">F()</f><v>0</v></c><c r="V8" s="3"/></row>'
             '<row r="9" spans="21:23"><c r="U9" s="3"/><c r="V9" s="3"><v>0</v></c><c r="W9"/></row>'
             '<row r="10"><c r="U10"><v>4</v></c></row>')
    text, report = patched_sheet(tmp_path, cells, {"U9": "x", "V8": 1.5, "W8": 1, "X9": 1, "U10": 1})
    assert '<c r="U9" s="3" t="str"><v>x</v></c>' in text
    assert '<c r="V8" s="3"><v>1.5</v></c>' in text
    assert '<c r="V9" s="3"><v>0</v></c><c r="W9"/>' in text
    assert '<c r="U10"><v>4</v></c>' in text
    # W8 is inside the range but has no element; X9 and U10 are outside it: none is created or written.
    assert report.missing == ["'Dữ liệu'!W8", "'Dữ liệu'!X9", "'Dữ liệu'!U10"]  # type: ignore[attr-defined]


def test_cells_without_r_are_counted(tmp_path: Path) -> None:
    cells = '<row><c><v>1</v></c><c><f>A1*2</f><v>0</v></c></row><row><c/><c><f>A2+1</f></c></row>'
    text, report = patched_sheet(tmp_path, cells, {"B1": 2, "B2": "một", "C2": 0})
    assert "<c><f>A1*2</f><v>2</v></c>" in text
    assert '<c t="str"><f>A2+1</f><v>một</v></c>' in text
    assert report.missing == ["'Dữ liệu'!C2"]  # type: ignore[attr-defined]


def test_prefixed_namespace(tmp_path: Path) -> None:
    cells = ('<x:row r="2"><x:c r="A2" s="1" t="str"><x:f>"a"</x:f><x:v>a</x:v></x:c>'
             '<x:c r="B2"><x:v>5</x:v></x:c></x:row>')
    text, report = patched_sheet(tmp_path, cells, {"A2": 7, "B2": 8}, prefix="x:")
    root = ET.fromstring(text.encode())
    values = {c.get("r"): (c.get("t"), c.findtext(f"{{{MAIN_NS}}}v"), c.findtext(f"{{{MAIN_NS}}}f"))
              for c in root.iter(f"{{{MAIN_NS}}}c")}
    assert values == {"A2": (None, "7", '"a"'), "B2": (None, "5", None)}
    assert report.missing == ["'Dữ liệu'!B2"]  # type: ignore[attr-defined]


def test_inline_string_and_extlst(tmp_path: Path) -> None:
    cells = ('<row r="1"><c r="A1" t="inlineStr"><f>T("a")</f><is><t>a</t></is>'
             '<extLst><ext uri="u"/></extLst></c></row>')
    text, _ = patched_sheet(tmp_path, cells, {"A1": "b"})
    assert '<c r="A1" t="str"><f>T("a")</f><v>b</v><extLst><ext uri="u"/></extLst></c>' in text


def test_comment_in_sheet_data_is_refused(tmp_path: Path) -> None:
    path = minimal_xlsx(tmp_path / "k.xlsx", sheet('<!-- <c r="A1"> --><row r="1"><c r="A1"><f>1</f></c></row>'))
    before = path.read_bytes()
    with pytest.raises(PatchError):
        write_cached_values(path, path, {"Dữ liệu": {"A1": 1}})
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# A full-size block
# ---------------------------------------------------------------------------------------------


def test_large_array_block(tmp_path: Path) -> None:
    path = tmp_path / "lon.xlsm"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(CONG_DAN)
    for r in range(3, 6003):
        ws.write_row(r, 0, [f"Người {r}", "Nà Pàn", r % 10, r % 7])
    ws.write_array_formula("S4:X6003", "{=HT_CONG_DAN(CongDan,Thon)}")
    wb.close()
    (block,) = formula_blocks(path)
    assert (block.first, block.ref, block.is_array) == ("S4", "S4:X6003", True)
    values = {ref: (i if i % 3 else f"Đạt {i}") for i, ref in enumerate(expand_range(block.ref))}
    out = tmp_path / "lon-ket-qua.xlsm"
    report = write_cached_values(path, out, {CONG_DAN: values})
    assert (report.patched, report.missing) == (36000, [])
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(CONG_DAN).to_python()
    assert len(rows) == 6000  # calamine starts at the first used row, row 4
    s = col_to_index("S") - 1
    assert rows[0][s:s + 6] == ["Đạt 0", 1, 2, "Đạt 3", 4, 5]
    assert rows[-1][s:s + 6] == ["Đạt 35994", 35995, 35996, "Đạt 35997", 35998, 35999]
    assert rows[-1][0] == "Người 6002"
    assert not any(isinstance(v, float) and math.isnan(v) for row in rows for v in row)
    shutil.copy(out, tmp_path / "again.xlsm")
    assert formula_blocks(tmp_path / "again.xlsm") == [block]
