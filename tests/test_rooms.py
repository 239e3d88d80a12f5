"""The package laid out as its architecture (docs/developer-guide.md, "Rooms").

Read from the source with ``ast`` (lazy imports inside functions count): no import cycle, no room
importing a room above it, the pure rooms free of every Excel, Word and file library, and every
pure module importable with those libraries absent.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "hoctap_xl"

BOTTOM = {"errors", "findings", "layout"}
PURE = {"text", "rules", "sheets", "commune", "carry", "documents", "level_above", "samples"}
EDGES = {"formats", "services", "excel", "cli", "udfs", "buttons", "district_buttons"}
LEVEL = {**{m: 0 for m in BOTTOM}, **{r: 1 for r in PURE}, "formats": 2, "services": 3, "excel": 4, "cli": 4,
         "udfs": 5, "buttons": 5, "district_buttons": 5}
"""Imports point down: a room may import rooms of a lower level and, inside a level, only as drawn in
the developer guide (``PURE_ORDER``)."""
PURE_ORDER = ["text", "rules", "sheets", "commune", "carry", "documents", "level_above", "samples"]
"""The pure rooms from the bottom up: each may import those before it, never one after it."""
LIBRARIES = {"xlwings", "openpyxl", "xlsxwriter", "python_calamine", "docxtpl", "docx", "matplotlib", "pandas",
             "pyarrow", "win32com", "lxml", "zipfile", "tempfile", "subprocess", "multiprocessing",
             "concurrent", "shutil", "tkinter"}
"""What a pure room never imports: Excel, Word and file libraries, processes, temporary files."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str) -> tuple[set[str], set[str]]:
    """The package's modules and the outside top-level packages one module imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    inner, outer = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            if not target.startswith("hoctap_xl"):
                outer.add(target.split(".")[0])
                continue
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and not target.startswith(name + "."):
                inner.add(target)
    return inner, outer


GRAPH = {name: _imports(name) for name in MODULES}


def _room(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_import_cycle():
    seen: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for dep in sorted(GRAPH[node][0]):
            if cycle:
                return
            if seen.get(dep) == 1:
                cycle.extend([*path[path.index(dep):], dep])
                return
            if dep not in seen:
                visit(dep, [*path, dep])
        seen[node] = 2

    for name in sorted(MODULES):
        if name not in seen:
            visit(name, [name])
    assert not cycle, " → ".join(cycle)


def test_imports_point_down():
    upward = []
    for name, (inner, _) in GRAPH.items():
        room = _room(name)
        if not room:
            continue
        for dep in inner:
            other = _room(dep)
            if not other or other == room:
                continue
            if LEVEL[other] > LEVEL[room] or (
                    LEVEL[other] == LEVEL[room] == 1 and PURE_ORDER.index(other) > PURE_ORDER.index(room)):
                upward.append(f"{name} → {dep}")
            if LEVEL[other] == LEVEL[room] and room in {"excel", "cli"}:
                upward.append(f"{name} → {dep} (the Excel edge and the command line share services, not code)")
    assert not upward, upward


def test_every_module_sits_in_a_known_room():
    assert {_room(n) for n in MODULES} - {""} <= BOTTOM | PURE | EDGES
    top = sorted(n for n in MODULES if n.count(".") == 1 and MODULES[n].name != "__init__.py")
    assert len(top) <= 8, top


@pytest.mark.parametrize("room", sorted(PURE | BOTTOM))
def test_pure_rooms_import_no_edge_and_no_library(room):
    bad = []
    for name, (inner, outer) in GRAPH.items():
        if _room(name) != room:
            continue
        bad += [f"{name} → {lib}" for lib in outer & LIBRARIES]
        bad += [f"{name} → {dep}" for dep in inner if _room(dep) in EDGES]
    assert not bad, bad


def test_pure_modules_import_with_excel_and_word_libraries_absent():
    pure = sorted(n for n in MODULES if _room(n) in PURE | BOTTOM)
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {sorted(LIBRARIES - {'zipfile', 'tempfile', 'subprocess', 'shutil'})!r}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        + "".join(f"import {m}\n" for m in pure)
        + "from hoctap_xl.rules import ruleset; ruleset.default()\n"
        "print('ok')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


def test_no_module_over_500_lines():
    long = {n: p.read_text(encoding="utf8").count("\n") for n, p in MODULES.items()}
    assert max(long.values()) <= 500, sorted(((v, k) for k, v in long.items() if v > 500), reverse=True)
