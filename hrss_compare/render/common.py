"""Helpers every renderer shares: safe display text, markdown escaping, stable JSON."""

from __future__ import annotations

import json
import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def safe(text: str) -> str:
    """Text from data made safe for a terminal: control characters shown as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def md_escape(text: str) -> str:
    """Text from data made inert in markdown, in tables too: no markup, pipes, or line breaks."""
    text = " ".join(safe(text).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def dumps_json(data: Any) -> str:
    """Stable, readable JSON text ending with a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def fmt_score(score: float) -> str:
    """A 0-100 score as text with one decimal."""
    return f"{score:.1f}"
