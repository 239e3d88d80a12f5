"""A workbook's sheets with their legacy-encoded text read as Unicode, and the findings saying so.

:mod:`hoctap_xl.text.legacy` knows the encodings and which cells of a block of rows to convert;
here whole sheets (:class:`~hoctap_xl.sheets.grid.Grid`) are converted before anything reads them,
with one ``bang-ma-cu`` finding per sheet and encoding. The workbook itself is never changed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from hoctap_xl.findings import Finding, finding
from hoctap_xl.sheets.grid import Grid, cell_ref
from hoctap_xl.text.legacy import NAMES, convert_rows, majority


def convert_grids(grids: dict[str, Grid], file: str | None = None,
                  fonts: Collection[str] | None = None) -> tuple[dict[str, Grid], list[Finding]]:
    """Every input sheet's legacy-encoded text read as Unicode, one ``bang-ma-cu`` finding per
    sheet and encoding (how many cells, the first one with its text before and after). Sheets
    whose names begin with ``_`` (the product's own) are left as they are. ``fonts``: the font
    names of the workbook's styles, when the reader knows them (evidence of a legacy encoding)."""
    findings: list[Finding] = []
    out = dict(grids)
    inputs = {name: grid for name, grid in grids.items() if not name.startswith("_")}
    prefer = majority((v for grid in inputs.values() for row in grid.rows for v in row), fonts)
    if prefer is None:
        return out, findings  # no cell reads as legacy text without doubt: nothing converted
    for name, grid in inputs.items():
        rows, found = convert_rows(grid.rows, grid.row0, grid.col0, name, prefer, fonts=fonts)
        if rows is None:
            continue
        out[name] = replace(grid, rows=rows)
        for conv in found:
            row, col, typed, read = conv.cells[0]
            more = f" (và {len(conv.cells) - 1} ô khác)" if len(conv.cells) > 1 else ""
            findings.append(finding(
                "bang-ma-cu", sheet=name, cell=cell_ref(row, col), file=file, count=len(conv.cells),
                encoding=NAMES[conv.encoding], aside=", không phải Unicode", first_cell=cell_ref(row, col), typed=typed,
                verb="đọc", read=read, more=more, outcome="Kết quả đã tính theo chữ đã chuyển; sổ không bị sửa."))
    return out, findings
