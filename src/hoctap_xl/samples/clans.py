"""The clans (dòng họ) of a sample commune.

Each thôn lists a few clans named after the region's surnames (``Họ`` or ``Dòng họ``, with a
middle name where two share a surname, and the thôn's name where two thôn have the same clan).
Households name them; a clan's ``Số hộ trong dòng họ`` is at least the households naming it,
and its head is often an elder of the thôn with that surname.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.rules import ruleset as R
from hoctap_xl.samples.names import CLAN_MIDDLE, PersonNames, Region, split_village
from hoctap_xl.samples.scores import criteria_points, row
from hoctap_xl.text.values import name_key

Elders = dict[tuple[int, str], list[str]]
"""(thôn index, surname) → men old enough to head a household or a clan."""


@dataclass
class ClanPlan:
    """The ``dong_ho`` rows and, per row, (thôn index, surname, middle name, size weight)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    meta: list[tuple[int, str, str, float]] = field(default_factory=list)

    def of_thon(self) -> dict[int, list[int]]:
        """Thôn index → indexes of the clans listed there."""
        out: dict[int, list[int]] = {}
        for c, (t, *_rest) in enumerate(self.meta):
            out.setdefault(t, []).append(c)
        return out


def _surname_and_middle(rng: random.Random, region: Region, pairs: set[tuple[str, str]]) -> tuple[str, str]:
    for _try in range(50):
        surname = region.surnames.pick(rng)
        middle = rng.choice(CLAN_MIDDLE) if rng.random() < 0.2 or (surname, "") in pairs else ""
        if (surname, middle) not in pairs:
            break
    return surname, middle


def _unique_clan_name(clan_name: str, thon_name: str, used: set[str]) -> str:
    if name_key(clan_name) in used:
        prefix, short = split_village(thon_name)
        clan_name = f"{clan_name} {prefix} {short}".replace("  ", " ")
    n = 2
    while name_key(clan_name) in used:
        clan_name = f"{clan_name} ({n})"
        n += 1
    return clan_name


def plan_clans(rng: random.Random, region: Region, thon_names: list[str], clan_counts: list[int]) -> ClanPlan:
    """``clan_counts[t]`` clans in thôn ``t``, with distinct names; heads and counts come later."""
    plan = ClanPlan()
    used_clans: set[str] = set()
    for t, n_clans in enumerate(clan_counts):
        pairs: set[tuple[str, str]] = set()
        for _ in range(n_clans):
            surname, middle = _surname_and_middle(rng, region, pairs)
            pairs.add((surname, middle))
            form = "Họ" if rng.random() < 0.3 else "Dòng họ"
            clan_name = _unique_clan_name(f"{form} {surname} {middle}".strip(), thon_names[t], used_clans)
            used_clans.add(name_key(clan_name))
            plan.meta.append((t, surname, middle, rng.uniform(0.5, 2.0)))
            plan.rows.append({L.DONG_HO_HEADERS[0]: clan_name, L.DONG_HO_HEADERS[1]: "",
                              L.DONG_HO_HEADERS[2]: thon_names[t], L.DONG_HO_HEADERS[3]: 0})
    return plan


def finish_clans(rng: random.Random, names: PersonNames, plan: ClanPlan, elders: Elders, named_by_clan: list[int],
                 crit: R.CriteriaRules) -> None:
    """Fill in each clan's head, household count (≥ the households naming it) and points."""
    heads_dh = L.headers_for("dong_ho", len(crit.tieu_chi))
    for c, clan_row in enumerate(plan.rows):
        t, surname, middle, _w = plan.meta[c]
        pool = elders.get((t, surname))
        head = rng.choice(pool) if pool and rng.random() < 0.3 else names.person(rng, False, surname, middle)
        named = named_by_clan[c]
        total = named + round(named * rng.uniform(0.0, 0.3)) + rng.randint(0, 1) if named else rng.randint(5, 20)
        clan_row.update({L.DONG_HO_HEADERS[1]: head, L.DONG_HO_HEADERS[3]: total})
        clan_row.update(row(heads_dh[len(L.DONG_HO_HEADERS):], criteria_points(rng, crit, 0.8)))
