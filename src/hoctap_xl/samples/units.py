"""The units (đơn vị) of a sample commune and the staff they list.

Every commune has its core units (UBND, Công an, Trạm Y tế and the three schools); rural
communes add cooperatives, businesses and workshops, wards mostly businesses, until the units
can hold the people who work there. A unit's ``Số CBCCVC, người lao động`` is at least its staff
in the person list.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from hoctap_xl.samples.names import BRANDS, FIELDS, NORTHWEST, Region, split_village
from hoctap_xl.samples.scores import allocate, weighted_index
from hoctap_xl.text.values import name_key

_CORE_UNITS = (  # (type, name pattern, staff range, share of women)
    ("Cơ quan", "UBND {label}", (22, 40), 0.45),
    ("Cơ quan", "Công an {label}", (8, 18), 0.15),
    ("Cơ quan", "Trạm Y tế {label}", (8, 14), 0.65),
    ("Trường học", "Trường Mầm non {xa}", (15, 35), 0.95),
    ("Trường học", "Trường {ptdtbt}Tiểu học {xa}", (18, 40), 0.75),
    ("Trường học", "Trường {ptdtbt}THCS {xa}", (18, 40), 0.65),
)
_URBAN_KINDS = (("Doanh nghiệp", 0.55), ("Cơ sở sản xuất", 0.3), ("Hợp tác xã", 0.05), ("Trường học", 0.1))
_RURAL_KINDS = (("Hợp tác xã", 0.35), ("Doanh nghiệp", 0.3), ("Cơ sở sản xuất", 0.35))


@dataclass
class Unit:
    """A unit: its name, type, total staff, share of women and how many of its staff are listed."""

    name: str
    kind: str
    staff: int
    women: float
    listed: int = 0


def _local_unit(rng: random.Random, kind: str, region: Region, commune: str, thon_names: list[str],
                school_no: Iterator[int]) -> tuple[str, int, float]:
    """A name, staff and share of women for a unit of ``kind`` beyond the core ones."""
    if kind == "Doanh nghiệp":
        name = rng.choice((f"Công ty TNHH {rng.choice(BRANDS)}",
                           f"Công ty CP {rng.choice(FIELDS)} {rng.choice(BRANDS)}",
                           f"Doanh nghiệp tư nhân {rng.choice(BRANDS)}"))
        staff, women = rng.randint(15, 60), 0.5
    elif kind == "Cơ sở sản xuất":
        name = f"Cơ sở {rng.choice(region.crafts)} {rng.choice(BRANDS)}"
        staff, women = rng.randint(8, 20), 0.45
    elif kind == "Hợp tác xã":
        name = f"HTX {rng.choice(region.products)} {split_village(rng.choice(thon_names))[1]}"
        staff, women = rng.randint(8, 25), 0.45
    else:
        name = rng.choice((f"Trường Mầm non {commune} {next(school_no)}",
                           f"Trường Mầm non tư thục {rng.choice(BRANDS)}"))
        staff, women = rng.randint(12, 30), 0.9
    return name, staff, women


def _core_units(rng: random.Random, region: Region, loai: str, commune: str, difficult: bool,
                seen: set[str]) -> list[Unit]:
    label = f"{loai} {commune}"
    ptdtbt = "PTDTBT " if difficult or region is NORTHWEST else ""
    out: list[Unit] = []
    for kind, pattern, (lo, hi), women in _CORE_UNITS:
        name = pattern.format(label=label, xa=commune, ptdtbt=ptdtbt)
        out.append(Unit(name, kind, rng.randint(lo, hi), women))
        seen.add(name_key(name))
    return out


def make_units(rng: random.Random, region: Region, loai: str, commune: str, thon_names: list[str], wanted: int | None,
               needed: int, difficult: bool) -> list[Unit]:
    """``wanted`` units (core ones first), or by default enough to hold ``needed`` staff."""
    seen: set[str] = set()
    out = _core_units(rng, region, loai, commune, difficult, seen)
    urban = loai != "xã"
    if wanted is not None:
        out = out[:wanted]
    target = wanted if wanted is not None else rng.randint(14, 18) if urban else rng.randint(8, 11)
    kinds = _URBAN_KINDS if urban else _RURAL_KINDS
    cum = list(itertools.accumulate(w for _, w in kinds))
    school_no = itertools.count(2)
    clashes = 0
    while len(out) < target or (wanted is None and sum(u.staff for u in out) * 0.9 < needed):
        kind = kinds[weighted_index(rng, cum)][0]
        name, staff, women = _local_unit(rng, kind, region, commune, thon_names, school_no)
        if name_key(name) in seen:
            clashes += 1
            if clashes < 50:  # try other names first; number them only when the pool runs dry
                continue
            name = f"{name} {next(n for n in itertools.count(2) if name_key(f'{name} {n}') not in seen)}"
        clashes = 0
        seen.add(name_key(name))
        out.append(Unit(name, kind, staff, women))
    return out


def staff_units(rng: random.Random, region: Region, kind: str, commune: str, thon_names: list[str], wanted: int | None,
                persons: int, difficult: bool) -> tuple[list[Unit], int]:
    """The units and how many of the ``persons`` work in one (spread over the units by staff)."""
    urban = kind != "xã"
    unit_people = round(persons * (rng.uniform(0.25, 0.32) if urban else rng.uniform(0.2, 0.27)))
    unit_list = make_units(rng, region, kind, commune, thon_names, wanted, unit_people, difficult)
    capacity = sum(u.staff for u in unit_list)
    unit_people = min(unit_people, int(capacity * 0.92))
    if unit_list and unit_people:
        for u, k in zip(unit_list, allocate(unit_people, [u.staff for u in unit_list]), strict=True):
            u.listed = k
    return unit_list, unit_people
