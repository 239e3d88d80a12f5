"""Writing a file so that a reader never sees half of it: a temporary file beside the target,
moved over it in one step (:func:`os.replace`) only when it is whole."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def temp_beside(target: Path, suffix: str | None = None) -> Path:
    """A new, empty, hidden file in ``target``'s folder (same suffix unless told: libraries check it)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix if suffix is None else suffix,
                                dir=target.parent)
    os.close(fd)
    return Path(name)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def keep_mode(tmp: Path, *models: Path) -> None:
    """Give ``tmp`` the permissions of the first of ``models`` that exists (mkstemp makes it 0600)."""
    for model in models:
        try:
            os.chmod(tmp, stat.S_IMODE(model.stat().st_mode))
            return
        except OSError:
            continue


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(target: Path, suffix: str | None = None, *, durable: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; when the block ends normally it replaces ``target``
    in one step (with ``target``'s permissions, or a new file's), otherwise it is removed and
    ``target`` is left as it was.

    ``durable`` also syncs the folder after the rename (the ``score`` command's in-place write).
    """
    tmp = temp_beside(target, suffix)
    try:
        yield tmp
        if target.exists():
            keep_mode(tmp, target)
        else:
            os.chmod(tmp, 0o666 & ~_umask())  # as open() would have made it, not mkstemp's 0600
        os.replace(tmp, target)
        if durable:
            fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)
