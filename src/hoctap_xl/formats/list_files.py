"""A list a commune already keeps, as rows: ``.csv`` (UTF-8, or Windows-1258 as old Vietnamese Excel
saves it; comma, semicolon or tab) or any spreadsheet python-calamine reads (``hoctap-xl import``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hoctap_xl.errors import HoctapError
from hoctap_xl.findings import Finding


def read_list(path: Path, sheet: str | None = None,
              found: list[Finding] | None = None) -> tuple[str, list[list[Any]]]:
    """The sheet's name (the file's name for a CSV) and its rows of plain values; what reading
    found (far cells cut from a spreadsheet) is added to ``found`` when given."""
    from hoctap_xl.formats.real_format import holds_spreadsheet

    if path.suffix.lower() != ".csv" or holds_spreadsheet(path):  # an .xls saved as .csv is read as .xls
        from hoctap_xl.formats.xlsx_read import any_sheet_rows

        return any_sheet_rows(path, sheet, found)
    import csv
    import unicodedata

    if not path.is_file():
        raise HoctapError(f"Không có tệp {path}.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1258", errors="replace")  # Windows-1258: tone marks as combining characters
    text = unicodedata.normalize("NFC", text)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[_csv_value(v) for v in row] for row in csv.reader(text.splitlines(), dialect)]
    return path.name, rows


def _csv_value(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,9}", text):
        return int(text)
    return text


_STYLES_LIMIT = 8 << 20  # a styles part larger than this is not read for font names
_FONTS = re.compile(rb"<(?:\w+:)?fonts\b.*?</(?:\w+:)?fonts>", re.DOTALL)
_FONT_NAME = re.compile(rb"<(?:\w+:)?name\s+val=\"([^\"]*)\"")
_ODS_FONT = re.compile(rb"<style:font-face\b[^>]*?\bsvg:font-family=\"([^\"]*)\"")


def list_fonts(path: Path) -> frozenset[str] | None:
    """The font names a spreadsheet's styles declare (``.VnTime``, ``VNI-Times``, ``Times New Roman``…),
    for telling legacy-encoded text (:func:`hoctap_xl.text.legacy.font_encodings`); ``None`` when
    the file does not say (a CSV, an ``.xls``, a file that is not a readable zip). Never raises."""
    import html
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.lower(): n for n in zf.namelist()}
            if "xl/styles.xml" in names:
                info = zf.getinfo(names["xl/styles.xml"])
                if info.file_size > _STYLES_LIMIT:
                    return None
                section = _FONTS.search(zf.read(info))
                found = _FONT_NAME.findall(section.group()) if section else []
            elif "content.xml" in names:  # OpenDocument: the font-face declarations open each part
                found = []
                for part in ("styles.xml", "content.xml"):
                    if part in names:
                        with zf.open(names[part]) as f:
                            found += _ODS_FONT.findall(f.read(1 << 16))
            else:
                return None
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError, ValueError, EOFError):
        return None
    return frozenset(html.unescape(n.decode("utf-8", "replace")).strip("'\" ") for n in found)
