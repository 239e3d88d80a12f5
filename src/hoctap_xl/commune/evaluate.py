"""One commune's year, computed: every model's results, the shares, targets and attainment.

:func:`evaluate` is the single entry point the CLI, the UDFs, ``score`` and the level above
use. It takes the workbook's sheets as :class:`~hoctap_xl.sheets.grid.Grid` values and the rule set
in force (the workbook's own copy) and returns plain results (:mod:`hoctap_xl.commune.results`)
and findings; :func:`evaluate_workbook` does the same for a workbook as read from its file.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Protocol

from hoctap_xl import layout as L
from hoctap_xl.commune.info import ChecklistRow, Info, read_checklist, read_info, read_targets
from hoctap_xl.commune.legacy_text import convert_grids
from hoctap_xl.commune.people import Person, read_people
from hoctap_xl.commune.places import (
    Entity,
    Thon,
    read_clans,
    read_communities,
    read_households,
    read_thon,
    read_units,
)
from hoctap_xl.commune.reading import TableReader
from hoctap_xl.commune.results import CommuneResult, EntityResult, PersonResult, Share, ThonSummary
from hoctap_xl.findings import Finding
from hoctap_xl.rules import scoring
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.rules.targets import resolve
from hoctap_xl.sheets.geometry import table_headers
from hoctap_xl.sheets.grid import Grid, from_records
from hoctap_xl.text.values import format_number


class WorkbookInput(Protocol):
    """What :func:`evaluate_workbook` needs of a workbook as read (``formats.xlsx_read.WorkbookData`` fits)."""

    @property
    def path(self) -> PurePath:
        """The workbook's file; its name is where findings say they are."""

    @property
    def grids(self) -> dict[str, Grid]:
        """Every sheet's values."""

    @property
    def rules(self) -> RuleSet:
        """The rule set in force (the workbook's own copy)."""

    @property
    def findings(self) -> list[Finding]:
        """What the file reader found (structure, version, macros…)."""


def evaluate_workbook(data: WorkbookInput, *, file: str | None = None, reader_findings: bool = True) -> CommuneResult:
    """:func:`evaluate` of a workbook as read: its grids, its rule set, its file name, the file reader's
    findings first. ``file``: another name for findings to carry (the reader's findings are moved to
    it); ``reader_findings=False`` leaves the reader's findings out."""
    earlier = data.findings if reader_findings else None
    if file is None:
        file = data.path.name
    elif earlier:
        earlier = [dataclasses.replace(f, file=file) for f in earlier]
    return evaluate(data.grids, data.rules, file=file, findings=earlier)


def evaluate(grids: dict[str, Grid], rules: RuleSet, *, file: str | None = None,
             findings: list[Finding] | None = None) -> CommuneResult:
    """Read and compute a whole commune. ``findings`` are added first (from the file reader)."""
    r = TableReader(rules, file)
    if findings:
        r.findings.extend(findings)
    grids, converted = convert_grids(grids, file)
    r.findings.extend(converted)
    inputs = _read(r, grids)
    return _compute(r, inputs)


@dataclass
class _Inputs:
    """Every table of one workbook, as read."""

    info: Info
    thon: list[Thon]
    units: list[Entity]
    clans: list[Entity]
    households: list[Entity]
    communities: list[Entity]
    people: list[Person]
    checklist: list[ChecklistRow]
    targets: dict[str, dict[int, float | None]]


def _read(r: TableReader, grids: dict[str, Grid]) -> _Inputs:
    """Read every table in dependency order: thôn, then units and clans, then who belongs to them."""
    info = read_info(r, grids)
    thon_list = read_thon(r, grids)
    thon = {t.key: t for t in thon_list}
    units = read_units(r, grids, thon)
    clans = read_clans(r, grids, thon)
    clan_index: dict[str, Entity] | None = {c.key: c for c in clans}
    if any(f.sheet == L.DONG_HO and f.code in ("thieu-sheet", "sai-tieu-de") for f in r.findings):
        clan_index = None  # the clan table was not read: one finding says so, not one per household
    households = read_households(r, grids, thon, clan_index)
    communities = read_communities(r, grids, thon)
    people = read_people(r, grids, thon, {u.key: u for u in units})
    return _Inputs(info, thon_list, units, clans, households, communities, people, read_checklist(r, grids),
                   read_targets(r, grids))


def _compute(r: TableReader, i: _Inputs) -> CommuneResult:
    """Verdicts (households first: clans and communities count them), shares, per-thôn summary, checks."""
    rules = r.rules
    hh_results = [EntityResult(h, scoring.criteria(h.scores.scores, rules.gia_dinh, invalid=h.scores.invalid))
                  for h in i.households]
    _warn_duplicate_households(r, hh_results)
    by_thon_hh, by_clan_hh = _recognised_households(hh_results)
    clan_results = []
    for c in i.clans:
        got = (by_clan_hh[c.key], c.extra.get("households"))
        clan_results.append(EntityResult(
            c, scoring.criteria(c.scores.scores, rules.dong_ho, invalid=c.scores.invalid, households=got), got))
    community_results = []
    for c in i.communities:
        th = c.thon
        got = (by_thon_hh[th.key] if th else 0, th.households if th else None)
        community_results.append(EntityResult(
            c, scoring.criteria(c.scores.scores, rules.cong_dong, invalid=c.scores.invalid, households=got), got))
    unit_results = [EntityResult(u, scoring.criteria(u.scores.scores, rules.don_vi, invalid=u.scores.invalid))
                    for u in i.units]
    person_results = _person_results(i.people, i.info, rules)
    _warn_duplicate_people(r, person_results)

    level = scoring.commune_level([c.level1 for c in i.checklist], [c.level2 for c in i.checklist])
    models = {"gia_dinh": hh_results, "dong_ho": clan_results, "cong_dong": community_results,
              "don_vi": unit_results}
    shares = _shares(i.info, i.thon, person_results, models, i.targets)
    by_thon = _by_thon(r, i.thon, person_results, models, by_thon_hh)
    _check_denominators(r, shares, unit_results, person_results, clan_results)
    _warn_beyond_formulas(r, {"cong_dan": [p.row for p in i.people], "gia_dinh": [h.row for h in i.households],
                              "dong_ho": [c.row for c in i.clans], "cong_dong": [c.row for c in i.communities],
                              "don_vi": [u.row for u in i.units]})
    return CommuneResult(i.info, rules, i.thon, person_results, models, i.checklist, level, i.targets, shares,
                         by_thon, r.findings)


def _recognised_households(households: list[EntityResult]) -> tuple[Counter[str], Counter[str]]:
    """Recognised households per thôn key and per clan key."""
    by_thon: Counter[str] = Counter()
    by_clan: Counter[str] = Counter()
    for h in households:
        if h.verdict.recognised:
            if h.entity.thon is not None:
                by_thon[h.entity.thon.key] += 1
            if h.entity.extra.get("clan_key"):
                by_clan[h.entity.extra["clan_key"]] += 1
    return by_thon, by_clan


def _person_results(people: list[Person], info: Info, rules: RuleSet) -> list[PersonResult]:
    """Each person's verdict (a difficult commune or thôn lowers the threshold) and title."""
    out = []
    for p in people:
        difficult = info.difficult or (p.thon is not None and p.thon.difficult)
        v = scoring.citizen(p.scores.scores, rules.cong_dan, difficult=difficult, invalid=p.scores.invalid)
        out.append(PersonResult(p, v, scoring.citizen_title(v.recognised, p.years_before, rules.cong_dan)))
    return out


# --- duplicates, shares and denominators -----------------------------------------------------

def _warn_duplicate_people(r: TableReader, people: list[PersonResult]) -> None:
    first: dict[tuple[str, int | None, str], int] = {}
    for pr in people:
        p = pr.person
        place = p.unit.key if p.unit else (p.thon.key if p.thon else "")
        key = (p.name.casefold(), p.birth_year, place)  # names are already clean
        if key in first:
            r.add("trung-nguoi", L.CONG_DAN, p.name_cell, name=p.name, born=p.birth_year or "không rõ năm sinh",
                  first_row=first[key])
        else:
            first[key] = p.row


def _warn_duplicate_households(r: TableReader, households: list[EntityResult]) -> None:
    first: dict[tuple[str, str], int] = {}
    for h in households:
        e = h.entity
        key = (e.key, e.thon.key if e.thon else "")
        if key in first:
            r.add("trung-ho", L.GIA_DINH, e.extra["cell"], name=e.name, first_row=first[key])
        else:
            first[key] = e.row


def _warn_beyond_formulas(r: TableReader, rows: dict[str, list[int]]) -> None:
    """Rows typed or pasted below the template's result formulas are read and counted here, but
    Excel shows no result for them: say so once per table."""
    for key, numbers in rows.items():
        spec = L.TABLES[key]
        last = L.HEADER_ROW + spec.rows
        beyond = [n for n in numbers if n > last]
        if beyond:
            n, first, cap = (format_number(x) for x in (len(beyond), min(beyond), spec.rows))
            r.add("ngoai-vung-cong-thuc", spec.sheet, f"A{min(beyond)}", count=n, first_row=first, capacity=cap,
                  table=spec.sheet)


def _sum(values: list[int | None]) -> int:
    return sum(v for v in values if v is not None)


def _shares(info: Info, thon: list[Thon], people: list[PersonResult], models: dict[str, list[EntityResult]],
            targets: dict[str, dict[int, float | None]]) -> list[Share]:
    recognised = [p for p in people if p.verdict.recognised]

    def count(model: str) -> int:
        return sum(1 for e in models[model] if e.verdict.recognised)

    staff = [e.entity.extra.get("staff") for e in models["don_vi"]]
    parts = {
        "GIA_DINH": (count("gia_dinh"), _sum([t.households for t in thon])),
        "DONG_HO": (count("dong_ho"), _sum([t.clans for t in thon])),
        "CONG_DONG": (count("cong_dong"), len(thon)),
        "DON_VI": (count("don_vi"), len(models["don_vi"])),
        "CONG_DAN_CONG_DONG": (sum(1 for p in recognised if p.person.unit is None), _sum([t.workers for t in thon])),
        "CONG_DAN_DON_VI": (sum(1 for p in recognised if p.person.unit is not None), _sum(staff)),
        "KY_NANG_SO": (sum(1 for p in recognised if p.person.digital), len(recognised)),
    }
    year = info.year
    out = []
    for code in L.SHARE_CODES:
        got, of = parts[code]
        target = resolve(targets.get(code, {}), year) if year is not None else None
        out.append(Share(code, got, of, target))
    return out


def _by_thon(r: TableReader, thon: list[Thon], people: list[PersonResult], models: dict[str, list[EntityResult]],
             households: Counter[str]) -> list[ThonSummary]:
    rows = {t.key: ThonSummary(t, households_recognised=households[t.key]) for t in thon}
    for c in models["dong_ho"]:
        if c.verdict.recognised and c.entity.thon is not None:
            rows[c.entity.thon.key].clans_recognised += 1
    for p in people:
        if p.verdict.recognised and p.person.unit is None and p.person.thon is not None:
            rows[p.person.thon.key].citizens_recognised += 1
    for c in models["cong_dong"]:
        if c.entity.thon is not None:
            rows[c.entity.thon.key].community = c.verdict.recognised
    for s in rows.values():
        t = s.thon
        for got, of, cell_head, what in (
                (s.households_recognised, t.households, L.THON_HEADERS[1], "hộ đạt Gia đình học tập"),
                (s.citizens_recognised, t.workers, L.THON_HEADERS[3], "người đạt Công dân học tập")):
            if of is not None and got > of:
                r.add("vuot-mau-so", L.THON, t.cells[cell_head], subject=f"Thôn \u201c{t.name}\u201d có", got=got,
                      what=what, total=f"{cell_head.lower()} ({of})", after="")
    return list(rows.values())


def _check_denominators(r: TableReader, shares: list[Share], units: list[EntityResult], people: list[PersonResult],
                        clans: list[EntityResult]) -> None:
    per_unit: Counter[str] = Counter(p.person.unit.key for p in people
                                     if p.verdict.recognised and p.person.unit is not None)
    for u in units:
        staff = u.entity.extra.get("staff")
        got = per_unit[u.entity.key]
        if staff is not None and got > staff:
            r.add("vuot-mau-so", L.DON_VI, u.entity.extra["staff_cell"],
                  subject=f"Đơn vị \u201c{u.entity.name}\u201d có", got=got, what="người đạt Công dân học tập",
                  total=f"số CBCCVC, người lao động ({staff})", after="")
    for c in clans:
        if c.households is not None and c.households[1] is not None and c.households[0] > c.households[1]:
            r.add("vuot-mau-so", L.DONG_HO, c.entity.extra["households_cell"],
                  subject=f"Dòng họ \u201c{c.entity.name}\u201d có", got=c.households[0],
                  what="hộ đạt Gia đình học tập", total=f"số hộ trong dòng họ ({c.households[1]})", after="")
    for s in shares:
        if s.total and s.recognised > s.total:
            r.add("vuot-mau-so", L.TONG_HOP, None, subject=f"{L.SHARE_LABELS[s.code]}:", got=s.recognised,
                  what="được công nhận", total=f"tổng số {s.total}", after="; tỷ lệ vẫn tính như số liệu đã nhập")


def grids_from_records(info: dict[str, Any], tables: dict[str, list[dict[str, Any]]], rules: RuleSet,
                       targets: dict[str, dict[int, float | None]] | None = None) -> dict[str, Grid]:
    """The sheets of a commune as the template lays them out, built from dict rows (no file):
    for samples, benchmarks and tests."""
    info_rows: list[list[Any]] = [[L.THONG_TIN], []] + [[label, info.get(label)]
                                                         for label in (*L.INFO_LABELS, *L.OPTIONAL_INFO_LABELS)]
    grids = {L.THONG_TIN: Grid(L.THONG_TIN, info_rows)}
    for key, spec in L.TABLES.items():
        if key == "chi_tieu":
            continue
        heads = (*table_headers(key, rules), *L.OPTIONAL_HEADERS.get(key, ()))
        grids[spec.sheet] = from_records(spec.sheet, heads, tables.get(key, []), header_row=L.HEADER_ROW)
    years = sorted({y for by_year in (targets or {}).values() for y in by_year})
    target_rows: list[list[Any]] = [[L.CHI_TIEU], [], [*L.CHI_TIEU_HEADERS, *years]]
    for code in L.SHARE_CODES:
        target_rows.append([code, L.SHARE_LABELS[code], *[(targets or {}).get(code, {}).get(y) for y in years]])
    grids[L.CHI_TIEU] = Grid(L.CHI_TIEU, target_rows)
    return grids
