"""Numbers of the sample communes: shares, score vectors and criteria points.

:func:`allocate` splits a total in proportion to weights (people and households over the thôn,
staff over the units); :func:`score_vector` draws a person's index scores with a given sum;
:func:`criteria_points` draws a household's, clan's, thôn's or unit's points per criterion.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from typing import Any

from hoctap_xl.rules import ruleset as R


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def weighted_index(rng: random.Random, cum: Sequence[float]) -> int:
    """An index drawn in proportion to the weights whose running sums are ``cum``."""
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def score_vector(rng: random.Random, n: int, total: int, floor: int, hi: int, moves: int) -> list[int]:
    """``n`` integer scores in ``floor..hi`` summing to ``total`` (clamped), with some spread."""
    total = max(n * floor, min(n * hi, total))
    base, extra = divmod(total, n)
    s = [base] * n
    for i in rng.sample(range(n), extra):
        s[i] += 1
    for _ in range(moves):
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j and s[i] < hi and s[j] > floor:
            s[i] += 1
            s[j] -= 1
    return s


def criteria_points(rng: random.Random, crit: R.CriteriaRules, good: float) -> list[int | None]:
    """Points per criterion: mostly high enough, some short, a few with one criterion too low."""
    r = rng.random()
    quality = rng.uniform(0.82, 0.98) if r < good else rng.uniform(0.6, 0.8)
    out: list[int | None] = []
    for c in crit.tieu_chi:
        f = quality + rng.uniform(-0.06, 0.06)
        out.append(min(c.diem_toi_da, max(0, round(c.diem_toi_da * f))))
    if good <= r < good + 0.04:
        j = rng.randrange(len(out))
        c = crit.tieu_chi[j]
        out[j] = max(0, c.diem_toi_thieu - rng.randint(1, 3))
    return out


def row(headers: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    """One table row: ``{header: value}`` in the headers' order."""
    return dict(zip(headers, values, strict=True))
