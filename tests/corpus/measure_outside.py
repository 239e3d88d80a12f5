"""Run the product on the outside corpus (tests/corpus/outside.py) and print a Markdown table for
docs/corpus.md: per case and command, the exit code wanted and got, the finding codes, whether
a traceback or a Rust message reached the screen, whether the message names the file once and
carries no library text, the peak resident memory and the time.

    .venv/bin/python tests/corpus/measure_outside.py [--folder DIR] [--only NAME ...] [--json FILE]

Every command runs in its own process under an address-space cap (6 GiB) and a 120 s limit, so
a case that makes a reader allocate without end fails there instead of exhausting the machine.
Peak memory is the child's own (``os.wait4``), its worker processes included.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.corpus.outside import BASE, Case, build

ROOT = Path(__file__).resolve().parents[2]
CAP = 6 << 30
TIMEOUT = 120.0
LIMIT_MIB = 1024             # "peak memory of any single read stays under 1 GiB"
NOISE = {"chua-danh-gia"}    # the base workbook's own unscored entries
LIBRARY_TEXT = re.compile(r"\b\w*(?:Error|Exception)\b|BadZipFile|panicked|Traceback|CRC-32|zlib")
READ_BACK = ("import json, sys\nfrom hoctap_xl.formats.xlsx_read import load\nfrom hoctap_xl import layout as L\n"
             "g = load(sys.argv[1]).grids[L.CONG_DAN]\n"
             "print(json.dumps(sorted({v for r in g.rows for v in r if isinstance(v, str) and v})))\n")


@dataclass
class Ran:
    command: str
    case: str
    rc: int
    seconds: float
    peak_mib: float
    stdout: str
    stderr: str
    wanted_exit: int
    must: set[str] = field(default_factory=set)
    never: set[str] = field(default_factory=set)
    codes: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)   # why the file was not read (stderr, tep-khong-doc-duoc)
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def run(args: list[str], *, python: str, src: Path, cwd: Path) -> tuple[int, float, float, str, str]:
    """``python -m hoctap_xl.cli *args`` capped; (exit code or -signal, seconds, peak MiB, out, err)."""
    env = {**os.environ, "PYTHONPATH": str(src), "RUST_BACKTRACE": "0", "PYTHONIOENCODING": "utf-8"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([python, "-m", "hoctap_xl.cli", *args], cwd=cwd, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, preexec_fn=_limit, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > TIMEOUT:
                os.killpg(proc.pid, signal.SIGKILL)  # the group this call started
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (proc.returncode, seconds, usage.ru_maxrss / 1024, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"))


def _parse(ran: Ran) -> None:
    for line in ran.stdout.splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict):
            ran.data = data
            found = data.get("phat_hien", [])
            ran.codes = sorted({f.get("ma", "") for f in found} - NOISE)
            ran.messages = [f.get("thong_diep", "") for f in found if f.get("ma") not in NOISE]
            ran.refusals = [f.get("thong_diep", "") for f in found if f.get("ma") == "tep-khong-doc-duoc"]
    said = [ln for ln in ran.stderr.splitlines() if ln.startswith("Lỗi")]
    ran.messages += said
    ran.refusals += said
    if ran.rc == 2 and said and not ran.data:  # exit 2 prints no JSON (contract §1): its message is the refusal
        ran.codes = sorted(set(ran.codes) | {"tep-khong-doc-duoc"})


def judge(ran: Ran, file_name: str) -> None:
    """What is wrong with one run, in a few words (empty: the run is as wanted)."""
    p = ran.problems
    if ran.rc != ran.wanted_exit:
        p.append(f"thoát {ran.rc}" if ran.rc >= 0 else f"chết vì tín hiệu {-ran.rc}")
    if missing := ran.must - set(ran.codes):
        p.append("thiếu " + ", ".join(sorted(missing)))
    if extra := ran.never & set(ran.codes):
        p.append("thừa " + ", ".join(sorted(extra)))
    if "Traceback" in ran.stderr:
        p.append("traceback")
    if "panicked at" in ran.stderr or "memory allocation of" in ran.stderr:
        p.append("chữ Rust")
    if ran.peak_mib >= LIMIT_MIB:
        p.append(f"bộ nhớ ≥ {LIMIT_MIB} MiB")
    for message in ran.messages:
        if LIBRARY_TEXT.search(message):
            p.append("chữ thư viện trong thông điệp")
            break
    if any(m.count(file_name) > 1 for m in ran.refusals):
        p.append("tên tệp hai lần")


def _check(case: Case, path: Path, python: str, src: Path) -> Ran:
    rc, secs, peak, out, err = run(["check", str(path), "--json"], python=python, src=src, cwd=path.parent)
    ran = Ran("check", case.name, rc, secs, peak, out, err, case.exit, set(case.must), set(case.never))
    _parse(ran)
    judge(ran, path.name)
    return ran


def _import(case: Case, path: Path, python: str, src: Path, tmp: Path) -> list[Ran]:
    assert case.import_exit is not None
    book = tmp / f"so-{case.name}.xlsm"
    shutil.copy(path.parent / BASE, book)
    args = ["import", str(path), "--into", str(book), "--bang", "cong-dan", "--json"]
    rc, secs, peak, out, err = run(args, python=python, src=src, cwd=tmp)
    ran = Ran("import", case.name, rc, secs, peak, out, err, case.import_exit, set(case.import_must), set(case.never))
    _parse(ran)
    judge(ran, path.name)
    if case.import_rows is not None and ran.rc == 0 and ran.data.get("them") != case.import_rows:
        ran.problems.append(f"thêm {ran.data.get('them')} dòng, cần {case.import_rows}")
    if ran.data.get("o_doi_bang_ma") and case.unchanged:
        ran.problems.append(f"{ran.data['o_doi_bang_ma']} ô bị đổi bảng mã")
    runs = [ran]
    if case.unchanged:
        runs.append(_written(case, path, python, src, tmp))
    return runs


def _written(case: Case, path: Path, python: str, src: Path, tmp: Path) -> Ran:
    """``import --dong-y`` into a copy of the base, then every text of the table read back."""
    book = tmp / f"ghi-{case.name}.xlsm"
    shutil.copy(path.parent / BASE, book)
    args = ["import", str(path), "--into", str(book), "--bang", "cong-dan", "--json", "--dong-y"]
    rc, secs, peak, out, err = run(args, python=python, src=src, cwd=tmp)
    ran = Ran("import --dong-y", case.name, rc, secs, peak, out, err, case.import_exit or 0, set(), set(case.never))
    _parse(ran)
    judge(ran, path.name)
    env = {**os.environ, "PYTHONPATH": str(src)}
    back = subprocess.run([python, "-c", READ_BACK, str(book)], capture_output=True, text=True, env=env, timeout=120,
                          preexec_fn=_limit)
    texts = set(json.loads(back.stdout)) if back.returncode == 0 else set()
    changed = [t for t in case.unchanged if t not in texts]
    if changed:
        ran.problems.append("không còn nguyên: " + ", ".join(f"“{t}”" for t in changed))
    return ran


def _aggregate(folder: Path, built: list[tuple[Case, Path]], python: str, src: Path, tmp: Path) -> Ran:
    """A folder of the base workbook and every unreadable case: the commune counted, exit 1."""
    mixed = tmp / "thu-muc"
    mixed.mkdir()
    shutil.copy(folder / BASE, mixed / "tan-van.xlsm")
    for case, path in built:
        if case.exit == 2:
            shutil.copy(path, mixed / path.name)
    summary = tmp / "tong-hop.xlsx"
    rc, secs, peak, out, err = run(["aggregate", str(mixed), "--out", str(summary), "--json"], python=python, src=src,
                                   cwd=tmp)
    ran = Ran("aggregate", f"{BASE} + {sum(c.exit == 2 for c, _ in built)} tệp hỏng", rc, secs, peak, out, err, 1)
    _parse(ran)
    judge(ran, "\0")
    if not summary.exists():
        ran.problems.append("không ghi sổ tổng hợp")
    return ran


def table(runs: list[Ran], files: dict[str, str]) -> str:
    """The Markdown table of ``runs``."""
    lines = ["| Tệp | Lệnh | Mã thoát cần | Mã thoát được | Mã phát hiện | Đỉnh bộ nhớ (MiB) | Giây | Kết quả |",
             "|---|---|---|---|---|---|---|---|"]
    for r in runs:
        codes = ", ".join(f"`{c}`" for c in r.codes) or "—"
        got = str(r.rc) if r.rc >= 0 else f"tín hiệu {-r.rc}"
        verdict = "đạt" if not r.problems else "chưa đạt: " + "; ".join(r.problems)
        lines.append(f"| `{files.get(r.case, r.case)}` | {r.command} | {r.wanted_exit} | {got} | {codes} | "
                     f"{r.peak_mib:,.0f} | {r.seconds:.1f} | {verdict} |")
    return "\n".join(lines)


HEADING = "## Tệp từ bên ngoài"
INTRO = """Tái hiện những gì khoảng 425 tệp không do nhóm viết (bộ thử công khai của Apache POI, calamine,
python-calamine, xlrd, XlsxWriter, SheetJS: hỏng, bị làm nhiễu, có mật khẩu, .xlsb, .xls, .ods, đổi
tên) đã làm với chương trình. Mỗi tệp do `tests/corpus/outside.py` tự viết ra (không chép tệp nào
từ ngoài); `tests/test_outside.py` chạy từng trường hợp như người dùng chạy, trong một tiến trình
riêng giới hạn 6 GiB bộ nhớ ảo. *Đỉnh bộ nhớ* là bộ nhớ thường trú lớn nhất của lệnh, kể cả tiến
trình đọc (`os.wait4`), trên máy 2 nhân của nhóm. Lỗi của python-calamine và cách tái hiện nhỏ
nhất: docs/calamine-bugs.md. Sinh lại: `python tests/corpus/measure_outside.py --write`."""


def write_section(text: str) -> None:
    """Replace the outside corpus's section of docs/corpus.md (the rest is docs/tools/corpus_table.py's)."""
    target = ROOT / "docs" / "corpus.md"
    kept = target.read_text(encoding="utf-8")
    head = kept[:kept.find(HEADING)].rstrip() if HEADING in kept else kept.rstrip()
    target.write_text(f"{head}\n\n{HEADING}\n\n{INTRO}\n\n{text}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folder", type=Path, help="where to build the corpus (default: a temporary folder)")
    ap.add_argument("--only", nargs="*", help="case names to run (default: all)")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the hoctap_xl sources to measure")
    ap.add_argument("--no-aggregate", action="store_true")
    ap.add_argument("--json", type=Path, help="also write every run (with its output) here")
    ap.add_argument("--write", action="store_true", help="put the table into docs/corpus.md (its own section)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hoctap-ngoai-") as tmp_name:
        tmp = Path(tmp_name)
        folder = args.folder or tmp / "corpus"
        built = build(folder)
        files = {c.name: p.name for c, p in built}
        runs: list[Ran] = []
        for case, path in built:
            if args.only and case.name not in args.only:
                continue
            runs.append(_check(case, path, args.python, args.src))
            if case.import_exit is not None:
                runs.extend(_import(case, path, args.python, args.src, tmp))
            print(f"  {case.name}: " + "; ".join(f"{r.command} {r.rc}" for r in runs if r.case == case.name),
                  file=sys.stderr)
        if not args.no_aggregate and not args.only:
            runs.append(_aggregate(folder, built, args.python, args.src, tmp))
    print(table(runs, files))
    if args.write:
        write_section(table(runs, files))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ | {"must": sorted(r.must), "never": sorted(r.never)} for r in runs],
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
