"""Workbook files: create a commune's workbook, and store computed values in one (``score``).

This is an edge module: it joins the core (:mod:`hoctap_xl.commune.evaluate`) with the template builder
(XlsxWriter) and the zip patcher. Every write is atomic (a temporary file, then a rename).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hoctap_xl import XLWINGS_VERSION
from hoctap_xl import layout as L
from hoctap_xl.commune import blocks
from hoctap_xl.commune.evaluate import evaluate_workbook
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.errors import HoctapError
from hoctap_xl.formats import real_format as rf
from hoctap_xl.formats.atomic import replacing, temp_beside
from hoctap_xl.formats.file_guards import sniff
from hoctap_xl.formats.sheet_xml import formula_blocks
from hoctap_xl.formats.xlsx_patch import PatchReport, write_cached_values
from hoctap_xl.formats.xlsx_read import load
from hoctap_xl.rules import ruleset as R
from hoctap_xl.rules import targets as T
from hoctap_xl.sheets.cells import bounds, index_to_col
from hoctap_xl.sheets.native import block_key


class OutputError(HoctapError, OSError):
    """An output that cannot or must not be written (exit 2)."""


def default_info(*, province: str, commune: str, year: int, above: str | None = None, code: str = "",
                 difficult: bool = False) -> dict[str, Any]:
    """``Thông tin chung`` of a new workbook; the official completes signer and numbers."""
    level_above = above or (province if province.lower().startswith(("thành phố", "tp"))
                            else f"Ủy ban nhân dân tỉnh {province}")
    return {
        L.L_TINH: province, L.L_CAP_TREN: level_above, L.L_XA: commune, L.L_MA: code, L.L_NAM: year,
        L.L_VUNG_KK: L.YES if difficult else L.NO, L.L_NGUOI_KY: "", L.L_CHUC_VU: "CHỦ TỊCH",
        L.L_THAM_QUYEN: "TM. ỦY BAN NHÂN DÂN", L.L_SO_BAO_CAO: "", **dict.fromkeys(L.L_SO_QD.values(), ""),
        L.L_NGAY: None,
    }


def check_output(out: Path, overwrite: bool = False) -> None:
    """A workbook may be written at ``out``: the right suffix, its folder exists, and no file is
    there unless the caller means to replace it."""
    if out.suffix.lower() not in (".xlsm", ".xlsx"):
        raise OutputError(f"Tên sổ phải có đuôi .xlsm (hoặc .xlsx): {out}")
    if out.exists() and not overwrite:
        raise OutputError(f"Tệp {out} đã có; chọn tên khác để không ghi đè dữ liệu.")
    if not out.parent.exists():
        raise OutputError(f"Không có thư mục {out.parent}.")


def new_workbook(out: Path, *, province: str, commune: str, year: int, above: str | None = None, code: str = "",
                 preset: str = "quoc-gia", rules_file: str | None = None, difficult: bool = False,
                 info: Mapping[str, Any] | None = None,
                 tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                 overwrite: bool = False) -> Path:
    """Build a commune workbook (blank, or with ``tables`` rows) with computed cached values."""
    from hoctap_xl.formats.template import build_workbook

    check_output(out, overwrite)
    if not 1990 <= year <= 2100:
        raise OutputError(f"Năm đánh giá {year} không hợp lệ.")
    ruleset = R.load_file(rules_file) if rules_file else R.default()
    commune_targets = T.for_commune(preset, year, difficult)
    values = dict(info) if info is not None else default_info(
        province=province, commune=commune, year=year, above=above, code=code, difficult=difficult)
    def build(tmp: Path, vba: Path | None) -> None:
        build_workbook(tmp, values, ruleset, commune_targets.values, target_note=commune_targets.source,
                       vba_project=vba, target_notes=commune_targets.notes, preset=preset, tables=tables)
        score_file(tmp, tmp)

    return build_with_vba(out, build)


def build_with_vba(out: Path, build: Callable[[Path, Path | None], None]) -> Path:
    """Run ``build(tmp, vba_project)`` into a temporary file beside ``out`` (with xlwings' VBA
    project for an ``.xlsm`` when the pinned xlwings is present), then move it into place; the
    temporary files are removed whatever happens."""
    vba = None
    try:
        with replacing(out) as tmp:
            vba = xlwings_vba_project(out.parent) if out.suffix.lower() == ".xlsm" else None
            build(tmp, vba)
    finally:
        if vba is not None:
            vba.unlink(missing_ok=True)
    return out


def _vba_source() -> tuple[Path | None, str]:
    """The pinned xlwings' ``quickstart_standalone.xlsm``, or None and why not (Vietnamese)."""
    try:
        import xlwings
    except ImportError:
        return None, "máy này chưa cài xlwings (phần \u201cexcel\u201d của hoctap-xl)"
    if xlwings.__version__ != XLWINGS_VERSION:
        return None, f"máy này có xlwings {xlwings.__version__}, không phải bản {XLWINGS_VERSION} hoctap-xl cần"
    source = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    if not source.exists():
        return None, f"gói xlwings {xlwings.__version__} trên máy này thiếu tệp quickstart_standalone.xlsm"
    return source, ""


def buttons_notice(out: Path) -> str | None:
    """What to tell the person when ``out`` (an ``.xlsm``) is written without xlwings' VBA project,
    hence without buttons (Vietnamese); None when the buttons are there or not expected (``.xlsx``)."""
    if out.suffix.lower() != ".xlsm":
        return None
    source, why = _vba_source()
    if source is not None:
        return None
    return (f"Lưu ý: {why}, nên sổ {out.name} không có macro và nút bấm (Kích hoạt, Kiểm tra dữ liệu, "
            "Tạo báo cáo, Xuất bản gửi cấp trên…). Sổ vẫn nhập liệu được, kết quả vẫn tự tính bằng công thức "
            "thường và các danh sách chọn vẫn dùng được. Muốn có nút bấm: cài "
            f"pip install \"hoctap-xl[excel]\" (xlwings {XLWINGS_VERSION}) rồi tạo lại sổ.")


def xlwings_vba_project(folder: Path) -> Path | None:
    """xlwings' standalone VBA project (``RunPython``, ``ImportPythonUDFs``…), taken at build time
    from the pinned xlwings package's ``quickstart_standalone.xlsm`` — a dependency, not a copy in
    this repository. None when xlwings (the ``excel`` extra) is not installed or not the pinned
    version: the workbook is then built without VBA and buttons, still fully usable for data
    (:func:`buttons_notice` says so)."""
    source, _ = _vba_source()
    if source is None:
        return None
    with zipfile.ZipFile(source) as z:
        project = z.read("xl/vbaProject.bin")
    tmp = temp_beside(folder / "vba.bin")
    tmp.write_bytes(project)
    return tmp


@dataclass(frozen=True)
class ComputedBlock:
    """The recomputed values of one HT_ formula block of a file: ``block[r][c]`` belongs at
    worksheet row ``first_row + r``, column ``first_col + c`` (1-based)."""

    sheet: str
    ref: str
    first_row: int
    first_col: int
    n_rows: int
    n_cols: int
    block: blocks.Block

    def value(self, r: int, c: int) -> Any:
        """The value at block row ``r``, column ``c`` (0-based); ``""`` beyond what was computed."""
        row = self.block[r] if r < len(self.block) else []
        return row[c] if c < len(row) else ""


def computed_blocks(result: CommuneResult, path: Path) -> list[ComputedBlock]:
    """Every HT_ formula block found in the file (wherever it sits now) with its values."""
    out = []
    for fb in formula_blocks(path):
        key = block_key(fb.formula)
        if key is None:
            continue
        r0, c0, r1, c1 = bounds(fb.ref)
        n_rows = r1 - r0 + 1
        if key == "cap_xa":
            block: blocks.Block = [[blocks.level_text(result.level)]]
        elif key == "ty_le":
            block = blocks.share_block(result)
        elif key == "theo_thon":
            block = blocks.thon_block(result, n_rows)
        else:
            block = blocks.table_block(result, key, r0, n_rows)
        out.append(ComputedBlock(fb.sheet, fb.ref, r0, c0, n_rows, c1 - c0 + 1, block))
    return out


def computed_values(result: CommuneResult, path: Path) -> dict[str, dict[str, Any]]:
    """Cell → value for every HT_ formula block found in the file (what ``score`` stores)."""
    values: dict[str, dict[str, Any]] = {}
    for cb in computed_blocks(result, path):
        cells = values.setdefault(cb.sheet, {})
        cols = [index_to_col(cb.first_col + c) for c in range(cb.n_cols)]
        for r in range(cb.n_rows):
            for c, col in enumerate(cols):
                cells[f"{col}{cb.first_row + r}"] = cb.value(r, c)
    return values


def score_file(src: Path, dst: Path) -> tuple[CommuneResult, PatchReport]:
    """Recompute ``src`` and store the values as the cached values of its result formulas."""
    real = sniff(src)
    if real not in (rf.XLSX, rf.XLSM) or src.suffix.lower() not in (rf.XLSX, rf.XLSM):
        named = "" if src.suffix.lower() == real else f" (dù tên có đuôi {src.suffix or 'trống'})"
        raise OutputError(f"Sổ {src.name} là {rf.LABEL.get(real, real)}{named}: không ghi kết quả vào được. Hãy mở "
                          "bằng Excel, lưu lại dạng .xlsm rồi chạy lại.")
    if dst.exists() and dst.is_dir():
        raise OutputError(f"{dst} là thư mục, không phải tệp.")
    if dst.resolve() != src.resolve() and dst.suffix.lower() != src.suffix.lower():
        raise OutputError(f"Tệp ra {dst.name} phải cùng đuôi {src.suffix} với sổ gốc.")
    data = load(src)
    result = evaluate_workbook(data)
    report = write_cached_values(src, dst, computed_values(result, src))
    return result, report

