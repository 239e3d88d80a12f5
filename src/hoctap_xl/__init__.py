"""hoctap-xl: the learning-society workbook of a Vietnamese commune."""

from hoctap_xl.layout import TEMPLATE_VERSION

__version__ = "0.1.0"
XLWINGS_VERSION = "0.37.8"
"""The pinned xlwings: the workbook's VBA (xlwings' standalone module, embedded at build time)
loads ``xlwings64-<version>.dll``, so the PC's Python package must be this exact version. Kept
here, not in :mod:`xwcompat`, so that reading it does not import xlwings (a 2-second import)."""
__all__ = ["TEMPLATE_VERSION", "XLWINGS_VERSION", "__version__"]
