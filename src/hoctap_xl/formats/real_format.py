"""What a spreadsheet file really is, from its bytes, whatever its name says.

A commune may send an Excel 97-2003 file renamed ``.xlsm``, a web page or a CSV "saved as
Excel" by another program, a Word document, or a zip holding the workbook. The readers go by the
name's extension, so :func:`hoctap_xl.formats.file_guards.sniff` asks this module which format the
bytes hold: a zip (an Office Open XML workbook — ``xl/workbook.xml``, or ``xl/workbook.bin`` for
``.xlsb`` — or an OpenDocument spreadsheet), an OLE compound file (a ``.xls`` has a ``Workbook``
or ``Book`` stream, a password-protected Office file an ``EncryptedPackage``) or text. Nothing
here changes the file; :func:`readable_copy` makes a temporary copy the reader can open when the
name's extension is wrong, or when a workbook has Excel 4 macro sheets python-calamine refuses.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import BinaryIO

ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")  # a part, an empty zip, a spanned zip
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How a zip package and an OLE compound file (.xls) begin."""

XLSX, XLSM, XLSB, XLS, ODS = ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"
"""The real formats, each named by its own extension."""

LABEL = {XLSX: "sổ Excel không có macro (.xlsx)", XLSM: "sổ Excel có macro (.xlsm)",
         XLSB: "sổ Excel dạng nhị phân (.xlsb)", XLS: "sổ Excel 97-2003 (.xls)",
         ODS: "bảng tính OpenDocument (.ods)"}
"""The real formats in words, for messages."""

READS_AS = {XLSX: (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlam"), XLSM: (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlam"),
            XLSB: (".xlsb",), XLS: (".xls", ".xla"), ODS: (".ods",)}
"""The extensions python-calamine opens each format by (it picks its reader from the name)."""

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MACRO_SHEET_RELS = (b"/xlmacrosheet", b"/xlintlmacrosheet")
"""How the relationship types of Excel 4 macro sheets end (lower case)."""

_TAG_REST = rb'(?:[^>"]|"[^"]*")*>'  # the rest of a start tag; a quoted value may hold a ">"
_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b" + _TAG_REST)
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b" + _TAG_REST)
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b" + _TAG_REST + rb"(?:\s*</(?:\w+:)?sheet>)?")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    """The attributes of one XML start tag, by local name (``r:id`` → ``id``)."""
    return {k.rpartition(b":")[2]: v for k, v in _ATTR.findall(tag)}


class NotAWorkbook(Exception):
    """The bytes hold something else; ``what`` says what in words, ``convertible`` whether Excel
    can open it and save it as a workbook (text, web page, XML 2003) or it is another kind of file."""

    def __init__(self, what: str, convertible: bool) -> None:
        """What the file is, and whether Excel can turn it into a workbook."""
        super().__init__(what)
        self.what = what
        self.convertible = convertible


class Damaged(Exception):
    """The file is a workbook's container whose inside is damaged; ``why`` in words."""


# --- OLE compound files (.xls, encrypted Office files) ----------------------------------------------

_END_OF_CHAIN = 0xFFFFFFFE
CUT_SHORT = "tệp bị cắt cụt hoặc hỏng (cấu trúc bên trong trỏ ra ngoài cuối tệp)"
_MAX_ENTRIES = 4096


def _u32(data: bytes, at: int) -> int:
    return int.from_bytes(data[at:at + 4], "little")


class _Cfb:
    """Just enough of an OLE compound file to list its entries' names (MS-CFB): the header, the
    sector allocation table looked up one entry at a time, the directory chain."""

    def __init__(self, fh: BinaryIO, size: int) -> None:
        self.fh = fh
        self.header = fh.read(512)
        shift = int.from_bytes(self.header[30:32], "little")
        if len(self.header) < 512 or shift not in (9, 12):
            raise Damaged("phần đầu của tệp (dạng Excel 97-2003) bị sai")
        self.size = 1 << shift
        self.sectors = (size - 1) // self.size  # the header takes the first sector; the last may be short
        self.per_sector = self.size // 4
        self.short = False

    def _read(self, sector: int, at: int = 0, n: int | None = None) -> bytes:
        if not 0 <= sector < self.sectors:
            if 0 <= sector < 0xFFFFFFFA:  # a sector number past the end: the file was cut short
                raise Damaged(CUT_SHORT)
            raise ValueError("not a sector")
        self.fh.seek((sector + 1) * self.size + at)
        want = self.size - at if n is None else n
        data = self.fh.read(want)
        self.short |= len(data) < want  # the last sector cut: what is missing reads as zeros
        return data.ljust(want, b"\0")

    def _fat_sector(self, k: int) -> int:
        """The sector holding the ``k``-th block of the allocation table (header, then DIFAT chain)."""
        if k < 109:
            return _u32(self.header, 76 + 4 * k)
        sector, k = _u32(self.header, 68), k - 109
        for _ in range(self.sectors):
            if k < self.per_sector - 1:
                return _u32(self._read(sector, 4 * k, 4), 0)
            sector, k = _u32(self._read(sector, 4 * (self.per_sector - 1), 4), 0), k - (self.per_sector - 1)
        raise ValueError("DIFAT loop")

    def _next(self, sector: int) -> int:
        fat = self._fat_sector(sector // self.per_sector)
        return _u32(self._read(fat, 4 * (sector % self.per_sector), 4), 0)

    def names(self) -> dict[str, int]:
        """Every storage and stream in the directory: its name in lower case (names compare
        case-insensitively) → its size in bytes."""
        found: dict[str, int] = {}
        sector, seen = _u32(self.header, 48), set[int]()
        while sector != _END_OF_CHAIN and len(seen) * self.size // 128 < _MAX_ENTRIES:
            if sector in seen:
                raise ValueError("directory loop")
            seen.add(sector)
            block = self._read(sector)
            for at in range(0, self.size, 128):
                entry = block[at:at + 128]
                length = int.from_bytes(entry[64:66], "little")
                if entry[66] in (1, 2, 5) and 2 <= length <= 64:
                    name = entry[:length - 2].decode("utf-16-le", "replace").lower()
                    found[name] = int.from_bytes(entry[120:128], "little")
            sector = self._next(sector)
        return found


def cfb_kind(fh: BinaryIO, size: int) -> str | None:
    """The format of an OLE compound file: :data:`XLS`; ``None`` for a password-protected Office
    file (an ``EncryptedPackage`` stream). Another Office file raises :class:`NotAWorkbook`, a
    file cut short or with a broken header :class:`Damaged`. A directory that cannot be walked
    otherwise is left to the reader (:data:`XLS`), which says so."""
    try:
        cfb = _Cfb(fh, size)
        names = cfb.names()
    except (ValueError, IndexError):
        return XLS
    if "encryptedpackage" in names:
        return None
    book = names.get("workbook", names.get("book"))
    if book is not None:
        if book > (cfb.sectors + 1) * cfb.size:  # more data than the whole file holds
            raise Damaged(CUT_SHORT)
        return XLS
    if "worddocument" in names:
        raise NotAWorkbook("tài liệu Word 97-2003 (.doc)", False)
    if "powerpoint document" in names:
        raise NotAWorkbook("bản trình chiếu PowerPoint 97-2003 (.ppt)", False)
    if cfb.short:  # the directory itself ends inside the cut: the workbook's entry was there
        raise Damaged(CUT_SHORT)
    raise NotAWorkbook("một tệp Office dạng cũ không có sổ Excel bên trong", False)


# --- zip packages -------------------------------------------------------------------------------------

def _content_types(z: zipfile.ZipFile, names: dict[str, str]) -> dict[str, str]:
    """Part name (lower case, no leading ``/``) → content type, from ``[Content_Types].xml``'s overrides."""
    entry = names.get("[content_types].xml")
    if entry is None:
        return {}
    types: dict[str, str] = {}
    for tag in _OVERRIDE.findall(z.read(entry)):
        attrs = _attrs(tag)
        if b"PartName" in attrs:
            types[attrs[b"PartName"].decode("utf-8", "replace").lstrip("/").lower()] = \
                attrs.get(b"ContentType", b"").decode("utf-8", "replace")
    return types


def zip_kind(z: zipfile.ZipFile) -> str:
    """The format of a zip package: :data:`XLSX`, :data:`XLSM` (by the workbook part's content
    type), :data:`XLSB` or :data:`ODS`. Another document raises :class:`NotAWorkbook`; a workbook
    package without its ``[Content_Types].xml`` raises :class:`Damaged`."""
    names = {n.lower(): n for n in z.namelist()}
    if "mimetype" in names:
        mimetype = z.read(names["mimetype"])[:100].strip()
        if mimetype.startswith(ODS_MIMETYPE):
            return ODS
        if b"opendocument.text" in mimetype:
            raise NotAWorkbook("văn bản OpenDocument (.odt)", False)
    book = "xl/workbook.xml" if "xl/workbook.xml" in names else "xl/workbook.bin" if "xl/workbook.bin" in names else ""
    if book:
        if "[content_types].xml" not in names:
            raise Damaged("thiếu phần [Content_Types].xml mà mọi sổ Excel đều có")
        if book.endswith(".bin"):
            return XLSB
        main = _content_types(z, names).get(book, "")
        return XLSM if "macroenabled" in main.lower() else XLSX
    elsewhere = next((part for part, kind in _content_types(z, names).items()
                      if kind.endswith(".main+xml") and ("spreadsheetml" in kind or "ms-excel" in kind)), None)
    if elsewhere is not None:  # the readers look for xl/workbook.xml only
        raise NotAWorkbook(f"một sổ Excel sắp xếp bên trong theo cách lạ (phần chính ở {elsewhere}, không ở "
                           "xl/workbook.xml)", True)
    if "word/document.xml" in names:
        raise NotAWorkbook("tài liệu Word (.docx)", False)
    if "ppt/presentation.xml" in names:
        raise NotAWorkbook("bản trình chiếu PowerPoint (.pptx)", False)
    if any(n.endswith((".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")) for n in names):
        raise NotAWorkbook("một tệp nén (zip) có sổ Excel ở bên trong — hãy giải nén ra rồi dùng tệp sổ đó", False)
    raise NotAWorkbook("một tệp nén (zip) không có sổ Excel bên trong", False)


# --- text and other files -----------------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_HTML_STARTS = ("<!doctype html", "<html", "<table", "<head", "<meta", "<body", "<style", "<div", "<!--")


def _as_text(head: bytes) -> str | None:
    """The file's first bytes as text, or ``None`` when they are binary."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, "ignore")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(head) // 100:
        return None
    return head.decode("latin-1")


def text_kind(head: bytes) -> NotAWorkbook:
    """What a file that is neither a zip nor an OLE file holds, from its first few KB."""
    if head.startswith(b"%PDF"):
        return NotAWorkbook("tài liệu PDF", False)
    if head.startswith(b"{\\rtf"):
        return NotAWorkbook("văn bản RTF", True)
    text = _as_text(head)
    if text is None:
        return NotAWorkbook("", False)
    low = text.lstrip().lower()
    if low.startswith("mime-version:") or "multipart/related" in low[:2048]:
        return NotAWorkbook("một trang web lưu thành một tệp (.mht)", True)
    if low.startswith(("<?xml", "<workbook", "<?mso-application")):
        if "urn:schemas-microsoft-com:office:spreadsheet" in low or "excel.sheet" in low:
            return NotAWorkbook("bảng tính XML 2003 (XML Spreadsheet) của Excel", True)
        if "<html" not in low:
            return NotAWorkbook("tệp văn bản XML", True)
    if low.startswith(_HTML_STARTS) or "<html" in low or "<table" in low:
        return NotAWorkbook("một trang web (HTML)", True)
    lines = [line for line in low.splitlines()[:20] if line.strip()]
    if lines and all("\t" in line for line in lines[:5]):
        return NotAWorkbook("tệp văn bản phân cách bằng dấu tab", True)
    if lines and sum(1 for line in lines if "," in line or ";" in line) * 2 >= len(lines):
        return NotAWorkbook("tệp văn bản CSV", True)
    return NotAWorkbook("tệp văn bản", True)


# --- a copy the reader can open -----------------------------------------------------------------------

def _without_macro_sheets(source: Path, copy: Path) -> bool:
    """Write ``copy`` without the Excel 4 macro sheets in the workbook's sheet list, when
    ``source`` has any (python-calamine refuses the whole workbook for one; the product never
    reads them, and their parts stay in the copy); whether it did."""
    with zipfile.ZipFile(source) as z:
        names = {n.lower(): n for n in z.namelist()}
        book, rels = names.get("xl/workbook.xml"), names.get("xl/_rels/workbook.xml.rels")
        if book is None or rels is None:
            return False
        ids = {attrs.get(b"Id") for attrs in map(_attrs, _RELATIONSHIP.findall(z.read(rels)))
               if attrs.get(b"Type", b"").lower().endswith(MACRO_SHEET_RELS)}
        if not ids:
            return False
        data = _SHEET.sub(lambda m: b"" if _attrs(m.group(0)).get(b"id") in ids else m.group(0), z.read(book))
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
            for item in z.infolist():
                out.writestr(item, data if item.filename == book else z.read(item))
    return True


def readable_copy(source: Path, real: str, folder: Path) -> Path:
    """``source``, or a copy of it in ``folder`` that python-calamine can open as ``real``: named
    with the right extension, and without the Excel 4 macro sheets it refuses."""
    copy = folder / f"hoctap-doc-dung-duoi-{source.stem[:40]}{real}"
    if real in (XLSX, XLSM) and _without_macro_sheets(source, copy):
        return copy
    if source.suffix.lower() in READS_AS[real]:
        return source
    shutil.copyfile(source, copy)
    return copy


def holds_spreadsheet(path: Path) -> bool:
    """Whether the bytes of ``path`` are a spreadsheet whatever its name (an ``.xls`` saved as
    ``.csv``, a workbook without an extension): at the level above such a file is read, not skipped.
    Never raises; only the first bytes and, for a zip, its directory are looked at."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == CFB_MAGIC:
                fh.seek(0)
                return cfb_kind(fh, path.stat().st_size) == XLS
        if not head.startswith(ZIP_MAGICS):
            return False
        with zipfile.ZipFile(path) as z:
            return zip_kind(z) in (XLSX, XLSM, XLSB, ODS)
    except (OSError, NotAWorkbook, Damaged, zipfile.BadZipFile, ValueError, IndexError, EOFError):
        return False
