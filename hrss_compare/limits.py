"""Limits on the data files hrss-compare reads, kept free of imports: the cache checks a file's
size before it hashes the file, as the YAML reader does before it reads one."""

from __future__ import annotations

MAX_BYTES = 100 * 1024 * 1024
"""The largest data file read, in bytes (100 MiB); a larger one is refused before reading."""
