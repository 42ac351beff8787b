"""Unquoted texts that YAML reads otherwise than the person who wrote them meant.

YAML joins an unquoted text with the lines under it that are indented more than its key or its
"- ", and ends it at " #". Each is a valid file, so nothing else complains, but a duty is then
silently lost into the one above it ("- " indented one step too far, or left off) or cut short
("stability #1 priority"). No file of the project's own writes an unquoted text over several
lines, and a quoted text is read as written, so each case is refused with the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # YAML's line breaks
_ITEM = re.compile(r"-(?:[ \t]|$)")
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")

# A text wrapped by hand ends a line on such a word, and may go on with a name ("the /
# Municipal People's Congress"); a line of its own that lost its "- " does not.
_RUNS_ON = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "including", "into", "its", "of",
    "on", "or", "the", "their", "to", "under", "with",
})

ITEM_INDENTED = ("this '- ' is read as part of the text above it, not as a new item: give every "
                 "'- ' of the list the same indentation")
ITEM_UNMARKED = ("this line has no '- ', so YAML joins it to the item above it: start it with "
                 "'- ' if it is an item of its own, or put the text in quotes if it is one")
CUT_BY_COMMENT = ("' #' starts a YAML comment, which cuts the text before it short: put the whole "
                  "text in quotes (a comment of your own needs a space after '#')")


def run_ons(text: str, root: yaml.Node) -> Iterator[tuple[int, str]]:
    """Each unquoted text of the tree under ``root`` (parsed from ``text``) that YAML reads
    otherwise than it looks: (the index in ``text`` of where it goes wrong, what to do)."""
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, item = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend((part, False) for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((part, True) for part in node.value)
        elif isinstance(node, yaml.ScalarNode) and not node.style:  # '' (libyaml) or None
            yield from _plain(text, node.start_mark.index, node.end_mark.index, item=item)


def _plain(text: str, start: int, end: int, *, item: bool) -> Iterator[tuple[int, str]]:
    """The problems of one unquoted text, ``text[start:end]``; ``item``: whether it is an item
    of a list."""
    breaks = list(_BREAK.finditer(text, start, end))
    before = text[start:breaks[0].start()] if breaks else ""
    for k, line_break in enumerate(breaks):
        line = text[line_break.end():breaks[k + 1].start() if k + 1 < len(breaks) else end]
        body = line.lstrip(" \t")
        if not body:
            continue
        at = line_break.end() + len(line) - len(body)
        if _ITEM.match(body):
            yield at, ITEM_INDENTED
            break
        last = _LAST_WORD.search(before)
        if (item and body[0].isupper() and last is not None
                and before.rstrip()[-1:].isalnum() and last.group(1).lower() not in _RUNS_ON):
            yield at, ITEM_UNMARKED
            break
        before = body
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after > end and text.startswith("#", after) and text[after + 1:after + 2] not in (
        "", " ", "\t", "\r", "\n", "\x85", "\u2028", "\u2029",
    ):
        yield after, CUT_BY_COMMENT
