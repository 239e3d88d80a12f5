"""``aggregate`` over a district of generated workbooks, against two references.

Data: --communes workbooks of --persons persons and --households households each (sample
generator; built once into --data and reused).

* floor:   python-calamine merely reading every sheet of every file (one process) — nothing less
           can produce the summary;
* product: ``aggregate.aggregate`` — read, recompute every commune with the core, compare cached
           values, cross-checks, totals — with 1 worker (like for like with the floor) and with
           every core (what the command does);
* pandas:  what a user would write: ``pandas.read_excel(engine="openpyxl")`` of the five model
           sheets of every file, then counting the "Đạt" cells — still computing nothing.

Goals (issue 5): product ≤ 1.5x the floor; ≥ 5x faster than pandas; 30 communes < 10 s, 200 < 60 s;
peak memory < 1.5 GB (max RSS of this process and of the workers, from getrusage). Issue 14: the
product reads in watched worker processes; the same run in process (``HOCTAP_XL_ISOLATION=0``) shows
what the isolation costs.

Run: .venv/bin/python bench/bench_aggregate.py [--communes 30] [--persons 5000] [--households 1500]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from _timing import timed

from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample
from hoctap_xl.services.aggregate import aggregate


def build(folder: Path, communes: int, persons: int, households: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(communes):
        path = folder / f"{10000 + i:05d}_Xa_{i:03d}_2025.xlsm"
        if not path.exists():
            s = sample.generate(100 + i, province="Lạng Sơn", commune=f"Xã số {i:03d}", year=2025,
                                code=f"{10000 + i:05d}",
                                persons=persons, households=households, thon=12, mistakes=True)
            new_workbook(path, province="Lạng Sơn", commune=f"Xã số {i:03d}", year=2025, code=f"{10000 + i:05d}",
                         info=s.info,
                         tables=s.tables)
        paths.append(path)
    return paths


def calamine_floor(paths: list[Path]) -> None:
    import python_calamine as pc

    for p in paths:
        wb = pc.CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        wb.close()


def pandas_script(paths: list[Path]) -> int:
    import pandas as pd

    recognised = 0
    for p in paths:
        for sheet in ("Công dân học tập", "Gia đình học tập", "Dòng họ học tập", "Cộng đồng học tập",
                      "Đơn vị học tập"):
            df = pd.read_excel(p, sheet_name=sheet, header=2, engine="openpyxl")
            recognised += int((df == "Đạt").sum().sum())
    return recognised


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--communes", type=int, default=30)
    ap.add_argument("--persons", type=int, default=5_000)
    ap.add_argument("--households", type=int, default=1_500)
    ap.add_argument("--data", default="/tmp/hoctap-bench-aggregate")
    ap.add_argument("--pandas", type=int, default=None, help="files for the pandas script (default: all)")
    args = ap.parse_args()
    folder = Path(args.data) / f"{args.communes}x{args.persons}"
    started = time.perf_counter()
    paths = build(folder, args.communes, args.persons, args.households)
    print(f"{len(paths)} workbooks of {args.persons:,} persons / {args.households:,} households in {folder} "
          f"(built or reused in {time.perf_counter() - started:.0f} s)")
    floor = timed(lambda: calamine_floor(paths))
    one = timed(lambda: aggregate(folder, workers=1, progress=lambda *a: None))
    os.environ["HOCTAP_XL_ISOLATION"] = "0"  # the same in this process: the cost of the watched workers
    in_process = timed(lambda: aggregate(folder, workers=1, progress=lambda *a: None))
    del os.environ["HOCTAP_XL_ISOLATION"]
    every = timed(lambda: aggregate(folder, progress=lambda *a: None))
    floor2 = timed(lambda: calamine_floor(paths))
    floor = min(floor, floor2)
    n_pd = args.pandas or len(paths)
    try:
        import pandas  # noqa: F401
    except ImportError:
        n_pd = 0
    pd_time = timed(lambda: pandas_script(paths[:n_pd])) * len(paths) / n_pd if n_pd else float("nan")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"floor  (calamine reads every sheet, 1 process): {floor:7.2f} s")
    print(f"product, 1 worker:                              {one:7.2f} s   {one / floor:5.2f}x floor  (goal ≤ 1.5x)")
    print(f"product, 1 worker, no isolation (in process):   {in_process:7.2f} s   {in_process / floor:5.2f}x floor  "
          f"(isolation costs {one / in_process - 1:+.0%})")
    print(f"product, every core:                            {every:7.2f} s   {every / floor:5.2f}x floor")
    print(f"pandas.read_excel script{'' if n_pd == len(paths) else f' ({n_pd} files, scaled)'}:"
          f"{'':>{23 - len(str(n_pd)) if n_pd != len(paths) else 24}}{pd_time:7.2f} s   "
          f"{pd_time / every:5.1f}x slower than the product (goal ≥ 5x)")
    print(f"peak memory: this process {me:,.0f} MB, largest worker {workers:,.0f} MB (goal < 1.5 GB)")


if __name__ == "__main__":
    main()
