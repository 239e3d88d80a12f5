"""``hoctap-xl aggregate``: the folder of returned workbooks → the summary workbook, the findings,
the level above's report; a short Vietnamese account on the terminal (or JSON for programs)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from hoctap_xl.cli.crash_log import mention
from hoctap_xl.errors import EXIT_FINDINGS, EXIT_OK, HoctapError
from hoctap_xl.text.values import format_number

CAP = {"huyen": "huyện", "tinh": "tỉnh"}
"""``--cap``'s values and the words the outputs print."""

if TYPE_CHECKING:
    from hoctap_xl.level_above.files import Aggregate


def progress_bar(done: int, total: int, name: str) -> None:
    """A one-line progress bar on a terminal (nothing when stderr is not one)."""
    if sys.stderr.isatty():
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40s}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def account(agg: Aggregate) -> str:
    """What happened to every file, in a few lines (the details are in the workbook)."""
    from hoctap_xl.cli.tables import shares_table, table
    from hoctap_xl.level_above.files import NOT_READ

    status = Counter(f.status for f in agg.files)
    lines = [f"Thư mục {agg.folder}: {len(agg.files)} sổ, {len(agg.skipped)} tệp khác (bỏ qua). "
             + ", ".join(f"{n} {s}" for s, n in status.items())]
    rows = [[f.file[:48], f.commune, format_number(f.rows_read), format_number(f.rows_counted),
             format_number(f.rows_rejected), str(sum(x.is_error for x in f.findings)), f.status]
            for f in agg.files]
    lines.append(table(["Tệp", "Xã", "Đọc", "Tính", "Loại", "Lỗi", "Trạng thái"], rows, right=(2, 3, 4, 5)))
    for f in agg.files:
        if f.status == NOT_READ:
            lines.append(f"  ✗ {f.file}: {f.reason}")
    if agg.missing:
        lines.append("Chưa gửi sổ: " + ", ".join(agg.missing))
    for m in agg.merged:
        lines.append(f"Xã mới {m.commune} ({m.code}) cộng từ sổ của các mã cũ {', '.join(m.parts)}.")
    lines.append(f"\nTổng của {len(agg.counted)} xã/phường (Σ số đạt ÷ Σ mẫu số, chỉ tiêu của cấp trên):")
    lines.append(shares_table(agg.totals))
    return "\n".join(lines)


def run(folder: Path, out: Path, *, report: Path | None, as_json: bool, cap: str, expected: Path | None,
        preset: str, body: str | None = None, place: str | None = None, mapping: Path | None = None,
        anonymous: bool = False, parquet: Path | None = None) -> int:
    """``hoctap-xl aggregate``: summary workbook, report, account or JSON; the exit code."""
    from hoctap_xl.formats.summary_xlsx import write_summary
    from hoctap_xl.level_above.anonymise import anonymised
    from hoctap_xl.level_above.files import COUNTED
    from hoctap_xl.services.aggregate import aggregate, read_mapping, write_report

    inside = [str(p) for p in (out, report, parquet) if p is not None and p.resolve().is_relative_to(folder.resolve())]
    if inside:
        raise HoctapError(f"Không ghi kết quả vào trong thư mục sổ đang tổng hợp ({', '.join(inside)}): lần sau chúng "
                          "sẽ bị đọc như sổ gửi lên. Chọn thư mục khác.")
    agg = aggregate(folder, cap=CAP.get(cap, cap), preset=preset, expected=expected,
                    mapping=read_mapping(mapping) if mapping else None, parquet=parquet, anonymous=anonymous,
                    progress=progress_bar)
    if anonymous:
        agg = anonymised(agg)
    write_summary(agg, out)
    written = [out]
    if report is not None:
        tinh = Counter(f.province for f in agg.counted).most_common(1)
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
    details = "\n\n".join(f"{f.file}\n{f.detail}" for f in agg.files if f.detail)
    if details:
        print(f"Tệp không đọc được:{mention(details)}", file=sys.stderr)
    counted_ok = all(f.status == COUNTED for f in agg.files)
    return EXIT_OK if counted_ok and not agg.has_errors else EXIT_FINDINGS


def cmd_aggregate(args: argparse.Namespace) -> int:
    """``aggregate``."""
    return run(Path(args.folder), Path(args.out), report=Path(args.report) if args.report else None,
               as_json=args.json, cap=args.cap, expected=Path(args.danh_sach) if args.danh_sach else None,
               preset=args.chi_tieu, body=args.co_quan, place=args.dia_danh,
               mapping=Path(args.sap_nhap) if args.sap_nhap else None, anonymous=args.an_danh,
               parquet=Path(args.parquet) if args.parquet else None)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``aggregate``."""
    s = sub.add_parser("aggregate", help="cấp trên: tổng hợp mọi sổ xã gửi lên trong một thư mục",
                       description="Tính lại từng sổ từ số liệu gốc, so với kết quả lưu trong sổ, phát hiện trùng xã, "
                                   "tệp hỏng; ghi sổ tổng hợp .xlsx (Tổng hợp, Phát hiện, Tệp, mỗi mô hình một sheet) "
                                   "và báo cáo tổng hợp. Không sửa tệp nào trong thư mục.")
    s.add_argument("folder", metavar="DIR", help="thư mục chứa các sổ (kể cả thư mục con)")
    s.add_argument("--out", required=True, metavar="FILE.xlsx", help="sổ tổng hợp sẽ ghi")
    s.add_argument("--report", default=None, metavar="DIR", help="ghi thêm báo cáo tổng hợp (Word) vào thư mục này")
    s.add_argument("--json", action="store_true", help="in JSON cho chương trình khác")
    s.add_argument("--cap", default="tinh", choices=["huyen", "tinh"],
                   help="cấp tổng hợp (mặc định: tinh — từ 1/7/2025 không còn cấp huyện)")
    s.add_argument("--danh-sach", default=None, metavar="FILE", help="danh sách xã phải gửi (mỗi dòng: mã;tên)")
    s.add_argument("--chi-tieu", default="quoc-gia", metavar="PRESET", help="chỉ tiêu của cấp trên cho dòng tổng")
    s.add_argument("--co-quan", default=None, metavar="TÊN", help="tên cơ quan ban hành báo cáo, in hoa")
    s.add_argument("--dia-danh", default=None, metavar="ĐỊA_DANH", help="địa danh ở dòng ngày tháng của báo cáo")
    s.add_argument("--sap-nhap", default=None, metavar="FILE",
                   help="xã sáp nhập năm 2025: mỗi dòng \"mã cũ;mã mới;tên xã mới\" để cộng sổ các xã cũ")
    s.add_argument("--parquet", default=None, metavar="DIR",
                   help="ghi thêm các bảng (người, hộ, dòng họ, thôn, đơn vị) của mọi xã dạng Parquet (cần pyarrow)")
    s.add_argument("--an-danh", action="store_true",
                   help="không ghi tên người ở mọi đầu ra (chỉ số lượng, tỷ lệ; phát hiện chỉ ghi loại và ô)")
    s.set_defaults(func=cmd_aggregate)
