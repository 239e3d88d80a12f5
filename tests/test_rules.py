from __future__ import annotations

import pytest
import yaml

from hoctap_xl.rules import ruleset as R


def test_default_rule_set_is_complete_and_cites_sources():
    r = R.default()
    assert r.cong_dan.nguong == 80 and r.cong_dan.nguong_vung_kho_khan == 70
    assert r.cong_dan.diem_chi_so_toi_thieu == 5 and r.cong_dan.so_nam_tieu_bieu == 5
    assert r.cong_dan.nguon.van_ban == "Quyết định 244/QĐ-KHVN" and str(r.cong_dan.nguon.ngay) == "2022-07-28"
    assert [len(r.criteria(m).tieu_chi) for m in ("gia_dinh", "dong_ho", "cong_dong", "don_vi")] == [4, 3, 3, 3]
    assert all(r.criteria(m).max_total == 100 for m in ("gia_dinh", "dong_ho", "cong_dong", "don_vi"))
    assert r.dong_ho.ty_le_ho_gdht_toi_thieu == 0.5 and r.cong_dong.ty_le_ho_gdht_toi_thieu == 0.5
    assert r.gia_dinh.nguon.loai == "DEFAULT"
    assert len(r.cap_xa.chi_tieu) == 15 and sorted(r.cap_xa.tieu_chi) == [1, 2, 3, 4, 5]
    assert r.cap_xa.nguon.van_ban.startswith("Thông tư 25/2023")


def test_flat_form_round_trips_and_hash_is_stable():
    r = R.default()
    back = R.from_dict(R.unflatten(R.flatten(r)), "sheet")
    assert back == r and back.digest() == r.digest()
    # values as a spreadsheet returns them: ints as floats
    floaty = [(k, float(v) if isinstance(v, int) and not isinstance(v, bool) else v) for k, v in R.flatten(r)]
    assert R.from_dict(R.unflatten(floaty), "sheet").digest() == r.digest()


def test_an_edit_changes_the_hash():
    r = R.default()
    data = r.model_dump(mode="json")
    data["cong_dan"]["nguong"] = 75
    assert R.from_dict(data, "x").digest() != r.digest()


@pytest.mark.parametrize(("edit", "field"), [
    (lambda d: d["cong_dan"].pop("nguong"), "cong_dan.nguong"),
    (lambda d: d["gia_dinh"]["tieu_chi"][0].update(diem_toi_da="ba mươi"), "gia_dinh.tieu_chi.0.diem_toi_da"),
    (lambda d: d["cong_dan"].update(nguong_vung_kho_khan=90), "cong_dan"),
    (lambda d: d.update(la=1), "la"),
])
def test_a_wrong_province_file_names_the_field(tmp_path, edit, field):
    data = R.default().model_dump(mode="json")
    edit(data)
    f = tmp_path / "tinh.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(R.RuleSetError) as err:
        R.load_file(f)
    assert f"'{field}" in str(err.value) and "tinh.yaml" in str(err.value)


def test_unreadable_files(tmp_path):
    with pytest.raises(R.RuleSetError, match="Không đọc được"):
        R.load_file(tmp_path / "khong-co.yaml")
    bad = tmp_path / "sai.yaml"
    bad.write_text("id: [", encoding="utf-8")
    with pytest.raises(R.RuleSetError, match="YAML"):
        R.load_file(bad)


def test_empty_text_fields_survive_the_sheet_round_trip():
    from hoctap_xl.formats.xlsx_read import rules_from_grid
    from hoctap_xl.sheets.grid import Grid

    data = R.default().model_dump(mode="json")
    data["cong_dan"]["nguon"]["co_quan"] = ""
    data["ghi_chu"] = ""
    rules = R.from_dict(data, "x")
    rows = [["Khóa", "Nội dung", "Giá trị"]] + [[k, "", None if v in ("", None) else v] for k, v in R.flatten(rules)]
    back, findings = rules_from_grid(Grid("Bộ tiêu chí", rows), {"bo_tieu_chi_hash": rules.digest()}, None)
    assert findings == [] and back == rules
