"""Every file read in a worker process of its own, watched: one bad file never stops the others.

A reader can fail in ways Python cannot catch: python-calamine's Rust code may abort the process
(a failed allocation of 32 GiB, ``SIGABRT``), a read may grow until the kernel kills it, or never
end. So the readers run in worker processes watched from here: a worker that dies, passes
:attr:`Limits.memory` of resident memory or :attr:`Limits.seconds` for one task costs only that
task, which becomes a :class:`~hoctap_xl.errors.WorkbookUnreadable` with the reason in Vietnamese;
the other tasks go on in a fresh worker. A worker's standard error (where Rust prints its panic and
abort messages) goes to a temporary file, never to the user's screen; its tail is kept as the
error's technical ``detail``.

Each worker holds one task at a time, so a death is always charged to the right file (a
``ProcessPoolExecutor`` loses that: a dead worker breaks the whole pool, every pending task with
it). Workers are forked on Linux (a few milliseconds, nothing imported again) and spawned
elsewhere; they ignore Ctrl+C, which the parent handles by stopping them all.

``HOCTAP_XL_ISOLATION=0`` reads in the calling process instead (for profiling and debugging only:
a reader's crash then ends the whole command).
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Generic, TypeVar

from hoctap_xl.errors import HoctapError, WorkbookUnreadable, is_reader_panic

T = TypeVar("T")

GIB = 1 << 30


@dataclass(frozen=True)
class Limits:
    """What one task may take: wall-clock seconds and resident memory (bytes)."""

    seconds: float = 150.0
    memory: int = 900 << 20
    """Killed past 900 MiB resident: polled every 50 ms, a runaway read still ends under 1 GiB."""


DEFAULT = Limits()
POLL = 0.05
"""Seconds between two looks at the workers' memory and clocks."""

_INSIDE = False


def inside_worker() -> bool:
    """Whether this process is one of our workers (a read here is already isolated)."""
    return _INSIDE


def enabled() -> bool:
    """Whether reads go to worker processes (``HOCTAP_XL_ISOLATION=0`` turns it off)."""
    return not _INSIDE and os.environ.get("HOCTAP_XL_ISOLATION", "1") != "0"


@dataclass(frozen=True)
class Task(Generic[T]):
    """One call to run in a worker; ``name`` is the file it reads, for messages."""

    name: str
    fn: Callable[..., T]
    args: tuple[Any, ...] = ()


UNEXPECTED = ("hoctap-xl gặp lỗi ngoài dự kiến khi đọc tệp này (lỗi của chương trình, không phải của tệp); tệp "
              "không được tính. Hãy gửi nhật ký lỗi cho nhóm phát triển.")
"""The reason given for a file whose reading hit a bug of ours (the traceback goes to the crash log)."""


class WorkerBug(RuntimeError):
    """An unexpected exception inside a worker (a bug of ours); its text ends with the worker's
    traceback, which the crash log keeps."""

    def __init__(self, name: str, remote: str = "") -> None:
        """``name`` the file being read, ``remote`` the worker's traceback."""
        super().__init__(f"lỗi khi đọc tệp {name}\n\nTraceback trong tiến trình đọc:\n{remote}")
        self.remote = remote


@dataclass
class Outcome(Generic[T]):
    """A task's value, or the error it ended with."""

    value: T | None = None
    error: BaseException | None = None
    peak: int = 0
    """The worker's peak resident memory in bytes so far (its own count, over every task it ran;
    polled from here when it was stopped)."""

    def get(self) -> T:
        """The value, or the task's error raised here."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


# --- the worker side ------------------------------------------------------------------------------

def panic_error(name: str, exc: BaseException) -> WorkbookUnreadable:
    """The error a reader's panic on file ``name`` becomes (its text kept as the detail)."""
    return WorkbookUnreadable(f"Tệp {name}: thư viện đọc bảng tính gặp lỗi nội bộ khi đọc tệp này (tệp có phần "
                               "hỏng hoặc viết theo cách lạ). Hãy mở tệp bằng Excel, lưu lại thành tệp .xlsm mới "
                               "rồi gửi lại.", detail=f"{type(exc).__module__}.{type(exc).__name__}: {exc}")


def _run(task: Task[Any]) -> tuple[str, Any]:
    """One task in this worker: ("ok", value), ("err", a HoctapError) or ("bug", traceback text)."""
    try:
        return "ok", task.fn(*task.args)
    except HoctapError as exc:
        return "err", exc
    except Exception:
        return "bug", traceback.format_exc()
    except BaseException as exc:  # only a reader's panic; Ctrl+C and SystemExit go on
        if not is_reader_panic(exc):
            raise
        return "err", panic_error(task.name, exc)


def _peak_here() -> int:
    """This process's peak resident memory in bytes (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _serve(conn: Connection, stderr_path: str) -> None:
    """A worker's life: standard error into ``stderr_path``, then tasks until told to stop."""
    global _INSIDE
    _INSIDE = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    fd = os.open(stderr_path, os.O_WRONLY | os.O_APPEND)
    for target in (1, 2):  # nothing a reader prints reaches the user's screen or a --json output
        os.dup2(fd, target)
    os.close(fd)
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    if faulthandler.is_enabled():  # its crash dumps into the file too, not to the inherited screen
        faulthandler.enable(file=sys.stderr)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        kind, payload = _run(task)
        try:
            conn.send((kind, payload, _peak_here()))
        except Exception:  # a value or an error that cannot be pickled
            conn.send(("bug", traceback.format_exc(), _peak_here()))
        sys.stderr.flush()


# --- the parent side ------------------------------------------------------------------------------

def _context() -> Any:
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def resident(pid: int) -> int:
    """Resident memory of process ``pid`` in bytes (0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return _resident_psutil(pid)


def _resident_psutil(pid: int) -> int:
    try:
        import psutil  # type: ignore[import-untyped]
    except ImportError:  # macOS/Windows without psutil: the time limit still holds
        return 0
    try:
        return int(psutil.Process(pid).memory_info().rss)
    except Exception:
        return 0


@dataclass
class _Worker:
    process: Any
    conn: Connection
    stderr: Path
    index: int = -1
    started: float = 0.0
    stderr_at: int = 0
    peak: int = 0

    @property
    def busy(self) -> bool:
        return self.index >= 0

    def give(self, index: int, task: Task[Any]) -> None:
        self.index, self.started = index, time.monotonic()
        self.stderr_at = self.stderr.stat().st_size if self.stderr.exists() else 0
        self.conn.send(task)

    def stderr_tail(self) -> str:
        try:
            with self.stderr.open("rb") as fh:
                fh.seek(self.stderr_at)
                text = fh.read().decode("utf-8", "replace").strip()
        except OSError:
            return ""
        return text if len(text) <= 6000 else f"{text[:4000]}\n…\n{text[-2000:]}"

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _size(n: int) -> str:
    return f"{n / GIB:g} GiB" if n >= GIB else f"{n // 2**20} MiB"


def _death_reason(name: str, exitcode: int | None, why: str, limits: Limits) -> str:
    if why == "memory":
        return (f"Đọc tệp {name} cần quá {_size(limits.memory)} bộ nhớ nên đã dừng: tệp quá lớn hoặc có "
                "ô/dòng thừa rất xa bảng. Hãy xóa các dòng, cột, sheet thừa (Ctrl+End cho thấy ô cuối cùng) rồi "
                "gửi lại.")
    if why == "time":
        return (f"Đọc tệp {name} quá lâu nên đã dừng: tệp quá lớn hoặc bất thường. Hãy xóa các dòng, cột, sheet "
                "thừa rồi gửi lại.")
    if exitcode is not None and exitcode in (-getattr(signal, "SIGKILL", 9), -signal.SIGTERM):  # no SIGKILL on Windows
        return (f"Chương trình đọc tệp {name} bị hệ điều hành dừng (có thể vì máy hết bộ nhớ). Hãy xóa các dòng, "
                "cột, sheet thừa của tệp rồi gửi lại.")
    return (f"Chương trình đọc tệp {name} bị dừng đột ngột (tệp có phần hỏng khiến thư viện đọc bảng tính "
            "ngừng chạy). Hãy mở tệp bằng Excel, lưu lại thành tệp .xlsm mới rồi gửi lại.")


@dataclass
class _Pool:
    """Workers, each doing one task at a time; a dead or killed one is replaced."""

    size: int
    limits: Limits
    folder: Path
    workers: list[_Worker] = field(default_factory=list)
    made: int = 0

    def spawn(self) -> _Worker:
        self.made += 1
        path = self.folder / f"stderr-{self.made}.txt"
        path.touch()
        parent, child = _context().Pipe(duplex=True)
        process = _context().Process(target=_serve, args=(child, str(path)), daemon=True,
                                     name=f"hoctap-xl-doc-{self.made}")
        process.start()
        child.close()
        worker = _Worker(process, parent, path)
        self.workers.append(worker)
        return worker

    def idle(self) -> _Worker | None:
        for w in self.workers:
            if not w.busy:
                return w
        return self.spawn() if len(self.workers) < self.size else None

    def close(self, kill: bool = False) -> None:
        for w in self.workers:
            w.stop(kill=kill or w.busy)
        self.workers.clear()

    def _finish(self, w: _Worker, reply: tuple[str, Any, int], tasks: Sequence[Task[Any]]) -> Outcome[Any]:
        kind, payload, peak = reply
        name = tasks[w.index].name
        w.index = -1
        if kind == "ok":
            return Outcome(value=payload, peak=peak)
        if kind == "err":
            return Outcome(error=payload, peak=peak)
        return Outcome(error=WorkerBug(name, str(payload)), peak=peak)

    def _bury(self, w: _Worker, tasks: Sequence[Task[Any]], why: str) -> Outcome[Any]:
        """A worker that died or must die: its task's error; the worker is gone."""
        name = tasks[w.index].name
        w.stop(kill=True)
        self.workers.remove(w)
        error = WorkbookUnreadable(_death_reason(name, w.process.exitcode, why, self.limits))
        tail = w.stderr_tail()
        error.detail = f"exit code {w.process.exitcode}; peak {w.peak // 2**20} MiB; stderr: {tail}"
        return Outcome(error=error, peak=w.peak)

    def check(self, w: _Worker, tasks: Sequence[Task[Any]]) -> Outcome[Any] | None:
        """The worker's outcome if its task has ended (or must end now), else None."""
        if w.conn.poll():
            try:
                reply = w.conn.recv()
            except (EOFError, OSError):
                return self._bury(w, tasks, "died")
            return self._finish(w, reply, tasks)
        if not w.process.is_alive():
            return self._bury(w, tasks, "died")
        w.peak = max(w.peak, resident(w.process.pid))
        if w.peak > self.limits.memory:
            return self._bury(w, tasks, "memory")
        if time.monotonic() - w.started > self.limits.seconds:
            return self._bury(w, tasks, "time")
        return None


def _run_here(tasks: Sequence[Task[T]], done: Callable[[int, Outcome[T]], None] | None) -> list[Outcome[T]]:
    """Without isolation: each task in this process (a reader's panic still becomes its error)."""
    outcomes: list[Outcome[T]] = []
    for i, task in enumerate(tasks):
        kind, payload = _run(task)
        if kind == "bug":
            outcome: Outcome[T] = Outcome(error=WorkerBug(task.name, str(payload)))
        else:
            outcome = Outcome(value=payload) if kind == "ok" else Outcome(error=payload)
        outcomes.append(outcome)
        if done is not None:
            done(i, outcome)
    return outcomes


def run_all(tasks: Sequence[Task[T]], *, workers: int = 1, limits: Limits = DEFAULT,
            done: Callable[[int, Outcome[T]], None] | None = None) -> list[Outcome[T]]:
    """Every task in watched workers (at most ``workers`` at once); outcomes in the order of
    ``tasks``. ``done(index, outcome)`` is called as each ends. Never raises for a task's failure:
    each outcome holds its value or error (Ctrl+C stops every worker and goes on up)."""
    if not enabled():
        return _run_here(tasks, done)
    outcomes: dict[int, Outcome[T]] = {}
    queue = list(range(len(tasks)))[::-1]
    with tempfile.TemporaryDirectory(prefix="hoctap-xl-doc-") as tmp:
        pool = _Pool(max(1, min(workers, len(tasks))), limits, Path(tmp))
        try:
            while queue or any(w.busy for w in pool.workers):
                while queue and (idle := pool.idle()) is not None:
                    index = queue.pop()
                    idle.give(index, tasks[index])
                busy = [w for w in pool.workers if w.busy]
                wait([c for w in busy for c in (w.conn, w.process.sentinel)], timeout=POLL)
                for w in busy:
                    index = w.index
                    outcome = pool.check(w, tasks)
                    if outcome is not None:
                        outcomes[index] = outcome
                        if done is not None:
                            done(index, outcome)
        finally:
            pool.close()
    return [outcomes[i] for i in range(len(tasks))]


def call(name: str, fn: Callable[..., T], *args: Any, limits: Limits = DEFAULT) -> T:
    """``fn(*args)`` in a watched worker (here when already inside one): its value, or its error
    raised here — a death, a memory or time overrun as a :class:`WorkbookUnreadable` naming ``name``."""
    if _INSIDE:
        return fn(*args)
    return run_all([Task(name, fn, args)], limits=limits)[0].get()


def map_files(fn: Callable[..., T], args: Iterable[tuple[Any, ...]], names: Iterable[str], *, workers: int = 1,
              limits: Limits = DEFAULT, done: Callable[[int, Outcome[T]], None] | None = None) -> list[Outcome[T]]:
    """``fn`` over many argument tuples, one file each (``names``, for messages)."""
    tasks = [Task(n, fn, a) for n, a in zip(names, args, strict=True)]
    return run_all(tasks, workers=workers, limits=limits, done=done)
