"""``python -m framing``: the same command line as the ``framing`` script, for
environments where the script is not on PATH (e.g. ``!python -m framing`` in a notebook)."""

import sys

from .cli import main

sys.exit(main())
