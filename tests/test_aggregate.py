"""The level above on a folder of returned workbooks, good and bad (issue 5's list)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from hoctap_xl import layout as L
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.formats.xlsx_patch import write_cached_values
from hoctap_xl.formats.xlsx_read import load
from hoctap_xl.level_above.files import COUNTED, DUPLICATE
from hoctap_xl.samples import generator as sample
from hoctap_xl.services.aggregate import aggregate

FIXTURES = Path(__file__).parent / "fixtures"
LONG = "Sổ học tập năm 2025 của xã Thượng Ân gửi lần hai sau khi đã sửa theo góp ý của phòng " * 2


def _book(path: Path, seed: int, xa: str, ma: str, *, mistakes: bool = False) -> Path:
    s = sample.generate(seed, province="Lạng Sơn", commune=xa, year=2025, code=ma, persons=90, households=40, thon=3,
                        mistakes=mistakes)
    path.parent.mkdir(parents=True, exist_ok=True)
    new_workbook(path, province="Lạng Sơn", commune=xa, year=2025, code=ma, info=s.info, tables=s.tables)
    return path


def _set_meta(path: Path, key: str, value: str) -> None:
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[L.META]
    for row in ws.iter_rows():
        if row[0].value == key:
            row[1].value = value
    wb.save(path)


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("nhan") / "so-cac-xa"
    a = _book(root / "06166_Tan_Van_2025.xlsm", 3, "Tân Văn", "06166")
    _book(root / "06097_Chau_Son_2025.xlsm", 7, "Châu Sơn", "06097", mistakes=True)
    # the same commune twice (a resent copy in a sub-folder, with a long Vietnamese name)
    dup = root / "gửi lại" / f"{LONG[:150]}.xlsm"
    dup.parent.mkdir()
    shutil.copy(a, dup)
    # broken files
    good = _book(root / "tmp" / "x.xlsm", 11, "Hữu Lễ", "06170")
    (root / "06170_hong.xlsm").write_bytes(good.read_bytes()[:5000])     # a corrupt zip
    (root / "trong.xlsx").write_bytes(b"")                                # empty
    shutil.copy(Path(__file__).parents[1] / "templates" / "docx" / "to-trinh.docx", root / "to-trinh.xlsx")
    newer = _book(root / "06171_Van_Quan_2025.xlsm", 12, "Văn Quan", "06171")
    _set_meta(newer, "template_version", "99.0")
    # macros gone: saved as .xlsx; and as .xls (LibreOffice-made fixture of commune 05999)
    wb = openpyxl.load_workbook(_book(root / "tmp" / "y.xlsm", 13, "Tri Lễ", "06172"))
    wb.save(root / "06172_Tri_Le_2025.xlsx")
    shutil.copy(FIXTURES / "xa_mau_luu_dang_xls.xls", root / "05999_Tan_Van_cu.xls")
    # result cells showing #NAME? and a stale number
    stale = _book(root / "tmp" / "z.xlsm", 14, "Hòa Bình", "06173")
    from hoctap_xl.commune.evaluate import evaluate
    from hoctap_xl.formats.workbook_file import computed_values

    data = load(stale)
    cells = computed_values(evaluate(data.grids, data.rules), stale)
    person = next(ref for ref, v in cells[L.CONG_DAN].items() if v not in ("", None))
    total = next(ref for ref, v in cells[L.GIA_DINH].items() if isinstance(v, (int, float)) and v > 1)
    write_cached_values(stale, root / "06173_Hoa_Binh_2025.xlsm",
                        {L.CONG_DAN: {person: "#NAME?"}, L.GIA_DINH: {total: 1.0}})
    # a sheet deleted
    gone = _book(root / "06174_Bac_Son_2025.xlsm", 15, "Bắc Sơn", "06174")
    wb = openpyxl.load_workbook(gone, keep_vba=True)
    del wb[L.DONG_HO]
    wb.save(gone)
    # password
    from msoffcrypto.format.ooxml import OOXMLFile

    with (root / "06166_Tan_Van_2025.xlsm").open("rb") as src, (root / "co_mat_khau.xlsm").open("wb") as dst:
        OOXMLFile(src).encrypt("123", dst)
    (root / "ghi chú.txt").write_text("gửi kèm", encoding="utf-8")
    shutil.rmtree(root / "tmp")
    return root


@pytest.fixture(scope="module")
def run(folder, tmp_path_factory):
    before = _digest(folder)
    out = tmp_path_factory.mktemp("ra")
    listing = out / "danh-sach.txt"
    listing.write_text("mã;tên\n06166;Tân Văn\n06097;Châu Sơn\n06199;Na Sầm\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(folder), "--out",
                           str(out / "tong-hop.xlsx"), "--json", "--report", str(out / "bc"), "--danh-sach",
                           str(listing)], capture_output=True, text=True)
    return proc, json.loads(proc.stdout), out, before


def _file(data, name):
    return next(x for x in data["xa"] if x["tep"].endswith(name))


def test_the_run_finishes_and_changes_no_input_file(run, folder):
    proc, _data, out, before = run
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert _digest(folder) == before
    assert (out / "tong-hop.xlsx").is_file() and (out / "bc" / "bao-cao-tong-hop-2025.docx").is_file()


def test_unreadable_files_are_listed_with_their_reason(run):
    _, data, _, _ = run
    reasons = {x["tep"]: x["ly_do"] for x in data["tep_loi"]}
    assert set(reasons) == {"06170_hong.xlsm", "trong.xlsx", "to-trinh.xlsx", "06171_Van_Quan_2025.xlsm",
                            "co_mat_khau.xlsm"}
    assert "mật khẩu" in reasons["co_mat_khau.xlsm"] and "mới hơn" in reasons["06171_Van_Quan_2025.xlsm"]
    assert data["tep_bo_qua"] == ["ghi chú.txt"]


def test_duplicates_are_errors_and_neither_is_counted(run):
    _, data, _, _ = run
    dups = [x for x in data["xa"] if x["ma"] == "06166"]
    assert len(dups) == 2 and all(x["trang_thai"] == DUPLICATE for x in dups)
    assert sum(1 for f in data["phat_hien"] if f["ma"] == "trung-xa") == 2


def test_only_the_right_files_are_counted_and_totals_are_sums_over_them(run, folder):
    _, data, _, _ = run
    counted = {x["tep"] for x in data["xa"] if x["trang_thai"] == COUNTED}
    assert counted == {"06097_Chau_Son_2025.xlsm", "06172_Tri_Le_2025.xlsx", "05999_Tan_Van_cu.xls",
                       "06173_Hoa_Binh_2025.xlsm", "06174_Bac_Son_2025.xlsm"}
    for total in data["tong"]:
        parts = [s for x in data["xa"] if x["trang_thai"] == COUNTED for s in x["ty_le"] if s["ma"] == total["ma"]]
        assert total["so_dat"] == sum(s["so_dat"] for s in parts)
        assert total["tong_so"] == sum(s["tong_so"] for s in parts)
        if total["tong_so"]:
            assert total["ty_le"] == total["so_dat"] / total["tong_so"]


def test_each_commune_is_recomputed_exactly_as_results_gives(run, folder):
    _, data, _, _ = run
    path = folder / "06097_Chau_Son_2025.xlsm"
    single = json.loads(subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "results", str(path), "--json"],
                                       capture_output=True, text=True).stdout)
    assert _file(data, "06097_Chau_Son_2025.xlsm")["ty_le"] == single["ty_le"]


def test_rows_read_counted_rejected_and_every_rejected_row_has_a_finding(run):
    _, data, _, _ = run
    row = _file(data, "06097_Chau_Son_2025.xlsm")
    assert row["dong_doc"] == row["dong_tinh"] + row["dong_loai"] and row["dong_loai"] >= 1
    dropped = [f for f in data["phat_hien"] if f.get("tep") == "06097_Chau_Son_2025.xlsm"
               and f["ma"] in ("thon-khong-co", "thieu-thon", "thieu-ten", "don-vi-khong-co", "trung-ten")]
    assert len(dropped) >= row["dong_loai"] and all(f["sheet"] and f["o"] for f in dropped)


def test_stale_and_name_error_caches_are_warnings_never_used(run, folder):
    _, data, _, _ = run
    found = {(f["ma"], f["sheet"]) for f in data["phat_hien"] if f.get("tep") == "06173_Hoa_Binh_2025.xlsm"}
    assert ("ket-qua-bao-loi", L.CONG_DAN) in found and ("ket-qua-khac", L.GIA_DINH) in found
    fresh = load(folder / "06173_Hoa_Binh_2025.xlsm")
    from hoctap_xl.commune.evaluate import evaluate

    result = evaluate(fresh.grids, fresh.rules)
    assert _file(data, "06173_Hoa_Binh_2025.xlsm")["ty_le"] == [s.to_json() for s in result.shares]


def test_lost_macros_deleted_sheet_and_missing_communes_are_reported(run):
    _, data, _, _ = run
    codes = {(f.get("tep"), f["ma"]) for f in data["phat_hien"]}
    assert ("06172_Tri_Le_2025.xlsx", "mat-macro") in codes and ("05999_Tan_Van_cu.xls", "mat-macro") in codes
    assert ("06174_Bac_Son_2025.xlsm", "thieu-sheet") in codes
    assert data["chua_gui"] == ["Na Sầm (06199)"]


def test_summary_workbook_sheets_and_no_formula_from_text(run):
    _, _data, out, _ = run
    wb = openpyxl.load_workbook(out / "tong-hop.xlsx")
    assert wb.sheetnames[:3] == ["Tổng hợp", "Phát hiện", "Tệp"] and "Công dân học tập" in wb.sheetnames
    ws = wb["Tổng hợp"]
    names = [ws.cell(r, 2).value for r in range(5, 5 + 6)]
    assert names[-1] == "Tổng" and "Châu Sơn" in names
    files = wb["Tệp"]
    listed = {files.cell(r, 2).value for r in range(4, files.max_row + 1)}
    assert "ghi chú.txt" in listed and "co_mat_khau.xlsm" in listed
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_text_starting_like_a_formula_stays_text(tmp_path):
    _book(tmp_path / "in" / "a.xlsm", 3, "=HYPERLINK(\"http://x\")", "07001")
    _book(tmp_path / "in" / "b.xlsm", 4, "+Tân Văn", "07002")
    agg = aggregate(tmp_path / "in", workers=1)
    from hoctap_xl.formats.summary_xlsx import write_summary

    write_summary(agg, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Tổng hợp"]
    values = [ws.cell(r, 2).value for r in range(5, 7)]
    assert values == ["=HYPERLINK(\"http://x\")", "+Tân Văn"]
    assert all(ws.cell(r, 2).data_type == "s" for r in range(5, 7))


def test_parallel_and_serial_reading_agree(folder):
    one = aggregate(folder, workers=1)
    two = aggregate(folder, workers=2)
    assert [(f.file, f.status, [s.to_json() for s in f.shares], f.rows_read) for f in one.files] == \
        [(f.file, f.status, [s.to_json() for s in f.shares], f.rows_read) for f in two.files]


def test_missing_folder_is_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(tmp_path / "khong-co"), "--out",
                           str(tmp_path / "t.xlsx")], capture_output=True, text=True)
    assert proc.returncode == 2 and "Không có thư mục" in proc.stderr


def test_a_clean_folder_is_exit_0(tmp_path):
    _book(tmp_path / "in" / "a.xlsm", 3, "Tân Văn", "06166")
    _book(tmp_path / "in" / "b.xlsm", 4, "Châu Sơn", "06097")
    proc = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(tmp_path / "in"), "--out",
                           str(tmp_path / "t.xlsx")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 đã tính" in proc.stdout


def test_merged_communes_are_added_up_under_the_new_code(tmp_path):
    _book(tmp_path / "in" / "a.xlsm", 3, "Tân Văn", "06166")
    _book(tmp_path / "in" / "b.xlsm", 4, "Châu Sơn", "06097")
    _book(tmp_path / "in" / "c.xlsm", 5, "Hữu Lễ", "06170")
    mapping = tmp_path / "sap-nhap.txt"
    mapping.write_text("mã cũ;mã mới;tên mới\n06166;06200;Tân Văn mới\n06097;06200;Tân Văn mới\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(tmp_path / "in"), "--out",
                           str(tmp_path / "t.xlsx"), "--json", "--sap-nhap", str(mapping)], capture_output=True,
                          text=True)
    data = json.loads(proc.stdout)
    assert all(x["trang_thai"] == COUNTED for x in data["xa"])  # own codes: no duplicate
    (merged,) = data["xa_moi"]
    assert merged["ma"] == "06200" and sorted(merged["tu_ma"]) == ["06097", "06166"]
    for share in merged["ty_le"]:
        parts = [s for x in data["xa"] if x["ma"] in ("06166", "06097") for s in x["ty_le"] if s["ma"] == share["ma"]]
        assert share["so_dat"] == sum(s["so_dat"] for s in parts)
        assert share["tong_so"] == sum(s["tong_so"] for s in parts)
    assert "Xã sau sáp nhập" in openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames


def test_anonymous_outputs_name_nobody(folder, tmp_path):
    names = set()
    for path in folder.glob("*.xlsm"):
        try:
            data = load(path)
        except Exception:
            continue
        grid = data.grids.get(L.CONG_DAN)
        names |= {str(r[0]) for r in grid.rows[L.HEADER_ROW:] if r and r[0]} if grid else set()
    proc = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(folder), "--out",
                           str(tmp_path / "t.xlsx"), "--json", "--an-danh"], capture_output=True, text=True)
    assert names and not any(n in proc.stdout for n in names)
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert not any(n in text for n in names)
    with_names = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(folder), "--out",
                                 str(tmp_path / "u.xlsx"), "--json"], capture_output=True, text=True)
    assert any(n in with_names.stdout for n in names)  # the check above can fail


def test_parquet_holds_the_counted_communes_rows_and_duckdb_reads_it(folder, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "pq"
    (out / "cong_dan").mkdir(parents=True)
    (out / "cong_dan" / "cu.parquet").write_bytes(b"stale file of an earlier run")
    (out / "ghi-chu.txt").write_text("của người dùng")
    proc = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(folder), "--out",
                           str(tmp_path / "t.xlsx"), "--json", "--parquet", str(out)], capture_output=True, text=True)
    data = json.loads(proc.stdout)
    counted = {x["ma"]: x for x in data["xa"] if x["trang_thai"] == COUNTED}
    rows = duckdb.sql(f"SELECT ma_xa, count(*) FILTER (WHERE dat) AS dat, count(*) AS n "
                      f"FROM '{out}/cong_dan/*.parquet' GROUP BY ma_xa").fetchall()
    assert {r[0] for r in rows} == set(counted)  # duplicates and unreadable files are not there
    assert (out / "ghi-chu.txt").exists() and not (out / "cong_dan" / "cu.parquet").exists()
    results = json.loads(subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "results",
                                         str(folder / "06097_Chau_Son_2025.xlsm"), "--json"],
                                        capture_output=True, text=True).stdout)
    chau_son = next(r for r in rows if r[0] == "06097")
    assert chau_son[1:] == (sum(p["dat"] for p in results["cong_dan"]), len(results["cong_dan"]))
    assert not [p for p in out.iterdir() if p.name.startswith(".hoctap-parquet-")]


def test_anonymous_parquet_has_no_personal_columns(folder, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "pq"
    subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "aggregate", str(folder), "--out", str(tmp_path / "t.xlsx"),
                    "--parquet", str(out), "--an-danh"], capture_output=True, text=True)
    for table in ("cong_dan", "gia_dinh"):
        for path in (out / table).glob("*.parquet"):
            columns = set(pq.read_schema(path).names)
            assert not columns & {"ho_ten", "nam_sinh", "gioi_tinh", "chu_ho"} and "khoa" in columns


def test_an_older_template_version_is_counted_and_flagged(tmp_path):
    _book(tmp_path / "in" / "a.xlsm", 3, "Tân Văn", "06166")
    _book(tmp_path / "in" / "b.xlsm", 4, "Châu Sơn", "06097")
    old = _book(tmp_path / "in" / "c.xlsm", 5, "Hữu Lễ", "06170")
    _set_meta(old, "template_version", "0.1")
    agg = aggregate(tmp_path / "in", workers=1)
    c = next(f for f in agg.files if f.file == "c.xlsm")
    assert c.status == COUNTED and {"ban-mau-cu", "phien-ban-khac"} <= {x.code for x in c.findings}
    assert all(f.status == COUNTED for f in agg.files)
    suggestion = next(x for x in c.findings if x.code == "phien-ban-khac").message
    assert "hoctap-xl upgrade" in suggestion
    assert "hoctap-xl upgrade" in next(x for x in c.findings if x.code == "ban-mau-cu").message
