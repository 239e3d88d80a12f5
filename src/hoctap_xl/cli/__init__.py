"""The command line ``hoctap-xl``: one module per command family, the demo, terminal tables."""

from hoctap_xl.cli.main import main

__all__ = ["main"]
