from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from hoctap_xl.text.values import (
    ValueProblem,
    clean_text,
    format_number,
    format_percent,
    name_key,
    parse_date,
    parse_number,
    parse_yes_no,
    percent_digits,
    round_half_up,
)


@pytest.mark.parametrize(("x", "digits", "expected"), [
    (87 / 80 * 100, 1, 108.8),   # Python's round gives 108.7
    (2.675, 2, 2.68), (0.125, 2, 0.13), (-0.125, 2, -0.13), (70.485, 2, 70.49), (1.5, 0, 2.0), (2.5, 0, 3.0)])
def test_round_half_up_matches_excel(x, digits, expected):
    assert round_half_up(x, digits) == expected


def test_python_round_differs_which_is_why_we_do_not_use_it():
    assert round(2.5) == 2 and round_half_up(2.5) == 3


@pytest.mark.parametrize(("value", "expected"), [(8, 8.0), (8.0, 8.0), (" 8 ", 8.0), ("8,0", 8.0), ("7.5", 7.5),
                                                 ("\u00a08\u200b", 8.0)])
def test_numbers_as_typed(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", ["tám", "", True, dt.date(2025, 1, 1), "8 điểm", float("nan")])
def test_not_numbers(value):
    with pytest.raises(ValueProblem):
        parse_number(value)


def test_thousands_only_where_asked():
    assert parse_number("1.385", thousands=True) == 1385
    assert parse_number("1.385,5", thousands=True) == 1385.5
    assert parse_number("1.385") == 1.385


@pytest.mark.parametrize(("value", "expected"), [
    ("05/01/2026", dt.date(2026, 1, 5)), ("5-1-2026", dt.date(2026, 1, 5)), (dt.datetime(2026, 1, 5, 0, 0),
                                                                          dt.date(2026, 1, 5)),
    ("ngày 05 tháng 01 năm 2026", dt.date(2026, 1, 5)), (46027, dt.date(2026, 1, 5)),
    ("2026-01-05", dt.date(2026, 1, 5))])
def test_dates_day_first_never_locale(value, expected):
    assert parse_date(value) == expected


def test_impossible_date():
    with pytest.raises(ValueProblem):
        parse_date("31/02/2026")


@pytest.mark.parametrize(("value", "expected"), [("Có", True), ("có", True), ("x", True), ("TRUE", True), (1, True),
                                                 (True, True), ("Không", False), (None, False), ("", False)])
def test_yes_no(value, expected):
    assert parse_yes_no(value) is expected


def test_names_compare_after_nfc_spaces_zero_width_case():
    nfd = unicodedata.normalize("NFD", "  Thôn   NÀ PÀN\u200b")
    assert clean_text(nfd) == "Thôn NÀ PÀN"
    assert name_key(nfd) == name_key("thôn nà pàn")


def test_vietnamese_number_formats():
    assert format_number(1385) == "1.385"
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_percent(0.70483) == "70,48 %"


def test_one_more_decimal_when_rounding_would_contradict_attainment():
    assert percent_digits(0.69996, 0.70) == 3     # 70,00 % would look met; 69,996 % is not
    assert percent_digits(0.70483, 0.70) == 2
    assert percent_digits(0.5, None) == 2


def test_long_dates_keep_the_zero_only_where_nd30_asks():
    import datetime as dt

    from hoctap_xl.text.values import format_date_long

    assert format_date_long(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert format_date_long(dt.date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
    assert format_date_long(dt.date(2025, 12, 9)) == "ngày 09 tháng 12 năm 2025"
    assert format_date_long(dt.date(2025, 3, 10)) == "ngày 10 tháng 3 năm 2025"
    assert format_date_long(None, 2025).endswith("năm 2025") and "\u00a0" in format_date_long(None, 2025)


@pytest.mark.parametrize("typed, shown", [(5, "05/QĐ-UBND"), (5.0, "05/QĐ-UBND"), ("05", "05/QĐ-UBND"),
                                          ("5", "05/QĐ-UBND"), ("05/QĐ-UBND", "05/QĐ-UBND"),
                                          ("5 / QĐ-UBND", "05/QĐ-UBND"), ("123", "123/QĐ-UBND"),
                                          ("Số: 7", "07/QĐ-UBND"), ("12/BC-UBND", "12/BC-UBND")])
def test_document_numbers_typed_any_way(typed, shown):
    from hoctap_xl.text.values import format_doc_number

    assert format_doc_number(typed, "QĐ-UBND") == shown


def test_blank_document_number_leaves_room_to_write():
    from hoctap_xl.text.values import format_doc_number

    text = format_doc_number(None, "QĐ-UBND")
    assert text.endswith("/QĐ-UBND") and text.startswith("\u00a0") and len(text) > len("/QĐ-UBND") + 4
