"""Unquoted texts that YAML reads otherwise than the person who wrote them meant.

YAML joins an unquoted text with the lines under it that are indented more than its key or its
"- ", and ends it at " #". Each is a valid file, so nothing else complains, but a duty is then
silently lost into the one above it ("- " indented one step too far, or left off) or cut short
("stability #1 priority"). No file of the project's own writes an unquoted text over several
lines, and a quoted text is read as written, so each case is refused with the fix. A text
wrapped by hand is still read as one where it plainly goes on: after a comma, a semicolon, a
colon, a full stop, a word that leads on ("of the") or a name ("Municipal / Talent
Association"), or on a word that is no sentence's start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""A line break as YAML reads one (an editor does not break at U+0085, U+2028, U+2029)."""
# "#" and no space after it, behind a text on its line, or on the next line (indented as much
# as group 1 says)
_COMMENT = re.compile(
    "[ \t]+#(?=\\S)|[ \t]*(?:\r\n|[\n\r\x85\u2028\u2029])([ \t]*)#(?=\\S)"
)
_ITEM = re.compile(r"-(?:[ \t]|$)")
# A line that starts another item without YAML's "- ": a duty's first words ("Prepare the",
# not a name's "Shao Province", which PyYAML's folding of a long line may put there), or a
# pasted number or bullet ("2. ", "(2) ", "• ", "-Audit").
_ITEM_START = re.compile(r"([A-Z][a-z]+) [a-z]|\(?\d{1,2}[.)]\s|[•*·▪]\s|-[A-Za-z]")
_LAST_WORD = re.compile(r"([\w'\u2019]+)[^\w'\u2019]*$")  # "People's" is a word

# A text wrapped by hand ends a line on such a word, and may go on with a name ("the /
# Municipal People's Congress"); a line of its own that lost its "- " does not.
_RUNS_ON = frozenset({
    "a", "about", "against", "all", "among", "an", "and", "any", "as", "at", "between", "both",
    "by", "concerning", "each", "every", "for", "from", "her", "his", "in", "including",
    "into", "its", "like", "of", "on", "or", "our", "per", "regarding", "than", "that", "the",
    "their", "these", "this", "those", "through", "to", "towards", "under", "via", "with",
    "within", "without", "your",
})

# Words that start a duty, not the rest of a name: "... in this Municipality / To undertake".
_DUTY_START = frozenset({"To", "Responsible", "Be"})

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
            start, end = node.start_mark.index, node.end_mark.index
            if item and node.start_mark.line != node.end_mark.line:
                yield from _items_in(text, start, end)
            if " " in node.value:  # a text of words: "id: a #todo" cuts nothing meant
                yield from _cut(text, start, end, start - node.start_mark.column)


def _items_in(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Where the list item ``text[start:end]`` (unquoted) holds the start of another."""
    breaks = list(LINE_BREAK.finditer(text, start, end))
    before = text[start:breaks[0].start()] if breaks else ""
    for k, line_break in enumerate(breaks):
        line = text[line_break.end():breaks[k + 1].start() if k + 1 < len(breaks) else end]
        body = line.lstrip(" \t")
        if not body:
            continue
        at = line_break.end() + len(line) - len(body)
        if _ITEM.match(body):
            yield at, ITEM_INDENTED
            return
        opening = _ITEM_START.match(body)
        if opening and not _goes_on(before.rstrip(), opening.group(1) in _DUTY_START):
            yield at, ITEM_UNMARKED
            return
        before = body


def _goes_on(line: str, anew: bool) -> bool:
    """Whether a text's line plainly goes on in the next: it ends on a mark or a word that leads
    on, or on a name ("Municipal Employment / Leading Group") unless the next line starts
    ``anew`` (a duty's "To" is no part of a name)."""
    if not line or line[-1] in ",;:.-\u2013\u2014/&(":
        return True
    if anew:
        return False
    last = _LAST_WORD.search(line)
    if last is None:
        return False
    word = last.group(1)
    return word.lower() in _RUNS_ON or (word[0].isupper() and line.endswith(word))


def _cut(text: str, start: int, end: int, line_start: int) -> Iterator[tuple[int, str]]:
    """Where a comment cuts the unquoted text ``text[start:end]``, whose line starts at
    ``line_start``: "#" right after it on its line, or on the next line indented under it,
    followed by no space ("#1 priority")."""
    comment = _COMMENT.match(text, end)
    if comment is None:
        return
    if comment.group(1) is not None:  # on the next line: a comment of its own unless under it
        line = text[line_start:start]
        if len(comment.group(1)) <= len(line) - len(line.lstrip(" ")):
            return
    yield comment.end() - 1, CUT_BY_COMMENT
