"""Legacy encodings: the TCVN3 table against the C library's converter, VNI against its rules,
and detection — every real name read back, no Unicode name ever touched."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.commune.legacy_text import convert_grids
from hoctap_xl.rules import ruleset as rules
from hoctap_xl.samples import names as sample
from hoctap_xl.sheets.grid import Grid
from hoctap_xl.text import legacy


def _sample_texts() -> list[str]:
    """Every name, given name, village and brand the demo generator draws from."""
    out: list[str] = []
    for value in vars(sample).values():
        if isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
            out.extend(value)
        elif isinstance(value, sample.Region):
            for part in vars(value).values():
                if isinstance(part, tuple) and all(isinstance(v, str) for v in part):
                    out.extend(part)
                elif hasattr(part, "items"):
                    out.extend(str(v) for v in part.items)
    return sorted({t for t in out if not t.isascii()})


TEXTS = _sample_texts()


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv (GNU C library) on this machine")
def test_tcvn3_table_matches_the_c_library() -> None:
    for code in range(0xA1, 0x100):
        line = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=b"a" + bytes([code]),
                              capture_output=True, check=True).stdout.decode()
        ours = legacy.TCVN3_TABLE.get(code)
        if ours is None:
            assert line == "a" + chr(code) or not line[1:].isalpha(), f"{code:02X}: glibc has {line!r}"
        else:
            assert unicodedata.normalize("NFC", "a" + ours) == line, f"{code:02X}"


def test_vni_covers_every_letter_and_the_known_sample() -> None:
    assert len(legacy.LETTERS) == 67 and len(legacy.VNI_TABLE) == 134
    assert legacy.to_vni("Xin chào các bạn") == "Xin chaøo caùc baïn"
    assert legacy.to_vni("Đường Ước Ỵ ỹ") == "Ñöôøng Öôùc Î yõ"
    for letter in legacy.LETTERS:
        assert legacy.from_vni(legacy.to_vni(letter)) == letter
        assert legacy.from_vni(legacy.to_vni(letter.upper())) == letter.upper()


@pytest.mark.parametrize("typed, encoding, read", [
    ("Hä vµ tªn", legacy.TCVN3, "Họ và tên"),
    ("Hoï vaø teân", legacy.VNI, "Họ và tên"),
    ("NGUYÔN V¡N H¦NG", legacy.TCVN3, "NGUYỄN VĂN HƯNG"),  # .VnTimeH capitals
    ("Êp Mü Ph\u00adíc", legacy.TCVN3, "Ấp Mỹ Phước"),  # capital with tone has no VN3 code
    ("Ñoã Thò Hoa", legacy.VNI, "Đỗ Thị Hoa"),
    ("Th«n Trung", legacy.TCVN3, "Thôn Trung"),
])
def test_detects_and_converts(typed: str, encoding: str, read: str) -> None:
    assert legacy.detect(typed) == (encoding, read)


@pytest.mark.parametrize("text", ["Lê Hà", "Café", "José Müller", "Nguyễn Văn A", "Hà", "Tô Thị Hè",
                                  "CÔNG TY TNHH ABC", "Hoàng", "Nghè", "5,5", "Trần Thị Bé"])
def test_leaves_unicode_and_foreign_text_alone(text: str) -> None:
    assert legacy.detect(text) is None


def test_every_demo_name_is_read_back_and_never_touched_in_unicode() -> None:
    assert len(TEXTS) > 150
    for text in TEXTS:
        assert legacy.detect(text) is None, text
        assert legacy.detect(legacy.to_vni(text), legacy.VNI) in (None, (legacy.VNI, text)), text
        tc = legacy.to_tcvn3(text)
        assert legacy.detect(tc, legacy.TCVN3) in (None, (legacy.TCVN3, text)), (text, tc)
    # Alone, a text of two words or more is strong evidence when it reads as Vietnamese (measured
    # 127 of 135 in each encoding); the rest read as Vietnamese either way (TCVN3 "Phóc" is "Phúc",
    # VNI "Hoàng" is "Hồng"). A single word alone is not evidence enough ("Rö" could be Rư or Rử
    # as well as German) unless it holds a character no European word has (TCVN3 "Th«n"): those
    # are read in a list that is legacy as a whole (the test below).
    multi = [t for t in TEXTS if len(t.split()) >= 2]
    vni_hits = sum(legacy.detect(legacy.to_vni(t)) is not None for t in multi)
    tcvn_hits = sum(legacy.detect(legacy.to_tcvn3(t)) is not None for t in multi)
    assert len(multi) > 100 and vni_hits >= 0.9 * len(multi) and tcvn_hits >= 0.9 * len(multi)


@pytest.mark.parametrize("encode", [legacy.to_tcvn3, legacy.to_vni])
def test_a_column_typed_with_one_font_is_read_back_whole(encode) -> None:  # type: ignore[no-untyped-def]
    """In a column where most text is unmistakably legacy, the ambiguous cells are read the same way."""
    rows = [["Tên"]] + [[encode(t)] for t in TEXTS] + [["ASCII only"]]
    out, findings = convert_grids({"Thôn - TDP": Grid("Thôn - TDP", rows)})
    read = [r[0] for r in out["Thôn - TDP"].rows[1:-1]]
    if encode is legacy.to_vni:
        assert read == TEXTS
    else:  # VN3 has no capital for Ú, Ấ…: a one-word cell "ót" cannot be known to be "Út"
        assert [r.casefold() for r in read] == [t.casefold() for t in TEXTS]
        assert sum(r != t for r, t in zip(read, TEXTS, strict=True)) <= 2
    assert out["Thôn - TDP"].rows[-1] == ["ASCII only"] and len(findings) == 1


def test_convert_grids_reads_and_says_so_without_changing_the_grid() -> None:
    rows = [["Họ và tên", "Thôn/TDP"], ["NguyÔn V¨n An", "Th«n §«ng"], ["Trần Hà", "Thôn Đông"],
            ["Leâ Vaên Ba", 5.0]]
    grid = Grid("Công dân học tập", rows, row0=4, col0=2)
    out, findings = convert_grids({"Công dân học tập": grid, "_meta": Grid("_meta", [["Hä"]])})
    assert out["Công dân học tập"].rows[1] == ["Nguyễn Văn An", "Thôn Đông"]
    assert out["Công dân học tập"].rows[3] == ["Lê Văn Ba", 5.0]
    assert rows[1] == ["NguyÔn V¨n An", "Th«n §«ng"]  # the caller's grid is not modified
    assert out["_meta"].rows == [["Hä"]]
    by = {f.message.split(" ô viết")[0] + f.cell: f for f in findings}
    assert [(f.code, f.sheet, f.cell) for f in findings] == [
        ("bang-ma-cu", "Công dân học tập", "B5"), ("bang-ma-cu", "Công dân học tập", "B7")]
    assert "2 ô" in findings[0].message and "TCVN3" in findings[0].message and "NguyÔn V¨n An" in findings[0].message
    assert "VNI" in findings[1].message and len(by) == 2


def test_nothing_to_convert_returns_the_same_grids() -> None:
    grid = Grid("Thôn - TDP", [["Tên thôn"], ["Thôn Đông"], ["Lê Hà"]])
    out, findings = convert_grids({"Thôn - TDP": grid})
    assert out["Thôn - TDP"] is grid and findings == []


def test_evaluate_reports_bang_ma_cu() -> None:
    grids = {"Công dân học tập": Grid("Công dân học tập", [["x"], ["Hä vµ tªn"]])}
    result = evaluate(grids, rules.default())
    assert any(f.code == "bang-ma-cu" and f.cell == "A2" for f in result.findings)


# -- issue 14: converted only when it is legacy ---------------------------------------------------

OUTSIDE = ["Ø", "«", "Rö", "· Hà Tú", "Thôn 1", "Müller", "Ørsted", "Dvořák", "Œuvre", "«Le Monde»",
           "« Le Monde »", "Zoë", "José Núñez", "Ærø", "Łódź", "Ø Hansen", "Søren Kierkegaard", "Åse Ødegård",
           "Björk Guðmundsdóttir", "François Mauriac", "Gödel", "Loïc Dupont", "Peña Nieto", "São Paulo",
           "Größe", "Antonín Dvořák", "Ø 12 mm", "Café Hà", "Ø Ø"]
"""Texts from outside files and other alphabets: none is Vietnamese typed with a legacy font."""


@pytest.mark.parametrize("text", OUTSIDE)
def test_outside_texts_are_not_strong_evidence(text: str) -> None:
    assert legacy.detect(text) is None
    assert all(legacy.reading(text, e).kind != legacy.STRONG for e in (legacy.TCVN3, legacy.VNI))


def test_a_unicode_list_with_middle_dots_and_other_alphabets_is_left_exactly_as_it_is() -> None:
    names = ["· Hà Tú", "· Lê Bá", "Nguyễn Văn An", "Trần Thị Bé", "Hoàng Văn Thắng", *OUTSIDE]
    rows = [["Họ và tên", "Thôn/TDP", "Ghi chú"]] + [[n, f"Thôn {i % 3 + 1}", "Ø" if i % 2 else "«"]
                                                      for i, n in enumerate(names)]
    texts = [v for r in rows for v in r]
    assert legacy.majority(texts) is None
    assert legacy.convert_rows(rows, 1, 1, "x", legacy.TCVN3) == (None, [])
    assert legacy.convert_rows(rows, 1, 1, "x", legacy.TCVN3, fonts={".VnTime"}) == (None, [])  # fonts alone: no
    out, findings = convert_grids({"Công dân học tập": Grid("Công dân học tập", rows)})
    assert out["Công dân học tập"].rows == rows and findings == []


def test_one_letter_words_of_a_real_legacy_text_are_read() -> None:
    assert legacy.detect("§«ng ¸") == (legacy.TCVN3, "Đông Á")
    assert legacy.detect("¤ M«n") == (legacy.TCVN3, "Ô Môn")


def test_a_unicode_name_added_to_a_legacy_column_is_not_read_as_legacy() -> None:
    """"Lê Hà" reads as TCVN3 "Lờ HỔ": in a column that also holds Unicode, it is left as typed."""
    legacy_names = [legacy.to_tcvn3(t) for t in TEXTS if len(t.split()) >= 2][:30]
    rows = [[n] for n in legacy_names] + [["Lê Hà"], ["Nguyễn Văn An"], [legacy.to_tcvn3("Phúc")]]
    out, _ = legacy.convert_rows(rows, 1, 1, "x", legacy.TCVN3)
    assert out is not None and out[-3:] == [["Lê Hà"], ["Nguyễn Văn An"], ["Phóc"]]
    assert [r[0] for r in out[:30]] == [t for t in TEXTS if len(t.split()) >= 2][:30]
    whole, _ = legacy.convert_rows([*rows[:30], rows[-1]], 1, 1, "x", legacy.TCVN3)
    assert whole is not None and whole[-1] == ["Phúc"]  # the column all legacy: the ambiguous cell too


@pytest.mark.parametrize("fonts, expected", [({".VnTime", "Calibri"}, {legacy.TCVN3}),
                                              ({".VnArialH"}, {legacy.TCVN3}), ({"VNI-Times"}, {legacy.VNI}),
                                              ({"VNI-Helve", ".VnTime"}, {legacy.TCVN3, legacy.VNI}),
                                              ({"Times New Roman", "Arial", "Vni"}, set()), (None, set())])
def test_font_names_say_the_encoding(fonts, expected) -> None:  # type: ignore[no-untyped-def]
    assert legacy.font_encodings(fonts) == expected


def test_the_fonts_settle_a_list_whose_texts_alone_would_not() -> None:
    """Single words ("TrÇn", "HiÒn") are weak evidence: read as TCVN3 only when the file's fonts
    (or strong texts elsewhere in the sheet) say the sheet was typed with .VnTime."""
    rows = [["Ten"], ["TrÇn"], ["HiÒn"], ["ChiÕn"], ["Ten khac"]]
    assert legacy.majority(v for r in rows for v in r) is None
    assert legacy.convert_rows(rows, 1, 1, "x") == (None, [])
    assert legacy.majority((v for r in rows for v in r), {".VnTime"}) == legacy.TCVN3
    out, found = legacy.convert_rows(rows, 1, 1, "x", fonts={".VnTime", "Calibri"})
    assert out == [["Ten"], ["Trần"], ["Hiền"], ["Chiến"], ["Ten khac"]]
    assert [(c.encoding, len(c.cells)) for c in found] == [(legacy.TCVN3, 3)]
    with_strong, _ = legacy.convert_rows([*rows, [legacy.to_tcvn3("Nguyễn Văn Đông")]], 1, 1, "x", legacy.TCVN3)
    assert with_strong is not None and with_strong[1:4] == [["Trần"], ["Hiền"], ["Chiến"]]
