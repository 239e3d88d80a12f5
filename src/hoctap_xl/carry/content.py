"""A commune workbook's content as plain data, to be carried into a new workbook.

:class:`Content` is everything an official typed — Thông tin chung, every input table row as
typed (raw cell values, nothing parsed away), the Chỉ tiêu sheet, the report text, the rule set
in force — read from a workbook's grids. ``next-year``, ``split``, ``merge``, ``import`` and
``upgrade`` all read a workbook into a Content, change it, and write a fresh workbook of the
current template from it (:mod:`hoctap_xl.formats.carry_files`). Whatever the template has no place for
(a sheet or a column the commune added) is a ``khong-chep-duoc`` finding, never dropped silently.

The core of the product: no Excel, no Word.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.info import read_targets
from hoctap_xl.commune.reading import TableReader
from hoctap_xl.findings import Finding, finding
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.geometry import table_headers, table_inputs
from hoctap_xl.sheets.grid import Grid, cell_ref, locate
from hoctap_xl.text.values import clean_text, is_blank

TABLE_KEYS = ("thon", "cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi", "cap_xa")
"""The input tables carried, in the template's order (Chỉ tiêu is carried as targets)."""

# sheets the template writes itself, never "not carried"
_OWN_SHEETS = {*L.VISIBLE_SHEETS, L.META, L.XLWINGS_CONF}
_OWN_HEADERS = {"Mức độ đạt được"}  # written by the template beside a table


@dataclass
class Row:
    """One input table row as typed, and the worksheet row it came from."""

    values: dict[str, Any]
    """Input header → the raw cell value (None for blank): every input of the template
    (:func:`~hoctap_xl.sheets.geometry.table_inputs`), an optional column the sheet lacks as None."""
    row: int
    """Worksheet row it was read from (0 for a row made by the program)."""


@dataclass
class Content:
    """Everything an official typed in one workbook, ready to be written into a fresh template."""

    info: dict[str, Any]
    tables: dict[str, list[Row]]
    rules: RuleSet
    targets: dict[str, dict[int, float | None]]
    target_note: str = ""
    report_text: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def preset(self) -> str:
        """The Chỉ tiêu preset the workbook was made with ("" when none)."""
        return self.meta.get("chi_tieu_preset", "")

    @property
    def year(self) -> int | None:
        """``Năm đánh giá`` as a number, None when blank or unreadable."""
        value = self.info.get(L.L_NAM)
        try:
            return int(float(value)) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def copy(self) -> Content:
        """A deep copy, to change without touching this one."""
        return copy.deepcopy(self)

    def rows_as_dicts(self) -> dict[str, list[dict[str, Any]]]:
        """What the template writes: table key → rows as {header: value}."""
        return {key: [dict(r.values) for r in rows] for key, rows in self.tables.items()}


def comparable(value: Any) -> Any:
    """One form per cell value for comparing two reads (calamine gives ``5.0`` for ``5`` and
    ``""`` for some blanks; a date may come back as a midnight datetime)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def as_typed(value: Any) -> Any:
    """A ``Thông tin chung`` value as the official typed it: python-calamine reads every number as a
    float, so a whole number (the year 2025, a report number 12) comes back an ``int`` — written
    into the new workbook's titles it would read "NĂM 2025.0" otherwise. A blank is None."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _not_carried(sheet: str | None, cell: str | None, file: str | None, **values: object) -> Finding:
    return finding("khong-chep-duoc", sheet=sheet, cell=cell, file=file, **values)


def content_of(grids: dict[str, Grid], rules: RuleSet, meta: dict[str, str], sheets: list[str],
               file: str | None = None) -> tuple[Content, list[Finding]]:
    """Read everything typed in a workbook's grids. Findings: what cannot be carried (sheets and
    columns the template has no place for, tables whose headers were edited)."""
    findings: list[Finding] = []
    for name in sheets:
        if name not in _OWN_SHEETS:
            findings.append(_not_carried(name, None, file, part="Sheet", name=name, detail="",
                                         problem="không thuộc mẫu",
                                         outcome="không được chép sang sổ mới (hãy tự chép nếu cần)"))
    info: dict[str, Any] = {}
    grid = grids.get(L.THONG_TIN)
    if grid is not None:
        known = {*L.INFO_LABELS, *L.OPTIONAL_INFO_LABELS}
        for row in grid.rows:
            label = clean_text(row[0]) if row else ""
            if label in known and label not in info:
                value = row[1] if len(row) > 1 else None
                info[label] = as_typed(value)
    for label in L.OPTIONAL_INFO_LABELS:  # a workbook of an earlier template: blank, as the new one writes them
        info.setdefault(label, None)
    tables: dict[str, list[Row]] = {}
    for key in TABLE_KEYS:
        spec = L.TABLES[key]
        wanted = table_headers(key, rules)
        optional = L.OPTIONAL_HEADERS.get(key, ())
        grid = grids.get(spec.sheet)
        if grid is None:
            tables[key] = []
            continue
        found = locate(grid, wanted, optional=optional)
        if isinstance(found, Finding):
            findings.append(_not_carried(spec.sheet, found.cell, file, part="Bảng", name=spec.sheet, detail="",
                                         problem=f"không đọc được ({found.message})",
                                         outcome="không có dòng nào của bảng này được chép"))
            tables[key] = []
            continue
        present = [*wanted, *(h for h in optional if h in found.extra)]
        tables[key] = [Row({**dict.fromkeys(table_inputs(key, rules)), **dict(zip(present, values, strict=True))}, row)
                       for row, values in found.records(present)]
        findings.extend(_extra_columns(found.grid, found.header_row,
                                       set(wanted) | set(optional) | set(spec.results) | _OWN_HEADERS, spec.sheet,
                                       file))
    reader = TableReader(rules, file)
    targets = read_targets(reader, grids)
    note = ""
    grid = grids.get(L.CHI_TIEU)
    if grid is not None and len(grid.rows) > 1 and grid.rows[1]:
        note = clean_text(grid.rows[1][0]).removeprefix("Nguồn:").strip()
    report_text: dict[str, str] = {}
    grid = grids.get(L.NOI_DUNG)
    if grid is not None:
        for row in grid.rows[L.HEADER_ROW:]:
            if len(row) > 1 and not is_blank(row[0]) and not is_blank(row[1]):
                report_text[clean_text(row[0])] = str(row[1])
    return Content(info, tables, rules, targets, note, report_text, dict(meta)), findings


def _extra_columns(grid: Grid, header_row: int, known: set[str], sheet: str, file: str | None) -> list[Finding]:
    """A column the commune added to a table (a header the template does not have) with data."""
    out = []
    i = header_row - grid.row0
    for j, head in enumerate(grid.rows[i]):
        text = clean_text(head)
        if not text or text in known:
            continue
        filled = sum(1 for row in grid.rows[i + 1:] if j < len(row) and not is_blank(row[j]))
        if filled:
            out.append(_not_carried(sheet, cell_ref(header_row, grid.col0 + j), file, part="Cột", name=text,
                                    detail=f" ({filled} ô có dữ liệu)", problem="không thuộc mẫu",
                                    outcome="không được chép sang sổ mới"))
    return out


def capacity_problems(content: Content) -> list[str]:
    """Tables with more rows than the template holds (the write is refused: nothing lost)."""
    return [f"{L.TABLES[k].sheet}: {len(rows)} dòng, mẫu chỉ có {L.TABLES[k].rows} dòng"
            for k, rows in content.tables.items() if len(rows) > L.TABLES[k].rows]
