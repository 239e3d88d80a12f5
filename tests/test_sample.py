"""The sample-data generator (hoctap_xl.samples.generator): realistic, consistent, deterministic."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from typing import Any

import pytest

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.findings import CODES
from hoctap_xl.rules import ruleset as R
from hoctap_xl.samples import generator as sample
from hoctap_xl.text.values import name_key

from .grids import commune

RULES = R.default()
NAME, YEAR, SEX, THON, UNIT, GROUP = L.CONG_DAN_HEADERS[:6]
DIGITAL, YEARS = L.CONG_DAN_HEADERS[-2:]
FIRST_DATA_ROW = 4  # tests/grids.py puts the header on row 3


def make(**kw: Any) -> sample.CommuneSample:
    args: dict[str, Any] = {"province": "Lạng Sơn", "commune": "Tân Văn", "year": 2025}
    args.update(kw)
    return sample.generate(**args)


def grids_of(s: sample.CommuneSample) -> dict[str, Any]:
    t = s.tables
    return commune(thon=t["thon"], people=t["cong_dan"], households=t["gia_dinh"], clans=t["dong_ho"],
                   communities=t["cong_dong"], units=t["don_vi"], checklist=t["cap_xa"], info=s.info)


def all_strings(s: sample.CommuneSample) -> list[str]:
    out = [v for v in s.info.values() if isinstance(v, str)] + list(s.info)
    for rows in s.tables.values():
        for row in rows:
            out += list(row)
            out += [v for v in row.values() if isinstance(v, str)]
    out += [m.what for m in s.mistakes] + [m.header for m in s.mistakes]
    return out


def mistake_rows(s: sample.CommuneSample) -> set[int]:
    return {m.row for m in s.mistakes if m.table == "cong_dan"}


@pytest.fixture(scope="module")
def default() -> sample.CommuneSample:
    return make()


@pytest.fixture(scope="module")
def clean() -> sample.CommuneSample:
    return make(seed=4, mistakes=False)


@pytest.fixture(scope="module")
def demos() -> list[sample.CommuneSample]:
    return sample.demo_communes(2025)


# --- determinism ---------------------------------------------------------------------------

def test_same_arguments_give_identical_data():
    a, b = make(seed=9), make(seed=9)
    assert a.info == b.info
    assert a.tables == b.tables
    assert a.mistakes == b.mistakes


def test_different_seeds_give_different_data():
    a, b = make(seed=1), make(seed=2)
    assert [r[NAME] for r in a.tables["cong_dan"]] != [r[NAME] for r in b.tables["cong_dan"]]
    assert [r[L.THON_HEADERS[0]] for r in a.tables["thon"]] != [r[L.THON_HEADERS[0]] for r in b.tables["thon"]]


# --- shape ---------------------------------------------------------------------------------

@pytest.mark.parametrize("rules", [RULES, None], ids=["default", "four-criteria-everywhere"])
def test_every_row_has_exactly_the_layout_headers(rules):
    if rules is None:  # a province rule set with other criteria counts and maxima
        data = RULES.model_dump(mode="json")
        data["gia_dinh"]["tieu_chi"] = data["gia_dinh"]["tieu_chi"][:3]
        data["don_vi"]["tieu_chi"].append({"ma": "TC4", "ten": "Chuyển đổi số", "diem_toi_da": 10,
                                           "diem_toi_thieu": 5})
        rules = R.from_dict(data, "test")
    s = make(rules=rules, persons=300)
    assert set(s.tables) == {"thon", "cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi", "cap_xa"}
    for key, rows in s.tables.items():
        n = len(rules.criteria(key).tieu_chi) if key in L.CRITERIA_MODELS else 0
        heads = L.headers_for(key, n)
        assert rows, key
        for row in rows:
            assert tuple(row) == heads, key
        if key in L.CRITERIA_MODELS:
            maxima = [c.diem_toi_da for c in rules.criteria(key).tieu_chi]
            for row in rows:
                for value, hi in zip(list(row.values())[-n:], maxima, strict=True):
                    assert value is None or (isinstance(value, int) and 0 <= value <= hi), (key, row)
    assert len(s.tables["cap_xa"]) == len(rules.cap_xa.chi_tieu) == 15
    assert [r["Mã"] for r in s.tables["cap_xa"]] == [c.ma for c in rules.cap_xa.chi_tieu]


def test_info_has_every_label_with_realistic_values(default):
    info = default.info
    assert tuple(info) == L.INFO_LABELS
    assert info[L.L_TINH] == "Lạng Sơn" and info[L.L_XA] == "Tân Văn" and info[L.L_NAM] == 2025
    assert isinstance(info[L.L_MA], str) and re.fullmatch(r"\d{5}", info[L.L_MA])
    assert make(code="05999").info[L.L_MA] == "05999"
    assert info[L.L_VUNG_KK] == "Không" and make(difficult=True).info[L.L_VUNG_KK] == "Có"
    assert info[L.L_CHUC_VU] == "PHÓ CHỦ TỊCH"
    assert info[L.L_THAM_QUYEN] == "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH"
    assert "Lạng Sơn" in info[L.L_CAP_TREN]
    assert len(info[L.L_NGUOI_KY].split()) >= 3
    assert re.fullmatch(r"\d+(/BC-UBND)?", info[L.L_SO_BAO_CAO])
    for label in L.L_SO_QD.values():
        assert re.fullmatch(r"\d+(/QĐ-UBND)?", info[label]), info[label]
    day = info[L.L_NGAY]
    assert isinstance(day, dt.date) and (day.year, day.month) == (2025, 12) and day.day <= 14


def test_all_text_is_nfc(default, demos):
    for s in (default, *demos):
        for text in all_strings(s):
            assert unicodedata.is_normalized("NFC", text), text


def test_people_look_real(default):
    people = default.tables["cong_dan"]
    assert len(people) == 400
    for row in people:
        words = row[NAME].split()
        assert len(words) >= 3
        assert row[SEX] in ("Nam", "Nữ")
        if words[1] == "Văn":
            assert row[SEX] == "Nam", row
        if words[1] == "Thị":
            assert row[SEX] == "Nữ", row
        assert 1950 <= row[YEAR] <= 2006
    surnames = Counter(r[NAME].split()[0] for r in people)
    assert {"Hoàng", "Nông"} <= set(surnames) and len(surnames) >= 10
    unit_share = sum(1 for r in people if r[UNIT]) / len(people)
    assert 0.15 <= unit_share <= 0.32
    assert Counter(r[GROUP] for r in people if not r[UNIT]).most_common(1)[0][0] == 1  # farmers in a rural commune
    assert Counter(r[GROUP] for r in people if r[UNIT]).most_common(1)[0][0] == 3


def test_thon_rows_are_realistic(default):
    rows = default.tables["thon"]
    assert len(rows) == 6
    name_h, hh_h, clan_h, work_h, dk_h = L.THON_HEADERS
    for r in rows:
        assert re.match(r"^(Thôn|Bản) ", r[name_h])
        assert 60 <= r[hh_h] <= 250
        assert 4 <= r[clan_h] <= 15
        assert 2.0 * r[hh_h] - 1 <= r[work_h] <= 2.6 * r[hh_h] + 1
        assert r[dk_h] in ("Có", "Không")
    assert len({name_key(r[name_h]) for r in rows}) == 6


# --- references ----------------------------------------------------------------------------

def test_references_exist(default):
    t = default.tables
    thon = {name_key(r[L.THON_HEADERS[0]]) for r in t["thon"]}
    units = {name_key(r[L.DON_VI_HEADERS[0]]) for r in t["don_vi"]}
    clans = {name_key(r[L.DONG_HO_HEADERS[0]]) for r in t["dong_ho"]}
    assert len(units) == len(t["don_vi"]) and len(clans) == len(t["dong_ho"])
    bad_thon = {m.row for m in default.mistakes if m.code == "thon-khong-co"}
    assert len(bad_thon) == 1
    for i, row in enumerate(t["cong_dan"]):
        if row[THON] is not None:
            assert (name_key(row[THON]) in thon) == (i not in bad_thon), row
        if row[UNIT] is not None:
            assert name_key(row[UNIT]) in units
        assert row[THON] or row[UNIT]
    for key, head in (("gia_dinh", "Thôn/TDP"), ("dong_ho", "Thôn/TDP"), ("cong_dong", "Thôn/TDP")):
        assert all(name_key(r[head]) in thon for r in t[key]), key
    assert [name_key(r["Thôn/TDP"]) for r in t["cong_dong"]] == [name_key(r["Tên thôn/TDP"]) for r in t["thon"]]
    named = [r["Dòng họ"] for r in t["gia_dinh"] if r["Dòng họ"]]
    assert all(name_key(c) in clans for c in named)
    blank = 1 - len(named) / len(t["gia_dinh"])
    assert 0.1 <= blank <= 0.35
    # a household's clan lives in the household's thôn
    clan_thon = {name_key(r["Tên dòng họ"]): r["Thôn/TDP"] for r in t["dong_ho"]}
    assert all(clan_thon[name_key(r["Dòng họ"])] == r["Thôn/TDP"] for r in t["gia_dinh"] if r["Dòng họ"])


# --- plausibility ----------------------------------------------------------------------------

def _scored_clean(s: sample.CommuneSample) -> list[tuple[list[int], dict[str, Any]]]:
    skip = mistake_rows(s)
    out = []
    for i, row in enumerate(s.tables["cong_dan"]):
        scores = [row[h] for h in L.CHI_SO]
        if i in skip or all(v is None for v in scores):
            continue
        out.append((scores, row))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recognition_rate_is_plausible(seed):
    s = make(seed=seed, persons=1500)
    scored = _scored_clean(s)
    recognised = [row for scores, row in scored if sum(scores) >= 80 and min(scores) >= 5]
    rate = len(recognised) / len(scored)
    assert 0.40 <= rate <= 0.85, rate
    short_by_one_four = [sc for sc, _ in scored if sum(sc) >= 80 and min(sc) == 4]
    difficult_only = [sc for sc, _ in scored if 70 <= sum(sc) < 80 and min(sc) >= 5]
    assert len(short_by_one_four) >= 10 and len(difficult_only) >= 50
    unscored = [r for r in s.tables["cong_dan"] if all(r[h] is None for h in L.CHI_SO)]
    assert 5 <= len(unscored) <= 0.08 * len(s.tables["cong_dan"])
    digital = sum(1 for r in recognised if r[DIGITAL] == "Có") / len(recognised)
    assert 0.55 <= digital <= 0.85
    years = Counter(r[YEARS] for r in recognised)
    assert set(years) <= set(range(7))
    assert years[0] + years[1] + years[2] > len(recognised) / 2
    assert sum(years[y] for y in (4, 5, 6)) >= 5  # "tiêu biểu xuất sắc" occurs


def test_denominators_are_consistent(default, demos):
    for s in (default, *demos, make(persons=5000, households=2000, thon=12, seed=5)):
        t = s.tables
        thon = {name_key(r["Tên thôn/TDP"]): r for r in t["thon"]}
        hh = Counter(name_key(r["Thôn/TDP"]) for r in t["gia_dinh"])
        clans = Counter(name_key(r["Thôn/TDP"]) for r in t["dong_ho"])
        residents = Counter(name_key(r[THON]) for r in t["cong_dan"] if r[THON] and not r[UNIT])
        for key, row in thon.items():
            assert hh[key] <= row["Tổng số hộ"]
            assert clans[key] <= row["Tổng số dòng họ"]
            assert residents[key] < row["Số người lao động"]
        named = Counter(name_key(r["Dòng họ"]) for r in t["gia_dinh"] if r["Dòng họ"])
        for r in t["dong_ho"]:
            assert named[name_key(r["Tên dòng họ"])] <= r["Số hộ trong dòng họ"]
        staff = Counter(name_key(r[UNIT]) for r in t["cong_dan"] if r[UNIT])
        for r in t["don_vi"]:
            assert 8 <= r["Số CBCCVC, người lao động"] <= 60
            assert staff[name_key(r["Tên đơn vị"])] <= r["Số CBCCVC, người lao động"]
        assert len(t["gia_dinh"]) <= sum(r["Tổng số hộ"] for r in t["thon"])
        # a share computed by the product never exceeds 100 % on generated data
        result = evaluate(grids_of(s), RULES)
        assert not [f for f in result.findings if f.code == "vuot-mau-so"]
        for share in result.shares:
            assert share.total and share.recognised <= share.total, share


def test_demo_shares_are_plausible(demos):
    for s in demos:
        shares = {sh.code: sh.ratio for sh in evaluate(grids_of(s), RULES).shares}
        assert 0.5 <= shares["GIA_DINH"] <= 0.85, shares
        assert 0.25 <= shares["CONG_DAN_CONG_DONG"] <= 0.6, shares
        assert 0.45 <= shares["CONG_DAN_DON_VI"] <= 0.9, shares
        assert 0.5 <= shares["KY_NANG_SO"] <= 0.85, shares


# --- mistakes ------------------------------------------------------------------------------

EXPECTED_CODES = {"", "diem-ngoai-khoang", "diem-khong-phai-so", "diem-khong-nguyen", "thon-khong-co",
                  "trung-nguoi", "nhom-khong-hop-le", "diem-trong"}


def test_mistakes_are_few_documented_and_produce_their_findings(default):
    mistakes = default.mistakes
    assert {m.code for m in mistakes} == EXPECTED_CODES
    assert all(m.code == "" or m.code in CODES for m in mistakes)
    assert len({(m.table, m.row) for m in mistakes}) <= 10
    people = default.tables["cong_dan"]
    for m in mistakes:
        assert m.table == "cong_dan" and 0 <= m.row < len(people) and m.header in L.CONG_DAN_HEADERS and m.what
    values = {m.code or m.what: people[m.row][m.header] for m in mistakes}
    assert values["diem-ngoai-khoang"] == 11 and values["diem-khong-phai-so"] == "tám"
    assert values["diem-khong-nguyen"] == 7.5 and values["nhom-khong-hop-le"] == 4
    assert values["diem-trong"] is None
    comma = next(m for m in mistakes if m.code == "" and m.header.startswith("Chỉ số"))
    assert people[comma.row][comma.header] == "8,0"
    spaced = next(m for m in mistakes if m.code == "" and m.header == THON)
    assert "  " in people[spaced.row][THON] and people[spaced.row][THON].endswith(" ")
    dup = next(m for m in mistakes if m.code == "trung-nguoi")
    twins = [i for i, r in enumerate(people)
             if (r[NAME], r[YEAR], r[THON]) == (people[dup.row][NAME], people[dup.row][YEAR], people[dup.row][THON])]
    assert len(twins) == 2 and twins[1] == dup.row

    result = evaluate(grids_of(default), RULES)
    got = Counter((f.code, int(re.sub(r"\D", "", f.cell or "0"))) for f in result.findings
                  if f.code != "chua-danh-gia")
    want = Counter((m.code, m.row + FIRST_DATA_ROW) for m in mistakes if m.code)
    assert got == want
    # "8,0" counts as 8, the padded thôn name is found
    rows = {p.person.row: p for p in result.people}
    assert rows[comma.row + FIRST_DATA_ROW].verdict.total == sum(
        8 if h == comma.header else people[comma.row][h] for h in L.CHI_SO)
    assert rows[spaced.row + FIRST_DATA_ROW].person.thon is not None


def test_no_mistakes_means_no_invalid_values(clean):
    assert clean.mistakes == []
    for row in clean.tables["cong_dan"]:
        scores = [row[h] for h in L.CHI_SO]
        assert all(v is None for v in scores) or all(isinstance(v, int) and 1 <= v <= 10 for v in scores)
        assert row[GROUP] in (1, 2, 3)
        assert row[DIGITAL] in (None, "Có", "Không")
        assert row[THON] is None or row[THON] == " ".join(row[THON].split())
    result = evaluate(grids_of(clean), RULES)
    assert {f.code for f in result.findings} <= {"chua-danh-gia"}
    assert len(result.people) == len(clean.tables["cong_dan"]) == 400


def test_mistakes_stay_few_at_any_size():
    big = make(persons=8000, households=3000, thon=25, seed=3)
    assert len({m.row for m in big.mistakes}) <= 10
    assert len(big.tables["cong_dan"]) == 8000
    assert make(persons=30).mistakes == []


# --- demo ----------------------------------------------------------------------------------

def test_demo_communes_are_three_distinct_communes(demos):
    assert len(demos) == len(sample.DEMO_COMMUNES) == 3
    names = [s.info[L.L_XA] for s in demos]
    assert len(set(names)) == 3 and len({s.info[L.L_MA] for s in demos}) == 3
    tan_van, chau_son, my_thanh = demos
    assert names == ["Tân Văn", "Châu Sơn", "Phường Mỹ Thạnh"]
    flags = Counter(r["Vùng khó khăn"] for r in tan_van.tables["thon"])
    assert flags["Có"] >= 1 and flags["Không"] >= 1 and tan_van.info[L.L_VUNG_KK] == "Không"
    assert chau_son.info[L.L_VUNG_KK] == "Có"
    assert my_thanh.info[L.L_TINH] == "An Giang"
    assert all(r["Tên thôn/TDP"].startswith(("Khóm ", "Tổ dân phố ")) for r in my_thanh.tables["thon"])
    assert len(my_thanh.tables["don_vi"]) > len(tan_van.tables["don_vi"])

    def worker_share(s: sample.CommuneSample) -> float:
        people = s.tables["cong_dan"]
        return sum(1 for r in people if r[GROUP] in (2, 3)) / len(people)

    assert worker_share(my_thanh) > worker_share(tan_van) + 0.2
    ward_surnames = Counter(r[NAME].split()[0] for r in my_thanh.tables["cong_dan"])
    assert ward_surnames["Huỳnh"] and ward_surnames["Võ"] and not ward_surnames["Nông"]
    assert demos[0].tables == sample.demo_communes(2025)[0].tables


# --- size and purity ---------------------------------------------------------------------------

def test_large_sizes():  # speed is measured in bench/, not asserted here
    s = make(persons=5000, households=2000, thon=20)
    assert len(s.tables["cong_dan"]) == 5000
    big = make(persons=20000, households=7000, thon=60, seed=8)
    assert len(big.tables["cong_dan"]) == 20000 and len(big.tables["gia_dinh"]) == 7000
    keys = Counter((name_key(r[NAME]), r[YEAR], name_key(r[UNIT] or r[THON] or "")) for r in big.tables["cong_dan"])
    assert sum(n - 1 for n in keys.values()) == 1  # only the injected duplicate


def test_sample_imports_no_excel_library():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'openpyxl','xlsxwriter','xlwings','python_calamine','numpy'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from hoctap_xl.samples import generator as sample\n"
        "s = sample.generate(province='An Giang', commune='Mỹ Thạnh', year=2025, kind='phường')\n"
        "print(len(s.tables['cong_dan']))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "400"
