"""Docs are part of the product: the findings page, the README commands, CLI help."""

from __future__ import annotations

import re
from pathlib import Path

from hoctap_xl import findings
from hoctap_xl.cli.main import build_parser, synopsis

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "hoctap_xl"
USE = re.compile(r"""(?:\b[Ff]inding\(|\.add\()\s*["']([a-z0-9-]+)["']""")


def used_codes() -> set[str]:
    return {m.group(1) for f in SRC.rglob("*.py") for m in USE.finditer(f.read_text(encoding="utf-8"))}


def test_every_code_used_is_documented_and_every_documented_code_is_used():
    used = used_codes()
    assert used, "the pattern finds the codes"
    assert used - set(findings.CODES) == set()
    assert set(findings.CODES) - used == set()


def test_findings_page_is_current():
    assert (ROOT / "docs" / "findings.md").read_text(encoding="utf-8") == findings.markdown()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert len(blocks) >= 2
    demo, test = blocks[0].strip(), blocks[1].strip()
    assert demo.endswith("hoctap-xl demo")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_every_command_has_help_and_is_in_the_docs():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    guide = (ROOT / "docs" / "huong-dan-su-dung.md").read_text(encoding="utf-8")
    for name, p in sub.choices.items():
        assert p.description, name
        assert f"hoctap-xl {name}" in guide, name
        for action in p._actions:
            assert action.help or not action.option_strings, (name, action.dest)
            for option in action.option_strings:
                assert option == "-h" or option == "--help" or option in guide, (name, option)


def _readme_commands() -> dict[str, str]:
    """The README's command table: command name → the form in its first column."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(hoctap-xl ([a-z-]+)[^`]*)` \|", readme, re.M)
    return {name: form.replace("\\|", "|") for form, name in rows}


def test_readme_command_table_is_the_parser():
    """Every command, with every option, written as the parser takes it (sqlite-utils' idea)."""
    assert _readme_commands() == synopsis()


def test_every_finding_is_made_from_its_codes_template():
    """Messages come from one template per code (``findings.CODES[code].message``), never written at
    the call site: outside findings.py nothing constructs a ``Finding`` itself."""
    import ast
    import string

    for path in SRC.rglob("*.py"):
        if path.name == "findings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "Finding", f"{path.relative_to(SRC)}:{node.lineno} builds a Finding by hand"
    for code, c in findings.CODES.items():
        fields = [name for _, name, _, _ in string.Formatter().parse(c.message) if name is not None]
        assert all(name.isidentifier() for name in fields), (code, c.message)
