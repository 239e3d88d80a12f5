"""The two fixes applied to every workbook XlsxWriter writes (commune template and district workbook)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hoctap_xl.formats.atomic import replacing


def finish(path: Path, *, macro_enabled: bool) -> None:
    """Two fixes to what XlsxWriter writes (only these two parts change):

    - an ``.xlsm`` must declare the macro-enabled content type or Excel refuses to open it;
      XlsxWriter only does so when a VBA project is added;
    - XlsxWriter asks Excel to recalculate everything on open (``fullCalcOnLoad``); we store the
      computed values with ``score`` instead, so a PC without the add-in shows them rather than
      ``#NAME?`` (the ``Tính lại`` button recalculates on demand).
    """
    plain = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    macro = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    with replacing(path) as tmp, zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml" and macro_enabled:
                data = data.replace(plain, macro)
            elif item.filename == "xl/workbook.xml":
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            dst.writestr(item, data)
