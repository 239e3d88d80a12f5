"""The commands that carry a workbook over (issue 7): ``next-year``, ``upgrade``, ``split``,
``merge``, ``import``. Each reads, calls the core, writes a fresh workbook, reads it back to prove
nothing was lost (:func:`carry_io.differences`), and prints an account in Vietnamese (``--json``
for programs). Exit codes as everywhere: 0 done; 1 done, with ``lỗi`` to look at; 2 not done.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import layout as L
from .carry import Content
from .carry_io import differences, read, write
from .errors import HoctapError
from .findings import LOI, Finding
from .rules import load_file

EXIT_OK, EXIT_FINDINGS, EXIT_FAIL = 0, 1, 2


class NotWritten(HoctapError):
    pass


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def write_checked(content: Content, out: Path, *, source: str, overwrite: bool = False) -> None:
    """Write, read back, compare; a workbook that did not come back whole is removed."""
    write(content, out, overwrite=overwrite, source=source)
    problems = differences(content, out)
    if problems:
        out.unlink(missing_ok=True)
        raise NotWritten("Sổ mới đọc lại không khớp với dữ liệu cần ghi (đã xóa sổ mới, sổ cũ không đổi): "
                         + "; ".join(problems[:5]))


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

def run_next_year(old: Path, new: Path, *, year: int | None = None, rules_file: str | None = None,
                  as_json: bool = False) -> int:
    from .next_year import next_year

    _refuse_same(old, new)
    loaded = read(old)
    result = loaded.evaluate()
    rules = load_file(rules_file) if rules_file else None
    content, done = next_year(loaded.content, result, year, rules)
    write_checked(content, new, source=f"{old.name} (sang năm {done.new_year})")
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

def run_upgrade(old: Path, new: Path, *, as_json: bool = False) -> int:
    _refuse_same(old, new)
    loaded = read(old)
    version = loaded.data.meta.get("template_version", "") or "không rõ"
    write_checked(loaded.content, new, source=f"{old.name} (nâng cấp từ mẫu {version})")
    findings = [f for f in loaded.findings if f.code == "khong-chep-duoc"]
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
