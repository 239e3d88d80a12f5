"""Vietnamese text typed in the legacy 8-bit encodings, found and read as Unicode — only when it
is legacy.

Many commune lists were typed years ago with ABC fonts (``.VnTime`` — the TCVN3 encoding of
TCVN 5712:1993) or VNI fonts (``VNI-Times``). Excel keeps such text as the Western characters
whose byte codes the font drew as Vietnamese letters, so ``Họ và tên`` arrives as ``Hä vµ tªn``
(TCVN3) or ``Hoï vaø teân`` (VNI). The tables are in :mod:`hoctap_xl.text.legacy_codes`.

Any Latin-1 text can be "read" as TCVN3, so a conversion needs strong evidence (issue 14: "Ø"
became "ỉ", "· Hà Tú" became "Ã HỔ Tỳ"). Each text is weighed word by word (:func:`reading`):

* **against** — it cannot be legacy: a letter only Unicode has (ệ, ữ, đ, Ł, ř…), a character the
  encoding never produces for Vietnamese (after reading it a non-ASCII character is still not a
  Vietnamese letter), or a word that is a Vietnamese syllable as it stands and is not after
  reading (Unicode ``Hoà``);
* **strong** — no word left broken, at least half the changed words were not syllables and now are
  (a lone symbol — a middle dot or « used as punctuation — is no evidence either way), and either
  two words changed, or every word of two or more is now a syllable (``An Laïc``), or one word of
  at least three letters changed through a character no European alphabet uses (``Th«n`` →
  ``Thôn``): converted on its own;
* **weak** — the same with less of it (``N÷`` → ``Nữ``, ``Ø`` → ``ỉ``): converted only where the
  sheet as a whole is legacy (its strong texts outnumber the rest, or the file's fonts say so);
* **unsure** — it reads as Vietnamese both ways (VNI ``Hoàng`` is ``Hồng``, ``Thôn 1`` would be
  TCVN3 ``Thụn 1``), or becomes letters that are not syllables (the Tày name ``Slảng``): converted
  only in a column (or a row, such as a header row) that is legacy as a whole, in a sheet that is.

Fonts are the other evidence: a file whose styles name ``.VnTime``, ``.VnArial``… or
``VNI-Times``… (:func:`font_encodings`) was typed with that encoding, which then settles the
sheet. Text already Unicode Vietnamese is never touched.

Sources (see docs/sources.md §6):

* TCVN3 — TCVN 5712:1993 ``VN3``: the lowercase letters and ``Ă Â Ê Ô Ơ Ư Đ`` at 0xA1–0xFF. The
  table was written from the standard's layout and is checked byte for byte against the GNU C
  library's ``TCVN5712-1`` converter in ``tests/test_legacy.py`` (where ``iconv`` exists).
  Capital letters with tone marks have no code in VN3; text typed in capitals with a ``.VnTimeH``
  font uses the lowercase codes, so a cell whose Latin letters are all capitals is read in
  capitals.
* VNI — the VNI Windows encoding of VNI Software Company: a base letter followed by one byte
  for the circumflex/breve and tone (``a`` + ``ø`` = ``à``, ``a`` + ``á`` = ``ấ``), with
  ``ô ö ñ`` standing for ``ơ ư đ`` and single bytes for the ``i`` family and ``ỵ``.

The core of the product: no Excel, no Word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.text.legacy_codes import (
    DECODERS,
    LETTERS,
    NAMES,
    TCVN3,
    TCVN3_TABLE,
    VNI,
    VNI_TABLE,
    foreign,
    from_tcvn3,
    from_vni,
    to_tcvn3,
    to_vni,
)
from hoctap_xl.text.syllables import WORD_BREAK, is_rare, is_syllable

__all__ = ["DECODERS", "LETTERS", "NAMES", "TCVN3", "TCVN3_TABLE", "VNI", "VNI_TABLE", "Converted", "Reading",
           "candidates", "convert_rows", "detect", "font_encodings", "from_tcvn3", "from_vni", "is_syllable",
           "majority", "reading", "to_tcvn3", "to_vni"]

STRONG, WEAK, UNSURE, AGAINST = "strong", "weak", "unsure", "against"

_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")
_LEGACY_ONLY = frozenset(map(chr, range(0xA1, 0xC0))) | {"\u00d7", "\u00f7"}
"""Latin-1 characters no European word uses (¸ ¶ · « § µ ª…, × ÷) — TCVN3 letters."""

_TCVN3_FONT = re.compile(r"^\.vn|^vn(time|arial)", re.IGNORECASE)
_VNI_FONT = re.compile(r"^vni[- ]", re.IGNORECASE)


def font_encodings(fonts: Iterable[str] | None) -> frozenset[str]:
    """The legacy encodings a file's font names show: ``.VnTime``, ``.VnTimeH``, ``.VnArial``…
    (TCVN3), ``VNI-Times``, ``VNI-Helve``… (VNI)."""
    out: set[str] = set()
    for name in fonts or ():
        name = name.strip()
        if _TCVN3_FONT.match(name):
            out.add(TCVN3)
        elif _VNI_FONT.match(name):
            out.add(VNI)
    return frozenset(out)


@dataclass(frozen=True)
class Reading:
    """How a text reads in one encoding: the evidence (:data:`STRONG` … :data:`AGAINST`, or ``""``
    for a text the encoding does not change, such as plain ASCII), the text as read, and how many
    of its words need a rare rhyme."""

    kind: str
    text: str = ""
    rare: int = 0


_ASCII = Reading("")
_NOT = Reading(AGAINST)


@functools.lru_cache(maxsize=1 << 16)
def reading(text: str, encoding: str) -> Reading:
    """The evidence that ``text`` was typed in ``encoding`` (TCVN3 or VNI), word by word."""
    if text.isascii():
        return _ASCII
    if _BEYOND_LATIN1.search(text):
        return _NOT  # letters only Unicode has: already Unicode
    out = DECODERS[encoding](text)
    if out == text:
        return _ASCII  # reads the same (VNI ``Bình``): nothing to convert, no evidence
    if foreign(out):
        return _NOT  # characters the encoding never produces for Vietnamese
    before, after = WORD_BREAK.split(text), WORD_BREAK.split(out)
    if len(before) != len(after):
        return _NOT
    fixed = ambiguous = lettered = rare = 0
    sized = long = False
    for was, now in zip(before, after, strict=True):
        if was == now or (len(was) == 1 and not was.isalpha()):
            continue  # a lone ·, «, ¸: as likely punctuation as the one-letter word ã, ô, á — no evidence
        ok_before, ok_after = is_syllable(was), is_syllable(now)
        if ok_before and not ok_after:
            return _NOT  # a Vietnamese syllable as it stands, broken by reading it
        if not ok_after:
            lettered += 1
        elif ok_before:
            ambiguous += 1
        else:
            fixed += 1
            long = long or len(now) >= 2  # "Ø" → "ỉ": one letter is no evidence
            sized = sized or (len(now) >= 3 and any(c in _LEGACY_ONLY for c in was))
        rare += is_rare(now)
    if lettered == 0 and fixed >= 1 and fixed >= ambiguous:
        words = [w for w in after if w]
        whole = len(words) >= 2 and all(is_syllable(w) for w in words)  # "An Laïc": An is a syllable too
        kind = STRONG if long and (fixed + ambiguous >= 2 or sized or whole) else WEAK
    else:
        kind = UNSURE
    return Reading(kind, out, rare)


@functools.lru_cache(maxsize=1 << 16)
def _all_syllables(text: str) -> bool:
    return all(w.isascii() or is_syllable(w) for w in WORD_BREAK.split(text))


def candidates(text: str) -> tuple[tuple[str, str], ...]:
    """Every reading of ``text`` as TCVN3 or VNI with strong evidence, best first (fewer rare
    rhymes); empty when ``text`` is ASCII, already Unicode, or no reading is strong."""
    if text.isascii() or _BEYOND_LATIN1.search(text) or _all_syllables(text):
        return ()  # strong evidence needs a word that is not Vietnamese as it stands
    found = [(r.rare, name, r.text) for name in DECODERS if (r := reading(text, name)).kind == STRONG]
    found.sort(key=lambda f: f[0])
    return tuple((f[1], f[2]) for f in found)


def detect(text: str, prefer: str | None = None) -> tuple[str, str] | None:
    """``(encoding, converted)`` when ``text`` alone is strong evidence of Vietnamese typed in
    TCVN3 or VNI, else None. A short text may read as Vietnamese in both (``Coâng`` is VNI ``Công``
    and TCVN3 ``Coõng``): ``prefer`` — the encoding of the rest of the file — decides, else the
    reading with fewer rare rhymes."""
    found = candidates(text)
    if not found:
        return None
    if prefer is not None:
        for hit in found:
            if hit[0] == prefer:
                return hit
    return found[0]


def majority(texts: Iterable[Any], fonts: Iterable[str] | None = None) -> str | None:
    """The encoding of a file: the one its fonts name (when they name one), else the one most
    text cells read in with strong evidence and unambiguously (``None`` when no cell does)."""
    named = font_encodings(fonts)
    votes: dict[str, int] = {}
    seen: set[str] = set()
    for value in texts:
        if type(value) is not str or value.isascii() or value in seen:
            continue
        seen.add(value)
        found = [name for name, _ in candidates(value) if not named or name in named]
        if len(found) == 1:
            votes[found[0]] = votes.get(found[0], 0) + 1
    if votes:
        return max(votes, key=lambda k: votes[k])
    return next(iter(named)) if len(named) == 1 else None


@dataclass
class Converted:
    """The cells of one sheet read from one legacy encoding."""

    sheet: str
    encoding: str
    cells: list[tuple[int, int, str, str]]  # (row, column, as typed, as read)


def _template_texts() -> frozenset[str]:
    """Every text the template itself writes (headers, labels, Có/Không…): in Unicode even in a
    workbook whose data were typed with a legacy font, so never read as legacy."""
    out: set[str] = {"Nam", "Nữ"}

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (tuple, list, set, frozenset)):
            for v in value:
                walk(v)

    for name, value in vars(L).items():
        if name.isupper():
            walk(value)
    out.update(f"Tiêu chí {i}" for i in range(1, 31))
    return frozenset(out)


_TEMPLATE_TEXTS = _template_texts()


def _counts(kinds: Iterable[str]) -> dict[str, int]:
    out = {"": 0, STRONG: 0, WEAK: 0, UNSURE: 0, AGAINST: 0}
    for kind in kinds:
        out[kind] += 1
    return out


def _settled(kinds: Iterable[str], by_fonts: bool) -> bool:
    """A sheet is legacy as a whole when its strong texts (or its fonts) say so and its strong and
    weak texts outnumber the unsure and contrary ones."""
    n = _counts(kinds)
    return (n[STRONG] >= 1 or by_fonts) and n[STRONG] + n[WEAK] > n[UNSURE] + n[AGAINST]


def _legacy_line(kinds: Sequence[str], by_fonts: bool, *, least: int = 1, header: bool = False) -> bool:
    """A column (or a row) is legacy as a whole, so its unsure cells are too: at least half of its
    text — and ``least`` cells — reads with evidence and no cell cannot be legacy (but its topmost
    one, with ``header``: a header retyped in Unicode above legacy data). A Unicode name added
    to a legacy column (``Lê Hà``, ``Nguyễn Văn An``) keeps it from being read as legacy whole."""
    n = _counts(kinds[1:] if header and kinds and kinds[0] == AGAINST else kinds)
    sure = n[STRONG] + n[WEAK]
    return (n[STRONG] >= 1 or by_fonts) and sure >= least and sure * 2 >= sure + n[UNSURE] and n[AGAINST] == 0


def _choose(value: str, hit: tuple[str, str] | None, prefer: str | None, settled: bool,
            in_column: bool) -> tuple[str, str] | None:
    """The reading a cell gets: strong on its own (``hit``); weak in a legacy sheet; unsure in a
    legacy column or row."""
    if hit is not None or prefer is None or not settled:
        return hit
    mine = reading(value, prefer)
    if mine.kind == WEAK or (in_column and mine.kind == UNSURE):
        return prefer, mine.text
    return None


def convert_rows(rows: Iterable[Sequence[Any]], row0: int, col0: int, sheet: str, prefer: str | None = None, *,
                 fonts: Collection[str] | None = None) -> tuple[list[list[Any]] | None, list[Converted]]:
    """Rows with every legacy-encoded text cell read as Unicode — ``None`` when nothing changed
    (the common case costs one ASCII test per text cell). ``prefer``: the file's encoding
    (:func:`majority`); ``fonts``: the font names of the file's styles, when the reader knows them."""
    materialised = list(rows)
    named = font_encodings(fonts)
    if prefer is None and len(named) == 1:
        prefer = next(iter(named))
    cells = [(i, j, v) for i, row in enumerate(materialised) for j, v in enumerate(row)
             if type(v) is str and not v.isascii() and v.strip() not in _TEMPLATE_TEXTS]
    if not cells:
        return None, []
    by_fonts = prefer is not None and prefer in named
    strong = {v: hit for _, _, v in cells if (hit := detect(v, prefer)) is not None}
    if not strong and not by_fonts:
        return None, []  # the common case: no text is legacy without doubt, and the fonts do not say so
    kinds = {v: reading(v, prefer).kind for _, _, v in cells} if prefer else {}
    settled = prefer is not None and _settled(kinds.values(), by_fonts)
    columns: dict[int, list[str]] = {}
    lines: dict[int, list[str]] = {}
    for i, j, v in cells:
        columns.setdefault(j, []).append(kinds.get(v, ""))
        lines.setdefault(i, []).append(kinds.get(v, ""))
    legacy_columns = {j for j, ks in columns.items() if settled and _legacy_line(ks, by_fonts, header=True)}
    legacy_rows = {i for i, ks in lines.items() if settled and _legacy_line(ks, by_fonts, least=2)}
    out: list[list[Any]] | None = None
    found: dict[str, Converted] = {}
    for i, j, value in cells:
        hit = _choose(value, strong.get(value), prefer, settled, j in legacy_columns or i in legacy_rows)
        if hit is None:
            continue
        if out is None:
            out = [list(r) for r in materialised]
        out[i][j] = hit[1]
        found.setdefault(hit[0], Converted(sheet, hit[0], [])).cells.append((row0 + i, col0 + j, value, hit[1]))
    return out, list(found.values())
