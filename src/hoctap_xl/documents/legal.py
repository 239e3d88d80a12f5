"""The legal bases documents cite, from ``data/van-ban.yaml``: the law on local government in force
on the report's date, the programmes (Quyết định) the report carries out, and the decision that
issued each model's criteria."""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from typing import Any

import yaml

from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.documents.commune_facts import Commune
from hoctap_xl.text.values import format_date_long


@functools.cache
def legal() -> dict[str, Any]:
    """``data/van-ban.yaml``, read once."""
    text = resources.files("hoctap_xl").joinpath("data/van-ban.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def programmes() -> list[str]:
    """The national programmes, in the order the report's ``Thực hiện`` lines cite them."""
    return [str(q) for q in legal()["chuong_trinh"]]


def organisation_law(c: Commune) -> str:
    """The law on local government in force on the documents' date (1 January after the year when undated)."""
    day = c.issued or dt.date(c.year + 1, 1, 1)
    for entry in legal()["luat_to_chuc"]:
        if (entry.get("tu") is None or day >= entry["tu"]) and (entry.get("den") is None or day <= entry["den"]):
            return str(entry["van_ban"])
    return str(legal()["luat_to_chuc"][-1]["van_ban"])


def curly(text: str) -> str:
    """Straight double quotes typed in data files → “ ” as printed documents use."""
    parts = text.split('"')
    return "".join(p + ("\u201c" if i % 2 == 0 else "\u201d") if i < len(parts) - 1 else p
                   for i, p in enumerate(parts))


ISSUERS = {"Hội Khuyến học Việt Nam": "Trung ương Hội Khuyến học Việt Nam"}
"""How a Căn cứ line names an issuer the rule-set files name shortly (the decisions of the Hội's
central committee are issued by Trung ương Hội Khuyến học Việt Nam)."""


def rule_basis(result: CommuneResult, model: str) -> str:
    """The decision that issued ``model``'s criteria, as a Căn cứ line cites it: number, date and
    issuer — never the rule set's own description (its exact title is not in hand, issue 15)."""
    src = result.rules.criteria(model).nguon if model != "cong_dan" else result.rules.cong_dan.nguon
    words = src.van_ban.replace("Quyết định ", "Quyết định số ", 1)
    issuer = ISSUERS.get(src.co_quan, src.co_quan)
    text = f"{words} ngày {format_date_long(src.ngay)[5:]}" + (f" của {issuer}" if issuer else "")
    return curly(text.strip())


def circular_25() -> str:
    """Thông tư 25/2023/TT-BGDĐT with its date, issuer and title, as a Căn cứ line cites it."""
    return str(legal()["thong_tu_25"])


def plan_bases(c: Commune, verb: str) -> list[str]:
    """The province's and the commune's plans (``Kế hoạch của tỉnh/xã``) as ``<verb> Kế hoạch số …``
    lines, when the workbook gives them; typed with or without the leading ``Kế hoạch``."""
    out = []
    for text in (c.plan_province, c.plan_commune):
        text = text.strip().rstrip(";.")
        if not text:
            continue
        if not text.casefold().startswith("kế hoạch"):
            text = "Kế hoạch " + text
        out.append(f"{verb} {text}")
    return out
