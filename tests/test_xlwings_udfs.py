"""The ``HT_`` functions through xlwings' own machinery (``tests/xlwings_machinery.py``): each argument
converted by ``xlwings.conversion.read`` with the ``@arg`` options, the result by
``xlwings.conversion.write`` with the ``@ret`` options, as ``xlwings.udfs.call_udf`` does in Excel —
fed a real workbook's named ranges as COM passes them. Every result block comes back whole (Excel
pads a short array with ``#N/A``, which the block's IFERROR would silently fill from the native
branch) and equal to what ``score`` stored."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest

from hoctap_xl import layout as L
from hoctap_xl.formats.sheet_xml import formula_blocks
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample
from hoctap_xl.sheets.cells import bounds, col_to_index
from hoctap_xl.sheets.native import block_key

from .xlwings_machinery import MISSING, UdfCaller, xlwings_udfs

REF = re.compile(r"^=?'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$")
CALL = re.compile(r"^(HT_[A-Z_]+)\((.*)\)$")


@pytest.fixture(scope="module")
def xl() -> Iterator[UdfCaller]:
    with xlwings_udfs() as caller:
        yield caller


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    s = sample.generate(7, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=150,
                        households=60, thon=4)
    path = tmp_path_factory.mktemp("xlw") / "xa.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, info=s.info, tables=s.tables)
    values = openpyxl.load_workbook(path, data_only=True)
    names = openpyxl.load_workbook(path).defined_names

    def named(name: str) -> list[list[Any]]:
        m = REF.match(names[name].attr_text)
        assert m, name
        ws = values[m.group(1)]
        c0, r0, c1, r1 = col_to_index(m.group(2)), int(m.group(3)), col_to_index(m.group(4)), int(m.group(5))
        return [[ws.cell(r, c).value for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]

    def stored(sheet: str, ref: str) -> list[list[Any]]:
        return [[c.value for c in row] for row in values[sheet][ref]] if ":" in ref else [[values[sheet][ref].value]]

    blocks = [fb for fb in formula_blocks(path) if block_key(fb.formula) is not None]
    return {"named": named, "stored": stored, "blocks": blocks}


def norm(block: Any) -> list[list[Any]]:
    return [[None if v == "" else (round(v, 9) if isinstance(v, float) else v) for v in row] for row in block]


def test_every_function_carries_xlwings_metadata(xl: UdfCaller) -> None:
    for name in ("HT_CONG_DAN", "HT_GIA_DINH", "HT_DONG_HO", "HT_CONG_DONG", "HT_DON_VI", "HT_CAP_XA", "HT_TY_LE",
                 "HT_THEO_THON", "HT_CHI_TIEU", "HT_DAT_CHI_TIEU", "HT_CHENH_LECH"):
        info = xl.info(name)
        assert info["name"] == name and not info["sub"] and not info["volatile"]
        assert info["ret"]["options"] == {"convert": list}   # the Block annotation: a 2-D list
        assert all(a["options"] == {"convert": Any} for a in info["args"]), name   # plain values, no converter


def test_every_result_block_is_computed_whole_and_equal_to_what_score_stored(xl: UdfCaller, book: dict) -> None:
    seen = set()
    for fb in book["blocks"]:
        key = block_key(fb.formula)
        m = CALL.match(L.FORMULAS[key])
        assert m
        function, arg_names = m.group(1), m.group(2).split(",")
        out = xl.call(function, *(xl.com(book["named"](a)) for a in arg_names))
        r0, c0, r1, c1 = bounds(fb.ref)
        assert (len(out), {len(row) for row in out}) == (r1 - r0 + 1, {c1 - c0 + 1}), (fb.sheet, fb.ref)
        assert norm(out) == norm(book["stored"](fb.sheet, fb.ref)), (fb.sheet, fb.ref)
        assert any(v not in ("", None) for row in out for v in row), (fb.sheet, fb.ref)
        seen.add(key)
    assert seen == set(L.FORMULAS)


def test_optional_arguments_left_out_and_a_single_row_range(xl: UdfCaller, book: dict) -> None:
    named = book["named"]
    table = named("CongDan")
    full = xl.call("HT_CONG_DAN", xl.com(table), xl.com(named("Thon")), xl.com(named("DonVi")),
                   xl.com(named("ThongTin")), xl.com(named("BoTieuChi")))
    missing = xl.call("HT_CONG_DAN", xl.com(table), xl.com(named("Thon")), MISSING, MISSING, MISSING)
    assert len(missing) == len(full) == len(table) - 1
    # a one-row range reaches the function as a 1-D list (xlwings squeezes it): still one full row
    one = xl.call("HT_CONG_DAN", xl.com([table[1]]), xl.com(named("Thon")), xl.com(named("DonVi")),
                  xl.com(named("ThongTin")), xl.com(named("BoTieuChi")))
    assert norm(one) == norm([full[0]])


def test_scalar_functions_and_errors(xl: UdfCaller, book: dict) -> None:
    assert xl.call("HT_DAT_CHI_TIEU", 0.69996, "70 %") == [["Chưa đạt"]]
    assert xl.call("HT_DAT_CHI_TIEU", 1.2, 0.7) == [["Đạt"]]
    assert xl.call("HT_CHENH_LECH", 0.7048, 0.7) == [[0.48]]
    assert xl.call("HT_CHI_TIEU", xl.com([["Mã", "Nội dung", 2025, 2030], ["GIA_DINH", "x", 0.7, None]]),
                   "GIA_DINH", 2027.0) == [[0.7]]
    # an Excel error in an argument arrives as None (xlwings' COM cleaning), never an exception
    out = xl.call("HT_DAT_CHI_TIEU", xl.com([["#N/A"]]), 0.7)
    assert len(out) == 1 and len(out[0]) == 1 and isinstance(out[0][0], str)
    # a failure is one short text (Excel repeats a 1×1 result over the whole block; IFERROR does not catch text)
    bad = xl.call("HT_CHI_TIEU", xl.com([["Mã", "Nội dung", 2025]]), "KHONG_CO", 2025.0)
    assert len(bad) == 1 and bad[0][0].startswith("#LỖI")
