"""The district workbook's button, under the module name its VBA and ``xlwings.conf`` name.

The code lives in :mod:`hoctap_xl.excel.district_buttons`; this module only re-exports it.
"""

from hoctap_xl.excel.district_buttons import (
    ask_folder,
    fill,
    summarise,
    tong_hop_cac_xa,
)

__all__ = [
    "ask_folder",
    "fill",
    "summarise",
    "tong_hop_cac_xa",
]
