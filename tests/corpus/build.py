"""The corpus of broken and unusual commune workbooks (issue 6): each made from one clean sample
workbook by one edit, named after how it breaks, with the finding codes ``check`` must report
(or the exit code 2 when the file cannot be read at all). Reproducible: same sample, same edits.

    .venv/bin/python tests/corpus/build.py OUT_DIR     # write the files and corpus.json

tests/test_corpus.py builds it in a temporary folder and checks every case.
"""

from __future__ import annotations

import json
import shutil
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from hoctap_xl import layout as L
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample
from hoctap_xl.text import legacy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
Edit = Callable[[Any], None]  # edits an openpyxl workbook in place


@dataclass
class Case:
    name: str
    must: set[str] = field(default_factory=set)     # codes that must be among the findings
    exit: int = 1                                   # 0 no lỗi, 1 lỗi, 2 unreadable
    edit: Edit | None = None
    suffix: str = ".xlsm"
    make: Callable[[Path, Path], None] | None = None  # (base, target) for files not made by an edit
    never: set[str] = field(default_factory=set)    # codes that must not appear (cascades)
    same_results: bool = False                      # results --json as the clean workbook's
    says: str = ""                                  # a phrase one finding's message must contain


# --- edits by header name -------------------------------------------------------------------------

def _col(ws: Any, header: str) -> int:
    for row in ws.iter_rows(min_row=1, max_row=10):
        for c in row:
            if isinstance(c.value, str) and c.value.strip() == header:
                return c.column
    raise KeyError(header)


def _set(sheet: str, header: str, value: Any, data_row: int = 1) -> Edit:
    def edit(wb: Any) -> None:
        ws = wb[sheet]
        ws.cell(L.HEADER_ROW + data_row, _col(ws, header)).value = value
    return edit


def _info(label: str, value: Any) -> Edit:
    def edit(wb: Any) -> None:
        ws = wb[L.THONG_TIN]
        for row in ws.iter_rows():
            if row[0].value == label:
                row[1].value = value
                return
    return edit


def _meta(key: str, value: str) -> Edit:
    def edit(wb: Any) -> None:
        for row in wb[L.META].iter_rows():
            if row[0].value == key:
                row[1].value = value
    return edit


def _copy_row(sheet: str, src: int, dst: int) -> Edit:
    def edit(wb: Any) -> None:
        ws = wb[sheet]
        for c in range(1, ws.max_column + 1):
            if ws.cell(L.HEADER_ROW + src, c).data_type != "f":
                ws.cell(L.HEADER_ROW + dst, c).value = ws.cell(L.HEADER_ROW + src, c).value
    return edit


def _both(*edits: Edit) -> Edit:
    def edit(wb: Any) -> None:
        for e in edits:
            e(wb)
    return edit


def _rename(old: str, new: str) -> Edit:
    def edit(wb: Any) -> None:
        wb[old].title = new
    return edit


def _delete(sheet: str) -> Edit:
    def edit(wb: Any) -> None:
        del wb[sheet]
    return edit


def _hide(sheet: str) -> Edit:
    def edit(wb: Any) -> None:
        wb[sheet].sheet_state = "hidden"
    return edit


def _move_last(sheet: str) -> Edit:
    def edit(wb: Any) -> None:
        ws = wb[sheet]
        wb.move_sheet(ws, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(sheet))
    return edit


def _header(sheet: str, old: str, new: str) -> Edit:
    def edit(wb: Any) -> None:
        ws = wb[sheet]
        ws.cell(L.HEADER_ROW, _col(ws, old)).value = new
    return edit


def _rules_value(key: str, value: Any) -> Edit:
    def edit(wb: Any) -> None:
        for row in wb[L.BO_TIEU_CHI].iter_rows():
            if row[0].value == key:
                row[2].value = value
                return
        raise KeyError(key)
    return edit


def _clear_rows(sheet: str) -> Edit:
    def edit(wb: Any) -> None:
        ws = wb[sheet]
        for row in ws.iter_rows(min_row=L.HEADER_ROW + 1, max_row=ws.max_row):
            for c in row:
                if c.data_type != "f":
                    c.value = None
    return edit


def _name_edit(transform: Callable[[str], str]) -> Edit:
    def edit(wb: Any) -> None:
        ws = wb[L.CONG_DAN]
        c = ws.cell(L.HEADER_ROW + 1, _col(ws, "Họ và tên"))
        c.value = transform(str(c.value))
    return edit


def _xlsx(base: Path, target: Path) -> None:
    wb = openpyxl.load_workbook(base)
    wb.save(target)


def _xls(base: Path, target: Path) -> None:
    shutil.copy(FIXTURES / "xa_mau_luu_dang_xls.xls", target)


def _empty(base: Path, target: Path) -> None:
    openpyxl.Workbook().save(target)


def _password(base: Path, target: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with base.open("rb") as src, target.open("wb") as dst:
        OOXMLFile(src).encrypt("123", dst)


def _wide(base: Path, target: Path) -> None:
    """A stray value in the very last column (XFD) of the persons' sheet, written into the sheet
    XML so that the workbook keeps its 6,000 rows of cached results (as Excel saves it)."""
    import re
    import zipfile

    from hoctap_xl.formats.ooxml_parts import sheet_part

    with zipfile.ZipFile(base) as a, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as b:
        part = sheet_part(a, L.CONG_DAN)
        for item in a.infolist():
            data = a.read(item)
            if item.filename == part:
                text = data.decode("utf-8")
                m = re.search(r'<row r="10"[^>]*>.*?</row>', text, re.S)
                assert m
                row = m.group(0).replace("</row>", '<c r="XFD10" t="inlineStr"><is><t>lạc chỗ</t></is></c></row>')
                text = text[:m.start()] + row + text[m.end():]
                text = re.sub(r'<dimension ref="A1:[A-Z]+(\d+)"', r'<dimension ref="A1:XFD\1"', text, count=1)
                data = text.encode("utf-8")
            b.writestr(item, data)


def _many_rows(base: Path, target: Path, total: int = 100_000) -> None:
    """100,000 persons: the template's 6,000 rows, then rows appended to the sheet XML as a
    commune pasting a long list would (below the result formulas)."""
    import random
    import re
    import zipfile

    from hoctap_xl.formats.ooxml_parts import sheet_part
    from hoctap_xl.sheets.cells import index_to_col

    rng = random.Random(100_000)
    first = L.HEADER_ROW + L.TABLES["cong_dan"].rows + 1
    with zipfile.ZipFile(base) as a:
        part = sheet_part(a, L.CONG_DAN)
        text = a.read(part).decode("utf-8")
    from hoctap_xl.formats.xlsx_read import load

    thon = [str(r[0]) for r in load(base).grids[L.THON].rows[L.HEADER_ROW:] if r and r[0]]
    heads = L.headers_for("cong_dan", 0)
    rows = []
    for r in range(first, first + total - L.TABLES["cong_dan"].rows):
        values: list[Any] = [f"Người số {r}", 1970 + r % 40, "Nam" if r % 2 else "Nữ", thon[r % len(thon)], None, 1,
                             *[rng.randint(7, 10) for _ in range(10)], "Có", 0]
        cells = []
        for c, v in enumerate(values[:len(heads)], start=1):
            ref = f"{index_to_col(c)}{r}"
            if v is None:
                continue
            if isinstance(v, str):
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    text = text.replace("</sheetData>", "".join(rows) + "</sheetData>", 1)
    text = re.sub(r'<dimension ref="[^"]*"\s*/>', "", text, count=1)
    with zipfile.ZipFile(base) as a, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            b.writestr(item, text.encode("utf-8") if item.filename == part else a.read(item))


def _hidden_rows_and_filter(wb: Any) -> None:
    ws = wb[CD]
    for r in range(L.HEADER_ROW + 1, L.HEADER_ROW + 11):
        ws.row_dimensions[r].hidden = True
    ws.auto_filter.ref = f"A{L.HEADER_ROW}:R{L.HEADER_ROW + 60}"


def _merged_title(wb: Any) -> None:
    ws = wb[CD]
    ws["A1"] = "DANH SÁCH CÔNG DÂN ĐĂNG KÝ"
    ws.merge_cells("A1:H2")


def _insert_column(wb: Any) -> None:
    wb[CD].insert_cols(3)  # a column typed in between the inputs


def _values_over_formulas(wb: Any) -> None:
    ws = wb[CD]
    col = _col(ws, "Kết quả")
    for r in range(L.HEADER_ROW + 1, L.HEADER_ROW + 6):
        ws.cell(r, col).value = "Đạt"  # typed over the result formulas


_DROPDOWN = {L.YES, L.NO, "Nam", "Nữ"}


def _legacy_text(encode: Callable[[str], str]) -> Edit:
    """Every text typed in the input tables (names, thôn, units, clans) as a commune pasting its
    old .VnTime / VNI-Times lists would have it; headers and dropdown values stay Unicode."""
    def edit(wb: Any) -> None:
        for sheet in (TH, CD, GD, L.DONG_HO, L.CONG_DONG, L.DON_VI):
            ws = wb[sheet]
            for row in ws.iter_rows(min_row=L.HEADER_ROW + 1):
                for c in row:
                    if c.data_type == "s" and isinstance(c.value, str) and c.value not in _DROPDOWN:
                        c.value = encode(c.value)
    return edit


def _merged_header_cells(wb: Any) -> None:
    """Two header cells merged into one in the header row: the second header is lost."""
    ws = wb[CD]
    col = _col(ws, "Năm sinh")
    ws.merge_cells(start_row=L.HEADER_ROW, start_column=col - 1, end_row=L.HEADER_ROW, end_column=col)


def _wide_scratch_sheet(wb: Any) -> None:
    """A scratch sheet reaching column XFD on 300 rows — not a sheet the product reads."""
    ws = wb.create_sheet("Nháp")
    for r in range(1, 301):
        ws.cell(r, 1, f"ghi chú {r}")
        ws.cell(r, 16_384, r)


def _ods(base: Path, target: Path) -> None:
    import subprocess
    import tempfile

    from hoctap_xl.formats.docx_render import find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise SkipCase("LibreOffice không có: bỏ qua tệp .ods")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "ods",
                        "--outdir", tmp, str(base)], check=True, capture_output=True, timeout=300)
        shutil.copy(Path(tmp) / f"{base.stem}.ods", target)


class SkipCase(Exception):
    """A case whose maker needs a tool this machine lacks."""


def _zero_bytes(base: Path, target: Path) -> None:
    target.write_bytes(b"")


CD, GD, TH = L.CONG_DAN, L.GIA_DINH, L.THON
CASES = [
    Case("sheet-doi-ten", {"thieu-sheet", "cau-truc-khac"}, edit=_rename(CD, "CDHT")),
    Case("sheet-bi-xoa", {"thieu-sheet"}, edit=_delete(L.DONG_HO), never={"dong-ho-khong-co"}),
    Case("sheet-doi-thu-tu", {"cau-truc-khac"}, 0, edit=_move_last(CD)),
    Case("sheet-bi-an", {"cau-truc-khac"}, 0, edit=_hide(L.DON_VI)),
    Case("tieu-de-bi-sua", {"sai-tieu-de"}, edit=_header(CD, "Họ và tên", "Họ tên")),
    Case("tieu-de-trung", {"sai-tieu-de"}, edit=_header(CD, "Năm sinh", "Họ và tên")),
    Case("diem-11", {"diem-ngoai-khoang"}, edit=_set(CD, "Chỉ số 1", 11)),
    Case("diem-0", {"diem-ngoai-khoang"}, edit=_set(CD, "Chỉ số 2", 0)),
    Case("diem-am", {"diem-ngoai-khoang"}, edit=_set(CD, "Chỉ số 3", -1)),
    Case("diem-le", {"diem-khong-nguyen"}, edit=_set(CD, "Chỉ số 4", 7.5)),
    Case("diem-chu", {"diem-khong-phai-so"}, edit=_set(CD, "Chỉ số 5", "tám")),
    Case("diem-so-dang-chu", set(), 0, edit=_set(CD, "Chỉ số 6", "8")),
    Case("diem-dau-phay", {"diem-khong-nguyen"}, edit=_set(CD, "Chỉ số 7", "7,5")),
    Case("diem-la-ngay", {"diem-khong-phai-so"}, edit=_set(CD, "Chỉ số 8", __import__("datetime").date(2025, 8, 1))),
    Case("diem-trong", {"diem-trong"}, edit=_set(CD, "Chỉ số 9", None)),
    Case("nhom-4", {"nhom-khong-hop-le"}, edit=_set(CD, "Nhóm", 4)),
    Case("thon-go-sai", {"thon-khong-co"}, edit=_set(CD, "Thôn/TDP", "Thon Khong Co")),
    Case("thieu-thon", {"thieu-thon"}, edit=_both(_set(CD, "Thôn/TDP", None), _set(CD, "Đơn vị công tác", None))),
    Case("thieu-ten", {"thieu-ten"}, edit=_set(CD, "Họ và tên", None)),
    Case("ten-nfd", set(), 0, edit=_name_edit(lambda s: unicodedata.normalize("NFD", s))),
    Case("ten-hai-dau-cach", set(), 0, edit=_name_edit(lambda s: s.replace(" ", "  "))),
    Case("ten-ky-tu-an", set(), 0, edit=_name_edit(lambda s: s.replace(" ", " \u200b", 1))),
    Case("mot-nguoi-hai-dong", {"trung-nguoi"}, 0, edit=_copy_row(CD, 1, 200)),
    Case("mot-ho-hai-dong", {"trung-ho"}, 0, edit=_copy_row(GD, 1, 200)),
    Case("don-vi-khong-co", {"don-vi-khong-co"},
         edit=_both(_set(CD, "Đơn vị công tác", "Trường không có"), _set(CD, "Thôn/TDP", None))),
    Case("chua-cham-diem", {"chua-danh-gia"}, 0,
         edit=_both(*[_set(CD, f"Chỉ số {i}", None) for i in range(1, 11)])),
    Case("so-nam-sai", {"so-nam-khong-hop-le"}, edit=_set(CD, "Số năm liên tục đã đạt", "nhiều")),
    Case("co-khong-sai", {"co-khong-khong-hop-le"}, edit=_set(CD, "Kỹ năng số", "Chắc có")),
    Case("nam-sinh-sai", {"nam-sinh-khong-hop-le"}, 0, edit=_set(CD, "Năm sinh", "năm ngoái")),
    Case("thon-trung-ten", {"trung-ten"}, edit=_copy_row(TH, 1, 50)),
    Case("mau-so-trong", {"mau-so-khong-hop-le"}, edit=_set(TH, "Tổng số hộ", None)),
    Case("vuot-mau-so", {"vuot-mau-so"}, edit=_set(TH, "Tổng số hộ", 1)),
    Case("khong-co-thon", {"chua-co-thon"}, edit=_clear_rows(TH)),
    Case("thieu-nam", {"thieu-thong-tin"}, edit=_info(L.L_NAM, None)),
    Case("ngay-sai", {"thong-tin-khong-hop-le"}, edit=_info(L.L_NGAY, "31/02/2025")),
    Case("chi-tieu-sai", {"chi-tieu-khong-hop-le"}, edit=lambda wb: _set_target(wb, "bảy mươi")),
    Case("bo-tieu-chi-bi-sua", {"bo-tieu-chi-bi-sua"}, edit=_rules_value("cong_dan.nguong", 85)),
    Case("bo-tieu-chi-sai", {"bo-tieu-chi-khong-doc-duoc"}, edit=_rules_value("cong_dan.nguong", 60)),
    Case("meta-bi-sua", {"cau-truc-khac"}, 0, edit=_meta("cau_truc_hash", "0000")),
    Case("mau-cu", {"ban-mau-cu"}, 0, edit=_meta("template_version", "0.9")),
    Case("mau-moi-hon", exit=2, edit=_meta("template_version", "9.0")),
    Case("luu-xlsx", {"mat-macro"}, 0, suffix=".xlsx", make=_xlsx),
    Case("luu-xls", {"mat-macro"}, 0, suffix=".xls", make=_xls),
    Case("so-trong", exit=2, suffix=".xlsx", make=_empty),
    Case("co-mat-khau", exit=2, make=_password),
    Case("tep-0-byte", exit=2, suffix=".xlsx", make=_zero_bytes),
    Case("cot-16384", {"o-ngoai-bang"}, 0, make=_wide),
    Case("100000-dong", {"ngoai-vung-cong-thuc"}, 1, make=_many_rows),
    Case("dong-an-va-loc", set(), 0, edit=_hidden_rows_and_filter),
    Case("tieu-de-gop-o-phia-tren", set(), 0, edit=_merged_title),
    Case("chen-cot-giua-bang", {"cau-truc-khac"}, 0, edit=_insert_column),  # read by header name
    Case("ghi-de-cong-thuc", set(), 0, edit=_values_over_formulas),
    Case("luu-ods", {"mat-macro"}, 0, suffix=".ods", make=_ods),
    Case("ten-tcvn3", {"bang-ma-cu"}, 0, edit=_legacy_text(legacy.to_tcvn3), same_results=True,
         never={"thon-khong-co", "don-vi-khong-co", "dong-ho-khong-co", "trung-nguoi", "sai-tieu-de"}),
    Case("ten-vni", {"bang-ma-cu"}, 0, edit=_legacy_text(legacy.to_vni), same_results=True,
         never={"thon-khong-co", "don-vi-khong-co", "dong-ho-khong-co", "trung-nguoi", "sai-tieu-de"}),
    Case("tieu-de-gop-o-trong-hang", {"sai-tieu-de"}, edit=_merged_header_cells, says="bị gộp"),
    Case("sheet-nhap-16384-cot", set(), 0, edit=_wide_scratch_sheet, same_results=True),
]


def _set_target(wb: Any, value: Any) -> None:
    ws = wb[L.CHI_TIEU]
    for row in ws.iter_rows(min_row=L.HEADER_ROW + 1):
        if row[0].value == "GIA_DINH":
            row[2].value = value
            return


def base_workbook(folder: Path) -> Path:
    s = sample.generate(21, province="Lạng Sơn", commune="Tân Văn", year=2025, code="06166", persons=60,
                        households=25, thon=3,
                        mistakes=False)
    path = folder / "_goc.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, code="06166", info=s.info, tables=s.tables)
    return path


def build(folder: Path) -> list[tuple[Case, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    base = base_workbook(folder)
    out = []
    for case in CASES:
        target = folder / f"{case.name}{case.suffix}"
        if case.make is not None:
            try:
                case.make(base, target)
            except SkipCase:
                continue
        else:
            wb = openpyxl.load_workbook(base, keep_vba=True)
            assert case.edit is not None
            case.edit(wb)
            wb.save(target)
        out.append((case, target))
    (folder / "corpus.json").write_text(json.dumps(
        [{"tep": p.name, "ma_phai_co": sorted(c.must), "ma_thoat": c.exit} for c, p in out],
        ensure_ascii=False, indent=1), encoding="utf-8")
    return out


if __name__ == "__main__":
    for case, path in build(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")):
        print(path, sorted(case.must), case.exit)
