"""A workbook's content carried on: next year, the thôn split and merge, list import, upgrade (pure)."""
