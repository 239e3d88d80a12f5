"""What the workbook's buttons run (xlwings ``RunPython`` entry points): thin adapters.

Each entry point takes the calling workbook (``xw.Book.caller()`` in Excel; any object with the
same small surface in tests), reads it through :func:`read_book` — the same checks as the CLI's
file reader (:func:`hoctap_xl.formats.xlsx_read.from_sheets`) — calls the core, and writes back or reports.
Messages are Vietnamese; nothing here raises into Excel.

The VBA side (the buttons, ``macros/``) is issue 3's remaining work; these functions are what it
calls: ``RunPython "import hoctap_xl.buttons as b; b.kiem_tra_du_lieu()"``.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

from hoctap_xl import __version__
from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.excel.xwcompat import XLWINGS_VERSION, sub
from hoctap_xl.findings import CODES, Finding
from hoctap_xl.formats.xlsx_read import READ_SHEETS, SheetsRead, WorkbookData, from_sheets
from hoctap_xl.layout import BUTTONS as BUTTONS
from hoctap_xl.sheets.grid import Grid
from hoctap_xl.text.ascii import file_stem

FINDINGS_HEADERS = ("STT", "Mức", "Sheet", "Ô", "Mã", "Nội dung", "Cách sửa")
BAD_RESULT_MARKS = L.EXCEL_ERRORS


def _caller(book: Any) -> Any:
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _sheet_rows(sheet: Any) -> list[list[Any]]:
    last = sheet.used_range.last_cell
    value = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [list(r) for r in value] if value else []


def read_book(book: Any) -> WorkbookData:
    """The open workbook as the CLI would read its file (same grids, same checks)."""
    names = [s.name for s in book.sheets]
    visible = [s.name for s in book.sheets if s.visible]
    grids = {name: Grid(name, _sheet_rows(book.sheets[name])) for name in (*READ_SHEETS, L.META) if name in names}
    return from_sheets(SheetsRead(names, visible, grids), Path(book.fullname))


def compute(book: Any) -> CommuneResult:
    """The calling workbook read and evaluated, with the same checks as the command line."""
    data = read_book(book)
    return evaluate_workbook(data)


def _findings_sheet(book: Any) -> Any:
    names = [s.name for s in book.sheets]
    if L.LOI_NHAP_LIEU in names:
        sheet = book.sheets[L.LOI_NHAP_LIEU]
        sheet.clear_contents()
        return sheet
    after = next((n for n in reversed(L.VISIBLE_SHEETS) if n in names), names[-1])
    return book.sheets.add(L.LOI_NHAP_LIEU, after=book.sheets[after])


def write_findings(book: Any, findings: list[Finding]) -> Any:
    """The ``Lỗi nhập liệu`` sheet: one row per finding, errors first, each linked to its cell."""
    sheet = _findings_sheet(book)
    ordered = sorted(findings, key=lambda f: (0 if f.is_error else 1))
    rows: list[list[Any]] = [list(FINDINGS_HEADERS)]
    rows += [[i, f.level, f.sheet or "", f.cell or "", f.code, f.message, CODES[f.code].fix]
             for i, f in enumerate(ordered, start=1)]
    sheet.range("A1").value = rows
    for i, f in enumerate(ordered, start=2):
        if f.sheet and f.cell:
            sheet.range((i, 4)).add_hyperlink(f"#'{f.sheet}'!{f.cell}", f.cell, f"Đến ô {f.cell}")
    return sheet


def _alert(book: Any, text: str) -> None:
    with contextlib.suppress(Exception):  # no dialog available (a server): the text is still returned
        book.app.alert(text, title="hoctap-xl")


def check_workbook(book: Any = None) -> str:
    """Button ``Kiểm tra dữ liệu``: every finding to the ``Lỗi nhập liệu`` sheet."""
    book = _caller(book)
    try:
        result = compute(book)
    except Exception as exc:
        message = f"Không kiểm tra được sổ: {exc}"
    else:
        write_findings(book, result.findings)
        errors = sum(f.is_error for f in result.findings)
        message = (f"{errors} lỗi, {len(result.findings) - errors} cảnh báo — xem sheet {L.LOI_NHAP_LIEU} "
                   "(bấm vào ô để đến chỗ cần sửa).") if result.findings else "Không có lỗi hay cảnh báo nào."
    _alert(book, message)
    return message


def recalculate(book: Any = None) -> str:
    """Button ``Tính lại``: full recalculation of the workbook."""
    book = _caller(book)
    book.app.calculate()
    return "Đã tính lại toàn bộ sổ."


def _bad_result_cells(book: Any) -> list[str]:
    """Result cells showing ``#NAME?`` (add-in missing) or ``#LỖI`` (a function refused)."""
    from hoctap_xl.sheets.geometry import result_blocks

    data = read_book(book)
    bad: list[str] = []
    for sheet_name, rng in result_blocks(data.rules).values():
        if sheet_name not in [s.name for s in book.sheets]:
            continue
        values = book.sheets[sheet_name].range(rng).options(ndim=2, err_to_str=True).value or []
        for row in values:
            for v in row:
                if isinstance(v, str) and v.startswith(BAD_RESULT_MARKS):
                    bad.append(f"{sheet_name} ({v})")
                    break
            if bad and bad[-1].startswith(sheet_name):
                break
    return bad


def publish(book: Any = None) -> str:
    """Button ``Xuất bản gửi cấp trên``: refuses while there are ``lỗi`` or broken result
    cells; otherwise recalculates fully and saves a copy ``<mã>_<Xa_khong_dau>_<năm>.xlsm``
    beside the workbook."""
    book = _caller(book)
    result = compute(book)
    if result.has_errors:
        write_findings(book, result.findings)
        message = (f"Chưa xuất bản: sổ còn {sum(f.is_error for f in result.findings)} lỗi (xem sheet "
                   f"{L.LOI_NHAP_LIEU}). Sửa hết lỗi rồi bấm lại.")
        _alert(book, message)
        return message
    book.app.calculate()
    bad = _bad_result_cells(book)
    if bad:
        message = ("Chưa xuất bản: ô kết quả đang báo lỗi ở " + ", ".join(bad[:5]) + ". Bấm Kiểm tra cài đặt.")
        _alert(book, message)
        return message
    info = result.info
    target = Path(book.fullname).with_name(f"{file_stem(info.code, info.commune, info.year or 0)}.xlsm")
    try:
        book.api.SaveCopyAs(str(target))
    except Exception as exc:
        message = f"Không lưu được bản gửi {target.name}: {exc}"
    else:
        message = f"Đã lưu bản gửi cấp trên: {target}"
    _alert(book, message)
    return message


def make_documents(book: Any = None, open_folder: bool = True) -> str:
    """Button ``Tạo báo cáo``: the same documents as ``hoctap-xl report`` from the open workbook,
    into ``van-ban-<năm>`` beside it; refuses (writing nothing) while a lỗi would make a document
    wrong, listing them on ``Lỗi nhập liệu``; then opens the folder."""
    from hoctap_xl.documents.policy import refusal_text
    from hoctap_xl.formats import docx_render as documents
    from hoctap_xl.services.documents import documents_for

    book = _caller(book)
    try:
        data = read_book(book)
        result = evaluate_workbook(data)
        folder = Path(str(book.fullname)).resolve().parent / f"van-ban-{result.info.year or 'nam'}"
        outcome = documents_for(data, folder, result=result)
    except Exception as exc:  # a message in the dialog, never a traceback
        message = f"Không tạo được văn bản: {exc}"
    else:
        if not outcome.written:
            write_findings(book, [f for f, _ in outcome.refused])
            message = refusal_text(outcome) + f"\n(Danh sách cũng ở sheet {L.LOI_NHAP_LIEU}.)"
        else:
            message = f"Đã tạo {len(outcome.written)} văn bản trong thư mục {folder}."
            if open_folder:
                documents.open_folder(folder)
    _alert(book, message)
    return message


def new_year(book: Any = None, open_it: bool = True) -> str:
    """Button ``Sang năm mới``: next year's workbook beside this one, as ``hoctap-xl next-year``
    (this workbook is not changed), then opens it."""
    from hoctap_xl.carry.content import content_of
    from hoctap_xl.services.carry import make_next_year

    book = _caller(book)
    try:
        data = read_book(book)
        result = evaluate_workbook(data)
        content, _ = content_of(data.grids, data.rules, data.meta, data.sheets, file=data.path.name)
        year = (result.info.year or 0) + 1
        stem = file_stem(result.info.code, result.info.commune, year)
        target = Path(str(book.fullname)).resolve().with_name(f"{stem}.xlsm")
        done = make_next_year(content, result, target, data.path.name)
    except Exception as exc:  # a message in the dialog, never a traceback
        message = f"Không tạo được sổ năm mới: {exc}"
    else:
        message = (f"Đã tạo sổ năm {done.new_year}: {target.name} (cùng thư mục). {done.recognised} người đạt năm "
                   f"{done.old_year} được cộng 1 vào Số năm liên tục đã đạt; {done.reset + done.rejected} người về 0; "
                   "điểm, số quyết định và ngày để trống. Hãy cập nhật số hộ, số người lao động của từng thôn.")
        if open_it:
            with contextlib.suppress(Exception):  # the file is there; opening it is a convenience
                book.app.books.open(str(target))
    _alert(book, message)
    return message


def split_by_thon(book: Any = None, open_folder: bool = True) -> str:
    """Button ``Tách theo thôn``: one workbook per thôn in ``chi-hoi-<năm>`` beside this one, as
    ``hoctap-xl split`` (this workbook is not changed), then opens the folder."""
    from hoctap_xl.carry.content import content_of
    from hoctap_xl.formats import docx_render as documents
    from hoctap_xl.services.carry import make_split

    book = _caller(book)
    try:
        data = read_book(book)
        content, _ = content_of(data.grids, data.rules, data.meta, data.sheets, file=data.path.name)
        folder = Path(str(book.fullname)).resolve().parent / f"chi-hoi-{content.year or 'nam'}"
        _, targets = make_split(content, data.path.name, folder)
    except Exception as exc:
        message = f"Không tách được: {exc}"
    else:
        message = (f"Đã tách thành {len(targets)} tệp trong thư mục {folder.name}: gửi mỗi tệp cho chi hội của "
                   "thôn. Nhận về, để chung một thư mục, rồi gộp bằng lệnh hoctap-xl merge (sổ phải đóng khi gộp).")
        if open_folder:
            documents.open_folder(folder)
    _alert(book, message)
    return message


def self_test(book: Any = None) -> list[tuple[str, bool, str]]:
    """Button ``Kiểm tra cài đặt``: a self-test with plain-Vietnamese advice for each failure."""
    book = _caller(book)
    checks: list[tuple[str, bool, str]] = []
    checks.append(("Python", sys.version_info >= (3, 10),
                   f"Python {sys.version.split()[0]}" if sys.version_info >= (3, 10)
                   else "Cần Python 3.10 trở lên: chạy lại install.ps1."))
    try:
        import xlwings

        same = xlwings.__version__ == XLWINGS_VERSION
        checks.append(("xlwings", same, f"xlwings {xlwings.__version__}" if same else
                       f"xlwings {xlwings.__version__} khác bản {XLWINGS_VERSION} mà VBA của sổ cần: chạy lại "
                       "install.ps1."))
    except ImportError:
        checks.append(("xlwings", False, "Chưa cài xlwings: chạy lại install.ps1."))
    path = str(book.fullname)
    checks.append(("Đường dẫn sổ", path.isascii(),
                   path if path.isascii() else "Đường dẫn có dấu tiếng Việt: chép sổ vào thư mục không dấu, "
                                               "vd. C:\\HocTap\\"))
    try:
        data = read_book(book)
        made_by = data.meta.get("chuong_trinh", "")
        same = made_by.endswith(__version__)
        checks.append(("Phiên bản", True, f"hoctap-xl {__version__}; sổ tạo bởi {made_by or 'không rõ'}"
                       + ("" if same else " (khác phiên bản, vẫn đọc được)")))
    except Exception as exc:
        checks.append(("Đọc sổ", False, f"Không đọc được sổ: {exc}"))
    from hoctap_xl.excel.udfs import HT_CHENH_LECH

    sample = HT_CHENH_LECH(0.75, 0.7)
    checks.append(("Hàm HT_", sample == [[5.0]], "HT_CHENH_LECH(75 %; 70 %) = 5 điểm %" if sample == [[5.0]]
                   else f"Hàm trả về {sample}: cài lại hoctap-xl."))
    _alert(book, "\n".join(f"{'✓' if ok else '✗'} {name}: {text}" for name, ok, text in checks))
    return checks


# --- the macros the buttons call (VBA wrappers generated by xlwings on `Kích hoạt`) -------------
# No parameters: a form button runs a Sub without arguments. Each hands over the calling book.

@sub
def kiem_tra_du_lieu() -> None:
    """Nút Kiểm tra dữ liệu."""
    check_workbook()


@sub
def tinh_lai() -> None:
    """Nút Tính lại."""
    recalculate()


@sub
def tao_bao_cao() -> None:
    """Nút Tạo báo cáo."""
    make_documents()


@sub
def xuat_ban_gui_cap_tren() -> None:
    """Nút Xuất bản gửi cấp trên."""
    publish()


@sub
def sang_nam_moi() -> None:
    """Nút Sang năm mới."""
    new_year()


@sub
def tach_theo_thon() -> None:
    """Nút Tách theo thôn."""
    split_by_thon()


@sub
def kiem_tra_cai_dat() -> None:
    """Nút Kiểm tra cài đặt."""
    self_test()
