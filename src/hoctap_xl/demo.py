"""``hoctap-xl demo``: the main job on built-in sample data, start to finish."""

from __future__ import annotations

import time
from pathlib import Path

from .ascii import file_stem
from .reader import evaluate_file
from .report_text import results_table, table
from .sample import demo_communes
from .text import format_number
from .workbook import new_workbook


def run_demo(out: Path, nam: int = 2025) -> int:
    out.mkdir(parents=True, exist_ok=True)
    print(f"hoctap-xl demo — dữ liệu mẫu năm {nam}, ghi vào {out.resolve()}\n")
    summary = []
    for sample in demo_communes(nam):
        info = sample.info
        path = out / f"{file_stem(str(info['Mã đơn vị hành chính']), str(info['Xã/phường/thị trấn']), nam)}.xlsm"
        started = time.perf_counter()
        new_workbook(path, tinh=str(info["Tỉnh/thành phố"]), xa=str(info["Xã/phường/thị trấn"]), nam=nam,
                     info=info, tables=sample.tables, overwrite=True,
                     difficult=str(info.get("Vùng khó khăn")) == "Có")
        result = evaluate_file(path)
        elapsed = time.perf_counter() - started
        print(results_table(result))
        print(f"→ {path}  ({elapsed:.2f} s: tạo sổ, tính, ghi kết quả vào sổ)\n")
        errors = sum(f.is_error for f in result.findings)
        summary.append([result.info.xa, format_number(len(result.people)),
                        format_number(sum(p.verdict.recognised for p in result.people)),
                        str(errors), str(len(result.findings) - errors), path.name])
    print(table(["Xã", "Công dân", "Đạt CDHT", "Lỗi", "Cảnh báo", "Tệp"], summary, right=(1, 2, 3, 4)))
    print("\nCác lỗi trong dữ liệu mẫu là cố ý (điểm 11, điểm chữ, thôn gõ sai…) để thấy cách hoctap-xl báo lỗi:")
    print(f"  hoctap-xl check {out / summary[0][-1]}")
    return 0
