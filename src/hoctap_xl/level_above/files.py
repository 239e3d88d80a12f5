"""What the level above knows of each returned file and of the whole folder, as plain data.

A :class:`FileResult` is as small as the summary needs — the commune's facts, its shares, counts per
model, rows read/counted/rejected, findings — so it crosses process boundaries cheaply and memory
stays bounded however many files there are. :class:`Aggregate` is the folder's outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hoctap_xl.commune.results import Share
from hoctap_xl.findings import Finding
from hoctap_xl.text.values import name_key

COUNTED, NOT_READ, DUPLICATE, OTHER_YEAR = "đã tính", "không đọc được", "trùng xã", "khác năm"
"""A file's status, as the summary prints it."""


@dataclass
class FileResult:
    """One file, as small as the summary needs (picklable: it crosses process boundaries)."""

    file: str                       # path relative to the folder
    status: str = COUNTED
    reason: str = ""
    commune: str = ""
    province: str = ""
    code: str = ""
    year: int | None = None
    template: str = ""
    rules: str = ""
    shares: list[Share] = field(default_factory=list)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)   # model → (registered, recognised)
    level: int = 0
    rows_read: int = 0
    rows_counted: int = 0
    findings: list[Finding] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)     # Parquet files written (staging, relative)
    detail: str = ""                # why it was not read, technically (crash log only, never shown)

    @property
    def rows_rejected(self) -> int:
        """Rows read but not counted (each has a finding)."""
        return self.rows_read - self.rows_counted

    @property
    def counted(self) -> bool:
        """Whether the file counts in the totals."""
        return self.status == COUNTED

    @property
    def has_errors(self) -> bool:
        """Whether the file was not counted or has a ``lỗi``."""
        return self.status != COUNTED or any(f.is_error for f in self.findings)

    def key(self) -> tuple[str, ...]:
        """The commune's identity for the duplicate check: its code, else its name and province."""
        return ("ma", self.code) if self.code else ("ten", name_key(self.commune), name_key(self.province))


@dataclass
class Merged:
    """A commune formed by merging (2025): the counted workbooks of its old codes, added up."""

    code: str
    commune: str
    parts: list[str]           # old codes found
    shares: list[Share]


@dataclass
class Aggregate:
    """The folder's outcome: every file, the totals, and the findings across files."""

    folder: Path
    tier: str                           # the level above: "huyện" or "tỉnh"
    year: int | None
    files: list[FileResult]
    skipped: list[str]                  # other files in the folder
    totals: list[Share]
    findings: list[Finding]             # across files (duplicates, versions, missing communes)
    missing: list[str] = field(default_factory=list)   # expected communes without a workbook
    merged: list[Merged] = field(default_factory=list)  # communes merged in 2025, added up

    @property
    def counted(self) -> list[FileResult]:
        """The files counted in the totals."""
        return [f for f in self.files if f.counted]

    @property
    def all_findings(self) -> list[Finding]:
        """Every file's findings, then those across files."""
        return [x for f in self.files for x in f.findings] + self.findings

    @property
    def has_errors(self) -> bool:
        """Whether any file or the folder has a ``lỗi``."""
        return any(f.has_errors for f in self.files) or any(f.is_error for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """The ``aggregate --json`` document."""
        return {
            "cap": self.tier, "nam": self.year,
            "xa": [{"tep": f.file, "xa": f.commune, "ma": f.code, "tinh": f.province, "trang_thai": f.status,
                    "ty_le": [s.to_json() for s in f.shares], "dong_doc": f.rows_read, "dong_tinh": f.rows_counted,
                    "dong_loai": f.rows_rejected} for f in self.files if f.status != NOT_READ],
            "tong": [s.to_json() for s in self.totals],
            "tep_loi": [{"tep": f.file, "ly_do": f.reason} for f in self.files if f.status == NOT_READ],
            "tep_bo_qua": self.skipped,
            "chua_gui": self.missing,
            "xa_moi": [{"ma": m.code, "xa": m.commune, "tu_ma": m.parts, "ty_le": [s.to_json() for s in m.shares]}
                       for m in self.merged],
            "phat_hien": [f.to_json() for f in self.all_findings],
        }
