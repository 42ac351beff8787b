"""How ``where`` reads a query, and which of its words a bureau never uses.

A query is short and worded differently from the documents, so it is normalized like the duties
(spelling, stems, glossary); before the glossary, a word neither the bureaus nor the glossary
use is corrected to the known word one typing slip away (typos; never a word typed as a real
English word, ``english``), a place's name is read out of the query (``places``: it says where,
not what), a span of time ("three months") is read as no word, and a glossary phrase may hold
one more word as typed ("lowest hourly pay"). A topic of another department's work that the
query names ("renew my passport") is noted with what the query asks besides it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass

from hrss_compare.cjk import has_cjk
from hrss_compare.places import query_places, read_without_places, without_places
from hrss_compare.search_index import MOVED_RANK, SearchIndex, find_word
from hrss_compare.text import (
    NEGATED,
    Glossary,
    Named,
    Piece,
    phrase_holds,
    stem,
    stems,
    without_place_last,
    without_topics,
    word_spans,
)
from hrss_compare.text import words as written_words
from hrss_compare.typos import corrector


@dataclass(frozen=True, slots=True)
class Reading:
    """A query as read for the bureaus searched together."""

    typed: str
    """The query as typed."""
    text: str
    """The query without its places (``places``), blanked: what is searched."""
    places: tuple[tuple[int, int], ...]
    """Where in ``typed`` its places are."""
    fix: Callable[[str], str]
    """The typo corrector: a stem as typed to the stem read."""
    pieces: tuple[Piece, ...]
    """Its words and glossary phrases, read loosely (typed phrases vary more)."""
    tokens: tuple[str, ...]
    """Its content tokens, in order."""
    topics: tuple[Named, ...]
    """The topics of other departments' work it names."""
    rest: tuple[str, ...]
    """The content tokens of what it asks besides its topics (``tokens`` without topics)."""
    only_topic: bool
    """Whether it asks nothing of the field besides its topics."""
    alone: frozenset[str]
    """The tokens typed alone, as one word read as itself: not a glossary variant read as
    another, nor a word of a canonical term typed whole ("family" of "family planning")."""


def read_query(
    query: str,
    cities: Iterable[str | None],
    known: Set[str],
    frequency: Mapping[str, int],
    glossary: Glossary,
) -> Reading:
    """``query`` as read for bureaus of ``cities`` that, with the glossary, use the words of
    ``known`` (as ``frequency`` counts them: typos are corrected toward the commoner word)."""
    # A place typed as a name that neither the bureaus nor the glossary know is read out of
    # the query, as the bureaus' own cities are ("pension transfer from Wuhan"; not "studied in
    # Australia", which the glossary reads as foreign).
    places = query_places(
        query, cities,
        known=lambda typed: not known.isdisjoint(map(stem, written_words(typed))),
    )
    text = without_places(query, places)
    fix = corrector(
        known, glossary.stopwords, frequency, real=_typed_real(text),
        completing=lambda: glossary.completing([stem(w) for _, _, w in word_spans(text)]),
    )
    pieces = glossary.spans(text, fix, loose=True)  # typed phrases vary more
    tokens = tuple(token for _, _, found in pieces for token in found)
    # A query that names a topic of another department's work ("renew my passport") is not
    # about a bureau whose texts never name it (``search``).
    topics = glossary.named_topics(text, pieces)
    if not topics:  # a loose phrase may have taken a topic's word ("work driving licence")
        topics = tuple(
            named for named in glossary.named_topics(text, glossary.spans(text, fix))
            if not phrase_holds(named, pieces)
        )
    # What the query asks besides its topics, read afresh without them: "pay the housing
    # fund and social insurance" asks to "pay social insurance".
    rest_text = without_topics(text, topics) if topics else text
    rest = _tokens(rest_text, fix, glossary) if topics else tokens
    # Whether that is about the field: not through a place said last ("at the hospital").
    placed = without_place_last(rest_text)
    besides = rest if placed == rest_text.strip() else _tokens(placed, fix, glossary)
    # A word a bureau's texts never use as normalized may still be written in a text whose
    # glossary phrase took it in ("industrial" of "industrial injury"): typed alone, it finds
    # those texts there (``read_as_written``).
    in_terms = glossary.in_terms(tokens)
    starts = itertools.accumulate((len(found) for _, _, found in pieces), initial=0)
    alone = frozenset(
        found[0] for (start, end, found), at in zip(pieces, starts, strict=False)
        if len(found) == 1 and at not in in_terms
        and [fix(stem(w)) for _, _, w in word_spans(text[start:end])] == [found[0]]
    )
    return Reading(
        query, text, tuple(places), fix, pieces, tokens, topics, rest,
        bool(topics) and not glossary.about_the_field(besides), alone,
    )


def _tokens(text: str, fix: Callable[[str], str], glossary: Glossary) -> tuple[str, ...]:
    """The content tokens of ``text``, read as a query is (loosely, typos fixed)."""
    return tuple(token for _, _, found in glossary.spans(text, fix, loose=True) for token in found)


def _typed_real(query: str) -> Callable[[str], bool]:
    """Whether a stem of ``query`` was typed as a real English word (``english``): a word in the
    list, or, for a stem typed more than once, any of its forms. (A place typed as a name is
    read out of the query before: ``places.typed_place_spans``.)"""
    typed: dict[str, list[str]] = {}
    for _, _, word in word_spans(query):
        typed.setdefault(stem(word), []).append(word)

    def real(word: str) -> bool:
        from hrss_compare.english import is_english

        return any(map(is_english, typed.get(word, ())))

    return real


def as_read(
    query: str, places: Sequence[tuple[int, int]], corrections: Sequence[tuple[str, str]]
) -> str:
    """The query as the sentence model reads it: as typed, but without the bureaus' cities
    (``read_without_places``), and each typo as the word it was read as, so that it means
    what the words searched for mean."""
    text = read_without_places(query, places)
    for typed, read in corrections:
        text = re.sub(rf"\b{re.escape(typed)}\b", read, text, flags=re.IGNORECASE)
    return text


def typo_corrections(
    query: str, fix: Callable[[str], str], indexes: Sequence[SearchIndex], glossary: Glossary
) -> tuple[tuple[str, str], ...]:
    """The query's words that ``fix`` took for typos: (as typed, the word read instead)."""
    found: dict[str, str] = {}
    for typed in written_words(query):
        was = stem(typed)
        meant = fix(was)
        if meant != was:
            found.setdefault(typed, _written(meant, indexes, glossary))
    return tuple(found.items())


def glossary_readings(
    query: str,
    pieces: Sequence[tuple[int, int, tuple[str, ...]]],
    unused: Collection[str],
    glossary: Glossary,
) -> tuple[tuple[str, str], ...]:
    """Of the query's ``unused`` words and phrases as typed, those the glossary read as one of
    its terms worded otherwise: (as typed, the term as the glossary writes it)."""
    found = []
    for start, end, tokens in pieces:
        typed = query[start:end]
        term = glossary.term(tuple(tokens)) if typed in unused else None
        if term is not None and tuple(stems(term)) != tuple(stems(typed)):
            found.append((typed, term))
    return tuple(dict(found).items())


def unused_words(
    query: str,
    pieces: Sequence[tuple[int, int, tuple[str, ...]]],
    index: SearchIndex,
    read_as: Mapping[str, str] | None = None,
    *,
    moved: bool = False,
) -> tuple[str, ...]:
    """The query's words (or glossary phrases) as typed of which this bureau never uses a
    token, plainly, excluded (``NEGATED``) or as written (``SearchIndex.written``), each once:
    inflections and capitals of one word count once, and a run of CJK text (one span, several
    character pairs) only when none of its pairs is used. A phrase counts as one of its words
    does: "unpaid wages" reads as "wage arrears", and a bureau that never says "arrears" lacks
    it as it lacks "arrears" typed. A number is never listed; a word read as another (a typo,
    ``read_as``) is listed as read. ``moved``: the answer is a duty the bureau gave up at its
    last reform, whose words count as used."""
    spans: dict[tuple[int, int], set[str]] = {}
    for start, end, found in pieces:
        spans.setdefault((start, end), set()).update(found)
    unused: dict[frozenset[str], str] = {}
    listed: list[tuple[int, int]] = []
    for (start, end), tokens in spans.items():
        if any(a <= start and end <= b for a, b in listed):
            continue  # a phrase's extra word, the phrase listed ("training course abroad")
        # A word counts as used whether a text uses it or excludes it, and so does one the
        # query excludes ("not experts"): rewording would find nothing more.
        plain = {word.removeprefix(NEGATED) for word in tokens}
        if all(word.isdigit() for word in plain):
            continue  # a number or a year ("2024", "30 of us"): nothing to reword
        typed = query[start:end]
        used = [
            _used(index, find_word(index.vocabulary, word), moved)
            or _used(index, find_word(index.vocabulary, NEGATED + word), moved)
            for word in plain if not word.isdigit()
        ]
        # A run of CJK text is its character pairs: any of them will do.
        if not (any(used) if has_cjk(typed) else all(used)):
            unused.setdefault(frozenset(tokens), (read_as or {}).get(typed.lower(), typed))
            listed.append((start, end))
    return tuple(unused.values())


def _used(index: SearchIndex, k: int, moved: bool = False) -> bool:
    """Whether the bureau uses word ``k`` of its vocabulary in what it still does (a text, an
    office's name, a word written inside a glossary phrase), or with ``moved`` in what it gave
    up at its last reform too; -1 is a word it never uses."""
    return k >= 0 and bool(
        index.frequency[k] or index.context_frequency[k] or any(
            index.kind_rank[i] != MOVED_RANK for i in index.written_postings[k]
        ) or index.written_context_postings[k]
        or (moved and (index.postings[k] or index.written_postings[k]))
    )


def read_as_written(index: SearchIndex, typed: Collection[str]) -> frozenset[str]:
    """The words typed as such that no text of the bureau uses as normalized but some text
    (or name) writes inside a glossary phrase: sought there as written."""
    found = set()
    for word in typed:
        k = find_word(index.vocabulary, word)
        if k >= 0 and not index.postings[k] and (
            index.written_postings[k] or index.written_context_postings[k]
        ):
            found.add(word)
    return frozenset(found)


def _written(word: str, indexes: Sequence[SearchIndex], glossary: Glossary) -> str:
    """A stem as a bureau or the glossary writes it ("insuranc" -> "insurance"): stems are
    not words, and a user is shown the word. The stem itself when no text has it as written
    (it came from a glossary rewrite)."""
    texts = (text
             for index in indexes if (k := find_word(index.vocabulary, word)) >= 0
             for i in (*index.postings[k], *range(len(index.entries)))  # names, notes last
             for text in (index.entries[i].text, index.entries[i].label))
    phrases = itertools.chain(
        (phrase for term in glossary.terms for phrase in (term.canonical, *term.variants)),
        (what.topic for what in glossary.topics),
    )
    for text in itertools.chain(texts, phrases):
        for written in written_words(text):
            if stem(written) == word:
                return written
    return word
