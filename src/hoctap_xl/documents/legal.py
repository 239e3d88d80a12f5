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


def rule_basis(result: CommuneResult, model: str) -> str:
    """The decision that issued ``model``'s criteria, as a Căn cứ line cites it."""
    src = result.rules.criteria(model).nguon if model != "cong_dan" else result.rules.cong_dan.nguon
    words = src.van_ban.replace("Quyết định ", "Quyết định số ", 1)
    what = src.trich_yeu.split(" (")[0]
    text = f"{words} ngày {format_date_long(src.ngay)[5:]} của {src.co_quan} {what[:1].lower()}{what[1:]}"
    return curly(text.strip())
