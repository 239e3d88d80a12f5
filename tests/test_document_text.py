"""How the documents name whom they recognise and which legal bases they cite (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from hoctap_xl.documents import addressing as A
from hoctap_xl.documents.commune_facts import Commune
from hoctap_xl.documents.legal import organisation_law, plan_bases, programmes

FORBIDDEN = ("Ông/Bà", "ông/bà", "Thôn/TDP", "Dòng họ Dòng họ", "Dòng họ Họ", "Cấp trên trực tiếp", "TM. LÃNH ĐẠO",
             "None")


def forbidden(texts: list[str]) -> list[str]:
    """The texts holding a form label, a placeholder or a doubled kind a reviewer would send back."""
    return [t for t in texts if any(bad in t for bad in FORBIDDEN)]


def _commune(issued: dt.date | None, **kw: str) -> Commune:
    return Commune(kind="xã", name="Tân Văn", province="Lạng Sơn", year=2025, above="", issued=issued, signer="",
                   title="", authority=[], **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "sex", "printed"), [
    ("Triệu Thị Hoa", "Nữ", "Bà Triệu Thị Hoa"), ("Nông Văn Hải", "nam", "Ông Nông Văn Hải"),
    ("Lò Văn Tú", None, "Lò Văn Tú"), ("Lò Văn Tú", "X", "Lò Văn Tú")])
def test_a_person_is_addressed_by_sex_or_by_name_alone(name, sex, printed):
    assert A.person(name, sex) == printed


def test_households_and_clans_are_named_once_by_their_kind():
    assert A.household("Chu Văn Hải", "Nam") == "Gia đình ông Chu Văn Hải"
    assert A.household("Lò Thị Mai", "Nữ") == "Gia đình bà Lò Thị Mai"
    assert A.household("Vi Văn Tú", "") == "Gia đình Vi Văn Tú"
    assert [A.clan(n) for n in ("Nông", "Dòng họ Nông", "Họ Trần", "họ Lê Văn")] == \
        ["Dòng họ Nông", "Dòng họ Nông", "Họ Trần", "họ Lê Văn"]
    assert forbidden([A.clan("Dòng họ Nông"), A.clan("Họ Trần"), A.household("A", None)]) == []


@pytest.mark.parametrize(("day", "law"), [
    (dt.date(2025, 1, 5), "ngày 19 tháng 6 năm 2015"), (dt.date(2025, 2, 28), "22 tháng 11 năm 2019"),
    (dt.date(2025, 3, 1), "65/2025/QH15"),
    (dt.date(2025, 6, 15), "65/2025/QH15"), (dt.date(2025, 6, 16), "72/2025/QH15"), (None, "72/2025/QH15")])
def test_the_local_government_law_is_the_one_in_force_on_the_documents_date(day, law):
    assert law in organisation_law(_commune(day))


def test_qd_677_approves_a_programme_and_plans_are_cited_once():
    assert "phê duyệt Chương trình “Xây dựng mô hình Công dân học tập" in programmes()[2]
    c = _commune(None, plan_province="số 135/KH-UBND ngày 20/02/2024 của UBND tỉnh về xã hội học tập",
                 plan_commune="Kế hoạch số 07/KH-UBND ngày 04/01/2025 của UBND xã")
    assert plan_bases(c, "Căn cứ") == ["Căn cứ Kế hoạch số 135/KH-UBND ngày 20/02/2024 của UBND tỉnh về xã hội học tập",
                                       "Căn cứ Kế hoạch số 07/KH-UBND ngày 04/01/2025 của UBND xã"]
    assert plan_bases(_commune(None), "Thực hiện") == []


def test_units_another_level_manages_are_counted_but_not_in_the_communes_decision():
    from hoctap_xl import layout as L
    from hoctap_xl.commune.evaluate import evaluate
    from hoctap_xl.documents.lists import list_rows
    from hoctap_xl.documents.report import _other_paragraphs
    from hoctap_xl.rules import ruleset as R

    from . import grids as G

    def unit(name: str, level: str | None) -> dict[str, object]:
        return {"Tên đơn vị": name, "Loại đơn vị": "Cơ quan", "Số CBCCVC, người lao động": 2,
                "Tiêu chí 1": 30, "Tiêu chí 2": 40, "Tiêu chí 3": 30, L.CAP_QUAN_LY: level}

    top = G.scores_for(95, 9)
    people = [G.person("Hà Văn Một", None, top, unit="Trường Tiểu học Nà Mò", nhom=3),
              G.person("Lý Thị Hai", None, top, unit="Công an xã Tân Văn", nhom=3),
              G.person("Vi Văn Ba", None, top, unit="Bưu điện văn hóa xã", nhom=3)]
    r = evaluate(G.commune(thon=[G.thon_row("Nà Mò")], people=people,
                           units=[unit("Trường Tiểu học Nà Mò", "xã"), unit("Công an xã Tân Văn", "tỉnh"),
                                  unit("Bưu điện văn hóa xã", None)]), R.default())
    assert [row["ten"] for row in list_rows(r, "cong_dan")] == ["Hà Văn Một", "Vi Văn Ba"]
    assert [row["ten"] for row in list_rows(r, "don_vi")] == ["Trường Tiểu học Nà Mò", "Bưu điện văn hóa xã"]
    by_code = {s.code: s for s in r.shares}
    assert by_code["DON_VI"].recognised == 3 and by_code["CONG_DAN_DON_VI"].recognised == 3  # shares count all
    text = " ".join(p for section in _other_paragraphs(r) for p in section["doan"])
    assert "Công an xã Tân Văn (cấp tỉnh quản lý, đạt Đơn vị học tập, 1 người đạt Công dân học tập)" in text
