"""Session-wide: Microsoft's Open XML SDK validator, found or built once (``ooxml_validator``), and
the tests marked ``last`` (tests/test_zz_ooxml.py, which validates every file the session wrote)
moved to the end of the run whatever the order of the files given."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import ooxml

REPORT = pytest.StashKey[list[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "last: runs after every other test (it judges what they wrote)")
    config.stash[REPORT] = []


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    last = [item for item in items if item.get_closest_marker("last")]
    if last:
        items[:] = [item for item in items if not item.get_closest_marker("last")] + last


@pytest.fixture(scope="session")
def ooxml_validator() -> Path:
    """The ``ooxml-validate`` command, built if it is not yet (once; minutes). Skips where
    ``../shared`` is absent (a user's clone); where it is present but cannot be built, fails in CI
    (``CI`` set) and skips elsewhere, saying why."""
    command = ooxml.tool()
    if command is None:
        pytest.skip("../shared/tools/ooxml-validate is not beside this checkout: files are not validated "
                    "with Microsoft's Open XML SDK here")
    try:
        ooxml.build(command)
    except (RuntimeError, OSError) as e:
        if os.environ.get("CI"):
            pytest.fail(f"the Open XML SDK validator is present but could not be built: {e}")
        pytest.skip(f"the Open XML SDK validator could not be built here: {e}")
    return command


@pytest.fixture(scope="session")
def ooxml_report(pytestconfig: pytest.Config) -> list[str]:
    """Lines shown at the end of the run, under "Open XML SDK validator" (what is reported, not failed)."""
    return pytestconfig.stash[REPORT]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    lines = config.stash.get(REPORT, [])
    if lines:
        terminalreporter.section("Open XML SDK validator")
        for line in lines:
            terminalreporter.write_line(line)
