"""The Word documents, checked from the .docx files themselves (python-docx), against
``results --json`` and the layout rules of documents.md §2."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt

from hoctap_xl import layout as L
from hoctap_xl.documents import templates as T
from hoctap_xl.documents.commune_facts import commune_of
from hoctap_xl.documents.district import district_plan
from hoctap_xl.documents.model_names import MODEL_SLUGS
from hoctap_xl.documents.plan import plan as plan_documents
from hoctap_xl.documents.plan import share_ratios
from hoctap_xl.formats import docx_render as documents
from hoctap_xl.formats.docx_templates import build_all
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.formats.xlsx_read import load
from hoctap_xl.samples import generator as sample
from hoctap_xl.services.documents import documents_for
from hoctap_xl.text.values import format_doc_number, format_number

ODD_NAMES = ["Trần Văn An & Con", "Lê <Thị> Bình", 'Đỗ "Út" Cường',
             unicodedata.normalize("NFD", "Nguyễn Thị Hường")]


def _workbook(folder: Path, *, mistakes: bool, odd: bool = False, seed: int = 5, persons: int = 260) -> Path:
    s = sample.generate(seed, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=persons,
                        households=110,
                        thon=5, mistakes=mistakes)
    if odd:  # names as officials may type them, put on people who will be recognised
        people = [r for r in s.tables["cong_dan"] if r["Đơn vị công tác"] is None]
        for row, name in zip(people[3::40], ODD_NAMES, strict=False):
            row.update({"Họ và tên": name, "Nhóm": 1, **{f"Chỉ số {i}": 9 for i in range(1, 11)}})
        s.tables["gia_dinh"][0]["Họ tên chủ hộ"] = "Hộ A&B <C>"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "xa.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, info=s.info, tables=s.tables, overwrite=True)
    return path


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vb")
    path = _workbook(folder, mistakes=False, odd=True)
    out = folder / "van-ban"
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "report", str(path), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    results = json.loads(subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "results", str(path), "--json"],
                                        capture_output=True, text=True).stdout)
    return path, out, results


@pytest.fixture(scope="module")
def dirty(tmp_path_factory):
    return _workbook(tmp_path_factory.mktemp("loi"), mistakes=True, seed=6)


def texts(path: Path) -> list[str]:
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            out += [c.text for c in row.cells]
    return out


def all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def annex_tables(path: Path) -> list:
    return [t for t in Document(str(path)).tables if t.rows and t.rows[0].cells[0].text == "STT"]


# --- the set of files --------------------------------------------------------------------------------

def test_every_document_of_the_spec_is_written_for_models_with_recognised_entries(clean):
    _, out, results = clean
    names = {p.name for p in out.iterdir()}
    expected = {"bao-cao-2025.docx"}
    for model, slug in MODEL_SLUGS.items():
        if any(r["dat"] for r in results[model]):
            expected |= {f"{kind}-{slug}-2025.docx" for kind in ("quyet-dinh", "to-trinh", "giay-cong-nhan")}
    assert names == expected
    assert any(r["dat"] for r in results["cong_dan"]) and "quyet-dinh-cong-dan-2025.docx" in names


@pytest.mark.parametrize("name", ["bao-cao-2025.docx", "quyet-dinh-cong-dan-2025.docx", "to-trinh-gia-dinh-2025.docx",
                                  "giay-cong-nhan-cong-dan-2025.docx", "quyet-dinh-gia-dinh-2025.docx"])
def test_nothing_is_left_unrendered(clean, name):
    xml = all_xml(clean[1] / name)
    assert "{{" not in xml and "{%" not in xml and "}}" not in xml and "%}" not in xml


def test_templates_use_only_registered_variables_and_contexts_provide_them_all(clean):
    path, _, _ = clean
    data = load(path)
    from hoctap_xl.commune.evaluate import evaluate

    result = evaluate(data.grids, data.rules, findings=data.findings)
    plans = plan_documents(result, last_year=share_ratios(result))
    folder = documents.template_dir()
    for name in T.TEMPLATE_FILES:
        assert documents.template_variables(folder / name) <= set(T.VARIABLES), name
    for p in plans:
        needed = documents.template_variables(folder / p.template)
        given = set(p.context) | ({"bieu_do"} if p.chart is not None else set())
        assert needed <= given, (p.file, needed - given)
        assert set(p.context) <= set(T.VARIABLES), (p.file, set(p.context) - set(T.VARIABLES))


def test_committed_templates_are_what_the_builder_writes(tmp_path):
    build_all(tmp_path)
    repo = Path(__file__).resolve().parents[1] / "templates" / "docx"
    for name in T.TEMPLATE_FILES:
        with zipfile.ZipFile(repo / name) as a, zipfile.ZipFile(tmp_path / name) as b:
            for part in ("word/document.xml", "word/header1.xml", "word/styles.xml"):
                if part in a.namelist():
                    assert a.read(part) == b.read(part), f"{name} {part}: run templates/docx/build.py"


# --- layout (NĐ 30/2020, Phụ lục I) ------------------------------------------------------------------

def test_page_margins_and_font(clean):
    doc = Document(str(clean[1] / "quyet-dinh-cong-dan-2025.docx"))
    sec = doc.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(1) and abs(sec.page_height - Mm(297)) < Mm(1)
    mm = [round(m / Mm(1), 1) for m in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)]
    # Word stores margins in twips: 15 mm is 850 twips = 14.99 mm, hence the rounding to 0.1 mm
    assert 20 <= mm[0] <= 25 and 20 <= mm[1] <= 25 and 30 <= mm[2] <= 35 and 15 <= mm[3] <= 20, mm
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and Pt(13) <= normal.font.size <= Pt(14)


def _runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def test_header_block(clean):
    doc = Document(str(clean[1] / "quyet-dinh-cong-dan-2025.docx"))
    left, right = doc.tables[0].rows[0].cells
    lp = [p for p in left.paragraphs if p.text.strip()]
    assert [p.text for p in lp[:2]] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN VĂN"]
    for p in lp[:2]:
        assert all(r.bold and Pt(12) <= r.font.size <= Pt(13) for r in _runs(p))
    assert re.fullmatch(r"Số: \d{2,}/QĐ-UBND", lp[2].text)
    rp = [p for p in right.paragraphs if p.text.strip()]
    assert rp[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and all(r.bold for r in _runs(rp[0]))
    assert rp[1].text == "Độc lập - Tự do - Hạnh phúc" and all(Pt(13) <= r.font.size <= Pt(14) for r in _runs(rp[1]))
    assert re.fullmatch(r"Tân Văn, ngày \d{2} tháng (0[12]|[3-9]|1[0-2]) năm \d{4}", rp[2].text)
    assert all(r.italic for r in _runs(rp[2]))


def test_numbers_typed_any_way_print_with_their_zero(clean):
    path, out, _ = clean
    info = load(path).grids[L.THONG_TIN]
    typed = {row[0]: row[1] for row in info.rows if len(row) > 1}
    number = format_doc_number(typed[L.L_SO_QD["gia_dinh"]], "QĐ-UBND")
    assert f"Số: {number}" in "\n".join(texts(out / "quyet-dinh-gia-dinh-2025.docx"))
    assert re.fullmatch(r"\d{2,}/QĐ-UBND", number)


def test_bases_articles_receivers_and_signature(clean):
    doc = Document(str(clean[1] / "quyet-dinh-cong-dan-2025.docx"))
    bases = [p for p in doc.paragraphs if p.text.startswith("Căn cứ")]
    assert len(bases) >= 2 and all(p.text.endswith(";") for p in bases[:-1]) and bases[-1].text.endswith(".")
    assert all(r.italic for p in bases for r in _runs(p))
    articles = [p for p in doc.paragraphs if p.text.startswith("Điều ")]
    assert [p.text.split(".")[0] for p in articles] == [f"Điều {i}" for i in range(1, len(articles) + 1)]
    assert all(p.runs[0].bold for p in articles)
    sign = next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    left, right = sign.rows[0].cells
    head = left.paragraphs[0]
    assert all(r.bold and r.italic and r.font.size == Pt(12) for r in _runs(head))
    items = [p.text for p in left.paragraphs[1:]]
    assert all(i.startswith("- ") for i in items) and all(i.endswith(";") for i in items[:-1])
    assert items[-1].startswith("- Lưu: VT") and items[-1].endswith(".")
    lines = [p.text for p in right.paragraphs if p.text.strip()]
    assert lines[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert lines[-1] and lines[-1] == lines[-1].strip() and right.paragraphs[-1].runs[0].bold


def test_page_numbers_from_page_two_and_annex_header_repeats(clean):
    path = clean[1] / "quyet-dinh-cong-dan-2025.docx"
    doc = Document(str(path))
    sec = doc.sections[0]
    assert sec.different_first_page_header_footer
    assert 'w:instr="PAGE"' in sec.header._element.xml and "PAGE" not in sec.first_page_header._element.xml
    for t in annex_tables(path):
        assert "w:tblHeader" in t.rows[0]._tr.xml


# --- content against results --json ------------------------------------------------------------------

def test_every_recognised_person_is_in_the_annex_exactly_once_and_nobody_else(clean):
    _, out, results = clean
    tables = annex_tables(out / "quyet-dinh-cong-dan-2025.docx")
    listed = Counter(row.cells[1].text for row in tables[0].rows[1:])
    recognised = Counter(unicodedata.normalize("NFC", r["ho_ten"]) for r in results["cong_dan"] if r["dat"])
    assert listed == recognised
    excellent = Counter(r["ho_ten"] for r in results["cong_dan"] if r["danh_hieu"] and "tiêu biểu" in r["danh_hieu"])
    if excellent:
        assert Counter(row.cells[1].text for row in tables[1].rows[1:]) == excellent
    numbers = [row.cells[0].text for row in tables[0].rows[1:]]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]


@pytest.mark.parametrize("model", ["gia_dinh", "dong_ho", "don_vi"])
def test_entity_annexes_match_results(clean, model):
    _, out, results = clean
    key = "chu_ho" if model == "gia_dinh" else "ten"
    recognised = Counter(r[key] for r in results[model] if r["dat"])
    if not recognised:
        pytest.skip("no recognised entry in this sample")
    path = out / f"quyet-dinh-{MODEL_SLUGS[model]}-2025.docx"
    assert Counter(row.cells[1].text for row in annex_tables(path)[0].rows[1:]) == recognised


def test_names_print_exactly_as_typed(clean):
    _, out, _ = clean
    listed = texts(out / "quyet-dinh-cong-dan-2025.docx")
    for name in ODD_NAMES:
        assert unicodedata.normalize("NFC", name) in listed, name
    assert "Hộ A&B <C>" in texts(out / "quyet-dinh-gia-dinh-2025.docx")
    assert unicodedata.normalize("NFD", "Hường") not in "".join(listed)


def test_annex_order_is_thon_order_then_workbook_order_then_units(clean):
    path, out, _ = clean
    data = load(path)
    thon_order = [r[0] for r in data.grids[L.THON].rows[L.HEADER_ROW:] if r and r[0]]
    rows = [(row.cells[2].text) for row in annex_tables(out / "quyet-dinh-cong-dan-2025.docx")[0].rows[1:]]
    places = list(dict.fromkeys(rows))
    in_thon = [p for p in places if p in thon_order]
    assert in_thon == sorted(in_thon, key=thon_order.index)
    assert places[:len(in_thon)] == in_thon  # unit staff come after every thôn


def test_report_counts_and_shares_match_results(clean):
    path, out, results = clean
    info = {row[0]: row[1] for row in load(path).grids[L.THONG_TIN].rows if len(row) > 1}
    doc = Document(str(out / "bao-cao-2025.docx"))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ tiêu" and len(t.columns) == 7)
    for row, share in zip(table.rows[1:], results["ty_le"], strict=True):
        cells = [c.text for c in row.cells]
        assert cells[0] == L.SHARE_LABELS[share["ma"]]
        assert cells[1] == format_number(share["so_dat"]) and cells[2] == format_number(share["tong_so"])
        if share["ty_le"] is not None:
            shown = float(cells[3].removesuffix(" %").replace(".", "").replace(",", "."))
            assert abs(shown - share["ty_le"] * 100) < 0.006
        assert cells[5] == {True: "Đạt", False: "Chưa đạt", None: "—"}[share["dat_chi_tieu"]]
    xml = all_xml(out / "bao-cao-2025.docx")
    assert "<pic:pic" in xml  # the chart
    body = "\n".join(texts(out / "bao-cao-2025.docx"))
    for heading in ("I. CÔNG TÁC LÃNH ĐẠO", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG",
                    "V. ĐỀ XUẤT, KIẾN NGHỊ", f"Kính gửi: {info[L.L_CAP_TREN]}"):
        assert heading in body
    assert not re.search(r"lorem|todo|xxx", body, re.IGNORECASE)


def test_free_text_from_the_sheet_replaces_the_neutral_sentences(tmp_path):
    import openpyxl

    path = _workbook(tmp_path, mistakes=False, persons=120)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[L.NOI_DUNG]
    for row in ws.iter_rows(min_row=L.HEADER_ROW + 1):
        if row[0].value == "III. Ưu điểm":
            row[1].value = "Phong trào được nhân dân đồng tình.\nCác chi hội hoạt động đều."
    wb.save(path)
    data = load(path)
    outcome = documents_for(data, tmp_path / "out")
    body = texts(tmp_path / "out" / "bao-cao-2025.docx")
    assert outcome.ok and "Phong trào được nhân dân đồng tình." in body and "Các chi hội hoạt động đều." in body


def test_last_year_adds_the_comparison_columns(clean, tmp_path):
    path, _, _ = clean
    last = _workbook(tmp_path / "2024", mistakes=False, seed=8, persons=200)
    outcome = documents_for(load(path), tmp_path / "out", last_year=last)
    doc = Document(str(tmp_path / "out" / "bao-cao-2025.docx"))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    assert outcome.ok and [c.text for c in table.rows[0].cells][-2:] == ["Năm trước", "Tăng/giảm (điểm %)"]


# --- refusing, drafts, files ---------------------------------------------------------------------------

def test_errors_refuse_every_document_and_write_nothing(dirty, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "ghi-chu.txt").write_text("của người dùng")
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "report", str(dirty), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Chưa tạo văn bản nào từ xa.xlsm" in run.stderr
    assert re.search(r"\[Công dân học tập![A-Z]+\d+\]", run.stderr) and "Traceback" not in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["ghi-chu.txt"]


def test_force_writes_drafts_stamped_on_every_page(dirty, tmp_path):
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "report", str(dirty), "--out", str(out), "--force"],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "DỰ THẢO" in run.stderr
    for path in out.glob("*.docx"):
        sec = Document(str(path)).sections[0]
        for header in (sec.header, sec.first_page_header):
            assert "DỰ THẢO" in "".join(p.text for p in header.paragraphs), path.name


def test_a_missing_signer_refuses_the_documents(tmp_path):
    import openpyxl

    path = _workbook(tmp_path, mistakes=False, persons=80)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[L.THONG_TIN]
    for row in ws.iter_rows():
        if row[0].value == L.L_NGUOI_KY:
            row[1].value = None
            cell = row[1].coordinate
    wb.save(path)
    outcome = documents_for(load(path), tmp_path / "out")
    assert not outcome.written and any(f.code == "van-ban-thieu-thong-tin" and f.cell == cell
                                       for f, _ in outcome.refused)


def test_rerun_replaces_documents_and_touches_nothing_else(clean, tmp_path):
    path, _, _ = clean
    out = tmp_path / "out"
    out.mkdir()
    (out / "bao-cao-2025.docx").write_bytes(b"old")
    (out / "cua-toi.docx").write_bytes(b"mine")
    documents_for(load(path), out)
    assert (out / "cua-toi.docx").read_bytes() == b"mine"
    assert (out / "bao-cao-2025.docx").read_bytes()[:2] == b"PK"
    assert not [p for p in out.iterdir() if p.name.startswith(".hoctap-tam-")]


def test_a_document_open_in_word_gives_a_clear_message_and_nothing_is_replaced(clean, tmp_path):
    path, _, _ = clean
    out = tmp_path / "out"
    out.mkdir()
    (out / "bao-cao-2025.docx").write_bytes(b"old")
    (out / "~$o-cao-2025.docx").write_bytes(b"owner")  # what Word leaves beside an open document
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "report", str(path), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "đang mở" in run.stderr and "bao-cao-2025.docx" in run.stderr
    assert (out / "bao-cao-2025.docx").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao-2025.docx", "~$o-cao-2025.docx"]


def test_the_input_workbook_is_not_changed_by_report(clean, tmp_path):
    path, _, _ = clean
    before = path.read_bytes()
    documents_for(load(path), tmp_path / "out")
    assert path.read_bytes() == before


# --- check-template ------------------------------------------------------------------------------------

def _edited_template(tmp_path: Path, old: str, new: str) -> Path:
    src = documents.template_dir() / "quyet-dinh.docx"
    target = tmp_path / "quyet-dinh-lang-son.docx"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            data = a.read(item.filename)
            if item.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            b.writestr(item, data)
    return target


def test_check_template_accepts_ours_and_names_unknown_and_missing_variables(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "check-template",
                         str(documents.template_dir() / "quyet-dinh.docx")], capture_output=True, text=True)
    assert ok.returncode == 0 and "Dùng được" in ok.stdout
    bad = _edited_template(tmp_path, "{{ nguoi_ky }}", "{{ ten_nguoi_ky }}")
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "check-template", str(bad)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "ten_nguoi_ky" in run.stdout and "nguoi_ky" in run.stdout
    assert "thay cho quyet-dinh.docx" in run.stdout


def test_a_province_template_with_an_unknown_variable_stops_with_a_message(clean, tmp_path):
    path, _, _ = clean
    folder = tmp_path / "mau"
    folder.mkdir()
    for name in T.TEMPLATE_FILES:
        (folder / name).write_bytes((documents.template_dir() / name).read_bytes())
    bad = _edited_template(tmp_path, "{{ xet }}", "{{ xet_de_nghi }}")
    (folder / "quyet-dinh.docx").write_bytes(bad.read_bytes())
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "report", str(path), "--out", str(tmp_path / "o"),
                          "--mau", str(folder)], capture_output=True, text=True)
    assert run.returncode == 2 and "xet_de_nghi" in run.stderr and "check-template" in run.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").glob("*.docx"))


# --- PDF ------------------------------------------------------------------------------------------------

@pytest.mark.skipif(documents.find_soffice() is None, reason="LibreOffice not installed")
def test_pdf_in_one_conversion(tmp_path):
    path = _workbook(tmp_path, mistakes=False, persons=60)
    outcome = documents_for(load(path), tmp_path / "out", pdf=True)
    pdfs = sorted(p.name for p in outcome.written if p.suffix == ".pdf")
    docs = sorted(p.name for p in outcome.written if p.suffix == ".docx")
    assert not outcome.pdf_message and pdfs == [n.replace(".docx", ".pdf") for n in docs]
    assert all((tmp_path / "out" / n).read_bytes()[:5] == b"%PDF-" for n in pdfs)


def test_pdf_without_any_converter_is_a_clear_message_and_the_documents_stay(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "find_soffice", lambda: None)
    monkeypatch.setattr(sys, "platform", "linux")
    path = _workbook(tmp_path, mistakes=False, persons=60)
    outcome = documents_for(load(path), tmp_path / "out", pdf=True)
    assert "LibreOffice" in outcome.pdf_message and all(p.suffix == ".docx" for p in outcome.written)


# --- formats ----------------------------------------------------------------------------------------------

def test_reference_page_lists_every_variable():
    page = (Path(__file__).resolve().parents[1] / "templates" / "docx" / "README.md").read_text(encoding="utf-8")
    for name in T.VARIABLES:
        assert f"`{name}`" in page, name


def test_the_level_above_template_renders_with_sample_communes(tmp_path):
    from hoctap_xl.commune.evaluate import evaluate, grids_from_records
    from hoctap_xl.rules import ruleset as R

    rules = R.default()
    results = []
    for seed, xa in ((3, "Tân Văn"), (7, "Châu Sơn")):
        s = sample.generate(seed, province="Lạng Sơn", commune=xa, year=2025, persons=150, households=60, thon=4,
                            mistakes=False)
        results.append(evaluate(grids_from_records(s.info, s.tables, rules), rules))
    from hoctap_xl.level_above.files import FileResult
    from hoctap_xl.level_above.totals import totals

    files = [FileResult(f"{i}.xlsm", commune=r.info.commune, shares=r.shares) for i, r in enumerate(results)]
    plan = district_plan([(commune_of(r).full, r.shares) for r in results], totals(files, "quoc-gia", 2025),
                           body="SỞ GIÁO DỤC VÀ ĐÀO TẠO", place="Lạng Sơn", year=2025,
                           invalid=["Xã Hữu Lũng: chưa gửi sổ"])
    folder = documents.template_dir()
    assert documents.template_variables(folder / plan.template) <= set(plan.context) | {"bieu_do"}
    out = tmp_path / plan.file
    documents.render(plan, folder, out)
    xml = all_xml(out)
    assert "{{" not in xml and "{%" not in xml
    body = "\n".join(texts(out))
    assert "xã Tân Văn" in body and "xã Châu Sơn" in body and "Xã Hữu Lũng: chưa gửi sổ" in body
    table = next(t for t in Document(str(out)).tables if t.rows[0].cells[0].text == "STT")
    assert [r.cells[1].text for r in table.rows[1:]] == ["xã Tân Văn", "xã Châu Sơn", "Tổng"]
