"""upgrade (issue 7): a workbook of every earlier template version (frozen fixtures in
tests/fixtures/) becomes the current version with all its data — every input cell compared —
and whatever the template has no place for is listed."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from hoctap_xl import layout as L
from hoctap_xl.formats import carry_files as carry_io
from hoctap_xl.formats.xlsx_read import load

FIXTURES = Path(__file__).parent / "fixtures"
EARLIER = sorted(FIXTURES.glob("mau-*.xlsm"))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", *args], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr, run.stderr[-800:]
    return run


def test_there_is_a_fixture_of_every_earlier_template_version():
    versions = {p.name.split("_")[0].removeprefix("mau-") for p in EARLIER}
    assert L.TEMPLATE_VERSION in L.TEMPLATE_HISTORY
    assert versions == set(L.TEMPLATE_HISTORY) - {L.TEMPLATE_VERSION}
    for path in EARLIER:
        assert load(path).meta["template_version"] == path.name.split("_")[0].removeprefix("mau-")


@pytest.mark.parametrize("old", EARLIER, ids=[p.name for p in EARLIER])
def test_upgrade_keeps_every_cell(tmp_path, old):
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    new = tmp_path / "moi.xlsm"
    run = _cli("upgrade", str(old), str(new), "--json")
    assert run.returncode == 0, run.stderr
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before
    a, b = carry_io.read(old).content, carry_io.read(new).content
    for key, rows in a.tables.items():
        assert [r.values for r in rows] == [r.values for r in b.tables[key]], key
    assert a.info == b.info and a.report_text == b.report_text and a.targets == b.targets
    assert a.rules.digest() == b.rules.digest()
    meta = load(new).meta
    assert meta["template_version"] == L.TEMPLATE_VERSION and old.name in meta["tao_tu"]
    assert carry_io.read(new).findings == [] or all(f.code != "ban-mau-cu" for f in carry_io.read(new).findings)


def test_what_cannot_be_carried_is_listed(tmp_path):
    old = tmp_path / "cu.xlsm"
    shutil.copy(EARLIER[0], old)
    wb = openpyxl.load_workbook(old, keep_vba=True)
    wb.create_sheet("Ghi chép riêng")["A1"] = "danh sách khen thưởng"
    ws = wb[L.CONG_DAN]
    col = ws.max_column + 2
    ws.cell(L.HEADER_ROW, col, "Ghi chú")
    ws.cell(L.HEADER_ROW + 1, col, "chuyển đi tháng 9")
    wb.save(old)
    run = _cli("upgrade", str(old), str(tmp_path / "moi.xlsm"), "--json")
    assert run.returncode == 0, run.stderr
    found = {(f["ma"], f["sheet"]) for f in json.loads(run.stdout)["phat_hien"]}
    assert ("khong-chep-duoc", "Ghi chép riêng") in found and ("khong-chep-duoc", L.CONG_DAN) in found


def test_upgrade_unicode_writes_legacy_text_as_unicode(tmp_path):
    from hoctap_xl.text import legacy

    old = tmp_path / "vnTime.xlsm"
    shutil.copy(EARLIER[0], old)
    clean = carry_io.read(old).content
    wb = openpyxl.load_workbook(old, keep_vba=True)
    for sheet in (L.THON, L.CONG_DAN):
        for row in wb[sheet].iter_rows(min_row=L.HEADER_ROW + 1):
            for c in row:
                if c.data_type == "s" and isinstance(c.value, str) and c.value not in (L.YES, L.NO, "Nam", "Nữ"):
                    c.value = legacy.to_tcvn3(c.value)
    wb.save(old)
    kept = _cli("upgrade", str(old), str(tmp_path / "giu.xlsm"), "--json")
    assert kept.returncode == 0
    assert carry_io.read(tmp_path / "giu.xlsm").content.tables["cong_dan"][0].values["Họ và tên"] == legacy.to_tcvn3(
        clean.tables["cong_dan"][0].values["Họ và tên"])  # without --unicode: exactly as typed
    run = _cli("upgrade", str(old), str(tmp_path / "moi.xlsm"), "--unicode", "--json")
    assert run.returncode == 0, run.stderr
    assert {(f["ma"], f["sheet"]) for f in json.loads(run.stdout)["phat_hien"]} >= {
        ("bang-ma-cu", L.THON), ("bang-ma-cu", L.CONG_DAN)}
    new = carry_io.read(tmp_path / "moi.xlsm").content
    for key in ("thon", "cong_dan"):
        assert [r.values for r in new.tables[key]] == [r.values for r in clean.tables[key]], key
