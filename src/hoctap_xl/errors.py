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

    detail: str = ""
    """Technical text for the developers (a library's own message, a worker's exit code): kept in
    the crash log, never in the message."""


class WorkbookUnreadable(HoctapError, OSError):
    """The file cannot be read as one of our workbooks (exit 2). The message is for a person
    (Vietnamese, naming the file and what to do); ``detail`` keeps the reader's own technical text
    (a library's exception), for developers only: a crash log may show it, a message never does."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        """The person's ``message``; the technical ``detail`` behind it, if any."""
        super().__init__(message)
        self.detail = detail


class NewerTemplate(WorkbookUnreadable):
    """The workbook was made by a newer version of hoctap-xl (exit 2)."""


def is_reader_panic(exc: BaseException) -> bool:
    """Whether ``exc`` is a panic of a reader's Rust code (``pyo3_runtime.PanicException``, a
    ``BaseException``): caught at the reader boundary like an error, unlike Ctrl+C or ``SystemExit``."""
    return any(c.__module__ == "pyo3_runtime" and c.__name__ == "PanicException" for c in type(exc).__mro__)
