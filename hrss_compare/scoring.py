"""Score a bureau's texts for a query's words: what ``where`` ranks.

Each text that shares a word with the query, or holds a wider term of one of its glossary
terms, is scored (0-100) on
- how much of the query's weighted vocabulary it contains (a query word found counts by its
  rarity among texts and among offices: "postdoctoral" outweighs "policy", and
  "unemployment", which fills one office's list, outweighs "regulations", which every office
  has once),
- how focused it is on the query (weighted Dice: a short text about exactly this beats a long
  text that mentions it in passing),
- a rapidfuzz fuzzy score, which forgives near-spellings and word order,
- how much of the query the duty's office uses anywhere, names included (its context);
a text that names only a wider term of one of the query's glossary terms ("labor standards"
for "overtime") holds part of that term; a glossary term a bureau lacks (it uses one of its words
nowhere: "card" of "social security card") is not sought there through its words that are
common in the bureau, which only name its other terms (``GENERIC_SHARE``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from hrss_compare.rarity import idf_one
from hrss_compare.search_index import MOVED_RANK, SearchIndex, find_word
from hrss_compare.text import Glossary

COVER_WEIGHT = 0.5
"""Weight of the share of the query's weighted words that the text contains."""


CONTEXT_WEIGHT = 0.2
"""Weight of the share of the query's weighted words that the text's office uses anywhere."""


FOCUS_WEIGHT = 0.15
"""Weight of the weighted Dice overlap: how much of the text is about the query."""


FUZZY_WEIGHT = 0.15
"""Weight of rapidfuzz's token_set_ratio, which forgives near-spellings."""


BROADER_WEIGHT = 0.8
"""In a text that holds a wider term of a query's term (the glossary's ``broader``: "labor
standards" for "overtime"), the share of what the text lacks of the term that the wider term
stands for."""


# A text's wider term that has stood in for one term of the query stands in for another at
# this share of ``BROADER_WEIGHT``: two terms that only generalize to one text's "talent"
# ("postdoc researcher") are not both in it, and the text that names one of them outranks it.
WIDER_AGAIN = 0.5


GENERIC_SHARE = 0.2
"""A word of a glossary term that a bureau lacks is no evidence there (``false_friends``) when
at least this share of the bureau's offices and organs use it: a word that common only finds
the bureau's other terms that share it ("social security", "insurance")."""


LONG_QUERY = 6
"""From this many content words a query that is not a person's question (``ASKING``) is a
sentence, scored symmetrically like a duty."""


ASKING = re.compile(
    r"(?i)\b(?:i|im|i'm|ive|i've|me|my|we|us|you|your)\b|\?"
    r"|^\W*(?:who|whom|whose|where|when|how|what|which|why|can|could|does|did|is|are"
    r"|should|will|would)\b"
)
"""What marks a query as a person's question, however long: a word of someone speaking (I,
my, we, you), a question mark, or a question word first. A duty pasted from another city has
none ("Handle the identification of work injuries..."); "my wife says the government gives some
money every month to people who lost their jobs" is a question, not a duty sentence. Not "our"
nor "do": machine translation writes "our city" and "Do a good job in ..." in duties."""


UNKNOWN_WEIGHT = 0.25
"""Weight of a query word no bureau uses, as a fraction of the rarest known word's weight."""


@dataclass(frozen=True, slots=True)
class Query:
    """A query as scored: its normalized words and their total weight."""

    words: Sequence[str]
    """Its distinct normalized words, sorted."""
    weight: float
    text: str
    """Its normalized words in order, joined by spaces, for the fuzzy score."""
    sentence: bool
    """Whether it reads as a sentence (``LONG_QUERY`` words or more, not a person's question:
    ``ASKING``), scored like a duty."""
    wider: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...], float], ...]
    """Its terms that have wider terms: (the term's words, each wider term's words, the term's
    weight in the query)."""


@dataclass(frozen=True, slots=True)
class WordCounts:
    """How common each word is in the bureaus searched together: what a word's rarity is
    weighed on."""

    texts: Mapping[str, int]
    """For each word, how many texts use it."""
    contexts: Mapping[str, int]
    """For each word, how many contexts (offices and organs) use it, in a text, a name or a
    note."""
    text_count: int
    context_count: int


def count_words(indexes: Sequence[SearchIndex]) -> WordCounts:
    """The words' counts among what the bureaus still do: a duty given up at the last reform
    is no evidence that a word is common, nor that it is known."""
    given_up = sum(rank == MOVED_RANK for index in indexes for rank in index.kind_rank)
    texts: dict[str, int] = {}
    contexts: dict[str, int] = {}
    for index in indexes:
        for word, count, held in zip(
            index.vocabulary, index.frequency, index.context_frequency, strict=True
        ):
            if count:
                texts[word] = texts.get(word, 0) + count
            if held:  # an office may use a word only in its name, an organ in its notes
                contexts[word] = contexts.get(word, 0) + held
    return WordCounts(
        texts, contexts, sum(len(index.entries) for index in indexes) - given_up,
        sum(index.context_count for index in indexes),
    )


def with_written(
    counts: WordCounts, indexes: Sequence[SearchIndex], as_written: Sequence[Collection[str]]
) -> WordCounts:
    """``counts``, with each word sought as written (``as_written``, per index) that no text
    uses plainly counted where it is written: a word some bureau uses plainly is weighed by
    that use; one written only inside phrases by where it is written."""
    texts = dict(counts.texts)
    contexts = dict(counts.contexts)
    for index, words in zip(indexes, as_written, strict=True):
        for word in set(words).difference(counts.texts):
            k = find_word(index.vocabulary, word)
            live = sum(index.kind_rank[i] != MOVED_RANK for i in index.written_postings[k])
            if live:
                texts[word] = texts.get(word, 0) + live
            if index.written_context_postings[k]:
                contexts[word] = contexts.get(word, 0) + len(index.written_context_postings[k])
    return WordCounts(texts, contexts, counts.text_count, counts.context_count)


def with_given_up(counts: WordCounts, indexes: Sequence[SearchIndex]) -> WordCounts:
    """``counts`` with the texts the bureaus gave up at their last reform counted too."""
    texts = dict(counts.texts)
    given_up = 0
    for index in indexes:
        given_up += sum(rank == MOVED_RANK for rank in index.kind_rank)
        for word, rows, live in zip(
            index.vocabulary, index.postings, index.frequency, strict=True
        ):
            if len(rows) > live:
                texts[word] = texts.get(word, 0) + len(rows) - live
    return WordCounts(texts, counts.contexts, counts.text_count + given_up, counts.context_count)


def unknown_weight(counts: WordCounts) -> float:
    """The weight of a word no bureau uses (``UNKNOWN_WEIGHT``)."""
    return UNKNOWN_WEIGHT * idf_one(1, counts.text_count)


def weigher(counts: WordCounts, unknown: float) -> Callable[[str], float]:
    """A word's weight: its rarity among texts and among contexts (offices and organs), the
    latter scaled to the same range: a topic word that fills one office's list
    ("unemployment") is common among texts but rare among offices. With a single context, or
    for a word no context uses (only bureau-level text), rarity among texts alone. A word no
    bureau uses weighs ``unknown``, and a number no bureau uses ("pension 2024") nothing: there
    is no other way to say it."""
    count, context_count = counts.text_count, counts.context_count
    scale = idf_one(1, count) / idf_one(1, context_count) if context_count > 1 else 0.0

    def weight(word: str) -> float:
        if word not in counts.texts:
            return 0.0 if word.isdigit() else unknown
        among_texts = idf_one(counts.texts[word], count)
        contexts = counts.contexts.get(word, 0)
        if not scale or not contexts:
            return among_texts
        return (among_texts + scale * idf_one(contexts, context_count)) / 2
    return weight


def ask(
    tokens: Sequence[str],
    weight: Callable[[str], float],
    known: Collection[str],
    glossary: Glossary,
    *,
    asking: bool,
) -> Query:
    """The query of ``tokens`` as scored, its words weighed by ``weight``; ``known``: the words
    some bureau uses; ``asking``: whether it is a person's question (``ASKING``)."""
    words = sorted(set(tokens))
    total = sum(weight(w) for w in words)
    wider = []
    for term, broader in glossary.widen(tokens):
        term_weight = sum(map(weight, set(term)))
        if any(w not in known for w in term):
            # A term no bureau uses weighs as its weightiest wider term, which is then all the
            # query can find of it.
            wide = max(sum(map(weight, set(words))) for words in broader)
            total += max(wide - term_weight, 0.0)
            term_weight = max(term_weight, wide)
        wider.append((term, broader, term_weight))
    return Query(words, total or 1.0, " ".join(tokens),
                 len(words) >= LONG_QUERY and not asking, tuple(wider))


def ignoring(weight: Callable[[str], float], ignored: frozenset[str], word: str) -> float:
    """``weight``, but nothing for a word of ``ignored``."""
    return 0.0 if word in ignored else weight(word)


def false_friends(
    index: SearchIndex, tokens: Sequence[str], glossary: Glossary
) -> frozenset[str]:
    """The words of a query (its content ``tokens``) that are false friends in the bureau: the
    words of a glossary term of two words or more that the bureau lacks (it uses one of the
    term's words nowhere, and holds no wider term of it: "card" of "social security card"),
    which are common there (``GENERIC_SHARE``) and belong to no term of the query it has. They
    would only find the bureau's other terms that share them: "pension insurance" for
    "medical insurance", any social security work for "social security card"."""
    def used(word: str) -> bool:
        # Plainly, in any text (reform texts too) or name; not as ``reading.unused_words``
        # counts, written inside another glossary phrase: that word is the other term's
        # ("family", which Shaoxing writes only inside another term, is no family planning;
        # counting it cost four lookups).
        k = find_word(index.vocabulary, word)
        return k >= 0 and bool(index.postings[k] or index.context_postings[k])

    def holds(words: Sequence[str]) -> bool:
        found = [find_word(index.vocabulary, word) for word in words]
        return all(k >= 0 for k in found) and any(
            set.intersection(*(set(postings[k]) for k in found))
            for postings in (index.postings, index.context_postings)
        )

    wider = dict(glossary.widen(tokens))
    lacked: set[str] = set()
    had: set[str] = set()
    for first, end in glossary.term_spans(tokens):
        term = tuple(tokens[first:end])
        if all(map(used, term)) or any(map(holds, wider.get(term, ()))):
            had.update(term)
        else:
            lacked.update(term)
    common = max(GENERIC_SHARE * index.context_count, 2)  # one office's word is never common
    return frozenset(
        word for word in lacked - had
        if used(word) and len(index.context_postings[find_word(index.vocabulary, word)]) >= common
    )


def score_texts(
    index: SearchIndex,
    query: Query,
    weight: Callable[[str], float],
    as_written: frozenset[str] = frozenset(),
) -> dict[int, float]:
    """The score (0-100) of each of the bureau's texts that shares a word with the query or
    holds a wider term of one of its terms; a word of ``as_written`` is sought where the
    bureau writes it (``reading.read_as_written``)."""
    from rapidfuzz import fuzz, process

    shared, around = _holding(index, query.words, weight, as_written)
    lent: tuple[dict[int, set[str]], dict[int, set[str]]] = ({}, {})
    standing: tuple[dict[int, set[tuple[str, ...]]], dict[int, set[tuple[str, ...]]]] = ({}, {})
    for term, wider, term_weight in query.wider:
        _widen(index, term, wider, term_weight, weight, (shared, around), lent, standing,
               as_written)
    weights: dict[int, float] = {}  # of the candidates' words, by id, each computed once
    fuzzy = {
        i: value for _, value, i in process.extract(
            query.text, {i: index.contents[i] for i in shared},
            scorer=fuzz.token_set_ratio, limit=None,
        )
    }
    score: dict[int, float] = {}
    for i, overlap in shared.items():
        own = 0.0
        for w in index.entry_words[i]:
            if w not in weights:
                weights[w] = weight(index.vocabulary[w])
            own += weights[w]
        # A word as written that the normalized text lacks is part of it when asked for.
        if as_written:
            own += sum(weight(index.vocabulary[w]) for w in index.written[i]
                       if index.vocabulary[w] in as_written)
        # No share passes 1, whatever wider terms stand for (``Glossary.widen``).
        cover = min(overlap / query.weight, 1.0)
        dice = min(2 * overlap / (query.weight + own), 1.0)
        if query.sentence:
            # A sentence: how much of it is covered matters both ways, as for duties.
            cover = math.sqrt(cover * min(overlap / own, 1.0))
        cover_office = min(around.get(index.context_of[i], 0.0) / query.weight, 1.0)
        value = 100 * (
            COVER_WEIGHT * cover + CONTEXT_WEIGHT * cover_office + FOCUS_WEIGHT * dice
        ) + FUZZY_WEIGHT * fuzzy[i]
        score[i] = round(min(value, 100.0), 1)
    return score


def wider_held(
    index: SearchIndex, entry: int, query: Query, as_written: Collection[str] = ()
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The query's terms that a text holds only through a wider term (it holds every word of
    the wider term, and not the term itself, plainly or as written:
    ``reading.read_as_written``): (the term, the wider term), the first wider term held for
    each."""
    words = {index.vocabulary[k] for k in index.entry_words[entry]}
    if as_written:
        words.update(word for word in (index.vocabulary[k] for k in index.written[entry])
                     if word in as_written)
    held = []
    for term, wider, _ in query.wider:
        if not words.issuperset(term):
            held += [(term, found) for found in wider if words.issuperset(found)][:1]
    return tuple(held)


def _holding(
    index: SearchIndex,
    words: Sequence[str],
    weight: Callable[[str], float],
    as_written: Collection[str] = (),
) -> tuple[dict[int, float], dict[int, float]]:
    """The weight of ``words`` each text holds, and each context (office or organ); a word of
    ``as_written`` is held where it is written (``SearchIndex.written``)."""
    texts: dict[int, float] = {}
    contexts: dict[int, float] = {}
    for word in words:
        k = find_word(index.vocabulary, word)
        gain = weight(word) if k >= 0 else 0.0
        if gain > 0:  # a word weighed nothing (a false friend here) makes no text a candidate
            rows, held = index.postings[k], index.context_postings[k]
            if word in as_written:
                rows = rows + index.written_postings[k]
                # A context may use it plainly (an office's name) and as written elsewhere.
                held = tuple(sorted({*held, *index.written_context_postings[k]}))
            for i in rows:
                texts[i] = texts.get(i, 0.0) + gain
            for c in held:
                contexts[c] = contexts.get(c, 0.0) + gain
    return texts, contexts


def _widen(
    index: SearchIndex,
    term: Sequence[str],
    wider: Sequence[Sequence[str]],
    term_weight: float,
    weight: Callable[[str], float],
    held: tuple[dict[int, float], dict[int, float]],
    lent: tuple[dict[int, set[str]], dict[int, set[str]]],
    standing: tuple[dict[int, set[tuple[str, ...]]], dict[int, set[tuple[str, ...]]]],
    as_written: Collection[str] = (),
) -> None:
    """Add to ``held`` (the query weight each text and each context holds) what they hold of
    ``term`` through its wider terms: in a text or context that holds every word of a wider
    term, the wider term stands for ``BROADER_WEIGHT`` of what it lacks of the term (a word of
    ``as_written`` it writes is not lacking). ``lent``: the words each text and context was
    already lent through an earlier term; a word two terms share ("street vending", "vending
    licence", or "professional title" inside "professional title evaluation") is lent once, so
    nothing holds more of the query than there is. ``standing``: the wider terms each text and
    context already stood in for an earlier term with; one that holds only such wider terms
    gets ``WIDER_AGAIN`` of their share."""
    words = sorted(set(term))
    # A term with a word no bureau uses weighs more than its words (``ask``).
    extra = max(term_weight - sum(map(weight, words)), 0.0)
    holding = []  # per word: the texts, and the contexts, that hold it
    for word in words:
        k = find_word(index.vocabulary, word)
        texts = set(index.postings[k]) if k >= 0 else set()
        contexts = set(index.context_postings[k]) if k >= 0 else set()
        if k >= 0 and word in as_written:
            texts.update(index.written_postings[k])
            contexts.update(index.written_context_postings[k])
        holding.append((texts, contexts))
    for side, (total, postings, given) in enumerate(
        zip(held, (index.postings, index.context_postings), lent, strict=True)
    ):
        holders: set[int] = set()
        fresh: set[int] = set()  # holding a wider term that stands for no earlier term
        stood = standing[side]
        for wide in map(tuple, wider):
            found = [find_word(index.vocabulary, w) for w in wide]
            if all(k >= 0 for k in found):
                held_by = set.intersection(*(set(postings[k]) for k in found))
                fresh.update(i for i in held_by if wide not in stood.get(i, ()))
                holders.update(held_by)
                for i in held_by:
                    stood.setdefault(i, set()).add(wide)
        for i in sorted(holders):
            lacks = [word for word, held_by in zip(words, holding, strict=True)
                     if i not in held_by[side]]
            before = given.setdefault(i, set())
            missing = [word for word in lacks if word not in before]
            before.update(missing)
            # the extra weight is the term's own, as the query counts it: once per term
            lacking = sum(map(weight, missing)) + (extra if lacks else 0.0)
            if lacking > 0:
                share = BROADER_WEIGHT * (1.0 if i in fresh else WIDER_AGAIN)
                total[i] = total.get(i, 0.0) + share * lacking
