"""Nothing changed that a command did not write (issue 6): every command run on real files, each
input hashed before and after. Writing into a workbook is tested where it is the command's job:
`score` without --out (atomic), `merge` and `import --dong-y` (backup first, tests/test_roundtrip.py
and tests/test_import.py); every other command only reads its inputs."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.samples import generator as sample

ROOT = Path(__file__).resolve().parents[1]


def _hashes(*paths: Path) -> dict[str, str]:
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*")))]
    return {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.is_file()}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True,
                         timeout=300)
    assert "Traceback" not in run.stderr, run.stderr[-800:]
    return run


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("vao")
    out = {}
    for year in (2024, 2025):
        s = sample.generate(5, province="Lạng Sơn", commune="Tân Văn", year=year, code="06166", persons=80,
                            households=30,
                            thon=3, mistakes=False)
        path = d / f"tan-van-{year}.xlsm"
        new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=year, code="06166", info=s.info,
                     tables=s.tables)
        out[str(year)] = path
    folder = d / "so-cac-xa"
    folder.mkdir()
    shutil.copy(out["2025"], folder / "06166.xlsm")
    (d / "danh-sach.csv").write_text("ma,xa\n06166,Tân Văn\n06167,Tân Lập\n", encoding="utf-8")
    out["folder"], out["list"] = folder, d / "danh-sach.csv"
    out["templates"] = ROOT / "templates" / "docx"
    return out


@pytest.mark.parametrize("command", [
    ["check", "{2025}"],
    ["check", "{2025}", "--json"],
    ["results", "{2025}", "--json"],
    ["score", "{2025}", "--out", "{tmp}/diem.xlsm"],
    ["report", "{2025}", "--out", "{tmp}/van-ban", "--nam-truoc", "{2024}", "--mau", "{templates}", "--force"],
    ["check-template", "{templates}/bao-cao.docx"],
    ["aggregate", "{folder}", "--out", "{tmp}/tong-hop.xlsx", "--report", "{tmp}/bc", "--danh-sach", "{list}"],
    ["next-year", "{2025}", "{tmp}/2026.xlsm"],
    ["upgrade", "{2024}", "{tmp}/moi.xlsm"],
    ["split", "{2025}", "--theo-thon", "{tmp}/thon"],
    ["import", "{2024}", "--sheet", "Công dân học tập", "--into", "{2025}", "--bang", "cong-dan"],  # a preview
], ids=lambda c: " ".join(c[:1] + [a for a in c[1:] if a.startswith("--")]))
def test_a_command_leaves_its_inputs_as_they_were(files, tmp_path, command):
    inputs = [files["2025"], files["2024"], files["folder"], files["list"], files["templates"]]
    before = _hashes(*inputs)
    places = {"{tmp}": str(tmp_path), **{"{" + k + "}": str(v) for k, v in files.items()}}
    args = []
    for a in command:
        for key, value in places.items():
            a = a.replace(key, value)
        args.append(a)
    run = _run(*args)
    assert run.returncode in (0, 1), (run.returncode, run.stderr[-800:])
    assert _hashes(*inputs) == before
    if any(a.startswith("{tmp}") for a in command):
        assert list(tmp_path.iterdir()), "the command wrote its output where it was told"


def test_new_workbook_refuses_to_overwrite(files):
    before = _hashes(files["2025"])
    run = _run("new-workbook", str(files["2025"]), "--tinh", "Lạng Sơn", "--xa", "Tân Văn", "--nam", "2025")
    assert run.returncode == 2 and "đã có" in run.stderr
    assert _hashes(files["2025"]) == before
