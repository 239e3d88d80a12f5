"""Checks of the returned files: their cached results against the recomputed ones, and across files.

Cached values are only compared, never used. Across files: duplicates (same code, or same name and
province when codes are empty), years and versions other than the majority, expected communes that
sent nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from hoctap_xl import layout as L
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.findings import Finding, finding
from hoctap_xl.level_above.files import COUNTED, DUPLICATE, NOT_READ, OTHER_YEAR, FileResult
from hoctap_xl.sheets.cells import index_to_col
from hoctap_xl.sheets.geometry import table_headers
from hoctap_xl.sheets.grid import Grid, locate
from hoctap_xl.text.values import clean_text, name_key

ERROR_PREFIXES = tuple(m.upper() for m in L.EXCEL_ERRORS)


class ComputedBlock(Protocol):
    """A result block as the workbook's formulas lay it out, with the values recomputed for it."""

    @property
    def sheet(self) -> str:
        """The sheet's name."""
    @property
    def first_row(self) -> int:
        """Worksheet row of the block's first row (1-based)."""
    @property
    def first_col(self) -> int:
        """Worksheet column of the block's first column (1-based)."""
    @property
    def n_rows(self) -> int:
        """Rows the formula spans."""
    @property
    def n_cols(self) -> int:
        """Columns the formula spans."""
    @property
    def block(self) -> Sequence[Sequence[Any]]:
        """The recomputed values, row by row."""


def rows_read(grids: dict[str, Grid], result: CommuneResult) -> int:
    """Data rows in the five model sheets: every row with an input cell filled."""
    total = 0
    for key in L.MODELS:
        grid = grids.get(L.TABLES[key].sheet)
        if grid is None:
            continue
        table = locate(grid, table_headers(key, result.rules))
        if isinstance(table, Finding) or table is None:
            continue
        total += len(table.records(list(table.columns)))
    return total


def _same(cached: Any, want: Any) -> bool:
    if cached in (None, ""):
        return want in (None, "")
    if isinstance(want, bool) or isinstance(cached, bool):
        return bool(cached == want)
    if isinstance(want, (int, float)) and isinstance(cached, (int, float)):
        return abs(float(cached) - float(want)) < 1e-9
    return clean_text(cached) == clean_text(want)


def _ref(cb: ComputedBlock, r: int, c: int) -> str:
    return f"{index_to_col(cb.first_col + c)}{cb.first_row + r}"


def _is_error_text(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip().upper().startswith(ERROR_PREFIXES)


def _cells(cb: ComputedBlock, grid: Grid) -> Iterable[tuple[int, int, Any, Any]]:
    """Every cell of a block that is not plainly equal to its recomputed value: (row, col, stored, want)."""
    c0 = cb.first_col - grid.col0
    for r in range(cb.n_rows):
        i = cb.first_row + r - grid.row0
        stored = grid.rows[i] if 0 <= i < len(grid.rows) else ()
        want_row = cb.block[r] if r < len(cb.block) else ()
        for c in range(cb.n_cols):
            got = stored[c0 + c] if 0 <= c0 + c < len(stored) else None
            want = want_row[c] if c < len(want_row) else ""
            if got == want or (got in (None, "") and want in (None, "")):
                continue  # the common case (84.0 == 84), decided without formatting anything
            yield r, c, got, want


def compare_cached(computed: Iterable[ComputedBlock], grids: dict[str, Grid], name: str) -> list[Finding]:
    """Result cells whose stored value differs from the recomputed one, or shows an error text:
    one cảnh báo per sheet (count and first cell), never the stored number used."""
    differ: dict[str, list[tuple[str, Any, Any]]] = {}
    broken: dict[str, list[tuple[str, str]]] = {}
    for cb in computed:
        grid = grids.get(cb.sheet)
        if grid is None:
            continue
        for r, c, got, want in _cells(cb, grid):
            if _is_error_text(got):
                broken.setdefault(cb.sheet, []).append((_ref(cb, r, c), str(got).strip()))
            elif not _same(got, want):
                differ.setdefault(cb.sheet, []).append((_ref(cb, r, c), got, want))
    out: list[Finding] = []
    for sheet, cells in broken.items():
        ref, text = cells[0]
        out.append(finding("ket-qua-bao-loi", sheet=sheet, cell=ref, file=name, count=len(cells), shown=text))
    for sheet, diffs in differ.items():
        ref, got, want = diffs[0]
        out.append(finding("ket-qua-khac", sheet=sheet, cell=ref, file=name, count=len(diffs), first=ref,
                           stored=repr(got), recomputed=repr(want)))
    return out


def _majority(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v not in (None, ""))
    return counts.most_common(1)[0][0] if counts else None


def _older(version: str, than: str) -> bool:
    try:
        return tuple(int(p) for p in version.split(".")) < tuple(int(p) for p in than.split("."))
    except ValueError:
        return False


def _other_years(readable: list[FileResult]) -> int | None:
    nam = _majority(f.year for f in readable)
    for f in readable:
        if nam is not None and f.year != nam:
            f.status = OTHER_YEAR
            f.findings.append(finding("nam-khac", sheet=L.THONG_TIN, file=f.file, year=f.year, majority=nam))
    return int(nam) if nam is not None else None


def _duplicates(readable: list[FileResult]) -> None:
    by_key: dict[tuple[str, ...], list[FileResult]] = {}
    for f in readable:
        if f.status == COUNTED:
            by_key.setdefault(f.key(), []).append(f)
    for group in by_key.values():
        if len(group) > 1:
            names = ", ".join(g.file for g in group)
            for g in group:
                g.status = DUPLICATE
                g.findings.append(finding("trung-xa", file=g.file, count=len(group), commune=g.commune,
                                          code=g.code or "trống", files=names))


def _other_versions(readable: list[FileResult]) -> None:
    for attr, what in (("template", "mẫu sổ"), ("rules", "bộ tiêu chí")):
        usual = _majority(getattr(f, attr) for f in readable)
        for f in readable:
            value = getattr(f, attr)
            if usual and value and value != usual:
                hint = (" Xã nên nâng cấp sổ (hoctap-xl upgrade) rồi gửi lại." if attr == "template"
                        and _older(value, usual) else "")
                f.findings.append(finding("phien-ban-khac", file=f.file, what=what, version=value, majority=usual,
                                          hint=hint))


def cross_checks(files: list[FileResult]) -> int | None:
    """Duplicates (both not counted), other years (not counted), other versions (counted, flagged);
    each finding goes to its file. Returns the year of the majority."""
    readable = [f for f in files if f.status != NOT_READ]
    nam = _other_years(readable)
    _duplicates(readable)
    _other_versions(readable)
    return nam


def missing_communes(files: list[FileResult], expected: list[tuple[str, str]],
                     source: str) -> tuple[list[str], list[Finding]]:
    """The expected communes (code, name) that sent no readable workbook, and a finding for each."""
    counted = [f for f in files if f.status != NOT_READ]
    codes = {f.code for f in counted if f.code}
    names = {name_key(f.commune) for f in counted}
    missing: list[str] = []
    found: list[Finding] = []
    for code, name in expected:
        if (code and code not in codes) or (not code and name_key(name) not in names):
            missing.append(f"{name} ({code})" if code else name)
            found.append(finding("chua-gui", file=source, commune=name, code_part=f" (mã {code})" if code else ""))
    return missing, found
