"""The commune workbook's buttons, under the module name its VBA and ``xlwings.conf`` name.

The code lives in :mod:`hoctap_xl.excel.buttons`; this module only re-exports it.
"""

from hoctap_xl.excel.buttons import (
    check_workbook,
    compute,
    kiem_tra_cai_dat,
    kiem_tra_du_lieu,
    make_documents,
    new_year,
    publish,
    read_book,
    recalculate,
    sang_nam_moi,
    self_test,
    split_by_thon,
    tach_theo_thon,
    tao_bao_cao,
    tinh_lai,
    write_findings,
    xuat_ban_gui_cap_tren,
)

__all__ = [
    "check_workbook",
    "compute",
    "kiem_tra_cai_dat",
    "kiem_tra_du_lieu",
    "make_documents",
    "new_year",
    "publish",
    "read_book",
    "recalculate",
    "sang_nam_moi",
    "self_test",
    "split_by_thon",
    "tach_theo_thon",
    "tao_bao_cao",
    "tinh_lai",
    "write_findings",
    "xuat_ban_gui_cap_tren",
]
