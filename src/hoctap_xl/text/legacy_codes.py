"""The legacy 8-bit Vietnamese encodings TCVN3 (``.VnTime``) and VNI (``VNI-Times``): their tables,
each read as Unicode and written back (the writing for tests and the corpus).

Excel keeps such text as the Western characters whose byte codes the font drew as Vietnamese
letters. Which texts are legacy is decided in :mod:`hoctap_xl.text.legacy`; the sources of the
tables are in its docstring and docs/sources.md §6. The core of the product: no Excel, no Word.
"""

from __future__ import annotations

import re
import unicodedata

from hoctap_xl.text.syllables import TONES

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
_TONES = TONES
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

ALPHABET: frozenset[str] = frozenset(LETTERS) | frozenset(x.upper() for x in LETTERS)
"""Every Vietnamese letter with a mark, lowercase and capital (NFC)."""


def foreign(text: str) -> int:
    """Non-ASCII characters that are not Vietnamese letters (¶, µ, ¸, ü, a lone combining mark…)."""
    return sum(not c.isascii() and c not in ALPHABET for c in unicodedata.normalize("NFC", text))
