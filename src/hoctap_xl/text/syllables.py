"""Whether a word is a well-formed Vietnamese syllable (onset + rhyme, its tone on the right vowel).

Used to tell legacy-encoded text from Unicode (:mod:`hoctap_xl.text.legacy`): Vietnamese typed in
TCVN3 or VNI is not made of syllables as it stands and is after conversion; Unicode Vietnamese
already is. The core of the product: no Excel, no Word.
"""

from __future__ import annotations

import re
import unicodedata

TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng

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
_TONE_MARKS = frozenset(TONES)
_VOWELS = frozenset("aăâeêioôơuưy")
_HATTED = frozenset("ăâêôơư")
RARE = frozenset(["oong", "ooc", "oeo", "oao", "oap", "uych", "uyu", "uya", "oăm", "oăc",
                  "uâng", "uênh", "uêch", "oen"])
"""Rhymes of a handful of words: a reading that needs one is the less likely of two."""

WORD_BREAK = re.compile(r"[\s\-/,.;:()\[\]\"'!?&+*0-9]+")
"""What separates the words of a name, an address, a header (ASCII punctuation, spaces, digits)."""


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


def is_rare(word: str) -> bool:
    """Whether ``word`` uses one of the rare rhymes (:data:`RARE`)."""
    low = unicodedata.normalize("NFC", word.lower())
    return any(r in low for r in RARE)
