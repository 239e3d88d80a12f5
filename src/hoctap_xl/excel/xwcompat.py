"""xlwings' decorators when xlwings is installed (the ``excel`` extra), identity functions when
it is not — so the Excel adapters import anywhere and are plain functions in tests."""

from __future__ import annotations

from typing import Any

from hoctap_xl import XLWINGS_VERSION

__all__ = ["XLWINGS_VERSION", "arg", "func", "ret", "sub"]


def _identity(f: Any) -> Any:
    return f


def _identity_factory(*_: Any, **__: Any) -> Any:
    return _identity


func: Any
arg: Any
ret: Any
sub: Any
try:
    import xlwings as xw

    func, arg, ret, sub = xw.func, xw.arg, xw.ret, xw.sub
except ImportError:  # pragma: no cover - exercised only where xlwings is absent
    func, arg, ret, sub = _identity, _identity_factory, _identity_factory, _identity
