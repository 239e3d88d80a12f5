"""Every rule boundary of domain.md §2, through the whole core (grids → evaluate)."""

from __future__ import annotations

import pytest

from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.rules import ruleset as R
from hoctap_xl.rules import scoring

from .grids import commune, person, scores_for, thon_row

RULES = R.default()


def run(people, thon=None, **kw):
    grids = commune(thon=thon or [thon_row("Thôn Nà Pàn"), thon_row("Bản Khuổi Tẩu", difficult="Có")],
                    people=people, **kw)
    return evaluate(grids, RULES)


@pytest.mark.parametrize(("total", "thon", "expected"), [
    (80, "Thôn Nà Pàn", True), (79, "Thôn Nà Pàn", False),
    (70, "Bản Khuổi Tẩu", True), (69, "Bản Khuổi Tẩu", False),
    (70, "Thôn Nà Pàn", False), (95, "Thôn Nà Pàn", True),
])
def test_threshold_80_and_70_in_difficult_thon(total, thon, expected):
    result = run([person("Hoàng Văn Ba", thon, scores_for(total))])
    (p,) = result.people
    assert p.verdict.total == total
    assert p.verdict.recognised is expected
    assert p.verdict.threshold == (70 if thon == "Bản Khuổi Tẩu" else 80)
    assert (p.verdict.reason == "") is expected


def test_commune_flag_lowers_threshold_for_everyone_including_unit_staff():
    unit = {"Tên đơn vị": "Trường Tiểu học Tân Văn", "Loại đơn vị": "Trường học", "Số CBCCVC, người lao động": 20,
            "Tiêu chí 1": 25, "Tiêu chí 2": 35, "Tiêu chí 3": 25}
    result = run([person("Lê Thị Hoa", "Thôn Nà Pàn", scores_for(72)),
                  person("Vi Văn Tú", None, scores_for(72), nhom=3, unit="Trường Tiểu học Tân Văn")],
                 units=[unit], info={"Vùng khó khăn": "Có"})
    assert [p.verdict.recognised for p in result.people] == [True, True]
    assert {p.verdict.threshold for p in result.people} == {70}


@pytest.mark.parametrize(("lowest", "expected"), [(4, False), (5, True)])
def test_no_indicator_below_5(lowest, expected):
    scores = scores_for(85, lowest)
    assert min(scores) == lowest and sum(scores) == 85
    (p,) = run([person("Nông Thị Lan", "Thôn Nà Pàn", scores)]).people
    assert p.verdict.recognised is expected
    assert p.verdict.lowest == lowest
    if not expected:
        assert "dưới 5" in p.verdict.reason


@pytest.mark.parametrize(("years_before", "title"), [
    (0, scoring.TITLE_CITIZEN), (3, scoring.TITLE_CITIZEN), (4, scoring.TITLE_CITIZEN_EXCELLENT),
    (7, scoring.TITLE_CITIZEN_EXCELLENT)])
def test_excellent_from_the_fifth_year_in_a_row(years_before, title):
    (p,) = run([person("Lương Văn Hải", "Thôn Nà Pàn", scores_for(90), years=years_before)]).people
    assert p.title == title


def test_not_recognised_this_year_has_no_title_whatever_the_history():
    (p,) = run([person("Lương Văn Hải", "Thôn Nà Pàn", scores_for(60), years=9)]).people
    assert p.title is None and not p.verdict.recognised


def test_scores_typed_as_text_are_read():
    scores: list = scores_for(82)
    scores[0] = " 8 "
    scores[1] = "10,0"
    scores_sum = 8 + 10 + sum(scores_for(82)[2:])
    (p,) = run([person("Hà Thị Mai", "Thôn Nà Pàn", scores)]).people
    assert p.verdict.total == scores_sum
    assert not [f for f in run([person("Hà Thị Mai", "Thôn Nà Pàn", scores)]).findings if f.is_error]


@pytest.mark.parametrize(("bad", "code"), [(11, "diem-ngoai-khoang"), (0, "diem-ngoai-khoang"),
                                           (-1, "diem-ngoai-khoang"), (7.5, "diem-khong-nguyen"),
                                           ("tám", "diem-khong-phai-so"), (None, "diem-trong")])
def test_bad_score_is_an_error_naming_the_cell_and_row_is_counted_not_recognised(bad, code):
    scores: list = scores_for(95)
    scores[2] = bad
    result = run([person("Triệu Văn Nam", "Thôn Nà Pàn", scores)])
    (p,) = result.people
    assert not p.verdict.recognised
    (f,) = [f for f in result.findings if f.code == code]
    assert f.level == "lỗi" and f.sheet == "Công dân học tập" and f.cell == "I4"  # Chỉ số 3 is column I


def test_all_scores_blank_is_a_warning_and_counted():
    result = run([person("Lăng Thị Hiền", "Thôn Nà Pàn", [None] * 10)])
    (p,) = result.people
    assert not p.verdict.recognised and p.verdict.reason == "Chưa chấm điểm" and p.verdict.total is None
    assert [(f.code, f.level) for f in result.findings] == [("chua-danh-gia", "cảnh báo")]
    assert not result.has_errors


@pytest.mark.parametrize("group", [4, 0, "", "Nhóm 1", None])
def test_group_not_1_to_3(group):
    result = run([person("Hoàng Văn Ba", "Thôn Nà Pàn", scores_for(95), nhom=group)])
    (p,) = result.people
    assert not p.verdict.recognised and "Nhóm" in p.verdict.reason
    assert any(f.code == "nhom-khong-hop-le" and f.cell == "F4" for f in result.findings)


def test_unknown_thon_or_unit_rejects_the_row():
    result = run([person("A", "Thôn Không Có", scores_for(90)),
                  person("B", None, scores_for(90), unit="Công ty Ma"),
                  person("C", None, scores_for(90)),
                  person("D", "Thôn Nà Pàn", scores_for(90))])
    assert [p.person.name for p in result.people] == ["D"]
    codes = sorted(f.code for f in result.findings)
    assert codes == ["don-vi-khong-co", "thieu-thon", "thon-khong-co"]


def test_names_compared_after_normalisation():
    import unicodedata
    nfd = unicodedata.normalize("NFD", "thôn  nà pàn\u200b ")
    (p,) = run([person("Hoàng Văn Ba", nfd, scores_for(90))]).people
    assert p.person.thon is not None and p.person.thon.name == "Thôn Nà Pàn"


def test_duplicate_person_is_a_warning_and_both_counted():
    row = person("Hoàng Văn Ba", "Thôn Nà Pàn", scores_for(90))
    result = run([row, dict(row)])
    assert len(result.people) == 2
    assert [(f.code, f.cell) for f in result.findings] == [("trung-nguoi", "A5")]


def test_name_blank_while_other_inputs_filled_rejects():
    result = run([person(None, "Thôn Nà Pàn", scores_for(90))])
    assert result.people == [] and [f.code for f in result.findings] == ["thieu-ten"]


def test_commune_level_tt25():
    assert scoring.commune_level([True] * 15, [True] * 15) == 2
    assert scoring.commune_level([True] * 15, [True] * 14 + [False]) == 1
    assert scoring.commune_level([True] * 14 + [False], [True] * 15) == 0
    assert scoring.commune_level([], []) == 0
