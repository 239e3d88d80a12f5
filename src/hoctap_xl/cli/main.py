"""``hoctap-xl``: the command line. Parses arguments, calls one library function, prints.

Exit codes (contract.md §2): 0 no ``lỗi``; 1 done but the input has ``lỗi``; 2 could not run.
Messages for people are Vietnamese on stderr/stdout; ``--json`` is for programs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hoctap_xl import __version__
from hoctap_xl.errors import HoctapError

EXIT_OK, EXIT_FINDINGS, EXIT_FAIL = 0, 1, 2


class UsageError(HoctapError):
    pass


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")  # for programs: compact


def cmd_new_workbook(args: argparse.Namespace) -> int:
    from hoctap_xl.formats.workbook_file import new_workbook

    out = new_workbook(Path(args.out), tinh=args.tinh, xa=args.xa, nam=args.nam, cap_tren=args.cap_tren,
                       ma=args.ma, preset=args.chi_tieu, rules_file=args.bo_tieu_chi,
                       difficult=args.vung_kho_khan)
    print(f"Đã tạo sổ {out}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.tables import findings_table
    from hoctap_xl.formats.xlsx_read import evaluate_file

    result = evaluate_file(args.workbook)
    if args.json:
        _print_json({"tep": Path(args.workbook).name, "xa": result.info.xa, "nam": result.info.nam,
                     "phat_hien": [f.to_json() for f in result.findings]})
    else:
        print(findings_table(result))
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def cmd_results(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.tables import results_table
    from hoctap_xl.formats.xlsx_read import evaluate_file

    result = evaluate_file(args.workbook)
    if args.json:
        _print_json(result.to_json())
    else:
        print(results_table(result))
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from hoctap_xl.formats.workbook_file import score_file

    out = Path(args.out) if args.out else Path(args.workbook)
    result, report = score_file(Path(args.workbook), out)
    print(f"Đã ghi {report.patched} ô kết quả vào {out}")
    if report.missing:
        print(f"Cảnh báo: {len(report.missing)} ô kết quả không còn công thức trong tệp, không ghi được "
              f"(vd. {', '.join(report.missing[:5])}).", file=sys.stderr)
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.report_cmds import make_report

    return make_report(Path(args.workbook), Path(args.out), pdf=args.pdf, force=args.force,
                       last_year=Path(args.nam_truoc) if args.nam_truoc else None, templates=args.mau)


def cmd_check_template(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.report_cmds import check_template_cli

    return check_template_cli(Path(args.template), args.loai)


def cmd_aggregate(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.aggregate_cmd import run

    return run(Path(args.folder), Path(args.out), report=Path(args.report) if args.report else None,
               as_json=args.json, cap=args.cap, expected=Path(args.danh_sach) if args.danh_sach else None,
               preset=args.chi_tieu, body=args.co_quan, place=args.dia_danh,
               mapping=Path(args.sap_nhap) if args.sap_nhap else None, anonymous=args.an_danh,
               parquet=Path(args.parquet) if args.parquet else None)


def cmd_next_year(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.carry_cmds import run_next_year

    return run_next_year(Path(args.old), Path(args.new), year=args.nam, rules_file=args.bo_tieu_chi,
                         as_json=args.json)


def cmd_upgrade(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.carry_cmds import run_upgrade

    return run_upgrade(Path(args.old), Path(args.new), unicode=args.unicode, as_json=args.json)


def cmd_split(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.carry_cmds import run_split

    return run_split(Path(args.workbook), Path(args.theo_thon), as_json=args.json)


def cmd_merge(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.carry_cmds import run_merge

    return run_merge(Path(args.folder), Path(args.into), as_json=args.json)


def cmd_import(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.carry_cmds import run_import

    return run_import(Path(args.file), Path(args.into), args.bang, sheet=args.sheet, forced=args.cot,
                      write_now=args.dong_y, as_json=args.json)


def cmd_demo(args: argparse.Namespace) -> int:
    from hoctap_xl.cli.demo import run_demo

    return run_demo(Path(args.out))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hoctap-xl",
        description="Sổ Excel xây dựng xã hội học tập cấp xã: chấm điểm, công nhận, tỷ lệ và chỉ tiêu.",
        epilog="Mã thoát: 0 không có lỗi; 1 đã chạy xong nhưng dữ liệu có lỗi; 2 không chạy được.")
    p.add_argument("--version", action="version", version=f"hoctap-xl {__version__}")
    sub = p.add_subparsers(dest="command", metavar="LỆNH")

    s = sub.add_parser("demo", help="chạy thử trên dữ liệu mẫu có sẵn", description=(
        "Tạo vài sổ xã mẫu với dữ liệu thực tế, tính kết quả và in bảng tóm tắt."))
    s.add_argument("--out", default="hoctap-demo", help="thư mục ghi các tệp (mặc định: hoctap-demo)")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("new-workbook", help="tạo sổ trống của một xã cho một năm",
                       description="Tạo sổ .xlsm trống theo mẫu, kèm bộ tiêu chí và chỉ tiêu đã chọn.")
    s.add_argument("out", metavar="OUT.xlsm", help="đường dẫn sổ sẽ tạo")
    s.add_argument("--tinh", required=True, help="tỉnh/thành phố, vd. \"Lạng Sơn\"")
    s.add_argument("--xa", required=True, help="xã/phường/thị trấn, vd. \"Tân Văn\"")
    s.add_argument("--nam", required=True, type=int, help="năm đánh giá, vd. 2025")
    s.add_argument("--cap-tren", default=None, help="cấp trên trực tiếp (mặc định: UBND tỉnh)")
    s.add_argument("--ma", default="", help="mã đơn vị hành chính của xã (vd. 05999)")
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
    s.add_argument("--json", action="store_true", help="in JSON (lược đồ trong contract.md)")
    s.set_defaults(func=cmd_results)

    s = sub.add_parser("score", help="ghi kết quả đã tính vào ô công thức của sổ",
                       description=("Ghi giá trị đã tính vào các ô kết quả (công thức giữ nguyên) để mọi chương trình "
                                    "đọc được; các phần khác của tệp giữ nguyên từng byte."))
    s.add_argument("workbook", metavar="WORKBOOK")
    s.add_argument("--out", default=None, help="ghi ra tệp khác (mặc định: ghi đè an toàn lên chính sổ)")
    s.set_defaults(func=cmd_score)
    s = sub.add_parser("report", help="tạo báo cáo, quyết định công nhận, tờ trình, giấy công nhận (Word)",
                       description="Viết mọi văn bản năm của xã từ sổ (documents.md). Không viết gì khi sổ còn lỗi "
                                   "làm sai văn bản, trừ khi có --force (mọi trang in chữ DỰ THẢO).")
    s.add_argument("workbook", metavar="WORKBOOK")
    s.add_argument("--out", required=True, metavar="DIR", help="thư mục ghi văn bản")
    s.add_argument("--pdf", action="store_true", help="chuyển thêm sang PDF (cần LibreOffice, hoặc Word trên Windows)")
    s.add_argument("--force", action="store_true", help="vẫn viết khi sổ còn lỗi, đóng dấu DỰ THẢO mọi trang")
    s.add_argument("--nam-truoc", default=None, metavar="LAST.xlsm", help="sổ năm trước, để so sánh các tỷ lệ")
    s.add_argument("--mau", default=None, metavar="DIR", help="thư mục mẫu văn bản riêng (mặc định: templates/docx)")
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("check-template", help="kiểm tra một mẫu văn bản Word (biến lạ, biến thiếu)",
                       description="So các biến {{ … }} của một mẫu .docx với các biến hoctap-xl cung cấp.")
    s.add_argument("template", metavar="FILE.docx")
    s.add_argument("--loai", default=None, choices=["bao-cao.docx", "quyet-dinh.docx", "to-trinh.docx",
                                                    "giay-cong-nhan.docx", "bao-cao-tong-hop.docx"],
                   help="mẫu này thay cho mẫu nào (mặc định: đoán theo tên tệp)")
    s.set_defaults(func=cmd_check_template)

    s = sub.add_parser("aggregate", help="cấp trên: tổng hợp mọi sổ xã gửi lên trong một thư mục",
                       description="Tính lại từng sổ từ số liệu gốc, so với kết quả lưu trong sổ, phát hiện trùng xã, "
                                   "tệp hỏng; ghi sổ tổng hợp .xlsx (Tổng hợp, Phát hiện, Tệp, mỗi mô hình một sheet) "
                                   "và báo cáo tổng hợp. Không sửa tệp nào trong thư mục.")
    s.add_argument("folder", metavar="DIR", help="thư mục chứa các sổ (kể cả thư mục con)")
    s.add_argument("--out", required=True, metavar="FILE.xlsx", help="sổ tổng hợp sẽ ghi")
    s.add_argument("--report", default=None, metavar="DIR", help="ghi thêm báo cáo tổng hợp (Word) vào thư mục này")
    s.add_argument("--json", action="store_true", help="in JSON (lược đồ trong contract.md §4)")
    s.add_argument("--cap", default="huyen", choices=["huyen", "tinh"], help="cấp tổng hợp (mặc định: huyen)")
    s.add_argument("--danh-sach", default=None, metavar="FILE", help="danh sách xã phải gửi (mỗi dòng: mã;tên)")
    s.add_argument("--chi-tieu", default="quoc-gia", metavar="PRESET", help="chỉ tiêu của cấp trên cho dòng tổng")
    s.add_argument("--co-quan", default=None, help="tên cơ quan ban hành báo cáo, in hoa")
    s.add_argument("--dia-danh", default=None, help="địa danh ở dòng ngày tháng của báo cáo")
    s.add_argument("--sap-nhap", default=None, metavar="FILE",
                   help="xã sáp nhập năm 2025: mỗi dòng \"mã cũ;mã mới;tên xã mới\" để cộng sổ các xã cũ")
    s.add_argument("--parquet", default=None, metavar="DIR",
                   help="ghi thêm các bảng (người, hộ, dòng họ, thôn, đơn vị) của mọi xã dạng Parquet (cần pyarrow)")
    s.add_argument("--an-danh", action="store_true",
                   help="không ghi tên người ở mọi đầu ra (chỉ số lượng, tỷ lệ; phát hiện chỉ ghi loại và ô)")
    s.set_defaults(func=cmd_aggregate)

    s = sub.add_parser("next-year", help="tạo sổ năm sau từ sổ năm nay (chép danh sách, cộng số năm liên tục)",
                       description="Sổ năm mới: mọi thôn, đơn vị, dòng họ, người, hộ được chép sang; người đạt năm "
                       "nay được cộng 1 vào Số năm liên tục đã đạt, người chưa đạt về 0; điểm, số quyết định, "
                       "ngày để trống; chỉ tiêu có cột năm mới. Sổ cũ không bị sửa.")
    s.add_argument("old", metavar="OLD.xlsm", help="sổ năm nay")
    s.add_argument("new", metavar="NEW.xlsm", help="sổ năm sau sẽ tạo")
    s.add_argument("--nam", type=int, help="năm mới (mặc định: năm của sổ cũ + 1)")
    s.add_argument("--bo-tieu-chi", metavar="FILE", help="dùng bộ tiêu chí mới (tệp .yaml); mặc định giữ như sổ cũ")
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=cmd_next_year)

    s = sub.add_parser("upgrade", help="chuyển sổ làm bằng mẫu cũ sang mẫu hiện tại, giữ mọi dữ liệu",
                       description="Sổ mới theo mẫu hiện tại với toàn bộ dữ liệu của sổ cũ (đọc lại và so từng ô); "
                       "phần nào không có chỗ trong mẫu được liệt kê. Sổ cũ không bị sửa.")
    s.add_argument("old", metavar="OLD.xlsm")
    s.add_argument("new", metavar="NEW.xlsm")
    s.add_argument("--unicode", action="store_true",
                   help="chữ gõ bằng phông .VnTime (TCVN3) hoặc VNI-Times được ghi sang Unicode trong sổ mới")
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=cmd_upgrade)

    s = sub.add_parser("split", help="tách sổ xã thành một tệp cho mỗi thôn (chi hội nhập điểm)",
                       description="Mỗi thôn một sổ nhỏ: thôn đó, người và hộ của thôn, cùng tiêu đề, danh sách thả "
                       "xuống và kiểm tra như sổ xã. Sổ xã không bị sửa.")
    s.add_argument("workbook", metavar="WORKBOOK")
    s.add_argument("--theo-thon", required=True, metavar="DIR", help="thư mục ghi các tệp thôn")
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=cmd_split)

    s = sub.add_parser("merge", help="gộp các tệp thôn chi hội gửi về vào sổ xã",
                       description="Thêm dòng mới, cập nhật dòng đã sửa; dòng sửa khác nhau ở hai nơi, dòng đổi thôn, "
                       "dòng bị xóa được liệt kê, không ghi đè. Sổ xã được sao lưu trước khi ghi.")
    s.add_argument("folder", metavar="DIR", help="thư mục các tệp thôn đã điền")
    s.add_argument("--into", required=True, metavar="WORKBOOK", help="sổ xã nhận dữ liệu")
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=cmd_merge)

    s = sub.add_parser("import", help="nhập danh sách sẵn có (.xlsx, .xls, .csv) vào một bảng của sổ",
                       description="Tìm dòng tiêu đề, ghép cột theo nghĩa (Họ và tên, Họ tên, Ho va ten…), đổi chữ "
                       "TCVN3/VNI sang Unicode, bỏ dòng trùng; in bảng ghép cột trước, chỉ ghi khi đồng ý "
                       "(--dong-y). Sổ được sao lưu trước khi ghi.")
    s.add_argument("file", metavar="FILE", help="tệp danh sách: .xlsx, .xlsm, .xls, .ods hoặc .csv")
    s.add_argument("--into", required=True, metavar="WORKBOOK", help="sổ nhận dữ liệu")
    s.add_argument("--bang", required=True, metavar="SHEET",
                   help="bảng nhận: \"Công dân học tập\", \"Gia đình học tập\", \"Thôn - TDP\"… "
                   "(hoặc cong-dan, gia-dinh…)")
    s.add_argument("--sheet", help="sheet của tệp danh sách (mặc định: sheet đầu tiên)")
    s.add_argument("--cot", action="append", metavar="\"MẪU=TỆP\"",
                   help="chỉ định cột: tiêu đề của mẫu = tiêu đề trong tệp (dùng nhiều lần được)")
    s.add_argument("--dong-y", action="store_true", help="ghi vào sổ luôn, không hỏi")
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=cmd_import)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its (Vietnamese-prefixed) message
        return EXIT_OK if exc.code == 0 else EXIT_FAIL
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_FAIL
    try:
        code: int = args.func(args)
        return code
    except HoctapError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except BrokenPipeError:  # output piped into a program that stopped reading (| head): not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return EXIT_FAIL
    except OSError as exc:
        print(f"Lỗi: không đọc/ghi được {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAIL
    except Exception:  # a bug of ours: never a traceback for a user, but keep it for the developers
        log = _write_crash_log()
        print("Lỗi ngoài dự kiến của hoctap-xl (không phải lỗi dữ liệu của bạn). Chi tiết kỹ thuật đã ghi vào "
              f"{log}; hãy gửi tệp này cho nhóm phát triển.", file=sys.stderr)
        return EXIT_FAIL


def _write_crash_log() -> str:
    import tempfile
    import traceback

    fd, name = tempfile.mkstemp(prefix="hoctap-xl-loi-", suffix=".txt")
    with open(fd, "w", encoding="utf-8") as fh:
        fh.write(f"hoctap-xl {__version__}\n{' '.join(sys.argv)}\n\n{traceback.format_exc()}")
    return name


if __name__ == "__main__":
    sys.exit(main())
