"""The level above's job: every returned workbook in a folder, recomputed from its raw inputs.

Each file is read (python-calamine) and evaluated by the same core as the UDFs in a worker
process; a worker returns a :class:`~hoctap_xl.level_above.files.FileResult`, only what the summary
needs. The checks and totals across files are the pure :mod:`hoctap_xl.level_above`; this module
reads, spreads the work over the cores, and writes the level above's report. Used by
``hoctap-xl aggregate``, the demo and the district workbook's button.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.errors import HoctapError
from hoctap_xl.findings import Finding, finding
from hoctap_xl.formats import isolation
from hoctap_xl.formats.isolation import UNEXPECTED
from hoctap_xl.level_above.checks import compare_cached, cross_checks, missing_communes, rows_read
from hoctap_xl.level_above.files import NOT_READ, Aggregate, FileResult
from hoctap_xl.level_above.totals import merged_communes, parse_expected, parse_mapping, totals
from hoctap_xl.sheets.grid import Grid

WORKBOOK_SUFFIXES = (".xlsm", ".xlsx", ".xlsb", ".xls", ".ods")
Progress = Callable[[int, int, str], None]
"""Called after each file: (files done, files in all, the file's name)."""


def no_progress(done: int, total: int, name: str) -> None:
    """A progress report that shows nothing."""


@dataclass(frozen=True)
class ParquetPlan:
    """Where a worker writes its file's rows as Parquet (a staging folder), and how."""

    staging: str
    anonymous: bool
    salt: str


def with_errors(grids: dict[str, Grid], errors: Mapping[str, Mapping[tuple[int, int], str]]) -> dict[str, Grid]:
    """The grids with each stored error value (``#NAME?``…, which python-calamine reads as a
    blank) written back as its text at its cell, so the result check sees what the cell shows."""
    out = dict(grids)
    for sheet, cells in errors.items():
        grid = grids.get(sheet)
        if grid is None or not cells:
            continue
        rows = [list(r) for r in grid.rows]
        for (row, col), text in cells.items():
            i, j = row - grid.row0, col - grid.col0
            if i < 0 or j < 0:
                continue
            while len(rows) <= i:
                rows.append([])
            if len(rows[i]) <= j:
                rows[i].extend([None] * (j + 1 - len(rows[i])))
            if rows[i][j] in (None, ""):
                rows[i][j] = text
        out[sheet] = replace(grid, rows=rows)
    return out


def _cached_findings(result: CommuneResult, grids: dict[str, Grid], path: Path, name: str) -> list[Finding]:
    from hoctap_xl.formats.sheet_xml import error_cells
    from hoctap_xl.formats.workbook_file import computed_blocks

    try:
        computed = computed_blocks(result, path)
        errors = error_cells(path, sorted({cb.sheet for cb in computed}))
    except Exception:  # .xls, or no formula blocks readable: nothing to compare
        return []
    return compare_cached(computed, with_errors(grids, errors), name)


def _unreadable(name: str, reason: str, detail: str = "") -> FileResult:
    return FileResult(name, status=NOT_READ, reason=reason, detail=detail,
                      findings=[finding("tep-khong-doc-duoc", file=name, reason=reason)])


def read_one(path: str, root: str, parquet: ParquetPlan | None = None) -> FileResult:
    """Read, recompute and check one workbook. Never raises: a file that cannot be read is a
    FileResult with its reason. With ``parquet`` its rows are written now, while held."""
    from hoctap_xl.formats.xlsx_read import load

    p = Path(path)
    name = _name(p, Path(root))
    try:
        data = load(p)
        result = evaluate_workbook(data, file=name)
    except HoctapError as exc:
        return _unreadable(name, str(exc), exc.detail)
    except Exception:  # a bug of ours on a strange file: the run goes on, the file is listed
        import traceback

        return _unreadable(name, UNEXPECTED, traceback.format_exc())
    info = result.info
    counts = {"cong_dan": (len(result.people), sum(p.verdict.recognised for p in result.people))}
    for key in L.MODELS[1:]:
        entries = result.models[key]
        counts[key] = (len(entries), sum(e.verdict.recognised for e in entries))
    findings = list(result.findings) + _cached_findings(result, data.grids, p, name)
    parts: list[str] = []
    if parquet is not None:
        from hoctap_xl.formats.parquet import write_parts

        stem = f"{info.code or 'khong-ma'}_{hashlib.sha1(name.encode()).hexdigest()[:10]}"
        parts = write_parts(result, Path(parquet.staging), stem, name,
                            anonymous=parquet.anonymous, salt=parquet.salt)
    return FileResult(name, parts=parts, commune=info.commune, province=info.province, code=info.code, year=info.year,
                      template=data.meta.get("template_version", ""), rules=result.rules.label,
                      shares=result.shares, counts=counts, level=result.level,
                      rows_read=rows_read(data.grids, result),
                      rows_counted=sum(n for n, _ in counts.values()), findings=findings)


def scan(folder: Path) -> tuple[list[Path], list[str]]:
    """Workbooks (named .xlsm, .xlsx, .xlsb, .xls or .ods, or whose bytes are one of those whatever
    their name; sub-folders included, in name order) and the other files, which are listed. Office's
    lock files (``~$…``) are neither."""
    from hoctap_xl.formats.real_format import holds_spreadsheet

    books: list[Path] = []
    others: list[Path] = []
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name.startswith("~$"):
            continue
        (books if p.suffix.lower() in WORKBOOK_SUFFIXES or holds_spreadsheet(p) else others).append(p)
    return books, [str(p.relative_to(folder)) for p in others]


def read_all(paths: list[Path], root: Path, workers: int | None = None, progress: Progress = no_progress,
             parquet: ParquetPlan | None = None, reader: Callable[..., FileResult] = read_one,
             limits: isolation.Limits = isolation.DEFAULT) -> list[FileResult]:
    """Every file through ``reader`` (:func:`read_one`) in watched worker processes, spread over the
    machine's cores; results in the order of ``paths``. A file whose reading kills its worker
    (a reader's abort, too much memory, too long) is listed as not read, with the reason; the
    other files go on in a fresh worker."""
    n = workers if workers is not None else min(len(paths), os.cpu_count() or 1)
    names = [_name(p, root) for p in paths]
    results: list[FileResult | None] = [None] * len(paths)

    def done(i: int, outcome: isolation.Outcome[FileResult]) -> None:
        results[i] = _file_result(names[i], outcome)
        progress(sum(r is not None for r in results), len(paths), paths[i].name)

    isolation.map_files(reader, [(str(p), str(root), parquet) for p in paths], names, workers=max(n, 1), done=done,
                        limits=limits)
    return [r if r is not None else _unreadable(names[i], "không đọc được") for i, r in enumerate(results)]


def _name(p: Path, root: Path) -> str:
    return str(p.relative_to(root)) if p.is_relative_to(root) else p.name


def _file_result(name: str, outcome: isolation.Outcome[FileResult]) -> FileResult:
    """A worker's FileResult, or the file listed as not read with why its worker ended."""
    if outcome.error is None and outcome.value is not None:
        return outcome.value
    error = outcome.error
    if isinstance(error, HoctapError):
        return _unreadable(name, str(error), error.detail)
    return _unreadable(name, UNEXPECTED, str(error))


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise HoctapError(f"Không đọc được {what} {path}: {exc.strerror or exc}.") from None


def expected_communes(path: Path) -> list[tuple[str, str]]:
    """``--danh-sach FILE``: the communes expected to send a workbook (code, name)."""
    return parse_expected(_read_text(path, "danh sách xã"))


def read_mapping(path: Path) -> dict[str, tuple[str, str]]:
    """``--sap-nhap FILE``: old commune code → (new code, new name)."""
    return parse_mapping(_read_text(path, "tệp sáp nhập"), path.name)


def _parquet_plan(parquet: Path, anonymous: bool) -> ParquetPlan:
    import secrets
    import tempfile

    from hoctap_xl.formats import parquet as parquet_out

    if not parquet_out.available():
        raise HoctapError("--parquet cần gói pyarrow: pip install \"hoctap-xl[data]\".")
    parquet.mkdir(parents=True, exist_ok=True)
    return ParquetPlan(tempfile.mkdtemp(prefix=".hoctap-parquet-", dir=parquet), anonymous, secrets.token_hex(16))


def aggregate(folder: Path, *, cap: str = "huyện", preset: str = "quoc-gia", expected: Path | None = None,
              workers: int | None = None, mapping: dict[str, tuple[str, str]] | None = None,
              progress: Progress = no_progress, parquet: Path | None = None,
              anonymous: bool = False) -> Aggregate:
    """Every workbook of ``folder`` read, recomputed and checked; the totals; the missing communes."""
    if not folder.is_dir():
        raise HoctapError(f"Không có thư mục {folder}.")
    paths, others = scan(folder)
    plan = _parquet_plan(parquet, anonymous) if parquet is not None else None
    files = read_all(paths, folder, workers, progress, plan)
    nam = cross_checks(files)
    if plan is not None and parquet is not None:
        from hoctap_xl.formats.parquet import publish

        publish(Path(plan.staging), parquet, [part for f in files if f.counted for part in f.parts])
    missing: list[str] = []
    found: list[Finding] = []
    if expected is not None:
        missing, found = missing_communes(files, expected_communes(expected), expected.name)
    merged = merged_communes(files, mapping, preset, nam) if mapping else []
    return Aggregate(folder, cap, nam, files, others, totals(files, preset, nam), found, missing, merged)


def write_report(agg: Aggregate, folder: Path, *, body: str, place: str) -> Path:
    """The level above's report (Word) in ``folder``; its path."""
    from hoctap_xl.documents.commune_facts import commune_of_name
    from hoctap_xl.documents.district import district_plan
    from hoctap_xl.formats.docx_render import DocumentError, render_file, template_dir

    if agg.year is None:
        raise DocumentError("Không có sổ nào đọc được năm đánh giá: chưa viết được báo cáo tổng hợp.")
    invalid = [f"{f.file}: {f.reason or f.status}" for f in agg.files if not f.counted] + \
              [f"{m}: chưa gửi sổ" for m in agg.missing]
    plan = district_plan([(commune_of_name(f.commune), f.shares) for f in agg.counted], agg.totals, body=body,
                         place=place, year=agg.year, invalid=invalid)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / plan.file
    render_file(plan, template_dir(), target)
    return target
