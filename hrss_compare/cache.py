"""A cache of alignments on disk, keyed by the exact bytes of every input.

An analyst runs `offices`, `duties` and `report` on the same pair many times; aligning costs
more than everything else a command does (and importing numpy and rapidfuzz for it), so the
result is kept. The key is a hash of the tool's version and code, the settings and the bytes
of both bureau files, the glossary files and the overrides file: change any of them and the
alignment is computed afresh. A cache that cannot be read or written is simply not used.

Where: ``$HRSS_COMPARE_CACHE`` if set (``off`` disables it), else ``$XDG_CACHE_HOME/hrss-compare``
or ``~/.cache/hrss-compare``. The folder is created private to the user; entries are pickles,
read only from that folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from hrss_compare import __version__
from hrss_compare.model import Alignment

_CODE = ("align.py", "match.py", "text.py", "model.py")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    setting = os.environ.get("HRSS_COMPARE_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in ("", "0", "off", "no", "false") else Path(
            setting
        )
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hrss-compare"


def alignment_key(files: list[Path | None], settings: str) -> str | None:
    """The key of an alignment of these input files with these settings; None if unreadable."""
    digest = hashlib.sha256(f"{__version__}\0{settings}\0".encode())
    package = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update(str((package / name).stat().st_mtime_ns).encode())
    for path in files:
        digest.update(b"\0file\0")
        if path is None:
            continue
        try:
            digest.update(path.read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def load_alignment(key: str) -> Alignment | None:
    """The cached alignment for ``key``, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with (folder / f"{key}.pickle").open("rb") as handle:
            found = pickle.load(handle)
    except Exception:  # a missing, partial or outdated entry is just a miss
        return None
    return found if isinstance(found, Alignment) else None


def store_alignment(key: str, alignment: Alignment) -> None:
    """Keep ``alignment`` under ``key``; failures are ignored (the cache is optional)."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(alignment, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, folder / f"{key}.pickle")
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        return
