"""``results`` on a workbook of 5,000 persons, 1,500 households and 25 thôn, against its floor.

Floor: python-calamine merely reading every sheet the product reads, into Python lists (what
any reader must at least do). Also shown: openpyxl in read-only mode reading the same sheets —
what a user would otherwise write with the usual library — and the CLI end to end
(``hoctap-xl results --json``, a fresh process, imports included).
Goals (issue 2): ≤ 1.5x the floor and under 2 s.

Run: .venv/bin/python bench/bench_results.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.formats.xlsx_read import READ_SHEETS, evaluate_file
from hoctap_xl.samples import generator as sample


def build(folder: Path) -> Path:
    s = sample.generate(11, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=5000,
                        households=1500,
                        thon=25)
    path = folder / "05999_Tan_Van_2025.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, info=s.info, tables=s.tables)
    return path


def results_json(path: Path) -> None:
    """What ``results --json`` does after its imports: read, compute, build the JSON text."""
    json.dumps(evaluate_file(path).to_json(), ensure_ascii=False)


def calamine_floor(path: Path) -> None:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    for name in (*READ_SHEETS, "_meta"):
        wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    wb.close()


def openpyxl_read(path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for name in READ_SHEETS:
        for _ in wb[name].iter_rows(values_only=True):
            pass
    wb.close()


def timed(fn, path: Path) -> float:
    start = time.perf_counter()
    fn(path)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp))
        size = path.stat().st_size
        runs: dict[str, list[float]] = {"floor": [], "product": [], "openpyxl": []}
        for _ in range(args.repeat):  # interleaved: the same machine load for each
            runs["floor"].append(timed(calamine_floor, path))
            runs["product"].append(timed(results_json, path))
            runs["openpyxl"].append(timed(openpyxl_read, path))
        start = time.perf_counter()
        cli = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "results", str(path), "--json"],
                             capture_output=True)
        cli_time = time.perf_counter() - start
        best = {k: min(v) for k, v in runs.items()}
        print(f"workbook: 5,000 persons, 1,500 households, 25 thôn; {size / 1e6:.1f} MB; best of {args.repeat}")
        print(f"floor   python-calamine reads the sheets:      {best['floor'] * 1000:8.1f} ms")
        print(f"product read + compute + JSON (results):       {best['product'] * 1000:8.1f} ms"
              f"   = {best['product'] / best['floor']:.2f}x floor (goal ≤ 1.5x)")
        print(f"openpyxl read-only reading the same sheets:    {best['openpyxl'] * 1000:8.1f} ms"
              f"   = {best['openpyxl'] / best['floor']:.2f}x floor")
        print(f"CLI: hoctap-xl results --json (new process):   {cli_time * 1000:8.1f} ms (exit {cli.returncode}; "
              "goal < 2 s)")


if __name__ == "__main__":
    main()
