"""docs/corpus.md: what the corpus of broken workbooks produced, file by file.

Run: .venv/bin/python docs/tools/corpus_table.py   (builds tests/corpus in a temporary folder)
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.corpus.build import build  # noqa: E402

OUTSIDE_HEADING = "## Tệp từ bên ngoài"
"""Where the outside corpus's section begins (written by tests/corpus/measure_outside.py --write)."""


def _rows(path: Path) -> str:
    """Rows read / counted / rejected, as the level above accounts for them."""
    from hoctap_xl.level_above.files import NOT_READ
    from hoctap_xl.services.aggregate import read_one

    got = read_one(str(path), str(path.parent))
    if got.status == NOT_READ:
        return "— (không đọc)"
    return f"{got.rows_read} / {got.rows_counted} / {got.rows_read - got.rows_counted}"


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case, path in build(Path(tmp)):
            before = hashlib.sha256(path.read_bytes()).hexdigest()
            run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "check", str(path), "--json"],
                                 capture_output=True, text=True)
            same = hashlib.sha256(path.read_bytes()).hexdigest() == before
            if run.returncode == 2:
                got = "— (" + run.stderr.strip().removeprefix("Lỗi: ")[:90] + ")"
            else:
                codes = sorted({f["ma"] for f in json.loads(run.stdout)["phat_hien"]} - {"chua-danh-gia"})
                got = ", ".join(f"`{c}`" for c in codes) or "không có"
            ok = run.returncode == case.exit and "Traceback" not in run.stderr and same
            rows.append(f"| `{path.name}` | {', '.join(f'`{c}`' for c in sorted(case.must)) or '—'} | "
                        f"{case.exit} | {run.returncode} | {got} | {_rows(path)} | {'có' if same else '**KHÔNG**'} | "
                        f"{'đạt' if ok else '**CHƯA**'} |")
    text = ["# Bộ sổ hỏng thử nghiệm (corpus)", "",
            "Mỗi tệp làm từ một sổ mẫu sạch bằng một lần sửa (tests/corpus/build.py), chạy `hoctap-xl check --json`. "
            "Cột *phát hiện* bỏ `chua-danh-gia` (sổ mẫu có sẵn người đăng ký chưa chấm). Cột *dòng* là số dòng có "
            "dữ liệu trong năm bảng mô hình (đọc) / được tính / bị loại (mỗi dòng bị loại có phát hiện nêu ô), "
            "như cấp trên đếm khi tổng hợp. Sinh lại: `python docs/tools/corpus_table.py`.", "",
            "| Tệp | Mã phải có | Mã thoát cần | Mã thoát được | Phát hiện | Dòng đọc / tính / loại | Tệp giữ nguyên "
            "| Kết quả |",
            "|---|---|---|---|---|---|---|---|", *rows, ""]
    target = ROOT / "docs" / "corpus.md"
    kept = target.read_text(encoding="utf-8") if target.exists() else ""
    outside = kept[kept.find(OUTSIDE_HEADING):] if OUTSIDE_HEADING in kept else ""
    target.write_text("\n".join(text) + ("\n" + outside if outside else ""), encoding="utf-8")
    print(ROOT / "docs" / "corpus.md")


if __name__ == "__main__":
    main()
