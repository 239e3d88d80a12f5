"""How a certificate or a list names whom it recognises: a person as ``Ông``/``Bà`` from
``Giới tính``, a household by its head, a clan and a place each once, by its own kind
(``Dòng họ Nông``, ``Họ Trần``, ``Thôn Nà Mò``, ``Bản Khuổi Tẩu``, ``Tổ dân phố 3``) — never a
form label such as ``Ông/Bà`` or ``Thôn/TDP`` (issue 15). A thôn is printed by its name as typed
(it carries its own kind; a bare name is not ours to complete: a ``Bản`` is not a ``Thôn``)."""

from __future__ import annotations

from hoctap_xl.text.values import ValueProblem, clean_text, parse_sex

CLAN_KINDS = ("dòng họ", "họ", "chi họ", "nhánh họ")
"""Words a clan's name may start with: printed as typed, never after another ``Dòng họ``."""


def starts_with_kind(name: str, kinds: tuple[str, ...]) -> bool:
    """The name begins with one of ``kinds`` as a whole word (``Thôn Nà Mò``; not ``Thôngxx``)."""
    folded = clean_text(name).casefold()
    return any(folded == k or folded.startswith(k + " ") for k in kinds)


def honorific(sex: object) -> str:
    """``Ông`` / ``Bà`` from a ``Giới tính`` cell, ``""`` when blank or unreadable."""
    try:
        found = parse_sex(sex)
    except ValueProblem:
        return ""
    return {"Nam": "Ông", "Nữ": "Bà"}.get(found, "")


def person(name: str, sex: object) -> str:
    """``Ông Nông Văn Hải``, ``Bà Triệu Thị Hoa``; the name alone when the sex is not known."""
    title = honorific(sex)
    return f"{title} {name}" if title else name


def household(head: str, sex: object) -> str:
    """``Gia đình ông Chu Văn Hải`` / ``Gia đình bà …``; ``Gia đình Chu Văn Hải`` when not known."""
    title = honorific(sex).lower()
    return f"Gia đình {title} {head}" if title else f"Gia đình {head}"


def clan(name: str) -> str:
    """``Nông`` → ``Dòng họ Nông``; ``Dòng họ Nông`` and ``Họ Trần`` stay as typed."""
    return name if starts_with_kind(name, CLAN_KINDS) else f"Dòng họ {name}"
