"""hoctap-xl: the learning-society workbook of a Vietnamese commune."""

from .layout import TEMPLATE_VERSION

__version__ = "0.1.0"
__all__ = ["TEMPLATE_VERSION", "__version__"]
