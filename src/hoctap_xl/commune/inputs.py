"""From located tables to typed input rows, with a finding for every cell that cannot be read.

Nothing here knows about files: a :class:`~hoctap_xl.sheets.grid.Grid` comes from calamine, openpyxl
or an Excel range alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.findings import Finding
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.rules.targets import parse_target
from hoctap_xl.sheets.grid import Grid, Table, cell_ref, locate
from hoctap_xl.text.values import (
    ValueProblem,
    clean_text,
    format_number,
    is_blank,
    name_key,
    parse_date,
    parse_int,
    parse_number,
    parse_year,
    parse_yes_no,
)


@dataclass
class Info:
    """``Thông tin chung``: every label's raw value and cell, plus the parsed essentials."""

    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    xa: str = ""
    tinh: str = ""
    ma: str = ""
    nam: int | None = None
    difficult: bool = False
    ngay: dt.date | None = None

    def text(self, label: str) -> str:
        return clean_text(self.values.get(label))


@dataclass(slots=True)
class ScoreCells:
    """A row's score cells after reading: valid integers, None where blank or invalid."""

    scores: Sequence[int | None]
    all_blank: bool
    invalid: str  # reason the row cannot be recognised because of a score ("" when none)


class Reader:
    """Collects findings while reading one workbook's tables."""

    def __init__(self, rules: RuleSet, file: str | None = None) -> None:
        self.rules = rules
        self.file = file
        self.findings: list[Finding] = []
        self.thon_memo: dict[Any, Any] = {}  # raw cell text → Thôn (names repeat on thousands of rows)

    # -- findings ----------------------------------------------------------------------
    def add(self, code: str, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.findings.append(Finding(code, message, sheet, cell, self.file))

    def table(self, grids: dict[str, Grid], sheet: str, headers: Sequence[str],
              optional: Sequence[str] = ()) -> Table | None:
        grid = grids.get(sheet)
        if grid is None:
            self.add("thieu-sheet", f"Không có sheet \u201c{sheet}\u201d (bị đổi tên hoặc xóa); "
                     "bảng này không được đọc.", sheet, None)
            return None
        found = locate(grid, headers, optional=optional)
        if isinstance(found, Finding):
            self.findings.append(Finding(found.code, found.message, found.sheet, found.cell, self.file))
            return None
        return found

    # -- cells --------------------------------------------------------------------------
    def scores(self, t: Table, row: int, heads: Sequence[str], values: list[Any],
               bounds: Sequence[tuple[int, int]]) -> ScoreCells:
        # Fast path: every score already a whole number in range (the usual filled row).
        try:
            ints = [int(v) for v in values]
        except (TypeError, ValueError):
            pass
        else:  # int("8") works but "8" != 8, and 7.5 != 7: those go the careful way below
            if ints == values and all(lo <= s <= hi for s, (lo, hi) in zip(ints, bounds, strict=True)) and \
                    bool not in map(type, values):
                return ScoreCells(ints, False, "")
        blank = [is_blank(v) for v in values]
        if all(blank):
            return ScoreCells([None] * len(values), True, "")
        out: list[int | None] = []
        bad: list[str] = []
        for head, v, (lo, hi), empty in zip(heads, values, bounds, blank, strict=True):
            if empty:
                self.add("diem-trong", f"{head} đang để trống trong khi các điểm khác đã nhập.", t.sheet,
                         t.cell(row, head))
                out.append(None)
                bad.append(f"thiếu {head.lower()}")
                continue
            try:
                number = parse_number(v)
            except ValueProblem as exc:
                self.add("diem-khong-phai-so", f"{head}: {exc}.", t.sheet, t.cell(row, head))
                out.append(None)
                bad.append(f"{head.lower()} không phải số")
                continue
            if not number.is_integer():
                shown = format_number(number, 2).rstrip("0").rstrip(",")
                self.add("diem-khong-nguyen", f"{head} = {shown} không phải số nguyên.", t.sheet,
                         t.cell(row, head))
                out.append(None)
                bad.append(f"{head.lower()} không phải số nguyên")
                continue
            score = int(number)
            if not lo <= score <= hi:
                self.add("diem-ngoai-khoang", f"{head} = {score} ngoài khoảng {lo}–{hi}.", t.sheet,
                         t.cell(row, head))
                out.append(None)
                bad.append(f"{head.lower()} ngoài khoảng {lo}–{hi}")
                continue
            out.append(score)
        return ScoreCells(out, False, ("Điểm không hợp lệ: " + ", ".join(bad)) if bad else "")

    def yes_no(self, t: Table, row: int, head: str, value: Any) -> bool:
        try:
            return parse_yes_no(value)
        except ValueProblem as exc:
            self.add("co-khong-khong-hop-le", f"{head}: {exc}; tính như Không.", t.sheet, t.cell(row, head))
            return False

    def count(self, t: Table, row: int, head: str, value: Any, what: str) -> int | None:
        """A denominator: a non-negative integer (``1.385`` typed as text is 1385)."""
        where = t.cell(row, head)
        if is_blank(value):
            self.add("mau-so-khong-hop-le", f"{head} ({what}) đang để trống.", t.sheet, where)
            return None
        try:
            n = parse_int(value, thousands=True)
        except ValueProblem as exc:
            self.add("mau-so-khong-hop-le", f"{head} ({what}): {exc}.", t.sheet, where)
            return None
        if n < 0:
            self.add("mau-so-khong-hop-le", f"{head} ({what}) là số âm ({n}).", t.sheet, where)
            return None
        return n


# --- the tables ------------------------------------------------------------------------------

def read_info(r: Reader, grids: dict[str, Grid]) -> Info:
    info = Info()
    grid = grids.get(L.THONG_TIN)
    if grid is None:
        r.add("thieu-sheet", f"Không có sheet \u201c{L.THONG_TIN}\u201d (bị đổi tên hoặc xóa).", L.THONG_TIN, None)
        return info
    wanted = set(L.INFO_LABELS)
    for i, row in enumerate(grid.rows):
        if not row:
            continue
        label = clean_text(row[0])
        if label in wanted and label not in info.values:
            info.values[label] = row[1] if len(row) > 1 else None
            info.cells[label] = cell_ref(grid.row0 + i, grid.col0 + 1)
    for label in L.INFO_LABELS:
        if label not in info.values:
            r.add("thieu-thong-tin", f"Không thấy nhãn \u201c{label}\u201d ở cột A.", L.THONG_TIN, None)
    info.xa = info.text(L.L_XA)
    info.tinh = info.text(L.L_TINH)
    info.ma = _code_text(info.values.get(L.L_MA))
    if not info.xa and L.L_XA in info.values:
        r.add("thieu-thong-tin", "Chưa ghi tên xã/phường/thị trấn.", L.THONG_TIN, info.cells[L.L_XA])
    if L.L_NAM in info.values:
        raw = info.values[L.L_NAM]
        if is_blank(raw):
            r.add("thieu-thong-tin", "Chưa ghi năm đánh giá.", L.THONG_TIN, info.cells[L.L_NAM])
        else:
            try:
                info.nam = parse_year(raw)
            except ValueProblem as exc:
                r.add("thong-tin-khong-hop-le", f"Năm đánh giá: {exc}.", L.THONG_TIN, info.cells[L.L_NAM])
    if L.L_VUNG_KK in info.values:
        try:
            info.difficult = parse_yes_no(info.values[L.L_VUNG_KK])
        except ValueProblem as exc:
            r.add("co-khong-khong-hop-le", f"Vùng khó khăn: {exc}; tính như Không.", L.THONG_TIN,
                  info.cells[L.L_VUNG_KK])
    raw_date = info.values.get(L.L_NGAY)
    if not is_blank(raw_date):
        try:
            info.ngay = parse_date(raw_date)
        except ValueProblem as exc:
            r.add("thong-tin-khong-hop-le", f"Ngày ban hành: {exc}.", L.THONG_TIN, info.cells[L.L_NGAY])
    return info


def _code_text(value: Any) -> str:
    """An administrative code keeps its leading zeros; a number cell 5999 stays ``5999``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


@dataclass(slots=True)
class Thon:
    row: int
    name: str
    key: str
    households: int | None
    clans: int | None
    workers: int | None
    difficult: bool
    cells: dict[str, str]


def read_thon(r: Reader, grids: dict[str, Grid]) -> list[Thon]:
    t = r.table(grids, L.THON, L.THON_HEADERS)
    if t is None:
        return []
    out: list[Thon] = []
    seen: dict[str, int] = {}
    name_h, hh_h, cl_h, wk_h, dk_h = L.THON_HEADERS
    for row, (name, hh, cl, wk, dk) in t.records(L.THON_HEADERS):
        text = clean_text(name)
        if not text:
            r.add("thieu-ten", "Dòng có số liệu nhưng chưa ghi tên thôn/TDP; dòng bị loại.", t.sheet,
                  t.cell(row, name_h))
            continue
        key = name_key(text)
        if key in seen:
            r.add("trung-ten", f"Thôn \u201c{text}\u201d đã có ở dòng {seen[key]}; dòng này bị loại.", t.sheet,
                  t.cell(row, name_h))
            continue
        seen[key] = row
        out.append(Thon(
            row, text, key,
            r.count(t, row, hh_h, hh, "mẫu số của tỷ lệ gia đình học tập"),
            r.count(t, row, cl_h, cl, "mẫu số của tỷ lệ dòng họ học tập"),
            r.count(t, row, wk_h, wk, "mẫu số của tỷ lệ công dân học tập"),
            r.yes_no(t, row, dk_h, dk),
            {h: t.cell(row, h) for h in (hh_h, cl_h, wk_h)},
        ))
    if not out:
        r.add("chua-co-thon", "Chưa có thôn/TDP nào trong sheet; các tỷ lệ chưa tính được.", L.THON, None)
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


def read_entities(r: Reader, grids: dict[str, Grid], model: str, thon: dict[str, Thon],
                  check: Callable[[Table, int, list[Any]], dict[str, Any] | None]) -> list[Entity]:
    """Read one criteria table; ``check`` reads the model's own columns and returns its extra
    values, or None when it has rejected the row (after adding a finding)."""
    crit = r.rules.criteria(model)
    n = len(crit.tieu_chi)
    heads = L.headers_for(model, n)
    t = r.table(grids, L.MODEL_SHEETS[model], heads)
    if t is None:
        return []
    fixed = len(L.MODEL_FIXED_HEADERS[model])
    score_heads = list(heads[fixed:])
    bounds = [(0, c.diem_toi_da) for c in crit.tieu_chi]
    out: list[Entity] = []
    for row, values in t.records(heads):
        extra = check(t, row, values)
        if extra is None:
            continue
        sc = r.scores(t, row, score_heads, values[fixed:], bounds)
        if sc.all_blank:
            r.add("chua-danh-gia", f"\u201c{extra['name']}\u201d đã đăng ký nhưng chưa chấm điểm.", t.sheet,
                  t.cell(row, score_heads[0]))
        out.append(Entity(row, extra.pop("name"), extra.pop("key"), extra.pop("thon", None), sc, extra))
    return out


def thon_of(r: Reader, t: Table, row: int, head: str, value: Any, thon: dict[str, Thon],
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
            r.add("thieu-thon", "Chưa ghi Thôn/TDP; dòng bị loại.", t.sheet, t.cell(row, head))
            return False, None
        return True, None
    found = thon.get(name_key(text))
    if found is None:
        r.add("thon-khong-co", f"Thôn/TDP \u201c{text}\u201d không có trong sheet {L.THON}; dòng bị loại.", t.sheet,
              t.cell(row, head))
        return False, None
    if value is not None:
        r.thon_memo[value] = found
    return True, found


def named(r: Reader, t: Table, row: int, head: str, value: Any, what: str) -> str | None:
    text = clean_text(value)
    if not text:
        r.add("thieu-ten", f"Dòng có dữ liệu nhưng chưa ghi {what}; dòng bị loại.", t.sheet, t.cell(row, head))
        return None
    return text


def unique(r: Reader, seen: dict[str, int], t: Table, row: int, head: str, name: str, what: str) -> bool:
    key = name_key(name)
    if key in seen:
        r.add("trung-ten", f"{what} \u201c{name}\u201d đã có ở dòng {seen[key]}; dòng này bị loại.", t.sheet,
              t.cell(row, head))
        return False
    seen[key] = row
    return True


@dataclass(slots=True)
class Person:
    row: int
    name: str
    birth_year: int | None
    sex: str
    thon: Thon | None
    unit: Entity | None
    group: int | None
    scores: ScoreCells
    digital: bool
    years_before: int
    name_cell: str


def read_people(r: Reader, grids: dict[str, Grid], thon: dict[str, Thon],
                units: dict[str, Entity]) -> list[Person]:
    """``Công dân học tập``. A row whose cells are already clean takes a quick path; any other
    row takes the careful path, which reads every cell as typed and reports what it cannot."""
    rules = r.rules.cong_dan
    t = r.table(grids, L.CONG_DAN, L.CONG_DAN_HEADERS)
    if t is None:
        return []
    n = rules.so_chi_so
    name_letter = t.letters[L.CONG_DAN_HEADERS[0]]
    groups = set(rules.nhom)
    lo, hi = rules.diem_toi_thieu, rules.diem_toi_da
    seen_yes_no = _yes_no_memo()
    thon_memo = r.thon_memo
    unit_memo = {u.name: u for u in units.values()}  # exact names; other spellings go the careful way
    out: list[Person] = []
    for row, values in t.records(L.CONG_DAN_HEADERS):
        name, birth, sex, thon_v, unit_v, group_v = values[:6]
        scores, digital_v, years_v = values[6:6 + n], values[-2], values[-1]
        # -- quick path: no finding possible, same result as the careful path ------------------
        th = thon_memo.get(thon_v) if type(thon_v) is str else None
        unit = unit_memo.get(unit_v) if type(unit_v) is str else None
        placed = (unit is not None and (thon_v is None or th is not None)) if unit_v is not None else th is not None
        if (placed and type(name) is str and _whole(group_v) and group_v in groups
                and (birth is None or (_whole(birth) and 1900 <= birth <= 2100))
                and (years_v is None or (_whole(years_v) and years_v >= 0))
                and (digital_v is None or (type(digital_v) is str and digital_v in seen_yes_no))):
            try:
                ints = [int(v) for v in scores]
            except (TypeError, ValueError):
                ints = []
            if ints and ints == scores and lo <= min(ints) and max(ints) <= hi and bool not in map(type, scores):
                text = clean_text(name)
                if text:
                    out.append(Person(row, text, None if birth is None else int(birth),
                                      "" if sex is None else clean_text(sex), th, unit, int(group_v),
                                      ScoreCells(ints, False, ""),
                                      False if digital_v is None else seen_yes_no[digital_v],
                                      0 if years_v is None else int(years_v), f"{name_letter}{row}"))
                    continue
        person = _careful_person(r, t, row, values, thon, units)
        if person is not None:
            out.append(person)
    return out


def _whole(value: Any) -> bool:
    return (type(value) is int) or (type(value) is float and value.is_integer())


def _yes_no_memo() -> dict[str, bool]:
    from hoctap_xl.text.values import _YES_NO_SEEN

    for word in ("Có", "Không", "có", "không", "x", "X"):
        parse_yes_no(word)
    return _YES_NO_SEEN


def _careful_person(r: Reader, t: Table, row: int, values: list[Any], thon: dict[str, Thon],
                    units: dict[str, Entity]) -> Person | None:
    rules = r.rules.cong_dan
    name_h, year_h, _, thon_h, unit_h, group_h = L.CONG_DAN_HEADERS[:6]
    digital_h, years_h = L.CONG_DAN_HEADERS[-2:]
    score_heads = list(L.CHI_SO[: rules.so_chi_so])
    bounds = [(rules.diem_toi_thieu, rules.diem_toi_da)] * len(score_heads)
    name, birth, sex, thon_v, unit_v, group_v = values[:6]
    text = named(r, t, row, name_h, name, "họ và tên")
    if text is None:
        return None
    ok, th = thon_of(r, t, row, thon_h, thon_v, thon, required=False)
    if not ok:
        return None
    unit_text = clean_text(unit_v)
    unit = None
    if unit_text:
        unit = units.get(name_key(unit_text))
        if unit is None:
            r.add("don-vi-khong-co", f"Đơn vị công tác \u201c{unit_text}\u201d không có trong sheet {L.DON_VI}; "
                  "dòng bị loại.", t.sheet, t.cell(row, unit_h))
            return None
    elif th is None:
        r.add("thieu-thon", "Chưa ghi Thôn/TDP hay Đơn vị công tác; dòng bị loại.", t.sheet, t.cell(row, thon_h))
        return None
    invalid = ""
    group: int | None = None
    try:
        group = parse_int(group_v)
        if group not in rules.nhom:
            raise ValueProblem(f"{group}")
    except ValueProblem:
        group = None
        shown = clean_text(group_v) or "trống"
        r.add("nhom-khong-hop-le", f"Nhóm \u201c{shown}\u201d không phải 1, 2 hoặc 3.", t.sheet,
              t.cell(row, group_h))
        invalid = "Nhóm không hợp lệ"
    birth_year: int | None = None
    if not is_blank(birth):
        try:
            birth_year = parse_year(birth)
            if not 1900 <= birth_year <= 2100:
                raise ValueProblem(str(birth_year))
        except ValueProblem:
            birth_year = None
            r.add("nam-sinh-khong-hop-le", f"Năm sinh \u201c{clean_text(birth)}\u201d không hợp lệ.", t.sheet,
                  t.cell(row, year_h))
    sc = r.scores(t, row, score_heads, values[6:6 + len(score_heads)], bounds)
    if sc.all_blank:
        r.add("chua-danh-gia", f"\u201c{text}\u201d đã đăng ký nhưng chưa chấm điểm.", t.sheet,
              t.cell(row, score_heads[0]))
    elif invalid:
        sc = ScoreCells(sc.scores, False, "; ".join(x for x in (invalid, sc.invalid) if x))
    digital = r.yes_no(t, row, digital_h, values[-2])
    years_before = 0
    if not is_blank(values[-1]):
        try:
            years_before = parse_int(values[-1])
            if years_before < 0:
                raise ValueProblem(str(years_before))
        except ValueProblem:
            years_before = 0
            r.add("so-nam-khong-hop-le", f"Số năm liên tục đã đạt \u201c{clean_text(values[-1])}\u201d không "
                  "hợp lệ; tính như 0.", t.sheet, t.cell(row, years_h))
    return Person(row, text, birth_year, clean_text(sex), th, unit, group, sc, digital, years_before,
                  t.cell(row, name_h))


@dataclass(slots=True)
class ChecklistRow:
    row: int
    code: str
    text: str
    level1: bool
    level2: bool


def read_checklist(r: Reader, grids: dict[str, Grid]) -> list[ChecklistRow]:
    t = r.table(grids, L.CAP_XA, L.CAP_XA_HEADERS)
    if t is None:
        return []
    _, _, l1_h, l2_h, _ = L.CAP_XA_HEADERS
    out = []
    for row, (code, text, l1, l2, _evidence) in t.records(L.CAP_XA_HEADERS):
        out.append(ChecklistRow(row, clean_text(code), clean_text(text), r.yes_no(t, row, l1_h, l1),
                                r.yes_no(t, row, l2_h, l2)))
    return out


def read_targets(r: Reader, grids: dict[str, Grid]) -> dict[str, dict[int, float | None]]:
    """``Chỉ tiêu``: share code → {year: target}; year columns are headed by the year."""
    grid = grids.get(L.CHI_TIEU)
    t = r.table(grids, L.CHI_TIEU, L.CHI_TIEU_HEADERS)
    if t is None or grid is None:
        return {}
    header = grid.rows[t.header_row - grid.row0]
    years: list[tuple[int, int]] = []  # (year, column index in grid row)
    for j, v in enumerate(header):
        try:
            y = parse_year(v)
        except ValueProblem:
            continue
        if 1990 <= y <= 2100:
            years.append((y, j))
    code_col = t.columns[L.CHI_TIEU_HEADERS[0]] - grid.col0
    out: dict[str, dict[int, float | None]] = {}
    for i in range(t.header_row - grid.row0 + 1, len(grid.rows)):
        row = grid.rows[i]
        code = clean_text(row[code_col]).upper() if code_col < len(row) else ""
        if not code:
            continue
        row_no = grid.row0 + i
        if code not in L.SHARE_CODES:
            r.add("ma-chi-tieu-la", f"Mã \u201c{code}\u201d không phải mã chỉ tiêu; dòng bị bỏ qua.", t.sheet,
                  cell_ref(row_no, grid.col0 + code_col))
            continue
        values: dict[int, float | None] = {}
        for y, j in years:
            raw = row[j] if j < len(row) else None
            try:
                values[y] = parse_target(raw)
            except ValueProblem as exc:
                r.add("chi-tieu-khong-hop-le", f"{code} năm {y}: {exc}.", t.sheet, cell_ref(row_no, grid.col0 + j))
                values[y] = None
        out[code] = values
    return out

