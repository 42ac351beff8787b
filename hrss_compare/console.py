"""The console script's entry point. A Ctrl-C while the command line's libraries load ends
quietly with exit code 130 (128 + SIGINT, what typer gives a Ctrl-C once a command runs),
instead of a traceback from the import. The few milliseconds before (the generated script's
own imports) are not covered."""

from __future__ import annotations

import sys


def run() -> None:
    """Load the command line and run it."""
    try:
        from hrss_compare.cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    main()
