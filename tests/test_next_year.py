"""next-year (issue 7): lists carried, Số năm liên tục đã đạt counted on, "tiêu biểu xuất sắc"
from the 5th year exactly, scores/numbers/dates cleared, targets for the new year, nothing else
changed — and the old workbook never touched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from hoctap_xl import layout as L
from hoctap_xl.formats import carry_files as carry_io
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.formats.xlsx_read import evaluate_file
from hoctap_xl.rules.scoring import TITLE_CITIZEN_EXCELLENT
from hoctap_xl.samples import generator as sample
from hoctap_xl.services.carry import write_checked

FIXTURE = Path(__file__).parent / "fixtures" / "mau-1.0_tan-van-2025.xlsm"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr, run.stderr[-800:]
    return run


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill_scores(path: Path, passes: dict[str, bool]) -> None:
    """The chi hội's marks for the year: 9 everywhere for a person who passes, 2 for one who fails."""
    loaded = carry_io.read(path)
    for row in loaded.content.tables["cong_dan"]:
        mark = 9 if passes[row.values["Họ và tên"]] else 2
        for h in L.CHI_SO:
            row.values[h] = mark
    write_checked(loaded.content, path, source="điểm của năm", overwrite=True)


def test_six_years_make_tieu_bieu_xuat_sac_exactly_from_the_fifth(tmp_path):
    s = sample.generate(11, province="Lạng Sơn", commune="Tân Văn", year=2021, code="06166", persons=12,
                        households=4, thon=2,
                        mistakes=False)
    book = tmp_path / "2021.xlsm"
    people = [dict(r, **{"Số năm liên tục đã đạt": None}) for r in s.tables["cong_dan"]]
    new_workbook(book, province="Lạng Sơn", commune="Tân Văn", year=2021, code="06166", info=s.info,
                 tables={**s.tables, "cong_dan": people})
    names = [p["Họ và tên"] for p in people]
    steady, lapse = names[:6], names[6]  # lapse fails in 2023 only
    for year in range(2021, 2027):
        passes = {n: not (n == lapse and year == 2023) for n in names}
        _fill_scores(book, passes)
        result = evaluate_file(book)
        titles = {p.person.name: p.title for p in result.people}
        nth = year - 2020
        for n in steady:
            assert (titles[n] == TITLE_CITIZEN_EXCELLENT) == (nth >= 5), (year, n, titles[n])
        assert titles[lapse] != TITLE_CITIZEN_EXCELLENT  # its streak began again in 2024
        if year < 2026:
            nxt = tmp_path / f"{year + 1}.xlsm"
            run = _cli("next-year", str(book), str(nxt))
            assert run.returncode == 0, run.stderr
            book = nxt
    years = {p.person.name: p.person.years_before for p in evaluate_file(book).people}
    assert all(years[n] == 5 for n in steady) and years[lapse] == 2


def test_next_year_carries_every_row_and_clears_the_year(tmp_path):
    before = _sha(FIXTURE)
    new = tmp_path / "2026.xlsm"
    run = _cli("next-year", str(FIXTURE), str(new), "--json")
    assert run.returncode == 0, run.stderr
    assert _sha(FIXTURE) == before
    old, got = carry_io.read(FIXTURE).content, carry_io.read(new).content
    assert got.year == 2026 and got.info[L.L_XA] == old.info[L.L_XA]
    assert got.info[L.L_NGUOI_KY] == old.info[L.L_NGUOI_KY]
    assert all(got.info.get(k) in (None, "") for k in (L.L_SO_BAO_CAO, *L.L_SO_QD.values(), L.L_NGAY))
    result = evaluate_file(FIXTURE)
    recognised = {p.person.row for p in result.people if p.verdict.recognised}
    for key, rows in old.tables.items():
        assert len(got.tables[key]) == len(rows), key
        for a, b in zip(rows, got.tables[key], strict=True):
            for head, value in a.values.items():
                if head.startswith(("Chỉ số", "Tiêu chí")) or head in ("Đạt mức 1", "Đạt mức 2", "Minh chứng"):
                    assert b.values[head] is None, (key, head)
                elif head == "Số năm liên tục đã đạt":
                    expected = (int(value or 0) + 1) if a.row in recognised else 0
                    assert b.values[head] == expected, (a.values["Họ và tên"], value, b.values[head])
                else:
                    assert b.values[head] == value, (key, head)
    assert set(got.report_text) <= {"Nơi nhận"}
    assert got.targets["GIA_DINH"][2026] == 0.75  # the commune's own 2025 value, the nearest year it has


def test_next_year_never_writes_over_a_workbook(tmp_path):
    target = tmp_path / "co-san.xlsm"
    target.write_bytes(b"keep me")
    run = _cli("next-year", str(FIXTURE), str(target))
    assert run.returncode == 2 and "đã có" in run.stderr and target.read_bytes() == b"keep me"
    run = _cli("next-year", str(FIXTURE), str(FIXTURE))
    assert run.returncode == 2


@pytest.mark.parametrize("year", ["2030"])
def test_next_year_to_a_chosen_year(tmp_path, year):
    new = tmp_path / "x.xlsm"
    assert _cli("next-year", str(FIXTURE), str(new), "--nam", year).returncode == 0
    assert carry_io.read(new).content.year == int(year)
