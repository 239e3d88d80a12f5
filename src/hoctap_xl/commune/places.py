"""The places and groups people belong to: thôn/TDP, and the rows of the criteria models.

``Thôn - TDP`` gives every thôn its denominators; a household, clan, community or unit row
(:class:`Entity`) is scored on criteria and may name its thôn, which must be in that sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.reading import ScoreCells, TableReader
from hoctap_xl.sheets.geometry import table_headers
from hoctap_xl.sheets.grid import Grid, Table
from hoctap_xl.text.values import ValueProblem, clean_text, name_key, parse_managing_level, parse_sex


@dataclass(slots=True)
class Thon:
    """A row of ``Thôn - TDP``: its name, denominators (None when unreadable) and their cells."""

    row: int
    name: str
    key: str
    households: int | None
    clans: int | None
    workers: int | None
    difficult: bool
    cells: dict[str, str]


def read_thon(r: TableReader, grids: dict[str, Grid]) -> list[Thon]:
    """``Thôn - TDP``: every named, not repeated thôn; a ``chua-co-thon`` finding when there is none."""
    t = r.table(grids, L.THON, L.THON_HEADERS)
    if t is None:
        return []
    out: list[Thon] = []
    seen: dict[str, int] = {}
    name_h, hh_h, cl_h, wk_h, dk_h = L.THON_HEADERS
    for row, (name, hh, cl, wk, dk) in t.records(L.THON_HEADERS):
        text = clean_text(name)
        if not text:
            r.add("thieu-ten", t.sheet, t.cell(row, name_h), row_no="", filled="số liệu",
                  missing="chưa ghi tên thôn/TDP", effect="dòng bị loại")
            continue
        if not r.unique(seen, t, row, name_h, text, "Thôn"):
            continue
        out.append(Thon(
            row, text, name_key(text),
            r.count(t, row, hh_h, hh, "mẫu số của tỷ lệ gia đình học tập"),
            r.count(t, row, cl_h, cl, "mẫu số của tỷ lệ dòng họ học tập"),
            r.count(t, row, wk_h, wk, "mẫu số của tỷ lệ công dân học tập"),
            r.yes_no(t, row, dk_h, dk),
            {h: t.cell(row, h) for h in (hh_h, cl_h, wk_h)},
        ))
    if not out:
        r.add("chua-co-thon", L.THON, None)
    return out


@dataclass(slots=True)
class Entity:
    """A row of a criteria model (household, clan, community, unit)."""

    row: int
    name: str
    key: str
    thon: Thon | None
    scores: ScoreCells
    extra: dict[str, Any]


def read_entities(r: TableReader, grids: dict[str, Grid], model: str, thon: dict[str, Thon],
                  check: Callable[[Table, int, list[Any]], dict[str, Any] | None]) -> list[Entity]:
    """Read one criteria table; ``check`` reads the model's own columns — the fixed ones, then the
    scores, then the optional columns the sheet has (:data:`layout.OPTIONAL_HEADERS`, in that
    order) — and returns its extra values, or None when it has rejected the row (after adding a
    finding)."""
    crit = r.rules.criteria(model)
    heads = table_headers(model, r.rules)
    t = r.table(grids, L.CRITERIA_MODELS[model], heads, optional=L.OPTIONAL_HEADERS.get(model, ()))
    if t is None:
        return []
    fixed = len(L.MODEL_FIXED_HEADERS[model])
    score_heads = list(heads[fixed:])
    bounds = [(0, c.diem_toi_da) for c in crit.tieu_chi]
    optional = [h for h in L.OPTIONAL_HEADERS.get(model, ()) if h in t.extra]
    out: list[Entity] = []
    for row, values in t.records([*heads, *optional]):
        extra = check(t, row, values)
        if extra is None:
            continue
        sc = r.scores(t, row, score_heads, values[fixed:len(heads)], bounds)
        if sc.all_blank:
            r.add("chua-danh-gia", t.sheet, t.cell(row, score_heads[0]), name=extra["name"])
        out.append(Entity(row, extra.pop("name"), extra.pop("key"), extra.pop("thon", None), sc, extra))
    return out


def thon_of(r: TableReader, t: Table, row: int, head: str, value: Any, thon: dict[str, Thon],
            *, required: bool) -> tuple[bool, Thon | None]:
    """(ok, thôn): ok is False when the row must be rejected (a finding has been added)."""
    if value is not None and not isinstance(value, str):
        value = clean_text(value)
    known = r.thon_memo.get(value) if value is not None else None
    if known is not None:
        return True, known
    text = clean_text(value)
    if not text:
        if required:
            r.add("thieu-thon", t.sheet, t.cell(row, head), alternative="")
            return False, None
        return True, None
    found = thon.get(name_key(text))
    if found is None:
        r.add("thon-khong-co", t.sheet, t.cell(row, head), name=text, list_sheet=L.THON)
        return False, None
    if value is not None:
        r.thon_memo[value] = found
    return True, found


# --- each model's own columns ------------------------------------------------------------------

def read_units(r: TableReader, grids: dict[str, Grid], thon: dict[str, Thon]) -> list[Entity]:
    """``Đơn vị học tập``: named, not repeated units, each with its staff count (a denominator)."""
    seen: dict[str, int] = {}
    name_h, _, staff_h = L.DON_VI_HEADERS

    def level(t: Table, row: int, values: list[Any]) -> str:
        try:
            return parse_managing_level(r.optional(t, values, L.CAP_QUAN_LY))
        except ValueProblem as exc:
            r.add("cap-quan-ly-khong-hop-le", t.sheet, t.cell(row, L.CAP_QUAN_LY), header=L.CAP_QUAN_LY, problem=exc)
            return ""

    def check(t: Table, row: int, values: list[Any]) -> dict[str, Any] | None:
        name = r.named(t, row, name_h, values[0], "tên đơn vị")
        if name is None or not r.unique(seen, t, row, name_h, name, "Đơn vị"):
            return None
        staff = r.count(t, row, staff_h, values[2], "mẫu số của tỷ lệ CBCCVC đạt công dân học tập")
        return {"name": name, "key": name_key(name), "kind": clean_text(values[1]), "staff": staff,
                "staff_cell": t.cell(row, staff_h), "level": level(t, row, values)}
    return read_entities(r, grids, "don_vi", thon, check)


def read_clans(r: TableReader, grids: dict[str, Grid], thon: dict[str, Thon]) -> list[Entity]:
    """``Dòng họ học tập``: named, not repeated clans, their thôn (optional) and household count."""
    seen: dict[str, int] = {}
    name_h, _, thon_h, hh_h = L.DONG_HO_HEADERS

    def check(t: Table, row: int, values: list[Any]) -> dict[str, Any] | None:
        name = r.named(t, row, name_h, values[0], "tên dòng họ")
        if name is None:
            return None
        ok, th = thon_of(r, t, row, thon_h, values[2], thon, required=False)
        if not ok or not r.unique(seen, t, row, name_h, name, "Dòng họ"):
            return None
        households = r.count(t, row, hh_h, values[3], "mẫu số của tỷ lệ hộ đạt gia đình học tập")
        return {"name": name, "key": name_key(name), "thon": th, "head": clean_text(values[1]),
                "households": households, "households_cell": t.cell(row, hh_h)}
    return read_entities(r, grids, "dong_ho", thon, check)


def read_households(r: TableReader, grids: dict[str, Grid], thon: dict[str, Thon],
                    clans: dict[str, Entity] | None) -> list[Entity]:
    """``Gia đình học tập``: households of a known thôn; a clan it names must be known (``clans``,
    None when the clan table could not be read: no finding per household then)."""
    name_h, thon_h, clan_h, _ = L.GIA_DINH_HEADERS

    def head_sex(t: Table, row: int, values: list[Any]) -> str:
        try:
            return parse_sex(r.optional(t, values, L.GIOI_TINH_CHU_HO))
        except ValueProblem as exc:
            r.add("gioi-tinh-khong-hop-le", t.sheet, t.cell(row, L.GIOI_TINH_CHU_HO), header=L.GIOI_TINH_CHU_HO,
                  problem=exc)
            return ""

    def check(t: Table, row: int, values: list[Any]) -> dict[str, Any] | None:
        name = r.named(t, row, name_h, values[0], "họ tên chủ hộ")
        if name is None:
            return None
        ok, th = thon_of(r, t, row, thon_h, values[1], thon, required=True)
        if not ok:
            return None
        clan_text = clean_text(values[2])
        clan_key = ""
        if clan_text and clans is not None:
            if name_key(clan_text) in clans:
                clan_key = name_key(clan_text)
            else:
                r.add("dong-ho-khong-co", t.sheet, t.cell(row, clan_h), name=clan_text, list_sheet=L.DONG_HO)
        return {"name": name, "key": name.casefold(), "thon": th, "clan_key": clan_key, "clan_name": clan_text,
                "cell": t.cell(row, name_h), "head_sex": head_sex(t, row, values)}
    return read_entities(r, grids, "gia_dinh", thon, check)


def read_communities(r: TableReader, grids: dict[str, Grid], thon: dict[str, Thon]) -> list[Entity]:
    """``Cộng đồng học tập``: one row per known thôn, not repeated."""
    seen: dict[str, int] = {}
    (thon_h,) = L.CONG_DONG_HEADERS

    def check(t: Table, row: int, values: list[Any]) -> dict[str, Any] | None:
        name = r.named(t, row, thon_h, values[0], "tên thôn/TDP")
        if name is None:
            return None
        ok, th = thon_of(r, t, row, thon_h, values[0], thon, required=True)
        if not ok or th is None or not r.unique(seen, t, row, thon_h, th.name, "Thôn"):
            return None
        return {"name": th.name, "key": th.key, "thon": th}
    return read_entities(r, grids, "cong_dong", thon, check)
