"""xlwings' own UDF machinery on Linux: the ``HT_`` functions called the way ``xlwings.udfs.call_udf``
calls them in Excel, so ``@arg``/``@ret`` and xlwings' conversion are tested as xlwings applies them.

On Windows, Excel's VBA wrapper (``macros/hoctap_udfs.bas``) calls ``XLPy.CallUDF``, which runs
``xlwings.udfs.call_udf``: every argument goes through ``xlwings.conversion.read`` with the options
``@arg`` recorded in the function's ``__xlfunc__``, and the result through ``xlwings.conversion.write``
with the ``@ret`` options. Here the same happens with xlwings' real code:

- ``macros/generate_wrappers.py`` puts stand-ins for the Windows-only modules (``pythoncom``,
  ``win32com``…) and xlwings' real decorators (``xlfunc``/``xlarg``/``xlret``) in place; the package's
  UDF module is imported afresh under them, so its functions carry xlwings' metadata;
- xlwings' Windows engine (``xlwings._xlwindows``, whose ``clean_value_data`` turns COM values into
  Python ones: blanks to None, COM error codes to None, …) is imported with ``ctypes.windll``/``oledll``
  stood in (nothing of them is called) and registered as the ``excel`` engine, which
  ``conversion.read(None, …)`` uses for UDF arguments;
- argument values are given as COM hands them to ``call_udf`` for a range: a tuple of row tuples,
  numbers as floats, blanks as None, errors as COM error codes.

Only the synchronous, non-dynamic-array path of ``call_udf`` is used (ours); the COM server, the
caller range and xlwings' Office.js/server path (another licence) are not involved. Everything is
put back on leaving :func:`xlwings_udfs`.
"""

from __future__ import annotations

import atexit
import ctypes
import importlib
import importlib.util
import sys
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
MISSING = -2147352572
"""What COM passes for an optional argument left out (``DISP_E_PARAMNOTFOUND``)."""
OURS = ("hoctap_xl.udfs", "hoctap_xl.excel.udfs", "hoctap_xl.excel.xwcompat")
PACKAGE_ATTRS = (("hoctap_xl", "udfs"), ("hoctap_xl.excel", "udfs"), ("hoctap_xl.excel", "xwcompat"))


def _generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("generate_wrappers", ROOT / "macros" / "generate_wrappers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class UdfCaller:
    """The package's UDF module as xlwings decorated it, and ``call_udf``'s conversion around a call."""

    def __init__(self, module: types.ModuleType, errors: dict[int, str]) -> None:
        self.module = module
        self.com_error = {text: code for code, text in errors.items()}

    def info(self, name: str) -> dict[str, Any]:
        """The function's ``__xlfunc__`` metadata, as xlwings' decorators wrote it."""
        return getattr(self.module, name).__xlfunc__  # type: ignore[no-any-return]

    def call(self, name: str, *values: Any) -> Any:
        """``name(*values)`` as ``xlwings.udfs.call_udf`` runs it (values as COM gives them)."""
        from xlwings import conversion

        func = getattr(self.module, name)
        info = func.__xlfunc__
        assert not info["async_mode"] and not info["ret"]["options"].get("expand")
        args_info = info["args"]
        args = list(values)
        for i, value in enumerate(args):
            arg_info = args_info[min(i, len(args_info) - 1)]
            if isinstance(value, int) and value == MISSING:
                args[i] = arg_info.get("optional", None)
            else:
                args[i] = conversion.read(None, value, arg_info["options"])
        return conversion.write(func(*args), None, info["ret"]["options"])

    def com(self, rows: Sequence[Sequence[Any]]) -> Any:
        """A range's values as COM gives them to ``call_udf``: a scalar for one cell, else a tuple of
        row tuples; numbers as floats, blanks as None, error texts as COM error codes."""
        def one(v: Any) -> Any:
            if isinstance(v, bool) or v is None:
                return v
            if isinstance(v, int):
                return float(v)
            if isinstance(v, str) and v in self.com_error:
                return self.com_error[v]
            return v

        table = tuple(tuple(one(v) for v in row) for row in rows)
        return table[0][0] if len(table) == 1 and len(table[0]) == 1 else table


class _Inert:
    """Any attribute, any call: what ``ctypes.windll``/``oledll`` are to ``_xlwindows`` at import here."""

    def __getattr__(self, name: str) -> _Inert:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> _Inert:
        return self


def _excel_engine() -> tuple[Any, Any]:
    """xlwings' Windows engine imported and registered as ``excel``; (the engine added or None, module)."""
    import xlwings
    from xlwings.main import Engine

    saved = {name: getattr(ctypes, name, None) for name in ("windll", "oledll", "PyDLL")}
    for name in saved:
        setattr(ctypes, name, _Inert())     # nothing of them is called but at import
    pythoncom = sys.modules["pythoncom"]
    had_file = "__file__" in vars(pythoncom)
    if not had_file:
        pythoncom.__file__ = "pythoncom.dll"
    try:
        from xlwings import _xlwindows
    finally:
        for name, value in saved.items():
            if value is None:
                delattr(ctypes, name)
            else:
                setattr(ctypes, name, value)
        if not had_file:
            del pythoncom.__file__
    atexit.unregister(_xlwindows.cleanup)   # it would look for Excel processes with tasklist
    if "excel" in xlwings.engines.engines_by_name:
        return None, _xlwindows
    engine = Engine(impl=_xlwindows.engine)
    xlwings.engines.add(engine)
    return engine, _xlwindows


@contextmanager
def xlwings_udfs() -> Iterator[UdfCaller]:
    """The package's ``HT_`` functions under xlwings' real machinery (see the module's text);
    skips where xlwings is not installed. Everything changed is restored afterwards."""
    pytest.importorskip("xlwings")
    if sys.platform.startswith("win"):
        pytest.skip("on Windows xlwings' machinery is the real one")
    import xlwings

    generator = _generator()
    watched = (*generator.WINDOWS_ONLY, "xlwings.udfs", "xlwings._xlwindows", *OURS)
    saved_modules = {name: sys.modules.get(name) for name in watched}
    saved_attrs = {(pkg, attr): getattr(sys.modules[pkg], attr, None) for pkg, attr in PACKAGE_ATTRS
                   if pkg in sys.modules}
    saved_decorators = (xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub)
    engine = None
    try:
        generator.use_xlwings_decorators()
        engine, windows = _excel_engine()
        for name in OURS:
            sys.modules.pop(name, None)
        module = importlib.import_module("hoctap_xl.udfs")
        yield UdfCaller(module, dict(windows.cell_errors))
    finally:
        xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub = saved_decorators
        if engine is not None:
            xlwings.engines.engines.remove(engine)
            xlwings.engines.engines_by_name.pop("excel", None)
        for name, module in saved_modules.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        for (pkg, attr), value in saved_attrs.items():
            if value is None:
                if hasattr(sys.modules[pkg], attr):
                    delattr(sys.modules[pkg], attr)
            else:
                setattr(sys.modules[pkg], attr, value)
