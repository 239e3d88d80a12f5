"""Carrying a workbook over, shared by the commands and the buttons: next year's workbook, one
workbook per thôn and back, a list imported, an upgrade. Each writes a fresh workbook of the current
template and reads it back to prove nothing was lost (:func:`write_checked`) before handing it over;
writing into an existing workbook keeps a backup first."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from hoctap_xl import layout as L
from hoctap_xl.carry.content import Content, Row
from hoctap_xl.carry.next_year import Carried
from hoctap_xl.carry.split_merge import Merged, Split
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.errors import HoctapError
from hoctap_xl.findings import Finding, finding
from hoctap_xl.formats.carry_files import Loaded, backup, differences, read, write
from hoctap_xl.rules.ruleset import RuleSet


class NotWritten(HoctapError):
    """Nothing was written (the message says why); the workbooks are as they were."""


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (also through links)."""
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def refuse_same(source: Path, out: Path) -> None:
    """Refuse to write a new workbook over the one it comes from."""
    if same_file(source, out):
        raise NotWritten(f"Sổ mới phải là tệp khác sổ cũ ({out}); sổ cũ được giữ nguyên.")


def write_checked(content: Content, out: Path, *, source: str, overwrite: bool = False,
                  restore: Path | None = None) -> None:
    """Write, read back, compare. A workbook that did not come back whole is removed — or, when
    it replaced one, the backup ``restore`` is put back."""
    write(content, out, overwrite=overwrite, source=source)
    problems = differences(content, out)
    if problems:
        if restore is not None:
            shutil.copy2(restore, out)
            what = "đã chép lại bản sao lưu, sổ như trước"
        else:
            out.unlink(missing_ok=True)
            what = "đã xóa sổ mới, sổ cũ không đổi"
        raise NotWritten(f"Sổ ghi ra đọc lại không khớp với dữ liệu cần ghi ({what}): " + "; ".join(problems[:5]))


def make_next_year(content: Content, result: CommuneResult, new: Path, source: str, *, year: int | None = None,
                   rules: RuleSet | None = None) -> Carried:
    """Write next year's workbook (checked) from a workbook's content and results: the command
    and the ``Sang năm mới`` button."""
    from hoctap_xl.carry.next_year import next_year

    carried, done = next_year(content, result, year, rules)
    write_checked(carried, new, source=f"{source} (sang năm {done.new_year})")
    return done


def upgrade(old: Path, new: Path, *, unicode: bool = False) -> tuple[Loaded, str]:
    """Write ``old``'s content as a workbook of the current template (checked); what was read, and
    the old template's version."""
    refuse_same(old, new)
    loaded = read(old, unicode=unicode)
    version = loaded.data.meta.get("template_version", "") or "không rõ"
    write_checked(loaded.content, new, source=f"{old.name} (nâng cấp từ mẫu {version})")
    return loaded, version


def part_name(code: str, thon: str) -> str:
    """A thôn workbook's file name: the commune's code and the thôn's name without diacritics."""
    from hoctap_xl.text.ascii import ascii_fold

    words = re.sub(r"[^A-Za-z0-9]+", "_", ascii_fold(thon)).strip("_") or "thon"
    return f"{code + '_' if code else ''}{words}.xlsm"


def make_split(content: Content, source: str, folder: Path) -> tuple[Split, list[Path]]:
    """One checked workbook per thôn in ``folder`` (created; existing files are never replaced):
    the command and the ``Tách theo thôn`` button."""
    from hoctap_xl.carry.split_merge import split

    code = str(content.info.get(L.L_MA) or "").strip()
    result = split(content, source)
    if not result.parts:
        raise NotWritten(f"Sổ {source} chưa có thôn nào trong sheet \u201c{L.THON}\u201d; không tách được.")
    targets = [folder / part_name(code, p.thon) for p in result.parts]
    if len(set(targets)) != len(targets):
        raise NotWritten("Hai thôn cho cùng một tên tệp (tên thôn chỉ khác dấu); hãy sửa tên thôn cho khác.")
    existing = [t.name for t in targets if t.exists()]
    if existing:
        raise NotWritten(f"Thư mục {folder} đã có {', '.join(existing[:3])}; chọn thư mục khác để không ghi đè.")
    folder.mkdir(parents=True, exist_ok=True)
    for part, target in zip(result.parts, targets, strict=True):
        write_checked(part.content, target, source=f"{source} (tách cho {part.thon})")
    return result, targets


def returned_files(folder: Path, into: Path) -> list[Path]:
    """The thôn workbooks in ``folder`` (not backups, lock files or the commune workbook itself):
    every spreadsheet, by its name or by its bytes (a chi hội may have saved it as ``.xls``), so
    none is passed over without a word — what cannot be merged is said so."""
    from hoctap_xl.formats.real_format import LABEL, holds_spreadsheet

    return sorted(p for p in folder.iterdir()
                  if p.is_file() and (p.suffix.lower() in LABEL or holds_spreadsheet(p))
                  and not p.name.startswith(("~$", ".")) and ".bak-" not in p.name and not same_file(p, into))


@dataclass
class MergeOutcome:
    """What merging a folder of thôn workbooks did: the merge, the backup, every finding."""

    merged: Merged
    saved: Path | None
    findings: list[Finding] = field(default_factory=list)


def merge_folder(folder: Path, into: Path) -> MergeOutcome:
    """Bring the thôn workbooks of ``folder`` back into ``into`` (backup first, written only when
    something changed); conflicts are listed, never applied."""
    from hoctap_xl.carry.content import content_of
    from hoctap_xl.carry.split_merge import Returned, merge
    from hoctap_xl.formats.isolation import UNEXPECTED, WorkerBug
    from hoctap_xl.formats.xlsx_read import load

    if not folder.is_dir():
        raise NotWritten(f"Không có thư mục {folder}.")
    base = read(into)
    returned: list[Returned] = []
    unreadable: list[Finding] = []
    for path in returned_files(folder, into):
        try:
            data = load(path)
        except HoctapError as exc:
            unreadable.append(finding("tep-khong-doc-duoc", file=path.name, reason=str(exc)))
            continue
        except WorkerBug:  # a bug of ours on a strange file: the other thôn files still come back
            unreadable.append(finding("tep-khong-doc-duoc", file=path.name, reason=UNEXPECTED))
            continue
        content, _ = content_of(data.grids, data.rules, data.meta, data.sheets, file=path.name)
        returned.append(Returned(path.name, data.meta, content.tables))
    if not returned and not unreadable:
        raise NotWritten(f"Thư mục {folder} không có tệp thôn nào (.xlsm).")
    merged = merge(base.content, returned)
    saved = None
    if sum(a.added + a.updated for a in merged.accounts):
        saved = backup(into)
        write_checked(merged.content, into, source=f"gộp {len(merged.accounts)} tệp thôn từ {folder.name}",
                      overwrite=True, restore=saved)
    return MergeOutcome(merged, saved, unreadable + merged.findings)


def add_rows(base: Loaded, key: str, rows: list[Row], into: Path, source: str) -> Path:
    """Append imported ``rows`` to table ``key`` of ``into`` (backup first, checked); the backup."""
    content = base.content.copy()
    content.tables[key] = content.tables.get(key, []) + rows
    saved = backup(into)
    write_checked(content, into, source=f"nhập {source}", overwrite=True, restore=saved)
    return saved
