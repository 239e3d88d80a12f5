"""The commune workbook template, written from scratch with XlsxWriter.

Every sheet name, label, header and formula comes from :mod:`hoctap_xl.layout`. Where each
table, header row and result block sits is computed once in :mod:`hoctap_xl.sheets.geometry`
and used here *and* by :func:`~hoctap_xl.sheets.geometry.result_blocks`, which the ``score``
command and the golden tests rely on.

Text is always written as text: a name starting with ``=``, ``+``, ``-`` or ``@`` never
becomes a formula. Result columns hold one legacy array formula per table (Excel 2010-365).

The modules: :mod:`.builder` (the workbook and its formats), :mod:`.tables` (the input-table
sheets), :mod:`.sheets` (every other sheet), :mod:`.texts` (the words written besides the
contract's names), :mod:`.finish` (the zip post-processing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hoctap_xl import __version__
from hoctap_xl import layout as L
from hoctap_xl.formats.template import sheets
from hoctap_xl.formats.template.builder import Builder
from hoctap_xl.formats.template.finish import finish
from hoctap_xl.formats.template.tables import table_sheet
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.cells import index_to_col
from hoctap_xl.sheets.geometry import (
    CHI_TIEU_SPARE_YEARS,
    INFO_NAME_LAST_ROW,
    RULES_HEADER_ROW,
    TableGeometry,
    geometry,
)

__all__ = ["build_workbook"]


def _check_arguments(path: Path, tables: Mapping[str, Any], vba_project: Path | None) -> None:
    if vba_project is not None and path.suffix.lower() != ".xlsm":
        raise ValueError(f"Sổ có macro phải có đuôi .xlsm: {path.name}")
    unknown = set(tables) - (set(L.TABLES) - {"chi_tieu"})
    if unknown:
        raise ValueError(f"Không có bảng {', '.join(sorted(unknown))}.")


def _properties(b: Builder, info: Mapping[str, Any], vba_project: Path | None) -> None:
    xa, nam = info.get(L.L_XA) or "", info.get(L.L_NAM) or ""
    b.wb.set_properties({"title": f"Sổ xây dựng xã hội học tập {xa} {nam}".strip(), "author": "hoctap-xl",
                         "subject": "Xây dựng xã hội học tập cấp xã", "company": str(xa),
                         "comments": f"hoctap-xl {__version__}, mẫu {L.TEMPLATE_VERSION}, "
                                     f"bộ tiêu chí {b.rules.label}"})
    b.wb.set_vba_name("ThisWorkbook")
    if vba_project is not None:
        b.wb.add_vba_project(str(vba_project))


def _define_names(b: Builder, geo: Mapping[str, TableGeometry], n_years: int, n_rules: int) -> None:
    """The workbook-level names the result formulas take as arguments (each table with its header)."""
    wb = b.wb
    for key, g in geo.items():
        wb.define_name(L.TABLES[key].name, f"='{g.sheet}'!{g.input_range}")
    last_col = index_to_col(2 + n_years + CHI_TIEU_SPARE_YEARS)
    wb.define_name(L.TABLES["chi_tieu"].name,
                   f"='{L.CHI_TIEU}'!$A${L.HEADER_ROW}:${last_col}${L.HEADER_ROW + len(L.SHARE_CODES)}")
    wb.define_name(L.INFO_NAME, f"='{L.THONG_TIN}'!$A$1:$B${INFO_NAME_LAST_ROW}")
    wb.define_name(L.RULES_NAME, f"='{L.BO_TIEU_CHI}'!$A${RULES_HEADER_ROW}:$C${RULES_HEADER_ROW + n_rules}")


def build_workbook(path: Path, info: Mapping[str, Any], rules: RuleSet,
                   targets: Mapping[str, Mapping[int, float | None]], *, target_note: str = "",
                   target_notes: Mapping[str, str] | None = None, preset: str = "",
                   tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                   vba_project: Path | None = None, report_text: Mapping[str, str] | None = None,
                   meta: Mapping[str, str] | None = None) -> None:
    """Write a commune workbook: every sheet of :data:`layout.VISIBLE_SHEETS`, then ``_meta`` and ``xlwings.conf``.

    ``info``: ``Thông tin chung`` label → value. ``targets``: share code → {year: fraction}.
    ``tables``: table key → rows as {input header: value}. With ``vba_project`` the file must be
    an ``.xlsm``; without, an ``.xlsm`` is still declared macro-enabled so Excel opens it.
    ``report_text``: ``Nội dung báo cáo`` section → text; ``meta``: extra ``_meta`` keys (where
    a workbook came from: next year, a split, an upgrade).
    """
    path = Path(path)
    tables = tables or {}
    _check_arguments(path, tables, vba_project)
    b = Builder(path, rules)
    _properties(b, info, vba_project)
    geo = geometry(rules)

    sheets.guide_sheet(b, with_buttons=vba_project is not None)
    sheets.info_sheet(b, info)
    for key, g in geo.items():
        rows = list(tables.get(key, ()))
        if key == "cap_xa" and not rows:
            rows = [{"Mã": c.ma, "Chỉ tiêu": c.noi_dung} for c in rules.cap_xa.chi_tieu]
        table_sheet(b, g, geo, rows, info.get(L.L_NAM))
    n_years = sheets.targets_sheet(b, targets, target_note, target_notes or {})
    sheets.tong_hop_sheet(b, info)
    n_rules = sheets.rules_sheet(b)
    sheets.report_text_sheet(b, report_text)
    sheets.meta_sheet(b, info, preset, meta)
    sheets.xlwings_conf(b)

    _define_names(b, geo, n_years, n_rules)
    b.wb.close()
    finish(path, macro_enabled=path.suffix.lower() == ".xlsm" and vba_project is None)
