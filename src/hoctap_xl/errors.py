"""One exception base class; each subclass also inherits the matching built-in."""

from __future__ import annotations


class HoctapError(Exception):
    """Base of every error the product reports to a person (message in Vietnamese)."""


class WorkbookUnreadable(HoctapError, OSError):
    """The file cannot be read as one of our workbooks (exit 2)."""


class NewerTemplate(WorkbookUnreadable):
    """The workbook was made by a newer version of hoctap-xl (exit 2)."""
