"""Importing a list a commune already keeps (``hoctap-xl import``).

Communes have their people, households, clans, thôn and units in Excel or CSV files of their own
making: any column order, a merged title above the header, headers written ``Họ và tên``,
``Họ tên``, ``HỌ TÊN`` or ``Ho va ten``, text typed years ago with a ``.VnTime`` font. This module
finds the header row, matches each column to a table header *by meaning* (the header without
diacritics, case or punctuation, against a list of the names officials use), reads legacy-encoded
text as Unicode (:mod:`hoctap_xl.text.legacy`), and plans the rows to add: a row already in the
workbook (or twice in the file) and a thôn the workbook does not have are findings.

The core of the product: no Excel, no Word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.carry.content import Content, Row
from hoctap_xl.findings import Finding, finding
from hoctap_xl.sheets.geometry import table_inputs
from hoctap_xl.sheets.grid import cell_ref
from hoctap_xl.text import legacy
from hoctap_xl.text.ascii import ascii_fold
from hoctap_xl.text.values import clean_text, is_blank, name_key

HEADER_SCAN = 20

_THON_NAMES = ("thon", "thon tdp", "thon to dan pho", "to dan pho", "tdp", "thon ban", "ban", "ap", "khom", "xom",
               "thon xom", "thon ban to dan pho", "ten thon", "thuoc thon", "noi o thon")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Họ và tên": ("ho va ten", "ho ten", "hoten", "ten", "ho va ten cong dan", "ho ten cong dan", "ten cong dan",
                  "ho va ten nguoi dang ky", "ho ten nguoi dang ky"),
    "Năm sinh": ("nam sinh", "ngay sinh", "ngay thang nam sinh", "ns", "sinh nam"),
    "Giới tính": ("gioi tinh", "gioi", "nam nu", "phai"),
    "Thôn/TDP": _THON_NAMES,
    "Đơn vị công tác": ("don vi cong tac", "noi cong tac", "co quan cong tac", "co quan don vi", "don vi"),
    "Nhóm": ("nhom", "nhom doi tuong", "doi tuong"),
    "Kỹ năng số": ("ky nang so", "kns", "co ky nang so"),
    "Số năm liên tục đã đạt": ("so nam lien tuc da dat", "so nam lien tuc", "so nam dat lien tuc", "so nam da dat"),
    "Họ tên chủ hộ": ("ho ten chu ho", "ho va ten chu ho", "chu ho", "ten chu ho", "ho gia dinh", "ten ho gia dinh"),
    "Dòng họ": ("dong ho", "ho toc", "thuoc dong ho"),
    "Số thành viên": ("so thanh vien", "so nhan khau", "nhan khau", "so khau", "so nguoi trong ho"),
    "Tên thôn/TDP": ("ten thon tdp", "ten thon", "ten to dan pho", *_THON_NAMES),
    "Tổng số hộ": ("tong so ho", "so ho", "tong ho", "so ho gia dinh"),
    "Tổng số dòng họ": ("tong so dong ho", "so dong ho"),
    "Số người lao động": ("so nguoi lao dong", "so lao dong", "lao dong", "nguoi lao dong"),
    "Vùng khó khăn": ("vung kho khan", "kho khan", "vung dac biet kho khan"),
    "Tên dòng họ": ("ten dong ho", "dong ho", "ho", "ten ho"),
    "Trưởng họ": ("truong ho", "truong toc", "toc truong", "ho ten truong ho"),
    "Số hộ trong dòng họ": ("so ho trong dong ho", "so ho", "so ho cua dong ho"),
    "Tên đơn vị": ("ten don vi", "don vi", "ten co quan", "co quan", "co quan don vi", "ten co quan don vi"),
    "Loại đơn vị": ("loai don vi", "loai", "loai hinh"),
    "Số CBCCVC, người lao động": ("so cbccvc nguoi lao dong", "so cbccvc", "so can bo", "so nguoi lao dong",
                                  "so cb ccvc nld", "tong so cbccvc nguoi lao dong"),
    L.GIOI_TINH_CHU_HO: ("gioi tinh chu ho", "gioi tinh", "gioi", "nam nu", "phai", "gioi tinh cua chu ho",
                         "chu ho nam nu"),
    L.CAP_QUAN_LY: ("cap quan ly", "cap", "cap chu quan", "co quan quan ly", "co quan chu quan", "don vi chu quan",
                    "truc thuoc", "thuoc cap", "cap truc thuoc", "don vi quan ly", "cap quan ly don vi"),
}
_NAME_HINTS: dict[str, tuple[str, ...]] = {
    "Họ và tên": ("Họ tên", "Tên công dân", "Ho va ten"),
    "Họ tên chủ hộ": ("Chủ hộ", "Tên chủ hộ", "Họ và tên chủ hộ"),
    "Tên dòng họ": ("Dòng họ", "Tên họ"),
    "Tên thôn/TDP": ("Tên thôn", "Thôn", "Tổ dân phố", "Bản", "Ấp"),
    "Thôn/TDP": ("Thôn", "Tổ dân phố", "Bản", "Ấp"),
    "Tên đơn vị": ("Đơn vị", "Tên cơ quan", "Cơ quan"),
}
"""Other headers each table's name column is recognised by, as a refusal names them."""
_IGNORED = {"stt", "tt", "so tt", "so thu tu", "ghi chu"}
_NUMBERED = re.compile(r"^(chi so|cs|tieu chi|tc)\s*(\d{1,2})$")

_TABLE_NAMES = {**{L.TABLES[k].sheet: k for k in ("thon", "cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi")},
                "thon": "thon", "cong-dan": "cong_dan", "gia-dinh": "gia_dinh", "dong-ho": "dong_ho",
                "cong-dong": "cong_dong", "don-vi": "don_vi"}
_NAME_HEADER = {"thon": "Tên thôn/TDP", "cong_dan": "Họ và tên", "gia_dinh": "Họ tên chủ hộ",
                "dong_ho": "Tên dòng họ", "cong_dong": "Thôn/TDP", "don_vi": "Tên đơn vị"}


def normalise(text: Any) -> str:
    """``Họ và tên:`` → ``ho va ten``: no diacritics, no case, punctuation as spaces."""
    folded = ascii_fold(clean_text(text)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def header_key(text: Any) -> str:
    """The key a header given with ``--cot`` is compared by: :func:`normalise`, or — for a header
    with no Latin letter or digit (``№``, ``—``, ``Имя``) — the header itself without case."""
    return normalise(text) or name_key(text)


def table_key(name: str) -> str | None:
    """``--bang``: a sheet name (``Công dân học tập``) or a short key (``cong-dan``)."""
    text = clean_text(name)
    if text in _TABLE_NAMES:
        return _TABLE_NAMES[text]
    for sheet, key in _TABLE_NAMES.items():
        if normalise(sheet) == normalise(text) or normalise(key) == normalise(text):
            return key
    return None


def match(header: Any, wanted: Sequence[str]) -> str | None:
    """The table header a file's column header means, if any."""
    norm = normalise(header)
    if not norm:
        return None
    for head in wanted:
        if norm == normalise(head):
            return head
    numbered = _NUMBERED.match(norm)
    if numbered:
        kind = "Chỉ số" if numbered.group(1) in ("chi so", "cs") else "Tiêu chí"
        head = f"{kind} {int(numbered.group(2))}"
        return head if head in wanted else None
    for head in wanted:
        if norm in SYNONYMS.get(head, ()):
            return head
    return None


@dataclass
class Mapping:
    """Where a file's header row is and which of its columns means which table header."""

    header_row: int                       # 1-based row of the file's header
    columns: dict[str, int]               # table header → 0-based column in the file
    texts: list[str]                      # the file's header row, as read (Unicode)
    unmatched: list[tuple[int, str]]      # (0-based column, header text) not imported
    ignored: list[str]                    # STT, Ghi chú…


def forced_columns(row: Sequence[Any], forced: dict[str, str]) -> dict[str, int]:
    """Where each ``--cot`` header is in a row: the cell whose text is the same (case aside), else
    the first with the same :func:`header_key`."""
    out: dict[str, int] = {}
    for head, text in forced.items():
        want, key = name_key(text), header_key(text)
        same = [j for j, c in enumerate(row) if want and name_key(c) == want]
        alike = same or [j for j, c in enumerate(row) if key and header_key(c) == key]
        if alike:
            out[head] = alike[0]
    return out


def find_mapping(rows: Sequence[Sequence[Any]], wanted: Sequence[str],
                 forced: dict[str, str] | None = None) -> Mapping | None:
    """The header row (the one, among the first 20, with the most ``--cot`` headers, then the most
    cells matching table headers) and each column's meaning. ``forced``: table header → the file's
    header text (``--cot``), which wins over matching by meaning."""
    forced = forced or {}
    best: tuple[int, tuple[int, int], dict[str, int]] | None = None
    for i, row in enumerate(rows[:HEADER_SCAN]):
        columns = forced_columns(row, forced)
        score_forced = len(columns)
        taken = set(columns.values())
        for j, cell in enumerate(row):
            head = None if j in taken else match(cell, wanted)
            if head is not None and head not in columns:
                columns[head] = j
        if columns and (best is None or (score_forced, len(columns)) > best[1]):
            best = (i, (score_forced, len(columns)), columns)
    if best is None:
        return None
    i, _, columns = best
    used = set(columns.values())
    unmatched, ignored = [], []
    for j, cell in enumerate(rows[i]):
        text = clean_text(cell)
        if not text or j in used:
            continue
        if normalise(text) in _IGNORED or text in columns:
            ignored.append(text)
        else:
            unmatched.append((j, text))
    return Mapping(i + 1, columns, [clean_text(c) for c in rows[i]], unmatched, ignored)


@dataclass
class Plan:
    """What importing a file into one table would do: the rows to add and the findings."""

    key: str
    mapping: Mapping
    add: list[Row] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: int = 0          # rows not added (each with a finding)
    changes: list[Change] = field(default_factory=list)  # every cell written otherwise than typed
    header_typed: dict[int, str] = field(default_factory=dict)  # 0-based column → header as typed (legacy)

    @property
    def converted(self) -> int:
        """Cells that will be written read from a legacy encoding (each one in :attr:`changes`)."""
        return len(self.changes)


@dataclass(frozen=True)
class Change:
    """One cell of the file that the workbook will get read from a legacy encoding."""

    cell: str          # the file's cell (C5)
    typed: str         # as typed in the file
    written: str       # as it will be written into the workbook
    encoding: str      # TCVN3 or VNI

    def to_json(self) -> dict[str, str]:
        """For ``import --json``."""
        return {"o": self.cell, "go": self.typed, "ghi": self.written, "bang_ma": self.encoding}


def _year(value: Any) -> Any:
    """A birth date (date cell or ``dd/mm/yyyy``) to its year; anything else as it is."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, str):
        found = re.fullmatch(r"\s*\d{1,2}[/.-]\d{1,2}[/.-](\d{4})\s*", value)
        if found:
            return int(found.group(1))
    return value


def identity(key: str, values: dict[str, Any]) -> str:
    """What makes two rows the same entry: as ``check``'s duplicate rules — a person's name,
    birth year and thôn (or unit), a household's head and thôn, any other entry's name."""
    name = name_key(values.get(_NAME_HEADER[key]))
    if key == "cong_dan":
        born = values.get("Năm sinh")
        born = int(born) if isinstance(born, float) and born.is_integer() else born
        where = values.get("Thôn/TDP") or values.get("Đơn vị công tác")
        return f"{name}|{born if born is not None else ''}|{name_key(where)}"
    if key == "gia_dinh":
        return f"{name}|{name_key(values.get('Thôn/TDP'))}"
    return name


Conversions = dict[tuple[int, int], tuple[str, str]]  # (1-based row, 1-based column) → (as typed, encoding)


def _unlegacy(rows: Sequence[Sequence[Any]], where: str,
              fonts: Collection[str] | None) -> tuple[list[list[Any]], Conversions]:
    as_lists = [list(r) for r in rows]
    prefer = legacy.majority((v for r in as_lists for v in r), fonts)
    converted, found = legacy.convert_rows(as_lists, 1, 1, where, prefer, fonts=fonts)
    cells = {(r, c): (typed, conv.encoding) for conv in found for r, c, typed, _ in conv.cells}
    return (converted if converted is not None else as_lists), cells


def quoted_list(texts: Sequence[str], limit: int = 240, most: int = 15) -> str:
    """``“A”, “B”, “C”`` — whole, or cut at a text's boundary with ``… và N cột khác``."""
    shown: list[str] = []
    length = 0
    for text in texts:
        quoted = f"\u201c{text}\u201d"
        if shown and (len(shown) >= most or length + len(quoted) > limit):
            break
        shown.append(quoted)
        length += len(quoted) + 2
    rest = len(texts) - len(shown)
    return ", ".join(shown) + (f" … và {rest} cột khác" if rest else "")


def _headers_seen(rows: Sequence[Sequence[Any]], row: int | None = None) -> str:
    """``dòng 4 có: “STT”, “Mã”…`` — the header row found, else the fullest of the first rows."""
    if row is None:
        counts = [sum(bool(clean_text(c)) for c in r) for r in rows[:HEADER_SCAN]]
        if not counts or max(counts) == 0:
            return f"{HEADER_SCAN} dòng đầu trống"
        row = counts.index(max(counts)) + 1
    return f"dòng {row} có: " + quoted_list([t for c in rows[row - 1] if (t := clean_text(c))])


def _forced_heads(forced: dict[str, str], wanted: Sequence[str], table: str) -> dict[str, str] | str:
    """``--cot`` with each template header as the table names it (``ho va ten`` → ``Họ và tên``)."""
    out: dict[str, str] = {}
    for head, text in forced.items():
        canon = head if head in wanted else match(head, wanted)
        if canon is None:
            return (f"--cot \"{head}={text}\": bảng \u201c{table}\u201d không có cột \u201c{head}\u201d. Các cột của "
                    f"bảng: {', '.join(wanted)}.")
        out[canon] = text
    return out


def _check_forced(rows: Sequence[Sequence[Any]], mapping: Mapping | None, forced: dict[str, str],
                  file: str) -> str | None:
    """Why a ``--cot`` cannot be done: its header is not in the file's header row."""
    found = forced_columns(rows[mapping.header_row - 1], forced) if mapping else {}
    for head, text in forced.items():
        if head not in found:
            where = f"ở dòng tiêu đề của {file}" if mapping else f"trong {HEADER_SCAN} dòng đầu của {file}"
            return (f"--cot \"{head}={text}\": không thấy cột \u201c{text}\u201d {where} "
                    f"({_headers_seen(rows, mapping.header_row if mapping else None)}). Sửa --cot theo đúng tiêu đề "
                    "trong tệp.")
    return None


def _no_name_column(rows: Sequence[Sequence[Any]], mapping: Mapping | None, name_head: str, file: str) -> str:
    """The refusal when the table's name column is not in the file: its own other names, what was seen."""
    hints = ", ".join(f"\u201c{h}\u201d" for h in _NAME_HINTS.get(name_head, ()))
    seen = _headers_seen(rows, mapping.header_row if mapping else None)
    return (f"Không tìm thấy cột \u201c{name_head}\u201d" + (f" (hay {hints}…)" if hints else "")
            + f" trong {HEADER_SCAN} dòng đầu của {file} ({seen}). Dùng --cot \"{name_head}=<tiêu đề trong tệp>\".")


def plan_import(rows: Sequence[Sequence[Any]], content: Content, key: str, *, file: str, sheet: str | None = None,
                forced: dict[str, str] | None = None, fonts: Collection[str] | None = None) -> Plan | str:
    """The rows to add to ``content``'s table ``key`` from a file's rows, or why it cannot be done.
    ``fonts``: the font names of the file's styles, when known (evidence of a legacy encoding)."""
    wanted = table_inputs(key, content.rules)
    heads = _forced_heads(forced or {}, wanted, L.TABLES[key].sheet)
    if isinstance(heads, str):
        return heads
    typed_rows = rows
    rows, conversions = _unlegacy(rows, sheet or file, fonts)  # headers may be .VnTime text too
    mapping = find_mapping(rows, wanted, heads)
    refusal = _check_forced(rows, mapping, heads, file)
    if refusal:
        return refusal
    name_head = _NAME_HEADER[key]
    if mapping is None or name_head not in mapping.columns:
        return _no_name_column(rows, mapping, name_head, file)
    plan = Plan(key, mapping)
    plan.header_typed = {c - 1: clean_text(typed_rows[r - 1][c - 1]) for (r, c) in conversions
                         if r == mapping.header_row}
    _note_columns(plan, file, sheet)
    planner = _RowPlanner(plan, content, wanted, file, sheet, conversions)
    for i, raw in enumerate(rows[mapping.header_row:]):
        planner.row(mapping.header_row + 1 + i, raw)
    plan.findings[len(mapping.unmatched):len(mapping.unmatched)] = _encodings(plan, file, sheet)
    return plan


def _note_columns(plan: Plan, file: str, sheet: str | None) -> None:
    """A finding per column not imported."""
    mapping = plan.mapping
    for j, text in mapping.unmatched:
        plan.findings.append(finding("cot-khong-nhan-ra", sheet=sheet, cell=cell_ref(mapping.header_row, j + 1),
                                     file=file, header=text, table=L.TABLES[plan.key].sheet))


def _encodings(plan: Plan, file: str, sheet: str | None) -> list[Finding]:
    """A finding per legacy encoding the written cells were read in (the cells: :attr:`Plan.changes`)."""
    out = []
    for encoding in dict.fromkeys(c.encoding for c in plan.changes):
        cells = [c for c in plan.changes if c.encoding == encoding]
        first = cells[0]
        more = f" (và {len(cells) - 1} ô khác, xem danh sách)" if len(cells) > 1 else ""
        out.append(finding("bang-ma-cu", sheet=sheet, cell=first.cell, file=file, count=len(cells),
                           encoding=legacy.NAMES[encoding], aside="", first_cell=first.cell, typed=first.typed,
                           verb="nhập", read=first.written, more=more, outcome="Sổ ghi chữ Unicode."))
    return out


class _RowPlanner:
    """Plans the file's rows one by one: added, or skipped with a finding (no name, already there)."""

    def __init__(self, plan: Plan, content: Content, wanted: Sequence[str], file: str, sheet: str | None,
                 conversions: Conversions) -> None:
        self.plan, self.wanted, self.file, self.sheet = plan, wanted, file, sheet
        self.conversions = conversions
        self.name_head = _NAME_HEADER[plan.key]
        self.existing = {identity(plan.key, r.values) for r in content.tables.get(plan.key, [])}
        self.thon_names = {name_key(r.values.get("Tên thôn/TDP")) for r in content.tables.get("thon", [])}
        self.seen_keys: set[str] = set()

    def _values(self, raw: Sequence[Any]) -> dict[str, Any]:
        """The row's value per table header: text cleaned, whole floats as int, a birth date as its year."""
        values: dict[str, Any] = {}
        for head, j in self.plan.mapping.columns.items():
            value = raw[j] if j < len(raw) else None
            if isinstance(value, str):
                value = clean_text(value) or None
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            if head == "Năm sinh":
                value = _year(value)
            values[head] = value
        return values

    def row(self, row_no: int, raw: Sequence[Any]) -> None:
        """Plan one of the file's rows (worksheet row ``row_no``)."""
        plan, name_head = self.plan, self.name_head
        values = self._values(raw)
        if all(is_blank(v) for v in values.values()):
            return
        name_cell = cell_ref(row_no, plan.mapping.columns[name_head] + 1)
        place = {"sheet": self.sheet, "cell": name_cell, "file": self.file}
        if is_blank(values.get(name_head)):
            if sum(not is_blank(v) for v in values.values()) > 1:
                plan.findings.append(finding("thieu-ten", **place, row_no=f" {row_no}", filled="dữ liệu",
                                             missing=f"thiếu \u201c{name_head}\u201d", effect="không nhập"))
                plan.skipped += 1
            return
        row = Row({h: values.get(h) for h in self.wanted}, 0)
        key_of = identity(plan.key, row.values)
        if key_of in self.existing or key_of in self.seen_keys:
            again = "đã có trong sổ" if key_of in self.existing else "lặp lại trong tệp"
            plan.findings.append(finding("trung-khi-nhap", **place, name=values[name_head], row_no=row_no, where=again))
            plan.skipped += 1
            return
        self.seen_keys.add(key_of)
        for head, j in plan.mapping.columns.items():
            typed = self.conversions.get((row_no, j + 1))
            if typed is not None and isinstance(row.values.get(head), str):
                plan.changes.append(Change(cell_ref(row_no, j + 1), typed[0], row.values[head], typed[1]))
        thon = values.get("Thôn/TDP")
        if plan.key != "thon" and not is_blank(thon) and name_key(thon) not in self.thon_names:
            plan.findings.append(finding("thon-chua-co-khi-nhap", **place, name=values[name_head], row_no=row_no,
                                         thon=thon, list_sheet=L.THON))
        plan.add.append(row)
