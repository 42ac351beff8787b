"""Allow ``python -m hrss_compare``."""

from hrss_compare.cli import main

main()
