"""Guards run on a workbook file before any reader touches it.

A file sent by a commune may be empty, a folder, password-protected, not a spreadsheet, or
crafted to exhaust memory (zip bombs, entity bombs, a huge declared string count, a stray value
in column XFD that makes a reader allocate the whole rectangle). :func:`sniff` refuses the first
kinds with a :class:`~hoctap_xl.errors.WorkbookUnreadable` naming the file; :func:`without_far_cells`
cuts far cells from a temporary copy and reports them as ``o-ngoai-bang``. The file itself is
never changed. The limits are described in docs/developer-guide.md.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from hoctap_xl.errors import WorkbookUnreadable
from hoctap_xl.findings import Finding, finding
from hoctap_xl.formats.ooxml_parts import worksheet_parts
from hoctap_xl.sheets.cells import col_to_index, index_to_col

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Limits on what a workbook may unpack to, checked before any reader touches it (docs/limits in
# docs/developer-guide.md). A real commune workbook of 6,000 people unpacks to about 15 MB.
MAX_UNPACKED = 400 * 1024 * 1024      # all parts together
MAX_PART = 200 * 1024 * 1024          # one part
MAX_RATIO = 250                       # unpacked ÷ packed for a part over 1 MB (XML packs ~10-30x)
MAX_PARTS = 5_000
XML_HEAD = 4096                       # bytes of each XML part looked at for a DOCTYPE

MAX_COLUMNS = 1024
"""Columns read per sheet; the widest table of the template has under 40."""
_FAR_CELL = re.compile(rb'<c r="([A-Z]{3})(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)
_FAR_REF = re.compile(rb'<c r="([A-Z]{3})\d+"')
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')
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


def _far(col: bytes) -> bool:
    return col_to_index(col.decode()) > MAX_COLUMNS


def _cut_far(data: bytes) -> tuple[bytes, list[str]]:
    """A sheet part without its far cells (and without its ``<dimension>``), and the cut cells' refs."""
    cut: list[str] = []

    def drop(m: re.Match[bytes]) -> bytes:
        if not _far(m.group(1)):
            return m.group(0)
        cut.append(f"{m.group(1).decode()}{m.group(2).decode()}")
        return b""

    return _DIMENSION.sub(b"", _FAR_CELL.sub(drop, data), count=1), cut


def without_far_cells(path: Path, folder: Path) -> tuple[Path, list[Finding]]:
    """A stray value far to the right (up to column XFD) makes a reader allocate every cell of
    the rectangle — gigabytes for 6,000 rows. Such cells are cut from a temporary copy (in
    ``folder``) before reading, each sheet's count reported; the file itself is not changed.
    Returns the path to read (the file itself when nothing is far)."""
    found: list[Finding] = []
    with zipfile.ZipFile(path) as z:
        try:
            parts = {part: name for name, part in worksheet_parts(z)}
        except Exception:  # not a workbook inside: the reader says so, naming the file
            return path, []
        cut: dict[str, bytes] = {}
        for part, sheet in parts.items():
            data = z.read(part)
            if not any(_far(m.group(1)) for m in _FAR_REF.finditer(data)):
                continue
            cut[part], refs = _cut_far(data)
            found.append(finding("o-ngoai-bang", sheet=sheet, cell=refs[0], file=path.name, sheet_name=sheet,
                                 count=len(refs), last_column=index_to_col(MAX_COLUMNS), first=refs[0]))
        if not cut:
            return path, []
        copy = folder / f"hoctap-doc-{path.stem[:40]}.xlsx"
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
            for item in z.infolist():
                out.writestr(item, cut.get(item.filename, z.read(item)))
    return copy, found
