"""The core imports no Excel or Word library (style.md: core apart from edges)."""

from __future__ import annotations

import subprocess
import sys

CORE = ["text", "legacy", "findings", "rules", "targets", "layout", "grid", "inputs", "scoring", "commune", "blocks",
        "doc_context"]


def test_core_imports_with_excel_and_word_libraries_absent():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'openpyxl','xlsxwriter','xlwings','python_calamine','docxtpl','docx',"
        "'pandas','matplotlib'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        + "".join(f"import hoctap_xl.{m}\n" for m in CORE)
        + "from hoctap_xl import rules; rules.default()\n"
        "print('ok')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"
