"""A bureau prepared for ``where``: every searchable text (office duties, main responsibilities,
affiliated organs, duties given up at the last reform) normalized once and its words indexed,
with each text's context (its office, or an organ's name and notes)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from hrss_compare.answer import MOVED_LABELS, Kind
from hrss_compare.model import Bureau
from hrss_compare.text import NEGATED, NEGATOR_WORDS, Glossary, stem, stems
from hrss_compare.text import words as written_words

KIND_RANK = {Kind.DUTY: 0, Kind.AFFILIATED: 1, Kind.RESPONSIBILITY: 2, Kind.MOVED: 3}
"""How texts of equal score rank: an office's duty, then an organ, then the main
responsibilities; a duty given up at the last reform is never ranked among them."""

MOVED_RANK = KIND_RANK[Kind.MOVED]

OWN_HOUSE = re.compile(
    r"(?i)\bbureau organs?\b"
    r"|\b(?:subordinate|directly affiliated) (?:units?|institutions?)\b(?![^,;]*\bprovince\b)"
    r"|\b(?:staff|workers|cadres?|personnel|retirees|employees|leaders(?:hip)?|budget"
    r"|finances?|financial|accounting|accounts|assets)\b(?: [\w-]+){0,3} (?:of|in|within)"
    r" the bureau\b"
    r"|\bthe bureau['\u2019]s (?:own )?(?:staff|cadres?|personnel|retirees|employees|budget"
    r"|finances?|accounts|assets)\b"
)
"""What marks a duty as about the bureau's own house: its organs, its subordinate or
directly affiliated units (not a province's), its people or its money. Not its service
windows, website, hotline or licensing, which face the public."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A searchable text of a bureau: an office's duty, a clause of its main
    responsibilities, an affiliated organ (its names and notes) or a duty given up at its last
    reform."""

    kind: Kind
    office: str | None
    label: str
    text: str
    name_tokens: frozenset[str]
    """Normalized words of the office's names (or the organ's name and notes): the start of
    the entry's context."""
    name_written: frozenset[str] = frozenset()
    """The names' words as written that ``name_tokens`` lack (``SearchIndex.written``)."""
    known_as: str = ""
    """What an organ is matched on: its names (``label`` and its aliases)."""


def _entries(bureau: Bureau, glossary: Glossary) -> list[Entry]:
    entries: list[Entry] = []
    for office in bureau.offices:
        names = frozenset(
            token for name in (office.name, *office.aliases) for token in glossary.tokens(name)
        )
        as_written = frozenset(
            word for name in (office.name, *office.aliases)
            for word in _written_only(name, set(names), glossary)
        )
        entries += [
            Entry(Kind.DUTY, office.id, office.name, d, names, as_written) for d in office.duties
        ]
    # A main responsibility is a paragraph of many duties: each clause is scored on its own.
    entries += [
        Entry(Kind.RESPONSIBILITY, None, "Main responsibilities", clause.strip(), frozenset())
        for text in bureau.responsibilities
        for clause in text.split(";")
        if clause.strip()
    ]
    # What the bureau gave up at its last reform is searched too: when it fits a query better
    # than anything the bureau still does, that is the answer.
    if bureau.changes is not None:
        entries += [
            Entry(Kind.MOVED, None, label, text, frozenset())
            for field_name, label in MOVED_LABELS.items()
            for text in getattr(bureau.changes, field_name)
        ]
    for organ in bureau.affiliated:
        also = f" (also {'; '.join(organ.aliases)})" if organ.aliases else ""
        text = organ.name + also + (f": {organ.notes}" if organ.notes else "")
        # Its notes (what it does) are its context, as an office's duties are.
        names = frozenset(glossary.tokens(text))
        entries.append(Entry(Kind.AFFILIATED, None, organ.name, text, names,
                              frozenset(_written_only(text, set(names), glossary)),
                              ". ".join((organ.name, *organ.aliases))))
    return entries


Ids = tuple[int, ...]


def _inverted(rows: Sequence[Ids], size: int) -> tuple[Ids, ...]:
    """For each id from 0 to ``size - 1``, the rows that hold it, in row order."""
    owners: list[list[int]] = [[] for _ in range(size)]
    for number, row in enumerate(rows):
        for i in row:
            owners[i].append(number)
    return tuple(map(tuple, owners))


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """A bureau prepared for queries: every searchable text normalized once, words indexed.

    Plain tuples, not arrays: a query touches only the texts that share one of its words, so
    the CLI answers without importing numpy (about 0.1 s, a fifth of its start-up)."""

    bureau: Bureau
    entries: tuple[Entry, ...]
    contents: tuple[str, ...]
    """Normalized content words of each entry."""
    vocabulary: tuple[str, ...]
    frequency: Ids
    """In how many entries each word of ``vocabulary`` occurs."""
    entry_words: tuple[Ids, ...]
    """Each entry's distinct words (ids into ``vocabulary``)."""
    postings: tuple[Ids, ...]
    """For each word, the entries that use it."""
    context_of: Ids
    """Each entry's context (its office, or an organ's name); -1 for none."""
    context_postings: tuple[Ids, ...]
    """For each word, the contexts that use it."""
    context_frequency: Ids
    """In how many contexts each word of ``vocabulary`` occurs."""
    context_count: int
    """How many contexts (offices and organs) the bureau has."""
    kind_rank: Ids
    written: tuple[Ids, ...] = ()
    """Each entry's words as written that its normalized words lack, because a glossary phrase
    took them in ("industrial" of "industrial injury", read as "work injury"). A word typed
    alone that no text of the bureau uses plainly finds the texts that write it
    (``written_postings``)."""
    written_postings: tuple[Ids, ...] = ()
    """For each word, the entries that hold it only as written."""
    written_context_postings: tuple[Ids, ...] = ()
    """For each word, the contexts that hold it only as written (office names included)."""
    names_read: tuple[str, ...] = ()
    """The office names, aliases and notes, the organs' notes and the bureau's notes,
    normalized: with ``contents``, where a topic of another department may be named."""
    plain: tuple[str, ...] = ()
    """Every text, name and note of the bureau as plain stems, for a topic named word for
    word."""
    house: frozenset[int] = frozenset()
    """The office duties about the bureau's own house (``OWN_HOUSE``)."""


def build_index(bureau: Bureau, glossary: Glossary) -> SearchIndex:
    """Normalize and index a bureau's duties and bureau-level texts for ``where``."""
    entries = _entries(bureau, glossary)
    # An organ is known by its names: its notes are shown and count as its context, but it is
    # matched on its names, so "civil servants" finds the Civil Service Bureau rather than
    # drowning in its notes.
    matched = [e.known_as if e.kind is Kind.AFFILIATED else e.text for e in entries]
    contents = tuple(glossary.content(text) for text in matched)
    word_sets = [set(content.split()) for content in contents]
    written_sets = [
        _written_only(text, words, glossary)
        for text, words in zip(matched, word_sets, strict=True)
    ]
    contexts: dict[str, int] = {}
    context_words: list[set[str]] = []
    context_written: list[set[str]] = []
    context_of = []
    for number, (entry, words) in enumerate(zip(entries, word_sets, strict=True)):
        if entry.kind in (Kind.RESPONSIBILITY, Kind.MOVED):
            context_of.append(-1)
            continue
        key = entry.office if entry.office is not None else f"\0{number}"
        if key not in contexts:
            contexts[key] = len(context_words)
            # Bureau-level text has no office: an organ's context is its name and notes.
            context_words.append(set(entry.name_tokens))
            context_written.append(set(entry.name_written))
        if entry.office is not None:
            context_words[contexts[key]].update(words)
            context_written[contexts[key]].update(written_sets[number])
        context_of.append(contexts[key])
    for words, more in zip(context_words, context_written, strict=True):
        more.difference_update(words)
    vocabulary = tuple(sorted(set().union(*word_sets, *written_sets, *context_words,
                                          *context_written)))
    ids = {w: i for i, w in enumerate(vocabulary)}
    entry_words = tuple(tuple(sorted(ids[w] for w in words)) for words in word_sets)
    written = tuple(tuple(sorted(ids[w] for w in words)) for words in written_sets)
    context_rows = [tuple(sorted(ids[w] for w in words)) for words in context_words]
    postings = _inverted(entry_words, len(vocabulary))
    context_postings = _inverted(context_rows, len(vocabulary))
    names = [
        text
        for office in bureau.offices for text in (office.name, *office.aliases, office.notes)
        if text
    ] + [organ.notes for organ in bureau.affiliated if organ.notes] + list(bureau.notes)
    return SearchIndex(
        bureau=bureau,
        entries=tuple(entries),
        contents=contents,
        vocabulary=vocabulary,
        frequency=tuple(
            sum(entries[i].kind is not Kind.MOVED for i in rows) for rows in postings
        ),
        entry_words=entry_words,
        postings=postings,
        context_of=tuple(context_of),
        context_postings=context_postings,
        context_frequency=tuple(map(len, context_postings)),
        context_count=len(context_rows),
        kind_rank=tuple(KIND_RANK[e.kind] for e in entries),
        written=written,
        written_postings=_inverted(written, len(vocabulary)),
        written_context_postings=_inverted(
            [tuple(sorted(ids[w] for w in words)) for words in context_written], len(vocabulary)
        ),
        names_read=tuple(glossary.content(text) for text in names),
        plain=tuple(
            " ".join(stems(text))
            for text in (*(e.text for e in entries), *names)
        ),
        house=frozenset(
            i for i, e in enumerate(entries) if e.kind is Kind.DUTY and OWN_HOUSE.search(e.text)
        ),
    )


def _written_only(text: str, normalized: set[str], glossary: Glossary) -> set[str]:
    """The stems of the words of ``text`` as written that its normalized words lack (a glossary
    phrase took them in), stopwords aside, and the negators' words and what a negator
    excludes ("~expert"): an exclusion is no mention."""
    return {
        word for word in (stem(w) for w in written_words(text))
        if word not in normalized and NEGATED + word not in normalized
        and word not in glossary.stopwords and word not in NEGATOR_WORDS
    }


def meaning_texts(index: SearchIndex) -> list[str]:
    """What the sentence model reads of each text of the bureau, in order: its office's name
    (or what it is) and the text."""
    return [f"{entry.label}: {entry.text}" for entry in index.entries]


def find_word(vocabulary: Sequence[str], word: str) -> int:
    """Where ``word`` is in a sorted vocabulary; -1 when it is not there."""
    k = bisect.bisect_left(vocabulary, word)
    return k if k < len(vocabulary) and vocabulary[k] == word else -1
