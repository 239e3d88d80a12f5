"""Households, clans, communities, units and the shares (domain.md §2.2, §3)."""

from __future__ import annotations

import pytest

from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.rules import ruleset as R

from .grids import commune, person, scores_for, thon_row

RULES = R.default()


def hh(name, thon, scores=(25, 25, 15, 15), clan=None):
    row = {"Họ tên chủ hộ": name, "Thôn/TDP": thon, "Dòng họ": clan, "Số thành viên": 4}
    row.update({f"Tiêu chí {i}": s for i, s in enumerate(scores, start=1)})
    return row


def clan(name, thon, households, scores=(25, 30, 25)):
    row = {"Tên dòng họ": name, "Trưởng họ": "Nông Văn Cả", "Thôn/TDP": thon, "Số hộ trong dòng họ": households}
    row.update({f"Tiêu chí {i}": s for i, s in enumerate(scores, start=1)})
    return row


def community(thon, scores=(25, 30, 25)):
    row = {"Thôn/TDP": thon}
    row.update({f"Tiêu chí {i}": s for i, s in enumerate(scores, start=1)})
    return row


def unit(name, staff, scores=(25, 30, 25)):
    row = {"Tên đơn vị": name, "Loại đơn vị": "Trường học", "Số CBCCVC, người lao động": staff}
    row.update({f"Tiêu chí {i}": s for i, s in enumerate(scores, start=1)})
    return row


@pytest.mark.parametrize(("scores", "ok"), [
    ((25, 25, 15, 15), True),       # 80, every criterion ≥ half
    ((25, 25, 15, 14), False),      # 79
    ((30, 14, 20, 20), False),      # 84 but TC2 < 15
    ((15, 15, 10, 10), False),      # every minimum, total 50
    ((30, 30, 20, 20), True),
])
def test_household_rule(scores, ok):
    result = evaluate(commune(thon=[thon_row("Thôn A")], households=[hh("Nguyễn Văn An", "Thôn A", scores)]), RULES)
    (h,) = result.models["gia_dinh"]
    assert h.verdict.recognised is ok and h.verdict.total == sum(scores)


@pytest.mark.parametrize(("recognised_households", "clan_size", "ok"), [(2, 4, True), (1, 4, False), (3, 5, True),
                                                                        (2, 5, False)])
def test_clan_needs_half_of_its_households_recognised(recognised_households, clan_size, ok):
    rows = [hh(f"Hộ {i}", "Thôn A", clan="Họ Nông") for i in range(recognised_households)]
    rows.append(hh("Hộ chưa đạt", "Thôn A", (10, 10, 10, 10), clan="Họ Nông"))
    result = evaluate(commune(thon=[thon_row("Thôn A")], households=rows,
                              clans=[clan("Họ Nông", "Thôn A", clan_size)]), RULES)
    (c,) = result.models["dong_ho"]
    assert c.households == (recognised_households, clan_size)
    assert c.verdict.recognised is ok
    if not ok:
        assert "Gia đình học tập" in c.verdict.reason


def test_community_needs_half_of_thon_households_from_thon_sheet():
    rows = [hh(f"Hộ {i}", "Thôn A") for i in range(50)]
    result = evaluate(commune(thon=[thon_row("Thôn A", households=100), thon_row("Thôn B", households=100)],
                              households=rows, communities=[community("Thôn A"), community("Thôn B")]), RULES)
    a, b = result.models["cong_dong"]
    assert a.verdict.recognised and a.households == (50, 100)
    assert not b.verdict.recognised and b.households == (0, 100)


def test_unit_rule_and_duplicate_unit_rejected():
    result = evaluate(commune(thon=[thon_row("Thôn A")], units=[unit("UBND xã", 20), unit("UBND xã", 15),
                                                                  unit("Trạm Y tế", 8, (15, 20, 14))]), RULES)
    names = [(u.entity.name, u.verdict.recognised) for u in result.models["don_vi"]]
    assert names == [("UBND xã", True), ("Trạm Y tế", False)]
    assert [(f.code, f.cell) for f in result.findings] == [("trung-ten", "A5")]


def test_shares_use_thon_denominators_and_units():
    thon = [thon_row("Thôn A", households=60, clans=4, workers=100),
            thon_row("Thôn B", households=40, clans=6, workers=50)]
    people = ([person(f"Người {i}", "Thôn A", scores_for(85)) for i in range(30)]
              + [person(f"Người B{i}", "Thôn B", scores_for(60)) for i in range(5)]
              + [person(f"CB {i}", None, scores_for(90), nhom=3, unit="UBND xã", digital="Không") for i in range(9)])
    households = [hh(f"Hộ {i}", "Thôn A") for i in range(35)] + [hh("Hộ x", "Thôn B", (1, 1, 1, 1))]
    result = evaluate(commune(
        thon=thon, people=people, households=households,
        clans=[clan("Họ Nông", "Thôn A", 5), clan("Họ Hoàng", "Thôn B", 5)],
        communities=[community("Thôn A"), community("Thôn B")],
        units=[unit("UBND xã", 12), unit("Trường Mầm non", 20, (10, 10, 10))],
        targets={"GIA_DINH": {2025: 0.35}, "CONG_DAN_CONG_DONG": {2030: 60}, "DON_VI": {2020: "50 %"}}), RULES)
    shares = {s.code: s for s in result.shares}
    assert (shares["GIA_DINH"].recognised, shares["GIA_DINH"].total) == (35, 100)
    assert shares["GIA_DINH"].met is True and shares["GIA_DINH"].gap_points == 0.0
    assert (shares["DONG_HO"].recognised, shares["DONG_HO"].total) == (0, 10)  # clans lack recognised households
    assert (shares["CONG_DONG"].recognised, shares["CONG_DONG"].total) == (1, 2)
    assert (shares["DON_VI"].recognised, shares["DON_VI"].total) == (1, 2)
    assert shares["DON_VI"].target == 0.5 and shares["DON_VI"].met is True  # nearest earlier year
    assert (shares["CONG_DAN_CONG_DONG"].recognised, shares["CONG_DAN_CONG_DONG"].total) == (30, 150)
    assert shares["CONG_DAN_CONG_DONG"].target == 0.6 and shares["CONG_DAN_CONG_DONG"].met is False
    assert shares["CONG_DAN_CONG_DONG"].gap_points == -40.0
    assert (shares["CONG_DAN_DON_VI"].recognised, shares["CONG_DAN_DON_VI"].total) == (9, 32)
    assert (shares["KY_NANG_SO"].recognised, shares["KY_NANG_SO"].total) == (30, 39)
    assert shares["KY_NANG_SO"].target is None and shares["KY_NANG_SO"].met is None
    assert not result.has_errors
    by = {s.thon.name: s for s in result.by_thon}
    assert by["Thôn A"].households_recognised == 35 and by["Thôn A"].citizens_recognised == 30
    assert by["Thôn A"].community is True and by["Thôn B"].community is False


@pytest.mark.parametrize(("value", "ok"), [(None, False), (-3, False), ("nhiều", False), ("1.385", True), (0, True)])
def test_denominators_blank_negative_or_text(value, ok):
    result = evaluate(commune(thon=[thon_row("Thôn A", households=value)]), RULES)
    bad = [f for f in result.findings if f.code == "mau-so-khong-hop-le"]
    assert (not bad) is ok
    if not ok:
        assert bad[0].cell == "B4" and bad[0].level == "lỗi"
    else:
        assert result.thon[0].households == (1385 if value == "1.385" else 0)


def test_recognised_above_denominator_is_an_error_but_share_still_reported():
    result = evaluate(commune(thon=[thon_row("Thôn A", households=2)],
                              households=[hh(f"Hộ {i}", "Thôn A") for i in range(3)]), RULES)
    share = next(s for s in result.shares if s.code == "GIA_DINH")
    assert share.ratio == 1.5
    assert {(f.code, f.sheet, f.cell) for f in result.findings} >= {("vuot-mau-so", "Thôn - TDP", "B4")}


def test_unknown_clan_keeps_household_for_gdht():
    result = evaluate(commune(thon=[thon_row("Thôn A")], households=[hh("Hộ 1", "Thôn A", clan="Họ Ma")]), RULES)
    assert result.models["gia_dinh"][0].verdict.recognised
    assert [f.code for f in result.findings] == ["dong-ho-khong-co"]


def test_duplicate_household_warning():
    result = evaluate(commune(thon=[thon_row("Thôn A")], households=[hh("Hộ 1", "Thôn A"), hh("Hộ 1", "Thôn A")]),
                      RULES)
    assert len(result.models["gia_dinh"]) == 2
    assert [(f.code, f.level) for f in result.findings] == [("trung-ho", "cảnh báo")]


def test_custom_rule_set_with_five_household_criteria():
    data = RULES.model_dump(mode="json")
    data["gia_dinh"]["tieu_chi"].append({"ma": "TC5", "ten": "Đọc sách", "diem_toi_da": 10, "diem_toi_thieu": 5})
    data["gia_dinh"]["nguong"] = 85
    custom = R.from_dict(data, "test")
    grids = commune(thon=[thon_row("Thôn A")], rules=custom,
                    households=[{**hh("Hộ 1", "Thôn A"), "Tiêu chí 5": 5}, {**hh("Hộ 2", "Thôn A"), "Tiêu chí 5": 4}])
    r1, r2 = evaluate(grids, custom).models["gia_dinh"]
    assert r1.verdict.total == 85 and r1.verdict.recognised
    assert not r2.verdict.recognised


def test_missing_sheet_and_edited_header_are_errors_and_table_not_read():
    grids = commune(thon=[thon_row("Thôn A")], people=[person("A", "Thôn A", scores_for(90))])
    del grids["Gia đình học tập"]
    grids["Công dân học tập"].rows[2][5] = "Nhóm đối tượng"
    result = evaluate(grids, RULES)
    assert result.people == []
    codes = {(f.code, f.sheet) for f in result.findings}
    assert ("thieu-sheet", "Gia đình học tập") in codes and ("sai-tieu-de", "Công dân học tập") in codes


def test_columns_moved_and_extra_columns_are_read_by_header():
    grids = commune(thon=[thon_row("Thôn A")], people=[person("Hoàng Văn Ba", "Thôn A", scores_for(90))])
    sheet = grids["Công dân học tập"]
    for row in sheet.rows:  # move "Họ và tên" to the end and put a note column first
        row[:] = ["Ghi chú" if row is sheet.rows[2] else None, *row[1:], row[0]] if len(row) > 1 else row
    (p,) = evaluate(grids, RULES).people
    assert p.person.name == "Hoàng Văn Ba" and p.verdict.total == 90 and p.person.row == 4


def test_date_typed_as_text_is_day_first_and_shown():
    result = evaluate(commune(thon=[thon_row("Thôn A")], info={"Ngày ban hành": "05/01/2026"}), RULES)
    assert str(result.info.issued) == "2026-01-05"
    bad = evaluate(commune(thon=[thon_row("Thôn A")], info={"Ngày ban hành": "32/13/2026"}), RULES)
    assert [(f.code, f.cell) for f in bad.findings] == [("thong-tin-khong-hop-le", "B18")]


def test_missing_year_is_an_error_and_targets_are_not_resolved():
    result = evaluate(commune(thon=[thon_row("Thôn A")], info={"Năm đánh giá": None},
                              targets={"GIA_DINH": {2025: 0.7}}), RULES)
    assert any(f.code == "thieu-thong-tin" and f.cell == "B7" for f in result.findings)
    assert all(s.target is None for s in result.shares)


def test_blank_rows_inside_a_table_are_skipped_and_row_numbers_kept():
    blank = {"Họ và tên": None}
    result = evaluate(commune(thon=[thon_row("Thôn A")], people=[
        person("A", "Thôn A", scores_for(90)), blank, {"Họ và tên": "  \u200b "},
        person("B", "Thôn A", scores_for(60))]), RULES)
    assert [(p.person.name, p.person.row) for p in result.people] == [("A", 4), ("B", 7)]
    assert result.findings == []
