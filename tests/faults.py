"""Reader stand-ins that fail the ways a real reader can (tests of process isolation).

Each takes the arguments of :func:`hoctap_xl.services.aggregate.read_one` (path, root, parquet)
and fails by the start of the file's name — ``panic-``, ``abort-``, ``alloc-``, ``sleep-``,
``bug-``, ``exit-``, ``interrupt-`` — or reads the file for real. Module level, so a spawned
worker can import them too.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from hoctap_xl.services.aggregate import read_one


class PanicException(BaseException):
    """Built like pyo3's ``pyo3_runtime.PanicException``: a ``BaseException`` from Rust code."""


PanicException.__module__ = "pyo3_runtime"


def fail(kind: str) -> None:
    """Fail as ``kind`` says."""
    if kind == "panic":
        raise PanicException("src/cfb.rs:345:39: range end index 64 out of range for slice of length 8")
    if kind == "abort":
        sys.stderr.write("memory allocation of 34359738368 bytes failed\n")
        sys.stderr.flush()
        os.abort()
    if kind == "alloc":
        hoard = []
        while True:
            hoard.append(bytearray(32 << 20))  # touched pages: resident, as a real runaway read
    if kind == "sleep":
        time.sleep(3600)
    if kind == "bug":
        raise ZeroDivisionError("a bug of ours")
    if kind == "exit":
        raise SystemExit(3)
    if kind == "interrupt":
        os.kill(os.getppid(), signal.SIGINT)
        time.sleep(3600)


def faulty_reader(path: str, root: str, parquet: Any = None) -> Any:
    """:func:`read_one`, unless the file's name asks for a fault."""
    kind = Path(path).name.split("-")[0]
    if kind in {"panic", "abort", "alloc", "sleep", "bug", "exit", "interrupt"}:
        fail(kind)
    return read_one(path, root, parquet)


def twice(x: int) -> int:
    """A task that works."""
    return 2 * x


def fault(kind: str) -> int:
    """A task that fails as ``kind``."""
    fail(kind)
    return 0
