"""Sheets as plain values: grids, cell references, where each table sits (pure)."""
