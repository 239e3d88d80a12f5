"""Store computed values as the *cached values* of formula cells inside an existing .xlsx/.xlsm.

openpyxl cannot do this job: it drops form buttons and charts and writes no cached values. So
this module edits the sheet XML inside the zip directly, by string surgery on the matched cell
elements only. Everything else in the file (VBA project, drawings, styles, other sheets, and
every cell that is not patched) keeps its exact bytes.

Only the standard library is used. Finding a sheet's part is :mod:`hoctap_xl.formats.ooxml_parts`,
scanning its XML :mod:`hoctap_xl.formats.sheet_xml`; this module renders the new cell elements,
splices them into the text and writes the new zip atomically (:mod:`hoctap_xl.formats.atomic`).
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from hoctap_xl.formats.atomic import keep_mode, replacing
from hoctap_xl.formats.ooxml_parts import PathLike, open_package, sheet_part
from hoctap_xl.formats.sheet_xml import CellMatch, SheetXml, attr, decode_part, is_array_formula
from hoctap_xl.sheets.cells import bounds, position

CellValue: TypeAlias = bool | int | float | str | None

MAX_TEXT = 32767
"""Excel's limit on the length of a cell's text; longer strings are cut to it."""

_T_ATTR = re.compile(r"""\s+t\s*=\s*(?:"[^"]*"|'[^']*')""")
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Rendered: TypeAlias = tuple[str | None, str]
"""A cached value ready for the XML: (``t`` attribute or None, escaped ``<v>`` text)."""


@dataclass
class PatchReport:
    """What :func:`write_cached_values` did."""

    patched: int = 0
    missing: list[str] = field(default_factory=list)
    """Targeted cells not written (``'Sheet'!S4``): absent, or no longer a formula result cell."""
    sheets: list[str] = field(default_factory=list)
    """Sheets with at least one patched cell, in the order given."""


def _qualified(sheet: str, ref: str) -> str:
    """``'Công dân học tập'!S4`` (quotes only when the name needs them, as Excel writes it)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet):
        return f"{sheet}!{ref}"
    return "'" + sheet.replace("'", "''") + f"'!{ref}"


def _escape_text(text: str) -> str:
    """XML-escape text for element content; drop characters XML 1.0 forbids; keep a lone CR."""
    text = _ILLEGAL_XML.sub("", text)[:MAX_TEXT]
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;").replace("\r", "&#13;"))


def _render_value(value: CellValue) -> Rendered:
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


def _render_cell(xml: SheetXml, cell: CellMatch, rendered: Rendered) -> str:
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


def _array_ranges(formulas: list[tuple[CellMatch, re.Match[str]]]) -> list[tuple[int, int, int, int]]:
    """Bounds (first row, first col, last row, last col) of every array formula."""
    ranges = []
    for cell, f in formulas:
        if not is_array_formula(f):
            continue
        ref = attr(f.group("attrs"), "ref")
        try:
            ranges.append(bounds(ref) if ref else (cell.row, cell.col, cell.row, cell.col))
        except ValueError:
            continue
    return ranges


def _inside(ranges: list[tuple[int, int, int, int]], row: int, col: int) -> bool:
    return any(r1 <= row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in ranges)


def _edits(xml: SheetXml, sheet: str, targets: Mapping[str, CellValue],
           report: PatchReport) -> dict[int, tuple[int, str]]:
    """Start of each targeted cell element → (its end, the new element); unwritable targets reported."""
    wanted: dict[tuple[int, int], tuple[str, str, Rendered]] = {}
    for ref, value in targets.items():
        plain = ref.strip().replace("$", "").upper()
        wanted[position(plain)] = (ref, plain, _render_value(value))
    formulas = xml.formula_cells()
    with_formula = {(cell.row, cell.col): cell for cell, _ in formulas}
    arrays = _array_ranges(formulas)

    edits: dict[int, tuple[int, str]] = {}
    for (row, col), (ref, plain, rendered) in wanted.items():
        cell = with_formula.get((row, col))
        if cell is None and _inside(arrays, row, col):
            cell = xml.find(plain, row, col)
        if cell is None or cell.match.start() in edits:
            report.missing.append(_qualified(sheet, ref))
            continue
        edits[cell.match.start()] = (cell.match.end(), _render_cell(xml, cell, rendered))
    return edits


def _patch_sheet(xml: SheetXml, sheet: str, targets: Mapping[str, CellValue], report: PatchReport) -> str:
    """The sheet part's text with the targeted result cells' cached values replaced.

    A target is written when its cell has a formula, or lies in an array formula's range and
    exists in the XML; any other target is reported missing and nothing is created.
    """
    edits = _edits(xml, sheet, targets, report)
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


def _patched_parts(zin: zipfile.ZipFile, values: Mapping[str, Mapping[str, CellValue]],
                   report: PatchReport) -> dict[str, bytes]:
    """Part name → new bytes of every sheet part whose text the patch changed."""
    replaced: dict[str, bytes] = {}
    for sheet, targets in values.items():
        part = sheet_part(zin, sheet)
        if not targets:
            continue
        text, codec = decode_part(replaced[part] if part in replaced else zin.read(part), part)
        new_text = _patch_sheet(SheetXml(text, part), sheet, targets, report)
        if new_text != text:
            replaced[part] = new_text.encode(codec)
    return replaced


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


def write_cached_values(src: PathLike, dst: PathLike,
                        values: Mapping[str, Mapping[str, CellValue]]) -> PatchReport:
    """Copy ``src`` to ``dst`` storing ``values`` (sheet → {"S4": value}) as cached values.

    Only existing formula cells and cells inside an array formula's range are written; other
    targets are listed in :attr:`PatchReport.missing`, never created. All other zip entries keep
    their decompressed bytes, names, order and compression; ``xl/calcChain.xml`` is left alone.
    The write is atomic and durable (temporary file beside ``dst``, fsync, :func:`os.replace`, fsync
    of the folder; ``dst`` keeps its permissions) and ``dst`` may be ``src``. On any error ``dst`` is
    unchanged and the temporary file is removed.
    """
    src_path, dst_path = Path(src), Path(dst)
    in_place = dst_path.exists() and src_path.resolve() == dst_path.resolve()
    report = PatchReport()
    zin = open_package(src_path)
    try:
        replaced = _patched_parts(zin, values, report)
        if in_place and not replaced:
            return report
        with replacing(dst_path, ".tmp", durable=True) as tmp:
            with zin:  # closed before the rename: Windows cannot replace a file that is open
                _copy_zip(zin, tmp, replaced)
            keep_mode(tmp, dst_path, src_path)
    finally:
        zin.close()
    return report
