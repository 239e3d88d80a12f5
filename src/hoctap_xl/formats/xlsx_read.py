"""Reading a commune workbook file (``.xlsm``, ``.xlsx``, ``.xlsb``, ``.xls``, ``.ods``) into grids.

python-calamine does the bulk reading (about ten times faster than openpyxl on a 5,000-row
sheet). Files are opened read-only and never changed; each is read by the format its bytes hold
(:func:`~hoctap_xl.formats.file_guards.sniff`), whatever its extension. Anything that makes a file
unusable raises :class:`~hoctap_xl.errors.WorkbookUnreadable` with a Vietnamese message naming it
and saying what to do; the reader's own text goes to its ``detail``, never into the message.
"""

from __future__ import annotations

import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.errors import NewerTemplate, WorkbookUnreadable, is_reader_panic
from hoctap_xl.findings import Finding, finding
from hoctap_xl.formats import isolation
from hoctap_xl.formats import real_format as rf
from hoctap_xl.formats.file_guards import sniff, without_far_cells
from hoctap_xl.rules import ruleset as R
from hoctap_xl.sheets.geometry import structure_headers
from hoctap_xl.sheets.grid import Grid, locate
from hoctap_xl.text.values import clean_text

READ_SHEETS = (L.THONG_TIN, L.THON, L.CONG_DAN, L.GIA_DINH, L.DONG_HO, L.CONG_DONG, L.DON_VI, L.CAP_XA,
               L.CHI_TIEU, L.BO_TIEU_CHI, L.NOI_DUNG)


@dataclass
class WorkbookData:
    """A workbook as read: its grids, sheet names (all and visible), ``_meta``, rule set and findings."""

    path: Path
    grids: dict[str, Grid]
    sheets: list[str]
    visible: list[str]
    meta: dict[str, str]
    rules: R.RuleSet
    findings: list[Finding] = field(default_factory=list)


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in text.strip().split("."))
    except ValueError:
        return (0,)


def _cell_value(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        return v if v.strip() else None
    return v


def read_meta(grid: Grid | None) -> dict[str, str]:
    """Key → value of the ``_meta`` sheet (empty when there is none)."""
    meta: dict[str, str] = {}
    if grid is None:
        return meta
    for row in grid.rows:
        if len(row) >= 2 and row[0] not in (None, ""):
            meta[clean_text(row[0])] = clean_text(row[1])
    return meta


def _rules_copy(grid: Grid | None) -> R.RuleSet | str:
    """The rule set written in sheet ``Bộ tiêu chí``, or why it cannot be read."""
    if grid is None:
        return f"không có sheet \u201c{L.BO_TIEU_CHI}\u201d"
    table = locate(grid, L.BO_TIEU_CHI_HEADERS)
    if isinstance(table, Finding):
        return table.message
    key_h, _, value_h = L.BO_TIEU_CHI_HEADERS
    # an empty cell is an absent key: the field takes its default ("" or None) when it has one
    pairs = [(clean_text(k), _cell_value(v)) for _, (k, v) in table.records((key_h, value_h))
             if clean_text(k) and _cell_value(v) is not None]
    try:
        return R.from_dict(R.unflatten(pairs), L.BO_TIEU_CHI)
    except R.RuleSetError as exc:
        return str(exc)


def rules_from_grid(grid: Grid | None, meta: dict[str, str], file: str | None) -> tuple[R.RuleSet, list[Finding]]:
    """The workbook's own copy of its rule set (sheet ``Bộ tiêu chí``), checked against the hash
    recorded in ``_meta``. When the copy cannot be read, the packaged rule set of the same id is
    used and a ``lỗi`` says so."""
    copy = _rules_copy(grid)
    if isinstance(copy, R.RuleSet):
        recorded = meta.get("bo_tieu_chi_hash", "")
        if recorded and recorded != copy.digest():
            return copy, [finding("bo-tieu-chi-bi-sua", sheet=L.BO_TIEU_CHI, file=file, label=copy.label,
                                  digest=copy.digest(), recorded=recorded)]
        return copy, []
    try:
        rules = R.builtin(meta.get("bo_tieu_chi_id") or "hoctap-mac-dinh")
    except R.RuleSetError:
        rules = R.default()
    return rules, [finding("bo-tieu-chi-khong-doc-duoc", sheet=L.BO_TIEU_CHI, file=file, problem=copy,
                           label=rules.label)]


@dataclass
class SheetsRead:
    """What any reader hands over: every sheet's name, which are visible, and the grids of the
    sheets the product reads. The CLI reads files with python-calamine; the Excel buttons read
    the open workbook through xlwings (``hoctap_xl.buttons``); both end in :func:`from_sheets`."""

    names: list[str]
    visible: list[str]
    grids: dict[str, Grid]


MAX_SECONDS = 120.0
"""Reading one file stops after this long (checked between sheets; one sheet's time is bounded by
the size limits of :mod:`hoctap_xl.formats.file_guards` — the 100,000-row corpus file takes about 6 s
in all)."""


def _check_time(p: Path, deadline: float, limit: float, where: str) -> None:
    if time.monotonic() > deadline:
        raise WorkbookUnreadable(
            f"Đọc tệp {p.name} quá {limit:g} giây (dừng ở {where}): tệp quá lớn hoặc bất thường. "
            "Hãy xóa các dòng, cột, sheet thừa rồi gửi lại.")


def wrong_extension(p: Path, real: str) -> list[Finding]:
    """A ``sai-duoi-tep`` when the name's extension is not the format the bytes hold."""
    if p.suffix.lower() == real:
        return []
    suffix_text = f"có đuôi \u201c{p.suffix}\u201d" if p.suffix else "không có đuôi"
    return [finding("sai-duoi-tep", file=p.name, name=p.name, suffix_text=suffix_text, real_label=rf.LABEL[real],
                    real=real)]


def load(path: str | Path, time_limit: float = MAX_SECONDS) -> WorkbookData:
    """Open a workbook file read-only and return its sheets as grids plus the rule set in force;
    the file is read by the format its bytes hold (a ``sai-duoi-tep`` when its name says otherwise).
    The reading runs in a watched worker process (:mod:`hoctap_xl.formats.isolation`): whatever
    the reader does with a bad file, the caller gets a :class:`WorkbookUnreadable`."""
    p = Path(path)
    return isolation.call(p.name, load_here, p, time_limit)


def load_here(path: str | Path, time_limit: float = MAX_SECONDS) -> WorkbookData:
    """:func:`load` in this process (what the worker runs)."""
    p = Path(path)
    deadline = time.monotonic() + time_limit
    real = sniff(p)
    with tempfile.TemporaryDirectory(prefix="hoctap-doc-") as tmp:
        try:
            source, far = without_far_cells(p, Path(tmp), (*READ_SHEETS, L.META), real)
            source = rf.readable_copy(source, real, Path(tmp))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # sniff checked the CRCs: rare
            raise WorkbookUnreadable(f"Tệp {p.name} bị hỏng: không giải nén được dữ liệu bên trong. Xin gửi lại tệp "
                                     "gốc.",
                                     detail=f"{type(exc).__name__}: {exc}") from None
        _check_time(p, deadline, time_limit, "bước kiểm tra cấu trúc tệp")
        data = _load(p, source, lambda where: _check_time(p, deadline, time_limit, where), real)
    data.findings[:0] = wrong_extension(p, real)
    data.findings.extend(far)
    return data


_REASONS = (
    ("password", ""),
    ("zip", "dữ liệu nén bên trong tệp bị hỏng"),
    ("deflate", "dữ liệu nén bên trong tệp bị hỏng"),
    ("unrecognized sheet", "sổ có một loại sheet mà chương trình chưa đọc được"),
    ("cannot detect file format", "không nhận ra định dạng của tệp"),
    ("range is missing", "có ô ghi địa chỉ không đúng chuẩn"),
    ("xml", "có phần dữ liệu XML bên trong tệp không đúng cấu trúc"),
)


def reader_failure(p: Path, exc: BaseException) -> WorkbookUnreadable:
    """What python-calamine's failure on ``p`` means for a person, naming the file and what to do;
    the library's own text is kept as ``detail`` only."""
    detail = f"{type(exc).__name__}: {exc}"
    text = detail.lower()
    why = next((reason for key, reason in _REASONS if key in text), "nội dung tệp có chỗ chương trình đọc bảng tính "
               "không hiểu")
    if "password" in text:
        return WorkbookUnreadable(f"Tệp {p.name} được đặt mật khẩu: hãy mở tệp bằng Excel, bỏ mật khẩu (File › Info › "
                                  "Protect Workbook › Encrypt with Password, xóa mật khẩu), lưu lại rồi gửi lại.",
                                  detail=detail)
    return WorkbookUnreadable(f"Không đọc được tệp {p.name}: {why}. Hãy mở tệp bằng Excel, Lưu thành (File › Save As) "
                              "dạng .xlsm rồi dùng tệp mới; nếu Excel cũng không mở được, xin gửi lại tệp gốc.",
                              detail=detail)


@contextmanager
def _calamine(p: Path, source: Path | None = None) -> Iterator[Any]:
    """python-calamine's workbook for ``source`` (default ``p``), closed afterwards; every failure
    a :class:`WorkbookUnreadable` naming ``p`` (:func:`reader_failure`)."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(source or p))
    except Exception as exc:  # calamine raises several types for broken files
        raise reader_failure(p, exc) from None
    except BaseException as exc:  # a panic of its Rust code; Ctrl+C and SystemExit go on
        if not is_reader_panic(exc):
            raise
        raise isolation.panic_error(p.name, exc) from None
    try:
        yield wb
    except WorkbookUnreadable:
        raise
    except Exception as exc:
        raise reader_failure(p, exc) from None
    except BaseException as exc:
        if not is_reader_panic(exc):
            raise
        raise isolation.panic_error(p.name, exc) from None
    finally:
        wb.close()


def any_sheet_rows(path: str | Path, sheet: str | None = None,
                   found: list[Finding] | None = None) -> tuple[str, list[list[Any]]]:
    """The rows of one sheet of any spreadsheet (the first visible one unless named), for
    importing lists that are not commune workbooks; same guards and isolation as :func:`load`, and
    read by the format its bytes hold: far cells are cut (their findings added to ``found`` when
    given) and a sheet too large is refused."""
    p = Path(path)
    name, rows, far = isolation.call(p.name, any_sheet_rows_here, p, sheet)
    if found is not None:
        found.extend(far)
    return name, rows


def any_sheet_rows_here(path: Path, sheet: str | None = None) -> tuple[str, list[list[Any]], list[Finding]]:
    """:func:`any_sheet_rows` in this process (what the worker runs), with the findings: a name
    whose extension is not the real format (``sai-duoi-tep``), the far cells cut."""
    p = Path(path)
    real = sniff(p, save_as=".xlsx")
    with tempfile.TemporaryDirectory(prefix="hoctap-ds-") as tmp:
        wanted = sheet
        if wanted is None and real in (rf.XLSX, rf.XLSM, rf.XLSB):
            with _calamine(p, rf.readable_copy(p, real, Path(tmp))) as wb:  # the workbook part only: which sheet
                wanted = _first_visible(wb)
        source, far = without_far_cells(p, Path(tmp), None if wanted is None else [wanted], real)
        with _calamine(p, rf.readable_copy(source, real, Path(tmp))) as wb:
            names = [m.name for m in wb.sheets_metadata]
            if sheet is not None and sheet not in names:
                raise WorkbookUnreadable(f"Tệp {p.name} không có sheet \u201c{sheet}\u201d (có: {', '.join(names)}): "
                                         "hãy chọn một trong các sheet đó.")
            name = wanted or _first_visible(wb)
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return name, [[None if v == "" else v for v in row] for row in rows], wrong_extension(p, real) + far


def _first_visible(wb: Any) -> str:
    """The name of the first visible sheet (the first sheet when none is)."""
    metas = wb.sheets_metadata
    visible = [m.name for m in metas if "hidden" not in str(m.visible).lower()]
    return str((visible or [m.name for m in metas])[0])


def _load(p: Path, source: Path, check_time: Callable[[str], None] = lambda where: None,
          real: str | None = None) -> WorkbookData:
    """The sheets of ``source`` (``p`` or its copy the reader can open) read by python-calamine."""
    with _calamine(p, source) as wb:
        meta_list = wb.sheets_metadata
        names = [m.name for m in meta_list]
        visible = [m.name for m in meta_list if str(m.visible).lower().endswith("visible")
                   and "hidden" not in str(m.visible).lower()]
        grids: dict[str, Grid] = {}
        for name in (*READ_SHEETS, L.META):
            if name in names:
                sheet = wb.get_sheet_by_name(name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or ())]
                grids[name] = Grid(name, rows, merged=merged)
                check_time(f"sheet \u201c{name}\u201d")
    return from_sheets(SheetsRead(names, visible, grids), p, real)


def _origin_findings(meta: dict[str, str], names: list[str], p: Path, real: str) -> list[Finding]:
    """Whether the file is one of ours, of which template version, and saved with its macros
    (``real``: the format it was read as); a file that is not a workbook of hoctap-xl, or of a
    newer template, is refused."""
    findings: list[Finding] = []
    if not meta:
        if sum(1 for s in L.REQUIRED_SHEETS if s in names) < 3:
            raise WorkbookUnreadable(f"Tệp {p.name} không phải sổ học tập của hoctap-xl (không có sheet "
                                     f"\u201c{L.THONG_TIN}\u201d, \u201c{L.CONG_DAN}\u201d…): hãy dùng sổ tạo bằng "
                                     "hoctap-xl (new-workbook), hoặc nhập danh sách này vào sổ bằng lệnh import.")
        findings.append(finding("thieu-meta", file=p.name))
    version = meta.get("template_version", "")
    if version and _version(version) > _version(L.TEMPLATE_VERSION):
        raise NewerTemplate(f"Sổ {p.name} làm bằng mẫu phiên bản {version}, mới hơn chương trình này (mẫu "
                            f"{L.TEMPLATE_VERSION}). Hãy cập nhật hoctap-xl.")
    if version and _version(version) < _version(L.TEMPLATE_VERSION):
        findings.append(finding("ban-mau-cu", file=p.name, version=version, current=L.TEMPLATE_VERSION,
                                name=p.name, stem=p.stem))
    if meta and real in (rf.XLSX, rf.XLS, rf.XLSB, rf.ODS):
        findings.append(finding("mat-macro", file=p.name, suffix=real))
    return findings


def from_sheets(read: SheetsRead, p: Path, real: str | None = None) -> WorkbookData:
    """Checks common to every reader: ours or not, template version, rule-set copy, structure.
    ``real`` is the format the file was read as (default: its extension)."""
    names, visible, grids = read.names, read.visible, dict(read.grids)
    meta = read_meta(grids.pop(L.META, None))
    findings = _origin_findings(meta, names, p, real or p.suffix.lower())
    rules, rule_findings = rules_from_grid(grids.get(L.BO_TIEU_CHI), meta, p.name)
    findings.extend(rule_findings)
    recorded = meta.get("cau_truc_hash", "")
    if recorded and recorded != structure_of(grids, visible, rules):
        findings.append(finding("cau-truc-khac", file=p.name))
    return WorkbookData(p, grids, names, visible, meta, rules, findings)


def structure_of(grids: dict[str, Grid], visible: list[str], rules: R.RuleSet) -> str:
    """Recompute the structure hash of ``_meta`` from what the file holds."""
    expected = structure_headers(rules)
    found: dict[str, tuple[str, ...]] = {}
    for sheet, heads in expected.items():
        grid = grids.get(sheet)
        if grid is None:
            continue
        for row in grid.rows[:10]:
            texts = [clean_text(v) for v in row]
            if heads[0] in texts:
                j = texts.index(heads[0])
                found[sheet] = tuple(texts[j:j + len(heads)])
                break
    return L.structure_hash(visible, found)


def evaluate_file(path: str | Path) -> CommuneResult:
    """Read a workbook file and evaluate it, the file's own findings included."""
    data = load(path)
    return evaluate_workbook(data)
