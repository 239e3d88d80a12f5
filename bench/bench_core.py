"""Core scoring of 20,000 persons against its floor.

Floor: a minimal loop that only sums and takes the minimum of each row's ten integer scores —
what any scoring must at least do. The product additionally reads every cell as officials type
it (text numbers, blanks), checks ranges, thôn, unit, Nhóm, duplicates, years in a row, builds
reasons, titles and the seven shares. Goal (issue 2): at most 3x the floor.

Run: .venv/bin/python bench/bench_core.py [--persons 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate, grids_from_records
from hoctap_xl.rules import ruleset as R
from hoctap_xl.samples import generator as sample


def best_of(repeat: int, fn) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rules = R.default()
    s = sample.generate(7, province="Lạng Sơn", commune="Tân Văn", year=2025, persons=args.persons,
                        households=args.persons // 4, thon=40, mistakes=False)
    grids = grids_from_records(s.info, s.tables, rules)
    # the floor reads the very same rows the product reads
    header = grids[L.CONG_DAN].rows[L.HEADER_ROW - 1]
    first = header.index("Chỉ số 1")
    rows = grids[L.CONG_DAN].rows[L.HEADER_ROW:]

    def floor() -> None:
        out = []
        for row in rows:
            scores = row[first:first + 10]
            if scores[0] is None:
                out.append(None)
                continue
            out.append((sum(scores), min(scores)))

    def product() -> None:
        evaluate(grids, rules)

    # interleave so that both see the same machine load
    f_best, p_best = float("inf"), float("inf")
    f_all, p_all = [], []
    for _ in range(args.repeat):
        f, ft = best_of(1, floor)
        p, pt = best_of(1, product)
        f_best, p_best = min(f_best, f), min(p_best, p)
        f_all += ft
        p_all += pt
    print(f"persons: {args.persons:,}  (+ {len(s.tables['gia_dinh']):,} households, {len(s.tables['thon'])} thôn)")
    for label, best, runs in (("floor   (sum + min per row):", f_best, f_all),
                              ("product (commune.evaluate): ", p_best, p_all)):
        print(f"{label}      best {best * 1000:8.1f} ms   median {statistics.median(runs) * 1000:8.1f} ms")
    print(f"ratio product/floor (best):       {p_best / f_best:8.1f}x   (goal ≤ 3x)")


if __name__ == "__main__":
    main()
