"""The places named in a query (the bureaus' cities, or another place typed as a name): where
the duty is asked about, not what it is.

"minimum wage in Changsha" asks for the minimum wage; "Changsha" would only find the texts that
name the city ("the evaluation of 'Changsha Technical Expert'"), and lower every answer of a
bureau that never writes its own name. So a city of the bureaus compared is not searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from hrss_compare.cjk import CJK, has_cjk
from hrss_compare.english import is_english
from hrss_compare.text import CLAUSE_MARKS, word_spans

_APART = re.compile(r"[()\[\]/,;:\uff08\uff09\u3010\u3011\uff0c\u3001\uff1b\uff1a]")
"""Brackets and marks that set one name of a city apart from another ("Qingxi (青溪)")."""

_SCRIPTS = re.compile(r"[^\x00-\u2fff]+|[\x00-\u2fff]+")
"""Runs of East Asian script (from U+3000) and of the rest."""

_SUFFIX = "(?:\u5e02|\u53bf|\u533a)?"
"""What may follow a city written in Chinese: 市 (city), 县 (county), 区 (district)."""

_PREPOSITION = re.compile(
    r"\b(?:in|of|at|for|from|to|within|across|around|near)\s+$", flags=re.IGNORECASE
)

_GENERIC = re.compile(
    r"(.{2,}?)\s+(?:city|municipality|prefecture|county|district|shi)", flags=re.IGNORECASE
)
"""A city's name and a word for what it is, which a query may leave out."""

_EDGE_MARKS = " .'\u2019-\u00b7"
"""Marks a name may end or begin with that are no part of it ("Foo.")."""


def city_names(city: str | None) -> list[str]:
    """The names a city may be written by in a query: the whole, and, when it is written in
    two scripts or with a second name apart ("青溪 Qingxi", "Qingxi (青溪)"), each of them."""
    if city is None or not city.strip():
        return []
    whole = " ".join(city.split()).strip(_EDGE_MARKS)
    names = [whole] if whole and not _APART.search(whole) else []
    if _APART.search(whole) or has_cjk(whole):
        for piece in _APART.split(whole):
            for part in _SCRIPTS.findall(piece):
                name = " ".join(part.split()).strip(_EDGE_MARKS)
                if len(name) > 1 or has_cjk(name):
                    names.append(name)
    # "Qingxi City" is also "Qingxi"; "Full City" is no "full"
    names += [m.group(1) for n in names
              if (m := _GENERIC.fullmatch(n)) and not is_english(m.group(1))]
    return list(dict.fromkeys(names))


def place_spans(query: str, cities: Iterable[str | None]) -> list[tuple[int, int]]:
    """Where ``query`` names one of ``cities`` (``city_names``; case aside, whole words, with
    or without "'s"; a Chinese name with 市, 县 or 区 after it, not inside other Chinese words;
    a one-word name of five letters or more mistyped by a letter, into no English word), in
    order, none overlapping."""
    from rapidfuzz.distance import OSA

    names = sorted({n for city in cities for n in city_names(city)}, key=lambda n: (-len(n), n))
    found: list[tuple[int, int]] = []

    def take(span: tuple[int, int]) -> None:
        if not any(span[0] < end and start < span[1] for start, end in found):
            found.append(span)

    for name in names:
        if has_cjk(name):  # not inside other Chinese words: Chinese has no spaces between them
            pattern = rf"(?<![{CJK}]){re.escape(name)}{_SUFFIX}(?![{CJK}])"
        else:  # however far apart its words, either apostrophe
            spaced = r"\s+".join(map(re.escape, name.replace("\u2019", "'").split()))
            either = spaced.replace("'", "['\u2019]")
            pattern = rf"\b{either}(?:['\u2019]s)?\b"
        for match in re.finditer(pattern, query, flags=re.IGNORECASE):
            take(match.span())
    typed = [n for n in names if not has_cjk(n) and " " not in n and len(n) >= 5]
    for match in re.finditer(r"[^\W\d_]+(?:['\u2019]s)?", query):
        word = re.sub(r"['\u2019]s$", "", match.group()).casefold()
        if any(OSA.distance(word, name.casefold()) <= 1 for name in typed) and not is_english(
            word
        ):  # "changed" is no "Changde"
            take(match.span())
    return sorted(found)


def without_places(query: str, spans: Sequence[tuple[int, int]]) -> str:
    """``query`` with the places at ``spans`` blanked out, each with the preposition before it,
    so that every other word keeps its position in the query as typed: a comma, which no
    glossary phrase reads across (the words either side of a place are no phrase), then
    spaces."""
    text = list(query)
    for start, end in spans:
        before = _PREPOSITION.search(query[:start])  # "pension in Changsha": no "pension in"
        first = before.start() if before else start
        text[first:end] = "," + " " * (end - first - 1)
    return "".join(text)


def read_without_places(query: str, spans: Sequence[tuple[int, int]]) -> str:
    """``query`` as a sentence without its places, for a reader of whole sentences (the
    sentence model): each place goes with the preposition before it ("job centre in
    Shaoxing" reads "job centre")."""
    text = query
    for start, end in sorted(spans, reverse=True):
        before = _PREPOSITION.search(text[:start])
        text = text[:before.start() if before else start] + " " + text[end:]
    return " ".join(text.split()).strip(" ,;:")


def named_places(query: str, spans: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """The places at ``spans`` as typed, each once (case and "'s" aside)."""
    seen: dict[str, str] = {}
    for start, end in spans:
        typed = query[start:end]
        seen.setdefault(re.sub(r"['\u2019]s$", "", typed).casefold(), typed)
    return tuple(seen.values())


def query_places(
    query: str, cities: Iterable[str | None], known: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """Where ``query`` names a place, which is not searched: one of ``cities``
    (``place_spans``), or another place typed as a name (``typed_place_spans``) of which
    ``known`` (given the name as typed) knows no word ("from Wuhan"; not "in Australia", which
    the glossary reads as foreign). In order, none overlapping."""
    spans = place_spans(query, cities)
    return sorted(spans + [
        (start, end) for start, end in typed_place_spans(query)
        if not any(start < b and a < end for a, b in spans) and not known(query[start:end])
    ])


def only_places(
    query: str, cities: Iterable[str | None], has_words: Callable[[str], bool],
    known: Callable[[str], bool],
) -> tuple[str, ...]:
    """The places ``query`` names (``query_places``) when it names nothing else that
    ``has_words`` finds a word in (``Glossary.tokens``, say), else ()."""
    spans = query_places(query, cities, known)
    if spans and not has_words(without_places(query, spans)):
        return named_places(query, spans)
    return ()


_BEFORE_A_PLACE = frozenset({"in", "from", "at", "near"})
"""Words after which a capitalized word is a place's name ("minimum wage in Changde")."""

_AFTER_A_PLACE = frozenset({
    "to", "and", "or", "but", "for", "with", "when", "because", "so", "as", "is", "are",
    "city", "county", "district", "province", "prefecture", "municipality",
})
"""Words that may follow a place's name ("from Wuhan to here", "in Changde city"); another
word after a capitalized one makes it a word of the query ("at Pensoin office")."""


def typed_place_spans(query: str) -> list[tuple[int, int]]:
    """Where ``query`` names a place, any place, as a name: a word capitalized after "in",
    "from", "at" or "near", and last, or before a clause mark or a word of ``_AFTER_A_PLACE``,
    in a query not typed with every word capitalized ("minimum wage in Changde", "pension
    from Wuhan to here"); a capitalized word elsewhere may be a typo ("a Germen engineer",
    "at Pensoin office")."""
    spans = word_spans(query)
    capitalized = [
        query[start:end][:1].isupper() and query[start:end][1:].islower()
        for start, end, _ in spans
    ]
    if all(capitalized):  # a title, or one word
        return []
    found = []
    for at in range(1, len(spans)):
        start, end, _ = spans[at]
        after = spans[at + 1] if at + 1 < len(spans) else None
        if capitalized[at] and spans[at - 1][2] in _BEFORE_A_PLACE and (
            after is None or after[2] in _AFTER_A_PLACE
            or not CLAUSE_MARKS.isdisjoint(query[end:after[0]])
        ):  # "at Pensoin office" is a typo of a word before a noun, not a place
            found.append((start, end))
    return found

