"""Reading a commune workbook file (``.xlsm``, ``.xlsx``, ``.xls``) into grids.

python-calamine does the bulk reading (about ten times faster than openpyxl on a 5,000-row
sheet). Files are opened read-only and never changed. Anything that makes a file unusable
raises :class:`~hoctap_xl.errors.WorkbookUnreadable` with a Vietnamese message naming it.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.errors import NewerTemplate, WorkbookUnreadable
from hoctap_xl.findings import Finding
from hoctap_xl.formats.xlsx_patch import col_to_index, index_to_col
from hoctap_xl.rules import ruleset as R
from hoctap_xl.sheets.grid import Grid, locate
from hoctap_xl.text.values import clean_text

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
READ_SHEETS = (L.THONG_TIN, L.THON, L.CONG_DAN, L.GIA_DINH, L.DONG_HO, L.CONG_DONG, L.DON_VI, L.CAP_XA,
               L.CHI_TIEU, L.BO_TIEU_CHI, L.NOI_DUNG)


@dataclass
class WorkbookData:
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


def _sniff(path: Path) -> None:
    name = path.name
    if not path.exists():
        raise WorkbookUnreadable(f"Không có tệp {path}.")
    if path.is_dir():
        raise WorkbookUnreadable(f"{path} là thư mục, không phải tệp Excel.")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == CFB_MAGIC:
                fh.seek(0)
                blob = fh.read(1 << 20)
                if "EncryptedPackage".encode("utf-16-le") in blob:
                    raise WorkbookUnreadable(f"Tệp {name} được đặt mật khẩu mở; hãy bỏ mật khẩu (File › Info › "
                                             "Protect Workbook) rồi gửi lại.")
    except OSError as exc:
        raise WorkbookUnreadable(f"Không mở được tệp {name}: {exc.strerror or exc}.") from None
    if not head:
        raise WorkbookUnreadable(f"Tệp {name} rỗng (0 byte).")
    if head[:4] != ZIP_MAGIC and head != CFB_MAGIC:
        raise WorkbookUnreadable(f"Tệp {name} không phải là tệp Excel.")
    if head[:4] == ZIP_MAGIC:
        _guard_zip(path)


# Limits on what a workbook may unpack to, checked before any reader touches it (docs/limits in
# docs/developer-guide.md). A real commune workbook of 6,000 people unpacks to about 15 MB.
MAX_UNPACKED = 400 * 1024 * 1024      # all parts together
MAX_PART = 200 * 1024 * 1024          # one part
MAX_RATIO = 250                       # unpacked ÷ packed for a part over 1 MB (XML packs ~10-30x)
MAX_PARTS = 5_000
XML_HEAD = 4096                       # bytes of each XML part looked at for a DOCTYPE


def _hostile(name: str, why: str) -> WorkbookUnreadable:
    return WorkbookUnreadable(f"Tệp {name} bị từ chối vì có dấu hiệu độc hại hoặc hỏng ({why}); không đọc tệp này. "
                              "Xin xã gửi lại sổ gốc.")


def _guard_zip(path: Path) -> None:
    """Refuse zip bombs, entity bombs and external entities before reading: sizes and ratios
    from the zip directory (nothing unpacked), then the start of every XML part for a DOCTYPE
    (a workbook never has one; entity expansion and external references need one), and the
    shared-string count against the part's real size (a huge declared count makes readers
    reserve memory for nothing)."""
    import re
    import zipfile

    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise _hostile(name, f"{len(infos)} phần trong tệp zip")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > MAX_PART or total > MAX_UNPACKED:
                    raise _hostile(name, f"giải nén ra quá {MAX_PART // 2**20} MB")
                if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise _hostile(name, f"phần {info.filename} nén {info.file_size // max(info.compress_size, 1)} lần")
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with z.open(info) as part:
                    start = part.read(XML_HEAD)
                # LibreOffice stores its macro libraries (Basic/…) with a DOCTYPE; no reader parses them
                parsed = not info.filename.startswith(("Basic/", "Dialogs/"))
                if b"<!ENTITY" in start or (parsed and b"<!DOCTYPE" in start):
                    raise _hostile(name, f"phần {info.filename} khai báo DOCTYPE/ENTITY")
                if info.filename.endswith("sharedStrings.xml"):
                    m = re.search(rb'uniqueCount="(\d+)"', start)
                    declared = int(m.group(1)) if m else 0
                    if declared > info.file_size // 7 + 16:  # each <si><t/></si> takes at least 7 bytes
                        raise _hostile(name, f"khai báo {declared:,} chuỗi trong phần chỉ {info.file_size:,} byte")
    except WorkbookUnreadable:
        raise
    except zipfile.BadZipFile:
        raise WorkbookUnreadable(f"Tệp {name} bị hỏng (không giải nén được).") from None
    except OSError as exc:
        raise WorkbookUnreadable(f"Không mở được tệp {name}: {exc.strerror or exc}.") from None


def _cell_value(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        return v if v.strip() else None
    return v


def read_meta(grid: Grid | None) -> dict[str, str]:
    meta: dict[str, str] = {}
    if grid is None:
        return meta
    for row in grid.rows:
        if len(row) >= 2 and row[0] not in (None, ""):
            meta[clean_text(row[0])] = clean_text(row[1])
    return meta


def rules_from_grid(grid: Grid | None, meta: dict[str, str], file: str | None) -> tuple[R.RuleSet, list[Finding]]:
    """The workbook's own copy of its rule set (sheet ``Bộ tiêu chí``), checked against the hash
    recorded in ``_meta``. When the copy cannot be read, the packaged rule set of the same id is
    used and a ``lỗi`` says so."""
    found: list[Finding] = []
    fallback_id = meta.get("bo_tieu_chi_id") or "hoctap-mac-dinh"
    table = locate(grid, L.BO_TIEU_CHI_HEADERS) if grid is not None else None
    problem = ""
    if grid is None:
        problem = f"không có sheet \u201c{L.BO_TIEU_CHI}\u201d"
    elif isinstance(table, Finding):
        problem = table.message
    else:
        assert table is not None
        key_h, _, value_h = L.BO_TIEU_CHI_HEADERS
        # an empty cell is an absent key: the field takes its default ("" or None) when it has one
        pairs = [(clean_text(k), _cell_value(v)) for _, (k, v) in table.records((key_h, value_h))
                 if clean_text(k) and _cell_value(v) is not None]
        try:
            rules = R.from_dict(R.unflatten(pairs), L.BO_TIEU_CHI)
        except R.RuleSetError as exc:
            problem = str(exc)
        else:
            recorded = meta.get("bo_tieu_chi_hash", "")
            if recorded and recorded != rules.digest():
                found.append(Finding("bo-tieu-chi-bi-sua",
                                     f"Bộ tiêu chí {rules.label} trong sổ khác với bản đã ghi khi tạo sổ (mã băm "
                                     f"{rules.digest()} ≠ {recorded}); kết quả tính theo bản trong sổ.",
                                     L.BO_TIEU_CHI, None, file))
            return rules, found
    try:
        rules = R.builtin(fallback_id)
    except R.RuleSetError:
        rules = R.default()
    found.append(Finding("bo-tieu-chi-khong-doc-duoc", f"Không đọc được bộ tiêu chí trong sổ ({problem}); "
                         f"tính theo bộ tiêu chí {rules.label} có sẵn trong chương trình.", L.BO_TIEU_CHI, None, file))
    return rules, found


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
the size limits above — the 100,000-row corpus file takes about 6 s in all)."""


def _check_time(p: Path, deadline: float, limit: float, where: str) -> None:
    if time.monotonic() > deadline:
        raise WorkbookUnreadable(
            f"Đọc tệp {p.name} quá {limit:g} giây (dừng ở {where}): tệp quá lớn hoặc bất thường. "
            "Hãy xóa các dòng, cột, sheet thừa rồi gửi lại.")


def load(path: str | Path, time_limit: float = MAX_SECONDS) -> WorkbookData:
    """Open a workbook file read-only and return its sheets as grids plus the rule set in force."""

    p = Path(path)
    deadline = time.monotonic() + time_limit
    _sniff(p)
    with tempfile.TemporaryDirectory(prefix="hoctap-doc-") as tmp:
        source, far = without_far_cells(p, Path(tmp)) if p.suffix.lower() != ".xls" else (p, [])
        _check_time(p, deadline, time_limit, "bước kiểm tra cấu trúc tệp")
        data = _load(p, source, lambda where: _check_time(p, deadline, time_limit, where))
    data.findings.extend(far)
    return data


@contextmanager
def _calamine(p: Path, source: Path | None = None) -> Iterator[Any]:
    """python-calamine's workbook for ``source`` (default ``p``), closed afterwards; every failure
    a :class:`WorkbookUnreadable` naming ``p``."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(source or p))
    except pc.PasswordError:
        raise WorkbookUnreadable(f"Tệp {p.name} được đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại.") from None
    except Exception as exc:  # calamine raises several types for broken files
        raise WorkbookUnreadable(f"Tệp {p.name} bị hỏng hoặc không phải sổ Excel ({type(exc).__name__}).") from None
    try:
        yield wb
    except WorkbookUnreadable:
        raise
    except Exception as exc:
        raise WorkbookUnreadable(f"Không đọc được tệp {p.name} ({type(exc).__name__}: {exc}).") from None
    finally:
        wb.close()


def any_sheet_rows(path: str | Path, sheet: str | None = None) -> tuple[str, list[list[Any]]]:
    """The rows of one sheet of any spreadsheet (the first visible one unless named), for
    importing lists that are not commune workbooks; same guards as :func:`load`."""
    p = Path(path)
    _sniff(p)
    with _calamine(p) as wb:
        metas = wb.sheets_metadata
        names = [m.name for m in metas]
        visible = [m.name for m in metas if "hidden" not in str(m.visible).lower()]
        if sheet is not None and sheet not in names:
            raise WorkbookUnreadable(f"Tệp {p.name} không có sheet \u201c{sheet}\u201d (có: {', '.join(names)}).")
        name = sheet or (visible or names)[0]
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return name, [[None if v == "" else v for v in row] for row in rows]


def _load(p: Path, source: Path, check_time: Callable[[str], None] = lambda where: None) -> WorkbookData:
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
    return from_sheets(SheetsRead(names, visible, grids), p)


MAX_COLUMNS = 1024
"""Columns read per sheet; the widest table of the template has under 40."""
_FAR_CELL = re.compile(rb'<c r="([A-Z]{3})(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)


def _far(col: bytes) -> bool:
    return col_to_index(col.decode()) > MAX_COLUMNS


def without_far_cells(path: Path, folder: Path) -> tuple[Path, list[Finding]]:
    """A stray value far to the right (up to column XFD) makes a reader allocate every cell of
    the rectangle — gigabytes for 6,000 rows. Such cells are cut from a temporary copy (in
    ``folder``) before reading, each sheet's count reported; the file itself is not changed.
    Returns the path to read (the file itself when nothing is far)."""
    import zipfile

    from hoctap_xl.formats.xlsx_patch import _sheet_table

    found: list[Finding] = []
    with zipfile.ZipFile(path) as z:
        try:
            table = _sheet_table(z)
        except Exception:  # not a workbook inside: the reader says so, naming the file
            return path, []
        parts = {part: name for name, part, kind in table if part and kind.endswith("/worksheet")}
        cut: dict[str, bytes] = {}
        for part, sheet in parts.items():
            data = z.read(part)
            if not any(_far(m.group(1)) for m in re.finditer(rb'<c r="([A-Z]{3})\d+"', data)):
                continue
            first: list[str] = []

            def drop(m: re.Match[bytes], first: list[str] = first) -> bytes:
                if not _far(m.group(1)):
                    return m.group(0)
                first.append(f"{m.group(1).decode()}{m.group(2).decode()}")
                return b""

            cut[part] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", _FAR_CELL.sub(drop, data), count=1)
            found.append(Finding("o-ngoai-bang", f"Sheet \u201c{sheet}\u201d có {len(first)} ô có dữ liệu ở sau cột "
                                 f"{index_to_col(MAX_COLUMNS)} (đầu tiên {first[0]}), ngoài mọi bảng của sổ: không "
                                 "đọc.", sheet, first[0], path.name))
        if not cut:
            return path, []
        copy = folder / f"hoctap-doc-{path.stem[:40]}.xlsx"
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
            for item in z.infolist():
                out.writestr(item, cut.get(item.filename, z.read(item)))
    return copy, found


def from_sheets(read: SheetsRead, p: Path) -> WorkbookData:
    """Checks common to every reader: ours or not, template version, rule-set copy, structure."""
    names, visible, grids = read.names, read.visible, dict(read.grids)
    findings: list[Finding] = []
    meta = read_meta(grids.pop(L.META, None))
    ours = sum(1 for s in L.REQUIRED_SHEETS if s in names)
    if not meta:
        if ours < 3:
            raise WorkbookUnreadable(f"Tệp {p.name} không phải sổ học tập của hoctap-xl (không có sheet "
                                     f"\u201c{L.THONG_TIN}\u201d, \u201c{L.CONG_DAN}\u201d…).")
        findings.append(Finding("thieu-meta", "Sổ không có sheet _meta; đọc theo tên sheet và tiêu đề.", None, None,
                                p.name))
    version = meta.get("template_version", "")
    if version and _version(version) > _version(L.TEMPLATE_VERSION):
        raise NewerTemplate(f"Sổ {p.name} làm bằng mẫu phiên bản {version}, mới hơn chương trình này (mẫu "
                            f"{L.TEMPLATE_VERSION}). Hãy cập nhật hoctap-xl.")
    if version and _version(version) < _version(L.TEMPLATE_VERSION):
        findings.append(Finding("ban-mau-cu", f"Sổ làm bằng mẫu phiên bản {version} (hiện tại {L.TEMPLATE_VERSION}); "
                                f"nâng cấp, giữ mọi dữ liệu: hoctap-xl upgrade \"{p.name}\" \"{p.stem}-moi.xlsm\".",
                                None, None, p.name))
    if meta and p.suffix.lower() in (".xlsx", ".xls", ".ods"):
        findings.append(Finding("mat-macro", f"Sổ được lưu dạng {p.suffix.lower()}: dữ liệu vẫn đọc được nhưng mất "
                                "các nút bấm.", None, None, p.name))
    rules, rule_findings = rules_from_grid(grids.get(L.BO_TIEU_CHI), meta, p.name)
    findings.extend(rule_findings)
    recorded = meta.get("cau_truc_hash", "")
    if recorded and recorded != structure_of(grids, visible, rules):
        findings.append(Finding("cau-truc-khac", "Tên sheet, thứ tự sheet hoặc tiêu đề cột đã khác so với khi tạo sổ.",
                                None, None, p.name))
    return WorkbookData(p, grids, names, visible, meta, rules, findings)


def structure_of(grids: dict[str, Grid], visible: list[str], rules: R.RuleSet) -> str:
    """Recompute the structure hash of ``_meta`` from what the file holds."""
    expected = L.structure_headers(rules)
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
    data = load(path)
    return evaluate(data.grids, data.rules, file=data.path.name, findings=data.findings)
