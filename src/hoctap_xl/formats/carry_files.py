"""Reading a workbook into a :class:`~hoctap_xl.carry.content.Content` and writing one back as a fresh
workbook of the current template (the file edge of next-year, split, merge, import, upgrade).

Writing never touches the source: the new workbook is built beside its target and moved into
place (``workbook.build_with_vba``); an existing target is refused unless the caller asks for
the replacement (merge/import, which keep a backup first).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from hoctap_xl import layout as L
from hoctap_xl.carry.content import Content, capacity_problems, comparable, content_of
from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.commune.legacy_text import convert_grids
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.findings import Finding
from hoctap_xl.formats.atomic import replacing
from hoctap_xl.formats.workbook_file import OutputError, check_output
from hoctap_xl.formats.xlsx_read import WorkbookData, load
from hoctap_xl.rules import targets as T


@dataclass
class Loaded:
    """A workbook read for carrying: the file as read, its content, and its findings."""

    data: WorkbookData
    content: Content
    findings: list[Finding]
    """The workbook's own findings (as ``check``) and what cannot be carried."""

    def evaluate(self) -> CommuneResult:
        """The workbook's results, recomputed from its grids."""
        return evaluate_workbook(self.data, reader_findings=False)


def read(path: str | Path, *, unicode: bool = False) -> Loaded:
    """A workbook's content. With ``unicode``, text typed in TCVN3/VNI is carried as Unicode
    (each sheet's conversion a ``bang-ma-cu`` finding); otherwise exactly as typed."""
    data = load(path)
    grids, converted = convert_grids(data.grids, data.path.name) if unicode else (data.grids, [])
    content, findings = content_of(grids, data.rules, data.meta, data.sheets, file=data.path.name)
    return Loaded(data, content, list(data.findings) + converted + findings)


def write(content: Content, out: Path, *, overwrite: bool = False, source: str = "") -> Path:
    """A fresh workbook of the current template holding ``content`` (values computed and cached).
    ``source`` is recorded in ``_meta`` (``tao_tu``) so a workbook says where it came from."""
    from hoctap_xl.formats.template import build_workbook
    from hoctap_xl.formats.workbook_file import build_with_vba, score_file

    out = Path(out)
    check_output(out, overwrite)
    too_many = capacity_problems(content)
    if too_many:
        raise OutputError("Không ghi được sổ mới: " + "; ".join(too_many) + ". Không có gì bị ghi.")
    notes: dict[str, str] = {}
    if content.preset and content.year:
        try:
            notes = T.for_commune(content.preset, content.year, False).notes
        except T.TargetError:
            notes = {}
    meta = {k: v for k, v in content.meta.items() if k not in ("template_version", "cau_truc_hash")}
    if source:
        meta["tao_tu"] = source

    def build(tmp: Path, vba: Path | None) -> None:
        build_workbook(tmp, content.info, content.rules, content.targets, target_note=content.target_note,
                       target_notes=notes, preset=content.preset, tables=content.rows_as_dicts(),
                       vba_project=vba, report_text=content.report_text, meta=meta)
        score_file(tmp, tmp)

    return build_with_vba(out, build)


def backup(path: Path) -> Path:
    """A copy of ``path`` beside it, named with the time (``so.bak-20261127-0930.xlsm``)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.bak-{stamp}{path.suffix}")
    with replacing(target) as tmp:
        shutil.copy2(path, tmp)
    return target


def differences(expected: Content, out: Path) -> list[str]:
    """Read the written workbook back and compare every input cell of every row with what was
    meant to be written: a carried workbook proves it lost nothing (empty list) before it is
    handed over."""
    written = read(out).content
    problems: list[str] = []
    for key, rows in expected.tables.items():
        got = written.tables.get(key, [])
        sheet = L.TABLES[key].sheet
        if len(got) != len(rows):
            problems.append(f"{sheet}: {len(rows)} dòng cần ghi, đọc lại được {len(got)}")
            continue
        for want, have in zip(rows, got, strict=True):
            for head, value in want.values.items():
                if comparable(value) != comparable(have.values.get(head)):
                    problems.append(f"{sheet} dòng {have.row}, cột \u201c{head}\u201d: cần {value!r}, "
                                    f"đọc lại {have.values.get(head)!r}")
    for label, value in expected.info.items():
        if comparable(value) != comparable(written.info.get(label)):
            problems.append(f"{L.THONG_TIN}, \u201c{label}\u201d: cần {value!r}, đọc lại {written.info.get(label)!r}")
    return problems

