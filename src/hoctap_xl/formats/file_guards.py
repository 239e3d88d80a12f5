"""Guards run on a workbook file before any reader touches it.

A file sent by a commune may be empty, a folder, password-protected, not a spreadsheet, or
crafted to exhaust memory (zip bombs, entity bombs, a huge declared string count, a stray value
in column XFD that makes a reader allocate the whole rectangle). :func:`sniff` refuses the first
kinds with a :class:`~hoctap_xl.errors.WorkbookUnreadable` naming the file; :func:`without_far_cells`
sizes every sheet read from the file's own XML (:mod:`hoctap_xl.formats.sheet_extent`), cuts far
cells from a temporary copy (``o-ngoai-bang``, ``o-xa-bang``) and refuses a file still too large.
The file itself is never changed. The limits are described in docs/developer-guide.md.
"""

from __future__ import annotations

import functools
import re
import shutil
import zipfile
from collections.abc import Collection
from pathlib import Path

from hoctap_xl.errors import WorkbookUnreadable
from hoctap_xl.findings import Finding
from hoctap_xl.formats import ods_extent, xls_extent, xlsb_extent
from hoctap_xl.formats.ooxml_parts import worksheet_parts
from hoctap_xl.formats.sheet_extent import check_cells
from hoctap_xl.formats.xlsx_extent import cut_worksheet, worksheet_extent

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Limits on what a workbook may unpack to, checked before any reader touches it (docs/limits in
# docs/developer-guide.md). A real commune workbook of 6,000 people unpacks to about 15 MB.
MAX_UNPACKED = 400 * 1024 * 1024      # all parts together
MAX_PART = 200 * 1024 * 1024          # one part
MAX_RATIO = 250                       # unpacked ÷ packed for a part over 1 MB (XML packs ~10-30x)
MAX_PARTS = 5_000
XML_HEAD = 4096                       # bytes of each XML part looked at for a DOCTYPE

_UNIQUE_COUNT = re.compile(rb'uniqueCount="(\d+)"')


def _head(path: Path) -> bytes:
    """The first 8 bytes of the file; a password-protected (encrypted OLE) file is refused here."""
    name = path.name
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
    return head


def sniff(path: Path) -> None:
    """Refuse what is not a readable spreadsheet file (missing, folder, empty, encrypted, other
    format) and, for a zip package, anything hostile (:func:`guard_zip`)."""
    name = path.name
    if not path.exists():
        raise WorkbookUnreadable(f"Không có tệp {path}.")
    if path.is_dir():
        raise WorkbookUnreadable(f"{path} là thư mục, không phải tệp Excel.")
    head = _head(path)
    if not head:
        raise WorkbookUnreadable(f"Tệp {name} rỗng (0 byte).")
    if head[:4] != ZIP_MAGIC and head != CFB_MAGIC:
        raise WorkbookUnreadable(f"Tệp {name} không phải là tệp Excel.")
    if head[:4] == ZIP_MAGIC:
        guard_zip(path)


def _hostile(name: str, why: str) -> WorkbookUnreadable:
    return WorkbookUnreadable(f"Tệp {name} bị từ chối vì có dấu hiệu độc hại hoặc hỏng ({why}); không đọc tệp này. "
                              "Xin xã gửi lại sổ gốc.")


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


def _check_xml_heads(name: str, z: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """The start of every XML part: no DOCTYPE/ENTITY, and a shared-string count the part can hold."""
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
            m = _UNIQUE_COUNT.search(start)
            declared = int(m.group(1)) if m else 0
            if declared > info.file_size // 7 + 16:  # each <si><t/></si> takes at least 7 bytes
                raise _hostile(name, f"khai báo {declared:,} chuỗi trong phần chỉ {info.file_size:,} byte")


def guard_zip(path: Path) -> None:
    """Refuse zip bombs, entity bombs and external entities before reading: sizes and ratios
    from the zip directory (nothing unpacked), then the start of every XML part for a DOCTYPE
    (a workbook never has one; entity expansion and external references need one), and the
    shared-string count against the part's real size (a huge declared count makes readers
    reserve memory for nothing)."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            _check_sizes(name, infos)
            _check_xml_heads(name, z, infos)
    except WorkbookUnreadable:
        raise
    except zipfile.BadZipFile:
        raise WorkbookUnreadable(f"Tệp {name} bị hỏng (không giải nén được).") from None
    except OSError as exc:
        raise WorkbookUnreadable(f"Không mở được tệp {name}: {exc.strerror or exc}.") from None


def file_kind(path: Path) -> str | None:
    """What the bytes say the file is: ``xlsx`` (.xlsx/.xlsm), ``xlsb``, ``ods``, ``xls``, or None."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        if head == CFB_MAGIC:
            return "xls"
        if head[:4] != ZIP_MAGIC:
            return None
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "content.xml" in names and "mimetype" in names:
                return "ods" if b"opendocument.spreadsheet" in z.read("mimetype") else None
    except (OSError, zipfile.BadZipFile):
        return None  # the reader's own checks say what is wrong, naming the file
    return "xlsb" if "xl/workbook.bin" in names else "xlsx"


def without_far_cells(path: Path, folder: Path, sheets: Collection[str] | None = None) -> tuple[Path, list[Finding]]:
    """Size the sheets about to be read (``sheets``, all when None) from the file's own XML before
    any reader builds a grid: far cells (a stray value in column XFD or at AMJ1048576 makes a
    reader allocate the whole rectangle, gigabytes) are cut from a temporary copy in ``folder``
    and reported; a file still over the cell limit is refused (:class:`WorkbookUnreadable`). The
    format is told from the bytes (.xlsx/.xlsm, .xlsb, .ods, .xls); an .ods or .xls is sized whole
    (its reader parses every sheet when it opens the file). Returns the path to read (the file
    itself when nothing is far) and the findings; the file itself is not changed."""
    kind = file_kind(path)
    if kind == "xlsx":
        return _xlsx_without_far_cells(path, folder, sheets)
    if kind == "ods":
        return ods_extent.without_far_cells(path, folder)
    if kind == "xls":
        return xls_extent.xls_without_far_cells(path, folder)
    if kind == "xlsb":
        return xlsb_extent.without_far_cells(path, folder, sheets)
    return path, []


def _entry(item: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new entry of the same name and date for the temporary copy, stored: packing it again would
    take longer than the read (1.5 s for the 58 MB sheet of 100,000 persons)."""
    return zipfile.ZipInfo(item.filename, item.date_time)


def _xlsx_without_far_cells(path: Path, folder: Path, sheets: Collection[str] | None) -> tuple[Path, list[Finding]]:
    with zipfile.ZipFile(path) as z:
        try:
            parts = worksheet_parts(z)
        except Exception:  # not a workbook inside: the reader says so, naming the file
            return path, []
        extents = {part: worksheet_extent(functools.partial(z.open, part), name) for name, part in parts
                   if sheets is None or name in sheets}
        check_cells(path.name, extents.values())
        far = {part: extent for part, extent in extents.items() if extent.far}
        if not far:
            return path, []
        found: list[Finding] = []
        copy = folder / f"hoctap-doc-{path.stem[:40]}.xlsx"
        with zipfile.ZipFile(copy, "w") as out:
            for item in z.infolist():
                with out.open(_entry(item), "w") as dst:
                    if item.filename in far:
                        found += cut_worksheet(functools.partial(z.open, item), far[item.filename], dst, path.name)
                    else:
                        with z.open(item) as src:
                            shutil.copyfileobj(src, dst, 1 << 20)
    return copy, found
