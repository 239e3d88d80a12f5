"""Vietnamese text typed in the legacy 8-bit encodings, found and read as Unicode.

Many commune lists were typed years ago with ABC fonts (``.VnTime`` — the TCVN3 encoding of
TCVN 5712:1993) or VNI fonts (``VNI-Times``). Excel keeps such text as the Western characters
whose byte codes the font drew as Vietnamese letters, so ``Họ và tên`` arrives as ``Hä vµ tªn``
(TCVN3) or ``Hoï vaø teân`` (VNI). Nothing in the file says which encoding was meant: we try
each and keep a conversion only when the text was *not* Vietnamese before and *is* after —
every word a well-formed Vietnamese syllable (:func:`is_syllable`). Text already in Unicode is
never touched (it contains letters beyond Latin-1, or every word already reads as Vietnamese).

Sources (see docs/sources.md §6):

* TCVN3 — TCVN 5712:1993 ``VN3``: the lowercase letters and ``Ă Â Ê Ô Ơ Ư Đ`` at 0xA1–0xFF. The
  table below was written from the standard's layout and is checked byte for byte against the
  GNU C library's ``TCVN5712-1`` converter in ``tests/test_legacy.py`` (where ``iconv`` exists).
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
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hoctap_xl import layout as L

TCVN3 = "TCVN3"
VNI = "VNI"

NAMES = {TCVN3: "TCVN3 (phông .VnTime, bảng mã ABC)", VNI: "VNI (phông VNI-Times)"}

# -- TCVN3 (TCVN 5712:1993, VN3), bytes 0xA1-0xFF -------------------------------------------
# Written as "byte letter" pairs, one row per base letter, so a reader can check it against the
# standard's table. 0xB0-0xB4 are the combining tone marks (huyền, hỏi, ngã, sắc, nặng).
_TCVN3_ROWS = """
A1 Ă  A2 Â  A3 Ê  A4 Ô  A5 Ơ  A6 Ư  A7 Đ
A8 ă  A9 â  AA ê  AB ô  AC ơ  AD ư  AE đ
B0 \u0300  B1 \u0309  B2 \u0303  B3 \u0301  B4 \u0323
B5 à  B6 ả  B7 ã  B8 á  B9 ạ
BB ằ  BC ẳ  BD ẵ  BE ắ  C6 ặ
C7 ầ  C8 ẩ  C9 ẫ  CA ấ  CB ậ
CC è  CE ẻ  CF ẽ  D0 é  D1 ẹ
D2 ề  D3 ể  D4 ễ  D5 ế  D6 ệ
D7 ì  D8 ỉ  DC ĩ  DD í  DE ị
DF ò  E1 ỏ  E2 õ  E3 ó  E4 ọ
E5 ồ  E6 ổ  E7 ỗ  E8 ố  E9 ộ
EA ờ  EB ở  EC ỡ  ED ớ  EE ợ
EF ù  F1 ủ  F2 ũ  F3 ú  F4 ụ
F5 ừ  F6 ử  F7 ữ  F8 ứ  F9 ự
FA ỳ  FB ỷ  FC ỹ  FD ý  FE ỵ
AF Ằ  BA Ẳ  BF Ẵ  C0 Ắ  C1 Ầ  C2 Ẩ  C3 Ẫ  C4 Ấ  C5 Ề  CD Ể
D9 Ễ  DA Ế  DB Ồ  E0 Ổ  F0 Ỗ  FF Ố
"""
# The last two rows are the capitals the 1993 standard also placed in this range (VN1).


def _tcvn3_table() -> dict[int, str]:
    parts = _TCVN3_ROWS.split()
    return {int(code, 16): letter for code, letter in zip(parts[::2], parts[1::2], strict=True)}


TCVN3_TABLE: dict[int, str] = _tcvn3_table()
"""Byte (as the Latin-1 character Excel shows) → Unicode letter or combining mark."""

# -- VNI Windows -------------------------------------------------------------------------------
_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
_VNI_TONE = dict(zip(_TONES, "ùøûõï", strict=True))
_VNI_HAT = {"\u0302": ("â", "áàåãä"), "\u0306": ("ê", "éèúüë")}  # circumflex, breve
_VNI_SINGLE = {"đ": "ñ", "ơ": "ô", "ư": "ö", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î"}


def _vni_of(letter: str) -> str:
    """The VNI spelling of one lowercase Vietnamese letter (derived from its decomposition)."""
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    parts = unicodedata.normalize("NFD", letter)
    base, marks = parts[0], parts[1:]
    tone = next((m for m in marks if m in _TONES), "")
    hat = next((m for m in marks if m in _VNI_HAT), "")
    if "\u031b" in marks:  # horn: ơ, ư carry their tone after the horned base
        return _VNI_SINGLE[unicodedata.normalize("NFC", base + "\u031b")] + _VNI_TONE[tone]
    if hat:
        plain, toned = _VNI_HAT[hat]
        return base + (toned[_TONES.index(tone)] if tone else plain)
    return base + _VNI_TONE[tone]


def _vietnamese_letters() -> list[str]:
    """The 67 lowercase letters with marks (134 with their capitals)."""
    out = ["đ"]
    for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"):
        if base not in ("a", "e", "i", "o", "u", "y"):
            out.append(base)
        out.extend(unicodedata.normalize("NFC", base + t) for t in _TONES)
    return out


LETTERS: tuple[str, ...] = tuple(_vietnamese_letters())


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for letter in LETTERS:
        code = _vni_of(letter)
        table[code] = letter
        # capitals: capital base and the modifier byte's capital (0x20 lower), e.g. "AØ" → "À"
        table[code.upper()] = letter.upper()
    return table


VNI_TABLE: dict[str, str] = _vni_table()
"""VNI spelling (one or two characters as Excel shows them) → Unicode letter."""

_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))
_TCVN3_TRANSLATE = {code: letter for code, letter in TCVN3_TABLE.items()}


_VN3_HAS_CAPITAL = frozenset("ăâêôơưđ")


def from_tcvn3(text: str) -> str:
    """TCVN3 (.VnTime) text as Unicode, capitals restored where the font had none."""
    out = unicodedata.normalize("NFC", text.translate(_TCVN3_TRANSLATE))
    latin = [c for c in text if c.isascii() and c.isalpha()]
    if all(c.isupper() for c in latin) and any(
            sum(c.isascii() and c.isalpha() for c in w) >= 2 for w in text.split()):
        return out.upper()  # typed in capitals with a .VnTimeH font: the tone letters are lowercase codes
    words = out.split(" ")
    if len(words) >= 2 and all(w[:1].isupper() for w in words if w[:1].isascii() and w[:1].isalpha()):
        # a title-case name: a word opening with a capital that has a tone mark (Ấp, Ánh) was
        # typed with its lowercase code, VN3 having no capital for it
        out = " ".join(w[:1].upper() + w[1:] if w[:1].islower() and not w[:1].isascii()
                       and w[:1] not in _VN3_HAS_CAPITAL else w for w in words)
    return out


def from_vni(text: str) -> str:
    """VNI (VNI-Times) text as Unicode."""
    return _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group()], text)


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as Excel would show it (for tests and the corpus). Capitals with a tone
    mark have no VN3 code and are written as their lowercase code (as a ``.VnTimeH`` user would)."""
    back = {letter: chr(code) for code, letter in TCVN3_TABLE.items() if len(letter) == 1 and code < 0xAF}
    back.update({letter: chr(code) for code, letter in TCVN3_TABLE.items()
                 if letter.islower() and letter not in back})
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in back:
            out.append(back[ch])
        elif ch.lower() in back and not ch.isascii():
            out.append(back[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def to_vni(text: str) -> str:
    """Unicode → VNI as Excel would show it (for tests and the corpus)."""
    back = {letter: code for code, letter in VNI_TABLE.items()}
    return "".join(back.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


DECODERS = {TCVN3: from_tcvn3, VNI: from_vni}

# -- is this Vietnamese? -----------------------------------------------------------------------
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_RHYMES_TEXT = """
a ai ao au ay ac ach am an ang anh ap at ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e eo ec em en eng ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
oc oi om on ong op ot ooc oong ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh ui um un ung up ut uy uya uych uyên uyêt uynh uyt uyu
uôc uôi uôm uôn uông uôt uơ ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu
"""
_RHYMES = frozenset(_RHYMES_TEXT.split())
_TONE_MARKS = frozenset(_TONES)
_SPLIT = re.compile(r"[\s\-/,.;:()\[\]\"'!?&+*0-9]+")
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


_VOWELS = frozenset("aăâeêioôơuưy")
_HATTED = frozenset("ăâêôơư")


def _tone_allowed(rhyme: str, pos: int) -> bool:
    """Whether a tone mark on the ``pos``-th letter of ``rhyme`` (untoned) sits on the vowel
    Vietnamese spelling puts it on — old style (hòa) and new style (hoà) both accepted."""
    n = 0
    while n < len(rhyme) and rhyme[n] in _VOWELS:
        n += 1
    if pos >= n:
        return False
    hatted = [i for i in range(n) if rhyme[i] in _HATTED]
    if hatted:
        return pos == hatted[-1]  # ấ, ườ (on ơ), tuấn
    if n == 1:
        return True
    if n == 2:
        if n < len(rhyme):
            return pos == 1  # a final consonant: hoàng, toán
        return pos == 0 or rhyme[:2] in ("oa", "oe", "uy")
    return pos == 1  # ngoài, xoáy, khuỷu


def is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable: onset + rhyme, one tone mark at most, on the right vowel."""
    letters = [unicodedata.normalize("NFD", c) for c in unicodedata.normalize("NFC", word.lower())]
    toned = [i for i, d in enumerate(letters) if any(m in _TONE_MARKS for m in d)]
    if len(toned) > 1 or any(sum(m in _TONE_MARKS for m in d) > 1 for d in letters):
        return False
    base = "".join(unicodedata.normalize("NFC", "".join(m for m in d if m not in _TONE_MARKS)) for d in letters)
    if len(base) != len(letters):
        return False  # a stray combining mark
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        start = len(onset)
        rest = base[start:]
        if rest not in _RHYMES:
            # gìn, giếng: the i of "gi" is the rhyme's; quỳnh: the u of "qu" too
            if onset in ("gi", "qu") and ((rest == "" and onset == "gi") or base[start - 1:] in _RHYMES):
                start -= 1
            else:
                continue
        if not toned:
            return True
        if toned[0] >= start and _tone_allowed(base[start:], toned[0] - start):
            return True
    return False


_RARE = frozenset(["oong", "ooc", "oeo", "oao", "oap", "uych", "uyu", "uya", "oăm", "oăc",
                   "uâng", "uênh", "uêch", "oen"])


def _score(text: str) -> tuple[int, int, int]:
    """(words with a non-ASCII character, of which not Vietnamese syllables, of which rare)."""
    words = [w for w in _SPLIT.split(text) if w and not w.isascii()]
    bad = sum(not is_syllable(w) for w in words)
    rare = sum(any(r in unicodedata.normalize("NFC", w.lower()) for r in _RARE) for w in words) if words else 0
    return len(words), bad, rare


def candidates(text: str) -> tuple[tuple[str, str], ...]:
    """Every reading of ``text`` as TCVN3 or VNI that turns it into Vietnamese, best first;
    empty when ``text`` is ASCII, already Unicode Vietnamese, or neither reading helps."""
    if text.isascii() or _BEYOND_LATIN1.search(text):
        return ()  # plain ASCII, or already has letters only Unicode has
    return _candidates(text)


@functools.lru_cache(maxsize=1 << 16)
def _candidates(text: str) -> tuple[tuple[str, str], ...]:
    _, bad, _ = _score(text)
    if bad == 0:
        return ()  # already reads as Vietnamese (e.g. "Lê Hà" has only Latin-1 letters)
    found: list[tuple[int, int, str, str]] = []
    for name, decode in DECODERS.items():
        converted = decode(text)
        if converted == text:
            continue
        n, still_bad, rare = _score(converted)
        if still_bad < bad and still_bad * 5 <= n:
            found.append((still_bad, rare, name, converted))
    found.sort(key=lambda f: (f[0], f[1]))
    return tuple((f[2], f[3]) for f in found)


def detect(text: str, prefer: str | None = None) -> tuple[str, str] | None:
    """``(encoding, converted)`` when ``text`` is Vietnamese typed in TCVN3 or VNI, else None.
    A short text may read as Vietnamese in both (``Coâng`` is VNI ``Công`` and TCVN3
    ``Coõng``): ``prefer`` — the encoding of the rest of the workbook — decides, else the
    reading with fewer rare rhymes."""
    found = candidates(text)
    if not found:
        return None
    if prefer is not None and len(found) > 1:
        for hit in found:
            if hit[0] == prefer:
                return hit
    return found[0]


@dataclass
class Converted:
    """The cells of one sheet read from one legacy encoding."""

    sheet: str
    encoding: str
    cells: list[tuple[int, int, str, str]]  # (row, column, as typed, as read)


def _legacy_lines(rows: Sequence[Sequence[Any]], prefer: str) -> tuple[set[int], set[int]]:
    """Columns and rows where most non-ASCII text reads as ``prefer`` (typed with one legacy
    font): there a cell that reads as Vietnamese both ways (VNI ``Hoàng`` is ``Hồng``, TCVN3
    ``Ghi chó`` is ``Ghi chú``) is legacy too."""
    legacy_cells: dict[int, int] = {}
    latin_cells: dict[int, int] = {}
    rows_out: set[int] = set()
    memo: dict[str, bool] = {}
    for i, row in enumerate(rows):
        latin_here = legacy_here = 0
        for j, value in enumerate(row):
            if type(value) is not str or value.isascii() or _BEYOND_LATIN1.search(value):
                continue
            latin_cells[j] = latin_cells.get(j, 0) + 1
            latin_here += 1
            if value not in memo:
                memo[value] = detect(value, prefer) is not None
            if memo[value]:
                legacy_cells[j] = legacy_cells.get(j, 0) + 1
                legacy_here += 1
        if legacy_here and legacy_here * 2 >= latin_here:
            rows_out.add(i)
    return {j for j, n in legacy_cells.items() if n * 2 >= latin_cells[j]}, rows_out


def _template_texts() -> frozenset[str]:
    """Every text the template itself writes (headers, labels, Có/Không…): in Unicode even in a
    workbook whose data were typed with a legacy font, so never read as legacy by column."""
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


def _column_reading(value: str, prefer: str) -> tuple[str, str] | None:
    if value.isascii() or _BEYOND_LATIN1.search(value) or value.strip() in _TEMPLATE_TEXTS:
        return None
    converted = DECODERS[prefer](value)
    if converted == value:
        return None
    before, after = _score(value)[1], _score(converted)[1]
    if after == 0 or after < before or (_foreign(converted) == 0 < _foreign(value)):
        return prefer, converted  # e.g. the Tày name "Slảng": not a Vietnamese syllable, but all letters now
    return None


_ALPHABET = frozenset(LETTERS) | frozenset(x.upper() for x in LETTERS)


def _foreign(text: str) -> int:
    """Non-ASCII characters that are not Vietnamese letters (¶, µ, ¸…)."""
    return sum(not c.isascii() and c not in _ALPHABET for c in text)


def convert_rows(rows: Iterable[Sequence[Any]], row0: int, col0: int, sheet: str,
                 prefer: str | None = None) -> tuple[list[list[Any]] | None, list[Converted]]:
    """Rows with every legacy-encoded text cell read as Unicode — ``None`` when nothing changed
    (the common case costs one ASCII/Latin-1 test per text cell)."""
    memo: dict[str, tuple[str, str] | None] = {}
    out: list[list[Any]] | None = None
    found: dict[str, Converted] = {}
    materialised = list(rows)
    columns, lines = _legacy_lines(materialised, prefer) if prefer else (set(), set())
    for i, row in enumerate(materialised):
        new_row: list[Any] | None = None
        for j, value in enumerate(row):
            if type(value) is not str or value.isascii():
                continue
            if value in memo:
                hit = memo[value]
            else:
                hit = memo[value] = detect(value, prefer)
            if hit is None and (j in columns or i in lines) and prefer:
                hit = _column_reading(value, prefer)
            if hit is None:
                continue
            if new_row is None:
                new_row = list(row)
            new_row[j] = hit[1]
            found.setdefault(hit[0], Converted(sheet, hit[0], [])).cells.append(
                (row0 + i, col0 + j, value, hit[1]))
        if new_row is not None:
            if out is None:
                out = [list(r) for r in materialised]
            out[i] = new_row
    return out, list(found.values())


def majority(texts: Iterable[Any]) -> str | None:
    """The encoding most text cells read in unambiguously (``None`` when no cell does)."""
    votes: dict[str, int] = {}
    seen: set[str] = set()
    for value in texts:
        if type(value) is not str or value.isascii() or value in seen:
            continue
        seen.add(value)
        found = candidates(value)
        if len(found) == 1:
            votes[found[0][0]] = votes.get(found[0][0], 0) + 1
    return max(votes, key=lambda k: votes[k]) if votes else None
