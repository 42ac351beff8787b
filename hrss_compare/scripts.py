"""A text written in Chinese (Japanese, Korean) beside English: its English, for the sentence
model, which reads English; and whether a bureau is written in Chinese.

Imports no numpy: the CLI asks ``in_chinese`` of every alignment, the cached ones too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hrss_compare.cjk import has_cjk, without_cjk

if TYPE_CHECKING:
    from hrss_compare.model import Bureau

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
    English beside it (``readable``)."""
    texts = [duty for office in bureau.offices for duty in office.duties]
    return 2 * sum(has_cjk(text) and readable(text) == text for text in texts) >= len(texts)


def readable(text: str) -> str:
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
