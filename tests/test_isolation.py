"""Process isolation (issue 14): a reader that panics, aborts, allocates without end, sleeps or
hits a bug costs only its own file; Ctrl+C still stops everything. Faults are injected with
stand-ins (tests/faults.py), not only with today's library bugs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hoctap_xl.errors import WorkbookUnreadable, is_reader_panic
from hoctap_xl.formats import isolation as I
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.level_above.files import COUNTED, NOT_READ
from hoctap_xl.samples import generator as sample
from hoctap_xl.services.aggregate import read_all
from tests import faults

SMALL = I.Limits(seconds=4, memory=400 << 20)


def _tasks(*kinds: str) -> list[I.Task[int]]:
    return [I.Task(f"{k}-{i}.xlsm", faults.twice, (i,)) if k == "ok" else I.Task(f"{k}-{i}.xlsm", faults.fault, (k,))
            for i, k in enumerate(kinds)]


def _alive_workers() -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,ppid,comm"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.split()[1:2] == [str(os.getpid())] and line.split()[2] != "ps"]


def test_every_fault_costs_only_its_own_task_and_the_others_keep_their_order():
    tasks = _tasks("ok", "panic", "ok", "abort", "alloc", "ok", "sleep", "bug", "ok")
    out = I.run_all(tasks, workers=2, limits=SMALL)
    assert [o.value for o in out if o.error is None] == [0, 4, 10, 16]
    assert [i for i, o in enumerate(out) if o.error is None] == [0, 2, 5, 8]
    reasons = {t.name.split("-")[0]: o.error for t, o in zip(tasks, out, strict=True) if o.error is not None}
    for kind in ("panic", "abort", "alloc", "sleep"):
        assert isinstance(reasons[kind], WorkbookUnreadable), kind
    assert "lỗi nội bộ" in str(reasons["panic"]) and "panic-1.xlsm" in str(reasons["panic"])
    assert "dừng đột ngột" in str(reasons["abort"])
    assert "bộ nhớ" in str(reasons["alloc"])
    assert "quá lâu" in str(reasons["sleep"])
    assert isinstance(reasons["bug"], I.WorkerBug) and "ZeroDivisionError" in str(reasons["bug"])


def test_the_library_text_stays_in_the_detail_never_in_the_message():
    out = I.run_all(_tasks("panic", "abort"), limits=SMALL)
    panic, abort = (o.error for o in out)
    assert isinstance(panic, WorkbookUnreadable) and isinstance(abort, WorkbookUnreadable)
    assert "cfb.rs" in panic.detail and "cfb.rs" not in str(panic)
    assert "memory allocation of 34359738368 bytes failed" in abort.detail
    assert "-6" in abort.detail  # SIGABRT
    for error in (panic, abort):
        assert not any(w in str(error) for w in ("Exception", "Error", "panicked", "rs:"))


def test_a_runaway_worker_is_stopped_near_its_memory_limit():
    limits = I.Limits(seconds=30, memory=300 << 20)
    started = time.monotonic()
    out = I.run_all(_tasks("alloc"), limits=limits)
    assert time.monotonic() - started < 25  # stopped by memory, long before the clock
    error = out[0].error
    assert isinstance(error, WorkbookUnreadable) and "300 MiB" in str(error)
    peak = int(error.detail.split("peak ")[1].split(" MiB")[0])
    assert 300 <= peak < 300 + 200  # polled every 50 ms, 32 MiB a step


def test_call_raises_the_workers_error_and_returns_its_value():
    assert I.call("x.xlsm", faults.twice, 21) == 42
    with pytest.raises(WorkbookUnreadable, match="abort-"):
        I.call("abort-1.xlsm", faults.fault, "abort", limits=SMALL)


def test_no_worker_is_left_behind():
    I.run_all(_tasks("ok", "sleep", "abort", "ok"), workers=2, limits=I.Limits(seconds=1, memory=1 << 30))
    assert _alive_workers() == []


def test_system_exit_in_a_worker_is_not_swallowed_as_a_panic():
    error = I.run_all(_tasks("exit"), limits=SMALL)[0].error
    assert isinstance(error, WorkbookUnreadable) and "dừng đột ngột" in str(error)


def test_only_a_pyo3_panic_counts_as_a_reader_panic():
    assert is_reader_panic(faults.PanicException("x"))
    assert not is_reader_panic(KeyboardInterrupt())
    assert not is_reader_panic(SystemExit(1))
    assert not is_reader_panic(ValueError("x"))


def test_without_isolation_a_panic_is_still_the_files_error(monkeypatch):
    monkeypatch.setenv("HOCTAP_XL_ISOLATION", "0")
    out = I.run_all(_tasks("panic", "ok"))
    assert isinstance(out[0].error, WorkbookUnreadable) and out[1].value == 2


def test_ctrl_c_stops_the_parent_and_every_worker(tmp_path):
    script = tmp_path / "run.py"
    repo = Path(__file__).parents[1]
    script.write_text(
        f"import sys\nsys.path[:0] = [{str(repo)!r}, {str(repo / 'src')!r}]\n"
        + "from hoctap_xl.formats import isolation as I\nfrom tests import faults\n"
        + "try:\n    I.run_all([I.Task('a', faults.fault, ('sleep',)), I.Task('b', faults.fault, ('interrupt',))],"
        + " workers=2)\nexcept KeyboardInterrupt:\n    print('stopped')\n", encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped", done.stderr
    assert time.monotonic() - started < 30


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("faults")
    for seed, (xa, ma) in enumerate([("Tân Văn", "06166"), ("Châu Sơn", "06097"), ("Hữu Lễ", "06170")]):
        s = sample.generate(seed + 3, province="Lạng Sơn", commune=xa, year=2025, code=ma, persons=40, households=20,
                            thon=2)
        new_workbook(root / f"{ma}.xlsm", province="Lạng Sơn", commune=xa, year=2025, code=ma, info=s.info,
                     tables=s.tables)
    for kind in ("panic", "abort", "alloc", "sleep", "bug"):
        shutil.copy(root / "06166.xlsm", root / f"{kind}-06166.xlsm")
    return root


@pytest.mark.parametrize("workers", [1, 2])
def test_a_folder_with_every_fault_still_counts_every_valid_commune(folder, workers):
    paths = sorted(folder.glob("*.xlsm"))
    seen: list[tuple[int, int]] = []
    results = read_all(paths, folder, workers=workers, progress=lambda done, total, name: seen.append((done, total)),
                       reader=faults.faulty_reader, limits=I.Limits(seconds=6, memory=600 << 20))
    by_name = {r.file: r for r in results}
    assert [r.file for r in results] == [p.name for p in paths]
    assert {n for n, r in by_name.items() if r.status == COUNTED} == {"06097.xlsm", "06166.xlsm", "06170.xlsm"}
    for kind in ("panic", "abort", "alloc", "sleep", "bug"):
        r = by_name[f"{kind}-06166.xlsm"]
        assert r.status == NOT_READ and r.reason and r.findings[0].code == "tep-khong-doc-duoc", kind
        assert f"{kind}-06166.xlsm" in r.reason or kind == "bug", r.reason
    assert "ZeroDivisionError" in by_name["bug-06166.xlsm"].detail
    assert "ZeroDivisionError" not in by_name["bug-06166.xlsm"].reason
    assert seen[-1] == (len(paths), len(paths)) and len(seen) == len(paths)



def test_spawned_workers_as_on_windows_and_macos_do_the_same(monkeypatch):
    """Where fork is not used (Windows, macOS), workers are spawned: a fresh interpreter imports the
    task's function by name. The same faults, the same outcomes."""
    import multiprocessing

    monkeypatch.setattr(I, "_context", lambda: multiprocessing.get_context("spawn"))
    out = I.run_all(_tasks("ok", "panic", "abort", "ok"), workers=2, limits=I.Limits(seconds=60, memory=900 << 20))
    assert [o.value for o in out] == [0, None, None, 6]
    assert "lỗi nội bộ" in str(out[1].error) and "dừng đột ngột" in str(out[2].error)
