"""The annex lists of decisions, tờ trình and certificates: who is recognised, in which order
(thôn in the order of ``Thôn - TDP``, then workbook order; unit staff after, by unit), and each
row's cells as printed."""

from __future__ import annotations

from typing import Any

from hoctap_xl.commune.places import Entity
from hoctap_xl.commune.results import CommuneResult, EntityResult, PersonResult
from hoctap_xl.documents.commune_facts import Commune
from hoctap_xl.documents.model_names import COLUMNS, COUNTED
from hoctap_xl.documents.wording import count, score
from hoctap_xl.text.values import clean_text, format_number


def title_of(result: CommuneResult, model: str) -> str:
    """The title a model's recognised entries receive (``Gia đình học tập``…)."""
    return "Công dân học tập" if model == "cong_dan" else result.rules.criteria(model).danh_hieu


def _place_order(result: CommuneResult) -> tuple[dict[str, int], dict[str, int]]:
    thon = {t.key: i for i, t in enumerate(result.thon)}
    units = {e.entity.key: i for i, e in enumerate(result.models["don_vi"])}
    return thon, units


def recognised_people(result: CommuneResult) -> list[PersonResult]:
    """Thôn in the order of ``Thôn - TDP``, then workbook order; unit staff after, grouped by unit
    in the order of ``Đơn vị học tập``."""
    thon, units = _place_order(result)
    big = len(thon) + 1

    def key(p: PersonResult) -> tuple[int, int, int]:
        person = p.person
        if person.unit is not None:
            return (1, units.get(person.unit.key, big), person.row)
        return (0, thon.get(person.thon.key, big) if person.thon else big, person.row)

    return sorted((p for p in result.people if p.verdict.recognised and commune_decides(p.person.unit)), key=key)


OTHER_LEVELS = ("tỉnh", "trung ương", "doanh nghiệp")
"""``Cấp quản lý`` values whose units (and their staff) the commune proposes but does not recognise."""


def commune_decides(unit: Entity | None) -> bool:
    """The commune's own decision covers this unit (or a person outside any unit): managed by the
    commune, or its managing level not given (workbooks before template 1.3)."""
    return unit is None or unit.extra.get("level", "") not in OTHER_LEVELS


def decided_elsewhere(result: CommuneResult) -> list[tuple[str, str, int, bool]]:
    """Units managed by another level: (name, level, staff recognised Công dân học tập, the unit itself
    recognised), for the report to name them for the level that decides."""
    out = []
    for e in result.models["don_vi"]:
        if commune_decides(e.entity):
            continue
        staff = sum(1 for p in result.people if p.verdict.recognised and p.person.unit is not None
                    and p.person.unit.key == e.entity.key)
        out.append((e.entity.name, str(e.entity.extra["level"]), staff, e.verdict.recognised))
    return out


def recognised_entities(result: CommuneResult, model: str) -> list[EntityResult]:
    """A model's recognised entries: by thôn then workbook order (units in workbook order)."""
    thon, _ = _place_order(result)
    big = len(thon) + 1
    chosen = [e for e in result.models[model] if e.verdict.recognised]
    if model == "don_vi":
        return [e for e in chosen if commune_decides(e.entity)]
    return sorted(chosen, key=lambda e: (thon.get(e.entity.thon.key, big) if e.entity.thon else big, e.entity.row))


def is_excellent(p: PersonResult) -> bool:
    """Recognised as ``Công dân học tập tiêu biểu xuất sắc``."""
    return bool(p.title and "tiêu biểu" in p.title)


def list_rows(result: CommuneResult, model: str) -> list[dict[str, str]]:
    """The annex rows, numbered, every cell a string as printed."""
    if model == "cong_dan":
        return _people_rows(result)
    return [{"stt": str(i), **_entity_cells(e, model), "diem": score(e.verdict.total), "ghi_chu": "",
             "gioi_tinh": str(e.entity.extra.get("head_sex") or "")}
            for i, e in enumerate(recognised_entities(result, model), start=1)]


def _people_rows(result: CommuneResult) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for i, p in enumerate(recognised_people(result), start=1):
        person = p.person
        place = person.unit.name if person.unit else (person.thon.name if person.thon else "")
        rows.append({"stt": str(i), "ten": person.name, "noi": place, "gioi_tinh": person.sex,
                     "them": str(person.group or ""), "diem": score(p.verdict.total),
                     "ghi_chu": "Tiêu biểu xuất sắc" if is_excellent(p) else ""})
    return rows


def _entity_cells(e: EntityResult, model: str) -> dict[str, str]:
    """Name, place and the one more fact of an entity's annex row."""
    ent = e.entity
    thon_name = ent.thon.name if ent.thon else ""
    if model == "gia_dinh":
        noi, them = thon_name, clean_text(ent.extra.get("clan_name"))
    elif model == "dong_ho":
        noi, them = thon_name, clean_text(ent.extra.get("head"))
    elif model == "cong_dong":
        hh = e.households
        noi = count(ent.thon.households if ent.thon else None)
        them = count(hh[0] if hh else None)
    else:
        noi, them = clean_text(ent.extra.get("kind")), count(ent.extra.get("staff"))
    return {"ten": ent.name, "noi": noi, "them": them}


def list_context(result: CommuneResult, model: str, c: Commune, decision_no: str) -> dict[str, Any]:
    """The annex of a decision or tờ trình: title, count, rows, column heads, the Kèm theo line."""
    title = title_of(result, model)
    rows = list_rows(result, model)
    heads = COLUMNS[model]
    return {"danh_hieu": title, "mo_hinh": model, "so_luong": format_number(len(rows)),
            "doi_tuong": COUNTED[model], "danh_sach": rows,
            "cot_ten": heads[0], "cot_noi": heads[1], "cot_them": heads[2], "cot_diem": heads[3],
            "danh_sach_tieu_de": f"{COUNTED[model].upper()} ĐƯỢC CÔNG NHẬN DANH HIỆU \u201c{title.upper()}\u201d "
                                 f"NĂM {c.year}",
            "kem_theo": f"(Kèm theo Quyết định số {decision_no} {c.issued_on()} của {c.ubnd})"}
