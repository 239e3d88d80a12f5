"""Rewrite the Word templates of this folder and their reference page (README.md).

Run: .venv/bin/python templates/docx/build.py
(tests/test_documents.py fails when the committed files are not what this writes.)
"""

from pathlib import Path

from hoctap_xl.documents import templates as T
from hoctap_xl.formats.docx_render import template_variables
from hoctap_xl.formats.docx_templates import build_all

HERE = Path(__file__).resolve().parent

INTRO_TEMPLATE = """# Mẫu văn bản Word (`templates/docx/`)

Các tệp `.docx` ở đây là mẫu thường của Word: mở, sửa quốc hiệu, phông, lề, câu chữ như mọi văn
bản. Chỗ nào có `{{ tên_biến }}` thì hoctap-xl điền giá trị đã định dạng sẵn (số `1.385`, tỷ lệ
`70,48 %`, ngày `ngày 05 tháng 01 năm 2026`, số văn bản `05/QĐ-UBND`). Thẻ `{%p for … %}`,
`{%tr for … %}` (lặp đoạn, lặp dòng bảng) và `{%p if … %}` phải đứng một mình trong đoạn/dòng của nó.

| Tệp mẫu | Văn bản viết ra |
|---|---|
{templates}

**Dùng mẫu riêng của tỉnh**: chép thư mục này, sửa, rồi kiểm tra từng tệp

    hoctap-xl check-template mau-tinh/quyet-dinh.docx
    hoctap-xl report So.xlsm --out van-ban --mau mau-tinh

`check-template` báo *biến lạ* (hoctap-xl không cung cấp: văn bản sẽ không tạo được) và *biến
thiếu* (mẫu gốc có mà mẫu này bỏ; thiếu biến bắt buộc như `danh_sach`, `nguoi_ky` là lỗi). Khi
tạo văn bản, mọi biến đều phải có (không bao giờ in ô trống thay cho dữ liệu thiếu) và chữ như
`&`, `<` trong tên được in đúng như gõ.

Các tệp mẫu do `templates/docx/build.py` (mã trong `src/hoctap_xl/formats/docx_templates.py`) viết ra; trang
này cũng vậy. Bố cục theo Nghị định 30/2020/NĐ-CP, Phụ lục I.

## Biến của các mẫu
"""


def intro() -> str:
    """The page's opening, its table of templates from :data:`hoctap_xl.documents.templates.TEMPLATES`."""
    rows = [f"| `{name}` | `{t.writes}` — {t.about} |" for name, t in T.TEMPLATES.items()]
    return INTRO_TEMPLATE.replace("{templates}", "\n".join(rows))


if __name__ == "__main__":
    for path in build_all(HERE):
        print(path)
    used = {name: template_variables(HERE / name) for name in T.TEMPLATE_FILES}
    lines = [intro(), "| Biến | Ý nghĩa | Dùng trong mẫu |", "|---|---|---|"]
    for var, meaning in T.VARIABLES.items():
        where = ", ".join(n.removesuffix(".docx") for n in T.TEMPLATE_FILES if var in used[n])
        must = [n.removesuffix(".docx") for n, vs in T.ESSENTIAL.items() if var in vs]
        lines.append(f"| `{var}` | {meaning}{' — **bắt buộc** trong ' + ', '.join(must) if must else ''} | {where} |")
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(HERE / "README.md")
