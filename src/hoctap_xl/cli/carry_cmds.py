"""The commands that carry a workbook over: ``next-year``, ``upgrade``, ``split``, ``merge``,
``import``. The work is :mod:`hoctap_xl.services.carry` (shared with the buttons); here each command
prints an account in Vietnamese (``--json`` for programs) and returns its exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoctap_xl import layout as L
from hoctap_xl.errors import EXIT_FINDINGS, EXIT_OK
from hoctap_xl.findings import LOI, Finding

if TYPE_CHECKING:
    from hoctap_xl.carry.list_import import Plan


def _print_findings(findings: Sequence[Finding], limit: int = 30) -> None:
    for f in findings[:limit]:
        print(f"  [{f.level}] {f.code}: {f.message} ({f.where()})")
    if len(findings) > limit:
        print(f"  … và {len(findings) - limit} phát hiện khác (dùng --json để xem hết).")


def _emit(as_json: bool, data: dict[str, Any], findings: Sequence[Finding]) -> int:
    if as_json:
        data["phat_hien"] = [f.to_json() for f in findings]
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    return EXIT_FINDINGS if any(f.level == LOI for f in findings) else EXIT_OK


# -- next-year ----------------------------------------------------------------------------------

def run_next_year(old: Path, new: Path, *, year: int | None = None, rules_file: str | None = None,
                  as_json: bool = False) -> int:
    """``hoctap-xl next-year``: next year's workbook, with an account."""
    from hoctap_xl.formats.carry_files import read
    from hoctap_xl.rules.ruleset import load_file
    from hoctap_xl.services.carry import make_next_year, refuse_same

    refuse_same(old, new)
    loaded = read(old)
    result = loaded.evaluate()
    rules = load_file(rules_file) if rules_file else None
    done = make_next_year(loaded.content, result, new, old.name, year=year, rules=rules)
    findings = [f for f in result.findings if f.level == LOI] + [f for f in loaded.findings
                                                                   if f.code == "khong-chep-duoc"]
    if not as_json:
        print(f"Đã tạo sổ năm {done.new_year}: {new}")
        for key, n in done.rows.items():
            print(f"  {L.TABLES[key].sheet}: {n} dòng")
        print(f"  Số năm liên tục đã đạt: {done.recognised} người đạt năm {done.old_year} được cộng 1 năm; "
              f"{done.reset} người chưa đạt về 0" + (f"; {done.rejected} dòng bị loại năm nay về 0" if done.rejected
                                                    else "") + ".")
        print(f"  {done.excellent_next} người sẽ là \u201ctiêu biểu xuất sắc\u201d nếu đạt năm {done.new_year}.")
        print(f"  Đã xóa {done.cleared_cells} ô điểm/tiêu chí; số quyết định, số báo cáo và ngày ban hành để trống.")
        for code, where in done.targets.items():
            print(f"  Chỉ tiêu {code} năm {done.new_year}: {where}")
        print("  Bộ tiêu chí: " + ("đã đổi theo tệp mới" if done.rules_changed else "giữ như sổ cũ") + ".")
        print("  Hãy cập nhật Tổng số hộ, số người lao động của từng thôn cho năm mới.")
        if findings:
            print(f"Sổ cũ có {len(findings)} điều cần xem (các dòng lỗi được chép nguyên như đã gõ):")
            _print_findings(findings)
    return _emit(as_json, {"so_cu": str(old), "so_moi": str(new), **done.to_json()}, findings)


# -- upgrade ------------------------------------------------------------------------------------

def run_upgrade(old: Path, new: Path, *, unicode: bool = False, as_json: bool = False) -> int:
    """``hoctap-xl upgrade``: the workbook as the current template, with all its data."""
    from hoctap_xl.services.carry import upgrade

    loaded, version = upgrade(old, new, unicode=unicode)
    findings = [f for f in loaded.findings if f.code == "khong-chep-duoc" or (unicode and f.code == "bang-ma-cu")]
    counts = {key: len(rows) for key, rows in loaded.content.tables.items()}
    if not as_json:
        print(f"Đã nâng cấp sổ {old.name} (mẫu {version}) thành {new} (mẫu {L.TEMPLATE_VERSION}).")
        for key, n in counts.items():
            print(f"  {L.TABLES[key].sheet}: {n} dòng — đã đọc lại và so từng ô, khớp")
        if findings:
            print("Những phần không chép được:")
            _print_findings(findings)
    return _emit(as_json, {"so_cu": str(old), "so_moi": str(new), "mau_cu": version, "mau_moi": L.TEMPLATE_VERSION,
                           "so_dong": counts}, findings)


# -- split / merge ------------------------------------------------------------------------------

def run_split(workbook: Path, folder: Path, *, as_json: bool = False) -> int:
    """``hoctap-xl split``: one workbook per thôn, with an account."""
    from hoctap_xl.formats.carry_files import read
    from hoctap_xl.services.carry import make_split

    loaded = read(workbook)
    result, targets = make_split(loaded.content, workbook.name, folder)
    if not as_json:
        print(f"Đã tách {workbook.name} thành {len(targets)} tệp trong {folder}:")
        for part, target in zip(result.parts, targets, strict=True):
            print(f"  {target.name}: {part.thon} — {part.counts['cong_dan']} người, {part.counts['gia_dinh']} hộ")
        if result.without_thon:
            print(f"  Không thuộc tệp thôn nào (giữ nguyên trong sổ xã): {result.without_thon.get('cong_dan', 0)} "
                  f"người (cán bộ đơn vị, hoặc thôn không có trong sheet Thôn), "
                  f"{result.without_thon.get('gia_dinh', 0)} hộ.")
        print("Gửi mỗi tệp cho chi hội của thôn; nhận về, để chung một thư mục rồi chạy: "
              f"hoctap-xl merge \"{folder}\" --into \"{workbook}\"")
    return _emit(as_json, {"so": str(workbook), "thu_muc": str(folder),
                           "tep": [{"tep": t.name, "thon": p.thon, "so_dong": p.counts}
                                   for p, t in zip(result.parts, targets, strict=True)],
                           "khong_thuoc_thon": result.without_thon}, [])


def run_merge(folder: Path, into: Path, *, as_json: bool = False) -> int:
    """``hoctap-xl merge``: the thôn workbooks brought back, with an account."""
    from hoctap_xl.services.carry import merge_folder

    outcome = merge_folder(folder, into)
    merged, saved, findings = outcome.merged, outcome.saved, outcome.findings
    if not as_json:
        print(f"Gộp {len(merged.accounts)} tệp thôn vào {into.name}:")
        for a in merged.accounts:
            print(f"  {a.file} ({a.thon}): thêm {a.added}, cập nhật {a.updated}, không đổi {a.unchanged}"
                  + (f", giữ nguyên vì có phát hiện {a.held}" if a.held else ""))
        print(f"Đã sao lưu sổ cũ thành {saved.name} rồi ghi sổ đã gộp." if saved
              else "Không có gì thay đổi; sổ xã không bị ghi.")
        if findings:
            print(f"{len(findings)} điều cần xem (không có gì bị ghi đè):")
            _print_findings(findings)
    return _emit(as_json, {"so": str(into), "sao_luu": str(saved) if saved else None,
                           "tep": [{"tep": a.file, "thon": a.thon, "them": a.added, "cap_nhat": a.updated,
                                    "khong_doi": a.unchanged, "giu_nguyen": a.held} for a in merged.accounts]},
                 findings)


# -- import -------------------------------------------------------------------------------------

def _parse_forced(pairs: Sequence[str] | None) -> dict[str, str]:
    from hoctap_xl.services.carry import NotWritten

    out = {}
    for pair in pairs or ():
        if "=" not in pair:
            raise NotWritten(f"--cot cần dạng \"Tiêu đề mẫu=Tiêu đề trong tệp\", không phải \"{pair}\".")
        head, text = pair.split("=", 1)
        out[head.strip()] = text.strip()
    return out


def run_import(source: Path, into: Path, table: str, *, sheet: str | None = None, forced: Sequence[str] | None = None,
               write_now: bool = False, as_json: bool = False, ask: bool | None = None) -> int:
    """``hoctap-xl import``: preview a list's mapping, and with ``--dong-y`` add its rows."""
    from hoctap_xl.carry.list_import import plan_import, table_key
    from hoctap_xl.formats.carry_files import read
    from hoctap_xl.formats.list_files import list_fonts, read_list
    from hoctap_xl.services.carry import NotWritten, add_rows, refuse_same
    from hoctap_xl.sheets.geometry import table_headers

    key = table_key(table)
    if key is None:
        raise NotWritten(f"Không có bảng \u201c{table}\u201d. Chọn: {L.THON}, {L.CONG_DAN}, {L.GIA_DINH}, "
                         f"{L.DONG_HO}, {L.CONG_DONG}, {L.DON_VI}.")
    refuse_same(source, into)
    read_findings: list[Finding] = []
    sheet_name, rows = read_list(source, sheet, read_findings)
    base = read(into)
    plan = plan_import(rows, base.content, key, file=source.name, sheet=sheet_name if sheet_name != source.name
                       else None, forced=_parse_forced(forced), fonts=list_fonts(source))
    if isinstance(plan, str):
        raise NotWritten(plan)
    plan.findings[:0] = read_findings
    target = L.TABLES[key].sheet
    if not as_json:
        _print_preview(plan, source.name, into.name, table_headers(key, base.content.rules))
    interactive = sys.stdin.isatty() and not as_json if ask is None else ask
    if not write_now and interactive and plan.add:
        write_now = input("Ghi vào sổ? (c/k) ").strip().lower() in ("c", "co", "có", "y")
    saved = None
    if write_now and plan.add:
        saved = add_rows(base, key, plan.add, into, source.name)
        if not as_json:
            print(f"Đã sao lưu sổ thành {saved.name}, rồi thêm {len(plan.add)} dòng vào \u201c{target}\u201d.")
    elif not as_json and plan.add:
        print("Chưa ghi gì. Xem bảng trên; đúng thì chạy lại với --dong-y để ghi vào sổ.")
    return _emit(as_json, {"tep": str(source), "so": str(into), "bang": target, "dong_tieu_de": plan.mapping.header_row,
                           "cot": {h: j + 1 for h, j in plan.mapping.columns.items()},
                           "khong_nhap": [t for _, t in plan.mapping.unmatched], "them": len(plan.add),
                           "khong_them": plan.skipped, "o_doi_bang_ma": plan.converted,
                           "doi_bang_ma": [c.to_json() for c in plan.changes], "da_ghi": saved is not None,
                           "sao_luu": str(saved) if saved else None}, plan.findings)


def _print_preview(plan: Plan, source: str, into: str, wanted: Sequence[str]) -> None:
    """The mapping of the file's columns, what is missing, and every cell read from a legacy encoding."""
    mapping = plan.mapping
    print(f"Nhập {source} vào bảng \u201c{L.TABLES[plan.key].sheet}\u201d của {into} — tiêu đề ở dòng "
          f"{mapping.header_row}:")
    for head, j in mapping.columns.items():
        typed = f" (gõ \u201c{plan.header_typed[j]}\u201d)" if j in plan.header_typed else ""
        print(f"  cột {j + 1} \u201c{mapping.texts[j]}\u201d{typed}  →  {head}")
    for _, text in mapping.unmatched:
        print(f"  \u201c{text}\u201d  →  (không nhập)")
    missing = [h for h in wanted if h not in mapping.columns]
    if missing:
        shown = ", ".join(missing[:6]) + (f" và {len(missing) - 6} cột khác" if len(missing) > 6 else "")
        print(f"  Tệp không có cột: {shown} — để trống, hãy điền trong sổ.")
    print(f"  {len(plan.add)} dòng sẽ được thêm; {plan.skipped} dòng không thêm; "
          f"{plan.converted} ô đổi từ bảng mã cũ sang Unicode.")
    for row in plan.add[:3]:
        print("  vd. " + "; ".join(f"{h}: {v}" for h, v in row.values.items() if v not in (None, ""))[:200])
    if plan.changes:
        print(f"  Các ô đổi từ bảng mã cũ sang Unicode (tất cả {plan.converted} ô; chỉ những ô này được đổi):")
        for change in plan.changes:
            print(f"    {change.cell} \u201c{change.typed}\u201d  →  \u201c{change.written}\u201d ({change.encoding})")
    if plan.findings:
        _print_findings(plan.findings)



def cmd_next_year(args: argparse.Namespace) -> int:
    """``next-year``."""
    return run_next_year(Path(args.old), Path(args.new), year=args.nam, rules_file=args.bo_tieu_chi,
                         as_json=args.json)


def cmd_upgrade(args: argparse.Namespace) -> int:
    """``upgrade``."""
    return run_upgrade(Path(args.old), Path(args.new), unicode=args.unicode, as_json=args.json)


def cmd_split(args: argparse.Namespace) -> int:
    """``split``."""
    return run_split(Path(args.workbook), Path(args.theo_thon), as_json=args.json)


def cmd_merge(args: argparse.Namespace) -> int:
    """``merge``."""
    return run_merge(Path(args.folder), Path(args.into), as_json=args.json)


def cmd_import(args: argparse.Namespace) -> int:
    """``import``."""
    return run_import(Path(args.file), Path(args.into), args.bang, sheet=args.sheet, forced=args.cot,
                      write_now=args.dong_y, as_json=args.json)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the commands that carry a workbook over."""
    s = sub.add_parser("next-year", help="tạo sổ năm sau từ sổ năm nay (chép danh sách, cộng số năm liên tục)",
                       description="Sổ năm mới: mọi thôn, đơn vị, dòng họ, người, hộ được chép sang; người đạt năm "
                       "nay được cộng 1 vào Số năm liên tục đã đạt, người chưa đạt về 0; điểm, số quyết định, "
                       "ngày để trống; chỉ tiêu có cột năm mới. Sổ cũ không bị sửa.")
    s.add_argument("old", metavar="OLD.xlsm", help="sổ năm nay")
    s.add_argument("new", metavar="NEW.xlsm", help="sổ năm sau sẽ tạo")
    s.add_argument("--nam", type=int, metavar="Y", help="năm mới (mặc định: năm của sổ cũ + 1)")
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
    s.add_argument("--sheet", metavar="S", help="sheet của tệp danh sách (mặc định: sheet đầu tiên)")
    s.add_argument("--cot", action="append", metavar="\"MẪU=TỆP\"",
                   help="chỉ định cột: tiêu đề của mẫu = tiêu đề trong tệp (dùng nhiều lần được)")
    s.add_argument("--dong-y", action="store_true", help="ghi vào sổ luôn, không hỏi")
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=cmd_import)
