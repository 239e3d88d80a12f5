"""The thôn of a sample commune: names, sizes, Vùng khó khăn flags and denominators.

A rural commune's thôn take the region's village names (then made-up ones, then numbers); a
ward or town has tổ dân phố, or khóm in the south. Denominators are built from the rows, so
shares stay plausible at any size: ``Tổng số hộ`` is at least the households registered in the
thôn, ``Số người lao động`` well above the people registered there.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.samples.names import KHOM_BASES, NORTHEAST, Region
from hoctap_xl.samples.scores import allocate, row
from hoctap_xl.text.values import name_key


@dataclass
class VillagePlan:
    """The thôn names with their size weights and Vùng khó khăn flags."""

    names: list[str]
    weights: list[float]
    difficult: list[bool]


class _UniqueNames:
    """At most ``limit`` names, none twice (compared by :func:`name_key`)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.names: list[str] = []
        self.seen: set[str] = set()

    def add(self, name: str) -> None:
        if name_key(name) not in self.seen and len(self.names) < self.limit:
            self.seen.add(name_key(name))
            self.names.append(name)


def _khom_names(rng: random.Random, n: int) -> list[str]:
    out = _UniqueNames(n)
    bases = list(KHOM_BASES)
    rng.shuffle(bases)
    i = 0
    while len(out.names) < n:
        base = bases[min(i, len(bases) - 1)]
        size = rng.randint(2, 6) if i < len(bases) - 1 else n
        for k in range(1, size + 1):
            out.add(f"Khóm {base} {k}")
        i += 1
    return out.names


def _rural_names(rng: random.Random, region: Region, n: int) -> list[str]:
    out = _UniqueNames(n)
    places = list(region.places)
    rng.shuffle(places)
    combos = [f"{a} {b}" for a in region.heads for b in region.tails]
    rng.shuffle(combos)
    for place in itertools.chain(places, combos):
        if len(out.names) >= n:
            break
        prefix = region.prefix
        if region is NORTHEAST and not place.startswith("Bản") and rng.random() < 0.25:
            prefix = "Bản"
        out.add(f"{prefix} {place}")
    i = 1
    while len(out.names) < n:
        out.add(f"{region.prefix} {i}")
        i += 1
    return out.names


def village_names(rng: random.Random, region: Region, kind: str, n: int) -> list[str]:
    """``n`` distinct thôn names for a commune of kind ``loai`` (xã, phường, thị trấn)."""
    if kind != "xã" and region.south:
        return _khom_names(rng, n)
    if kind != "xã":
        return [f"Tổ dân phố {i}" for i in range(1, n + 1)]
    return _rural_names(rng, region, n)


def plan_villages(rng: random.Random, region: Region, kind: str, n: int, difficult: bool) -> VillagePlan:
    """Names, size weights and flags; in a difficult commune most thôn are flagged, at least one of three."""
    names = village_names(rng, region, kind, n)
    weights = [rng.uniform(0.5, 1.5) for _ in names]
    share_dk = 0.0 if kind != "xã" else (0.75 if difficult else region.difficult_share)
    flags = [rng.random() < share_dk for _ in names]
    if share_dk and not any(flags) and n >= 3:
        flags[rng.randrange(n)] = True
    return VillagePlan(names, weights, flags)


def village_rows(rng: random.Random, plan: VillagePlan, per_thon: list[int], hh_per_thon: list[int], urban: bool,
                 clans: int | None) -> tuple[list[dict[str, Any]], list[int]]:
    """The ``thon`` table rows and the number of clans to list in each thôn.

    ``clans`` (a total for the commune) is spread over the thôn by their weights; without it each
    thôn lists part of its clans, at most one per three registered households.
    """
    thon_rows: list[dict[str, Any]] = []
    clan_counts: list[int] = []
    for t, name in enumerate(plan.names):
        ratio = rng.uniform(2.0, 2.6)  # workers per household
        hh = max(rng.randint(90, 140) if urban else rng.randint(60, 90),
                 math.ceil(hh_per_thon[t] / rng.uniform(0.82, 0.97)),
                 math.ceil(per_thon[t] / (ratio * rng.uniform(0.55, 0.85))))
        total_clans = rng.randint(3, 8) if urban else rng.randint(4, 15)
        if clans is None:
            n_clans = round(total_clans * (rng.uniform(0.4, 0.75) if urban else rng.uniform(0.6, 0.95)))
            n_clans = max(1, min(n_clans, hh_per_thon[t] // 3))
        else:
            n_clans = 0
        clan_counts.append(n_clans)
        thon_rows.append(row(L.THON_HEADERS, (name, hh, total_clans, round(ratio * hh),
                                              L.YES if plan.difficult[t] else L.NO)))
    if clans is not None:
        clan_counts = allocate(clans, plan.weights)
    for t, thon_row in enumerate(thon_rows):
        thon_row[L.THON_HEADERS[2]] = max(thon_row[L.THON_HEADERS[2]], clan_counts[t])
    return thon_rows, clan_counts
