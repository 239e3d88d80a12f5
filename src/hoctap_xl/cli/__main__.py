"""``python -m hoctap_xl.cli``: the same as the ``hoctap-xl`` command."""

import sys

from hoctap_xl.cli.main import main

sys.exit(main())
