"""Template 1.3's optional inputs (issue 15): the new Thông tin chung labels and the columns after
the contract's inputs (``Giới tính chủ hộ``, ``Cấp quản lý``) are read when present, required never."""

from __future__ import annotations

import datetime as dt

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.rules import ruleset as R
from hoctap_xl.sheets.grid import Grid

from . import grids as G


def _unit(name: str, level: object) -> dict[str, object]:
    return {"Tên đơn vị": name, "Loại đơn vị": "Trường học", "Số CBCCVC, người lao động": 30,
            "Tiêu chí 1": 30, "Tiêu chí 2": 30, "Tiêu chí 3": 30, L.CAP_QUAN_LY: level}


def _household(name: str, sex: object) -> dict[str, object]:
    return {"Họ tên chủ hộ": name, "Thôn/TDP": "Nà Mò", "Số thành viên": 4,
            **{f"Tiêu chí {i}": 25 for i in range(1, 5)}, L.GIOI_TINH_CHU_HO: sex}


def _result(**kw: object):
    grids = G.commune(thon=[G.thon_row("Nà Mò")], **kw)  # type: ignore[arg-type]
    return evaluate(grids, R.default())


def test_the_new_labels_are_read_and_a_bad_date_is_named():
    r = _result(info={L.L_KE_HOACH_XA: "số 12/KH-UBND ngày 10/02/2025 của UBND xã về xây dựng xã hội học tập",
                      L.L_CHU_TICH_HKH: "Hoàng Văn Sơn", L.L_SO_TTR["gia_dinh"]: "7",
                      L.L_NGAY_TO_TRINH: "20/12/2025"})
    assert r.info.text(L.L_CHU_TICH_HKH) == "Hoàng Văn Sơn"
    assert r.info.text(L.L_KE_HOACH_XA).startswith("số 12/KH-UBND")
    assert r.info.proposed == dt.date(2025, 12, 20)
    bad = _result(info={L.L_NGAY_TO_TRINH: "32/13/2025"})
    assert bad.info.proposed is None
    assert any(f.code == "thong-tin-khong-hop-le" and L.L_NGAY_TO_TRINH in f.message for f in bad.findings)


def test_a_workbook_without_the_new_labels_or_columns_has_no_finding_about_them():
    grids = G.commune(thon=[G.thon_row("Nà Mò")], households=[_household("Chu Văn Hải", None)],
                      units=[_unit("Trường Tiểu học Tân Văn", None)])
    info = grids[L.THONG_TIN]
    grids[L.THONG_TIN] = Grid(info.sheet, [row for row in info.rows if not row or row[0] not in L.OPTIONAL_INFO_LABELS])
    for sheet, head in ((L.GIA_DINH, L.GIOI_TINH_CHU_HO), (L.DON_VI, L.CAP_QUAN_LY)):
        g = grids[sheet]
        col = list(g.rows[L.HEADER_ROW - 1]).index(head)
        grids[sheet] = Grid(sheet, [list(row[:col]) + list(row[col + 1:]) for row in g.rows])
    r = evaluate(grids, R.default())
    assert not [f for f in r.findings if f.code in ("thieu-thong-tin", "sai-tieu-de", "gioi-tinh-khong-hop-le",
                                                     "cap-quan-ly-khong-hop-le")]
    assert r.models["gia_dinh"][0].entity.extra["head_sex"] == ""
    assert r.models["don_vi"][0].entity.extra["level"] == ""


def test_household_head_sex_and_unit_level_are_read_as_typed_any_common_way():
    r = _result(households=[_household("Chu Văn Hải", "nam"), _household("Lò Thị Mai", "NỮ"),
                            _household("Vi Văn Tú", "X")],
                units=[_unit("UBND xã Tân Văn", "Cấp xã"), _unit("Công an xã Tân Văn", "Tỉnh"),
                       _unit("Công ty CP Xi măng", "DN"), _unit("Kho bạc", "không rõ")])
    assert [e.entity.extra["head_sex"] for e in r.models["gia_dinh"]] == ["Nam", "Nữ", ""]
    assert [e.entity.extra["level"] for e in r.models["don_vi"]] == ["xã", "tỉnh", "doanh nghiệp", ""]
    sex = [f for f in r.findings if f.code == "gioi-tinh-khong-hop-le"]
    level = [f for f in r.findings if f.code == "cap-quan-ly-khong-hop-le"]
    assert len(sex) == 1 and sex[0].level == "cảnh báo" and sex[0].cell.endswith("6") and "X" in sex[0].message
    assert len(level) == 1 and level[0].cell.endswith("7") and "không rõ" in level[0].message
