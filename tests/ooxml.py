"""Microsoft's Open XML SDK validator as a judge of the files the product writes (issue 13, item 8).

The validator lives outside the repository, in ``../shared/tools/ooxml-validate`` beside the
checkout (see its README: it builds itself on first use into ``~/.cache/ooxml-validate``, a few
minutes). A user's clone has no ``../shared``: the tests that need it skip there. In a git
worktree ``../shared`` is looked for beside the main checkout as well; ``OOXML_VALIDATE`` names the
tool directly.

One validator call costs about 0.3 s of start-up plus 1–1.5 s per version for a template workbook
(6,000 prepared rows): :func:`validate` takes any number of paths and shares them out among one
call per core (each at most ``BATCH`` files), run side by side.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = Path("tools") / "ooxml-validate" / "ooxml-validate"
VERSIONS = "Office2010,Office2019"
BATCH = 60  # files per validator call (the command line stays short; one call per batch)
WORKBOOKS = (".xlsx", ".xlsm")
DOCUMENTS = (".docx",)
MAX_BYTES = 2_000_000  # a 5,000-person workbook is 0.7 MB; 100,000 rows (5.7 MB) take 28 s to validate


@dataclass(frozen=True)
class Problem:
    """One thing the validator says about a file: a schema error, or a file it cannot open."""

    version: str
    kind: str  # Schema, Semantic, Package; or OPEN-FAILED / VALIDATE-FAILED
    part: str
    xpath: str
    description: str
    node: str

    def line(self) -> str:
        """One readable line: what, where."""
        where = f"{self.part} {self.xpath}".strip()
        return f"[{self.version}] {self.kind}: {self.description} — {where} — {self.node[:160]}"


def _candidates() -> list[Path]:
    found = []
    if os.environ.get("OOXML_VALIDATE"):
        found.append(Path(os.environ["OOXML_VALIDATE"]))
    found.append(ROOT.parent / "shared" / TOOL)
    try:  # a git worktree: ../shared beside the main checkout
        common = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True, timeout=30)
        if common.returncode == 0 and common.stdout.strip():
            found.append(Path(common.stdout.strip()).parent.parent / "shared" / TOOL)
    except (OSError, subprocess.SubprocessError):
        pass
    return found


def tool() -> Path | None:
    """The ``ooxml-validate`` command beside the checkout, if ``../shared`` has it."""
    return next((p for p in _candidates() if p.is_file()), None)


def build(command: Path) -> None:
    """Run the tool once with ``--help``: that builds it when it is not built yet (minutes, once)."""
    run = subprocess.run([str(command), "--help"], capture_output=True, text=True, timeout=1800)
    if run.returncode != 0:
        raise RuntimeError(f"{command} could not be built or run:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")


def _parse(output: str, problems: dict[Path, list[Problem]]) -> None:
    for raw in output.splitlines():
        if not raw or raw.startswith("#") or raw.startswith("file\tversion"):
            continue
        f = raw.split("\t")
        path = Path(f[0])
        if len(f) >= 3 and f[1] == "OPEN-FAILED":
            problems[path].append(Problem("-", "OPEN-FAILED", "", "", f[2], ""))
        elif len(f) >= 4 and f[2] == "VALIDATE-FAILED":
            problems[path].append(Problem(f[1], "VALIDATE-FAILED", "", "", f[3][:500], ""))
        elif len(f) >= 8:
            problems[path].append(Problem(f[1], f[2], f[4], f[5], f[6], f[7]))


def _run(command: Path, batch: list[Path], versions: str) -> str:
    run = subprocess.run([str(command), "--versions", versions, "--tsv", *map(str, batch)],
                         capture_output=True, text=True, timeout=1800)
    if run.returncode not in (0, 1, 2):
        raise RuntimeError(f"ooxml-validate failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return run.stdout


def batches(files: list[Path], jobs: int) -> list[list[Path]]:
    """``files`` shared out among ``jobs`` validator calls of about the same total size (largest first,
    each to the lightest call), each call at most ``BATCH`` files."""
    loads: list[tuple[int, list[Path]]] = [(0, []) for _ in range(max(1, jobs))]
    for path in sorted(files, key=lambda p: -p.stat().st_size):
        i = min(range(len(loads)), key=lambda k: loads[k][0])
        loads[i] = (loads[i][0] + path.stat().st_size, [*loads[i][1], path])
    return [group[k:k + BATCH] for _, group in loads for k in range(0, len(group), BATCH) if group]


def validate(command: Path, paths: Iterable[Path], *, versions: str = VERSIONS,
             jobs: int | None = None) -> dict[Path, list[Problem]]:
    """Every problem the validator finds in ``paths``, by file (resolved); a valid file maps to ``[]``.

    The files are shared out among ``jobs`` validator calls run side by side (default: one per
    core), so the whole costs about the largest share."""
    files = [Path(p).resolve() for p in paths]
    problems: dict[Path, list[Problem]] = {p: [] for p in files}
    groups = batches(files, jobs or os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=max(1, len(groups))) as pool:
        outputs = list(pool.map(lambda batch: _run(command, batch, versions), groups))
    for output in outputs:
        found: dict[Path, list[Problem]] = defaultdict(list)
        _parse(output, found)
        for path, listed in found.items():
            problems.setdefault(path, []).extend(listed)
    return problems


def application(path: Path) -> str | None:
    """The program ``docProps/app.xml`` names as the file's writer; None when ``path`` is no OOXML
    package (not a zip, encrypted, empty) or says nothing."""
    try:
        with zipfile.ZipFile(path) as z:
            if "[Content_Types].xml" not in z.namelist():
                return None
            app = z.read("docProps/app.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = re.search(r"<Application>(.*?)</Application>", app, re.S)
    return found.group(1).strip() if found else None


def judged(path: Path) -> bool:
    """Whether ``path`` is a workbook the product wrote: XlsxWriter's, the product's writer (it
    signs "Microsoft Excel"; the product's later patches — cached values, ``score`` — keep that),
    of at most ``MAX_BYTES``. Not judged: what LibreOffice saved (the Calc round trips), what a test
    saved with openpyxl (an official's typing, as Excel would save it — openpyxl signs its own name
    and writes ``<font>`` children out of the schema's order), other programs' files, what is no
    OOXML package at all (the tests' broken inputs: empty, not a zip, encrypted, hand-made zips
    without ``[Content_Types].xml``), and the tests' stress inputs (100,000 rows)."""
    return application(path) == "Microsoft Excel" and path.stat().st_size <= MAX_BYTES


HEAD = 64 * 1024
_TAG = re.compile(rb"<(/?[A-Za-z][\w:.-]*)")
_ATTRIBUTE = re.compile(rb"\s([A-Za-z][\w:.-]*)=")
_TYPE = re.compile(rb"\st=\"(\w+)\"")


def vocabulary(path: Path) -> frozenset[tuple[str, bytes]]:
    """What a schema validator can tell files apart by, roughly: per part (its name without digits),
    which element follows which (tag pairs, closing tags included: order and nesting), the attribute
    names used and the cell types (``t="…"``), read in the first ``HEAD`` bytes of each part (a
    sheet's rows repeat themselves; reading all of them costs more than validating). Two files with
    the same vocabulary are made of the same pieces in the same orders; one of them stands for both.
    Not a zip: its own vocabulary."""
    out: set[tuple[str, bytes]] = set()
    try:
        with zipfile.ZipFile(path) as z:
            for item in z.infolist():
                part = re.sub(r"\d+", "#", item.filename)
                out.add((part, b""))
                if not item.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with z.open(item) as f:
                    data = f.read(HEAD)
                if len(data) == HEAD:  # cut in the middle of a tag: up to the last whole one
                    data = data[:data.rfind(b"<")]
                tags = _TAG.findall(data)
                out.update((part, a + b" " + b) for a, b in set(itertools.pairwise(tags)))
                out.update((part, b"@" + a) for a in set(_ATTRIBUTE.findall(data)))
                out.update((part, b"t=" + t) for t in set(_TYPE.findall(data)))
    except (OSError, zipfile.BadZipFile):
        out.add((str(path.suffix), b"(not a zip)"))
    return frozenset(out)


def representatives(base: Path, suffixes: tuple[str, ...], *,
                    keep: Callable[[Path], bool] = lambda p: True,
                    skip_dirs: tuple[str, ...] = ()) -> tuple[list[Path], int]:
    """A deduplicated set of the files under ``base`` (pytest's basetemp) with one of ``suffixes``,
    and how many files there were to choose from.

    Left out: hidden files (atomic writes' temporaries), files ``keep`` refuses, test directories
    (the first level under ``base``) whose name starts with one of ``skip_dirs``. Of the rest, one
    file per :func:`vocabulary` — the smallest, the quickest to validate — so identical copies and
    files made the same way by many tests are validated once."""
    groups: dict[frozenset[tuple[str, bytes]], list[Path]] = defaultdict(list)
    total = 0
    for path in sorted(base.rglob("*")):
        if path.suffix.lower() not in suffixes or not path.is_file() or path.name.startswith((".", "~$")):
            continue
        if path.relative_to(base).parts[0].startswith(skip_dirs) or not keep(path):
            continue
        total += 1
        groups[vocabulary(path)].append(path)
    return sorted(min(files, key=lambda p: (p.stat().st_size, str(p))) for files in groups.values()), total


def report(problems: dict[Path, list[Problem]], *, base: Path | None = None, limit: int = 8) -> str:
    """The invalid files and their problems, readable (``limit`` problems per file, then a count)."""
    out = []
    for path, listed in sorted(problems.items()):
        if not listed:
            continue
        shown = path.relative_to(base) if base is not None and path.is_relative_to(base) else path
        out.append(f"{shown}: {len(listed)} problem(s)")
        out += [f"    {p.line()}" for p in listed[:limit]]
        if len(listed) > limit:
            out.append(f"    … and {len(listed) - limit} more")
    return "\n".join(out)
