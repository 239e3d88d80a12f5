"""The chi hội round trip: one small workbook per thôn out, the filled ones back in.

``split`` gives each thôn its own workbook — the thôn's row, its people and households, the clans
its households belong to, and (for the dropdowns) the units and the commune checklist — with, in
``_meta``, where it came from and a fingerprint of every row
as it left. ``merge`` compares three versions of each row — as it left (the fingerprint), as the
chi hội returned it, as the commune workbook has it now — and

* adds the rows the chi hội added;
* updates a row the chi hội changed and the commune did not;
* lists as findings, and leaves as they are: a row changed in both places differently
  (``xung-dot-sua``), a row changed differently in two returned files (``xung-dot-sua``), a row
  moved to another thôn (``chuyen-thon``), a row the chi hội deleted (``dong-bi-xoa-o-tep-thon``),
  a file that did not come from this workbook (``tep-thon-khong-khop``).

Rows are matched by a key — the name (case and spacing aside) and the birth year for a person,
the head's name for a household — numbered when the same key repeats within a thôn; so a chi hội
may sort, insert or delete rows freely. The core of the product: no Excel, no Word.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.carry.content import Content, Row, comparable
from hoctap_xl.findings import Finding, finding
from hoctap_xl.text.values import clean_text, name_key

MERGED = ("cong_dan", "gia_dinh")
"""The tables the chi hội fill and merge brings back."""

_NAME = {"cong_dan": "Họ và tên", "gia_dinh": "Họ tên chủ hộ"}
_THON = "Thôn/TDP"
_CHUNK = 30_000  # characters per _meta cell (Excel holds 32,767)
META_SOURCE, META_THON, META_YEAR, META_CODE, META_PRINTS = (
    "tach_tu", "tach_thon", "tach_nam", "tach_ma", "tach_dau_van")


def _norm(value: Any) -> Any:
    value = comparable(value)
    return clean_text(value) if isinstance(value, str) else value


_OPTIONAL = {h for heads in L.OPTIONAL_HEADERS.values() for h in heads}


def fingerprint(row: Row) -> str:
    """A short hash of a row's values, compared as read (so a re-read of the same cells matches). A
    blank optional column (template 1.3) is left out, so a row fingerprinted by a split made before
    the upgrade still matches when it comes back."""
    data = json.dumps({k: _norm(v) for k, v in sorted(row.values.items())
                       if not (k in _OPTIONAL and _norm(v) in (None, ""))}, ensure_ascii=False, default=str)
    return hashlib.sha1(data.encode()).hexdigest()[:16]


def _base_key(key: str, row: Row) -> str:
    name = name_key(row.values.get(_NAME[key]))
    if key == "cong_dan":
        born = _norm(row.values.get("Năm sinh"))
        return f"{name}|{int(born) if isinstance(born, float) else born or ''}"
    return name


def keyed(key: str, rows: list[Row]) -> dict[str, Row]:
    """Rows by key; a key seen again gets ``#2``, ``#3``… in row order."""
    seen: Counter[str] = Counter()
    out: dict[str, Row] = {}
    for row in rows:
        base = _base_key(key, row)
        seen[base] += 1
        out[base if seen[base] == 1 else f"{base}#{seen[base]}"] = row
    return out


def thon_key(value: Any) -> str:
    """The key a thôn name is matched by (case and spacing aside)."""
    return name_key(value)


# -- split --------------------------------------------------------------------------------------

@dataclass
class Part:
    """One thôn's workbook: its content and how many rows of each merged table it holds."""

    thon: str
    content: Content
    counts: dict[str, int]


@dataclass
class Split:
    """The thôn workbooks of one split, and the rows none of them holds."""

    parts: list[Part]
    without_thon: dict[str, int]
    """Rows no thôn file holds (a unit's staff; a thôn not in the Thôn sheet): they stay as they are."""


def split(content: Content, source: str) -> Split:
    """One workbook per thôn of ``content``, each with its rows' fingerprints in ``_meta``."""
    thon_rows = content.tables.get("thon", [])
    names = {thon_key(r.values.get("Tên thôn/TDP")): r for r in thon_rows if clean_text(r.values.get("Tên thôn/TDP"))}
    by_thon: dict[str, dict[str, list[Row]]] = {k: {m: [] for m in MERGED} for k in names}
    without: Counter[str] = Counter()
    for model in MERGED:
        for row in content.tables.get(model, []):
            k = thon_key(row.values.get(_THON))
            if k in by_thon:
                by_thon[k][model].append(row)
            else:
                without[model] += 1
    parts = []
    clan_index = {name_key(r.values.get("Tên dòng họ")): r for r in content.tables.get("dong_ho", [])}
    for k, thon_row in names.items():
        part = content.copy()
        rows = by_thon[k]
        clans = {name_key(h.values.get("Dòng họ")) for h in rows["gia_dinh"]}
        part.tables = {"thon": [thon_row], "cong_dan": rows["cong_dan"], "gia_dinh": rows["gia_dinh"],
                       "dong_ho": [c for ck, c in clan_index.items() if ck in clans or
                                   thon_key(c.values.get(_THON)) == k],
                       "cong_dong": [c for c in content.tables.get("cong_dong", [])
                                     if thon_key(c.values.get(_THON)) == k],
                       "don_vi": content.tables.get("don_vi", []), "cap_xa": content.tables.get("cap_xa", [])}
        part.report_text = {}
        prints = {model: {key: fingerprint(r) for key, r in keyed(model, rows[model]).items()} for model in MERGED}
        part.meta = {"chi_tieu_preset": content.preset, META_SOURCE: source,
                     META_THON: clean_text(thon_row.values.get("Tên thôn/TDP")), META_YEAR: str(content.year or ""),
                     META_CODE: clean_text(content.info.get(L.L_MA))}
        text = json.dumps(prints, ensure_ascii=False, separators=(",", ":"))
        for i in range(0, len(text), _CHUNK):
            part.meta[f"{META_PRINTS}_{i // _CHUNK + 1}"] = text[i:i + _CHUNK]
        parts.append(Part(part.meta[META_THON], part, {m: len(rows[m]) for m in MERGED}))
    return Split(parts, dict(without))


def prints_of(meta: dict[str, str]) -> dict[str, dict[str, str]] | None:
    """The row fingerprints a split stored in ``_meta`` (table → key → fingerprint), None when absent or unreadable."""
    chunks = sorted((int(k.rsplit("_", 1)[1]), v) for k, v in meta.items()
                    if k.startswith(META_PRINTS + "_") and k.rsplit("_", 1)[1].isdigit())
    if not chunks:
        return None
    try:
        data = json.loads("".join(v for _, v in chunks))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


# -- merge --------------------------------------------------------------------------------------

@dataclass
class Returned:
    """One filled thôn workbook, as read."""

    file: str
    meta: dict[str, str]
    tables: dict[str, list[Row]]


@dataclass
class FileAccount:
    """What merge did with one returned file's rows."""

    file: str
    thon: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    held: int = 0  # rows with a finding, left as they are


@dataclass
class Merged:
    """The merged content, an account per returned file, and the findings."""

    content: Content
    accounts: list[FileAccount]
    findings: list[Finding] = field(default_factory=list)


def _cell(row: Row) -> str | None:
    """The name cell of a row (column A in both merged tables of the template)."""
    return f"A{row.row}" if row.row else None


def _describe(model: str, row: Row) -> str:
    what = "người" if model == "cong_dan" else "hộ"
    return f"{what} \u201c{clean_text(row.values.get(_NAME[model]))}\u201d"


def _sentence(model: str, row: Row) -> str:
    """:func:`_describe` opening a sentence."""
    return _upper_first(_describe(model, row))


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _diff(a: Row, b: Row) -> str:
    changed = [h for h in a.values if _norm(a.values.get(h)) != _norm(b.values.get(h))]
    return ", ".join(f"{h}: {a.values.get(h)!r} → {b.values.get(h)!r}" for h in changed[:4]) or "không khác"


def merge(base: Content, returned: list[Returned]) -> Merged:
    """The commune workbook with the returned thôn files merged in, an account per file, and findings
    for every row left as it was (see the module docstring for the three-way rules)."""
    merging = _Merging(base)
    for part in returned:
        merging.read(part)
    merging.apply()
    return Merged(merging.out, merging.accounts, merging.findings)


class _Merging:
    """One merge in progress: the proposals of every file, collected before any is applied."""

    def __init__(self, base: Content) -> None:
        self.base = base
        self.out = base.copy()
        self.findings: list[Finding] = []
        self.accounts: list[FileAccount] = []
        self.sheet = {m: L.TABLES[m].sheet for m in MERGED}
        # proposals per (model, thôn, key): file, row, fingerprint as it left — applied only when every file agrees
        self.proposals: dict[tuple[str, str, str], list[tuple[str, Row, str]]] = {}
        self.base_by_thon: dict[str, dict[str, dict[str, Row]]] = {}
        for model in MERGED:
            groups: dict[str, list[Row]] = {}
            for row in self.out.tables.get(model, []):
                groups.setdefault(thon_key(row.values.get(_THON)), []).append(row)
            self.base_by_thon[model] = {t: keyed(model, rows) for t, rows in groups.items()}

    def _mismatch(self, meta: dict[str, str], prints: dict[str, dict[str, str]] | None) -> str:
        """Why a returned file cannot be merged into this workbook ("" when it can)."""
        base = self.base
        if prints is None or META_THON not in meta:
            return "không phải tệp do lệnh split tạo ra (không có dấu vân tay các dòng trong _meta)"
        if meta.get(META_CODE, "") != clean_text(base.info.get(L.L_MA)) or meta.get(META_YEAR, "") != str(base.year):
            return (f"tách từ sổ mã {meta.get(META_CODE) or '?'} năm {meta.get(META_YEAR) or '?'}, sổ này mã "
                    f"{clean_text(base.info.get(L.L_MA)) or '?'} năm {base.year}")
        return ""

    def read(self, part: Returned) -> None:
        """Collect one returned file's proposals; moved and deleted rows become findings."""
        prints = prints_of(part.meta)
        why = self._mismatch(part.meta, prints)
        if why:
            self.findings.append(finding("tep-thon-khong-khop", file=part.file, file_name=part.file, reason=why))
            return
        assert prints is not None
        thon = part.meta[META_THON]
        account = FileAccount(part.file, thon)
        self.accounts.append(account)
        for model in MERGED:
            self._read_rows(part, model, prints.get(model, {}), account)

    def _read_rows(self, part: Returned, model: str, before: dict[str, str], account: FileAccount) -> None:
        """One table of a returned file, against the fingerprints of its rows as they left."""
        thon = account.thon
        t = thon_key(thon)
        now = keyed(model, part.tables.get(model, []))
        for key, row in now.items():
            if thon_key(row.values.get(_THON)) != t:
                self.findings.append(finding("chuyen-thon", sheet=self.sheet[model], cell=_cell(row), file=part.file,
                                             entry=_sentence(model, row), thon=thon,
                                             moved_to=clean_text(row.values.get(_THON))))
                account.held += 1
                continue
            if key in before and fingerprint(row) == before[key]:
                account.unchanged += 1
                continue
            self.proposals.setdefault((model, t, key), []).append((part.file, row, before.get(key, "")))
        for key in before:
            if key not in now:
                gone = self.base_by_thon[model].get(t, {}).get(key)
                label = _describe(model, gone) if gone else f"dòng \u201c{key.split('|')[0]}\u201d"
                self.findings.append(finding("dong-bi-xoa-o-tep-thon", sheet=self.sheet[model], file=part.file,
                                             entry=_upper_first(label), thon=thon))

    def apply(self) -> None:
        """Apply every proposal all files agree on; a conflict is a finding and the row stays as it is."""
        by_file = {a.file: a for a in self.accounts}
        for (model, t, key), offers in self.proposals.items():
            if len({fingerprint(r) for _, r, _ in offers}) > 1:
                files = ", ".join(f for f, _, _ in offers)
                self._conflict(model, offers[0][1], None, None, f"được sửa khác nhau ở các tệp {files}")
                for f, _, _ in offers:
                    by_file[f].held += 1
                continue
            file, row, was = offers[0]
            account = by_file[file]
            current = self.base_by_thon[model].get(t, {}).get(key)
            if current is None:
                if was:
                    self._conflict(model, row, None, file, "đã được sửa trong tệp thôn nhưng không còn trong sổ xã (đã "
                                   "xóa hoặc đổi tên sau khi tách)", outcome="không thêm lại")
                    account.held += 1
                    continue
                self.out.tables[model].append(Row(dict(row.values), 0))
                account.added += 1
                continue
            self._update(model, current, row, was, file, account)

    def _update(self, model: str, current: Row, row: Row, was: str, file: str, account: FileAccount) -> None:
        """A row the commune workbook has: taken from the file when only the file changed it."""
        now_print = fingerprint(current)
        if now_print == fingerprint(row):
            account.unchanged += 1
        elif not was or now_print == was:
            if not was:  # added in the file, but the commune has such a row already, with other values
                self._conflict(model, row, _cell(current), file, "được thêm trong tệp thôn nhưng sổ xã đã có dòng "
                               f"này, khác ({_diff(current, row)})")
                account.held += 1
                return
            current.values.update(row.values)
            account.updated += 1
        else:
            self._conflict(model, row, _cell(current), file, "được sửa ở cả sổ xã và tệp thôn, khác nhau (tệp "
                           f"thôn: {_diff(current, row)})")
            account.held += 1

    def _conflict(self, model: str, row: Row, cell: str | None, file: str | None, conflict: str,
                  outcome: str = "sổ xã giữ như cũ") -> None:
        self.findings.append(finding("xung-dot-sua", sheet=self.sheet[model], cell=cell, file=file,
                                     entry=_sentence(model, row), conflict=conflict, outcome=outcome))
