"""A filled 5,000-person workbook recalculated in LibreOffice Calc (headless), against its floor (issue 13).

* **product**: Calc opens the workbook built by ``new_workbook`` (5,000 persons, 1,500 households,
  25 thôn, sample seed 11) with recalculation on load forced (the registry setting tests/calc.py
  uses, ``OOXMLRecalcMode`` = always), computes every formula and saves it as .xlsx;
* **floor**: Calc opening and saving the same workbook with its formulas removed — every ``<f>``
  element stripped from the sheet XML, so each cell keeps its cached value (and ``calcChain.xml``
  dropped) — with the same settings: what loading and saving this much data costs at least.

The runs are interleaved (floor, product, floor, …) after one warm-up of each, all in one Calc
profile (created once: a new profile costs seconds that are not the workbook's); min and median
of ``--repeat`` runs, and their ratio (goal ≤ 2×). It also counts the error values (``#NAME?`` …)
Calc leaves in the result blocks, and compares the workbook's size with the one template 1.1
(commit ``b3c2c58``, before 1.2 changed the result formulas) writes for the same data (goal: at
most 50 % larger). It measures whatever formulas the template writes today.

Run: .venv/bin/python bench/bench_calc.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _timing import timed
from tests.calc import ALWAYS, soffice

from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_1_1 = "b3c2c58"
FORMULA = re.compile(rb"<f\b[^>]*/>|<f\b[^>]*>.*?</f>", re.S)
ERRORS = ("#NAME?", "#VALUE!", "#N/A", "#REF!", "#DIV/0!", "#NUM!", "#NULL!", "Err:")
ARGS = {"province": "Lạng Sơn", "commune": "Tân Văn", "year": 2025}


def data() -> sample.CommuneSample:
    return sample.generate(11, code="05999", persons=5000, households=1500, thon=25, **ARGS)  # type: ignore[arg-type]


def build(folder: Path, s: sample.CommuneSample) -> Path:
    path = folder / "05999_Tan_Van_2025.xlsm"
    new_workbook(path, info=s.info, tables=s.tables, **ARGS)  # type: ignore[arg-type]
    return path


def cells(ref: bytes) -> int:
    """How many cells a formula's ``ref`` (``S4:X6003``) covers."""
    from openpyxl.utils.cell import range_boundaries

    low_col, low_row, high_col, high_row = range_boundaries(ref.decode())
    return (high_col - low_col + 1) * (high_row - low_row + 1)


def without_formulas(path: Path, out: Path) -> tuple[int, int]:
    """``path`` copied to ``out`` with every formula removed (cached values kept); how many formulas
    were removed and how many cells they covered (an array formula covers its whole block)."""
    removed = covered = 0
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "xl/calcChain.xml":
                continue
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                found = FORMULA.findall(body)
                removed += len(found)
                covered += sum(cells(m.group(1)) if (m := re.search(rb'ref="([A-Z0-9:]+)"', f)) else 1
                               for f in found)
                body = FORMULA.sub(b"", body)
            elif item.filename in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                body = re.sub(rb"<(Override|Relationship)\b[^>]*calcChain[^>]*/>", b"", body)
            dst.writestr(item, body)
    return removed, covered


def calc(path: Path, out_dir: Path, profile: Path) -> Path:
    """Calc opens ``path`` (recalculation on load forced) and saves it as .xlsx into ``out_dir``."""
    command = soffice()
    assert command, "LibreOffice is not installed"
    run = subprocess.run([command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
                          "--convert-to", "xlsx", "--outdir", str(out_dir), str(path)],
                         capture_output=True, text=True, timeout=1800)
    saved = out_dir / f"{path.stem}.xlsx"
    assert run.returncode == 0 and saved.exists(), run.stderr
    return saved


def error_cells(saved: Path) -> int:
    """Cells whose value Calc stored is an error (``t="e"``, or an error's text)."""
    count = 0
    with zipfile.ZipFile(saved) as z:
        strings = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in z.namelist() else b""
        shared = [m.decode() for m in re.findall(rb"<si>(.*?)</si>", strings, re.S)]
        bad = {i for i, s in enumerate(shared) if any(e in s for e in ERRORS)}
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                sheet = z.read(name)
                count += len(re.findall(rb'<c [^>]*t="e"', sheet))
                count += sum(1 for m in re.finditer(rb'<c [^>]*t="s"[^>]*><v>(\d+)</v>', sheet)
                             if int(m.group(1)) in bad)
    return count


def template_1_1_size(s: sample.CommuneSample, folder: Path) -> int | None:
    """Size of the workbook template 1.1 (commit ``b3c2c58``) writes for the same data, or None without git."""
    old = folder / "src-1.1"
    archive = folder / "src-1.1.tar"
    try:
        with archive.open("wb") as f:
            subprocess.run(["git", "-C", str(ROOT), "archive", TEMPLATE_1_1, "src"], stdout=f, check=True,
                           stderr=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(archive) as t:
        t.extractall(old, filter="data") if sys.version_info >= (3, 12) else t.extractall(old)
    rows = folder / "data.pickle"
    rows.write_bytes(pickle.dumps((s.info, s.tables)))
    out = folder / "mau-1.1" / "05999_Tan_Van_2025.xlsm"
    out.parent.mkdir()
    script = ("import pickle, sys; from pathlib import Path; from hoctap_xl.formats.workbook_file import new_workbook;"
              "info, tables = pickle.loads(Path(sys.argv[1]).read_bytes());"
              "new_workbook(Path(sys.argv[2]), province='Lạng Sơn', commune='Tân Văn', year=2025, info=info,"
              " tables=tables)")
    env = {**os.environ, "PYTHONPATH": str(old / "src")}
    subprocess.run([sys.executable, "-c", script, str(rows), str(out)], check=True, env=env)
    return out.stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-calc-") as tmp:
        folder = Path(tmp)
        s = data()
        path = build(folder, s)
        floor_path = folder / "khong-cong-thuc" / path.name
        floor_path.parent.mkdir()
        removed, covered = without_formulas(path, floor_path)
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(ALWAYS, encoding="utf-8")
        out = folder / "calc"
        calc(floor_path, out / "floor", profile)  # warm-up: the profile's first start, the disk cache
        calc(path, out / "product", profile)
        runs: dict[str, list[float]] = {"floor": [], "product": []}
        for _ in range(args.repeat):  # interleaved: the same machine load for each
            runs["floor"].append(timed(lambda: calc(floor_path, out / "floor", profile)))
            runs["product"].append(timed(lambda: calc(path, out / "product", profile)))
        errors = error_cells(out / "product" / f"{path.stem}.xlsx")
        floor_errors = error_cells(out / "floor" / f"{path.stem}.xlsx")
        size, old_size = path.stat().st_size, template_1_1_size(s, folder)
        print(f"workbook: {len(s.tables['cong_dan']):,} persons, {len(s.tables['gia_dinh']):,} households, "
              f"{len(s.tables['thon'])} thôn; {removed:,} formulas covering {covered:,} cells (removed for the floor)")
        for name, times in runs.items():
            print(f"{name:8} min {min(times):7.2f} s   median {statistics.median(times):7.2f} s   "
                  f"runs {', '.join(f'{t:.2f}' for t in times)}")
        print(f"ratio product/floor: min {min(runs['product']) / min(runs['floor']):.2f}x, "
              f"median {statistics.median(runs['product']) / statistics.median(runs['floor']):.2f}x   (goal ≤ 2x)")
        print(f"error values Calc stored: {errors:,} recalculated, {floor_errors:,} in the floor")
        print(f"size: {size / 1e6:.2f} MB (without formulas {floor_path.stat().st_size / 1e6:.2f} MB)", end="")
        if old_size:
            print(f"; template 1.1, same data: {old_size / 1e6:.2f} MB → {100 * (size / old_size - 1):+.1f} %"
                  "   (goal ≤ +50 %)")
        else:
            print("; template 1.1 not measured (no git history here)")
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
