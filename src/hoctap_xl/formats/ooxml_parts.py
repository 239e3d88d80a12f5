"""Finding the parts of an .xlsx/.xlsm package: which zip entry holds which sheet.

An Office Open XML workbook is a zip of XML parts tied together by relationship files
(``_rels/*.rels``). This module follows them the way Excel does (relative or absolute targets,
percent-encoded or differently cased entry names, sheet names compared case-insensitively),
so the readers and the patcher agree on where a sheet lives. Only the two small workbook parts
(``xl/workbook.xml`` and its relationships) are parsed, with :mod:`xml.etree.ElementTree`.
"""

from __future__ import annotations

import os
import posixpath
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from typing import TypeAlias
from urllib.parse import unquote

from hoctap_xl.errors import HoctapError, WorkbookUnreadable

PathLike: TypeAlias = str | os.PathLike[str]

DEFAULT_WORKBOOK = "xl/workbook.xml"
OFFICE_DOCUMENT = "/officeDocument"
WORKSHEET = "/worksheet"


class SheetNotFound(HoctapError, KeyError):
    """A sheet name that the workbook does not have."""

    def __init__(self, sheet: str, available: list[str]) -> None:
        """The missing ``sheet`` and the names the workbook does have."""
        self.sheet = sheet
        self.available = available
        super().__init__(f"Không có sheet '{sheet}' trong sổ (các sheet hiện có: {', '.join(available)}).")

    def __str__(self) -> str:
        """The message itself (a KeyError would otherwise show it in quotes)."""
        return str(self.args[0])


def open_package(path: PathLike) -> zipfile.ZipFile:
    """The workbook at ``path`` opened as a zip; a file that is not one is :class:`WorkbookUnreadable`."""
    try:
        return zipfile.ZipFile(path, "r")
    except zipfile.BadZipFile as exc:
        raise WorkbookUnreadable(f"Tệp {os.fspath(path)} không phải sổ Excel .xlsx/.xlsm ({exc}).") from exc


def _local(tag: str) -> str:
    """Local name of an ElementTree tag or attribute key (``{ns}name`` → ``name``)."""
    return tag.rpartition("}")[2]


def _parse_part(zf: zipfile.ZipFile, name: str) -> ET.Element:
    try:
        return ET.fromstring(zf.read(name))
    except (KeyError, ET.ParseError) as exc:
        raise WorkbookUnreadable(f"Tệp không đọc được: phần {name} hỏng hoặc thiếu ({exc}).") from exc


def _zip_name(zf: zipfile.ZipFile, name: str) -> str | None:
    """The zip entry for part ``name``: exact, then percent-decoded, then case-insensitive (OPC)."""
    names = zf.NameToInfo
    for candidate in (name, unquote(name)):
        if candidate in names:
            return candidate
    wanted = {name.lower(), unquote(name).lower()}
    return next((n for n in names if n.lower() in wanted), None)


def _rels_name(part: str) -> str:
    """``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source_part: str, target: str) -> str:
    """A relationship target, relative to its source part's folder or absolute (``/xl/…``)."""
    joined = target if target.startswith("/") else posixpath.join("/" + posixpath.dirname(source_part), target)
    return posixpath.normpath(joined).lstrip("/")


def _relationships(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, resolved part name) of the internal relationships of ``part``."""
    rels = _zip_name(zf, _rels_name(part))
    if rels is None:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for el in _parse_part(zf, rels).iter():
        if _local(el.tag) != "Relationship" or el.get("TargetMode", "Internal") == "External":
            continue
        rid, target = el.get("Id"), el.get("Target")
        if rid and target:
            found[rid] = (el.get("Type", ""), _resolve(part, target))
    return found


def _workbook_part(zf: zipfile.ZipFile) -> str:
    """The workbook part named by the package relationships, normally ``xl/workbook.xml``."""
    for rel_type, target in _relationships(zf, "").values():
        if rel_type.endswith(OFFICE_DOCUMENT):
            found = _zip_name(zf, target)
            if found is not None:
                return found
    return DEFAULT_WORKBOOK


def sheet_table(zf: zipfile.ZipFile) -> list[tuple[str, str | None, str]]:
    """(sheet name, part or None, relationship type) of every sheet, in workbook order."""
    book = _workbook_part(zf)
    rels = _relationships(zf, book)
    table: list[tuple[str, str | None, str]] = []
    for el in _parse_part(zf, book).iter():
        if _local(el.tag) != "sheet" or el.get("name") is None:
            continue
        rid = next((v for k, v in el.attrib.items() if k.startswith("{") and _local(k) == "id"), None)
        rel_type, target = rels.get(rid or "", ("", ""))
        table.append((el.get("name", ""), _zip_name(zf, target) if target else None, rel_type))
    return table


def worksheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part) of every worksheet present in the package (chart sheets left out)."""
    return [(name, part) for name, part, rel_type in sheet_table(zf)
            if part is not None and rel_type.endswith(WORKSHEET)]


def _same_name(a: str, b: str) -> bool:
    """Excel compares sheet names ignoring case; also ignore Unicode composition (NFC vs NFD)."""
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


def sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str:
    """The zip part holding sheet ``sheet_name``, e.g. ``xl/worksheets/sheet4.xml``.

    The name is matched exactly first, then the way Excel does (case-insensitively, and
    regardless of how the Vietnamese diacritics are composed). Raises :class:`SheetNotFound`
    (a :class:`KeyError`) when the workbook has no such sheet or its part is absent.
    """
    table = sheet_table(zf)
    match = next((row for row in table if row[0] == sheet_name), None)
    if match is None:
        match = next((row for row in table if _same_name(row[0], sheet_name)), None)
    if match is None or match[1] is None:
        raise SheetNotFound(sheet_name, [row[0] for row in table])
    return match[1]
