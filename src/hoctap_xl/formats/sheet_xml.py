"""Scanning the XML of one worksheet part without building a tree, and listing its formula cells.

A sheet part can hold several megabytes, so it is never turned into a DOM: rows are located with
one regular-expression pass, formula cells from their ``<f>`` elements, and a targeted cell by its
``r="S4"`` attribute within its row. The matches (with their spans in the text) are what the
patcher (:mod:`hoctap_xl.formats.xlsx_patch`) edits; :func:`formula_blocks` is what ``score`` and
``results`` use to find the product's result formulas wherever they sit now, and :func:`error_cells`
what the level above uses to see a stored ``#NAME?`` (python-calamine reads error values as blanks).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from hoctap_xl.errors import HoctapError
from hoctap_xl.formats.ooxml_parts import PathLike, open_package, sheet_part, worksheet_parts
from hoctap_xl.sheets.cells import index_to_col, position

_NAME_END = r"(?=[\s/>])"
_SHEET_DATA_OPEN = re.compile(r"<(?P<prefix>[\w.-]+:)?sheetData" + _NAME_END + r"[^>]*?(?P<empty>/?)>")
_ATTR = r"""(?:^|(?<=\s)){name}\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')"""
_ATTRS = {name: re.compile(_ATTR.format(name=name)) for name in ("r", "t", "ref")}
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_XML_DECL_ENCODING = re.compile(r"""^\ufeff?<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']""")


class PatchError(HoctapError, ValueError):
    """A sheet part that cannot be patched safely (unusual XML); nothing is written."""


class Patterns(NamedTuple):
    """Regexes for the elements of one sheet part, spelled with its namespace prefix."""

    row: re.Pattern[str]
    cell: re.Pattern[str]
    formula: re.Pattern[str]
    value: re.Pattern[str]


def _element(p: str, name: str, inner: str) -> re.Pattern[str]:
    """An element ``<{p}{name} attrs>content</{p}{name}>`` or ``<… />``, content in group ``inner``."""
    # Unrolled loops ("not '<', or a '<' that does not close the element") instead of lazy
    # ".*?": the same matches, about half the time on a sheet of 150,000 cells.
    attrs = r"(?P<attrs>[^>/]*(?:/(?!>)[^>/]*)*)"
    close = f"</{p}{name}\\s*>"
    content = f"(?P<{inner}>[^<]*(?:<(?!/{p}{name}\\s*>)[^<]*)*)"
    return re.compile(f"<{p}{name}{_NAME_END}{attrs}(?:/>|>{content}{close})")


@functools.lru_cache(maxsize=8)
def patterns(prefix: str) -> Patterns:
    """Patterns for a sheet whose main namespace has ``prefix`` (``""`` or e.g. ``"x:"``).

    Spelling the prefix out (instead of matching any prefix) lets the regex engine jump between
    literal ``<c`` / ``<f`` openings, which keeps a 6,000-row sheet fast.
    """
    p = re.escape(prefix)
    return Patterns(
        row=re.compile(f"<{p}row{_NAME_END}(?P<attrs>[^>]*)>"),
        cell=_element(p, "c", "body"),
        formula=_element(p, "f", "text"),
        value=re.compile(f"<{p}(?P<n>v|is){_NAME_END}[^>]*?(?:/>|>.*?</{p}(?P=n)\\s*>)", re.S),
    )


def attr(attrs: str, name: str) -> str | None:
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
    return attr(attrs, "r")


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


def decode_part(data: bytes, part: str) -> tuple[str, str]:
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


class CellMatch(NamedTuple):
    """A cell element found in a sheet part: its position (0, 0 when unknown) and regex match."""

    row: int
    col: int
    match: re.Match[str]

    @property
    def ref(self) -> str:
        """The cell's address (``S4``), or ``""`` when its position is unknown."""
        return f"{index_to_col(self.col)}{self.row}" if self.row and self.col else ""


def is_array_formula(f: re.Match[str]) -> bool:
    """Whether an ``<f>`` match is an array formula (``t="array"``)."""
    return attr(f.group("attrs"), "t") == "array"


class SheetXml:
    """The text of a sheet part, with its rows indexed; cells are found on demand.

    Nothing here builds a tree: rows are located with one regex pass, formula cells from their
    ``<f>`` elements, and a targeted cell by its ``r="S4"`` attribute within its row.
    """

    def __init__(self, text: str, part: str) -> None:
        """Index the text of sheet part ``part`` (its name is used in error messages)."""
        self.text = text
        self.part = part
        opening = _SHEET_DATA_OPEN.search(text)
        self.prefix = (opening.group("prefix") or "") if opening else ""
        self.re = patterns(self.prefix)
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
            self._rows = self._index_rows()
        return self._rows

    def _index_rows(self) -> dict[int, tuple[int, int]]:
        rows: dict[int, tuple[int, int]] = {}
        if self.span is None:
            return rows
        number, content = 0, -1
        for m in self.re.row.finditer(self.text, *self.span):
            if content >= 0:
                rows.setdefault(number, (content, m.start()))
            r = attr(m.group("attrs"), "r")
            number = int(r) if r and r.isdigit() else number + 1
            content = m.end()
        if content >= 0:
            rows.setdefault(number, (content, self.span[1]))
        return rows

    def cells(self, row: int, region: tuple[int, int]) -> Iterator[CellMatch]:
        """The cells of one row; a cell without ``r`` is one column right of the previous one."""
        col = 0
        for m in self.re.cell.finditer(self.text, *region):
            ref = _cell_ref(m.group("attrs"))
            if ref is None:
                col += 1
                yield CellMatch(row, col, m)
                continue
            try:
                cell_row, col = position(ref)
            except ValueError:
                yield CellMatch(0, 0, m)
                continue
            yield CellMatch(cell_row, col, m)

    def all_cells(self) -> Iterator[CellMatch]:
        """Every cell of the sheet, in document order."""
        for row, region in self.rows().items():
            yield from self.cells(row, region)

    def find(self, ref: str, row: int, col: int) -> CellMatch | None:
        """The cell element at (row, col), or None when the XML has none there."""
        region = self.rows().get(row)
        if region is None:
            return None
        pos = self.text.find(f' r="{ref}"', *region)
        if pos >= 0:  # fast path: the usual spelling, confirmed to be a cell's own attribute
            start = self.text.rfind("<", region[0], pos)
            m = self.re.cell.match(self.text, start) if start >= 0 else None
            if m is not None and m.start("attrs") <= pos < m.end("attrs"):
                return CellMatch(row, col, m)
        return next((c for c in self.cells(row, region) if (c.row, c.col) == (row, col)), None)

    def formula_cells(self) -> list[tuple[CellMatch, re.Match[str]]]:
        """(cell, its ``<f>`` match) for every formula cell, found from the ``<f>`` elements.

        ``<f>`` is a cell's first child, so the tag just before it opens the cell. When that
        does not hold, or a formula cell has no ``r``, the whole sheet is walked instead.
        """
        if self.span is None:
            return []
        found: list[tuple[CellMatch, re.Match[str]]] = []
        for f in self.re.formula.finditer(self.text, *self.span):
            start = self.text.rfind("<", self.span[0], f.start())
            m = self.re.cell.match(self.text, start) if start >= 0 else None
            ref = _cell_ref(m.group("attrs")) if m is not None and m.end() >= f.end() else None
            if m is None or ref is None:
                return self._formula_cells_by_walking()
            try:
                row, col = position(ref)
            except ValueError:
                continue
            found.append((CellMatch(row, col, m), f))
        return found

    def _formula_cells_by_walking(self) -> list[tuple[CellMatch, re.Match[str]]]:
        found: list[tuple[CellMatch, re.Match[str]]] = []
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


def _blocks_in(sheet: str, xml: SheetXml) -> list[FormulaBlock]:
    blocks = []
    for cell, f in xml.formula_cells():
        is_array = is_array_formula(f)
        block_ref = attr(f.group("attrs"), "ref") if is_array else None
        blocks.append(FormulaBlock(sheet=sheet, first=cell.ref, ref=(block_ref or cell.ref).replace("$", ""),
                                   formula=_unescape(f.group("text") or ""), is_array=is_array))
    return blocks


def formula_blocks(path: PathLike, sheet_names: list[str] | None = None) -> list[FormulaBlock]:
    """Every formula cell of ``sheet_names`` (all worksheets when None), in sheet then cell order.

    Array formulas (``<f t="array" ref="S4:X6003">``) come once, with ``ref`` their whole range;
    plain and shared formulas come per cell with ``ref == first`` and the text they carry.
    """
    with open_package(path) as zf:
        named = None if sheet_names is None else [(name, sheet_part(zf, name)) for name in sheet_names]
        parts = worksheet_parts(zf) if named is None else named
        blocks: list[FormulaBlock] = []
        for name, part in parts:
            text, _ = decode_part(zf.read(part), part)
            blocks.extend(_blocks_in(name, SheetXml(text, part)))
        return blocks


# ---------------------------------------------------------------------------------------------
# Stored error values
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _error_open(prefix: str) -> re.Pattern[str]:
    """The start tag of a cell whose stored value is an error (``<c r="S4" s="15" t="e">``)."""
    p = re.escape(prefix)
    return re.compile(f"<{p}c{_NAME_END}[^>]*?\\st\\s*=\\s*[\"']e[\"'][^>]*>")


def _errors_in(xml: SheetXml) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    if xml.span is None:
        return found
    value = re.compile(f"<{re.escape(xml.prefix)}v{_NAME_END}[^>]*>(?P<text>[^<]*)</{re.escape(xml.prefix)}v\\s*>")
    for opening in _error_open(xml.prefix).finditer(xml.text, *xml.span):
        cell = xml.re.cell.match(xml.text, opening.start())
        ref = _cell_ref(cell.group("attrs")) if cell is not None else None
        v = value.search(cell.group("body") or "") if cell is not None else None
        if ref is None or v is None:
            continue
        try:
            found[position(ref)] = _unescape(v.group("text")).strip()
        except ValueError:
            continue
    return found


def error_cells(path: PathLike, sheet_names: list[str] | None = None) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet → (row, column) → the error value stored in that cell (``"#NAME?"``), for every cell
    of ``sheet_names`` (all worksheets when None) whose cached value is an error (``t="e"``), as
    Excel or Calc leave a result formula they could not compute. Sheets without one are left out."""
    with open_package(path) as zf:
        parts = worksheet_parts(zf) if sheet_names is None else [(n, sheet_part(zf, n)) for n in sheet_names]
        out: dict[str, dict[tuple[int, int], str]] = {}
        for name, part in parts:
            text, _ = decode_part(zf.read(part), part)
            errors = _errors_in(SheetXml(text, part))
            if errors:
                out[name] = errors
        return out
