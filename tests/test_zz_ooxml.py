"""Every workbook the product writes passes Microsoft's Open XML SDK validator, Office 2010 and 2019
(issue 13, item 8): the shipped workbooks, and what this session's tests wrote under pytest's basetemp.

These tests run last (marker ``last``, see conftest.py), after every other test has written its
files. What the tests wrote is deduplicated (one file per "vocabulary": the same parts, element
orders, attributes and cell types — see ``ooxml.representatives``) and everything is validated in as few
validator calls as possible (one per core, side by side), once for the module. Judged are the
workbooks the product's writer (XlsxWriter) made — not what LibreOffice or a test's openpyxl
saved, nor the tests' broken and stress inputs (``ooxml.judged``, ``INPUTS``). Cost, measured
on the whole suite (2 cores): 159 workbooks written, 14 validated, with 2 shipped workbooks and
15 Word documents — about 15 s in all (choosing the files 4 s, the validator the rest); all 159
validated one by one took 3 minutes.

Word documents are validated too — the shipped templates and, of the documents the tests rendered, the
smallest of every kind (each model's quyết định, tờ trình and giấy công nhận, the báo cáo, the level
above's báo cáo tổng hợp; issue 15, item 6) — and listed at the end of the run under "Open XML SDK
validator".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import ooxml

pytestmark = pytest.mark.last

SHIPPED_WORKBOOKS = sorted((ooxml.ROOT / "workbook").glob("*.xlsm"))
SHIPPED_DOCUMENTS = sorted((ooxml.ROOT / "templates" / "docx").glob("*.docx"))
DOCUMENTS = 10  # at least this many Word documents the tests wrote are validated (every kind, then the smallest)
# test directories (pytest names them after the test, cut at 30 characters) holding workbooks made
# invalid on purpose, as inputs the product must refuse
INPUTS = ("test_hostile_workbooks_are_ref", "outside-corpus", "test_a_folder_of_every_unreada")


def _every_kind(documents: list[Path]) -> list[Path]:
    """The smallest document of every kind the tests wrote (``quyet-dinh-gia-dinh``, ``bao-cao-tong-hop``…:
    the file name without its year), then the smallest others up to :data:`DOCUMENTS` in all."""
    by_size = sorted(documents, key=lambda p: (p.stat().st_size, str(p)))
    kinds: dict[str, Path] = {}
    for path in by_size:
        kinds.setdefault(re.sub(r"-\d{4}$", "", path.stem), path)
    chosen = set(kinds.values())
    chosen.update(by_size[:max(0, DOCUMENTS - len(chosen))])
    return sorted(chosen)


class Verdicts:
    def __init__(self, base: Path, problems: dict[Path, list[ooxml.Problem]], written: list[Path],
                 written_total: int, documents: list[Path], documents_total: int) -> None:
        self.base, self.problems = base, problems
        self.written, self.written_total = written, written_total
        self.documents, self.documents_total = documents, documents_total


@pytest.fixture(scope="module")
def verdicts(ooxml_validator: Path, tmp_path_factory: pytest.TempPathFactory) -> Verdicts:
    base = tmp_path_factory.getbasetemp().resolve()
    written, written_total = ooxml.representatives(base, ooxml.WORKBOOKS, keep=ooxml.judged,
                                                   skip_dirs=INPUTS)
    documents, documents_total = ooxml.representatives(base, ooxml.DOCUMENTS,
                                                       keep=lambda p: ooxml.application(p) is not None)
    documents = _every_kind(documents)
    files = [*SHIPPED_WORKBOOKS, *written, *SHIPPED_DOCUMENTS, *documents]
    problems = ooxml.validate(ooxml_validator, files)
    return Verdicts(base, problems, [p.resolve() for p in written], written_total,
                    [p.resolve() for p in documents], documents_total)


def _invalid(v: Verdicts, paths: list[Path]) -> dict[Path, list[ooxml.Problem]]:
    return {p: v.problems[p.resolve()] for p in paths if v.problems[p.resolve()]}


def test_shipped_workbooks_are_valid(verdicts):
    assert SHIPPED_WORKBOOKS
    bad = _invalid(verdicts, SHIPPED_WORKBOOKS)
    assert not bad, "Open XML SDK (Office 2010, 2019) finds errors in the shipped workbooks:\n" + ooxml.report(bad)


def test_workbooks_the_tests_wrote_are_valid(verdicts, ooxml_report):
    if not verdicts.written:
        pytest.skip("no test of this session wrote a workbook (run with the other tests)")
    bad = _invalid(verdicts, verdicts.written)
    ooxml_report.append(f"workbooks: {len(verdicts.written)} validated of {verdicts.written_total} the tests wrote "
                        f"(deduplicated), {len(bad)} invalid; shipped: {len(SHIPPED_WORKBOOKS)}")
    assert not bad, (f"Open XML SDK (Office 2010, 2019) finds errors in {len(bad)} of the {len(verdicts.written)} "
                     f"workbooks validated (under {verdicts.base}):\n" + ooxml.report(bad, base=verdicts.base))


def test_word_documents_are_valid(verdicts, ooxml_report):
    """The shipped templates and the documents the tests rendered: listed, and none may be invalid."""
    paths = [*SHIPPED_DOCUMENTS, *verdicts.documents]
    bad = _invalid(verdicts, paths)
    kinds: dict[str, set[tuple[Path, str]]] = {}  # one error found for both versions counts once
    for path, listed in bad.items():
        for p in listed:
            kinds.setdefault(p.description, set()).add((path, p.xpath))
    ooxml_report.append(f"Word documents: {len(paths)} validated ({len(SHIPPED_DOCUMENTS)} shipped "
                        f"templates, {len(verdicts.documents)} of {verdicts.documents_total} the tests wrote), "
                        f"{len(bad)} with errors")
    ooxml_report += [f"    {len(n)} × {d}" for d, n in sorted(kinds.items(), key=lambda kv: -len(kv[1]))]
    for path in sorted(bad):
        where = next((b for b in (verdicts.base, ooxml.ROOT) if path.is_relative_to(b)), None)
        errors = {(p.xpath, p.description) for p in bad[path]}
        ooxml_report.append(f"    {path.relative_to(where) if where else path}: {len(errors)}")
    assert not bad, "Open XML SDK (Office 2010, 2019) finds errors in Word documents:\n" + ooxml.report(bad)
