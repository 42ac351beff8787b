"""Two bureaus' duties as the sentence model reads them, for the matcher (``match.Meaning``).

The model reads each duty alone, without its office's name: the matcher weighs office names
apart, and a name read with every duty would make two offices of one name alike whatever
their duties say. The built-in bureaus' vectors ship with the tool (``meaning.shipped``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from hrss_compare.match import Meaning
from hrss_compare.text import has_cjk, without_cjk

if TYPE_CHECKING:
    from hrss_compare.meaning import Matrix
    from hrss_compare.model import Bureau

Reader = Callable[[int, Sequence[str]], "Matrix"]
"""The vectors of one bureau's duty texts, given its side (0 for the left bureau, 1 for the
right: the two may be one bureau, read from two files) and the texts."""

MEANING_MOST_DUTIES = 2000
"""A bureau of more duties is matched by its words alone: making their vectors would take
minutes (a real bureau has a few hundred)."""


def duty_texts(bureau: Bureau) -> list[str]:
    """What the model reads of a bureau's duties, in office order as the matcher lists them
    (``match.DutyTable``): of a duty written in English and Chinese (or Japanese, Korean), its
    English, which is what the model reads."""
    return [_readable(duty) for office in bureau.offices for duty in office.duties]


# ASCII and full-width marks (colon, dashes, commas, semicolons) and brackets; Chinese
# commas, full stops and title or quotation marks, which a text without its Chinese leaves
# behind
_APART = " :\uff1a-\u2013\u2014,\uff0c;\uff1b/|"
_BRACKETS = (("(", ")"), ("\uff08", "\uff09"), ("[", "]"), ("\u3010", "\u3011"))
_EMPTY_BRACKETS = re.compile(
    "[(\uff08\\[\u3010\u300a\u300c\u201c]\\s*[)\uff09\\]\u3011\u300b\u300d\u201d]"
)
_CHINESE_MARKS = re.compile("[\u3001\u3002]")


def _balanced(text: str, opening: str, closing: str) -> bool:
    depth = 0
    for character in text:
        depth += (character == opening) - (character == closing)
        if depth < 0:
            return False
    return depth == 0


def in_chinese(bureau: Bureau) -> bool:
    """Whether most of a bureau's duties are written in Chinese (Japanese, Korean), not in
    English beside it (``_readable``)."""
    texts = [duty for office in bureau.offices for duty in office.duties]
    return 2 * sum(has_cjk(text) and _readable(text) == text for text in texts) >= len(texts)


def _readable(text: str) -> str:
    """``text`` as the model reads it: a text mostly in English with Chinese beside it (its
    English letters at least twice its Chinese characters), without the Chinese; any other
    text as it is ("负责人力资源市场和HR服务" is no English "HR")."""
    if not has_cjk(text):
        return text
    if sum(c.isascii() and c.isalpha() for c in text) < 2 * sum(map(has_cjk, text)):
        return text
    # what stood beside the Chinese, without the brackets or marks that set it apart
    rest = _CHINESE_MARKS.sub(" ", _EMPTY_BRACKETS.sub(" ", without_cjk(text)))
    rest = " ".join(_EMPTY_BRACKETS.sub(" ", rest).split()).strip(_APART)
    for opening, closing in _BRACKETS:
        inside = rest[1:-1]
        if rest[:1] == opening and rest[-1:] == closing and _balanced(inside, opening, closing):
            rest = inside.strip()
    return rest


def duty_meaning(left: Bureau, right: Bureau, *, read: Reader | None = None) -> Meaning | None:
    """The vectors of both bureaus' duties, or None when a bureau has more than
    ``MEANING_MOST_DUTIES``, so the duties are matched by their words alone. ``read``: where
    the vectors come from (by default the model, or the vectors shipped for a built-in
    bureau)."""
    if too_many_duties(left, right) is not None:
        return None
    from hrss_compare.meaning import MODEL

    reader = read or _model
    left_rows, right_rows = (reader(side, duty_texts(bureau))
                             for side, bureau in enumerate((left, right)))
    return Meaning(left_rows, right_rows, MODEL)


def too_many_duties(left: Bureau, right: Bureau) -> Bureau | None:
    """The first of the two bureaus with more duties than the model is asked to read."""
    return next((b for b in (left, right) if b.duty_count > MEANING_MOST_DUTIES), None)


def _model(side: int, texts: Sequence[str]) -> Matrix:
    from hrss_compare.meaning import vectors

    return vectors(texts)
