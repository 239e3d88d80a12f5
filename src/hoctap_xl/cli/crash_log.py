"""The crash log: technical text for the developers, kept out of the user's messages."""

from __future__ import annotations

import sys
import tempfile

from hoctap_xl import __version__


def write_log(text: str) -> str:
    """Write ``text`` (with the version and the command line) to a new file in the temporary
    folder; its path."""
    fd, name = tempfile.mkstemp(prefix="hoctap-xl-loi-", suffix=".txt")
    with open(fd, "w", encoding="utf-8") as fh:
        fh.write(f"hoctap-xl {__version__}\n{' '.join(sys.argv)}\n\n{text}\n")
    return name


def mention(text: str) -> str:
    """A sentence pointing to a new crash log holding ``text`` ("" when there is nothing)."""
    if not text.strip():
        return ""
    return f" (Chi tiết kỹ thuật cho nhóm phát triển: {write_log(text)}.)"
