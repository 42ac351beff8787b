"""Looking a path up without an OSError: a name the system cannot look up at all (too long, a
loop) is simply not found here, and the read or write that follows says why."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Literal

__all__ = ["found"]


def found(path: str | Path, kind: Literal["any", "file", "folder"] = "any") -> bool:
    """Whether ``path`` exists (``"any"``), as a regular file or as a folder; never raises."""
    try:
        mode = Path(path).stat().st_mode
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False
    if kind == "file":
        return stat.S_ISREG(mode)
    if kind == "folder":
        return stat.S_ISDIR(mode)
    return True
