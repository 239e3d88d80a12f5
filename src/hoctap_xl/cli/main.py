"""``hoctap-xl``: the command line. Parses arguments, calls one library function, prints.

Each family of commands registers its own sub-parser (``add_parser``/``add_parsers``); this module
composes them and turns every error into a Vietnamese message and an exit code (``hoctap_xl.errors``:
0 no ``lỗi``; 1 done but the input has ``lỗi``; 2 could not run). Messages for people are
Vietnamese on stderr/stdout; ``--json`` is for programs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from hoctap_xl import __version__
from hoctap_xl.cli import aggregate_cmd, carry_cmds, commune_cmds, demo
from hoctap_xl.cli.crash_log import mention, write_log
from hoctap_xl.errors import EXIT_FAIL, EXIT_OK, HoctapError


def cmd_report(args: argparse.Namespace) -> int:
    """``report``: the year's Word documents."""
    from hoctap_xl.cli.report_cmds import make_report

    return make_report(Path(args.workbook), Path(args.out), pdf=args.pdf, force=args.force,
                       last_year=Path(args.nam_truoc) if args.nam_truoc else None, templates=args.mau)


def cmd_check_template(args: argparse.Namespace) -> int:
    """``check-template``: a province's own Word template checked."""
    from hoctap_xl.cli.report_cmds import check_template_cli

    return check_template_cli(Path(args.template), args.loai)


def _add_document_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("report", help="tạo báo cáo, quyết định công nhận, tờ trình, giấy công nhận (Word)",
                       description="Viết mọi văn bản năm của xã từ sổ. Không viết gì khi sổ còn lỗi "
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
    s.add_argument("--loai", default=None, metavar="NAME", choices=["bao-cao.docx", "quyet-dinh.docx", "to-trinh.docx",
                                                    "giay-cong-nhan.docx", "bao-cao-tong-hop.docx"],
                   help="mẫu này thay cho mẫu nào (mặc định: đoán theo tên tệp)")
    s.set_defaults(func=cmd_check_template)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: every command of every family."""
    p = argparse.ArgumentParser(
        prog="hoctap-xl",
        description="Sổ Excel xây dựng xã hội học tập cấp xã: chấm điểm, công nhận, tỷ lệ và chỉ tiêu.",
        epilog="Mã thoát: 0 không có lỗi; 1 đã chạy xong nhưng dữ liệu có lỗi; 2 không chạy được.")
    p.add_argument("--version", action="version", version=f"hoctap-xl {__version__}")
    sub = p.add_subparsers(dest="command", metavar="LỆNH")
    demo.add_parser(sub)
    commune_cmds.add_parsers(sub)
    _add_document_parsers(sub)
    aggregate_cmd.add_parser(sub)
    carry_cmds.add_parsers(sub)
    return p


def synopsis(parser: argparse.ArgumentParser | None = None) -> dict[str, str]:
    """Each command's one-line form (``hoctap-xl aggregate DIR --out FILE.xlsx [--report DIR] …``), as
    the README's command table writes it (tests/test_docs.py holds the table to it)."""
    parser = parser or build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    out = {}
    for name, command in sub.choices.items():
        words = [f"hoctap-xl {name}"]
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if not action.option_strings:
                words.append(str(action.metavar or action.dest.upper()))
                continue
            text = action.option_strings[-1]
            if action.nargs != 0:
                meta = action.metavar or ("|".join(action.choices) if action.choices else action.dest.upper())
                text += f" {meta}"
            words.append(text if action.required else f"[{text}]")
        out[name] = " ".join(words)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``hoctap-xl`` with ``argv``; the exit code."""
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
        print(f"Lỗi: {exc}{mention(exc.detail)}", file=sys.stderr)
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
        import traceback

        log = write_log(traceback.format_exc())
        print("Lỗi ngoài dự kiến của hoctap-xl (không phải lỗi dữ liệu của bạn). Chi tiết kỹ thuật đã ghi vào "
              f"{log}; hãy gửi tệp này cho nhóm phát triển.", file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
