"""The outside corpus (issue 14): reproductions of what files nobody here wrote did to the product
— readers that panic, abort or allocate without end, wrong extensions, damaged zips, Unicode
lists taken for legacy text — each run as a user would run it (``check``, ``import``,
``import --dong-y``, and ``aggregate`` over a folder mixing them with a valid commune), in a
process of its own capped at 6 GiB of address space. The verdicts are the measurement's
(``tests/corpus/measure_outside.py``, which also prints the table of docs/corpus.md): the exit code
and findings wanted, no traceback or Rust text on the screen, no library text in a message, the
file named once, peak memory under 1 GiB, Unicode texts written exactly as typed."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.corpus import measure_outside as M
from tests.corpus.outside import CASES, build

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("outside-corpus")
    return {case.name: path for case, path in build(folder)}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_outside_file_gives_its_finding_and_nothing_else(case, corpus, tmp_path):
    path = corpus[case.name]
    before = _digest(path)
    runs = [M._check(case, path, sys.executable, SRC)]
    if case.import_exit is not None:
        runs += M._import(case, path, sys.executable, SRC, tmp_path)
    assert _digest(path) == before, "the input file was changed"
    for ran in runs:
        assert not ran.problems, f"{ran.command}: {'; '.join(ran.problems)}\n{ran.stderr[-2000:]}"


def test_a_folder_of_every_unreadable_file_still_counts_the_valid_commune(corpus, tmp_path):
    built = [(case, corpus[case.name]) for case in CASES]
    ran = M._aggregate(next(iter(corpus.values())).parent, built, sys.executable, SRC, tmp_path)
    assert not ran.problems, "; ".join(ran.problems) + "\n" + ran.stderr[-2000:]
    data = ran.data
    assert [x["trang_thai"] for x in data["xa"]] == ["tính"] or len(data["xa"]) == 1
    listed = {x["tep"] for x in data["tep_loi"]}
    skipped = set(data["tep_bo_qua"])
    unreadable = {corpus[c.name].name for c in CASES if c.exit == 2}
    # every unreadable file is listed with its reason; only a real text file named .csv is skipped
    assert listed | skipped == unreadable and not listed & skipped
    assert skipped == {corpus[c.name].name for c in CASES if c.exit == 2 and c.suffix == ".csv"
                       and not corpus[c.name].read_bytes().startswith((b"PK", b"\xd0\xcf"))}
    assert all(x["ly_do"] for x in data["tep_loi"])


def test_a_commune_workbook_named_csv_is_read_at_the_level_above_not_skipped(corpus, tmp_path):
    from hoctap_xl.level_above.files import COUNTED
    from hoctap_xl.services.aggregate import aggregate

    folder = tmp_path / "gui-len"
    folder.mkdir()
    (folder / "xa-gui.csv").write_bytes(corpus["xls-doi-ten-csv"].read_bytes())
    (folder / "ghi-chu.csv").write_text("mã;tên\n06166;Tân Văn\n", encoding="utf-8")
    agg = aggregate(folder, workers=1)
    assert [f.file for f in agg.files] == ["xa-gui.csv"] and agg.files[0].status == COUNTED
    assert "sai-duoi-tep" in {x.code for x in agg.files[0].findings}
    assert agg.skipped == ["ghi-chu.csv"]


EVERY_COMMAND = {
    "results": lambda f, out: ["results", str(f), "--json"],
    "score": lambda f, out: ["score", str(f), "--out", str(out / f"ghi{f.suffix}")],
    "report": lambda f, out: ["report", str(f), "--out", str(out / "van-ban")],
    "next-year": lambda f, out: ["next-year", str(f), str(out / "nam-sau.xlsm")],
    "upgrade": lambda f, out: ["upgrade", str(f), str(out / "mau-moi.xlsm")],
    "split": lambda f, out: ["split", str(f), "--theo-thon", str(out / "thon")],
}
SAMPLE = ["xls-cat-trong-thu-muc", "xlsb-thieu-quan-he", "xls-luong-ngan-khong-mini", "csv-doi-ten-xlsx",
          "xlsm-sai-crc", "co-mat-khau"]


@pytest.mark.parametrize("command", sorted(EVERY_COMMAND))
def test_every_command_refuses_an_unreadable_file_in_vietnamese(command, corpus, tmp_path):
    """Not only check/import/aggregate: every command that reads a workbook, on files whose reader
    panics or which are not what their name says — exit 2, a message naming the file, no traceback,
    no Rust or library text, and nothing written."""
    for name in SAMPLE:
        path = corpus[name]
        before = _digest(path)
        out = tmp_path / name
        out.mkdir()
        rc, _, peak, stdout, stderr = M.run(EVERY_COMMAND[command](path, out), python=sys.executable, src=SRC,
                                            cwd=tmp_path)
        assert rc == 2, (name, rc, stderr)
        said = [line for line in stderr.splitlines() if line.startswith("Lỗi")]
        assert said and path.name in said[0], (name, stderr)
        assert not M.LIBRARY_TEXT.search(stderr + stdout), (name, stderr)
        assert "panicked" not in stderr and peak < M.LIMIT_MIB
        assert _digest(path) == before
        assert not any(out.rglob("*.xls*")) and not any(out.rglob("*.docx")), name


def test_a_real_reader_panic_is_caught_and_its_rust_text_kept_for_the_developers(corpus, tmp_path):
    """The .xlsb whose sheet names a missing relationship reaches python-calamine's panic
    (xlsb/mod.rs:312): the user reads a Vietnamese reason, the crash log keeps the Rust text."""
    rc, _, _, _, err = M.run(["check", str(corpus["xlsb-thieu-quan-he"])], python=sys.executable, src=SRC,
                               cwd=tmp_path)
    assert rc == 2 and "lỗi nội bộ" in err and "panicked" not in err and "mod.rs" not in err.split("(Chi tiết")[0]
    log = Path(err.split("nhóm phát triển: ")[1].split(".txt")[0] + ".txt")
    assert "PanicException" in log.read_text(encoding="utf-8") and "no entry found for key" in log.read_text(
        encoding="utf-8")
    log.unlink()


def test_merge_lists_every_returned_file_it_cannot_read(corpus, tmp_path):
    base = tmp_path / "so.xlsm"
    shutil.copy(next(iter(corpus.values())).parent / M.BASE, base)
    back = tmp_path / "ve"
    back.mkdir()
    names = ["xls-cat-trong-thu-muc", "xlsb-thieu-quan-he", "xlsm-sai-crc", "co-mat-khau", "csv-doi-ten-xlsx"]
    for name in names:
        shutil.copy(corpus[name], back / corpus[name].name)
    rc, _, _, out, err = M.run(["merge", "--into", str(base), str(back), "--json"], python=sys.executable, src=SRC,
                               cwd=tmp_path)
    assert rc == 1, err
    found = json.loads(out.strip().splitlines()[-1])["phat_hien"]
    listed = {f["tep"] for f in found if f["ma"] == "tep-khong-doc-duoc"}
    assert listed == {corpus[n].name for n in names}
    assert not M.LIBRARY_TEXT.search(out + err)
