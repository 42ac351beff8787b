"""Allow ``python -m hrss_compare``."""

from hrss_compare.console import run

run()
