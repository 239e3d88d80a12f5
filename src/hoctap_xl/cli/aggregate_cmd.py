"""``hoctap-xl aggregate``: the folder of returned workbooks → the summary workbook, the findings,
the level above's report; a short Vietnamese account on the terminal (or JSON for programs)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from hoctap_xl.cli.tables import shares_table, table
from hoctap_xl.documents.commune_facts import commune_of_name
from hoctap_xl.documents.district import district_plan
from hoctap_xl.errors import HoctapError
from hoctap_xl.formats.summary_xlsx import write_summary
from hoctap_xl.services.aggregate import COUNTED, NOT_READ, Aggregate, aggregate, anonymised, read_mapping
from hoctap_xl.text.values import format_number

EXIT_OK, EXIT_FINDINGS = 0, 1
CAP = {"huyen": "huyện", "tinh": "tỉnh"}


def write_report(agg: Aggregate, folder: Path, *, body: str, place: str) -> Path:
    from hoctap_xl.formats.docx_render import DocumentError, render, template_dir

    if agg.nam is None:
        raise DocumentError("Không có sổ nào đọc được năm đánh giá: chưa viết được báo cáo tổng hợp.")
    invalid = [f"{f.file}: {f.reason or f.status}" for f in agg.files if not f.counted] + \
              [f"{m}: chưa gửi sổ" for m in agg.missing]
    plan = district_plan([(commune_of_name(f.xa), f.shares) for f in agg.counted], agg.totals, body=body,
                         place=place, nam=agg.nam, invalid=invalid)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / plan.file
    tmp = folder / f".{plan.file}.tmp"
    try:
        render(plan, template_dir(), tmp)
        tmp.replace(target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def account(agg: Aggregate) -> str:
    """What happened to every file, in a few lines (the details are in the workbook)."""
    status = Counter(f.status for f in agg.files)
    lines = [f"Thư mục {agg.folder}: {len(agg.files)} sổ, {len(agg.skipped)} tệp khác (bỏ qua). "
             + ", ".join(f"{n} {s}" for s, n in status.items())]
    rows = [[f.file[:48], f.xa, format_number(f.rows_read), format_number(f.rows_counted),
             format_number(f.rows_rejected), str(sum(x.is_error for x in f.findings)), f.status]
            for f in agg.files]
    lines.append(table(["Tệp", "Xã", "Đọc", "Tính", "Loại", "Lỗi", "Trạng thái"], rows, right=(2, 3, 4, 5)))
    for f in agg.files:
        if f.status == NOT_READ:
            lines.append(f"  ✗ {f.file}: {f.reason}")
    if agg.missing:
        lines.append("Chưa gửi sổ: " + ", ".join(agg.missing))
    for m in agg.merged:
        lines.append(f"Xã mới {m.xa} ({m.ma}) cộng từ sổ của các mã cũ {', '.join(m.parts)}.")
    lines.append(f"\nTổng của {len(agg.counted)} xã/phường (Σ số đạt ÷ Σ mẫu số, chỉ tiêu của cấp trên):")
    lines.append(shares_table(agg.totals))
    return "\n".join(lines)


def run(folder: Path, out: Path, *, report: Path | None, as_json: bool, cap: str, expected: Path | None,
        preset: str, body: str | None = None, place: str | None = None, mapping: Path | None = None,
        anonymous: bool = False, parquet: Path | None = None) -> int:
    inside = [str(p) for p in (out, report, parquet) if p is not None and p.resolve().is_relative_to(folder.resolve())]
    if inside:
        raise HoctapError(f"Không ghi kết quả vào trong thư mục sổ đang tổng hợp ({', '.join(inside)}): lần sau chúng "
                          "sẽ bị đọc như sổ gửi lên. Chọn thư mục khác.")
    agg = aggregate(folder, cap=CAP.get(cap, cap), preset=preset, expected=expected,
                    mapping=read_mapping(mapping) if mapping else None, parquet=parquet, anonymous=anonymous)
    if anonymous:
        agg = anonymised(agg)
    write_summary(agg, out)
    written = [out]
    if report is not None:
        tinh = Counter(f.tinh for f in agg.counted).most_common(1)
        place_name = place or (tinh[0][0] if tinh else "")
        who = body or ("ỦY BAN NHÂN DÂN TỈNH " + place_name.upper() if cap == "tinh" else "PHÒNG VĂN HÓA - XÃ HỘI")
        written.append(write_report(agg, report, body=who, place=place_name))
    if as_json:
        sys.stdout.write(json.dumps(agg.to_json(), ensure_ascii=False) + "\n")
    else:
        print(account(agg))
        if parquet is not None:
            written.append(parquet)
        print("\nĐã ghi: " + ", ".join(str(p) for p in written))
    counted_ok = all(f.status == COUNTED for f in agg.files)
    return EXIT_OK if counted_ok and not agg.has_errors else EXIT_FINDINGS
