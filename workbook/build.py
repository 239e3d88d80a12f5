"""Rebuild the ready-made blank workbook shipped in this folder.

    .venv/bin/python workbook/build.py

A commune that does not use the command line copies ``So_hoc_tap_mau.xlsm``, renames it
(``<mã>_<Xa_khong_dau>_<năm>.xlsm``) and fills ``Thông tin chung``. The level above uses
``Tong_hop_cap_tren.xlsm``: a folder cell and the ``Tổng hợp`` button. tests/test_shipped_workbook.py
fails when this file no longer matches the current template.
"""

from __future__ import annotations

from pathlib import Path

from hoctap_xl import layout as L
from hoctap_xl.formats.district_workbook import new_district_workbook
from hoctap_xl.formats.workbook_file import default_info, new_workbook

HERE = Path(__file__).parent
SHIPPED = HERE / "So_hoc_tap_mau.xlsm"
DISTRICT = HERE / "Tong_hop_cap_tren.xlsm"
YEAR = 2026


def main() -> None:
    info = default_info(province="", commune="", year=YEAR, above="")
    info[L.L_CAP_TREN] = ""
    new_workbook(SHIPPED, province="", commune="", year=YEAR, info=info, overwrite=True)
    print(SHIPPED)
    new_district_workbook(DISTRICT)
    print(DISTRICT)


if __name__ == "__main__":
    main()
