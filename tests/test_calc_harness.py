"""The Calc harness itself: a formula typed in a workbook is computed by Calc on load."""

from __future__ import annotations

import xlsxwriter

from .calc import block_values, open_in_calc


def test_calc_recalculates_an_array_formula_with_an_unknown_function_falling_to_its_native_branch(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for r, row in enumerate([[9, 7], [10, 10], [None, None]]):
        for c, v in enumerate(row):
            if v is not None:
                ws.write_number(r, c, v)
    ws.write_array_formula("D1:E3", "{=IFERROR(HT_X(A1:B3),CHOOSE({1,2},IF(A1:A3=\"\",\"\",A1:A3+B1:B3),"
                                    "MMULT(--ISNUMBER(A1:B3),{1;1})))}", None, 0)
    wb.close()
    saved = open_in_calc(path, tmp_path / "calc")
    assert block_values(saved, "S", 1, 4, 3, 2) == [[16, 2], [20, 2], ["", 0]]
