"""Regenerate macros/hoctap_udfs.bas: the VBA that `Kích hoạt` (xlwings' ImportPythonUDFs) writes
into the workbook for our functions and button handlers — produced by xlwings' own generator.

    .venv/bin/python macros/generate_wrappers.py          # rewrite the golden copy
    .venv/bin/python macros/generate_wrappers.py --check  # exit 1 if it is out of date (CI)

xlwings' generator lives in ``xlwings.udfs``, which imports Windows-only modules; here they are
replaced by empty stand-ins (only names are needed to *write* the text, nothing is called), and
xlwings' real decorators are put in place before our modules are imported, so the functions
carry the metadata the generator reads. The text is what a Windows PC generates for the same
signatures; a changed signature without regeneration fails ``tests/test_vba.py``.
"""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path

GOLDENS = {Path(__file__).with_name("hoctap_udfs.bas"): ("hoctap_xl.udfs", "hoctap_xl.buttons"),
           Path(__file__).with_name("tong_hop.bas"): ("hoctap_xl.district_buttons",)}
GOLDEN = next(iter(GOLDENS))
WINDOWS_ONLY = ("pythoncom", "pywintypes", "win32api", "win32com", "win32com.client", "win32com.server",
                "win32com.server.util", "win32com.server.dispatcher", "win32com.server.policy", "win32event",
                "win32process", "winerror", "win32timezone", "win32con", "win32gui")


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (), {"__init__": lambda self, *a, **k: None})


def install_stand_ins() -> list[str]:
    """Empty stand-ins for the Windows-only modules xlwings imports; the names put in place."""
    added = [name for name in WINDOWS_ONLY if name not in sys.modules]
    for name in added:
        sys.modules[name] = _StandIn(name)
    return added


def use_xlwings_decorators() -> types.ModuleType:
    """xlwings' real ``xlfunc``/``xlarg``/``xlret``/``xlsub`` as ``xlwings.func``… (what they are on
    Windows), so a module imported afterwards carries the ``__xlfunc__`` metadata; ``xlwings.udfs``."""
    install_stand_ins()
    import xlwings
    import xlwings.udfs as xu

    xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub = xu.xlfunc, xu.xlarg, xu.xlret, xu.xlsub
    return xu


def generate(modules: tuple[str, ...] = GOLDENS[GOLDEN]) -> str:
    xu = use_xlwings_decorators()
    import importlib

    out = io.StringIO()
    for module_name in modules:
        module = importlib.import_module(module_name)
        xu.generate_vba_wrapper(module_name, module, out, types.SimpleNamespace(Name="So_hoc_tap.xlsm"))
    return out.getvalue().replace("\r\n", "\n")


def main() -> int:
    for golden, modules in GOLDENS.items():
        text = generate(modules)
        if "--check" in sys.argv:
            if not golden.exists() or golden.read_text(encoding="utf-8") != text:
                print(f"macros/{golden.name} is out of date: run macros/generate_wrappers.py", file=sys.stderr)
                return 1
            continue
        golden.write_text(text, encoding="utf-8")
        print(golden)
    return 0


if __name__ == "__main__":
    sys.exit(main())
