"""Read a YAML file safely into a node tree, and check nodes against a schema with line numbers.

Every data file of hrss-compare (bureaus, glossary, overrides, references) goes through here, so
they all give the same kind of error: ``path:line:column: where: what is wrong``.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

from hrss_compare.errors import DataError
from hrss_compare.limits import MAX_BYTES, MAX_COUNT
from hrss_compare.paths import found
from hrss_compare.runon import LINE_BREAK, run_ons

MAX_DEPTH = 100

_TAG = "tag:yaml.org,2002:"
# The tags YAML gives plain values; any other (``!!python/...``, ``!!binary``, ``!foo``) is refused.
_PLAIN_TAGS = frozenset(
    _TAG + kind for kind in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
# Characters YAML 1.1 does not allow anywhere in a stream.
_NOT_YAML = re.compile(
    r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters no text of a bureau may hold: control characters, odd line breaks, and the
bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which would
reorder how a duty shows in a terminal or a report (QA: "U+202E" passed validate)."""
_SPACE = re.compile(r"\s+")
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile("\r\n|[\n\r]")
_EDITOR_BYTE_BREAK = re.compile(b"\r\n|[\n\r]")
_KIND = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true/false",
    "null": "nothing",
    "timestamp": "a date",
}


# YAML 1.1 reads a bare "=" as the type !!value and "<<" as !!merge, types that mean something
# only to a program that builds objects; nobody writes them meaning that in a bureau file. Read
# as text, "=" is a name like any other, and Checker.mapping names a "<<" key a merge key.
_UNREAD = (_TAG + "value", _TAG + "merge")
# By a plain value's first character, the types it may have and the pattern of each.
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in _UNREAD]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}


class _Resolver(Resolver):
    """YAML 1.1's implicit types (true/false, numbers, dates, null) but for ``=`` and ``<<``,
    which stay strings."""

    yaml_implicit_resolvers = _IMPLICIT


def _implicit_tag(value: str) -> str:
    """The tag ``_Resolver`` gives a plain value written without one."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _TAG + "str"


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that hrss-compare does not accept."""


class _Composer(Composer):
    """PyYAML's composer, refusing aliases and deep nesting.

    Aliases are refused where they are written, so an alias bomb never grows. libyaml's own
    composer recurses in C and crashes the interpreter on input nested thousands of levels deep,
    so nodes are built here from the parser's events.
    """

    _depth = 0

    if TYPE_CHECKING:  # provided by the parser it is mixed with

        def peek_event(self) -> yaml.Event | None: ...

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        mark: Any = event.start_mark if event else None  # libyaml's Mark or PyYAML's
        if isinstance(event, yaml.AliasEvent):
            message = f"YAML aliases such as *{event.anchor} are not supported; write the value out"
            raise _Refused(None, None, message, mark)
        if self._depth >= MAX_DEPTH:
            raise _Refused(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(_Composer, CParser, _Resolver):
        """libyaml's fast parser with the depth-limited composer."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Composer.__init__(self)
            _Resolver.__init__(self)

    _LOADER: type = _CLoader
else:

    class _PyLoader(
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Composer, _Resolver
    ):
        """PyYAML's pure-Python parser with the depth-limited composer."""

        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _Composer.__init__(self)
            _Resolver.__init__(self)

    _LOADER = _PyLoader


def read_yaml(
    path: Path, display: str | None = None, *, misread: list[DataError] | None = None
) -> tuple[str, yaml.Node]:
    """Read and parse ``path``; returns the name to use in messages and the root node.

    Nothing is constructed from the YAML, so tags such as ``!!python/object`` run nothing.
    An unquoted text that YAML reads otherwise than it looks (``runon``) is a problem: added
    to ``misread`` when given (to be listed with the schema's), else raised.
    """
    name = display or str(path)
    if found(path, "folder"):
        raise DataError(name, "is a directory, not a YAML file")
    too_large = f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB"
    try:
        with path.open("rb") as handle:
            # A file says its size: refused before reading (a pipe is read up to the limit).
            if os.fstat(handle.fileno()).st_size > MAX_BYTES:
                raise DataError(name, too_large)
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataError(name, "no such file") from None
    except OSError as error:
        raise DataError(name, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise DataError(name, too_large)
    wide = _wide_encoding(data)
    if wide is not None:
        raise DataError(name, f"{wide} text; save the file as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DataError(
            name, "binary data (NUL byte); expected UTF-8 YAML text", line=_byte_line(data, nul)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        at = error.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        raise DataError(
            name, f"not UTF-8 text (byte 0x{data[at]:02x}); save the file as UTF-8",
            line=_byte_line(data, at), column=_byte_column(data, at),
        ) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise DataError(name, "file is empty; expected a YAML mapping")
    place = _EditorPlaces(text)  # editor lines, where YAML counts U+2028 and others too
    bad = _NOT_YAML.search(text)
    if bad:
        line, column = place.editor(bad.start())
        raise DataError(
            name, f"the character U+{ord(bad.group()):04X} is not allowed in YAML; remove it",
            line=line, column=column,
        )
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if error.context and problem.startswith("but "):
            problem = f"{error.context} {problem}"
        where = place(mark.line, mark.column) if mark else None
        tab = "tab character that violates indentation" in problem or (
            where is not None and _char_at(text, *where) == "\t"
            and "cannot start any token" in problem
        )
        if tab:
            problem = "a tab where YAML expects spaces: indent with spaces only"
        started = error.context_mark
        if started is not None and _lost_item_mark(text, problem, error.context, started):
            line, column = place(started.line, started.column)
            raise DataError(name, _ITEM_UNMARKED, line=line, column=column) from None
        if (
            mark and where and started and error.context and started is not mark and not tab
            and started.line != mark.line and not problem.startswith(error.context)
        ):
            line, column = place(started.line, started.column)
            problem = f"{problem} ({error.context} that starts at line {line}, column {column})"
        if not tab and mark is not None and problem.startswith(_INDENTATION_PROBLEMS):
            problem += f"; {_layout_hint(text, mark)}"
        odd = _ODD_BREAK.search(text, 0, mark.index) if mark else None
        if odd is not None:  # likelier the cause than what YAML names
            line, column = place.editor(odd.start())
            problem = (f"{problem}; U+{ord(odd.group()):04X} at line {line}, column {column} "
                       "breaks the line for YAML: replace it with a space")
        raise DataError(
            name, problem if isinstance(error, _Refused) else f"YAML syntax error: {problem}",
            line=where[0] if where else None, column=where[1] if where else None,
        ) from None
    except yaml.YAMLError as error:
        raise DataError(name, f"YAML syntax error: {error}") from None
    if node is None:
        raise DataError(name, "file is empty; expected a YAML mapping")
    misplaced = sorted(run_ons(text, node))  # by YAML's places, before they are mended
    stray = place.mend(node)
    if stray is not None:
        line, column, char = stray
        raise DataError(
            name, f"U+{ord(char):04X} breaks the line for YAML but not in an editor (here it "
                  "ends a comment or a line); replace it with a space",
            line=line, column=column,
        )
    misreadings = [DataError(name, message, line=line, column=column)
                   for line, column, message in ((*place.editor(at), message)
                                                 for at, message in misplaced)]
    if misread is not None:
        misread += misreadings
    elif misreadings:
        first = misreadings[0]
        raise DataError(name, first.message, line=first.line, column=first.column,
                        problems=tuple(misreadings))
    return name, node


_INDENTATION_PROBLEMS = (
    "did not find expected key", "mapping values are not allowed", "did not find expected '-'",
)
"""What PyYAML says of a line indented more or less than its neighbours."""
_QUOTES_HINT = "a text that holds ': ' (or goes on after a closing quote) must be quoted whole"


def _layout_hint(text: str, mark: yaml.Mark) -> str:
    """What to check where PyYAML found a key or an item out of place: the quotes of a text
    before the place on its line that holds ": " or is quoted ("name: Pension: Office",
    "name: "T" Bureau"), else the line's indentation."""
    lines = LINE_BREAK.split(text)
    line = lines[mark.line] if mark.line < len(lines) else ""
    body = re.sub(r"^\s*(?:-\s+)*", "", line[:mark.column])  # after the indentation and "- "
    return _QUOTES_HINT if ": " in body or body[:1] in ("'", '"') else _INDENTATION_HINT


_INDENTATION_HINT = ("check this line's indentation: a key lines up with the other keys of its "
                     "mapping, and a '- ' with the other items of its list")

_ITEM_UNMARKED = ("this line of a list has no '- ': start it with '- ' if it is an item of its "
                  "own, or put it in quotes with the text above it if it goes on that text")


def _lost_item_mark(
    text: str, problem: str, context: str | None, started: yaml.Mark
) -> bool:
    """Whether YAML's error is about a line of a list that lost its "- " ("Audit funds" or
    "-Audit funds" under "- pension", as far in): YAML reads it as a key without a colon
    (``started``: where it starts)."""
    if problem != "could not find expected ':'" or context != "while scanning a simple key":
        return False
    lines = LINE_BREAK.split(text)
    for above in reversed(lines[:started.line]):
        if above.strip() and not above.lstrip().startswith("#"):
            indent = len(above) - len(above.lstrip(" "))
            return indent == started.column and bool(re.match(r"-(?:[ \t]|$)", above[indent:]))
    return False


def _byte_line(data: bytes, index: int) -> int:
    """The 1-based editor line of a byte of ``data``, counted before the text can be decoded:
    as in YAML and in editors, CR LF, a lone CR (old Mac files) and LF each end a line."""
    return len(_EDITOR_BYTE_BREAK.findall(data, 0, index)) + 1


def _byte_column(data: bytes, index: int) -> int:
    """The 1-based editor column of a byte of ``data`` that is not UTF-8: the characters
    before it on its line (a BOM aside), each undecodable byte one."""
    starts = [match.end() for match in _EDITOR_BYTE_BREAK.finditer(data, 0, index)]
    start = starts[-1] if starts else len(codecs.BOM_UTF8) * data.startswith(codecs.BOM_UTF8)
    return len(data[start:index].decode("utf-8", errors="replace")) + 1


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 1-based editor line and column of ``text``; "" past the end."""
    lines = _EDITOR_BREAK.split(text)
    if not 0 < line <= len(lines):
        return ""
    chars = lines[line - 1]
    return chars[column - 1] if 0 < column <= len(chars) else ""


class _EditorPlaces:
    """Lines and columns as an editor counts them. YAML also breaks lines at U+0085, U+2028 and
    U+2029 (text pasted from the web or a PDF has them), which editors show inside a line, so
    YAML's line numbers after one are too high."""

    def __init__(self, text: str) -> None:
        self.text = text
        # For each YAML line (0-based): the editor line (0-based) and the editor column at
        # which it starts. Empty when the text has no such break: the places are YAML's.
        self.starts: list[tuple[int, int]] = []
        if not _ODD_BREAK.search(text):
            return
        line = line_start = 0  # the editor line, and where in the text it starts
        self.starts.append((0, 0))
        for match in LINE_BREAK.finditer(text):
            if match.group() in ("\r\n", "\n", "\r"):
                line, line_start = line + 1, match.end()
            self.starts.append((line, match.end() - line_start))

    def __call__(self, line: int, column: int) -> tuple[int, int]:
        """YAML's 0-based line and column, as 1-based editor line and column."""
        if line >= len(self.starts):
            return line + 1, column + 1
        start_line, start_column = self.starts[line]
        return start_line + 1, start_column + column + 1

    def mend(self, root: yaml.Node) -> tuple[int, int, str] | None:
        """Rewrite the start marks of ``root`` and every node under it to editor places; the
        editor place and character of the first such break outside a quoted string, if any
        (inside one, it is the string's; outside, YAML silently reads a new line where an
        editor shows none: a comment's end becomes data)."""
        if not self.starts:
            return None
        quoted: list[tuple[int, int]] = []
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
                quoted.append((node.start_mark.index, node.end_mark.index))
            mark = node.start_mark
            line, column = self(mark.line, mark.column)
            node.start_mark = yaml.Mark(mark.name, mark.index, line - 1, column - 1, "", 0)
            if isinstance(node, yaml.MappingNode):
                stack.extend(part for pair in node.value for part in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        for odd in _ODD_BREAK.finditer(self.text):
            at = odd.start()
            if not any(start <= at < end for start, end in quoted):
                return (*self.editor(at), odd.group())
        return None

    def editor(self, index: int) -> tuple[int, int]:
        """The 1-based editor line and column of a character of the text."""
        line = len(_EDITOR_BREAK.findall(self.text, 0, index)) + 1
        start = max(self.text.rfind("\n", 0, index), self.text.rfind("\r", 0, index)) + 1
        return line, index - start + 1


KEY_SHOWN = 32
"""The most characters of an unknown key that a message quotes."""


class Checker:
    """Walks a node tree, checking it against a schema and collecting every problem found."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[DataError] = []

    def fail(self, node: yaml.Node, where: str, message: str) -> None:
        """Record a problem at ``node``."""
        mark = node.start_mark
        text = f"{where}: {message}" if where else message
        self.problems.append(DataError(self.name, text, line=mark.line + 1, column=mark.column + 1))

    def raise_problems(self) -> None:
        """Raise the first problem (carrying all of them, in file order) if there were any."""
        if self.problems:
            problems = sorted(self.problems, key=lambda p: (p.line or 0, p.column or 0))
            first = problems[0]
            raise DataError(
                first.path, first.message, line=first.line, column=first.column,
                problems=tuple(problems),
            )

    def _visit(self, node: yaml.Node, where: str) -> bool:
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            self.fail(node, where, f"unsupported YAML tag {_shown_tag(tag)!r}; remove it")
            return False
        return True

    def mapping(
        self,
        node: yaml.Node,
        where: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
        what: str = "a mapping",
        empty_is_unset: bool = False,
    ) -> dict[str, yaml.Node] | None:
        """The keys of a mapping node; problems for unknown, duplicate or missing keys. With
        ``empty_is_unset``, an optional key left empty (no value, ``~`` or ``null``, untagged)
        is left out, as not set."""
        if not self._visit(node, where):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, where, f"expected {what}, got {describe(node)}")
            return None
        allowed = required + optional
        result: dict[str, yaml.Node] = {}
        seen: set[str] = set()  # result's keys and the optional keys left empty
        suggested: set[str] = set()
        unknown: list[tuple[yaml.Node, str, str]] = []  # (its node, its path, the key)
        merged = False
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key == "<<" and not key_node.style:  # plain: None from PyYAML, "" from libyaml
                merged = True
                self.fail(key_node, where, "YAML merge keys (<<) are not supported; write the "
                                           "keys out")
                continue
            if not isinstance(key, str):
                self.fail(key_node, where, "keys must be plain names")
                continue
            # A key is shown as written unless it holds line breaks or control characters, and
            # shortened: a file that is no bureau's (a line of "root:*:20228:0:...") is not
            # copied whole into a message.
            shown = key if key.isprintable() else repr(key)
            if len(shown) > KEY_SHOWN:
                shown = shown[:KEY_SHOWN] + "\u2026"
            inner = f"{where}.{shown}" if where else shown
            if key in seen:
                self.fail(key_node, inner, "duplicate key")
                continue
            seen.add(key)
            if allowed and key not in allowed:
                unknown.append((key_node, inner, key))
                continue
            if empty_is_unset and key in optional and _left_empty(value_node):
                continue  # not set, as `show` JSON writes it
            result[key] = value_node
        missing = [key for key in required if key not in result]
        meant = _meant(
            [key for _, _, key in unknown], allowed, [key for key in missing if not merged]
        )
        for key_node, inner, key in unknown:
            hint = f" (did you mean {meant[key]!r}?)" if key in meant else ""
            self.fail(key_node, inner, f"unknown key{hint}; allowed keys: {', '.join(allowed)}")
        suggested.update(meant.values())
        for key in missing:
            # A misspelt key already says "did you mean", and a merge key to write out may hold
            # the key: no second problem for the same mistake.
            if key not in suggested and not merged:
                self.fail(node, where, f"missing required key {key!r}")
        return result

    def sequence(self, node: yaml.Node, where: str, what: str) -> list[yaml.Node] | None:
        """The items of a sequence node."""
        if not self._visit(node, where):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, where, f"expected a list of {what}, got {describe(node)}")
            return None
        return list(node.value)

    def string(self, node: yaml.Node, where: str) -> str | None:
        """A non-empty string with white space folded; problems for other scalars."""
        if not self._visit(node, where):
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != _TAG + "str":
            self.fail(node, where, f"expected a string, got {_not_a_string(node)}")
            return None
        bad = _CONTROL.search(node.value)
        if bad:
            self.fail(
                node, where,
                f"contains the control character U+{ord(bad.group()):04X}; remove it",
            )
            return None
        value = _SPACE.sub(" ", node.value).strip()
        if not value:
            self.fail(node, where, "must not be empty")
            return None
        if all(_invisible(char) for char in value):
            self.fail(node, where, "has no visible character (only ones such as U+"
                      f"{ord(next(c for c in value if not c.isspace())):04X}); write the text")
            return None
        return value

    def strings(
        self, node: yaml.Node, where: str, *, allow_empty: bool = False, distinct: bool = False,
        items_are: str | None = None,
    ) -> tuple[str, ...]:
        """A list of strings; problems for a lone string or non-strings, and with ``distinct``
        for a string listed twice (white space folded). With ``items_are`` (what an item is:
        "duty"), an item that holds a line break is a problem too: several items written as
        one block (``- |``) would silently become one."""
        items = self.sequence(node, where, "strings")
        if items is None:
            return ()
        if not items and not allow_empty:
            self.fail(node, where, "must have at least one item")
        values: list[str] = []
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            value = self.string(item, f"{where}[{i}]")
            if value is None:
                continue
            if items_are is not None and isinstance(item, yaml.ScalarNode):
                lines = [line for line in item.value.splitlines() if line.strip()]
                if len(lines) > 1:
                    self.fail(item, f"{where}[{i}]",
                              f"holds {len(lines)} lines, read as one {items_are}; write each "
                              f"{items_are} as its own list item ('- ...'), or join the lines")
                    continue
            if distinct and value in first:
                self.fail(item, f"{where}[{i}]",
                          f"the same text as {where}[{first[value]}]; keep one of them")
                continue
            first.setdefault(value, i)
            values.append(value)
        return tuple(values)

    def integer(self, node: yaml.Node, where: str, *, minimum: int = 0) -> int | None:
        """A whole number from ``minimum`` to ``MAX_COUNT``."""
        if not self._visit(node, where):
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != _TAG + "int":
            self.fail(node, where, f"expected a whole number, got {describe(node)}")
            return None
        written = node.value.replace("_", "")
        if len(written) > 40:  # no int() of thousands of digits, nor an echo of them
            self.fail(node, where, f"must be at least {minimum}" if written.startswith("-")
                      else f"must be at most {MAX_COUNT:,}, got a number of {len(written):,} "
                      "characters")
            return None
        try:
            value = int(node.value.replace("_", ""), 0)
        except ValueError:
            self.fail(node, where, f"expected a whole number, got {node.value!r}")
            return None
        if value < minimum:
            self.fail(node, where, f"must be at least {minimum}")
            return None
        if value > MAX_COUNT:
            self.fail(node, where, f"must be at most {MAX_COUNT:,}, got {value:,}")
            return None
        return value

    def identifier(self, node: yaml.Node, where: str) -> str | None:
        """An id: lowercase letters and digits, with single '-' between them."""
        value = self.string(node, where)
        if value is not None and not ID_PATTERN.fullmatch(value):
            self.fail(
                node, where,
                f"{value!r} is not a valid id; use lowercase letters and digits, with single "
                "'-' between them (not at the start or end)",
            )
            return None
        return value


ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _invisible(char: str) -> bool:
    """Whether a character shows nothing by itself: white space, a format character (U+200B
    ZERO WIDTH SPACE, U+00AD SOFT HYPHEN) or a mark that needs a letter before it."""
    import unicodedata

    return char.isspace() or unicodedata.category(char) in ("Cf", "Mn", "Me", "Zs")


def _wide_encoding(data: bytes) -> str | None:
    """"UTF-32" or "UTF-16" when ``data`` is text in one, else None: a byte order mark, or
    without one a NUL byte in every other place of a quarter or more of its first characters
    (the letters of YAML's keys), and text that decodes with no other control character."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[:1024]
    head = head[:len(head) - len(head) % 2]  # whole UTF-16 characters
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if not zeros or zeros.count(0) * 4 < len(zeros):
            continue
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any(ord(c) < 32 and c not in "\t\n\r" for c in text):
            return "UTF-16"
    return None


def _left_empty(node: yaml.Node) -> bool:
    """Whether the node is a value left empty: nothing, ``~`` or ``null`` as written, plain
    and untagged (a tagged ``!!null Shaoxing`` is text to report, not nothing)."""
    return (
        isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null" and not node.style
        and node.value in _EMPTY_VALUES
    )


_EMPTY_VALUES = frozenset({"", "~", "null", "Null", "NULL"})


def describe(node: yaml.Node) -> str:
    """What kind of value a node holds, for messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.removeprefix(_TAG)
    if tag == "str":
        return "a string"
    return _KIND.get(tag, f"a value tagged {node.tag!r}")


def _not_a_string(node: yaml.Node) -> str:
    """What a node holds instead of a string, and what to do about it. A plain value that YAML
    1.1 reads as another type (``no``, ``on``, ``1:30``, ``2024-01-01``, ``~``) is shown as
    written: the user did not write "true/false" or "a date"."""
    kind = describe(node)
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        key, value = node.value[0]
        if (isinstance(key, yaml.ScalarNode) and not key.style
                and isinstance(value, yaml.ScalarNode)
                and key.start_mark.line == value.start_mark.line):
            # "- Note: handle letters" is a text to its writer
            return (f"{kind} ('{key.value}: ' makes a key of '{key.value}'); put the whole text "
                    "in quotes")
    if not isinstance(node, yaml.ScalarNode) or not node.value:
        return kind
    if node.style or _implicit_tag(node.value) != node.tag:
        return f"{kind} (tagged {_shown_tag(node.tag)}; remove the tag)"
    if node.tag == _TAG + "null":  # "~" or "null" most likely means no value: quotes won't do
        return f"{node.value!r}, which YAML reads as {kind}"
    return f"{node.value!r}, which YAML reads as {kind}; put it in quotes"


def _shown_tag(tag: str) -> str:
    """A tag as it is written in YAML: ``!!int`` for ``tag:yaml.org,2002:int``."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _meant(
    unknown: Sequence[str], allowed: tuple[str, ...], missing: Sequence[str]
) -> dict[str, str]:
    """The allowed key each unknown key of a mapping was likely meant for: a close typo of any
    allowed key ("dutis"); else a missing required key it looks somewhat like, each missing key
    to the likeliest one ("duty" for "duties"); else, as the only pair left, the one missing key
    for the one unknown key ("title" for "name")."""
    import difflib

    meant = {key: found for key in unknown if (found := closest(key, allowed)) is not None}
    pairs = sorted(
        ((difflib.SequenceMatcher(None, key, want).ratio(), key, want)
         for key in unknown if key not in meant for want in missing),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    for ratio, key, want in pairs:
        if ratio >= 0.5 and key not in meant and want not in meant.values():
            meant[key] = want
    left = [key for key in unknown if key not in meant]
    wanted = [want for want in missing if want not in meant.values()]
    if len(left) == 1 and len(wanted) == 1:
        meant[left[0]] = wanted[0]
    return meant


def closest(key: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed key (or name) that ``key`` looks like a typo of, if any."""
    import difflib

    found = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7)
    return found[0] if found else None
