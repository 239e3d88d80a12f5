"""The quick bound on a worksheet's used range (formats/xlsx_quick.py) never clears a part the
exact scan would cut or refuse, and sends everything unusual to the exact scan."""

from __future__ import annotations

import io
import random

import pytest

from hoctap_xl.formats.xlsx_extent import worksheet_extent
from hoctap_xl.formats.xlsx_quick import quick_extent
from hoctap_xl.sheets.cells import index_to_col

HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _sheet(cells: dict[tuple[int, int], str], *, row_r: bool = True) -> bytes:
    rows: dict[int, list[tuple[int, str]]] = {}
    for (r, c), v in sorted(cells.items()):
        rows.setdefault(r, []).append((c, v))
    body = b"".join(
        (f'<row r="{r}">' if row_r else "<row>").encode()
        + b"".join(f'<c r="{index_to_col(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'.encode() for c, v in row)
        + b"</row>" for r, row in sorted(rows.items()))
    return HEAD + b"<sheetData>" + body + b"</sheetData></worksheet>"


def _exact(data: bytes):
    return worksheet_extent(lambda: io.BytesIO(data), "S")


def test_a_usual_table_is_cleared_with_a_bound_over_its_rectangle():
    data = _sheet({(r, c): "x" for r in range(1, 6004) for c in (1, 5, 24)})
    quick, exact = quick_extent(data, "S"), _exact(data)
    assert quick is not None and not exact.far
    assert quick.last_row == exact.last_row and quick.cells >= exact.cells


@pytest.mark.parametrize("cell", [(5, 1024), (5, 257), (5, 703), (10_000, 1), (123_456, 2)])
def test_a_wide_or_tall_reference_goes_to_the_exact_scan(cell):
    assert quick_extent(_sheet({(1, 1): "a", cell: "b"}), "S") is None


def test_unusual_writing_goes_to_the_exact_scan():
    usual = _sheet({(1, 1): "a", (2, 2): "b"})
    assert quick_extent(usual, "S") is not None
    assert quick_extent(usual.replace(b"<c r=", b'<c s="1" r='), "S") is None        # r not first
    assert quick_extent(usual.replace(b'<c r="B2"', b"<c"), "S") is None            # placed by position
    assert quick_extent(_sheet({(1, 1): "a"}, row_r=False), "S") is None
    prefixed = usual.replace(b"<sheetData>", b"<x:sheetData>").replace(b"<row", b"<x:row").replace(b"<c ", b"<x:c ")
    assert quick_extent(prefixed, "S") is None
    # a last cell whose row says more than its <row>
    assert quick_extent(usual.replace(b'<c r="B2"', b'<c r="B9000"'), "S") is None


def test_random_sheets_never_cleared_when_the_exact_scan_finds_something_far():
    rng = random.Random(14)
    cleared = far = 0
    for _ in range(300):
        cells = {(rng.randint(1, 50), rng.randint(1, 30)): "v" for _ in range(rng.randint(1, 40))}
        for _ in range(rng.randint(0, 2)):
            cells[(rng.choice([rng.randint(1, 60), rng.randint(9_000, 30_000)]),
                   rng.choice([rng.randint(1, 40), rng.randint(200, 2_000)]))] = "far?"
        data = _sheet(cells)
        quick, exact = quick_extent(data, "S"), _exact(data)
        far += exact.far
        if quick is not None:
            cleared += 1
            assert not exact.far and quick.cells >= exact.cells, sorted(cells)
    assert cleared > 50 and far > 50  # both kinds were drawn
