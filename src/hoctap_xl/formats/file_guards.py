"""Guards run on a workbook file before any reader touches it.

A file sent by a commune may be empty, a folder, password-protected, not a spreadsheet (a web
page or a CSV "saved as Excel", a Word document), a spreadsheet under the wrong extension, damaged
(cut short, a bad CRC), or crafted to exhaust memory (zip bombs, entity bombs, a huge declared
string count, a stray value in column XFD that makes a reader allocate the whole rectangle).
:func:`sniff` tells the real format from the bytes (:mod:`hoctap_xl.formats.real_format`) and
refuses the others with a :class:`~hoctap_xl.errors.WorkbookUnreadable` naming the file and what
to do; :func:`without_far_cells` sizes every sheet about to be read from the file's own bytes
(:mod:`hoctap_xl.formats.sheet_extent`), cuts far cells from a temporary copy (``o-ngoai-bang``,
``o-xa-bang``) and refuses a file still too large. The file itself is never changed. The limits
are described in docs/developer-guide.md.
"""

from __future__ import annotations

import functools
import re
import struct
import zipfile
import zlib
from collections.abc import Collection
from pathlib import Path

from hoctap_xl.errors import WorkbookUnreadable
from hoctap_xl.findings import Finding
from hoctap_xl.formats import ods_extent, xls_extent, xlsb_extent
from hoctap_xl.formats import real_format as rf
from hoctap_xl.formats.ooxml_parts import worksheet_parts
from hoctap_xl.formats.real_format import CFB_MAGIC, ZIP_MAGICS
from hoctap_xl.formats.sheet_extent import MAX_CELLS, copy_cutting, copy_path, far_extents
from hoctap_xl.formats.xlsx_extent import cut_worksheet, worksheet_extent
from hoctap_xl.formats.xlsx_quick import QUICK_BYTES, quick_extent

HEAD = 4096                           # bytes looked at to tell a text file's kind

# Limits on what a workbook may unpack to, checked before any reader touches it (docs/limits in
# docs/developer-guide.md). A real commune workbook of 6,000 people unpacks to about 15 MB.
MAX_UNPACKED = 400 * 1024 * 1024      # all parts together
MAX_PART = 200 * 1024 * 1024          # one part
MAX_RATIO = 250                       # unpacked ÷ packed for a part over 1 MB (XML packs ~10-30x)
MAX_PARTS = 5_000
XML_HEAD = 4096                       # bytes of each XML part looked at for a DOCTYPE
CHECKED_PARTS = (".xml", ".rels", ".vml", ".bin")
"""Parts unpacked in full by :func:`guard_zip` so that their CRC is checked (what the readers read;
pictures and embedded files are not)."""

_UNIQUE_COUNT = re.compile(rb'uniqueCount="(\d+)"')

SAVE_AS = {".xlsm": "Sổ làm việc Excel có macro (.xlsm)", ".xlsx": "Sổ làm việc Excel (.xlsx)"}


def _os_failure(name: str, exc: OSError) -> WorkbookUnreadable:
    """The operating system's refusal to read ``name``, in Vietnamese (its own text kept as ``detail``)."""
    if isinstance(exc, PermissionError):
        why = ("không có quyền đọc tệp, hoặc tệp đang mở trong một chương trình khác; hãy đóng tệp (trong Excel) "
               "rồi chạy lại")
    elif isinstance(exc, FileNotFoundError):
        why = "tệp không còn ở chỗ cũ (đã bị chuyển hoặc xóa); hãy kiểm tra lại đường dẫn"
    else:
        why = "máy báo lỗi khi đọc tệp (ổ đĩa, USB hoặc thư mục mạng); hãy chép tệp vào máy rồi chạy lại"
    return WorkbookUnreadable(f"Không mở được tệp {name}: {why}.", detail=f"{type(exc).__name__}: {exc}")


def _head(path: Path) -> bytes:
    """The first :data:`HEAD` bytes of the file."""
    try:
        with path.open("rb") as fh:
            return fh.read(HEAD)
    except OSError as exc:
        raise _os_failure(path.name, exc) from None


def _password(name: str) -> WorkbookUnreadable:
    return WorkbookUnreadable(f"Tệp {name} được đặt mật khẩu mở: hãy mở tệp bằng Excel, bỏ mật khẩu (File › Info › "
                              "Protect Workbook › Encrypt with Password, xóa mật khẩu), lưu lại rồi gửi lại.")


def _not_a_workbook(name: str, kind: rf.NotAWorkbook, save_as: str) -> WorkbookUnreadable:
    """The refusal of a file that is no workbook, saying what it is and what to do."""
    if not kind.what:
        return WorkbookUnreadable(f"Tệp {name} không phải là tệp Excel (không nhận ra định dạng của tệp): hãy kiểm "
                                  f"tra lại đã chọn đúng tệp sổ chưa, rồi dùng tệp sổ dạng {save_as}.")
    if not kind.convertible:
        return WorkbookUnreadable(f"Tệp {name} thực ra là {kind.what}, không phải sổ Excel: hãy kiểm tra lại đã chọn "
                                  f"đúng tệp chưa, rồi dùng tệp sổ dạng {save_as}.")
    also = " (hoặc đổi đuôi tên tệp thành .csv để nhập thẳng)" if save_as == ".xlsx" and "CSV" in kind.what else ""
    return WorkbookUnreadable(f"Tệp {name} thực ra là {kind.what}, không phải sổ Excel: hãy mở tệp bằng Excel rồi "
                              f"Lưu thành (File › Save As) dạng {SAVE_AS.get(save_as, save_as)}{also}, và dùng tệp "
                              "mới đó.")


def _cfb(path: Path) -> str:
    """The real format of an OLE compound file (a ``.xls``); a password-protected Office file and
    other Office files are refused."""
    try:
        with path.open("rb") as fh:
            real = rf.cfb_kind(fh, path.stat().st_size)
    except OSError as exc:
        raise _os_failure(path.name, exc) from None
    if real is None:
        raise _password(path.name)
    return real


def sniff(path: Path, save_as: str = ".xlsm") -> str:
    """The real format of a spreadsheet file (:data:`~hoctap_xl.formats.real_format.XLSX`,
    ``XLSM``, ``XLSB``, ``XLS`` or ``ODS``), told from its bytes, whatever its extension. What
    cannot be read is refused (missing, folder, empty, password-protected, damaged, another kind of
    file: a text, a web page, a Word document), naming the file and what to do — open it in Excel
    and save it as ``save_as`` when Excel can — and, for a zip package, anything hostile
    (:func:`guard_zip`)."""
    name = path.name
    if not path.exists():
        raise WorkbookUnreadable(f"Không có tệp {path}: hãy kiểm tra lại tên và thư mục của tệp.")
    if path.is_dir():
        raise WorkbookUnreadable(f"{path} là thư mục, không phải tệp Excel: hãy chọn một tệp sổ ({save_as}).")
    head = _head(path)
    if not head:
        raise WorkbookUnreadable(f"Tệp {name} rỗng (0 byte): tệp đã bị lỗi khi chép hoặc tải về; xin gửi lại tệp gốc.")
    if head[:4] in ZIP_MAGICS:
        return guard_zip(path, save_as)
    if head[:8] == CFB_MAGIC:
        try:
            return _cfb(path)
        except rf.NotAWorkbook as kind:
            raise _not_a_workbook(name, kind, save_as) from None
        except rf.Damaged as why:
            raise _damaged(name, str(why)) from None
    raise _not_a_workbook(name, rf.text_kind(head), save_as)


def _hostile(name: str, why: str) -> WorkbookUnreadable:
    return WorkbookUnreadable(f"Tệp {name} bị từ chối để an toàn: {why}, vượt xa mọi sổ bình thường (tệp có thể bị "
                              "hỏng hoặc được làm ra để gây hại); chương trình không đọc tệp này. Xin xã gửi lại sổ "
                              "gốc.")


def _damaged(name: str, why: str, detail: str = "") -> WorkbookUnreadable:
    return WorkbookUnreadable(f"Tệp {name} bị hỏng: {why} — thường do tải về hoặc chép tệp chưa trọn. Xin gửi lại "
                              "tệp gốc (chép lại từ máy đã lưu sổ).", detail=detail)


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Sizes and ratios from the zip directory (nothing unpacked)."""
    if len(infos) > MAX_PARTS:
        raise _hostile(name, f"{len(infos)} phần trong tệp zip")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART or total > MAX_UNPACKED:
            raise _hostile(name, f"giải nén ra quá {MAX_PART // 2**20} MB")
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _hostile(name, f"phần {info.filename} nén {info.file_size // max(info.compress_size, 1)} lần")


def _check_head(name: str, info: zipfile.ZipInfo, start: bytes) -> None:
    """The start of an XML part: no DOCTYPE/ENTITY, and a shared-string count the part can hold."""
    # LibreOffice stores its macro libraries (Basic/…) with a DOCTYPE; no reader parses them
    parsed = not info.filename.startswith(("Basic/", "Dialogs/"))
    if b"<!ENTITY" in start or (parsed and b"<!DOCTYPE" in start):
        raise _hostile(name, f"phần {info.filename} khai báo DOCTYPE/ENTITY")
    if info.filename.endswith("sharedStrings.xml"):
        m = _UNIQUE_COUNT.search(start)
        declared = int(m.group(1)) if m else 0
        if declared > info.file_size // 7 + 16:  # each <si><t/></si> takes at least 7 bytes
            raise _hostile(name, f"khai báo {declared:,} chuỗi trong phần chỉ {info.file_size:,} byte")


def _check_parts(name: str, z: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Every part a reader reads unpacked once, in pieces, so that zipfile checks its CRC (about
    10 ms for a 6,000-person workbook), the start of each XML part checked by :func:`_check_head`."""
    for info in infos:
        if not info.filename.lower().endswith(CHECKED_PARTS):
            continue
        try:
            with z.open(info) as part:
                start = part.read(XML_HEAD)
                if not info.filename.lower().endswith(".bin"):
                    _check_head(name, info, start)
                while part.read(1 << 20):
                    pass
        except zipfile.BadZipFile as exc:
            why = "sai mã kiểm tra (CRC)" if "CRC" in str(exc) else "không đọc được"
            raise _damaged(name, f"dữ liệu của phần {info.filename} bên trong tệp {why}",
                           f"BadZipFile: {exc}") from None
        except (zlib.error, EOFError) as exc:
            raise _damaged(name, f"dữ liệu nén của phần {info.filename} bên trong tệp bị cắt cụt hoặc sai",
                           f"{type(exc).__name__}: {exc}") from None
        except (NotImplementedError, RuntimeError) as exc:  # Deflate64…, or a zip password on a part
            raise WorkbookUnreadable(f"Tệp {name} được nén hoặc khóa theo cách chương trình không đọc được (phần "
                                     f"{info.filename}): "
                                     "hãy mở tệp bằng Excel, lưu lại dạng .xlsm rồi gửi lại.",
                                     detail=f"{type(exc).__name__}: {exc}") from None


def guard_zip(path: Path, save_as: str = ".xlsm") -> str:
    """The real format of a zip package (:func:`~hoctap_xl.formats.real_format.zip_kind`) after
    refusing zip bombs, entity bombs, external entities and damaged files: sizes and ratios from
    the zip directory (nothing unpacked yet), then every part the readers read unpacked once — its
    CRC checked, a DOCTYPE at the start of an XML part refused (a workbook never has one; entity
    expansion and external references need one), and the shared-string count checked against the
    part's real size (a huge declared count makes readers reserve memory for nothing)."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            _check_sizes(name, infos)
            _check_parts(name, z, infos)
            try:
                real = rf.zip_kind(z)
            except rf.NotAWorkbook as kind:
                raise _not_a_workbook(name, kind, save_as) from None
            except rf.Damaged as why:
                raise _damaged(name, str(why)) from None
    except WorkbookUnreadable:
        raise
    except (zipfile.BadZipFile, struct.error, ValueError, EOFError, zlib.error) as exc:
        raise _damaged(name, "tệp bị cắt cụt hoặc không trọn vẹn (không đọc được mục lục của tệp nén)",
                       f"{type(exc).__name__}: {exc}") from None
    except OSError as exc:
        raise _os_failure(name, exc) from None
    return real


def _real(path: Path) -> str | None:
    """The real format of a file :func:`sniff` has let through (None when it cannot be told)."""
    try:
        with path.open("rb") as fh:
            if fh.read(8) == CFB_MAGIC:
                fh.seek(0)
                return rf.cfb_kind(fh, path.stat().st_size)
        with zipfile.ZipFile(path) as z:
            return rf.zip_kind(z)
    except (OSError, rf.NotAWorkbook, rf.Damaged, zipfile.BadZipFile, ValueError, EOFError, struct.error):
        return None


def without_far_cells(path: Path, folder: Path, sheets: Collection[str] | None = None,
                      real: str | None = None) -> tuple[Path, list[Finding]]:
    """Size the sheets about to be read (``sheets``, all when None) from the file's own XML before
    any reader builds a grid: far cells (a stray value in column XFD or at AMJ1048576 makes a
    reader allocate the whole rectangle, gigabytes) are cut from a temporary copy in ``folder``
    and reported; a file still over the cell limit is refused (:class:`WorkbookUnreadable`). The
    format is ``real`` as :func:`sniff` told it from the bytes (told again when not given); an .ods
    or .xls is sized whole (its reader parses every sheet when it opens the file). Returns the path
    to read (the file itself when nothing is far; a copy keeps the real format's extension) and the
    findings; the file itself is not changed."""
    real = real or _real(path)
    if real in (rf.XLSX, rf.XLSM):
        return _xlsx_without_far_cells(path, folder, sheets)
    if real == rf.ODS:
        return ods_extent.without_far_cells(path, folder)
    if real == rf.XLS:
        return xls_extent.xls_without_far_cells(path, folder)
    if real == rf.XLSB:
        return xlsb_extent.without_far_cells(path, folder, sheets)
    return path, []


def _cleared_quickly(z: zipfile.ZipFile, parts: list[tuple[str, str]]) -> bool:
    """Whether every part is cleared by :func:`~hoctap_xl.formats.xlsx_quick.quick_extent` (nothing
    far, the bounds together under the cap): the usual case, a third of the exact scan's time."""
    total = 0
    for name, part in parts:
        if z.getinfo(part).file_size > QUICK_BYTES:
            return False
        bound = quick_extent(z.read(part), name)
        if bound is None:
            return False
        total += bound.cells
    return total <= MAX_CELLS


def _xlsx_without_far_cells(path: Path, folder: Path, sheets: Collection[str] | None) -> tuple[Path, list[Finding]]:
    with zipfile.ZipFile(path) as z:
        try:
            parts = worksheet_parts(z)
        except Exception:  # not a workbook inside: the reader says so, naming the file
            return path, []
        wanted = [(name, part) for name, part in parts if sheets is None or name in sheets]
        if _cleared_quickly(z, wanted):
            return path, []
        extents = {part: worksheet_extent(functools.partial(z.open, part), name) for name, part in wanted}
        far = far_extents(path.name, extents)
        if not far:
            return path, []
        copy = copy_path(path, folder, ".xlsx")
        found = copy_cutting(z, copy, far, lambda item, dst: cut_worksheet(
            functools.partial(z.open, item), far[item.filename], dst, path.name))
    return copy, found
