"""The commands on one commune workbook: ``new-workbook``, ``check``, ``results``, ``score``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from hoctap_xl.errors import EXIT_FINDINGS, EXIT_OK


def print_json(data: Any) -> None:
    """One compact JSON document on stdout, for programs."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def cmd_new_workbook(args: argparse.Namespace) -> int:
    """``new-workbook``: a blank commune workbook."""
    from hoctap_xl.formats.workbook_file import buttons_notice, new_workbook

    out = new_workbook(Path(args.out), province=args.tinh, commune=args.xa, year=args.nam, above=args.cap_tren,
                       code=args.ma, preset=args.chi_tieu, rules_file=args.bo_tieu_chi,
                       difficult=args.vung_kho_khan)
    print(f"Đã tạo sổ {out}")
    notice = buttons_notice(out)
    if notice:
        print(notice, file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """``check``: every finding, errors first."""
    from hoctap_xl.cli.tables import findings_table
    from hoctap_xl.formats.xlsx_read import evaluate_file

    result = evaluate_file(args.workbook)
    if args.json:
        print_json({"tep": Path(args.workbook).name, "xa": result.info.commune, "nam": result.info.year,
                     "phat_hien": [f.to_json() for f in result.findings]})
    else:
        print(findings_table(result))
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def cmd_results(args: argparse.Namespace) -> int:
    """``results``: every result (or the JSON document)."""
    from hoctap_xl.cli.tables import results_table
    from hoctap_xl.formats.xlsx_read import evaluate_file

    result = evaluate_file(args.workbook)
    if args.json:
        print_json(result.to_json())
    else:
        print(results_table(result))
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    """``score``: the computed values stored as the result cells' cached values."""
    from hoctap_xl.formats.workbook_file import score_file

    out = Path(args.out) if args.out else Path(args.workbook)
    result, report = score_file(Path(args.workbook), out)
    print(f"Đã ghi {report.patched} ô kết quả vào {out}")
    if report.missing:
        print(f"Cảnh báo: {len(report.missing)} ô kết quả không còn công thức trong tệp, không ghi được "
              f"(vd. {', '.join(report.missing[:5])}).", file=sys.stderr)
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the commune workbook's commands."""
    s = sub.add_parser("new-workbook", help="tạo sổ trống của một xã cho một năm",
                       description="Tạo sổ .xlsm trống theo mẫu, kèm bộ tiêu chí và chỉ tiêu đã chọn.")
    s.add_argument("out", metavar="OUT.xlsm", help="đường dẫn sổ sẽ tạo")
    s.add_argument("--tinh", required=True, metavar="T", help="tỉnh/thành phố, vd. \"Lạng Sơn\"")
    s.add_argument("--xa", required=True, metavar="X", help="xã/phường/thị trấn, vd. \"Tân Văn\"")
    s.add_argument("--nam", required=True, type=int, metavar="Y", help="năm đánh giá, vd. 2025")
    s.add_argument("--cap-tren", default=None, metavar="C", help="cấp trên trực tiếp (mặc định: UBND tỉnh)")
    s.add_argument("--ma", default="", metavar="M", help="mã đơn vị hành chính của xã (vd. 05999)")
    s.add_argument("--chi-tieu", default="quoc-gia", metavar="PRESET",
                   help="bộ chỉ tiêu: quoc-gia (mặc định), tua-chua, chau-son, qd281, binh-duong")
    s.add_argument("--bo-tieu-chi", default=None, metavar="FILE", help="tệp bộ tiêu chí của tỉnh (YAML)")
    s.add_argument("--vung-kho-khan", action="store_true", help="xã thuộc vùng khó khăn")
    s.set_defaults(func=cmd_new_workbook)

    s = sub.add_parser("check", help="kiểm tra dữ liệu, liệt kê mọi lỗi và cảnh báo",
                       description="Liệt kê mọi phát hiện (không dừng ở lỗi đầu tiên).")
    s.add_argument("workbook", metavar="WORKBOOK")
    s.add_argument("--json", action="store_true", help="in JSON cho chương trình khác")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("results", help="tính toàn bộ kết quả của sổ",
                       description="Kết quả từng người, hộ, dòng họ, thôn, đơn vị; tỷ lệ và chỉ tiêu.")
    s.add_argument("workbook", metavar="WORKBOOK")
    s.add_argument("--json", action="store_true", help="in JSON cho chương trình khác")
    s.set_defaults(func=cmd_results)

    s = sub.add_parser("score", help="ghi kết quả đã tính vào ô công thức của sổ",
                       description=("Ghi giá trị đã tính vào các ô kết quả (công thức giữ nguyên) để mọi chương trình "
                                    "đọc được; các phần khác của tệp giữ nguyên từng byte."))
    s.add_argument("workbook", metavar="WORKBOOK")
    s.add_argument("--out", default=None, help="ghi ra tệp khác (mặc định: ghi đè an toàn lên chính sổ)")
    s.set_defaults(func=cmd_score)
