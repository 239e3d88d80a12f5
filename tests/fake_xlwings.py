"""A stand-in for the small part of xlwings' Book API the buttons use (no Excel on Linux).

Loaded from a real workbook file with openpyxl (cached values, as Excel shows them); values
come back the way xlwings gives them: floats for numbers, None for blanks, 2-D lists.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl

from hoctap_xl.sheets.cells import col_to_index


def _rc(ref: Any) -> tuple[int, int]:
    if isinstance(ref, tuple):
        return ref
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    assert m, ref
    return int(m.group(2)), col_to_index(m.group(1))


class Range:
    def __init__(self, sheet: Sheet, a: Any, b: Any = None) -> None:
        if isinstance(a, str) and ":" in a:
            a, b = a.split(":")
        self.sheet, self.first = sheet, _rc(a)
        self.last = _rc(b) if b is not None else self.first
        self._2d = b is not None

    def options(self, ndim: int = 0, err_to_str: bool = False) -> Range:
        self._2d = self._2d or ndim == 2
        return self

    @property
    def value(self) -> Any:
        (r0, c0), (r1, c1) = self.first, self.last
        rows = [[self.sheet.get(r, c) for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]
        return rows if self._2d else rows[0][0]

    @value.setter
    def value(self, rows: list[list[Any]]) -> None:
        r0, c0 = self.first
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self.sheet.cells[(r0 + i, c0 + j)] = v

    @property
    def number_format(self) -> str:
        return self.sheet.formats.get(self.first, "General")

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        (r0, c0), (r1, c1) = self.first, self.last
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                self.sheet.formats[(r, c)] = fmt

    def add_hyperlink(self, address: str, text: str, tip: str = "") -> None:
        self.sheet.links[self.first] = address
        self.sheet.cells[self.first] = text


class _Last:
    def __init__(self, row: int, column: int) -> None:
        self.row, self.column = row, column


class _Used:
    def __init__(self, sheet: Sheet) -> None:
        keys = sheet.cells.keys() or [(1, 1)]
        self.last_cell = _Last(max(r for r, _ in keys), max(c for _, c in keys))


class Sheet:
    def __init__(self, name: str, visible: bool) -> None:
        self.name, self.visible = name, visible
        self.cells: dict[tuple[int, int], Any] = {}
        self.links: dict[tuple[int, int], str] = {}
        self.formats: dict[tuple[int, int], str] = {}

    def get(self, r: int, c: int) -> Any:
        v = self.cells.get((r, c))
        if isinstance(v, bool) or v in ("", None):
            return None if v in ("", None) else v
        return float(v) if isinstance(v, int) else v

    def range(self, a: Any, b: Any = None) -> Range:
        return Range(self, a, b)

    @property
    def used_range(self) -> _Used:
        return _Used(self)

    def clear_contents(self) -> None:
        self.cells.clear()
        self.links.clear()


class Sheets(list):  # type: ignore[type-arg]
    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return super().__getitem__(key)

    def add(self, name: str, after: Sheet) -> Sheet:
        sheet = Sheet(name, True)
        self.insert(self.index(after) + 1, sheet)
        return sheet


class App:
    def __init__(self) -> None:
        self.alerts: list[str] = []
        self.calculations = 0

    def alert(self, text: str, title: str = "") -> None:
        self.alerts.append(text)

    def calculate(self) -> None:
        self.calculations += 1


class Api:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.saved: list[str] = []

    def SaveCopyAs(self, path: str) -> None:
        shutil.copy(self.book.fullname, path)
        self.saved.append(path)


class Book:
    def __init__(self, path: Path) -> None:
        self.fullname = str(path)
        self.app = App()
        self.api = Api(self)
        wb = openpyxl.load_workbook(path, data_only=True)
        self.sheets = Sheets()
        for ws in wb.worksheets:
            sheet = Sheet(ws.title, ws.sheet_state == "visible")
            for row in ws.iter_rows():
                for c in row:
                    if c.value is not None:
                        sheet.cells[(c.row, c.column)] = c.value
            self.sheets.append(sheet)
