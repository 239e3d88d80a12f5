"""``aggregate --parquet DIR``: the rows of every counted commune as Parquet files, one folder per
table (``cong_dan``, ``gia_dinh``, ``dong_ho``, ``cong_dong``, ``don_vi``, ``thon``), one file per
workbook — so a province, or all 3,321 communes, can be queried with DuckDB or any Parquet reader:

    SELECT xa, count(*) FILTER (WHERE dat) AS dat, count(*) AS dang_ky
    FROM 'DIR/cong_dan/*.parquet' GROUP BY xa ORDER BY xa;

Each worker writes its own workbook's files while it still holds the tables (nothing is kept
for later), into a staging folder; after the cross-checks only counted workbooks' files are moved
into place, replacing the previous run's tables. With ``--an-danh`` personal columns (name,
birth year, sex, head of household) are dropped and each row gets ``khoa``, a salted hash of
file and row that cannot be traced back without the run's salt (which is not stored).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.errors import HoctapError

TABLES = ("cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi", "thon")
PERSONAL = {"ho_ten", "nam_sinh", "gioi_tinh", "chu_ho"}


def _rows(result: CommuneResult, table: str) -> list[dict[str, Any]]:
    if table == "cong_dan":
        return [p.to_json() for p in result.people]
    if table == "thon":
        return [{"dong": t.row, "ten": t.name, "so_ho": t.households, "so_dong_ho": t.clans,
                 "so_nguoi_lao_dong": t.workers, "vung_kho_khan": t.difficult} for t in result.thon]
    return [e.to_json(table) for e in result.models[table]]


def write_parts(result: CommuneResult, staging: Path, stem: str, file: str, *, anonymous: bool,
                salt: str) -> list[str]:
    """One Parquet file per table for one workbook; returns their paths (relative to staging)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    info = result.info
    written = []
    for table in TABLES:
        rows = _rows(result, table)
        for row in rows:
            row.pop("danh_sach", None)
            if anonymous:
                for key in PERSONAL & set(row):
                    del row[key]
                row["khoa"] = hashlib.sha256(f"{salt}|{file}|{table}|{row['dong']}".encode()).hexdigest()[:16]
            row.update(tep=file, ma_xa=info.code, xa=info.commune, tinh=info.province, nam=info.year)
        if not rows:
            continue
        folder = staging / table
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows), folder / f"{stem}.parquet")
        written.append(f"{table}/{stem}.parquet")
    return written


def publish(staging: Path, out: Path, keep: list[str]) -> int:
    """Replace the tables in ``out`` by the kept files (an earlier run's files would otherwise be
    counted twice by a query over ``*.parquet``); other files in ``out`` are not touched."""
    try:
        for table in TABLES:
            for old in (out / table).glob("*.parquet"):
                old.unlink()
        for rel in keep:
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).replace(target)
    except OSError as exc:
        raise HoctapError(f"Không ghi được Parquet vào {out}: {exc.strerror or exc}.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(keep)


def available() -> bool:
    """Whether pyarrow is installed (the ``data`` extra)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True
