"""Reading values the way officials type them (pure Python, no Excel library).

Every parser returns a value or raises :class:`ValueProblem` with a short Vietnamese reason;
callers turn the reason into a finding that names the cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"\s+")
EXCEL_EPOCH = dt.date(1899, 12, 30)


class ValueProblem(ValueError):
    """A cell value that cannot be read as what its column needs."""


_NEEDS_WORK = re.compile(r"\s\s|[\t\n\r\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad]|^\s|\s$")


def clean_text(value: Any) -> str:
    """NFC, zero-width characters removed, inner runs of spaces collapsed, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        return " ".join(text.split()) if _NEEDS_WORK.search(text) else text
    if unicodedata.is_normalized("NFC", text) and not _NEEDS_WORK.search(text):
        return text  # the common case, checked in C
    text = unicodedata.normalize("NFC", text.translate(_ZERO_WIDTH))
    return _SPACES.sub(" ", text).strip()


def name_key(value: Any) -> str:
    """The key two names are compared by: :func:`clean_text`, then case-folded."""
    return clean_text(value).casefold()


def is_blank(value: Any) -> bool:
    """None, or text with nothing but spaces and invisible characters."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip() or not clean_text(value)
    return False


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_THOUSANDS_BOTH = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")


def parse_number(value: Any, *, thousands: bool = False) -> float:
    """A number from a cell: ``8``, ``8.0``, ``" 8 "``, ``"8,0"``; with ``thousands``
    also ``"1.385"`` (= 1385) and ``"1.385,5"``. Booleans and dates are not numbers."""
    if isinstance(value, (bool, dt.date, dt.time)):
        raise ValueProblem("không phải là số")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueProblem("không phải là số")
        return float(value)
    text = clean_text(value).replace(" ", "")
    if not text:
        raise ValueProblem("đang để trống")
    if thousands and _THOUSANDS_BOTH.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if thousands and _THOUSANDS_DOT.match(text):
        return float(text.replace(".", ""))
    if _NUMBER.match(text):
        return float(text.replace(",", "."))
    raise ValueProblem(f"\u201c{clean_text(value)}\u201d không phải là số")


def parse_int(value: Any, *, thousands: bool = False) -> int:
    """A whole number from a number cell or text; :class:`ValueProblem` otherwise."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    number = parse_number(value, thousands=thousands)
    if not number.is_integer():
        raise ValueProblem(f"{format_number(number)} không phải là số nguyên")
    return int(number)


_YES = {"có", "co", "x", "true", "1", "yes", "đạt", "dat", "v", "✓", "✔"}
_NO = {"không", "khong", "false", "0", "no", "-", "chưa đạt", "chua dat"}


def parse_yes_no(value: Any) -> bool:
    """``Có``/``Không`` (and ``x``, ``TRUE``, ``1``); blank is ``Không``."""
    if type(value) is str:
        known = _YES_NO_SEEN.get(value)
        if known is not None:
            return known
        answer = _yes_no(value)
        if len(_YES_NO_SEEN) < 1000:
            _YES_NO_SEEN[value] = answer
        return answer
    return _yes_no(value)


_YES_NO_SEEN: dict[str, bool] = {}


_SEX = {"nam": "Nam", "nam giới": "Nam", "nam gioi": "Nam", "m": "Nam", "ông": "Nam", "ong": "Nam",
        "nữ": "Nữ", "nu": "Nữ", "nữ giới": "Nữ", "nu gioi": "Nữ", "f": "Nữ", "bà": "Nữ", "ba": "Nữ"}


def parse_sex(value: Any) -> str:
    """``Giới tính`` as ``Nam``, ``Nữ`` or ``""`` (blank); typed another way (``nam giới``, ``NU``,
    ``M``/``F``) it is read; anything else is a :class:`ValueProblem`."""
    return _one_of(value, _SEX, "Nam hoặc Nữ")


def _one_of(value: Any, known: dict[str, str], expected: str) -> str:
    """``value`` looked up (by :func:`name_key`) in ``known``; ``""`` when blank; else a :class:`ValueProblem`."""
    if is_blank(value):
        return ""
    found = known.get(name_key(value))
    if found is None:
        raise ValueProblem(f"\u201c{clean_text(value)}\u201d không phải {expected}")
    return found


_LEVELS = {"xã": "xã", "xa": "xã", "cấp xã": "xã", "cap xa": "xã", "phường": "xã", "phuong": "xã",
           "tỉnh": "tỉnh", "tinh": "tỉnh", "cấp tỉnh": "tỉnh", "cap tinh": "tỉnh",
           "trung ương": "trung ương", "trung uong": "trung ương", "tw": "trung ương",
           "doanh nghiệp": "doanh nghiệp", "doanh nghiep": "doanh nghiệp", "dn": "doanh nghiệp"}


def parse_managing_level(value: Any) -> str:
    """``Cấp quản lý`` of a unit: ``xã``, ``tỉnh``, ``trung ương``, ``doanh nghiệp`` or ``""``
    (blank); ``cấp xã``, ``phường``, ``TW``, ``DN`` are read; anything else is a :class:`ValueProblem`."""
    return _one_of(value, _LEVELS, "xã, tỉnh, trung ương hoặc doanh nghiệp")


def _yes_no(value: Any) -> bool:
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = name_key(value)
    if key in _YES:
        return True
    if key in _NO or key == "":
        return False
    raise ValueProblem(f"\u201c{clean_text(value)}\u201d không phải Có/Không")


_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_WORDS = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)


def parse_date(value: Any) -> dt.date:
    """A date cell, an Excel serial number, or text read as day/month/year (never the PC's
    locale): ``05/01/2026``, ``5-1-2026``, ``ngày 05 tháng 01 năm 2026``, ``2026-01-05``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueProblem("không phải là ngày")
    text = clean_text(value)
    for pattern, order in ((_DATE_TEXT, "dmy"), (_DATE_WORDS, "dmy"), (_DATE_ISO, "ymd")):
        m = pattern.search(text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            if year < 100:
                year += 2000
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueProblem(f"\u201c{text}\u201d không phải ngày có thật") from None
    raise ValueProblem(f"\u201c{text}\u201d không đọc được thành ngày (gõ ngày/tháng/năm, vd. 05/01/2026)")


def parse_year(value: Any) -> int:
    """A four-digit year from a number cell or text (``2025``, ``năm 2025``); :class:`ValueProblem` otherwise."""
    if type(value) is int or (type(value) is float and value.is_integer()):
        if 1000 <= value <= 9999:
            return int(value)
        raise ValueProblem(f"{int(value)} không phải là năm")
    text = clean_text(value)
    m = re.fullmatch(r"(?:năm\s*)?(\d{4})(?:\.0)?", text, re.IGNORECASE)
    if not m:
        raise ValueProblem(f"\u201c{text}\u201d không phải là năm")
    return int(m.group(1))


# --- Excel-compatible rounding and Vietnamese number display ---------------------------------

def round_half_up(x: float, digits: int = 0) -> float:
    """Excel's ROUND: half away from zero on the decimal value shown (15 significant digits).

    ``round_half_up(87/80*100, 1) == 108.8`` where Python's ``round`` gives 108.7.
    """
    if x != x:
        return x
    d = Decimal(f"{x:.15g}")
    q = Decimal(1).scaleb(-digits)
    rounded = d.copy_abs().quantize(q, rounding=ROUND_HALF_UP)
    return float(rounded if d >= 0 else -rounded)


def format_number(x: float, digits: int = 0) -> str:
    """Vietnamese style: ``1.385``, ``70,48`` (thousands ``.``, decimals ``,``)."""
    value = round_half_up(x, digits)
    text = f"{abs(value):,.{digits}f}".replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return ("-" if value < 0 and text.strip("0.,") else "") + text


def format_percent(ratio: float, digits: int = 2) -> str:
    """``0.70483`` → ``70,48 %``."""
    return f"{format_number(ratio * 100, digits)} %"


def percent_digits(ratio: float, target: float | None, digits: int = 2) -> int:
    """Decimals needed so the shown share does not contradict met/not met (70,0 % shown for 69,96 % would)."""
    if target is None:
        return digits
    met = ratio >= target
    for d in range(digits, digits + 4):
        shown = round_half_up(ratio * 100, d)
        if (shown >= round_half_up(target * 100, d)) == met:
            return d
    return digits + 4


# --- dates and document numbers as Nghị định 30/2020 prints them ------------------------------

BLANK_NUMBER = "\u00a0" * 6
"""What an empty document number prints as: room to write it by hand (``Số:       /QĐ-UBND``)."""


def _two(n: int) -> str:
    return f"{n:02d}"


def format_date_long(day: dt.date | None, year: int | None = None) -> str:
    """``ngày 05 tháng 01 năm 2026``: a zero before days below 10 and months 1 and 2 only
    (NĐ 30/2020, Phụ lục I); ``ngày …… tháng …… năm 2026`` with room to write when unknown."""
    if day is None:
        gap = "\u00a0" * 5
        return f"ngày{gap}tháng{gap}năm {year}" if year else f"ngày{gap}tháng{gap}năm{gap}"
    month = _two(day.month) if day.month <= 2 else str(day.month)
    return f"ngày {_two(day.day)} tháng {month} năm {day.year}"


def format_date_short(day: dt.date | None) -> str:
    """``05/01/2026`` (for the ``(Kèm theo … ngày …)`` line and tables)."""
    return "" if day is None else f"{_two(day.day)}/{_two(day.month)}/{day.year}"


_DOC_NUMBER = re.compile(r"^(?:số\s*:?\s*)?0*(\d+)(?:\s*/\s*(.*))?$", re.IGNORECASE)


def format_doc_number(value: Any, kind: str) -> str:
    """A document number as typed (``5``, ``05``, ``5.0``, ``05/QĐ-UBND``) → ``05/QĐ-UBND``;
    blank → room to write it by hand. ``kind`` is the part after the slash (``QĐ-UBND``). Text
    with another symbol after the slash is kept as typed, with the leading zero added."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    if not text:
        return f"{BLANK_NUMBER}/{kind}"
    m = _DOC_NUMBER.match(text)
    if not m:
        return text
    number = _two(int(m.group(1)))
    return f"{number}/{clean_text(m.group(2)) or kind}"
