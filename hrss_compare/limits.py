"""Limits on the data files hrss-compare reads, kept free of imports: the cache checks a file's
size before it hashes the file, as the YAML reader does before it reads one."""

from __future__ import annotations

MAX_BYTES = 100 * 1024 * 1024
"""The largest data file read, in bytes (100 MiB); a larger one is refused before reading."""

MAX_COUNT = 1_000_000
"""The largest staffing count a bureau file may give: no bureau has a million posts, and a
longer number is a slip (or a file made to be slow to read)."""
