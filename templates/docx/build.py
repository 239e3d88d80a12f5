"""Rewrite the Word templates of this folder from hoctap_xl.docx_build.

Run: .venv/bin/python templates/docx/build.py   (tests/test_documents.py checks they are current)
"""

from pathlib import Path

from hoctap_xl.docx_build import build_all

if __name__ == "__main__":
    for path in build_all(Path(__file__).resolve().parent):
        print(path)
