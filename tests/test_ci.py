"""CI has what the tests need: LibreOffice Calc (the Calc tests never skip there) and, beside the
checkout, Microsoft's Open XML SDK validator; the setup scripts the README's test command runs."""

from __future__ import annotations

import os
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from . import ooxml
from .calc import soffice

ROOT = Path(__file__).resolve().parents[1]
CI = bool(os.environ.get("CI"))


@pytest.mark.skipif(not CI, reason="only in CI (CI set), where the Calc tests must never skip")
def test_calc_is_installed_in_ci():
    assert soffice(), "LibreOffice Calc is missing in CI: .ci/setup-calc.sh (the README's test command) installs it"


@pytest.mark.skipif(not CI, reason="only in CI (CI set)")
def test_the_validator_is_found_in_ci_when_shared_is_beside_the_checkout():
    if not any(p.parent.is_dir() for p in ooxml._candidates()):
        pytest.skip("no ../shared/tools/ooxml-validate beside this checkout")
    assert ooxml.tool() is not None


def test_setup_scripts_are_shell_without_syntax_errors():
    for script in [*sorted((ROOT / ".ci").glob("*.sh")), ROOT / ".ci" / "run"]:
        run = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True)
        assert run.returncode == 0, (script.name, run.stderr)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed: the script would install it")
def test_setup_calc_does_nothing_when_calc_and_writer_are_there():
    run = subprocess.run(["sh", str(ROOT / ".ci" / "setup-calc.sh")], capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_the_validator_output_is_read_file_by_file(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.docx"
    out = "\n".join([
        "# Open XML SDK 3.5.1.0 on .NET 10.0.13; versions: Office2010,Office2019",
        "file\tversion\terrorType\tid\tpart\txpath\tdescription\tnode\trelatedPart\trelatedNode",
        f"#COUNT\t{a}\tOffice2010\t1",
        f"{a}\tOffice2010\tSchema\tSch_X\t/xl/styles.xml\t/x:styleSheet[1]\tbad order\tFont <x:font>\t\t",
        f"#COUNT\t{a}\tOffice2019\t0",
        f"{b}\tOPEN-FAILED\tSystem.IO.FileFormatException: File contains corrupted data.",
    ])
    found: defaultdict[Path, list[ooxml.Problem]] = defaultdict(list)
    ooxml._parse(out, found)
    assert [p.kind for p in found[a]] == ["Schema"] and found[a][0].part == "/xl/styles.xml"
    assert found[b][0].kind == "OPEN-FAILED"


def test_files_are_shared_out_evenly_among_validator_calls(tmp_path):
    sizes = [500, 400, 300, 200, 100, 100]
    files = []
    for i, n in enumerate(sizes):
        (tmp_path / f"{i}.xlsx").write_bytes(b"x" * n)
        files.append(tmp_path / f"{i}.xlsx")
    groups = ooxml.batches(files, 2)
    assert sorted(sum(p.stat().st_size for p in g) for g in groups) == [800, 800]
    assert sorted(p for g in groups for p in g) == sorted(files)
