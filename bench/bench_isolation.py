"""What reading in a watched worker process costs one file (issue 14).

``check`` of one 5,000-person workbook = read (python-calamine) + recompute: through
``formats.xlsx_read.load`` (a worker forked per call, the grids pickled back) against
``load_here`` (the same in this process), alternated and best of --repeat, side by side in one
run; and a bare worker round trip (a task doing nothing) for the fixed cost.

Run: .venv/bin/python bench/bench_isolation.py [--persons 5000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _timing import timed

from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.formats import isolation, xlsx_read
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample


def nothing() -> None:
    """A task doing nothing: the worker round trip alone."""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=5_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hoctap-bench-iso-"))
    s = sample.generate(11, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=args.persons,
                        households=args.persons * 3 // 10, thon=25)
    path = folder / "05999.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", info=s.info, tables=s.tables)
    here, isolated, trip = [], [], []
    for _ in range(args.repeat):
        here.append(timed(lambda: evaluate_workbook(xlsx_read.load_here(path))))
        isolated.append(timed(lambda: evaluate_workbook(xlsx_read.load(path))))
        trip.append(timed(lambda: isolation.call("-", nothing)))
    a, b, c = min(here), min(isolated), min(trip)
    print(f"check of {args.persons:,} persons, best of {args.repeat} (alternated):")
    print(f"  in this process:        {a:6.3f} s")
    print(f"  in a watched worker:    {b:6.3f} s   {b / a:5.2f}x  ({b - a:+.3f} s)")
    print(f"  bare worker round trip: {c:6.3f} s")


if __name__ == "__main__":
    main()
