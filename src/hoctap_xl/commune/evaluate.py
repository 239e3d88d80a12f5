"""One commune's year, computed: every model's results, the shares, targets and attainment.

:func:`evaluate` is the single entry point the CLI, the UDFs, ``score`` and the level above
use. It takes the workbook's sheets as :class:`~hoctap_xl.sheets.grid.Grid` values and the rule set
in force (the workbook's own copy) and returns plain results and findings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.inputs import (
    ChecklistRow,
    Entity,
    Info,
    Person,
    Reader,
    Thon,
    named,
    read_checklist,
    read_entities,
    read_info,
    read_people,
    read_targets,
    read_thon,
    thon_of,
    unique,
)
from hoctap_xl.findings import Finding
from hoctap_xl.rules import scoring
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.rules.targets import resolve
from hoctap_xl.sheets.grid import Grid, Table, from_records
from hoctap_xl.text import legacy
from hoctap_xl.text.values import clean_text, format_number, name_key, round_half_up


@dataclass(slots=True)
class PersonResult:
    person: Person
    verdict: scoring.Verdict
    title: str | None

    def to_json(self) -> dict[str, Any]:
        p, v = self.person, self.verdict
        return {"dong": p.row, "ho_ten": p.name, "nhom": p.group, "tong_diem": v.total,
                "diem_thap_nhat": v.lowest, "nguong": _plain(v.threshold), "dat": v.recognised,
                "ly_do": v.reason, "danh_hieu": self.title,
                "nam_sinh": p.birth_year, "gioi_tinh": p.sex or None,
                "thon": p.thon.name if p.thon else None, "don_vi": p.unit.name if p.unit else None,
                "ky_nang_so": p.digital, "so_nam_lien_tuc": p.years_before}


@dataclass(slots=True)
class EntityResult:
    entity: Entity
    verdict: scoring.Verdict
    households: tuple[int, int | None] | None = None  # recognised GĐHT households, denominator

    def to_json(self, model: str) -> dict[str, Any]:
        e, v = self.entity, self.verdict
        data: dict[str, Any] = {"dong": e.row}
        if model == "gia_dinh":
            data.update(chu_ho=e.name, thon=e.thon.name if e.thon else None,
                        dong_ho=e.extra.get("clan_name") or None)
        elif model == "cong_dong":
            data.update(thon=e.name)
        else:
            data.update(ten=e.name)
            if model == "dong_ho":
                data.update(thon=e.thon.name if e.thon else None)
            if model == "don_vi":
                data.update(loai=e.extra.get("kind") or None)
        data.update(tong_diem=v.total, dat=v.recognised, ly_do=v.reason)
        if self.households is not None:
            data.update(so_ho_dat_gdht=self.households[0], so_ho=self.households[1])
        return data


@dataclass(frozen=True)
class Share:
    code: str
    recognised: int
    total: int
    target: float | None

    @property
    def ratio(self) -> float | None:
        return self.recognised / self.total if self.total else None

    @property
    def met(self) -> bool | None:
        r = self.ratio
        return None if r is None or self.target is None else r >= self.target

    @property
    def gap_points(self) -> float | None:
        """Ratio minus target in percentage points, rounded half-up to 2 decimals."""
        r = self.ratio
        return None if r is None or self.target is None else round_half_up((r - self.target) * 100, 2)

    def to_json(self) -> dict[str, Any]:
        return {"ma": self.code, "so_dat": self.recognised, "tong_so": self.total, "ty_le": self.ratio,
                "chi_tieu": self.target, "dat_chi_tieu": self.met, "chenh_lech_diem": self.gap_points}


@dataclass(slots=True)
class ThonSummary:
    thon: Thon
    households_recognised: int = 0
    clans_recognised: int = 0
    citizens_recognised: int = 0
    community: bool | None = None


@dataclass
class CommuneResult:
    info: Info
    rules: RuleSet
    thon: list[Thon]
    people: list[PersonResult]
    models: dict[str, list[EntityResult]]
    checklist: list[ChecklistRow]
    level: int
    targets: dict[str, dict[int, float | None]]
    shares: list[Share]
    by_thon: list[ThonSummary]
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "xa": self.info.xa, "nam": self.info.nam, "bo_tieu_chi": self.rules.label,
            "tinh": self.info.tinh, "ma": self.info.ma,
            "cong_dan": [p.to_json() for p in self.people],
            **{m: [e.to_json(m) for e in self.models[m]] for m in ("gia_dinh", "dong_ho", "cong_dong", "don_vi")},
            "cong_dong_cap_xa": {"muc_do": self.level,
                                 "so_chi_tieu": len(self.checklist),
                                 "dat_muc_1": sum(c.level1 for c in self.checklist),
                                 "dat_muc_2": sum(c.level2 for c in self.checklist)},
            "ty_le": [s.to_json() for s in self.shares],
            "phat_hien": [f.to_json() for f in self.findings],
        }


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def evaluate(grids: dict[str, Grid], rules: RuleSet, *, file: str | None = None,
             findings: list[Finding] | None = None) -> CommuneResult:
    """Read and compute a whole commune. ``findings`` are added first (from the file reader)."""
    r = Reader(rules, file)
    if findings:
        r.findings.extend(findings)
    grids, converted = legacy.convert_grids(grids, file)
    r.findings.extend(converted)
    info = read_info(r, grids)
    thon_list = read_thon(r, grids)
    thon = {t.key: t for t in thon_list}

    units = read_entities(r, grids, "don_vi", thon, _unit_check(r, grids))
    unit_index = {u.key: u for u in units}
    clans = read_entities(r, grids, "dong_ho", thon, _clan_check(r, thon))
    clan_index: dict[str, Entity] | None = {c.key: c for c in clans}
    if any(f.sheet == L.DONG_HO and f.code in ("thieu-sheet", "sai-tieu-de") for f in r.findings):
        clan_index = None  # the clan table was not read: one finding says so, not one per household
    households = read_entities(r, grids, "gia_dinh", thon, _household_check(r, thon, clan_index))
    communities = read_entities(r, grids, "cong_dong", thon, _community_check(r, thon))
    people = read_people(r, grids, thon, unit_index)
    checklist = read_checklist(r, grids)
    targets = read_targets(r, grids)

    # Gia đình học tập first: clans and thôn depend on how many households are recognised.
    hh_results = [EntityResult(h, scoring.criteria(h.scores.scores, rules.gia_dinh, invalid=h.scores.invalid))
                  for h in households]
    _warn_duplicate_households(r, hh_results)
    by_thon_hh: Counter[str] = Counter()
    by_clan_hh: Counter[str] = Counter()
    for h in hh_results:
        if h.verdict.recognised:
            if h.entity.thon is not None:
                by_thon_hh[h.entity.thon.key] += 1
            if h.entity.extra.get("clan_key"):
                by_clan_hh[h.entity.extra["clan_key"]] += 1

    clan_results = []
    for c in clans:
        got = (by_clan_hh[c.key], c.extra.get("households"))
        clan_results.append(EntityResult(
            c, scoring.criteria(c.scores.scores, rules.dong_ho, invalid=c.scores.invalid, households=got), got))
    community_results = []
    for c in communities:
        th = c.thon
        got = (by_thon_hh[th.key] if th else 0, th.households if th else None)
        community_results.append(EntityResult(
            c, scoring.criteria(c.scores.scores, rules.cong_dong, invalid=c.scores.invalid, households=got), got))
    unit_results = [EntityResult(u, scoring.criteria(u.scores.scores, rules.don_vi, invalid=u.scores.invalid))
                    for u in units]

    person_results = []
    for p in people:
        difficult = info.difficult or (p.thon is not None and p.thon.difficult)
        v = scoring.citizen(p.scores.scores, rules.cong_dan, difficult=difficult, invalid=p.scores.invalid)
        person_results.append(PersonResult(p, v, scoring.citizen_title(v.recognised, p.years_before,
                                                                        rules.cong_dan)))
    _warn_duplicate_people(r, person_results)

    level = scoring.commune_level([c.level1 for c in checklist], [c.level2 for c in checklist])
    models = {"gia_dinh": hh_results, "dong_ho": clan_results, "cong_dong": community_results,
              "don_vi": unit_results}
    shares = _shares(info, thon_list, person_results, models, targets)
    by_thon = _by_thon(r, thon_list, person_results, models, by_thon_hh)
    _check_denominators(r, shares, unit_results, person_results, clan_results)
    _warn_beyond_formulas(r, {"cong_dan": [p.row for p in people], "gia_dinh": [h.row for h in households],
                              "dong_ho": [c.row for c in clans], "cong_dong": [c.row for c in communities],
                              "don_vi": [u.row for u in units]})
    return CommuneResult(info, rules, thon_list, person_results, models, checklist, level, targets, shares,
                         by_thon, r.findings)


# --- row checks per model ----------------------------------------------------------------

def _unit_check(r: Reader, grids: dict[str, Grid]) -> Any:
    seen: dict[str, int] = {}
    name_h, _, staff_h = L.DON_VI_HEADERS

    def check(t: Table, row: int, values: list[Any]) -> dict[str, Any] | None:
        name = named(r, t, row, name_h, values[0], "tên đơn vị")
        if name is None or not unique(r, seen, t, row, name_h, name, "Đơn vị"):
            return None
        staff = r.count(t, row, staff_h, values[2], "mẫu số của tỷ lệ CBCCVC đạt công dân học tập")
        return {"name": name, "key": name_key(name), "kind": clean_text(values[1]), "staff": staff,
                "staff_cell": t.cell(row, staff_h)}
    return check


def _clan_check(r: Reader, thon: dict[str, Thon]) -> Any:
    seen: dict[str, int] = {}
    name_h, _, thon_h, hh_h = L.DONG_HO_HEADERS

    def check(t: Table, row: int, values: list[Any]) -> dict[str, Any] | None:
        name = named(r, t, row, name_h, values[0], "tên dòng họ")
        if name is None:
            return None
        ok, th = thon_of(r, t, row, thon_h, values[2], thon, required=False)
        if not ok or not unique(r, seen, t, row, name_h, name, "Dòng họ"):
            return None
        households = r.count(t, row, hh_h, values[3], "mẫu số của tỷ lệ hộ đạt gia đình học tập")
        return {"name": name, "key": name_key(name), "thon": th, "head": clean_text(values[1]),
                "households": households, "households_cell": t.cell(row, hh_h)}
    return check


def _household_check(r: Reader, thon: dict[str, Thon], clans: dict[str, Entity] | None) -> Any:
    name_h, thon_h, clan_h, _ = L.GIA_DINH_HEADERS

    def check(t: Table, row: int, values: list[Any]) -> dict[str, Any] | None:
        name = named(r, t, row, name_h, values[0], "họ tên chủ hộ")
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
                r.add("dong-ho-khong-co", f"Dòng họ \u201c{clan_text}\u201d không có trong sheet {L.DONG_HO}; hộ vẫn "
                      "được tính cho gia đình học tập.", t.sheet, t.cell(row, clan_h))
        return {"name": name, "key": name.casefold(), "thon": th, "clan_key": clan_key, "clan_name": clan_text,
                "cell": t.cell(row, name_h)}
    return check


def _community_check(r: Reader, thon: dict[str, Thon]) -> Any:
    seen: dict[str, int] = {}
    (thon_h,) = L.CONG_DONG_HEADERS

    def check(t: Table, row: int, values: list[Any]) -> dict[str, Any] | None:
        name = named(r, t, row, thon_h, values[0], "tên thôn/TDP")
        if name is None:
            return None
        ok, th = thon_of(r, t, row, thon_h, values[0], thon, required=True)
        if not ok or th is None or not unique(r, seen, t, row, thon_h, th.name, "Thôn"):
            return None
        return {"name": th.name, "key": th.key, "thon": th}
    return check


# --- duplicates, shares and denominators -----------------------------------------------------

def _warn_duplicate_people(r: Reader, people: list[PersonResult]) -> None:
    first: dict[tuple[str, int | None, str], int] = {}
    for pr in people:
        p = pr.person
        place = p.unit.key if p.unit else (p.thon.key if p.thon else "")
        key = (p.name.casefold(), p.birth_year, place)  # names are already clean
        if key in first:
            r.add("trung-nguoi", f"\u201c{p.name}\u201d ({p.birth_year or 'không rõ năm sinh'}) trùng với dòng "
                  f"{first[key]}; cả hai dòng đều được tính.", L.CONG_DAN, p.name_cell)
        else:
            first[key] = p.row


def _warn_duplicate_households(r: Reader, households: list[EntityResult]) -> None:
    first: dict[tuple[str, str], int] = {}
    for h in households:
        e = h.entity
        key = (e.key, e.thon.key if e.thon else "")
        if key in first:
            r.add("trung-ho", f"Hộ \u201c{e.name}\u201d trùng với dòng {first[key]}; cả hai dòng đều được tính.",
                  L.GIA_DINH, e.extra["cell"])
        else:
            first[key] = e.row


def _warn_beyond_formulas(r: Reader, rows: dict[str, list[int]]) -> None:
    """Rows typed or pasted below the template's result formulas are read and counted here, but
    Excel shows no result for them: say so once per table."""
    for key, numbers in rows.items():
        spec = L.TABLES[key]
        last = L.HEADER_ROW + spec.rows
        beyond = [n for n in numbers if n > last]
        if beyond:
            n, first, cap = (format_number(x) for x in (len(beyond), min(beyond), spec.rows))
            r.add("ngoai-vung-cong-thuc", f"{n} dòng (từ dòng {first}) nằm dưới vùng có công thức kết quả ({cap} "
                  f"dòng) của sheet {spec.sheet}: hoctap-xl vẫn tính, nhưng Excel không hiện kết quả cho các dòng "
                  "này.", spec.sheet, f"A{min(beyond)}")


def _sum(values: list[int | None]) -> int:
    return sum(v for v in values if v is not None)


def _shares(info: Info, thon: list[Thon], people: list[PersonResult], models: dict[str, list[EntityResult]],
            targets: dict[str, dict[int, float | None]]) -> list[Share]:
    recognised = [p for p in people if p.verdict.recognised]

    def count(model: str) -> int:
        return sum(1 for e in models[model] if e.verdict.recognised)

    staff = [e.entity.extra.get("staff") for e in models["don_vi"]]
    parts = {
        "GIA_DINH": (count("gia_dinh"), _sum([t.households for t in thon])),
        "DONG_HO": (count("dong_ho"), _sum([t.clans for t in thon])),
        "CONG_DONG": (count("cong_dong"), len(thon)),
        "DON_VI": (count("don_vi"), len(models["don_vi"])),
        "CONG_DAN_CONG_DONG": (sum(1 for p in recognised if p.person.unit is None), _sum([t.workers for t in thon])),
        "CONG_DAN_DON_VI": (sum(1 for p in recognised if p.person.unit is not None), _sum(staff)),
        "KY_NANG_SO": (sum(1 for p in recognised if p.person.digital), len(recognised)),
    }
    year = info.nam
    out = []
    for code in L.SHARE_CODES:
        got, of = parts[code]
        target = resolve(targets.get(code, {}), year) if year is not None else None
        out.append(Share(code, got, of, target))
    return out


def _by_thon(r: Reader, thon: list[Thon], people: list[PersonResult], models: dict[str, list[EntityResult]],
             households: Counter[str]) -> list[ThonSummary]:
    rows = {t.key: ThonSummary(t, households_recognised=households[t.key]) for t in thon}
    for c in models["dong_ho"]:
        if c.verdict.recognised and c.entity.thon is not None:
            rows[c.entity.thon.key].clans_recognised += 1
    for p in people:
        if p.verdict.recognised and p.person.unit is None and p.person.thon is not None:
            rows[p.person.thon.key].citizens_recognised += 1
    for c in models["cong_dong"]:
        if c.entity.thon is not None:
            rows[c.entity.thon.key].community = c.verdict.recognised
    for s in rows.values():
        t = s.thon
        for got, of, cell_head, what in (
                (s.households_recognised, t.households, L.THON_HEADERS[1], "hộ đạt Gia đình học tập"),
                (s.citizens_recognised, t.workers, L.THON_HEADERS[3], "người đạt Công dân học tập")):
            if of is not None and got > of:
                r.add("vuot-mau-so", f"Thôn \u201c{t.name}\u201d có {got} {what}, nhiều hơn {cell_head.lower()} "
                      f"({of}).", L.THON, t.cells[cell_head])
    return list(rows.values())


def _check_denominators(r: Reader, shares: list[Share], units: list[EntityResult], people: list[PersonResult],
                        clans: list[EntityResult]) -> None:
    per_unit: Counter[str] = Counter(p.person.unit.key for p in people
                                     if p.verdict.recognised and p.person.unit is not None)
    for u in units:
        staff = u.entity.extra.get("staff")
        got = per_unit[u.entity.key]
        if staff is not None and got > staff:
            r.add("vuot-mau-so", f"Đơn vị \u201c{u.entity.name}\u201d có {got} người đạt Công dân học tập, nhiều hơn "
                  f"số CBCCVC, người lao động ({staff}).", L.DON_VI, u.entity.extra["staff_cell"])
    for c in clans:
        if c.households is not None and c.households[1] is not None and c.households[0] > c.households[1]:
            r.add("vuot-mau-so", f"Dòng họ \u201c{c.entity.name}\u201d có {c.households[0]} hộ đạt Gia đình học tập, "
                  f"nhiều hơn số hộ trong dòng họ ({c.households[1]}).", L.DONG_HO, c.entity.extra["households_cell"])
    for s in shares:
        if s.total and s.recognised > s.total:
            r.add("vuot-mau-so", f"{L.SHARE_LABELS[s.code]}: {s.recognised} được công nhận, nhiều hơn tổng số "
                  f"{s.total}; tỷ lệ vẫn tính như số liệu đã nhập.", L.TONG_HOP, None)


def grids_from_records(info: dict[str, Any], tables: dict[str, list[dict[str, Any]]], rules: RuleSet,
                       targets: dict[str, dict[int, float | None]] | None = None) -> dict[str, Grid]:
    """The sheets of a commune as the template lays them out, built from dict rows (no file):
    for samples, benchmarks and tests."""
    info_rows: list[list[Any]] = [[L.THONG_TIN], []] + [[label, info.get(label)] for label in L.INFO_LABELS]
    grids = {L.THONG_TIN: Grid(L.THONG_TIN, info_rows)}
    for key, spec in L.TABLES.items():
        if key == "chi_tieu":
            continue
        n = len(rules.criteria(key).tieu_chi) if key in L.MODEL_SHEETS else 0
        grids[spec.sheet] = from_records(spec.sheet, L.headers_for(key, n), tables.get(key, []),
                                         header_row=L.HEADER_ROW)
    years = sorted({y for by_year in (targets or {}).values() for y in by_year})
    target_rows: list[list[Any]] = [[L.CHI_TIEU], [], [*L.CHI_TIEU_HEADERS, *years]]
    for code in L.SHARE_CODES:
        target_rows.append([code, L.SHARE_LABELS[code], *[(targets or {}).get(code, {}).get(y) for y in years]])
    grids[L.CHI_TIEU] = Grid(L.CHI_TIEU, target_rows)
    return grids
