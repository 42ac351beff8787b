"""Whether a word is a real English word (``data/english-words.txt``, from SCOWL): a real word
the documents never use is not a typing slip of one they do ("yearly" is not "early")."""

from __future__ import annotations

from functools import cache

from hrss_compare.builtin import data_dir

__all__ = ["is_english"]


def is_english(word: str) -> bool:
    """Whether ``word`` (as typed, any case) is an English word of four letters or more in the
    list; shorter words are not listed (they are never corrected)."""
    return word.isalpha() and f"\n{word.lower()}\n" in _lines()


@cache
def _lines() -> str:
    """The list as one text, a word a line, read once when a query first has a word that might
    be a slip: a few lookups in its 600 KB cost less than building a set of its 62,000 words."""
    return "\n" + (data_dir() / "english-words.txt").read_text(encoding="utf-8")
