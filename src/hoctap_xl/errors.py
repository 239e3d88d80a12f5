"""One exception base class (each subclass also inherits the matching built-in), and the exit codes."""

from __future__ import annotations

EXIT_OK = 0
"""The command did its work and the data has no ``lỗi``."""
EXIT_FINDINGS = 1
"""The work was done, but the data has ``lỗi`` (or, for ``report``, documents were refused because of them)."""
EXIT_FAIL = 2
"""The command could not run: unreadable file, not one of our workbooks, bad arguments, unwritable output."""


class HoctapError(Exception):
    """Base of every error the product reports to a person (message in Vietnamese)."""


class WorkbookUnreadable(HoctapError, OSError):
    """The file cannot be read as one of our workbooks (exit 2)."""


class NewerTemplate(WorkbookUnreadable):
    """The workbook was made by a newer version of hoctap-xl (exit 2)."""
