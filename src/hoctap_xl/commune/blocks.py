"""Result blocks: the values the HT_ functions return and ``score`` caches, one row per row.

A block lines up with its input table row by row (blank rows give blank results), so the
same function serves an Excel range (UDF) and a whole file (``score``).
"""

from __future__ import annotations

from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.results import CommuneResult, EntityResult, PersonResult
from hoctap_xl.findings import Finding

Block = list[list[Any]]
REJECTED = L.REJECTED


def _ok(flag: bool) -> str:
    return L.RESULT_TRUE if flag else L.RESULT_FALSE


def level_text(level: int) -> str:
    """The commune's TT 25 level as shown: ``Mức độ 2 (Tốt)``, ``Mức độ 1 (Khá)`` or ``Chưa đạt``."""
    return {2: "Mức độ 2 (Tốt)", 1: "Mức độ 1 (Khá)"}.get(level, "Chưa đạt")


def _blank(n: int) -> list[Any]:
    return [""] * n


def _rejections(findings: list[Finding], sheet: str) -> dict[int, str]:
    """Worksheet row → message of the first ``lỗi`` on that row (used for rejected rows)."""
    out: dict[int, str] = {}
    for f in findings:
        if f.sheet == sheet and f.cell and f.is_error:
            digits = "".join(ch for ch in f.cell if ch.isdigit())
            if digits:
                out.setdefault(int(digits), f.message)
    return out


def table_block(result: CommuneResult, key: str, first_row: int, n_rows: int) -> Block:
    """The result block of a model table whose first data row is worksheet row ``first_row``."""
    spec = L.TABLES[key]
    width = len(spec.results)
    rows: dict[int, list[Any]] = {}
    if key == "cong_dan":
        for p in result.people:
            rows[p.person.row] = _person_row(p)
    else:
        for e in result.models[key]:
            rows[e.entity.row] = _entity_row(e, key)
    rejected = _rejections(result.findings, spec.sheet)
    out: Block = []
    for row in range(first_row, first_row + n_rows):
        values = rows.get(row)
        if values is None:
            values = _blank(width)
            if row in rejected:
                values[-2 if key == "cong_dan" else -1] = f"{REJECTED}: {rejected[row]}"
                values[3 if key == "cong_dan" else -2] = REJECTED
        out.append(values)
    return out


def _num(x: int | None) -> Any:
    return "" if x is None else x


def _person_row(p: PersonResult) -> list[Any]:
    v = p.verdict
    threshold: Any = int(v.threshold) if float(v.threshold).is_integer() else v.threshold
    return [_num(v.total), _num(v.lowest), threshold, _ok(v.recognised), v.reason, p.title or ""]


def _entity_row(e: EntityResult, key: str) -> list[Any]:
    v = e.verdict
    if key in ("dong_ho", "cong_dong"):
        got, of = e.households if e.households is not None else (0, None)
        ratio: Any = got / of if of else ""
        return [_num(v.total), got, ratio, _ok(v.recognised), v.reason]
    return [_num(v.total), _ok(v.recognised), v.reason]


def share_block(result: CommuneResult) -> Block:
    """7 rows (layout.SHARE_CODES) × layout.SHARE_RESULT_HEADERS."""
    out: Block = []
    for s in result.shares:
        ratio, target, met, gap = s.ratio, s.target, s.met, s.gap_points
        out.append([s.recognised, s.total, "" if ratio is None else ratio, "" if target is None else target,
                    "" if met is None else _ok(met), "" if gap is None else gap])
    return out


def thon_block(result: CommuneResult, n_rows: int) -> Block:
    """One row per thôn in sheet order, padded to ``n_rows`` × layout.BY_THON_HEADERS."""
    out: Block = []
    for s in result.by_thon:
        t = s.thon
        hh_ratio: Any = s.households_recognised / t.households if t.households else ""
        cd_ratio: Any = s.citizens_recognised / t.workers if t.workers else ""
        out.append([t.name, _num(t.households), s.households_recognised, hh_ratio, _num(t.clans),
                    s.clans_recognised, _num(t.workers), s.citizens_recognised, cd_ratio,
                    "" if s.community is None else _ok(s.community)])
    width = len(L.BY_THON_HEADERS)
    while len(out) < n_rows:
        out.append(_blank(width))
    return out[:n_rows]
