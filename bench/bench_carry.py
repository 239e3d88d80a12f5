"""Carrying a workbook over (issue 7) on a commune of 5,000 persons, 1,500 households, 25 thôn.

Measured side by side in one run (median of ``--repeat`` runs, seconds):

* ``next-year`` and ``upgrade`` end to end in-process (read, compute, write the new workbook,
  read it back and compare every cell) against their **floor**: python-calamine reading the
  sheets + building a workbook of the same rows with the template writer (what any "new workbook
  with this data" costs), and against **what a user would otherwise write**: openpyxl opening the
  workbook (keeping its VBA), clearing the scores, adding one to the years, saving a copy;
* ``import`` of a 5,000-row list (.xlsx, shuffled columns, a title row) into a blank workbook
  against its floor (calamine reading the list + building the workbook with those rows);
* ``split`` into 25 thôn workbooks (no floor of its own: 25 template builds).

Run: .venv/bin/python bench/bench_carry.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import timed

from hoctap_xl import layout as L
from hoctap_xl.cli.carry_cmds import run_import
from hoctap_xl.formats import carry_files as carry_io
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.formats.xlsx_read import READ_SHEETS
from hoctap_xl.samples import generator as sample
from hoctap_xl.services.carry import make_next_year, make_split, write_checked


def build(folder: Path) -> tuple[Path, sample.CommuneSample]:
    s = sample.generate(11, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=5000,
                        households=1500,
                        thon=25, mistakes=False)
    path = folder / "05999_Tan_Van_2025.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, info=s.info, tables=s.tables)
    return path, s


def floor(path: Path, s: sample.CommuneSample, out: Path) -> None:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    for name in (*READ_SHEETS, L.META):
        wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    wb.close()
    new_workbook(out, province="Lạng Sơn", commune="Tân Văn", year=2026, info=s.info, tables=s.tables, overwrite=True)


def openpyxl_script(path: Path, out: Path) -> None:
    """A user's next-year script with the usual library."""
    import openpyxl

    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[L.CONG_DAN]
    header = {c.value: c.column for c in ws[L.HEADER_ROW]}
    for row in ws.iter_rows(min_row=L.HEADER_ROW + 1, max_row=L.HEADER_ROW + 5000):
        for i in range(1, 11):
            row[header[f"Chỉ số {i}"] - 1].value = None
        years = row[header["Số năm liên tục đã đạt"] - 1]
        years.value = (years.value or 0) + 1
    wb.save(out)


def next_year(path: Path, out: Path) -> None:
    out.unlink(missing_ok=True)
    loaded = carry_io.read(path)
    make_next_year(loaded.content, loaded.evaluate(), out, path.name)


def upgrade(path: Path, out: Path) -> None:
    out.unlink(missing_ok=True)
    write_checked(carry_io.read(path).content, out, source=path.name)


def list_file(s: sample.CommuneSample, folder: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH CÔNG DÂN ĐĂNG KÝ"])
    ws.append(["STT", "Thôn", "Họ tên", "Giới tính", "Năm sinh", "Cơ quan công tác"])
    for i, p in enumerate(s.tables["cong_dan"], start=1):
        ws.append([i, p.get("Thôn/TDP"), p["Họ và tên"], p.get("Giới tính"), p.get("Năm sinh"),
                   p.get("Đơn vị công tác")])
    path = folder / "danh-sach.xlsx"
    wb.save(path)
    return path


def import_list(source: Path, blank: Path, target: Path) -> None:
    target.write_bytes(blank.read_bytes())
    with contextlib.redirect_stdout(io.StringIO()):  # its account is not what is measured
        run_import(source, target, "cong-dan", write_now=True, as_json=True, ask=False)


def import_floor(source: Path, s: sample.CommuneSample, out: Path) -> None:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(source))
    wb.get_sheet_by_index(0).to_python()
    wb.close()
    rows = [{"Họ và tên": p["Họ và tên"], "Thôn/TDP": p.get("Thôn/TDP"), "Giới tính": p.get("Giới tính"),
             "Năm sinh": p.get("Năm sinh"), "Đơn vị công tác": p.get("Đơn vị công tác")} for p in s.tables["cong_dan"]]
    new_workbook(out, province="Lạng Sơn", commune="Tân Văn", year=2025, info=s.info,
                 tables={"thon": s.tables["thon"], "don_vi": s.tables["don_vi"], "cong_dan": rows}, overwrite=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, s = build(folder)
        source = list_file(s, folder)
        blank = folder / "trong.xlsm"
        new_workbook(blank, province="Lạng Sơn", commune="Tân Văn", year=2025, info=s.info,
                     tables={"thon": s.tables["thon"], "don_vi": s.tables["don_vi"]})
        runs: dict[str, list[float]] = {k: [] for k in ("floor", "next-year", "upgrade", "openpyxl script",
                                                        "import floor", "import", "split (25 thôn)")}
        for i in range(args.repeat):
            runs["floor"].append(timed(lambda: floor(path, s, folder / "floor.xlsm")))
            runs["next-year"].append(timed(lambda: next_year(path, folder / "2026.xlsm")))
            runs["upgrade"].append(timed(lambda: upgrade(path, folder / "moi.xlsm")))
            runs["openpyxl script"].append(timed(lambda: openpyxl_script(path, folder / "openpyxl.xlsm")))
            runs["import floor"].append(timed(lambda: import_floor(source, s, folder / "ifloor.xlsm")))
            runs["import"].append(timed(lambda: import_list(source, blank, folder / "nhap.xlsm")))
            parts = folder / f"thon-{i}"
            runs["split (25 thôn)"].append(
                timed(lambda parts=parts: make_split(carry_io.read(path).content, path.name, parts)))
        med = {k: statistics.median(v) for k, v in runs.items()}
        print(f"5,000 persons, 1,500 households, 25 thôn; median of {args.repeat} runs (seconds)")
        for k, v in med.items():
            print(f"  {k:18s} {v:7.2f}")
        print(f"  next-year ÷ floor          {med['next-year'] / med['floor']:.2f}x")
        print(f"  upgrade ÷ floor            {med['upgrade'] / med['floor']:.2f}x")
        print(f"  next-year ÷ openpyxl script {med['next-year'] / med['openpyxl script']:.2f}x")
        print(f"  import ÷ import floor      {med['import'] / med['import floor']:.2f}x")


if __name__ == "__main__":
    main()
