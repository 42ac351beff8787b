"""A cache of alignments and search indexes on disk, keyed by the exact bytes of every input.

An analyst runs `offices`, `duties`, `report` and `where` on the same bureaus many times;
aligning, or normalizing every duty for a search, costs more than everything else a command
does, so the result is kept. The key is a hash of the tool's version and code, the settings
and the bytes of the bureau files, the glossary files and the overrides file: change any of
them and the result is computed afresh. A cache that cannot be read or written is simply not used.

Where: ``$HRSS_COMPARE_CACHE`` if set (``off`` disables it; a relative folder is taken from the
current folder), else ``$XDG_CACHE_HOME/hrss-compare`` when that is an absolute path (the XDG Base
Directory spec ignores a relative one), else ``~/.cache/hrss-compare``; with no home folder known
(``HOME`` unset and no password entry, or empty, or relative) there is no cache. The folder is
created private to the user; entries are pickles, read only from that folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hrss_compare import __version__
from hrss_compare.limits import MAX_BYTES

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, always absolute, or None when caching is off or has no place."""
    setting = os.environ.get("HRSS_COMPARE_CACHE")
    if setting is not None:
        if setting.strip().lower() in ("", "0", "off", "no", "false"):
            return None
        try:
            return Path(setting).expanduser().absolute()
        except OSError:  # the current folder was deleted: there is nothing to be relative to
            return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "hrss-compare"
    home = _home()
    return home / ".cache" / "hrss-compare" if home is not None else None


def _home() -> Path | None:
    """The user's home folder when it is known and absolute; else None, and the tool runs
    without a cache rather than put one in ``/`` or the current folder."""
    if os.environ.get("HOME") == "":
        return None  # Path.home() would make it "/"
    try:
        home = Path.home()
    except RuntimeError:  # no HOME, and no entry for this user in the password database
        return None
    return home if home.is_absolute() else None


def key_for(files: list[Path | None], settings: str) -> str | None:
    """The key of a result made from these input files with these settings; None when caching
    is off or an input is unreadable or not a regular file.

    ``settings`` must name the kind of result too (an alignment, a search index).
    """
    if cache_dir() is None:
        return None
    digest = hashlib.sha256(f"{__version__}\0{settings}\0".encode("utf-8", "surrogateescape"))
    # Any change to the code (an edited checkout, a reinstall) makes every entry stale.
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        digest.update(
            f"{module.relative_to(package)}:{module.stat().st_mtime_ns}".encode(
                "utf-8", "surrogateescape"
            )
        )
    for path in files:
        digest.update(b"\0file\0")
        if path is None:
            continue
        try:
            info = path.stat()
        except (OSError, ValueError):  # ValueError: a NUL in the name
            return None
        # A pipe would be used up by reading it here; a file over the limit is refused by the
        # reader at once, and hashing it first would read all of it.
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        try:
            digest.update(path.read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def remembered(
    files: list[Path | None], settings: str, kind: type[T], make: Callable[[], T]
) -> T:
    """The result made from these files with these settings: from the cache, or ``make()``'s,
    kept for next time. ``settings`` as for ``key_for``."""
    key = key_for(files, settings)
    found = load(key, kind) if key else None
    if found is not None:
        return found
    result = make()
    if key:
        store(key, result)
    return result


def load(key: str, kind: type[T]) -> T | None:
    """The cached result for ``key`` if it is a ``kind``, or None."""
    folder = cache_dir()
    if folder is None or not _private(folder):
        return None
    try:
        with (folder / f"{key}.pickle").open("rb") as handle:
            found = pickle.load(handle)
    except Exception:  # a missing, partial or outdated entry is just a miss
        return None
    return found if isinstance(found, kind) else None


def _private(folder: Path) -> bool:
    """Whether only this user can write to ``folder``: a pickle is read only from there."""
    try:
        info = folder.stat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and not info.st_mode & 0o022


def store(key: str, result: object) -> None:
    """Keep ``result`` under ``key``; failures are ignored (the cache is optional)."""
    folder = cache_dir()
    if folder is None:
        return
    import tempfile  # only writing needs it; a cache hit stays light

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, folder / f"{key}.pickle")
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        return
