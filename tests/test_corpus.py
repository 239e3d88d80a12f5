"""Every file of the corpus (tests/corpus/build.py) through `check --json`: the expected codes,
the expected exit code, never a traceback, and the file unchanged by the read."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from .corpus.build import CASES, build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return {case.name: path for case, path in build(tmp_path_factory.mktemp("corpus"))}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_file_gives_its_findings(corpus, case):
    if case.name not in corpus:
        pytest.skip("needs a tool this machine lacks (see tests/corpus/build.py)")
    path = corpus[case.name]
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "check", str(path), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr
    assert run.returncode == case.exit, (run.returncode, run.stdout[-500:], run.stderr[-500:])
    if case.exit == 2:
        assert path.name in run.stderr
    else:
        codes = {f["ma"] for f in json.loads(run.stdout)["phat_hien"]}
        assert case.must <= codes, (case.must - codes, codes)
        assert not case.never & codes, case.never & codes
        assert any(case.says in f["thong_diep"] for f in json.loads(run.stdout)["phat_hien"])
        for f in json.loads(run.stdout)["phat_hien"]:
            if f["muc_do"] == "lỗi" and f["ma"] not in ("thieu-sheet", "sai-tieu-de", "bo-tieu-chi-bi-sua"):
                assert f["sheet"], f  # a row-level error names its sheet (and its cell where it has one)
    if case.same_results:
        assert _results(path) == _results(path.parent / "_goc.xlsm")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def _results(path):
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "results", str(path), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-500:]
    data = json.loads(run.stdout)
    return {k: v for k, v in data.items() if k not in ("tep", "phat_hien")}


def test_corpus_has_at_least_40_cases():
    assert len(CASES) >= 40 and len({c.name for c in CASES}) == len(CASES)
