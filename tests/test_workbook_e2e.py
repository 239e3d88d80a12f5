"""The issue's "done when": new-workbook → fill with openpyxl by header name → results --json.

A few hundred persons span every rule boundary (79/80, 69/70 in a difficult thôn, an indicator
at 4 and at 5, 4 and 5 years in a row). The expected values come from the rules of domain.md
restated here independently of the product's code.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import openpyxl
import pytest

from hoctap_xl.cli.main import main

from .grids import scores_for

THON = [("Thôn Nà Pàn", 120, 6, 260, "Không"), ("Bản Khuổi Tẩu", 80, 4, 170, "Có"),
        ("Thôn Pác Làng", 95, 5, 200, "Không")]
UNITS = [("Trường Tiểu học Tân Văn", "Trường học", 40), ("Trạm Y tế xã Tân Văn", "Cơ quan", 12)]


def header_map(ws, first: str) -> tuple[int, dict[str, int]]:
    for row in ws.iter_rows(min_row=1, max_row=10):
        texts = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if first in texts:
            return row[0].row, texts
    raise AssertionError(f"no header {first} in {ws.title}")


def put(ws, first: str, records: list[dict]) -> list[int]:
    head_row, cols = header_map(ws, first)
    rows = []
    for i, rec in enumerate(records, start=1):
        for key, value in rec.items():
            ws.cell(head_row + i, cols[key], value)
        rows.append(head_row + i)
    return rows


def boundary_people():
    """(record, expected) for every combination of the boundaries."""
    cases = []
    n = 0
    for total, thon, lowest, years, group in itertools.product((69, 70, 71, 79, 80, 81, 86),
                                                               ("Thôn Nà Pàn", "Bản Khuổi Tẩu"), (4, 5), (3, 4, 5),
                                                               (1, 2, 3)):
        if total < 10 * lowest:
            continue
        scores = scores_for(total, lowest)
        n += 1
        threshold = 70 if thon == "Bản Khuổi Tẩu" else 80
        ok = total >= threshold and min(scores) >= 5
        title = None if not ok else ("Công dân học tập tiêu biểu xuất sắc" if years >= 4 else "Công dân học tập")
        rec = {"Họ và tên": f"Nguyễn Văn Số {n}", "Năm sinh": 1960 + n % 40, "Giới tính": "Nam", "Thôn/TDP": thon,
               "Nhóm": group, "Kỹ năng số": "Có" if n % 2 else "Không", "Số năm liên tục đã đạt": years}
        rec.update({f"Chỉ số {k}": s for k, s in enumerate(scores, start=1)})
        cases.append((rec, {"tong_diem": total, "diem_thap_nhat": min(scores), "nguong": threshold, "dat": ok,
                            "danh_hieu": title}))
    # unit staff (no thôn): the commune is not difficult, so 80 applies
    for k, total in enumerate((79, 80, 95) * 4):
        scores = scores_for(total, 6)
        rec = {"Họ và tên": f"Vi Thị Cán Bộ {k}", "Năm sinh": 1985, "Giới tính": "Nữ", "Nhóm": 3,
               "Đơn vị công tác": UNITS[k % 2][0], "Kỹ năng số": "Có", "Số năm liên tục đã đạt": 0}
        rec.update({f"Chỉ số {j}": s for j, s in enumerate(scores, start=1)})
        cases.append((rec, {"tong_diem": total, "diem_thap_nhat": min(scores), "nguong": 80, "dat": total >= 80,
                            "danh_hieu": "Công dân học tập" if total >= 80 else None}))
    return cases


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wb")
    path = folder / "05999_Tan_Van_2025.xlsm"
    assert main(["new-workbook", str(path), "--tinh", "Lạng Sơn", "--xa", "Tân Văn", "--nam", "2025",
                 "--ma", "05999"]) == 0
    wb = openpyxl.load_workbook(path, keep_vba=True)
    heads = ("Tên thôn/TDP", "Tổng số hộ", "Tổng số dòng họ", "Số người lao động", "Vùng khó khăn")
    put(wb["Thôn - TDP"], "Tên thôn/TDP", [dict(zip(heads, t, strict=True)) for t in THON])
    put(wb["Đơn vị học tập"], "Tên đơn vị", [
        {"Tên đơn vị": u, "Loại đơn vị": kind, "Số CBCCVC, người lao động": staff, "Tiêu chí 1": 25,
         "Tiêu chí 2": 35, "Tiêu chí 3": 25} for u, kind, staff in UNITS])
    cases = boundary_people()
    rows = put(wb["Công dân học tập"], "Họ và tên", [rec for rec, _ in cases])
    households = [{"Họ tên chủ hộ": f"Hoàng Văn Hộ {i}", "Thôn/TDP": THON[i % 3][0], "Số thành viên": 4,
                   "Tiêu chí 1": 25, "Tiêu chí 2": 25, "Tiêu chí 3": 15, "Tiêu chí 4": 15 if i % 4 else 14}
                  for i in range(60)]
    put(wb["Gia đình học tập"], "Họ tên chủ hộ", households)
    wb.save(path)
    return path, cases, rows


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True)


def test_results_json_follow_the_rules_at_every_boundary(filled):
    path, cases, rows = filled
    run = run_cli("results", str(path), "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["xa"] == "Tân Văn" and data["nam"] == 2025 and data["bo_tieu_chi"].startswith("hoctap-mac-dinh@")
    by_row = {p["dong"]: p for p in data["cong_dan"]}
    assert len(by_row) == len(cases) > 200
    for row, (rec, expected) in zip(rows, cases, strict=True):
        got = by_row[row]
        assert got["ho_ten"] == rec["Họ và tên"]
        for key, value in expected.items():
            assert got[key] == value, (rec["Họ và tên"], key, got)
        assert (got["ly_do"] == "") is expected["dat"]


def test_shares_use_the_thon_denominators(filled):
    path, cases, _ = filled
    data = json.loads(run_cli("results", str(path), "--json").stdout)
    shares = {s["ma"]: s for s in data["ty_le"]}
    assert [s["ma"] for s in data["ty_le"]] == ["GIA_DINH", "DONG_HO", "CONG_DONG", "DON_VI", "CONG_DAN_CONG_DONG",
                                                 "CONG_DAN_DON_VI", "KY_NANG_SO"]
    assert shares["GIA_DINH"]["tong_so"] == 120 + 80 + 95 and shares["GIA_DINH"]["so_dat"] == 45
    assert shares["DONG_HO"]["tong_so"] == 15
    assert shares["CONG_DONG"]["tong_so"] == 3
    assert shares["DON_VI"] == {**shares["DON_VI"], "so_dat": 2, "tong_so": 2}
    in_thon = sum(1 for rec, e in cases if e["dat"] and not rec.get("Đơn vị công tác"))
    assert shares["CONG_DAN_CONG_DONG"]["so_dat"] == in_thon
    assert shares["CONG_DAN_CONG_DONG"]["tong_so"] == 260 + 170 + 200
    assert shares["CONG_DAN_DON_VI"]["tong_so"] == 52 and shares["CONG_DAN_DON_VI"]["so_dat"] == 8
    assert shares["GIA_DINH"]["chi_tieu"] == 0.7 and shares["GIA_DINH"]["dat_chi_tieu"] is False
    assert shares["GIA_DINH"]["ty_le"] == pytest.approx(45 / 295)


def test_score_stores_values_readable_without_excel(filled, tmp_path):
    path, cases, rows = filled
    out = tmp_path / "scored.xlsm"
    run = run_cli("score", str(path), "--out", str(out))
    assert run.returncode == 0, run.stderr
    ws = openpyxl.load_workbook(out, data_only=True)["Công dân học tập"]
    head_row, cols = header_map(ws, "Họ và tên")
    ket_qua = cols["Kết quả"]
    for row, (_, expected) in zip(rows, cases, strict=True):
        assert ws.cell(row, ket_qua).value == ("Đạt" if expected["dat"] else "Chưa đạt")
        assert ws.cell(row, cols["Tổng điểm"]).value == expected["tong_diem"]
    assert ws.cell(rows[-1] + 1, ket_qua).value in ("", None)  # an empty row stays empty
    formulas = openpyxl.load_workbook(out)["Công dân học tập"]
    assert "HT_CONG_DAN" in formulas.cell(head_row + 1, ket_qua - 3).value.text


def test_check_exit_codes_and_messages(filled, tmp_path):
    path, _, _ = filled
    assert run_cli("check", str(path)).returncode == 0
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Công dân học tập"]
    head_row, cols = header_map(ws, "Họ và tên")
    ws.cell(head_row + 1, cols["Chỉ số 3"], 11)
    ws.cell(head_row + 2, cols["Chỉ số 4"], "tám")
    ws.cell(head_row + 3, cols["Thôn/TDP"], "Thôn Không Có")
    bad = tmp_path / "loi.xlsm"
    wb.save(bad)
    run = run_cli("check", str(bad), "--json")
    assert run.returncode == 1
    found = {(f["ma"], f["o"]) for f in json.loads(run.stdout)["phat_hien"]}
    col = openpyxl.utils.get_column_letter
    assert ("diem-ngoai-khoang", f"{col(cols['Chỉ số 3'])}{head_row + 1}") in found
    assert ("diem-khong-phai-so", f"{col(cols['Chỉ số 4'])}{head_row + 2}") in found
    assert ("thon-khong-co", f"{col(cols['Thôn/TDP'])}{head_row + 3}") in found
    text = run_cli("check", str(bad))
    assert "Traceback" not in text.stdout + text.stderr and "ngoài khoảng" in text.stdout


@pytest.mark.parametrize(("content", "words"), [(b"", "rỗng"), (b"hello, not excel", "không phải sổ Excel"),
                                                (b"PK\x03\x04garbage", "hỏng")])
def test_not_a_workbook_exits_2_with_a_message(tmp_path, content, words):
    f = tmp_path / "gui-len.xlsx"
    f.write_bytes(content)
    run = run_cli("check", str(f))
    assert run.returncode == 2 and words in run.stderr and "Traceback" not in run.stderr


def test_newer_template_version_exits_2(filled, tmp_path):
    path, _, _ = filled
    wb = openpyxl.load_workbook(path, keep_vba=True)
    meta = wb["_meta"]
    for row in meta.iter_rows():
        if row[0].value == "template_version":
            row[1].value = "9.0"
    newer = tmp_path / "moi.xlsm"
    wb.save(newer)
    run = run_cli("results", str(newer), "--json")
    assert run.returncode == 2 and "mới hơn" in run.stderr


def test_inputs_are_never_changed_by_a_read(filled):
    import hashlib
    path, _, _ = filled
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for cmd in (["check", str(path)], ["results", str(path), "--json"]):
        run_cli(*cmd)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_saved_as_xlsx_is_read_with_a_warning(filled, tmp_path):
    path, cases, _ = filled
    wb = openpyxl.load_workbook(path)
    plain = tmp_path / "05999_Tan_Van_2025.xlsx"
    wb.save(plain)
    run = run_cli("results", str(plain), "--json")
    data = json.loads(run.stdout)
    assert len(data["cong_dan"]) == len(cases)
    assert any(f["ma"] == "mat-macro" for f in data["phat_hien"])


def test_edited_rule_set_copy_is_flagged(filled, tmp_path):
    path, _, _ = filled
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Bộ tiêu chí"]
    for row in ws.iter_rows():
        if row[0].value == "cong_dan.nguong":
            value_col = next(c for c in row if c.value == 80)
            value_col.value = 75
    edited = tmp_path / "sua.xlsm"
    wb.save(edited)
    data = json.loads(run_cli("results", str(edited), "--json").stdout)
    assert any(f["ma"] == "bo-tieu-chi-bi-sua" and f["muc_do"] == "lỗi" for f in data["phat_hien"])
    assert any(p["nguong"] == 75 for p in data["cong_dan"])  # computed with the workbook copy


def test_missing_file_exits_2(tmp_path):
    run = run_cli("check", str(tmp_path / "khong_co.xlsx"))
    assert run.returncode == 2 and "Không có tệp" in run.stderr


def test_output_refuses_to_overwrite_a_workbook(filled):
    path, _, _ = filled
    assert main(["new-workbook", str(path), "--tinh", "T", "--xa", "X", "--nam", "2025"]) == 2


def test_unknown_preset_and_bad_rule_file(tmp_path):
    assert main(["new-workbook", str(tmp_path / "a.xlsm"), "--tinh", "T", "--xa", "X", "--nam", "2025",
                 "--chi-tieu", "khong-co"]) == 2
    bad = tmp_path / "tinh.yaml"
    bad.write_text("id: tinh\n", encoding="utf-8")
    assert main(["new-workbook", str(tmp_path / "b.xlsm"), "--tinh", "T", "--xa", "X", "--nam", "2025",
                 "--bo-tieu-chi", str(bad)]) == 2
    assert not list(tmp_path.glob("*.xlsm")) and not list(tmp_path.glob(".*"))



def test_a_province_rule_set_file_is_embedded_and_used(tmp_path):
    import yaml

    from hoctap_xl.rules import ruleset as R

    data = R.default().model_dump(mode="json")
    data.update(id="lang-son", version="2026.1", ten="Bộ tiêu chí tỉnh Lạng Sơn (thử)")
    data["gia_dinh"]["tieu_chi"].append({"ma": "TC5", "ten": "Tủ sách gia đình", "diem_toi_da": 10,
                                         "diem_toi_thieu": 5})
    data["gia_dinh"]["nguong"] = 85
    province = tmp_path / "lang-son.yaml"
    province.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    path = tmp_path / "xa.xlsm"
    assert main(["new-workbook", str(path), "--tinh", "Lạng Sơn", "--xa", "Tân Văn", "--nam", "2026",
                 "--bo-tieu-chi", str(province)]) == 0
    wb = openpyxl.load_workbook(path, keep_vba=True)
    put(wb["Thôn - TDP"], "Tên thôn/TDP", [{"Tên thôn/TDP": "Thôn A", "Tổng số hộ": 10, "Tổng số dòng họ": 1,
                                            "Số người lao động": 20}])
    put(wb["Gia đình học tập"], "Họ tên chủ hộ", [
        {"Họ tên chủ hộ": "Hộ 1", "Thôn/TDP": "Thôn A", "Tiêu chí 1": 25, "Tiêu chí 2": 25, "Tiêu chí 3": 15,
         "Tiêu chí 4": 15, "Tiêu chí 5": 5},
        {"Họ tên chủ hộ": "Hộ 2", "Thôn/TDP": "Thôn A", "Tiêu chí 1": 25, "Tiêu chí 2": 25, "Tiêu chí 3": 15,
         "Tiêu chí 4": 15, "Tiêu chí 5": 4}])
    wb.save(path)
    out = json.loads(run_cli("results", str(path), "--json").stdout)
    assert out["bo_tieu_chi"] == "lang-son@2026.1"
    assert [(h["tong_diem"], h["dat"]) for h in out["gia_dinh"]] == [(85, True), (84, False)]
