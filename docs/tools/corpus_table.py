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
                        f"{case.exit} | {run.returncode} | {got} | {'có' if same else '**KHÔNG**'} | "
                        f"{'đạt' if ok else '**CHƯA**'} |")
    text = ["# Bộ sổ hỏng thử nghiệm (corpus)", "",
            "Mỗi tệp làm từ một sổ mẫu sạch bằng một lần sửa (tests/corpus/build.py), chạy `hoctap-xl check --json`. "
            "Cột *phát hiện* bỏ `chua-danh-gia` (sổ mẫu có sẵn người đăng ký chưa chấm). Sinh lại: "
            "`python docs/tools/corpus_table.py`.", "",
            "| Tệp | Mã phải có | Mã thoát cần | Mã thoát được | Phát hiện | Tệp giữ nguyên | Kết quả |",
            "|---|---|---|---|---|---|---|", *rows, ""]
    (ROOT / "docs" / "corpus.md").write_text("\n".join(text), encoding="utf-8")
    print(ROOT / "docs" / "corpus.md")


if __name__ == "__main__":
    main()
