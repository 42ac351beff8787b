"""Where does a duty sit? Rank a bureau's duties (and bureau-level items) against a short query.

A query is short and worded differently from the documents, so it is normalized like the duties
(glossary, spelling, stems), its unknown words are corrected to the closest word the bureaus
use (typos), and each text is scored on
- how much of the query's weighted vocabulary it contains (a query word found counts by its
  rarity: "postdoctoral" outweighs "policy"),
- how focused it is on the query (weighted Dice: a short text about exactly this beats a long
  text that mentions it in passing),
- a rapidfuzz fuzzy score, which forgives near-spellings and word order,
- how much of the query the duty's office uses anywhere, names included (its context).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hrss_compare.model import Bureau
from hrss_compare.text import Glossary, stem

MIN_SCORE = 40.0
"""Below this score (0-100) a hit is noise, and the bureau is said to have no match."""

COVER_WEIGHT = 0.5
"""Weight of the share of the query's weighted words that the text contains."""

CONTEXT_WEIGHT = 0.2
"""Weight of the share of the query's weighted words that the text's office uses anywhere."""

FOCUS_WEIGHT = 0.15
"""Weight of the weighted Dice overlap: how much of the text is about the query."""

FUZZY_WEIGHT = 0.15
"""Weight of rapidfuzz's token_set_ratio, which forgives near-spellings."""

LONG_QUERY = 6
"""From this many content words a query is a sentence, scored symmetrically like a duty."""

UNKNOWN_WEIGHT = 0.25
"""Weight of a query word no bureau uses, as a fraction of the rarest known word's weight."""

TYPO_CUTOFF = 80.0
"""How alike (rapidfuzz ratio) an unknown query word must be to a known word to replace it."""


class Kind(StrEnum):
    """What a hit is: an office's duty, or bureau-level text."""

    DUTY = "duty"
    RESPONSIBILITY = "responsibility"
    AFFILIATED = "affiliated"


_KIND_RANK = {Kind.DUTY: 0, Kind.RESPONSIBILITY: 1, Kind.AFFILIATED: 2}


@dataclass(frozen=True, slots=True)
class Hit:
    """A text of a bureau that matches the query; score is 0-100."""

    kind: Kind
    office: str | None
    """Id of the office holding the duty; None for bureau-level text."""
    label: str
    """The office's name, or what the bureau-level text is (an organ's name)."""
    text: str
    score: float
    spans: tuple[tuple[int, int], ...]
    """Character ranges of ``text`` that match the query's words, for highlighting."""


@dataclass(frozen=True, slots=True)
class BureauHits:
    """The hits of one bureau, best first; empty when nothing is a credible match."""

    bureau: Bureau
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: Kind
    office: str | None
    label: str
    text: str
    name_tokens: frozenset[str]
    """Normalized words of the office's names (or the organ's name)."""


def _entries(bureau: Bureau, glossary: Glossary) -> list[_Entry]:
    entries: list[_Entry] = []
    for office in bureau.offices:
        names = frozenset(
            token for name in (office.name, *office.aliases) for token in glossary.tokens(name)
        )
        entries += [_Entry(Kind.DUTY, office.id, office.name, d, names) for d in office.duties]
    # A main responsibility is a paragraph of many duties: each clause is scored on its own.
    entries += [
        _Entry(Kind.RESPONSIBILITY, None, "Main responsibilities", clause.strip(), frozenset())
        for text in bureau.responsibilities
        for clause in text.split(";")
        if clause.strip()
    ]
    for organ in bureau.affiliated:
        text = organ.name + (f": {organ.notes}" if organ.notes else "")
        names = frozenset(glossary.tokens(organ.name))
        entries.append(_Entry(Kind.AFFILIATED, None, organ.name, text, names))
    return entries


def where(
    query: str,
    bureaus: Sequence[Bureau],
    *,
    glossary: Glossary,
    limit: int = 5,
) -> tuple[BureauHits, ...]:
    """For each bureau, its texts that best match ``query``, ranked best first."""
    from rapidfuzz import fuzz, process

    tables = [_entries(bureau, glossary) for bureau in bureaus]
    contents = [[glossary.content(e.text) for e in table] for table in tables]
    document_count = sum(len(c) for c in contents)
    frequency: dict[str, int] = {}
    for table_contents in contents:
        for content in table_contents:
            for word in set(content.split()):
                frequency[word] = frequency.get(word, 0) + 1
    query_tokens = _correct(glossary.tokens(query), frequency)

    # A word no bureau uses tells nothing about which text is right: it counts a little, so
    # it lowers confidence without drowning the words that do match.
    unknown = UNKNOWN_WEIGHT * math.log((document_count + 1) / 1.5)

    def weight(word: str) -> float:
        if word not in frequency:
            return unknown
        return math.log((document_count + 1) / (frequency[word] + 0.5))

    query_set = set(query_tokens)
    query_weight = sum(weight(w) for w in query_set) or 1.0
    query_text = " ".join(query_tokens)
    highlight = frozenset(
        expanded for token in query_set for expanded in glossary.expansions(token)
    )
    results = []
    for bureau, table, table_contents in zip(bureaus, tables, contents, strict=True):
        if not table or not query_set:
            results.append(BureauHits(bureau, ()))
            continue
        fuzzy = process.cdist(
            [query_text], table_contents, scorer=fuzz.token_set_ratio, dtype=np.float32,
            workers=1,
        )[0]
        # Each office's whole vocabulary, names included: the duty's context. Bureau-level
        # text has no office, so an affiliated organ's context is its name, and a main
        # responsibility has none: it never wins on context alone.
        context: dict[str | None, set[str]] = {}
        for entry, content in zip(table, table_contents, strict=True):
            if entry.office is not None:
                context.setdefault(entry.office, set(entry.name_tokens)).update(content.split())
        long_query = len(query_set) >= LONG_QUERY
        scored: list[tuple[float, int, int]] = []
        for index, (entry, content) in enumerate(zip(table, table_contents, strict=True)):
            words = set(content.split())
            shared = sum(weight(w) for w in query_set & words)
            cover = shared / query_weight
            own = sum(weight(w) for w in words)
            total = query_weight + own
            dice = 2 * shared / total if total else 0.0
            if long_query:
                # A sentence: how much of it is covered matters both ways, as for duties.
                cover = math.sqrt(cover * (shared / own)) if own else 0.0
            around = context.get(entry.office, entry.name_tokens)
            cover_office = sum(weight(w) for w in query_set & around) / query_weight
            score = 100 * (
                COVER_WEIGHT * cover + CONTEXT_WEIGHT * cover_office + FOCUS_WEIGHT * dice
            ) + FUZZY_WEIGHT * float(fuzzy[index])
            scored.append((round(min(score, 100.0), 1), _KIND_RANK[entry.kind], index))
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        hits = tuple(
            Hit(
                kind=table[index].kind,
                office=table[index].office,
                label=table[index].label,
                text=table[index].text,
                score=score,
                spans=_spans(table[index].text, highlight),
            )
            for score, _, index in scored[:limit]
            if score >= MIN_SCORE
        )
        results.append(BureauHits(bureau, hits))
    return tuple(results)


def _correct(tokens: tuple[str, ...], known: dict[str, int]) -> tuple[str, ...]:
    """Replace words no bureau uses with the closest word one does (a typo's likely intent)."""
    from rapidfuzz import fuzz, process

    vocabulary = sorted(known)
    fixed = []
    for token in tokens:
        if token in known or len(token) < 4 or not vocabulary:
            fixed.append(token)
            continue
        found = process.extractOne(token, vocabulary, scorer=fuzz.ratio,
                                   score_cutoff=TYPO_CUTOFF)
        fixed.append(found[0] if found else token)
    return tuple(fixed)


_WORD_SPAN = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")


def _spans(text: str, stems: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Where in ``text`` the words whose stems are in ``stems`` stand."""
    spans = []
    for match in _WORD_SPAN.finditer(text):
        word = re.sub(r"['\u2019].*", "", match.group().lower())
        if stem(word) in stems:
            spans.append((match.start(), match.end()))
    return tuple(spans)
