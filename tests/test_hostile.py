"""Hostile files are refused before any reader unpacks them, with a message naming the file;
nothing in them is executed (issue 6, first part)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hoctap_xl.errors import HoctapError
from hoctap_xl.formats.file_guards import MAX_PART
from hoctap_xl.formats.workbook_file import new_workbook
from hoctap_xl.formats.xlsx_read import load
from hoctap_xl.level_above.files import NOT_READ
from hoctap_xl.services.aggregate import aggregate


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tot") / "06166.xlsm"
    new_workbook(path, province="Lạng Sơn", commune="Tân Văn", year=2025, code="06166")
    return path


def _rewrite(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            data = change(item.filename, a.read(item))
            if data is not None:
                b.writestr(item, data)
    return dst


def zip_bomb(path: Path) -> Path:
    """A ~0.2 MB file that unpacks to 250 MB of zeros in one part."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1 << 20)
            for _ in range(MAX_PART // (1 << 20) + 50):
                part.write(block)
    return path


def entity_bomb(good: Path, path: Path) -> Path:
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                      for i in range(1, 10))
           + b"]><sst>&lol9;</sst>")
    return _rewrite(good, path, lambda n, d: lol if n == "xl/sharedStrings.xml" else d)


def external_entity(good: Path, path: Path) -> Path:
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "http://169.254.169.254/latest/meta-data/">]>'
           b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           b"<si><t>&e;</t></si></sst>")
    return _rewrite(good, path, lambda n, d: xxe if n == "xl/sharedStrings.xml" else d)


def absurd_strings(good: Path, path: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name == "xl/sharedStrings.xml":
            return data.replace(b'uniqueCount="', b'uniqueCount="2000000000', 1)
        return data
    return _rewrite(good, path, change)


@pytest.mark.parametrize("make, why", [
    (lambda g, p: zip_bomb(p), "giải nén"),
    (entity_bomb, "DOCTYPE"),
    (external_entity, "DOCTYPE"),
    (absurd_strings, "chuỗi"),
])
def test_hostile_workbooks_are_refused_quickly_with_a_message(good, tmp_path, make, why):
    path = make(good, tmp_path / "xa.xlsx")
    with pytest.raises(HoctapError) as err:
        load(path, time_limit=60)  # refused by the size/entity guards, long before the time limit
    assert "xa.xlsx" in str(err.value) and why in str(err.value)
    run = subprocess.run([sys.executable, "-m", "hoctap_xl.cli", "check", str(path)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2 and "xa.xlsx" in run.stderr and "Traceback" not in run.stderr


def test_the_level_above_lists_a_hostile_file_and_goes_on(good, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "06166.xlsm").write_bytes(good.read_bytes())
    zip_bomb(folder / "bom.xlsx")
    agg = aggregate(folder, workers=1)
    status = {f.file: f.status for f in agg.files}
    assert status["bom.xlsx"] == NOT_READ and status["06166.xlsm"] != NOT_READ


def test_reading_stops_at_the_time_limit_with_a_message_and_the_file_unchanged(good, tmp_path):
    path = tmp_path / "cham.xlsm"
    path.write_bytes(good.read_bytes())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(HoctapError) as err:
        load(path, time_limit=0)
    assert "cham.xlsm" in str(err.value) and "quá 0 giây" in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    load(path)  # the default limit reads it
