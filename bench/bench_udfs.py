"""The array UDF against the core alone, and why the sheet makes one call per table.

Three measurements on the same 20,000 persons (side by side, interleaved, one process):

* core:   ``commune.evaluate`` on the same sheets as grids + the result block of the persons table —
          what ``hoctap-xl score`` does for that table;
* UDF:    ``HT_CONG_DAN(CongDan, Thon, DonVi, ThongTin, BoTieuChi)`` fed exactly what xlwings
          passes (2-D lists, floats for numbers, ``None`` for blanks, the rule set as its
          key/value sheet) — the adapter's extra work is turning ranges into grids and
          re-reading the rule set; goal (issue 3): at most 1.5x the core;
* single: the same function called once per person with a one-row range, as a user who fills
          a formula down a column would have it (Python time only: Excel adds a COM round trip
          per call on top). Measured on ``--single`` persons and scaled to all of them; the
          scaling is stated in the output.

Run: .venv/bin/python bench/bench_udfs.py [--persons 20000] [--repeat 3] [--single 2000]
"""

from __future__ import annotations

import argparse
from typing import Any

from _timing import timed

from hoctap_xl import layout as L
from hoctap_xl.commune import blocks
from hoctap_xl.commune.evaluate import evaluate, grids_from_records
from hoctap_xl.excel import udfs
from hoctap_xl.rules import ruleset as R
from hoctap_xl.samples import generator as sample


def as_xlwings(rows: list[list[Any]]) -> list[list[Any]]:
    """What xlwings hands a UDF: numbers as floats, blanks as None."""
    return [[float(v) if isinstance(v, int) and not isinstance(v, bool) else (None if v == "" else v)
             for v in row] for row in rows]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--single", type=int, default=2_000, help="persons called one by one")
    args = ap.parse_args()
    rules = R.default()
    s = sample.generate(7, province="Lạng Sơn", commune="Tân Văn", year=2025, persons=args.persons,
                        households=args.persons // 4, thon=40, mistakes=False)
    grids = grids_from_records(s.info, s.tables, rules)
    table = {key: as_xlwings(grids[L.TABLES[key].sheet].rows[L.HEADER_ROW - 1:])
             for key in ("cong_dan", "thon", "don_vi")}
    info = as_xlwings(grids[L.THONG_TIN].rows)
    rule_rows = as_xlwings([list(L.BO_TIEU_CHI_HEADERS)] + [[k, "", v] for k, v in R.flatten(rules)])
    n = len(table["cong_dan"]) - 1
    # the core gets the very sheets the UDF gets (not the households, which it does not need)
    same = {sheet: grids[sheet] for sheet in (L.THONG_TIN, *(L.TABLES[k].sheet for k in table))}

    def core() -> None:
        blocks.table_block(evaluate(same, rules), "cong_dan", L.HEADER_ROW + 1, n)

    def udf() -> list[list[Any]]:
        return udfs.HT_CONG_DAN(table["cong_dan"], table["thon"], table["don_vi"], info, rule_rows)

    out = udf()
    assert len(out) == n and not str(out[0][0]).startswith(udfs.ERROR), out[0]

    def single() -> None:
        for row in table["cong_dan"][1:args.single + 1]:
            udfs.HT_CONG_DAN([row], table["thon"], table["don_vi"], info, rule_rows)

    core_t, udf_t = [], []
    for _ in range(args.repeat):
        core_t.append(timed(core))
        udf_t.append(timed(udf))
    ones = min(args.single, n)
    single_t = timed(single)
    per_call = single_t / ones
    print(f"persons: {n:,}  (+ {len(s.tables['gia_dinh']):,} households, {len(s.tables['thon'])} thôn)")
    print(f"core (evaluate + block):     best {min(core_t) * 1000:8.1f} ms")
    print(f"UDF HT_CONG_DAN, one call:   best {min(udf_t) * 1000:8.1f} ms")
    print(f"ratio UDF/core (best):       {min(udf_t) / min(core_t):8.2f}x   (goal ≤ 1.5x)")
    print(f"single-row calls: {ones:,} measured, {per_call * 1000:.2f} ms each "
          f"→ {per_call * n:,.1f} s for all {n:,} persons (scaled), "
          f"{per_call * n / min(udf_t):,.0f}x the one array call")


if __name__ == "__main__":
    main()
