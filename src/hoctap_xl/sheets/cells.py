"""Cell references as Excel writes them: column letters ↔ numbers, ``"S4"`` ↔ (row, column), ranges.

Pure string arithmetic shared by the readers, the template builder and the zip patcher; it
lives in the ``sheets`` room so that a grid can name its cells without importing any file format.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})")


def col_to_index(col: str) -> int:
    """Column letters to a 1-based index: ``"A"`` → 1, ``"AB"`` → 28."""
    if not col or not col.isascii() or not col.isalpha():
        raise ValueError(f"not a column: {col!r}")
    index = 0
    for letter in col.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def index_to_col(index: int) -> str:
    """A 1-based column index to letters: 28 → ``"AB"``."""
    if index < 1:
        raise ValueError(f"column index must be at least 1, got {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def split_ref(ref: str) -> tuple[str, int]:
    """``"S4"`` → ``("S", 4)``; ``$`` marks are ignored and letters upper-cased."""
    m = _REF.fullmatch(ref.strip())
    if m is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return m.group(1).upper(), int(m.group(2))


_column = functools.lru_cache(maxsize=4096)(col_to_index)


def position(ref: str) -> tuple[int, int]:
    """``"S4"`` → ``(4, 19)`` (row, column); this runs once per targeted cell, so it is lean."""
    m = _REF.fullmatch(ref)
    if m is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), _column(m.group(1).upper())


def _bounds(rng: str) -> tuple[int, int, int, int]:
    """``"S4:X6"`` → ``(first_row, first_col, last_row, last_col)``, in whichever order given."""
    first, _, last = rng.partition(":")
    r1, c1 = position(first)
    r2, c2 = position(last or first)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def bounds(rng: str) -> tuple[int, int, int, int]:
    """``"S4:X6"`` → ``(first_row, first_col, last_row, last_col)`` (1-based)."""
    return _bounds(rng.replace("$", ""))


def expand_range(rng: str) -> Iterator[str]:
    """Every cell of ``"S4:X6"`` row by row (``S4, T4, … X4, S5, …``); a single ref gives itself."""
    r1, c1, r2, c2 = _bounds(rng)
    cols = [index_to_col(c) for c in range(c1, c2 + 1)]
    for row in range(r1, r2 + 1):
        for col in cols:
            yield f"{col}{row}"
