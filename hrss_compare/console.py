"""The console script's entry point. A Ctrl-C while the command line's libraries load (the
first tenth of a second) ends quietly with exit code 130, as Python's own signal convention
has it, instead of a traceback from the import."""

from __future__ import annotations

import sys


def run() -> None:
    """Load the command line and run it."""
    try:
        from hrss_compare.cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    main()
