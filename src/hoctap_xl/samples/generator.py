"""Realistic sample communes, deterministic: for the demo, benchmarks and tests.

Pure Python (``random.Random`` only, no Excel library). :func:`generate` builds one commune's
``Thông tin chung`` values and input tables — every label and header comes from :mod:`layout`,
the criteria count and maximum points from the rule set — and, on request, a small documented
set of the mistakes officials really make, each with the finding code it must produce
(``""`` where the reader must accept the value silently).

The pieces live beside this module: :mod:`.names` (the vocabulary), :mod:`.villages`,
:mod:`.units`, :mod:`.clans`, :mod:`.people` (the tables), :mod:`.paperwork` (``Thông tin chung``
and the checklist), :mod:`.mistakes` and :mod:`.scores` (the numbers). They all draw from one
``random.Random`` in a fixed order, so the same arguments give the same commune.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.rules import ruleset as R
from hoctap_xl.samples.clans import finish_clans, plan_clans
from hoctap_xl.samples.mistakes import MIN_FOR_MISTAKES, Mistake, inject
from hoctap_xl.samples.names import PersonNames, region_for
from hoctap_xl.samples.paperwork import checklist, commune_info
from hoctap_xl.samples.people import People, ScoreScale, household_rows, person_order
from hoctap_xl.samples.scores import allocate, criteria_points, row
from hoctap_xl.samples.units import Unit, staff_units
from hoctap_xl.samples.villages import plan_villages, village_rows
from hoctap_xl.sheets.geometry import table_headers

__all__ = ["DEMO_COMMUNES", "CommuneSample", "Mistake", "demo_communes", "generate"]


@dataclass
class CommuneSample:
    """One sample commune: its ``Thông tin chung``, its input tables and the mistakes put in them."""

    info: dict[str, Any]
    """``Thông tin chung``: layout label → value."""
    tables: dict[str, list[dict[str, Any]]]
    """Table key (``thon``, ``cong_dan``, ``gia_dinh``, ``dong_ho``, ``cong_dong``, ``don_vi``,
    ``cap_xa``) → rows as ``{header: value}`` in the layout's header order."""
    mistakes: list[Mistake] = field(default_factory=list)


def _assessed_rows(rng: random.Random, rules: R.RuleSet, thon_names: list[str],
                   units: list[Unit]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``cong_dong`` rows (one per thôn) and the ``don_vi`` rows (one per unit), with points."""
    crit_cd, crit_dv = rules.cong_dong, rules.don_vi
    heads_cd, heads_dv = table_headers("cong_dong", rules), table_headers("don_vi", rules)
    community_rows = [row(heads_cd, (name, *criteria_points(rng, crit_cd, 0.75))) for name in thon_names]
    unit_rows = [row(heads_dv, (u.name, u.kind, u.staff, *criteria_points(rng, crit_dv, 0.85))) for u in units]
    return community_rows, unit_rows


def generate(seed: int = 1, *, province: str, commune: str, year: int, code: str = "", persons: int = 400,
             households: int = 150, thon: int = 6, clans: int | None = None, units: int | None = None,
             difficult: bool = False, mistakes: bool = True, rules: R.RuleSet | None = None,
             kind: str = "xã", above: str = "") -> CommuneSample:
    """One commune's realistic data; same arguments give the same data.

    ``kind`` is ``xã``, ``phường`` or ``thị trấn`` (wards get tổ dân phố / khóm, more units and
    more Nhóm 2/3 workers); ``above`` defaults to the province's UBND or Hội Khuyến học.
    With ``mistakes`` a few rows carry deliberate input mistakes, listed in ``mistakes``.
    """
    if thon < 1 or persons < 0 or households < 0:
        raise ValueError("thon ≥ 1, persons ≥ 0, households ≥ 0")
    rules = rules or R.default()
    rng = random.Random(f"hoctap-xl|{seed}|{province}|{commune}|{kind}")
    region = region_for(province)
    names = PersonNames(region)
    urban = kind != "xã"
    with_mistakes = mistakes and persons >= MIN_FOR_MISTAKES

    villages = plan_villages(rng, region, kind, thon, difficult)
    base_persons = persons - 1 if with_mistakes else persons  # the duplicate person makes up the count
    unit_list, unit_people = staff_units(rng, region, kind, commune, villages.names, units, base_persons, difficult)
    per_thon = allocate(base_persons - unit_people, villages.weights)
    hh_per_thon = allocate(households, [w * rng.uniform(0.85, 1.15) for w in villages.weights])
    thon_rows, clan_counts = village_rows(rng, villages, per_thon, hh_per_thon, urban, clans)
    clan_plan = plan_clans(rng, region, villages.names, clan_counts)

    people = People(rng, names, villages.names, ScoreScale.of(rules.cong_dan), year, urban)
    for home, workplace in person_order(rng, per_thon, unit_list, villages.weights):
        people.add(home, workplace)
    hh_rows, named_by_clan = household_rows(rng, names, villages.names, hh_per_thon, clan_plan, people.elders,
                                             rules.gia_dinh)
    finish_clans(rng, names, clan_plan, people.elders, named_by_clan, rules.dong_ho)
    community_rows, unit_rows = _assessed_rows(rng, rules, villages.names, unit_list)

    tables = {"thon": thon_rows, "cong_dan": people.rows, "gia_dinh": hh_rows, "dong_ho": clan_plan.rows,
              "cong_dong": community_rows, "don_vi": unit_rows, "cap_xa": checklist(rng, rules, year)}
    found = inject(rng, people.rows, villages.names) if with_mistakes else []
    info = commune_info(rng, names, province, commune, year, code, difficult, above)
    if urban:  # a ward or town types its kind, so its documents say "phường", not "xã"
        info[L.L_XA] = f"{kind.capitalize()} {commune}"
    return CommuneSample(info, tables, found)


DEMO_COMMUNES: list[dict[str, Any]] = [
    {"seed": 3, "province": "Lạng Sơn", "commune": "Tân Văn", "code": "06166", "kind": "xã", "persons": 1500,
     "households": 800, "thon": 9, "units": 12, "difficult": False, "mistakes": False},
    {"seed": 7, "province": "Lạng Sơn", "commune": "Châu Sơn", "code": "06097", "kind": "xã", "persons": 1000,
     "households": 560, "thon": 7, "units": 10, "difficult": True},
    {"seed": 11, "province": "An Giang", "commune": "Mỹ Thạnh", "code": "30295", "kind": "phường", "persons": 2400,
     "households": 1300, "thon": 10, "units": 22, "difficult": False},
]
"""Parameter sets of the demo communes (administrative codes are illustrative). The first is
clean, so the demo shows its finished documents; the others carry typing mistakes on purpose."""


def demo_communes(year: int = 2025) -> list[CommuneSample]:
    """The demo communes of :data:`DEMO_COMMUNES` for ``year``."""
    return [generate(**params, year=year) for params in DEMO_COMMUNES]
