"""``Công dân học tập``: one :class:`Person` per row, read fast when the row is clean.

Most rows of a filled workbook are already clean (whole numbers, names from the dropdowns): they
take a quick path that can raise no finding. Any other row takes the careful path, which reads
every cell as typed and reports what it cannot read; both give the same Person for a clean row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.places import Entity, Thon, thon_of
from hoctap_xl.commune.reading import ScoreCells, TableReader
from hoctap_xl.rules.ruleset import CitizenRules
from hoctap_xl.sheets.grid import Grid, Table
from hoctap_xl.text.values import ValueProblem, clean_text, is_blank, name_key, parse_int, parse_year, parse_yes_no


@dataclass(slots=True)
class Person:
    """A row of ``Công dân học tập`` as read: None where a cell could not be read."""

    row: int
    name: str
    birth_year: int | None
    sex: str
    thon: Thon | None
    unit: Entity | None
    group: int | None
    scores: ScoreCells
    digital: bool
    years_before: int
    name_cell: str


def read_people(r: TableReader, grids: dict[str, Grid], thon: dict[str, Thon],
                units: dict[str, Entity]) -> list[Person]:
    """``Công dân học tập``. A row whose cells are already clean takes a quick path; any other
    row takes the careful path, which reads every cell as typed and reports what it cannot."""
    t = r.table(grids, L.CONG_DAN, L.CONG_DAN_HEADERS)
    if t is None:
        return []
    quick = _QuickPath(r, t, units)
    out: list[Person] = []
    for row, values in t.records(L.CONG_DAN_HEADERS):
        person = quick.person(row, values)
        if person is None:
            person = _careful_person(r, t, row, values, thon, units)
        if person is not None:
            out.append(person)
    return out


class _QuickPath:
    """Reads a row whose cells are all clean, or says (None) that it must go the careful way."""

    def __init__(self, r: TableReader, t: Table, units: dict[str, Entity]) -> None:
        rules = r.rules.cong_dan
        self.n = rules.so_chi_so
        self.name_letter = t.letters[L.CONG_DAN_HEADERS[0]]
        self.groups = set(rules.nhom)
        self.lo, self.hi = rules.diem_toi_thieu, rules.diem_toi_da
        self.seen_yes_no = _yes_no_memo()
        self.thon_memo = r.thon_memo
        self.unit_memo = {u.name: u for u in units.values()}  # exact names; other spellings go the careful way

    def person(self, row: int, values: list[Any]) -> Person | None:
        """The row's Person when no finding is possible (same result as the careful path), else None."""
        name, birth, sex, thon_v, unit_v, group_v = values[:6]
        scores, digital_v, years_v = values[6:6 + self.n], values[-2], values[-1]
        th = self.thon_memo.get(thon_v) if type(thon_v) is str else None
        unit = self.unit_memo.get(unit_v) if type(unit_v) is str else None
        placed = (unit is not None and (thon_v is None or th is not None)) if unit_v is not None else th is not None
        if not (placed and type(name) is str and _whole(group_v) and group_v in self.groups
                and (birth is None or (_whole(birth) and 1900 <= birth <= 2100))
                and (years_v is None or (_whole(years_v) and years_v >= 0))
                and (digital_v is None or (type(digital_v) is str and digital_v in self.seen_yes_no))):
            return None
        try:
            ints = [int(v) for v in scores]
        except (TypeError, ValueError):
            return None
        if not (ints and ints == scores and self.lo <= min(ints) and max(ints) <= self.hi
                and bool not in map(type, scores)):
            return None
        text = clean_text(name)
        if not text:
            return None
        return Person(row, text, None if birth is None else int(birth), "" if sex is None else clean_text(sex), th,
                      unit, int(group_v), ScoreCells(ints, False, ""),
                      False if digital_v is None else self.seen_yes_no[digital_v],
                      0 if years_v is None else int(years_v), f"{self.name_letter}{row}")


def _whole(value: Any) -> bool:
    return (type(value) is int) or (type(value) is float and value.is_integer())


def _yes_no_memo() -> dict[str, bool]:
    from hoctap_xl.text.values import _YES_NO_SEEN

    for word in ("Có", "Không", "có", "không", "x", "X"):
        parse_yes_no(word)
    return _YES_NO_SEEN


# --- the careful path ----------------------------------------------------------------------------

def _careful_person(r: TableReader, t: Table, row: int, values: list[Any], thon: dict[str, Thon],
                    units: dict[str, Entity]) -> Person | None:
    """Every cell read as typed, a finding for each that cannot be; None when the row is rejected."""
    rules = r.rules.cong_dan
    name_h, year_h, _, _, _, group_h = L.CONG_DAN_HEADERS[:6]
    digital_h, years_h = L.CONG_DAN_HEADERS[-2:]
    score_heads = list(L.CHI_SO[: rules.so_chi_so])
    bounds = [(rules.diem_toi_thieu, rules.diem_toi_da)] * len(score_heads)
    name, birth, sex = values[:3]
    text = r.named(t, row, name_h, name, "họ và tên")
    if text is None:
        return None
    placed = _place(r, t, row, values, thon, units)
    if placed is None:
        return None
    th, unit = placed
    group = _group(r, t, row, group_h, values[5], rules)
    birth_year = _birth_year(r, t, row, year_h, birth)
    sc = r.scores(t, row, score_heads, values[6:6 + len(score_heads)], bounds)
    if sc.all_blank:
        r.add("chua-danh-gia", t.sheet, t.cell(row, score_heads[0]), name=text)
    elif group is None:
        sc = ScoreCells(sc.scores, False, "; ".join(x for x in ("Nhóm không hợp lệ", sc.invalid) if x))
    digital = r.yes_no(t, row, digital_h, values[-2])
    years_before = _years_before(r, t, row, years_h, values[-1])
    return Person(row, text, birth_year, clean_text(sex), th, unit, group, sc, digital, years_before,
                  t.cell(row, name_h))


def _place(r: TableReader, t: Table, row: int, values: list[Any], thon: dict[str, Thon],
           units: dict[str, Entity]) -> tuple[Thon | None, Entity | None] | None:
    """(thôn, unit) of a person, at least one of them; None when the row is rejected (after a finding)."""
    thon_h, unit_h = L.CONG_DAN_HEADERS[3:5]
    ok, th = thon_of(r, t, row, thon_h, values[3], thon, required=False)
    if not ok:
        return None
    unit_text = clean_text(values[4])
    unit = None
    if unit_text:
        unit = units.get(name_key(unit_text))
        if unit is None:
            r.add("don-vi-khong-co", t.sheet, t.cell(row, unit_h), name=unit_text, list_sheet=L.DON_VI)
            return None
    elif th is None:
        r.add("thieu-thon", t.sheet, t.cell(row, thon_h), alternative=" hay Đơn vị công tác")
        return None
    return th, unit


def _group(r: TableReader, t: Table, row: int, head: str, value: Any, rules: CitizenRules) -> int | None:
    """Nhóm 1, 2 or 3; None (after a finding) for anything else."""
    try:
        group = parse_int(value)
        if group not in rules.nhom:
            raise ValueProblem(f"{group}")
    except ValueProblem:
        r.add("nhom-khong-hop-le", t.sheet, t.cell(row, head), typed=clean_text(value) or "trống")
        return None
    return group


def _birth_year(r: TableReader, t: Table, row: int, head: str, value: Any) -> int | None:
    """A birth year 1900–2100, None when blank or (after a finding) unreadable."""
    if is_blank(value):
        return None
    try:
        year = parse_year(value)
        if not 1900 <= year <= 2100:
            raise ValueProblem(str(year))
    except ValueProblem:
        r.add("nam-sinh-khong-hop-le", t.sheet, t.cell(row, head), typed=clean_text(value))
        return None
    return year


def _years_before(r: TableReader, t: Table, row: int, head: str, value: Any) -> int:
    """Years in a row recognised before this one: a whole number from 0; 0 (after a finding) otherwise."""
    if is_blank(value):
        return 0
    try:
        years = parse_int(value)
        if years < 0:
            raise ValueProblem(str(years))
    except ValueProblem:
        r.add("so-nam-khong-hop-le", t.sheet, t.cell(row, head), typed=clean_text(value))
        return 0
    return years
