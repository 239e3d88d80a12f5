"""The people (công dân) and households (gia đình) of a sample commune.

People live in a thôn, work in a unit, or both; no two share name, birth year and place. Most
are scored, most of those well enough to be recognised, some just short or with one index too
low; Nhóm 3 workers and the well-scored are more often digitally skilled. Households are headed
by a man of the thôn's clan (often one of its elders), or a woman; most name their clan.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.rules import ruleset as R
from hoctap_xl.samples.clans import ClanPlan, Elders
from hoctap_xl.samples.names import PersonNames
from hoctap_xl.samples.scores import criteria_points, row, score_vector, weighted_index
from hoctap_xl.samples.units import Unit
from hoctap_xl.text.values import name_key


@dataclass(frozen=True)
class ScoreScale:
    """The index scores the rule set asks for: how many, their range and the thresholds."""

    n_scores: int
    hi: int
    lo: int
    ok: int
    max_total: int
    need: int
    need_dk: int

    @classmethod
    def of(cls, cs: R.CitizenRules) -> ScoreScale:
        """The scale of the rule set's citizen rules (at most as many indexes as the layout has)."""
        n_scores = min(cs.so_chi_so, len(L.CHI_SO))
        return cls(n_scores, cs.diem_toi_da, cs.diem_toi_thieu, cs.diem_chi_so_toi_thieu, n_scores * cs.diem_toi_da,
                   math.ceil(cs.nguong * n_scores / cs.so_chi_so),
                   math.ceil(cs.nguong_vung_kho_khan * n_scores / cs.so_chi_so))


class People:
    """The ``cong_dan`` rows, added one person at a time, and the elders who may head households."""

    def __init__(self, rng: random.Random, names: PersonNames, thon_names: list[str], scale: ScoreScale, year: int,
                 urban: bool) -> None:
        """An empty list; ``urban`` communes have more Nhóm 2 and 3 residents."""
        self.rng, self.names, self.thon_names, self.scale, self.year = rng, names, thon_names, scale, year
        self.group_cum = (0.08, 0.70, 1.0) if urban else (0.72, 0.94, 1.0)
        self.rows: list[dict[str, Any]] = []
        self.seen: set[tuple[str, int, str]] = set()
        self.elders: Elders = {}  # (thôn, surname) → men born ≤ nam-25, to head households

    def add(self, t: int | None, unit: Unit | None) -> None:
        """One person living in thôn ``t`` and/or working in ``unit``."""
        full, female, year = self._identity(t, unit)
        group = self._group(unit)
        scores, digital, years = self._scores(group)
        thon_value = self.thon_names[t] if t is not None else None
        self.rows.append(row(L.CONG_DAN_HEADERS, (full, year, "Nữ" if female else "Nam", thon_value,
                                                  unit.name if unit else None, group, *scores, digital, years)))
        if t is not None and unit is None and not female and year <= self.year - 25:
            self.elders.setdefault((t, full.split(" ")[0]), []).append(full)

    def _identity(self, t: int | None, unit: Unit | None) -> tuple[str, bool, int]:
        rng = self.rng
        women = unit.women if unit else 0.52
        place = name_key(unit.name) if unit else name_key(self.thon_names[t or 0])
        for _ in range(20):
            female = rng.random() < women
            full = self.names.person(rng, female)
            lo_year, mode = (1965, 1985) if unit else (1950, 1980)
            year = min(2006, max(1950, int(rng.triangular(lo_year, 2007, mode))))
            key = (name_key(full), year, place)
            if key not in self.seen:
                break
        self.seen.add(key)
        return full, female, year

    def _group(self, unit: Unit | None) -> int:
        rng = self.rng
        if unit is None:
            r = rng.random()
            return 1 if r < self.group_cum[0] else 2 if r < self.group_cum[1] else 3
        if unit.kind in ("Cơ quan", "Trường học"):
            return 3 if rng.random() < 0.95 else 2
        if unit.kind == "Doanh nghiệp":
            return 3 if rng.random() < 0.4 else 2
        if unit.kind == "Cơ sở sản xuất":
            return 2 if rng.random() < 0.85 else 3
        return rng.choice((1, 1, 2, 3))

    def _scores(self, group: int) -> tuple[list[Any], str | None, int | None]:
        """Index scores, digital skill and years of learning; 3 % registered but not yet scored."""
        rng, sc = self.rng, self.scale
        scores: list[Any] = [None] * len(L.CHI_SO)
        if rng.random() < 0.03:
            return scores, None, None
        vec = self._vector(group)
        scores[:sc.n_scores] = vec
        well = sum(vec) >= sc.need and min(vec) >= sc.ok
        p_digital = (0.85 if group == 3 else 0.62) if well else 0.35
        digital = L.YES if rng.random() < p_digital else L.NO
        cum = (30, 52, 70, 82, 91, 96, 100) if well else (60, 80, 92, 97, 99, 100, 100)
        years = bisect.bisect_right(cum, rng.random() * 100)
        return scores, digital, years

    def _vector(self, group: int) -> list[int]:
        """Well scored, short by one index, enough only for Vùng khó khăn, or far short."""
        rng, sc = self.rng, self.scale
        need, need_dk, ok, hi, max_total = sc.need, sc.need_dk, sc.ok, sc.hi, sc.max_total
        good = 0.62 + (0.1 if group == 3 else 0.0)
        r = rng.random()
        if r < good:
            total = int(rng.triangular(need, round(max_total * 0.97) + 1, need + 0.3 * (max_total - need)))
            return score_vector(rng, sc.n_scores, total, ok, hi, 4)
        if r < good + 0.05:
            total = rng.randint(need, min(need + 8, max_total - hi + ok - 1))
            vec = score_vector(rng, sc.n_scores - 1, total - (ok - 1), ok, hi, 4)
            vec.insert(rng.randrange(sc.n_scores), ok - 1)
            return vec
        if r < good + 0.19 and need_dk < need:
            return score_vector(rng, sc.n_scores, rng.randint(need_dk, need - 1), ok, hi, 4)
        top = max(need_dk - 1, round(max_total * 0.52))
        return score_vector(rng, sc.n_scores, rng.randint(round(max_total * 0.52), top), max(sc.lo, ok - 2), hi, 8)


def person_order(rng: random.Random, per_thon: list[int], units: list[Unit],
                 weights: list[float]) -> list[tuple[int | None, Unit | None]]:
    """(home thôn, workplace) of every person, shuffled; half of the unit staff also live in a thôn."""
    thon_cum = list(itertools.accumulate(weights))
    order: list[tuple[int | None, Unit | None]] = [(t, None) for t, k in enumerate(per_thon) for _ in range(k)]
    for u in units:
        order += [(weighted_index(rng, thon_cum) if rng.random() < 0.5 else None, u) for _ in range(u.listed)]
    rng.shuffle(order)
    return order


def _household_head(rng: random.Random, names: PersonNames, t: int, clan: int | None, clans: ClanPlan,
                    elders: Elders, used: set[str]) -> str:
    """A head not yet heading a household of the thôn, or "" when 20 tries found none."""
    surname, middle = (clans.meta[clan][1], clans.meta[clan][2]) if clan is not None else ("", "")
    head = ""
    for _try in range(20):
        pool = elders.get((t, surname)) if surname else None
        if pool and rng.random() < 0.35:
            cand = rng.choice(pool)
            head = cand if not middle or cand.split(" ")[1] == middle else ""
        if not head:
            female = rng.random() < (0.15 if clan is not None else 0.25)
            head = names.person(rng, female, "" if female else surname, "" if female else middle)
        if name_key(head) not in used:
            break
        head = ""
    return head


def household_rows(rng: random.Random, names: PersonNames, thon_names: list[str], hh_per_thon: list[int],
               clans: ClanPlan, elders: Elders, crit: R.CriteriaRules) -> tuple[list[dict[str, Any]], list[int]]:
    """The ``gia_dinh`` rows and, per clan, how many of them name it."""
    hh_rows: list[dict[str, Any]] = []
    named_by_clan = [0] * len(clans.rows)
    heads_gd = L.headers_for("gia_dinh", len(crit.tieu_chi))
    clans_of_thon = clans.of_thon()
    for t, k in enumerate(hh_per_thon):
        used: set[str] = set()
        mine = clans_of_thon.get(t, [])
        clan_cum = list(itertools.accumulate(clans.meta[c][3] for c in mine))
        for _ in range(k):
            clan = mine[weighted_index(rng, clan_cum)] if mine and rng.random() < 0.8 else None
            head = _household_head(rng, names, t, clan, clans, elders, used)
            if not head:
                continue
            used.add(name_key(head))
            if clan is not None:
                named_by_clan[clan] += 1
            size = bisect.bisect_right((8, 28, 58, 78, 90, 96, 100), rng.random() * 100) + 2
            points = criteria_points(rng, crit, 0.8) if rng.random() >= 0.02 else [None] * len(crit.tieu_chi)
            hh_rows.append(row(heads_gd, (head, thon_names[t], clans.rows[clan][L.DONG_HO_HEADERS[0]]
                                          if clan is not None else None, size, *points)))
    return hh_rows, named_by_clan
