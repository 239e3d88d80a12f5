"""Reading one workbook's tables cell by cell, with a finding for every cell that cannot be read.

:class:`TableReader` carries the findings of one read and the cell readers every table shares
(scores, Có/Không, denominators, names). Nothing here knows about files: a
:class:`~hoctap_xl.sheets.grid.Grid` comes from calamine, openpyxl or an Excel range alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hoctap_xl.findings import Finding, finding
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.grid import Grid, Table, locate
from hoctap_xl.text.values import (
    ValueProblem,
    clean_text,
    format_number,
    is_blank,
    name_key,
    parse_int,
    parse_number,
    parse_yes_no,
)


@dataclass(slots=True)
class ScoreCells:
    """A row's score cells after reading: valid integers, None where blank or invalid."""

    scores: Sequence[int | None]
    all_blank: bool
    invalid: str  # reason the row cannot be recognised because of a score ("" when none)


class TableReader:
    """Collects findings while reading one workbook's tables (it reads no file: grids come in)."""

    def __init__(self, rules: RuleSet, file: str | None = None) -> None:
        """Read under ``rules``; findings name ``file``."""
        self.rules = rules
        self.file = file
        self.findings: list[Finding] = []
        self.thon_memo: dict[Any, Any] = {}  # raw cell text → Thôn (names repeat on thousands of rows)

    # -- findings ----------------------------------------------------------------------
    def add(self, code: str, sheet: str | None, cell: str | None, **values: object) -> None:
        """Record a finding of ``code`` at a cell, its message the code's template filled from ``values``."""
        self.findings.append(finding(code, sheet=sheet, cell=cell, file=self.file, **values))

    def table(self, grids: dict[str, Grid], sheet: str, headers: Sequence[str],
              optional: Sequence[str] = ()) -> Table | None:
        """The located table of a sheet, or None (with a finding) when the sheet or a header is missing."""
        grid = grids.get(sheet)
        if grid is None:
            self.add("thieu-sheet", sheet, None, name=sheet, effect="; bảng này không được đọc")
            return None
        found = locate(grid, headers, optional=optional)
        if isinstance(found, Finding):
            self.findings.append(dataclasses.replace(found, file=self.file))
            return None
        return found

    # -- cells --------------------------------------------------------------------------
    def scores(self, t: Table, row: int, heads: Sequence[str], values: list[Any],
               bounds: Sequence[tuple[int, int]]) -> ScoreCells:
        """A row's scores: whole numbers within their bounds; a finding for each cell that is not."""
        # Fast path: every score already a whole number in range (the usual filled row).
        try:
            ints = [int(v) for v in values]
        except (TypeError, ValueError):
            pass
        else:  # int("8") works but "8" != 8, and 7.5 != 7: those go the careful way below
            if ints == values and all(lo <= s <= hi for s, (lo, hi) in zip(ints, bounds, strict=True)) and \
                    bool not in map(type, values):
                return ScoreCells(ints, False, "")
        blank = [is_blank(v) for v in values]
        if all(blank):
            return ScoreCells([None] * len(values), True, "")
        out: list[int | None] = []
        bad: list[str] = []
        for head, v, bound, empty in zip(heads, values, bounds, blank, strict=True):
            score, problem = self._score(t, row, head, v, bound, empty)
            out.append(score)
            if problem:
                bad.append(problem)
        return ScoreCells(out, False, ("Điểm không hợp lệ: " + ", ".join(bad)) if bad else "")

    def _score(self, t: Table, row: int, head: str, value: Any, bound: tuple[int, int],
               empty: bool) -> tuple[int | None, str]:
        """One score cell: (the score, "") or (None, why not, for the row's reason) after a finding."""
        where = t.cell(row, head)
        if empty:
            self.add("diem-trong", t.sheet, where, header=head)
            return None, f"thiếu {head.lower()}"
        try:
            number = parse_number(value)
        except ValueProblem as exc:
            self.add("diem-khong-phai-so", t.sheet, where, header=head, problem=exc)
            return None, f"{head.lower()} không phải số"
        if not number.is_integer():
            shown = format_number(number, 2).rstrip("0").rstrip(",")
            self.add("diem-khong-nguyen", t.sheet, where, header=head, typed=shown)
            return None, f"{head.lower()} không phải số nguyên"
        score = int(number)
        lo, hi = bound
        if not lo <= score <= hi:
            self.add("diem-ngoai-khoang", t.sheet, where, header=head, score=score, low=lo, high=hi)
            return None, f"{head.lower()} ngoài khoảng {lo}–{hi}"
        return score, ""

    def yes_no(self, t: Table, row: int, head: str, value: Any) -> bool:
        """A Có/Không cell; anything else is a finding and counts as Không."""
        try:
            return parse_yes_no(value)
        except ValueProblem as exc:
            self.add("co-khong-khong-hop-le", t.sheet, t.cell(row, head), header=head, problem=exc)
            return False

    def count(self, t: Table, row: int, head: str, value: Any, what: str) -> int | None:
        """A denominator: a non-negative integer (``1.385`` typed as text is 1385)."""
        where = t.cell(row, head)
        if is_blank(value):
            self.add("mau-so-khong-hop-le", t.sheet, where, header=head, what=what, problem=" đang để trống")
            return None
        try:
            n = parse_int(value, thousands=True)
        except ValueProblem as exc:
            self.add("mau-so-khong-hop-le", t.sheet, where, header=head, what=what, problem=f": {exc}")
            return None
        if n < 0:
            self.add("mau-so-khong-hop-le", t.sheet, where, header=head, what=what, problem=f" là số âm ({n})")
            return None
        return n

    @staticmethod
    def optional(t: Table, values: list[Any], head: str) -> Any:
        """An optional column's raw value (:data:`layout.OPTIONAL_HEADERS`, read after the scores):
        None when the sheet lacks that column."""
        if head not in t.extra:
            return None
        present = list(t.extra)  # the optional headers found, in the order read_entities asks them
        return values[len(values) - len(present) + present.index(head)]

    # -- names --------------------------------------------------------------------------
    def named(self, t: Table, row: int, head: str, value: Any, what: str) -> str | None:
        """The row's name, or None (with a ``thieu-ten`` finding) when the row has data but no name."""
        text = clean_text(value)
        if not text:
            self.add("thieu-ten", t.sheet, t.cell(row, head), row_no="", filled="dữ liệu", missing=f"chưa ghi {what}",
                     effect="dòng bị loại")
            return None
        return text

    def unique(self, seen: dict[str, int], t: Table, row: int, head: str, name: str, what: str) -> bool:
        """True the first time a name is seen in its table; a ``trung-ten`` finding after that."""
        key = name_key(name)
        if key in seen:
            self.add("trung-ten", t.sheet, t.cell(row, head), kind=what, name=name, first_row=seen[key])
            return False
        seen[key] = row
        return True
