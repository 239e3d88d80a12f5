"""The fixes applied to every workbook XlsxWriter writes (commune template and district workbook)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from hoctap_xl.formats.atomic import replacing

CALC_ID = 999999
"""The ``calcId`` of ``<calcPr>`` in ``xl/workbook.xml``: the version of the calculation engine that
last computed the stored values. Excel recalculates every formula on open when this id is lower than
its own engine's (Excel 2010 is 145621, later versions higher; XlsxWriter writes 124519, Excel 2007's),
which would turn the stored results of a PC without the add-in into ``#NAME?``. A value above every
Excel version — 999999, as exceljs and PhpSpreadsheet write — tells Excel the values are current;
it still recomputes whatever depends on a cell the official changes."""

_CALC_ID = re.compile(rb'(<(?:\w+:)?calcPr\b[^>]*?\scalcId=")\d+(")')


def calc_properties(workbook_xml: bytes) -> bytes:
    """``xl/workbook.xml`` with ``calcId`` set to :data:`CALC_ID` and no ``fullCalcOnLoad``."""
    data = workbook_xml.replace(b' fullCalcOnLoad="1"', b"")
    return _CALC_ID.sub(rb"\g<1>" + str(CALC_ID).encode() + rb"\g<2>", data)


def finish(path: Path, *, macro_enabled: bool) -> None:
    """The fixes to what XlsxWriter writes (only these two parts change):

    - an ``.xlsm`` must declare the macro-enabled content type or Excel refuses to open it;
      XlsxWriter only does so when a VBA project is added;
    - XlsxWriter asks Excel to recalculate everything on open (``fullCalcOnLoad``, and ``calcId``
      124519, older than every Excel that opens it); we store the computed values with ``score``
      instead, so a PC without the add-in shows them rather than ``#NAME?`` (the ``Tính lại``
      button recalculates on demand): ``fullCalcOnLoad`` is removed and ``calcId`` is :data:`CALC_ID`.
    """
    plain = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    macro = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    with replacing(path) as tmp, zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml" and macro_enabled:
                data = data.replace(plain, macro)
            elif item.filename == "xl/workbook.xml":
                data = calc_properties(data)
            dst.writestr(item, data)
