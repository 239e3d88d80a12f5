"""The input mistakes officials really make, injected into a sample's person list on purpose.

Each :class:`Mistake` says where it is and the finding code the reader must produce for it
(``""`` where the reader must accept the value silently): a duplicated person, a score typed as
text with a decimal comma, a thôn name with stray spaces, a score above the maximum, one typed
as a word, one not an integer, a thôn typed without diacritics, Nhóm 4, a score left blank.
They go on distinct scored rows of people living in a thôn, at most ten rows.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.samples.names import split_village
from hoctap_xl.text.values import name_key

MIN_FOR_MISTAKES = 50
"""Fewer persons than this get no injected mistakes (there would be too few clean rows)."""
_SCORE_WORDS = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín",
                10: "mười"}
_NAME_H, _THON_H, _UNIT_H, _GROUP_H = (L.CONG_DAN_HEADERS[k] for k in (0, 3, 4, 5))


@dataclass(frozen=True)
class Mistake:
    """A deliberate mistake: where it is and the finding it must produce ("" = none)."""

    table: str      # table key, e.g. "cong_dan"
    row: int        # 0-based index in that table's list of rows
    header: str
    what: str
    code: str


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _score_at(rng: random.Random, person: dict[str, Any], wanted: int | None) -> str:
    """An index header whose score is ``wanted`` if any, else any scored index."""
    heads = [h for h in L.CHI_SO if isinstance(person[h], int)]
    hits = [h for h in heads if person[h] == wanted]
    return rng.choice(hits or heads)


def _decimal_comma(rng: random.Random, person: dict[str, Any], i: int, thon_names: list[str]) -> Mistake:
    h = _score_at(rng, person, 8)
    person[h] = f"{person[h]},0"
    return Mistake("cong_dan", i, h, "score typed as text with a decimal comma (a valid number)", "")


def _stray_spaces(rng: random.Random, person: dict[str, Any], i: int, thon_names: list[str]) -> Mistake:
    person[_THON_H] = person[_THON_H].replace(" ", "  ", 1) + " "
    return Mistake("cong_dan", i, _THON_H, "double inner space and trailing space in the thôn name", "")


def _above_maximum(rng: random.Random, person: dict[str, Any], i: int, thon_names: list[str]) -> Mistake:
    h = _score_at(rng, person, 10)
    person[h] = 11
    return Mistake("cong_dan", i, h, "score 11, above the maximum", "diem-ngoai-khoang")


def _score_as_word(rng: random.Random, person: dict[str, Any], i: int, thon_names: list[str]) -> Mistake:
    h = _score_at(rng, person, 8)
    person[h] = _SCORE_WORDS.get(person[h], "tám")
    return Mistake("cong_dan", i, h, "score typed as a word", "diem-khong-phai-so")


def _not_an_integer(rng: random.Random, person: dict[str, Any], i: int, thon_names: list[str]) -> Mistake:
    h = _score_at(rng, person, None)
    person[h] = 7.5
    return Mistake("cong_dan", i, h, "score 7.5, not an integer", "diem-khong-nguyen")


def _thon_without_marks(rng: random.Random, person: dict[str, Any], i: int, thon_names: list[str]) -> Mistake:
    keys = {name_key(t) for t in thon_names}
    prefix, short = split_village(person[_THON_H])
    wrong = f"{prefix.capitalize()} {_strip_marks(short)}".strip()
    if name_key(wrong) in keys:
        wrong = _strip_marks(person[_THON_H])
    if name_key(wrong) in keys:
        wrong = f"{person[_THON_H]}A"
    person[_THON_H] = wrong
    return Mistake("cong_dan", i, _THON_H, "thôn typed without diacritics, not in the thôn list", "thon-khong-co")


def _group_four(rng: random.Random, person: dict[str, Any], i: int, thon_names: list[str]) -> Mistake:
    person[_GROUP_H] = 4
    return Mistake("cong_dan", i, _GROUP_H, "Nhóm 4 (only 1, 2, 3 exist)", "nhom-khong-hop-le")


def _blank_score(rng: random.Random, person: dict[str, Any], i: int, thon_names: list[str]) -> Mistake:
    h = _score_at(rng, person, None)
    person[h] = None
    return Mistake("cong_dan", i, h, "one score left blank while the others are filled", "diem-trong")


_ON_ONE_ROW: tuple[Callable[[random.Random, dict[str, Any], int, list[str]], Mistake], ...] = (
    _decimal_comma, _stray_spaces, _above_maximum, _score_as_word, _not_an_integer, _thon_without_marks,
    _group_four, _blank_score)
"""The mistakes made on one row each, in the order they take their rows (and random numbers)."""


def inject(rng: random.Random, people: list[dict[str, Any]], thon_names: list[str]) -> list[Mistake]:
    """The documented mistakes, on distinct scored rows of people living in a thôn (≤ 10 rows).

    One person is listed twice (the copy inserted after the original); the others change one
    cell each. Returns the mistakes sorted by row, or none when fewer than 9 rows are clean.
    """
    candidates = [i for i, person in enumerate(people)
                  if person[_UNIT_H] is None and person[_THON_H] is not None and person[L.CHI_SO[0]] is not None]
    if len(candidates) < 9:
        return []
    src = rng.choice(candidates)
    dup = rng.randint(src + 1, len(people))
    people.insert(dup, dict(people[src]))
    shifted = [i + 1 if i >= dup else i for i in candidates if i != src]
    picks = rng.sample(shifted, len(_ON_ONE_ROW))
    found = [Mistake("cong_dan", dup, _NAME_H, f"duplicate of row {src} (same name, birth year and thôn)",
                     "trung-nguoi")]
    for make, i in zip(_ON_ONE_ROW, picks, strict=True):
        found.append(make(rng, people[i], i, thon_names))
    return sorted(found, key=lambda m: m.row)
