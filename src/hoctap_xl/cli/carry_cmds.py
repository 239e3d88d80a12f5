"""The commands that carry a workbook over (issue 7): ``next-year``, ``upgrade``, ``split``,
``merge``, ``import``. Each reads, calls the core, writes a fresh workbook, reads it back to prove
nothing was lost (:func:`carry_io.differences`), and prints an account in Vietnamese (``--json``
for programs). Exit codes as everywhere: 0 done; 1 done, with ``lỗi`` to look at; 2 not done.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.carry.content import Content
from hoctap_xl.carry.next_year import Carried
from hoctap_xl.carry.split_merge import Split
from hoctap_xl.cli.main import EXIT_FINDINGS, EXIT_OK
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.errors import HoctapError
from hoctap_xl.findings import LOI, Finding
from hoctap_xl.formats.carry_files import differences, read, write
from hoctap_xl.rules.ruleset import RuleSet, load_file


class NotWritten(HoctapError):
    pass


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


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


def _refuse_same(source: Path, out: Path) -> None:
    if _same_file(source, out):
        raise NotWritten(f"Sổ mới phải là tệp khác sổ cũ ({out}); sổ cũ được giữ nguyên.")


# -- next-year ----------------------------------------------------------------------------------

def make_next_year(content: Content, result: CommuneResult, new: Path, source: str, *, year: int | None = None,
                   rules: RuleSet | None = None) -> Carried:
    """Write next year's workbook (checked) from a workbook's content and results: the command
    and the ``Sang năm mới`` button."""
    from hoctap_xl.carry.next_year import next_year

    carried, done = next_year(content, result, year, rules)
    write_checked(carried, new, source=f"{source} (sang năm {done.new_year})")
    return done


def run_next_year(old: Path, new: Path, *, year: int | None = None, rules_file: str | None = None,
                  as_json: bool = False) -> int:
    _refuse_same(old, new)
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
    _refuse_same(old, new)
    loaded = read(old, unicode=unicode)
    version = loaded.data.meta.get("template_version", "") or "không rõ"
    write_checked(loaded.content, new, source=f"{old.name} (nâng cấp từ mẫu {version})")
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

def _part_name(code: str, thon: str) -> str:
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
    targets = [folder / _part_name(code, p.thon) for p in result.parts]
    if len(set(targets)) != len(targets):
        raise NotWritten("Hai thôn cho cùng một tên tệp (tên thôn chỉ khác dấu); hãy sửa tên thôn cho khác.")
    existing = [t.name for t in targets if t.exists()]
    if existing:
        raise NotWritten(f"Thư mục {folder} đã có {', '.join(existing[:3])}; chọn thư mục khác để không ghi đè.")
    folder.mkdir(parents=True, exist_ok=True)
    for part, target in zip(result.parts, targets, strict=True):
        write_checked(part.content, target, source=f"{source} (tách cho {part.thon})")
    return result, targets


def run_split(workbook: Path, folder: Path, *, as_json: bool = False) -> int:
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


def _returned_files(folder: Path, into: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in (".xlsm", ".xlsx") and not p.name.startswith(("~$", "."))
                  and ".bak-" not in p.name and not _same_file(p, into))


def run_merge(folder: Path, into: Path, *, as_json: bool = False) -> int:
    from hoctap_xl.carry.content import content_of
    from hoctap_xl.carry.split_merge import Returned, merge
    from hoctap_xl.formats.carry_files import backup
    from hoctap_xl.formats.xlsx_read import load

    if not folder.is_dir():
        raise NotWritten(f"Không có thư mục {folder}.")
    base = read(into)
    returned: list[Returned] = []
    unreadable: list[Finding] = []
    for path in _returned_files(folder, into):
        try:
            data = load(path)
        except HoctapError as exc:
            unreadable.append(Finding("tep-khong-doc-duoc", str(exc), None, None, path.name))
            continue
        content, _ = content_of(data.grids, data.rules, data.meta, data.sheets, file=path.name)
        returned.append(Returned(path.name, data.meta, content.tables))
    if not returned and not unreadable:
        raise NotWritten(f"Thư mục {folder} không có tệp thôn nào (.xlsm).")
    merged = merge(base.content, returned)
    findings = unreadable + merged.findings
    changes = sum(a.added + a.updated for a in merged.accounts)
    saved = None
    if changes:
        saved = backup(into)
        write_checked(merged.content, into, source=f"gộp {len(merged.accounts)} tệp thôn từ {folder.name}",
                      overwrite=True, restore=saved)
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

def read_list(path: Path, sheet: str | None = None) -> tuple[str, list[list[Any]]]:
    """A list file's rows: ``.csv`` (UTF-8, or Windows-1258 as old Vietnamese Excel saves it;
    comma, semicolon or tab) or any spreadsheet python-calamine reads."""
    if path.suffix.lower() != ".csv":
        from hoctap_xl.formats.xlsx_read import any_sheet_rows

        return any_sheet_rows(path, sheet)
    import csv
    import unicodedata

    if not path.is_file():
        raise NotWritten(f"Không có tệp {path}.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1258", errors="replace")  # Windows-1258: tone marks as combining characters
    text = unicodedata.normalize("NFC", text)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[_csv_value(v) for v in row] for row in csv.reader(text.splitlines(), dialect)]
    return path.name, rows


def _csv_value(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,9}", text):
        return int(text)
    return text


def _parse_forced(pairs: Sequence[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or ():
        if "=" not in pair:
            raise NotWritten(f"--cot cần dạng \"Tiêu đề mẫu=Tiêu đề trong tệp\", không phải \"{pair}\".")
        head, text = pair.split("=", 1)
        out[head.strip()] = text.strip()
    return out


def run_import(source: Path, into: Path, table: str, *, sheet: str | None = None, forced: Sequence[str] | None = None,
               write_now: bool = False, as_json: bool = False, ask: bool | None = None) -> int:
    from hoctap_xl.carry.list_import import plan_import, table_key
    from hoctap_xl.formats.carry_files import backup

    key = table_key(table)
    if key is None:
        raise NotWritten(f"Không có bảng \u201c{table}\u201d. Chọn: {L.THON}, {L.CONG_DAN}, {L.GIA_DINH}, "
                         f"{L.DONG_HO}, {L.CONG_DONG}, {L.DON_VI}.")
    _refuse_same(source, into)
    sheet_name, rows = read_list(source, sheet)
    base = read(into)
    plan = plan_import(rows, base.content, key, file=source.name, sheet=sheet_name if sheet_name != source.name
                       else None, forced=_parse_forced(forced))
    if isinstance(plan, str):
        raise NotWritten(plan)
    target = L.TABLES[key].sheet
    if not as_json:
        print(f"Nhập {source.name} vào bảng \u201c{target}\u201d của {into.name} — tiêu đề ở dòng "
              f"{plan.mapping.header_row}:")
        for head, j in plan.mapping.columns.items():
            print(f"  cột {j + 1} \u201c{plan.mapping.texts[j]}\u201d  →  {head}")
        for _, text in plan.mapping.unmatched:
            print(f"  \u201c{text}\u201d  →  (không nhập)")
        from hoctap_xl.carry.content import headers

        missing = [h for h in headers(key, base.content.rules) if h not in plan.mapping.columns]
        if missing:
            shown = ", ".join(missing[:6]) + (f" và {len(missing) - 6} cột khác" if len(missing) > 6 else "")
            print(f"  Tệp không có cột: {shown} — để trống, hãy điền trong sổ.")
        print(f"  {len(plan.add)} dòng sẽ được thêm; {plan.skipped} dòng không thêm; "
              f"{plan.converted} ô đổi từ bảng mã cũ sang Unicode.")
        for row in plan.add[:3]:
            print("  vd. " + "; ".join(f"{h}: {v}" for h, v in row.values.items() if v not in (None, ""))[:200])
        if plan.findings:
            _print_findings(plan.findings)
    interactive = sys.stdin.isatty() and not as_json if ask is None else ask
    if not write_now and interactive and plan.add:
        write_now = input("Ghi vào sổ? (c/k) ").strip().lower() in ("c", "co", "có", "y")
    saved = None
    if write_now and plan.add:
        content = base.content.copy()
        content.tables[key] = content.tables.get(key, []) + plan.add
        saved = backup(into)
        write_checked(content, into, source=f"nhập {source.name}", overwrite=True, restore=saved)
        if not as_json:
            print(f"Đã sao lưu sổ thành {saved.name}, rồi thêm {len(plan.add)} dòng vào \u201c{target}\u201d.")
    elif not as_json and plan.add:
        print("Chưa ghi gì. Xem bảng trên; đúng thì chạy lại với --dong-y để ghi vào sổ.")
    return _emit(as_json, {"tep": str(source), "so": str(into), "bang": target, "dong_tieu_de": plan.mapping.header_row,
                           "cot": {h: j + 1 for h, j in plan.mapping.columns.items()},
                           "khong_nhap": [t for _, t in plan.mapping.unmatched], "them": len(plan.add),
                           "khong_them": plan.skipped, "o_doi_bang_ma": plan.converted, "da_ghi": saved is not None,
                           "sao_luu": str(saved) if saved else None}, plan.findings)

