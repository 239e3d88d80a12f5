"""Store computed values as the *cached values* of formula cells inside an existing .xlsx/.xlsm.

openpyxl cannot do this job: it drops form buttons and charts and writes no cached values. So
this module edits the sheet XML inside the zip directly, by string surgery on the matched cell
elements only. Everything else in the file (VBA project, drawings, styles, other sheets, and
every cell that is not patched) keeps its exact bytes.

Only the standard library is used. The two small workbook parts (``xl/workbook.xml`` and its
relationships) go through :mod:`xml.etree.ElementTree`; the sheet parts, which can hold several
megabytes, are scanned with regular expressions and never turned into a DOM.

Public API:

* :func:`sheet_part` — sheet name → zip part (``xl/worksheets/sheet4.xml``);
* :func:`formula_blocks` — every formula cell (plain or array) of some sheets;
* :func:`write_cached_values` — atomic patch of cached values, with a :class:`PatchReport`;
* cell-reference helpers :func:`col_to_index`, :func:`index_to_col`, :func:`split_ref`,
  :func:`expand_range`.
"""

from __future__ import annotations

import functools
import math
import os
import posixpath
import re
import stat
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeAlias
from urllib.parse import unquote

from hoctap_xl.errors import HoctapError, WorkbookUnreadable

CellValue: TypeAlias = bool | int | float | str | None
PathLike: TypeAlias = str | os.PathLike[str]

MAX_TEXT = 32767
"""Excel's limit on the length of a cell's text; longer strings are cut to it."""

DEFAULT_WORKBOOK = "xl/workbook.xml"
OFFICE_DOCUMENT = "/officeDocument"
WORKSHEET = "/worksheet"


class SheetNotFound(HoctapError, KeyError):
    """A sheet name that the workbook does not have."""

    def __init__(self, sheet: str, available: list[str]) -> None:
        self.sheet = sheet
        self.available = available
        super().__init__(f"Không có sheet '{sheet}' trong sổ (các sheet hiện có: {', '.join(available)}).")

    def __str__(self) -> str:  # KeyError would otherwise show the message in quotes
        return str(self.args[0])


class PatchError(HoctapError, ValueError):
    """A sheet part that cannot be patched safely (unusual XML); nothing is written."""


# ---------------------------------------------------------------------------------------------
# Cell references
# ---------------------------------------------------------------------------------------------

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})")


def col_to_index(col: str) -> int:
    """Column letters to a 1-based index: ``"A"`` → 1, ``"AB"`` → 28."""
    if not col or not col.isascii() or not col.isalpha():
        raise ValueError(f"not a column: {col!r}")
    index = 0
    for letter in col.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def index_to_col(index: int) -> str:
    """A 1-based column index to letters: 28 → ``"AB"``."""
    if index < 1:
        raise ValueError(f"column index must be at least 1, got {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def split_ref(ref: str) -> tuple[str, int]:
    """``"S4"`` → ``("S", 4)``; ``$`` marks are ignored and letters upper-cased."""
    m = _REF.fullmatch(ref.strip())
    if m is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return m.group(1).upper(), int(m.group(2))


_column = functools.lru_cache(maxsize=4096)(col_to_index)


def _position(ref: str) -> tuple[int, int]:
    """``"S4"`` → ``(4, 19)`` (row, column); this runs once per targeted cell, so it is lean."""
    m = _REF.fullmatch(ref)
    if m is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), _column(m.group(1).upper())


def _bounds(rng: str) -> tuple[int, int, int, int]:
    """``"S4:X6"`` → ``(first_row, first_col, last_row, last_col)``, in whichever order given."""
    first, _, last = rng.partition(":")
    r1, c1 = _position(first)
    r2, c2 = _position(last or first)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def bounds(rng: str) -> tuple[int, int, int, int]:
    """``"S4:X6"`` → ``(first_row, first_col, last_row, last_col)`` (1-based)."""
    return _bounds(rng.replace("$", ""))


def expand_range(rng: str) -> Iterator[str]:
    """Every cell of ``"S4:X6"`` row by row (``S4, T4, … X4, S5, …``); a single ref gives itself."""
    r1, c1, r2, c2 = _bounds(rng)
    cols = [index_to_col(c) for c in range(c1, c2 + 1)]
    for row in range(r1, r2 + 1):
        for col in cols:
            yield f"{col}{row}"


def _qualified(sheet: str, ref: str) -> str:
    """``'Công dân học tập'!S4`` (quotes only when the name needs them, as Excel writes it)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet):
        return f"{sheet}!{ref}"
    return "'" + sheet.replace("'", "''") + f"'!{ref}"


# ---------------------------------------------------------------------------------------------
# Sheet name → part
# ---------------------------------------------------------------------------------------------


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


def _sheet_table(zf: zipfile.ZipFile) -> list[tuple[str, str | None, str]]:
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


def _same_name(a: str, b: str) -> bool:
    """Excel compares sheet names ignoring case; also ignore Unicode composition (NFC vs NFD)."""
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


def sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str:
    """The zip part holding sheet ``sheet_name``, e.g. ``xl/worksheets/sheet4.xml``.

    The name is matched exactly first, then the way Excel does (case-insensitively, and
    regardless of how the Vietnamese diacritics are composed). Raises :class:`SheetNotFound`
    (a :class:`KeyError`) when the workbook has no such sheet or its part is absent.
    """
    table = _sheet_table(zf)
    match = next((row for row in table if row[0] == sheet_name), None)
    if match is None:
        match = next((row for row in table if _same_name(row[0], sheet_name)), None)
    if match is None or match[1] is None:
        raise SheetNotFound(sheet_name, [row[0] for row in table])
    return match[1]


# ---------------------------------------------------------------------------------------------
# Scanning a sheet part
# ---------------------------------------------------------------------------------------------

_NAME_END = r"(?=[\s/>])"
_SHEET_DATA_OPEN = re.compile(r"<(?P<prefix>[\w.-]+:)?sheetData" + _NAME_END + r"[^>]*?(?P<empty>/?)>")
_ATTR = r"""(?:^|(?<=\s)){name}\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')"""
_ATTRS = {name: re.compile(_ATTR.format(name=name)) for name in ("r", "t", "ref")}
_T_ATTR = re.compile(r"""\s+t\s*=\s*(?:"[^"]*"|'[^']*')""")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_XML_DECL_ENCODING = re.compile(r"""^\ufeff?<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']""")
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _Patterns(NamedTuple):
    """Regexes for the elements of one sheet part, spelled with its namespace prefix."""

    row: re.Pattern[str]
    cell: re.Pattern[str]
    formula: re.Pattern[str]
    value: re.Pattern[str]


@functools.lru_cache(maxsize=8)
def _patterns(prefix: str) -> _Patterns:
    """Patterns for a sheet whose main namespace has ``prefix`` (``""`` or e.g. ``"x:"``).

    Spelling the prefix out (instead of matching any prefix) lets the regex engine jump between
    literal ``<c`` / ``<f`` openings, which keeps a 6,000-row sheet fast.
    """
    p = re.escape(prefix)

    def element(name: str, inner: str) -> re.Pattern[str]:
        # Unrolled loops ("not '<', or a '<' that does not close the element") instead of lazy
        # ".*?": the same matches, about half the time on a sheet of 150,000 cells.
        attrs = r"(?P<attrs>[^>/]*(?:/(?!>)[^>/]*)*)"
        close = f"</{p}{name}\\s*>"
        content = f"(?P<{inner}>[^<]*(?:<(?!/{p}{name}\\s*>)[^<]*)*)"
        return re.compile(f"<{p}{name}{_NAME_END}{attrs}(?:/>|>{content}{close})")

    return _Patterns(
        row=re.compile(f"<{p}row{_NAME_END}(?P<attrs>[^>]*)>"),
        cell=element("c", "body"),
        formula=element("f", "text"),
        value=re.compile(f"<{p}(?P<n>v|is){_NAME_END}[^>]*?(?:/>|>.*?</{p}(?P=n)\\s*>)", re.S),
    )


def _attr(attrs: str, name: str) -> str | None:
    """Value (still XML-escaped) of attribute ``name`` (``r``, ``t`` or ``ref``) in a start tag."""
    m = _ATTRS[name].search(attrs)
    if m is None:
        return None
    return m.group("dq") if m.group("dq") is not None else m.group("sq")


def _cell_ref(attrs: str) -> str | None:
    """The ``r`` attribute of a cell, cheaply for the usual ``<c r="A1" …>`` spelling."""
    if attrs.startswith(' r="'):
        end = attrs.find('"', 4)
        if end > 0:
            return attrs[4:end]
    return _attr(attrs, "r")


def _unescape(text: str) -> str:
    """Undo XML escaping: the five predefined entities and character references."""
    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _ENTITIES[ref]

    return _ENTITY.sub(one, text) if "&" in text else text


def _decode(data: bytes, part: str) -> tuple[str, str]:
    """Text of an XML part and the codec that gives its bytes back unchanged (BOM kept as text)."""
    codec = "utf-16-le" if data[:2] == b"\xff\xfe" else "utf-16-be" if data[:2] == b"\xfe\xff" else "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise PatchError(f"Phần {part} không phải văn bản UTF-8/UTF-16 ({exc}).") from exc
    declared = _XML_DECL_ENCODING.match(text)
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8", "utf-16"):
        raise PatchError(f"Phần {part} dùng mã hóa {declared.group(1)}, chưa hỗ trợ.")
    return text, codec


class _Cell(NamedTuple):
    """A cell element found in a sheet part: its position (0, 0 when unknown) and regex match."""

    row: int
    col: int
    match: re.Match[str]

    @property
    def ref(self) -> str:
        return f"{index_to_col(self.col)}{self.row}" if self.row and self.col else ""


class _SheetXml:
    """The text of a sheet part, with its rows indexed; cells are found on demand.

    Nothing here builds a tree: rows are located with one regex pass, formula cells from their
    ``<f>`` elements, and a targeted cell by its ``r="S4"`` attribute within its row.
    """

    def __init__(self, text: str, part: str) -> None:
        self.text = text
        self.part = part
        opening = _SHEET_DATA_OPEN.search(text)
        self.prefix = (opening.group("prefix") or "") if opening else ""
        self.re = _patterns(self.prefix)
        self.span = self._sheet_data(opening)
        self._rows: dict[int, tuple[int, int]] | None = None

    def _sheet_data(self, opening: re.Match[str] | None) -> tuple[int, int] | None:
        """Span of the content of ``<sheetData>``; None when the sheet has no cells at all."""
        if opening is None or opening.group("empty"):
            return None
        closing = self.text.rfind(f"</{self.prefix}sheetData", opening.end())
        if closing < 0:
            raise PatchError(f"Phần {self.part} hỏng: thiếu </sheetData>.")
        span = opening.end(), closing
        if self.text.find("<!", *span) >= 0 or self.text.find("<?", *span) >= 0:
            # Comments, CDATA or processing instructions could hide '<c' or '</c>' from the regexes.
            raise PatchError(f"Phần {self.part} có chú thích/CDATA trong sheetData, không sửa an toàn được.")
        return span

    def rows(self) -> dict[int, tuple[int, int]]:
        """Row number → span of the row's content (up to the next row), in document order.

        A row without ``r`` is numbered one after the previous row, as Excel does.
        """
        if self._rows is None:
            self._rows = {}
            if self.span is not None:
                number, content = 0, -1
                for m in self.re.row.finditer(self.text, *self.span):
                    if content >= 0:
                        self._rows.setdefault(number, (content, m.start()))
                    r = _attr(m.group("attrs"), "r")
                    number = int(r) if r and r.isdigit() else number + 1
                    content = m.end()
                if content >= 0:
                    self._rows.setdefault(number, (content, self.span[1]))
        return self._rows

    def cells(self, row: int, region: tuple[int, int]) -> Iterator[_Cell]:
        """The cells of one row; a cell without ``r`` is one column right of the previous one."""
        col = 0
        for m in self.re.cell.finditer(self.text, *region):
            ref = _cell_ref(m.group("attrs"))
            if ref is None:
                col += 1
                yield _Cell(row, col, m)
                continue
            try:
                cell_row, col = _position(ref)
            except ValueError:
                yield _Cell(0, 0, m)
                continue
            yield _Cell(cell_row, col, m)

    def all_cells(self) -> Iterator[_Cell]:
        """Every cell of the sheet, in document order."""
        for row, region in self.rows().items():
            yield from self.cells(row, region)

    def find(self, ref: str, row: int, col: int) -> _Cell | None:
        """The cell element at (row, col), or None when the XML has none there."""
        region = self.rows().get(row)
        if region is None:
            return None
        pos = self.text.find(f' r="{ref}"', *region)
        if pos >= 0:  # fast path: the usual spelling, confirmed to be a cell's own attribute
            start = self.text.rfind("<", region[0], pos)
            m = self.re.cell.match(self.text, start) if start >= 0 else None
            if m is not None and m.start("attrs") <= pos < m.end("attrs"):
                return _Cell(row, col, m)
        return next((c for c in self.cells(row, region) if (c.row, c.col) == (row, col)), None)

    def formula_cells(self) -> list[tuple[_Cell, re.Match[str]]]:
        """(cell, its ``<f>`` match) for every formula cell, found from the ``<f>`` elements.

        ``<f>`` is a cell's first child, so the tag just before it opens the cell. When that
        does not hold, or a formula cell has no ``r``, the whole sheet is walked instead.
        """
        if self.span is None:
            return []
        found: list[tuple[_Cell, re.Match[str]]] = []
        for f in self.re.formula.finditer(self.text, *self.span):
            start = self.text.rfind("<", self.span[0], f.start())
            m = self.re.cell.match(self.text, start) if start >= 0 else None
            ref = _cell_ref(m.group("attrs")) if m is not None and m.end() >= f.end() else None
            if m is None or ref is None:
                return self._formula_cells_by_walking()
            try:
                row, col = _position(ref)
            except ValueError:
                continue
            found.append((_Cell(row, col, m), f))
        return found

    def _formula_cells_by_walking(self) -> list[tuple[_Cell, re.Match[str]]]:
        found: list[tuple[_Cell, re.Match[str]]] = []
        for cell in self.all_cells():
            start, end = cell.match.span("body")
            f = self.re.formula.search(self.text, start, end) if start >= 0 else None
            if f is not None and cell.row:
                found.append((cell, f))
        return found


# ---------------------------------------------------------------------------------------------
# Formula blocks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormulaBlock:
    """A formula cell, or the whole range of an array formula anchored at ``first``."""

    sheet: str
    first: str
    ref: str
    formula: str
    is_array: bool


def _is_array(f: re.Match[str]) -> bool:
    return _attr(f.group("attrs"), "t") == "array"


def _blocks_in(sheet: str, xml: _SheetXml) -> list[FormulaBlock]:
    blocks = []
    for cell, f in xml.formula_cells():
        is_array = _is_array(f)
        block_ref = _attr(f.group("attrs"), "ref") if is_array else None
        blocks.append(FormulaBlock(sheet=sheet, first=cell.ref, ref=(block_ref or cell.ref).replace("$", ""),
                                   formula=_unescape(f.group("text") or ""), is_array=is_array))
    return blocks


def _open(path: PathLike) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path, "r")
    except zipfile.BadZipFile as exc:
        raise WorkbookUnreadable(f"Tệp {os.fspath(path)} không phải sổ Excel .xlsx/.xlsm ({exc}).") from exc


def _read_sheet(zf: zipfile.ZipFile, part: str) -> tuple[_SheetXml, str]:
    text, codec = _decode(zf.read(part), part)
    return _SheetXml(text, part), codec


def formula_blocks(path: PathLike, sheet_names: list[str] | None = None) -> list[FormulaBlock]:
    """Every formula cell of ``sheet_names`` (all worksheets when None), in sheet then cell order.

    Array formulas (``<f t="array" ref="S4:X6003">``) come once, with ``ref`` their whole range;
    plain and shared formulas come per cell with ``ref == first`` and the text they carry.
    """
    with _open(path) as zf:
        if sheet_names is None:
            parts = [(name, part) for name, part, rel_type in _sheet_table(zf)
                     if part is not None and rel_type.endswith(WORKSHEET)]
        else:
            parts = [(name, sheet_part(zf, name)) for name in sheet_names]
        blocks: list[FormulaBlock] = []
        for name, part in parts:
            blocks.extend(_blocks_in(name, _read_sheet(zf, part)[0]))
        return blocks


# ---------------------------------------------------------------------------------------------
# Writing cached values
# ---------------------------------------------------------------------------------------------


@dataclass
class PatchReport:
    """What :func:`write_cached_values` did."""

    patched: int = 0
    missing: list[str] = field(default_factory=list)
    """Targeted cells not written (``'Sheet'!S4``): absent, or no longer a formula result cell."""
    sheets: list[str] = field(default_factory=list)
    """Sheets with at least one patched cell, in the order given."""


def _escape_text(text: str) -> str:
    """XML-escape text for element content; drop characters XML 1.0 forbids; keep a lone CR."""
    text = _ILLEGAL_XML.sub("", text)[:MAX_TEXT]
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;").replace("\r", "&#13;"))


def _render_value(value: CellValue) -> tuple[str | None, str]:
    """(``t`` attribute or None, escaped ``<v>`` text) for a cached value."""
    if value is None:
        return "str", ""
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, int):
        return None, int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "e", "#NUM!"
        return None, float.__repr__(value)
    if isinstance(value, str):
        return "str", _escape_text(value)
    raise TypeError(f"cannot store a {type(value).__name__} as a cached value: {value!r}")


def _with_type(attrs: str, cell_type: str | None) -> str:
    """The cell's attribute text with ``t`` set to ``cell_type`` (removed when None), rest untouched."""
    existing = _T_ATTR.search(attrs) if "t" in attrs else None
    if existing is not None:
        new = "" if cell_type is None else f' t="{cell_type}"'
        return attrs[:existing.start()] + new + attrs[existing.end():]
    if cell_type is None:
        return attrs
    content = attrs.rstrip()
    return content + f' t="{cell_type}"' + attrs[len(content):]


def _render_cell(xml: _SheetXml, cell: _Cell, rendered: tuple[str | None, str]) -> str:
    """The cell element with a new cached value; its ``<f>``, extLst and attributes are kept."""
    m, p, drop = cell.match, xml.prefix, xml.re.value
    cell_type, text = rendered
    new_value = f"<{p}v>{text}</{p}v>"
    body = m.group("body") or ""
    f = xml.re.formula.search(body) if "f" in body else None
    if f is None:
        inner = new_value + drop.sub("", body)
    else:
        inner = drop.sub("", body[:f.start()]) + f.group(0) + new_value + drop.sub("", body[f.end():])
    return f"<{p}c{_with_type(m.group('attrs'), cell_type)}>{inner}</{p}c>"


def _array_ranges(formulas: list[tuple[_Cell, re.Match[str]]]) -> list[tuple[int, int, int, int]]:
    """Bounds (first row, first col, last row, last col) of every array formula."""
    ranges = []
    for cell, f in formulas:
        if not _is_array(f):
            continue
        ref = _attr(f.group("attrs"), "ref")
        try:
            ranges.append(_bounds(ref.replace("$", "")) if ref else (cell.row, cell.col, cell.row, cell.col))
        except ValueError:
            continue
    return ranges


def _inside(ranges: list[tuple[int, int, int, int]], row: int, col: int) -> bool:
    return any(r1 <= row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in ranges)


def _patch_sheet(xml: _SheetXml, sheet: str, targets: Mapping[str, CellValue], report: PatchReport) -> str:
    """The sheet part's text with the targeted result cells' cached values replaced.

    A target is written when its cell has a formula, or lies in an array formula's range and
    exists in the XML; any other target is reported missing and nothing is created.
    """
    wanted: dict[tuple[int, int], tuple[str, str, tuple[str | None, str]]] = {}
    for ref, value in targets.items():
        plain = ref.strip().replace("$", "").upper()
        wanted[_position(plain)] = (ref, plain, _render_value(value))
    formulas = xml.formula_cells()
    with_formula = {(cell.row, cell.col): cell for cell, _ in formulas}
    arrays = _array_ranges(formulas)

    edits: dict[int, tuple[int, str]] = {}  # start of the old element → (its end, new element)
    for (row, col), (ref, plain, rendered) in wanted.items():
        cell = with_formula.get((row, col))
        if cell is None and _inside(arrays, row, col):
            cell = xml.find(plain, row, col)
        if cell is None or cell.match.start() in edits:
            report.missing.append(_qualified(sheet, ref))
            continue
        edits[cell.match.start()] = (cell.match.end(), _render_cell(xml, cell, rendered))

    pieces, last = [], 0
    for start in sorted(edits):
        end, element = edits[start]
        pieces += [xml.text[last:start], element]
        last = end
    pieces.append(xml.text[last:])
    report.patched += len(edits)
    if edits:
        report.sheets.append(sheet)
    return "".join(pieces)


def _temp_beside(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(name)


def _copy_zip(zin: zipfile.ZipFile, out: Path, replaced: Mapping[str, bytes]) -> None:
    """Write every entry of ``zin`` to ``out`` in order; ``replaced`` parts get new, deflated bytes."""
    with open(out, "wb") as fh:
        with zipfile.ZipFile(fh, "w", allowZip64=True) as zout:
            zout.comment = zin.comment
            for info in zin.infolist():
                new = replaced.get(info.filename)
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type = zipfile.ZIP_DEFLATED if new is not None else info.compress_type
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                copy.comment = info.comment
                zout.writestr(copy, new if new is not None else zin.read(info))
        fh.flush()
        os.fsync(fh.fileno())


def _keep_mode(tmp: Path, dst: Path, src: Path) -> None:
    """Give the new file the permissions of the file it replaces (mkstemp makes it 0600)."""
    try:
        model = dst if dst.exists() else src
        os.chmod(tmp, stat.S_IMODE(model.stat().st_mode))
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_cached_values(src: PathLike, dst: PathLike,
                        values: Mapping[str, Mapping[str, CellValue]]) -> PatchReport:
    """Copy ``src`` to ``dst`` storing ``values`` (sheet → {"S4": value}) as cached values.

    Only existing formula cells and cells inside an array formula's range are written; other
    targets are listed in :attr:`PatchReport.missing`, never created. All other zip entries keep
    their decompressed bytes, names, order and compression; ``xl/calcChain.xml`` is left alone.
    The write is atomic (temporary file beside ``dst``, fsync, :func:`os.replace`) and ``dst`` may
    be ``src``. On any error ``dst`` is unchanged and the temporary file is removed.
    """
    src_path, dst_path = Path(src), Path(dst)
    in_place = dst_path.exists() and src_path.resolve() == dst_path.resolve()
    report = PatchReport()
    tmp: Path | None = None
    try:
        with _open(src_path) as zin:
            replaced: dict[str, bytes] = {}
            for sheet, targets in values.items():
                part = sheet_part(zin, sheet)
                if not targets:
                    continue
                text, codec = _decode(replaced[part] if part in replaced else zin.read(part), part)
                new_text = _patch_sheet(_SheetXml(text, part), sheet, targets, report)
                if new_text != text:
                    replaced[part] = new_text.encode(codec)
            if in_place and not replaced:
                return report
            tmp = _temp_beside(dst_path)
            _copy_zip(zin, tmp, replaced)
        _keep_mode(tmp, dst_path, src_path)
        os.replace(tmp, dst_path)
        tmp = None
        _fsync_dir(dst_path.parent)
        return report
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
