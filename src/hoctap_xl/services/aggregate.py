"""The level above: every returned workbook in a folder, recomputed from its raw inputs.

contract.md §4. Each file is read (python-calamine) and evaluated by the same core as the UDFs in
a worker process; a worker returns only what the summary needs — the commune's facts, its
shares, counts per model, rows read/counted/rejected, findings — so memory stays bounded however
many files there are. Cached result values are compared with the recomputed ones and never used.
Then, across files: duplicates (same code, or same name and province when codes are empty),
versions other than the majority, years other than the majority, and the totals as Σ numerators
÷ Σ denominators against the level above's own targets.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.commune.results import CommuneResult, Share
from hoctap_xl.errors import HoctapError
from hoctap_xl.findings import Finding
from hoctap_xl.rules.targets import for_commune, resolve
from hoctap_xl.sheets.grid import Grid, locate
from hoctap_xl.text.values import clean_text, name_key

WORKBOOK_SUFFIXES = (".xlsm", ".xlsx", ".xls", ".ods")
MODELS = ("cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi")
ERROR_MARKS = ("#NAME?", "#LỖI", "#VALUE!", "#REF!", "#N/A", "#DIV/0!")

COUNTED, NOT_READ, DUPLICATE, OTHER_YEAR = "đã tính", "không đọc được", "trùng xã", "khác năm"


@dataclass
class FileResult:
    """One file, as small as the summary needs (picklable: it crosses process boundaries)."""

    file: str                       # path relative to the folder
    status: str = COUNTED
    reason: str = ""
    xa: str = ""
    tinh: str = ""
    ma: str = ""
    nam: int | None = None
    template: str = ""
    rules: str = ""
    shares: list[Share] = field(default_factory=list)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)   # model → (registered, recognised)
    level: int = 0
    rows_read: int = 0
    rows_counted: int = 0
    findings: list[Finding] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)     # Parquet files written (staging, relative)

    @property
    def rows_rejected(self) -> int:
        return self.rows_read - self.rows_counted

    @property
    def counted(self) -> bool:
        return self.status == COUNTED

    @property
    def has_errors(self) -> bool:
        return self.status != COUNTED or any(f.is_error for f in self.findings)

    def key(self) -> tuple[str, ...]:
        return ("ma", self.ma) if self.ma else ("ten", name_key(self.xa), name_key(self.tinh))


# --- one file (in a worker) ------------------------------------------------------------------------

def _rows_read(grids: dict[str, Grid], result: CommuneResult) -> int:
    """Data rows in the five model sheets: every row with an input cell filled."""
    total = 0
    for key in MODELS:
        grid = grids.get(L.TABLES[key].sheet)
        if grid is None:
            continue
        n = len(result.rules.criteria(key).tieu_chi) if key != "cong_dan" else 0
        table = locate(grid, L.headers_for(key, n))
        if isinstance(table, Finding) or table is None:
            continue
        total += len(table.records(list(table.columns)))
    return total


def _same(cached: Any, want: Any) -> bool:
    if cached in (None, ""):
        return want in (None, "")
    if isinstance(want, bool) or isinstance(cached, bool):
        return bool(cached == want)
    if isinstance(want, (int, float)) and isinstance(cached, (int, float)):
        return abs(float(cached) - float(want)) < 1e-9
    return clean_text(cached) == clean_text(want)


def _ref(cb: Any, r: int, c: int) -> str:
    from hoctap_xl.formats.xlsx_patch import index_to_col

    return f"{index_to_col(cb.first_col + c)}{cb.first_row + r}"


def _is_error_text(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip().upper().startswith(ERROR_PREFIXES)


ERROR_PREFIXES = tuple(m.upper() for m in ERROR_MARKS)


def compare_cached(result: CommuneResult, grids: dict[str, Grid], path: Path, name: str) -> list[Finding]:
    """Result cells whose stored value differs from the recomputed one, or shows an error text:
    one cảnh báo per sheet (count and first cell), never the stored number used."""
    from hoctap_xl.formats.workbook_file import computed_blocks

    try:
        computed = computed_blocks(result, path)
    except Exception:  # .xls, or no formula blocks readable: nothing to compare
        return []
    differ: dict[str, list[tuple[str, Any, Any]]] = {}
    broken: dict[str, list[tuple[str, str]]] = {}
    for cb in computed:
        grid = grids.get(cb.sheet)
        if grid is None:
            continue
        c0 = cb.first_col - grid.col0
        for r in range(cb.n_rows):
            i = cb.first_row + r - grid.row0
            stored = grid.rows[i] if 0 <= i < len(grid.rows) else ()
            want_row = cb.block[r] if r < len(cb.block) else ()
            for c in range(cb.n_cols):
                got = stored[c0 + c] if 0 <= c0 + c < len(stored) else None
                want = want_row[c] if c < len(want_row) else ""
                if got == want or (got in (None, "") and want in (None, "")):
                    continue  # the common case (84.0 == 84), decided without formatting anything
                if _is_error_text(got):
                    broken.setdefault(cb.sheet, []).append((_ref(cb, r, c), str(got).strip()))
                elif not _same(got, want):
                    differ.setdefault(cb.sheet, []).append((_ref(cb, r, c), got, want))
    out: list[Finding] = []
    for sheet, cells in broken.items():
        ref, text = cells[0]
        out.append(Finding("ket-qua-bao-loi", f"{len(cells)} ô kết quả hiện {text} (máy gửi chưa cài hoctap-xl "
                           "hoặc chưa tính lại); đã tính lại từ số liệu gốc.", sheet, ref, name))
    for sheet, diffs in differ.items():
        ref, got, want = diffs[0]
        out.append(Finding("ket-qua-khac", f"{len(diffs)} ô kết quả lưu trong sổ khác kết quả tính lại (đầu tiên "
                           f"{ref}: sổ ghi {got!r}, tính lại {want!r}); dùng kết quả tính lại.", sheet, ref, name))
    return out


@dataclass(frozen=True)
class ParquetPlan:
    staging: str
    anonymous: bool
    salt: str


def read_one(path: str, root: str, parquet: ParquetPlan | None = None) -> FileResult:
    """Read, recompute and check one workbook. Never raises: a file that cannot be read is a
    FileResult with its reason. With ``parquet`` its rows are written now, while held."""
    from hoctap_xl.formats.xlsx_read import load

    p = Path(path)
    name = str(p.relative_to(root)) if p.is_relative_to(root) else p.name
    try:
        data = load(p)
        result = evaluate(data.grids, data.rules, file=name,
                          findings=[Finding(f.code, f.message, f.sheet, f.cell, name) for f in data.findings])
    except HoctapError as exc:
        return FileResult(name, status=NOT_READ, reason=str(exc),
                          findings=[Finding("tep-khong-doc-duoc", str(exc), None, None, name)])
    except Exception as exc:  # a bug of ours on a strange file: the run goes on, the file is listed
        reason = f"lỗi ngoài dự kiến khi đọc ({type(exc).__name__}: {str(exc)[:120]})"
        return FileResult(name, status=NOT_READ, reason=reason,
                          findings=[Finding("tep-khong-doc-duoc", reason, None, None, name)])
    info = result.info
    counts = {"cong_dan": (len(result.people), sum(p.verdict.recognised for p in result.people))}
    for key in MODELS[1:]:
        entries = result.models[key]
        counts[key] = (len(entries), sum(e.verdict.recognised for e in entries))
    findings = list(result.findings) + compare_cached(result, data.grids, p, name)
    parts: list[str] = []
    if parquet is not None:
        from hoctap_xl.formats.parquet import write_parts

        stem = f"{info.ma or 'khong-ma'}_{hashlib.sha1(name.encode()).hexdigest()[:10]}"
        parts = write_parts(result, Path(parquet.staging), stem, name,
                            anonymous=parquet.anonymous, salt=parquet.salt)
    return FileResult(name, parts=parts, xa=info.xa, tinh=info.tinh, ma=info.ma, nam=info.nam,
                      template=data.meta.get("template_version", ""), rules=result.rules.label,
                      shares=result.shares, counts=counts, level=result.level,
                      rows_read=_rows_read(data.grids, result),
                      rows_counted=sum(n for n, _ in counts.values()), findings=findings)


# --- the folder -----------------------------------------------------------------------------------

@dataclass
class Merged:
    """A commune formed by merging (2025): the counted workbooks of its old codes, added up."""

    ma: str
    xa: str
    parts: list[str]           # old codes found
    shares: list[Share]


@dataclass
class Aggregate:
    folder: Path
    cap: str
    nam: int | None
    files: list[FileResult]
    skipped: list[str]                  # other files in the folder
    totals: list[Share]
    findings: list[Finding]             # across files (duplicates, versions, missing communes)
    missing: list[str] = field(default_factory=list)   # expected communes without a workbook
    merged: list[Merged] = field(default_factory=list)  # communes merged in 2025, added up

    @property
    def counted(self) -> list[FileResult]:
        return [f for f in self.files if f.counted]

    @property
    def all_findings(self) -> list[Finding]:
        return [x for f in self.files for x in f.findings] + self.findings

    @property
    def has_errors(self) -> bool:
        return any(f.has_errors for f in self.files) or any(f.is_error for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "cap": self.cap, "nam": self.nam,
            "xa": [{"tep": f.file, "xa": f.xa, "ma": f.ma, "tinh": f.tinh, "trang_thai": f.status,
                    "ty_le": [s.to_json() for s in f.shares], "dong_doc": f.rows_read, "dong_tinh": f.rows_counted,
                    "dong_loai": f.rows_rejected} for f in self.files if f.status != NOT_READ],
            "tong": [s.to_json() for s in self.totals],
            "tep_loi": [{"tep": f.file, "ly_do": f.reason} for f in self.files if f.status == NOT_READ],
            "tep_bo_qua": self.skipped,
            "chua_gui": self.missing,
            "xa_moi": [{"ma": m.ma, "xa": m.xa, "tu_ma": m.parts, "ty_le": [s.to_json() for s in m.shares]}
                       for m in self.merged],
            "phat_hien": [f.to_json() for f in self.all_findings],
        }


def scan(folder: Path) -> tuple[list[Path], list[str]]:
    """Workbooks (sub-folders included, in name order) and the other files, which are listed.
    Office's lock files (``~$…``) are neither."""
    books: list[Path] = []
    others: list[Path] = []
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name.startswith("~$"):
            continue
        (books if p.suffix.lower() in WORKBOOK_SUFFIXES else others).append(p)
    return books, [str(p.relative_to(folder)) for p in others]


def _progress(done: int, total: int, name: str) -> None:
    if sys.stderr.isatty():
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40s}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def read_all(paths: list[Path], root: Path, workers: int | None = None,
             progress: Callable[[int, int, str], None] = _progress,
             parquet: ParquetPlan | None = None) -> list[FileResult]:
    """Every file through :func:`read_one`, spread over the machine's cores; results in the
    order of ``paths``."""
    n = workers if workers is not None else min(len(paths), os.cpu_count() or 1)
    if n <= 1 or len(paths) <= 1:
        out = []
        for i, p in enumerate(paths, start=1):
            out.append(read_one(str(p), str(root), parquet))
            progress(i, len(paths), p.name)
        return out
    with ProcessPoolExecutor(max_workers=n) as pool:
        results = []
        n_paths = len(paths)
        jobs = pool.map(read_one, map(str, paths), [str(root)] * n_paths, [parquet] * n_paths, chunksize=1)
        for i, r in enumerate(jobs, start=1):
            results.append(r)
            progress(i, len(paths), r.file)
    return results


def _majority(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v not in (None, ""))
    return counts.most_common(1)[0][0] if counts else None


def cross_checks(files: list[FileResult]) -> int | None:
    """Duplicates (both not counted), other years (not counted), other versions (counted, flagged);
    each finding goes to its file. Returns the year of the majority."""
    readable = [f for f in files if f.status != NOT_READ]
    nam = _majority(f.nam for f in readable)
    for f in readable:
        if nam is not None and f.nam != nam:
            f.status = OTHER_YEAR
            f.findings.append(Finding("nam-khac", f"Sổ năm {f.nam}, khác năm {nam} của các sổ khác; không tính.",
                                 L.THONG_TIN, None, f.file))
    by_key: dict[tuple[str, ...], list[FileResult]] = {}
    for f in readable:
        if f.status == COUNTED:
            by_key.setdefault(f.key(), []).append(f)
    for group in by_key.values():
        if len(group) > 1:
            names = ", ".join(g.file for g in group)
            for g in group:
                g.status = DUPLICATE
                text = (f"{len(group)} tệp cùng là {g.xa} (mã {g.ma or 'trống'}): {names}. Không tính tệp nào cho "
                        "đến khi bỏ bớt.")
                g.findings.append(Finding("trung-xa", text, None, None, g.file))
    for attr, what in (("template", "mẫu sổ"), ("rules", "bộ tiêu chí")):
        usual = _majority(getattr(f, attr) for f in readable)
        for f in readable:
            value = getattr(f, attr)
            if usual and value and value != usual:
                hint = (" Xã nên nâng cấp sổ (hoctap-xl upgrade) rồi gửi lại." if attr == "template"
                        and _older(value, usual) else "")
                f.findings.append(Finding("phien-ban-khac", f"Sổ dùng {what} {value}, khác {usual} của đa số sổ; vẫn "
                                          "được tính theo bản của chính sổ." + hint, None, None, f.file))
    return int(nam) if nam is not None else None


def _older(version: str, than: str) -> bool:
    try:
        return tuple(int(p) for p in version.split(".")) < tuple(int(p) for p in than.split("."))
    except ValueError:
        return False


def totals(files: list[FileResult], preset: str, nam: int | None) -> list[Share]:
    """Σ numerators ÷ Σ denominators over the counted communes, against the level above's targets."""
    targets = for_commune(preset, nam, False).values if nam is not None else {}
    out = []
    for code in L.SHARE_CODES:
        got = sum(s.recognised for f in files if f.counted for s in f.shares if s.code == code)
        of = sum(s.total for f in files if f.counted for s in f.shares if s.code == code)
        target = resolve(targets.get(code, {}), nam) if nam is not None else None
        out.append(Share(code, got, of, target))
    return out


def expected_communes(path: Path) -> list[tuple[str, str]]:
    """``--danh-sach``: one commune per line, ``mã;tên`` or ``mã,tên`` or just the name (a
    first line naming the columns is skipped)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise HoctapError(f"Không đọc được danh sách xã {path}: {exc.strerror or exc}.") from None
    out = []
    for line in text.splitlines():
        parts = [clean_text(p) for p in line.replace(";", ",").replace("\t", ",").split(",")]
        parts = [p for p in parts if p]
        if not parts or parts[0].casefold() in ("mã", "ma", "mã đơn vị hành chính", "tên", "xã"):
            continue
        code, name = (parts[0], parts[1]) if len(parts) > 1 and parts[0].isdigit() else ("", parts[-1])
        out.append((code, name))
    return out


def read_mapping(path: Path) -> dict[str, tuple[str, str]]:
    """``--sap-nhap``: one line per old commune, ``mã cũ;mã mới;tên xã mới`` (a header line is
    skipped). Each workbook keeps its own code, so the duplicate check is unaffected."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise HoctapError(f"Không đọc được tệp sáp nhập {path}: {exc.strerror or exc}.") from None
    out: dict[str, tuple[str, str]] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        parts = [clean_text(p) for p in line.replace(";", ",").replace("\t", ",").split(",")]
        if not any(parts) or not parts[0].isdigit():
            continue
        if len(parts) < 2 or not parts[1].isdigit():
            raise HoctapError(f"Tệp sáp nhập {path.name}, dòng {n}: cần \u201cmã cũ;mã mới;tên xã mới\u201d.")
        out[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


def merge(files: list[FileResult], mapping: dict[str, tuple[str, str]], preset: str,
          nam: int | None) -> list[Merged]:
    """Σ÷Σ of the counted workbooks under each new code (targets: the level above's)."""
    groups: dict[str, list[FileResult]] = {}
    names: dict[str, str] = {}
    for f in files:
        if f.counted and f.ma in mapping:
            new, name = mapping[f.ma]
            groups.setdefault(new, []).append(f)
            names[new] = name or names.get(new, "")
    return [Merged(code, names[code], [f.ma for f in group], totals(group, preset, nam))
            for code, group in sorted(groups.items())]


def aggregate(folder: Path, *, cap: str = "huyện", preset: str = "quoc-gia", expected: Path | None = None,
              workers: int | None = None, mapping: dict[str, tuple[str, str]] | None = None,
              progress: Callable[[int, int, str], None] = _progress, parquet: Path | None = None,
              anonymous: bool = False) -> Aggregate:
    if not folder.is_dir():
        raise HoctapError(f"Không có thư mục {folder}.")
    paths, others = scan(folder)
    plan = None
    if parquet is not None:
        import secrets
        import tempfile

        from hoctap_xl.formats import parquet as parquet_out

        if not parquet_out.available():
            raise HoctapError("--parquet cần gói pyarrow: pip install \"hoctap-xl[data]\".")
        parquet.mkdir(parents=True, exist_ok=True)
        plan = ParquetPlan(tempfile.mkdtemp(prefix=".hoctap-parquet-", dir=parquet), anonymous, secrets.token_hex(16))
    files = read_all(paths, folder, workers, progress, plan)
    nam = cross_checks(files)
    if plan is not None and parquet is not None:
        from hoctap_xl.formats.parquet import publish

        publish(Path(plan.staging), parquet, [part for f in files if f.counted for part in f.parts])
    found: list[Finding] = []
    missing: list[str] = []
    if expected is not None:
        counted = [f for f in files if f.status != NOT_READ]
        codes = {f.ma for f in counted if f.ma}
        names = {name_key(f.xa) for f in counted}
        for code, name in expected_communes(expected):
            if (code and code not in codes) or (not code and name_key(name) not in names):
                missing.append(f"{name} ({code})" if code else name)
                found.append(Finding("chua-gui", f"Chưa có sổ của {name}{f' (mã {code})' if code else ''}.",
                                     None, None, expected.name))
    merged = merge(files, mapping, preset, nam) if mapping else []
    return Aggregate(folder, cap, nam, files, others, totals(files, preset, nam), found, missing, merged)


def anonymised(agg: Aggregate) -> Aggregate:
    """``--an-danh`` (Nghị định 13/2023/NĐ-CP): every finding keeps its code, level, file, sheet
    and cell but its message becomes the code's title, which names nobody. The summary workbook,
    the JSON and the report then carry counts and shares only."""
    from hoctap_xl.findings import CODES

    def plain(f: Finding) -> Finding:
        return Finding(f.code, CODES[f.code].title, f.sheet, f.cell, f.file)

    for f in agg.files:
        f.findings = [plain(x) for x in f.findings]
        if f.reason and f.status == NOT_READ:
            f.reason = CODES["tep-khong-doc-duoc"].title
    agg.findings = [plain(x) for x in agg.findings]
    return agg
