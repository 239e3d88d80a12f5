from __future__ import annotations

import pytest

from hoctap_xl import layout as L
from hoctap_xl.rules import targets as T
from hoctap_xl.text.values import ValueProblem


def test_presets_named_in_the_contract_exist_and_cite_documents():
    names = set(T.presets())
    assert {"quoc-gia", "tua-chua", "chau-son", "qd281"} <= names
    for p in T.presets().values():
        assert p.nguon and all(s.van_ban and s.ngay for s in p.nguon)
        assert set(p.chi_tieu) <= set(L.SHARE_CODES)


def test_national_preset_values_of_domain_md():
    q = T.preset("quoc-gia").chi_tieu
    assert q["GIA_DINH"][2025] == 0.70 and q["DONG_HO"][2025] == 0.65 and q["CONG_DONG"][2025] == 0.65
    assert q["DON_VI"][2025] == 0.80 and q["CONG_DAN_CONG_DONG"] == {2025: 0.40, 2030: 0.60}
    assert q["CONG_DAN_DON_VI"] == {2025: 0.60, 2030: 0.80} and q["KY_NANG_SO"] == {2025: 0.70, 2030: 0.90}


@pytest.mark.parametrize(("year", "expected"), [(2022, 0.20), (2023, 0.25), (2025, 0.45), (2021, 0.20),
                                                (2026, 0.45), (2029, 0.45)])
def test_resolve_own_year_else_nearest_later_else_nearest_earlier(year, expected):
    chau_son = {2022: 0.20, 2023: 0.25, 2024: 0.35, 2025: 0.45}
    assert T.resolve(chau_son, year) == expected


def test_resolve_prefers_the_goal_being_worked_toward():
    national = {2025: 0.40, 2030: 0.60}
    assert T.resolve(national, 2026) == 0.60   # nearest later year, not 2025's level
    assert T.resolve(national, 2031) == 0.60
    assert T.resolve({}, 2025) is None
    assert T.resolve({2025: None, 2030: 0.5}, 2025) == 0.5  # a blank year resolves from the others


def test_ranges_take_the_low_bound_and_difficult_area_value(tmp_path, monkeypatch):
    rng = T.TargetRange(thap=0.30, cao=0.50, vung_kho_khan=0.25)
    preset = T.Preset(ten="thử", nguon=[{"van_ban": "Kế hoạch 1/KH-UBND", "ngay": "2014-01-01"}],
                      chi_tieu={"DONG_HO": {2020: rng}, "GIA_DINH": {2020: 0.7}})
    monkeypatch.setattr(T, "_PRESETS", {"thu": preset})
    normal = T.for_commune("thu", 2020, difficult=False)
    hard = T.for_commune("thu", 2020, difficult=True)
    assert normal.values["DONG_HO"][2020] == 0.30 and "30 % – 50 %" in normal.notes["DONG_HO"]
    assert hard.values["DONG_HO"][2020] == 0.25 and hard.values["GIA_DINH"][2020] == 0.7


def test_the_evaluation_year_gets_a_resolved_column():
    t = T.for_commune("quoc-gia", 2027, difficult=False)
    assert t.values["CONG_DAN_CONG_DONG"][2027] == 0.60
    assert t.values["GIA_DINH"][2027] == 0.70


@pytest.mark.parametrize(("cell", "expected"), [(0.7, 0.7), (70, 0.7), ("70 %", 0.7), ("70%", 0.7), ("0,7", 0.7),
                                                (None, None), ("", None), (1, 1.0)])
def test_target_cells_as_typed(cell, expected):
    assert T.parse_target(cell) == pytest.approx(expected) if expected is not None else T.parse_target(cell) is None


@pytest.mark.parametrize("cell", ["bảy mươi", 170, "-5 %"])
def test_bad_target_cells(cell):
    with pytest.raises(ValueProblem):
        T.parse_target(cell)


def test_unknown_preset_lists_the_known_ones():
    with pytest.raises(T.TargetError, match="quoc-gia"):
        T.preset("khong-co")
