"""Chinese, Japanese and Korean characters in a text: scripts written without spaces between
words. A module of its own, light to import: the CLI asks of every alignment, the cached ones
too, whether a bureau is written in Chinese (``hrss_compare.scripts``)."""

from __future__ import annotations

import re
from functools import lru_cache

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
"""The characters' ranges, for a regular expression's class."""


@lru_cache(maxsize=1)
def cjk_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One CJK character, and runs of CJK or other text: compiled on first use, as most text
    is ASCII and compiling these ranges takes longer than the rest of the module's import."""
    return re.compile(f"[{CJK}]"), re.compile(f"[{CJK}]+|[^{CJK}]+")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese, Japanese or Korean character."""
    return not text.isascii() and cjk_patterns()[0].search(text) is not None


def without_cjk(text: str) -> str:
    """``text`` with its Chinese, Japanese and Korean characters taken out."""
    return cjk_patterns()[0].sub(" ", text) if has_cjk(text) else text
