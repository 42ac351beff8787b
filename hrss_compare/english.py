"""Whether a word is a real English word (``data/english-words.txt``, from SCOWL): a real word
the documents never use is not a typing slip of one they do ("yearly" is not "early")."""

from __future__ import annotations

from functools import cache

from hrss_compare.builtin import data_dir

__all__ = ["is_english"]


def is_english(word: str) -> bool:
    """Whether ``word`` (as typed, any case) is an English word of five letters or more in the
    list; shorter words are not listed (they are never corrected)."""
    return word.lower() in _words()


@cache
def _words() -> frozenset[str]:
    """The list, read once, when a query first has a word that might be a slip."""
    text = (data_dir() / "english-words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
