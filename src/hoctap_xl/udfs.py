"""The Excel functions, under the module name every workbook's ``xlwings.conf`` names (``UDF Modules``).

The code lives in :mod:`hoctap_xl.excel.udfs`; this module only re-exports it.
"""

from hoctap_xl.excel.udfs import (
    HT_CAP_XA,
    HT_CHENH_LECH,
    HT_CHI_TIEU,
    HT_CONG_DAN,
    HT_CONG_DONG,
    HT_DAT_CHI_TIEU,
    HT_DON_VI,
    HT_DONG_HO,
    HT_GIA_DINH,
    HT_THEO_THON,
    HT_TY_LE,
)

__all__ = [
    "HT_CAP_XA",
    "HT_CHENH_LECH",
    "HT_CHI_TIEU",
    "HT_CONG_DAN",
    "HT_CONG_DONG",
    "HT_DAT_CHI_TIEU",
    "HT_DONG_HO",
    "HT_DON_VI",
    "HT_GIA_DINH",
    "HT_THEO_THON",
    "HT_TY_LE",
]
