"""split → fill → merge (issue 7): new rows added, changed rows updated, conflicts listed and left
alone, a backup kept, every other input cell exactly as before."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hoctap_xl.formats import carry_files as carry_io
from hoctap_xl.services.carry import write_checked

FIXTURE = Path(__file__).parent / "fixtures" / "mau-1.0_tan-van-2025.xlsm"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr, run.stderr[-800:]
    return run


def _edit(path: Path, change) -> None:
    """An official's edit of a workbook (through our own writer, as Excel would save it)."""
    loaded = carry_io.read(path)
    change(loaded.content.tables)
    write_checked(loaded.content, path, source="sửa tay", overwrite=True)


def _by_name(rows, name):
    return next(r for r in rows if r.values.get("Họ và tên") == name or r.values.get("Họ tên chủ hộ") == name)


@pytest.fixture
def split_up(tmp_path):
    base = tmp_path / "xa.xlsm"
    shutil.copy(FIXTURE, base)
    before = hashlib.sha256(base.read_bytes()).hexdigest()
    run = _cli("split", str(base), "--theo-thon", str(tmp_path / "thon"), "--json")
    assert run.returncode == 0, run.stderr
    assert hashlib.sha256(base.read_bytes()).hexdigest() == before
    parts = {p["thon"]: tmp_path / "thon" / p["tep"] for p in json.loads(run.stdout)["tep"]}
    return base, parts


def test_split_gives_each_thon_only_its_rows_with_the_same_headers(split_up):
    base, parts = split_up
    whole = carry_io.read(base).content
    for thon, path in parts.items():
        part = carry_io.read(path).content
        assert [r.values["Tên thôn/TDP"] for r in part.tables["thon"]] == [thon]
        for model in ("cong_dan", "gia_dinh"):
            mine = [r.values for r in whole.tables[model] if r.values["Thôn/TDP"] == thon]
            assert [r.values for r in part.tables[model]] == mine
        run = _cli("check", str(path))
        assert run.returncode in (0, 1) and "thon-khong-co" not in run.stdout


def test_merge_adds_updates_and_lists_conflicts_without_overwriting(split_up, tmp_path):
    base, parts = split_up
    (a, pa), (b, pb), _, (d, pd) = list(parts.items())[:4]
    whole = carry_io.read(base).content
    people_a = [r for r in whole.tables["cong_dan"] if r.values["Thôn/TDP"] == a]
    changed, conflicted, moved = (people_a[0].values["Họ và tên"], people_a[1].values["Họ và tên"],
                                  people_a[2].values["Họ và tên"])
    base_only = people_a[3].values["Họ và tên"]
    household_d = next(r for r in whole.tables["gia_dinh"] if r.values["Thôn/TDP"] == d).values["Họ tên chủ hộ"]

    original = int(people_a[0].values["Chỉ số 1"])
    mark_a, mark_twin = [m for m in (3, 4, 9) if m != original][:2]

    def fill_a(t):
        _by_name(t["cong_dan"], changed).values["Chỉ số 1"] = mark_a
        _by_name(t["cong_dan"], conflicted).values["Chỉ số 2"] = 4
        _by_name(t["cong_dan"], moved).values["Thôn/TDP"] = b

    def fill_b(t):
        new = dict(t["cong_dan"][0].values)
        new.update({"Họ và tên": "Người Mới Thêm", "Năm sinh": 1990})
        t["cong_dan"].append(type(t["cong_dan"][0])(new, 0))

    def fill_d(t):
        t["gia_dinh"].remove(_by_name(t["gia_dinh"], household_d))

    _edit(pa, fill_a)
    _edit(pb, fill_b)
    _edit(pd, fill_d)
    twin = pa.with_name("ban-sao-cua-thon-a.xlsm")  # the same thôn's file filled twice, differently
    shutil.copy(pa, twin)
    _edit(twin, lambda t: _by_name(t["cong_dan"], changed).values.__setitem__("Chỉ số 1", mark_twin))

    def commune_edits(t):
        _by_name(t["cong_dan"], conflicted).values["Chỉ số 2"] = 6  # the commune fixed it too, differently
        _by_name(t["cong_dan"], base_only).values["Chỉ số 3"] = 7

    _edit(base, commune_edits)
    before = carry_io.read(base).content

    run = _cli("merge", str(pa.parent), "--into", str(base), "--json")
    assert run.returncode == 1, run.stderr  # conflicts are lỗi to look at
    out = json.loads(run.stdout)
    codes = [(f["ma"], f.get("tep")) for f in out["phat_hien"]]
    assert ("chuyen-thon", pa.name) in codes and ("dong-bi-xoa-o-tep-thon", pd.name) in codes
    assert sum(code == "xung-dot-sua" for code, _ in codes) == 2  # twin files; commune vs chi hội
    backup = Path(out["sao_luu"])
    assert backup.exists() and carry_io.read(backup).content.tables == before.tables

    after = carry_io.read(base).content
    people = after.tables["cong_dan"]
    assert _by_name(people, changed).values["Chỉ số 1"] == _by_name(before.tables["cong_dan"], changed).values[
        "Chỉ số 1"]  # two files disagree: left as it was
    assert _by_name(people, conflicted).values["Chỉ số 2"] == 6  # the commune's value stays
    assert _by_name(people, moved).values["Thôn/TDP"] == a  # not moved
    assert _by_name(people, base_only).values["Chỉ số 3"] == 7
    assert _by_name(people, "Người Mới Thêm").values["Thôn/TDP"] == b
    assert any(r.values["Họ tên chủ hộ"] == household_d for r in after.tables["gia_dinh"])
    # nothing else moved: every input cell of every other row as before
    others = [r.values for r in people if r.values["Họ và tên"] != "Người Mới Thêm"]
    assert others == [r.values for r in before.tables["cong_dan"]]
    assert [r.values for r in after.tables["gia_dinh"]] == [r.values for r in before.tables["gia_dinh"]]
    for key in ("thon", "dong_ho", "cong_dong", "don_vi", "cap_xa"):
        assert [r.values for r in after.tables[key]] == [r.values for r in before.tables[key]], key


def test_merge_applies_a_clean_update_and_refuses_a_stranger(split_up, tmp_path):
    base, parts = split_up
    path = next(iter(parts.values()))
    name = next(r for r in carry_io.read(path).content.tables["cong_dan"]).values["Họ và tên"]
    _edit(path, lambda t: _by_name(t["cong_dan"], name).values.__setitem__("Chỉ số 5", 2))
    stranger = path.parent / "khong-phai-tep-tach.xlsm"
    shutil.copy(FIXTURE, stranger)
    run = _cli("merge", str(path.parent), "--into", str(base), "--json")
    out = json.loads(run.stdout)
    assert ("tep-thon-khong-khop", stranger.name) in [(f["ma"], f.get("tep")) for f in out["phat_hien"]]
    assert _by_name(carry_io.read(base).content.tables["cong_dan"], name).values["Chỉ số 5"] == 2
    assert run.returncode == 1
