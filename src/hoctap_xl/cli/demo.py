"""``hoctap-xl demo``: the main job on built-in sample data, start to finish."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from hoctap_xl.text.ascii import file_stem
from hoctap_xl.text.values import format_number


def _documents(workbook: Path, folder: Path, pdf: bool) -> str:
    """The commune's documents: the finished set when the workbook has no lỗi that affects them,
    else (as ``report --force`` would) a DỰ THẢO set."""
    from hoctap_xl.formats.xlsx_read import load
    from hoctap_xl.services.documents import documents_for

    data = load(workbook)
    started = time.perf_counter()
    outcome = documents_for(data, folder, pdf=pdf)
    draft = not outcome.written
    if draft:
        outcome = documents_for(data, folder, pdf=pdf, force=True)
    docs = sum(1 for p in outcome.written if p.suffix == ".docx")
    print(f"→ {folder}: {docs} văn bản{' + PDF' if pdf and not outcome.pdf_message else ''}"
          f"{' DỰ THẢO (sổ còn lỗi)' if draft else ''} ({time.perf_counter() - started:.1f} s)")
    if outcome.pdf_message:
        print(f"  {outcome.pdf_message}")
    return f"{docs}{' dự thảo' if draft else ''}"


def run_demo(out: Path, year: int = 2025) -> int:
    """``hoctap-xl demo``: three sample communes built, computed, documented and aggregated in ``out``."""
    from hoctap_xl.cli.tables import results_table, table
    from hoctap_xl.formats.docx_render import find_soffice
    from hoctap_xl.formats.workbook_file import new_workbook
    from hoctap_xl.formats.xlsx_read import evaluate_file
    from hoctap_xl.samples.generator import demo_communes

    books = out / "so-cac-xa"
    books.mkdir(parents=True, exist_ok=True)
    print(f"hoctap-xl demo — dữ liệu mẫu năm {year}, ghi vào {out.resolve()}\n")
    summary: list[list[str]] = []
    for sample in demo_communes(year):
        info = sample.info
        path = books / f"{file_stem(str(info['Mã đơn vị hành chính']), str(info['Xã/phường/thị trấn']), year)}.xlsm"
        started = time.perf_counter()
        new_workbook(path, province=str(info["Tỉnh/thành phố"]), commune=str(info["Xã/phường/thị trấn"]), year=year,
                     info=info, tables=sample.tables, overwrite=True,
                     difficult=str(info.get("Vùng khó khăn")) == "Có")
        result = evaluate_file(path)
        elapsed = time.perf_counter() - started
        print(results_table(result))
        print(f"→ {path}  ({elapsed:.2f} s: tạo sổ, tính, ghi kết quả vào sổ)\n")
        errors = sum(f.is_error for f in result.findings)
        # PDF for the first commune only: LibreOffice takes ~30 s for its ~1,500 pages of certificates
        docs_line = _documents(path, out / "van-ban" / path.stem, pdf=not summary and find_soffice() is not None)
        summary.append([result.info.commune, format_number(len(result.people)),
                        format_number(sum(p.verdict.recognised for p in result.people)),
                        str(errors), str(len(result.findings) - errors), path.name, docs_line])
    print(table(["Xã", "Công dân", "Đạt CDHT", "Lỗi", "Cảnh báo", "Tệp", "Văn bản"], summary,
                right=(1, 2, 3, 4)))
    print(f"\nVăn bản Word{' (và PDF của xã đầu tiên)' if find_soffice() else ''}: {out / 'van-ban'}")
    with_errors = [row for row in summary if row[3] != "0"]
    if with_errors:
        print("Các lỗi trong dữ liệu mẫu là cố ý (điểm 11, điểm chữ, thôn gõ sai…) để thấy cách hoctap-xl báo lỗi "
              "và từ chối tạo văn bản sai (bản DỰ THẢO được tạo với --force):")
        print(f"  hoctap-xl check {books / with_errors[0][5]}")
    _level_above(books, out, year)
    return 0


def _level_above(books: Path, out: Path, year: int) -> None:
    """The three workbooks as a district receives them: aggregated, summary and report."""
    from hoctap_xl.cli.aggregate_cmd import account
    from hoctap_xl.formats.summary_xlsx import write_summary
    from hoctap_xl.services.aggregate import aggregate, write_report

    started = time.perf_counter()
    agg = aggregate(books, cap="tỉnh", progress=lambda *a: None)
    summary = out / f"tong-hop-{year}.xlsx"
    write_summary(agg, summary)
    report = write_report(agg, out / "van-ban" / "cap-tren", body="ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", place="Lạng Sơn")
    print(f"\nCấp trên tổng hợp {books} ({time.perf_counter() - started:.1f} s):")
    print(account(agg))
    print(f"→ {summary}\n→ {report}")
    print(f"  (lệnh tương ứng: hoctap-xl aggregate {books} --out {summary} --report {report.parent})")


def cmd_demo(args: argparse.Namespace) -> int:
    """``demo``."""
    return run_demo(Path(args.out))


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``demo``."""
    s = sub.add_parser("demo", help="chạy thử trên dữ liệu mẫu có sẵn", description=(
        "Tạo vài sổ xã mẫu với dữ liệu thực tế, tính kết quả và in bảng tóm tắt."))
    s.add_argument("--out", default="hoctap-demo", metavar="DIR", help="thư mục ghi các tệp (mặc định: hoctap-demo)")
    s.set_defaults(func=cmd_demo)
