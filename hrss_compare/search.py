"""Where does a duty sit? Rank a bureau's duties (and bureau-level items) against a short query.

A query is short and worded differently from the documents, so it is normalized like the duties
(spelling, stems, glossary); before the glossary, a word neither the bureaus nor the glossary
use is corrected to the known word one typing slip away (typos; never a word typed as a real
English word, ``english``; a place's name is no word, ``places``), a span of time
("three months") is read as no word, and a glossary phrase may hold one more word as typed
("lowest hourly pay"); a word typed alone that a bureau writes only inside a glossary phrase
("industrial" of "industrial injury") is sought where it is written; each text is scored on
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
common in the bureau, which only name its other terms (``GENERIC_SHARE``);
with two bureaus, a duty then gains from its counterpart: the duty the matcher pairs it with
in the other bureau, scored for the same query (a bureau that names the duty plainly lends
evidence to one that words it otherwise); last, a credible duty gains a little from the best
other duty of its office (its support), so an office with more to say about the query
outranks a passing mention in another's list. Below ``MIN_SCORE`` a text is noise, unless no
text reaches it and one office stands out (``STANDOUT_FLOOR``). Last, each bureau's first answer
is judged against the best of the others (``confidence``).

Two answers are not an office: a query about a topic of another department's work (the
glossary's ``elsewhere``: "renew my passport") that the bureau names nowhere, and that names
no term of the field besides, lists nothing for that bureau and says whose matter it usually
is; and a duty the bureau gave up at its last reform (``Kind.MOVED``) that fits the query
better than anything it still does is quoted in place of hits.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hrss_compare.answer import EVIDENCE_SHOWN, Answer, BureauHits, Evidence, Hit, Kind
from hrss_compare.cjk import has_cjk
from hrss_compare.confidence import (
    CLEAR_MARGIN,
    CLOSE_MARGIN,
    Confidence,
    judge_answer,
)
from hrss_compare.model import Bureau
from hrss_compare.places import (
    named_places,
    query_places,
    read_without_places,
    without_places,
)
from hrss_compare.rarity import idf_one
from hrss_compare.search_index import (
    MOVED_RANK,
    SearchIndex,
    build_index,
    find_word,
    meaning_texts,
)
from hrss_compare.text import (
    NEGATED,
    Glossary,
    Named,
    asked_apart,
    phrase_holds,
    stem,
    stems,
    without_topics,
    word_spans,
)
from hrss_compare.text import words as written_words
from hrss_compare.typos import corrector

if TYPE_CHECKING:
    from hrss_compare.meaning import Matrix

MIN_SCORE = 38.0
"""Below this score (0-100) a hit is noise, and the bureau is said to have no match, unless an
office stands out (``STANDOUT_FLOOR``)."""

STANDOUT_FLOOR = 33.0
STANDOUT_RATIO = 1.1
"""When no text of a bureau reaches ``MIN_SCORE`` (a long question in everyday words spreads
its weight over words no duty uses), an office still answers if it stands out: its best text
reaches ``STANDOUT_FLOOR`` and scores ``STANDOUT_RATIO`` times any other office's best. Its
texts from ``STANDOUT_FLOOR`` are the hits."""

RESPONSIBILITY_YIELD = 6.0
"""Points a main responsibility's score loses when an affiliated organ of the bureau matches the
query (scores ``MIN_SCORE`` by the query's own words). The main responsibilities sum up the
whole bureau's work and name no unit; an organ that matches the query is a unit of its own
with that work ("civil service exam": the Civil Service Bureau, not the bureau's list that
names civil servants' examination), and the bureau's offices hold the rest. Without a
matching organ, the main responsibilities compete at their score: they may be the only text
to name the work."""

EXCLUDED_PENALTY = 20.0
"""Points a text loses that holds what the query excludes ("hiring a foreigner who is not an
expert": a duty on foreign experts), before its counterpart gains from it; the sentence model's
reading of it counts for nothing, nor of a text of an office named for it (the model reads "not
an expert" as about experts)."""

HOUSE_PENALTY = 4.0
"""Points an office's duty loses when it is about the bureau's own house
(``search_index.OWN_HOUSE``: the bureau's finances, staff, retirees, organs or subordinate
units) and the query does not ask
about it (``_ASKING_HOUSE``). Internal offices restate the bureau's public work for its own
staff ("professional titles of ... personnel in subordinate units"); a reader asking about
professional titles means the city's, which another office holds."""

_ASKING_HOUSE = re.compile(
    r"(?i)\b(?:internal|in-house|director|leadership)\b|\bbureau organs?\b"
    r"|\b(?:bureau|(?:bureau|department|organ)['\u2019]s|own|subordinate|affiliated)"
    r" (?:own )?"
    r"(?:staff|workers|cadres?|personnel|retirees|pensioners|employees|leaders?|units?"
    r"|organs?|budget|finances?|accounts|assets|files|dossiers)\b"
    r"|\b(?:in|within|of|inside|from|at) the (?:[\w-]+ ){0,4}bureau\b|\bthe organs?\b"
)
"""What marks a query as about the bureau's own house: its own people, units or money, or
the bureau as a place ("in the bureau"); not "bureau" alone ("which bureau office handles
..."), nor "own" alone ("my own business")."""

COVER_WEIGHT = 0.5
"""Weight of the share of the query's weighted words that the text contains."""

CONTEXT_WEIGHT = 0.2
"""Weight of the share of the query's weighted words that the text's office uses anywhere."""

FOCUS_WEIGHT = 0.15
"""Weight of the weighted Dice overlap: how much of the text is about the query."""

FUZZY_WEIGHT = 0.15
"""Weight of rapidfuzz's token_set_ratio, which forgives near-spellings."""

SUPPORT_WEIGHT = 0.03
"""Share of the best credible score among the other duties of a hit's office that is added to
the hit's score: of two duties alike, the one whose office has more to say about the query is
likelier its home than a passing mention in another office's list."""

COUNTERPART_WEIGHT = 0.5
"""Share (at most 1) of a counterpart's score that a text gains, weighed by the pair's weight
(``Counterparts``) and by what the text's own score leaves to 100. Of two texts alike, the one whose
counterpart in the other bureau matches the query too is likelier the duty meant: "minimum
wage" is plain in one bureau's minimum-wage duty, which the matcher pairs with the other
bureau's duty on enterprise wages, worded without "minimum"."""

BROADER_WEIGHT = 0.8
"""In a text that holds a wider term of a query's term (the glossary's ``broader``: "labor
standards" for "overtime"), the share of what the text lacks of the term that the wider term
stands for."""

# A text's wider term that has stood in for one term of the query stands in for another at
# this share of ``BROADER_WEIGHT``: two terms that only generalize to one text's "talent"
# ("postdoc researcher") are not both in it, and the text that names one of them outranks it.
WIDER_AGAIN = 0.5

GENERIC_SHARE = 0.2
"""A word of a glossary term that a bureau lacks is no evidence there (``_false_friends``) when
at least this share of the bureau's offices and organs use it: a word that common only finds
the bureau's other terms that share it ("social security", "insurance")."""

# When the lexical answer of a bureau is weak, a close call or none (not ``MEANING_SKIPS``), a
# sentence model (``hrss_compare.meaning``) is asked how close in meaning the query is to each
# text, unless the bureau has more than ``MEANING_MOST_TEXTS`` (making their vectors would
# take minutes; a real bureau has a few hundred): each credible text gains
# ``MEANING_GAIN`` x 100 x its cosine above ``MEANING_FLOOR``, and half that for the best cosine
# of its office; a text that is not credible but reaches ``MEANING_FROM`` joins them, scored
# from ``MEANING_BASE``. Chosen on the query sets written before the fifteenth session's sealed
# ones (benchmarks/semantic_probe.py --credible --gated).
MEANING_GAIN = 0.3
MEANING_SKIPS: frozenset[Confidence | None] = frozenset({Confidence.CLEAR, Confidence.LIKELY})
MEANING_MOST_TEXTS = 2000
MEANING_FLOOR = 0.2
MEANING_FROM = 0.45
MEANING_BASE = 30.0

LONG_QUERY = 6
"""From this many content words a query that is not a person's question (``_ASKING``) is a
sentence, scored symmetrically like a duty."""

_ASKING = re.compile(
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

def where(
    query: str,
    bureaus: Sequence[Bureau],
    *,
    glossary: Glossary,
    limit: int = 5,
    meaning: bool = False,
) -> Answer:
    """For each bureau, its texts that best match ``query``, ranked best first; two bureaus are
    aligned first, so each gains evidence from the other (see ``search``). With ``meaning``,
    the sentence model is asked as the CLI's `where` asks it (``hrss_compare.meaning``)."""
    indexes = [build_index(b, glossary) for b in bureaus]
    links = None
    if len(bureaus) == 2:
        from hrss_compare.align import align
        from hrss_compare.counterparts import paired

        links = paired(*indexes, glossary=glossary,
                       align=lambda: align(*bureaus, glossary=glossary))
    return search(query, indexes, glossary=glossary, limit=limit, counterparts=links,
                  meaning=[functools.partial(_vectors, index) for index in indexes]
                  if meaning else None)


def _vectors(index: SearchIndex) -> Matrix:
    """The sentence model's vectors of the bureau's texts (shipped, or made once a process)."""
    from hrss_compare.meaning import vectors

    return vectors(meaning_texts(index))


def search(
    query: str,
    indexes: Sequence[SearchIndex],
    *,
    glossary: Glossary,
    limit: int = 5,
    counterparts: Counterparts | None = None,
    meaning: Sequence[Callable[[], Matrix]] | None = None,
) -> Answer:
    """``where`` over prepared indexes: for each bureau, its best texts for ``query``.

    With ``counterparts`` (of exactly two indexes), each bureau's texts gain evidence from the
    other's (``COUNTERPART_WEIGHT``). With ``meaning`` (for each index, a function giving its
    texts' vectors, ``meaning_texts`` encoded), a bureau whose lexical answer is weak, a close
    call or none is re-ranked by the sentence model too (``MEANING_GAIN``); a clear or likely
    one never asks it.

    Only texts that share a word with the query, or hold a wider term of one of its glossary
    terms (``BROADER_WEIGHT``), are scored: without one, a text's cover and focus are 0, and
    its context and fuzzy parts (at most 35) are no evidence that it is about the query; nor
    does a counterpart's evidence make a hit of a text that has none.
    """
    # Typos are corrected toward any word a bureau uses (office names included) or the
    # glossary knows, but never toward a stopword: that would delete the word. Nor toward a
    # word as a text excludes it: what is typed is the plain word ("~" would show, too).
    known = {
        word.removeprefix(NEGATED) for index in indexes for word in index.vocabulary
    } | glossary.words
    # The bureaus' own cities say where, not what: the query is read without them; and so is
    # another place typed as a name that neither the bureaus nor the glossary know ("pension
    # transfer from Wuhan"; not "studied in Australia", which the glossary reads as foreign).
    as_typed = query
    places = query_places(
        query, (index.bureau.city for index in indexes),
        known=lambda typed: not known.isdisjoint(map(stem, written_words(typed))),
    )
    query = without_places(query, places)
    # Rarity is among what the bureaus still do: a duty given up at the last reform is no
    # evidence that a word is common, nor that it is known.
    given_up_counts = [sum(rank == MOVED_RANK for rank in index.kind_rank) for index in indexes]
    document_count = sum(len(index.entries) for index in indexes) - sum(given_up_counts)
    context_count = sum(index.context_count for index in indexes)
    frequency: dict[str, int] = {}
    context_frequency: dict[str, int] = {}
    for index in indexes:
        for word, count, contexts in zip(
            index.vocabulary, index.frequency, index.context_frequency, strict=True
        ):
            if count:
                frequency[word] = frequency.get(word, 0) + count
            if contexts:  # an office may use a word only in its name, an organ in its notes
                context_frequency[word] = context_frequency.get(word, 0) + contexts
    fix = corrector(
        known, glossary.stopwords, frequency, real=_typed_real(query),
        completing=lambda: glossary.completing([stem(w) for _, _, w in word_spans(query)]),
    )
    pieces = glossary.spans(query, fix, loose=True)  # typed phrases vary more
    query_tokens = [token for _, _, found in pieces for token in found]
    # A query that names a topic of another department's work ("renew my passport") is not
    # about a bureau whose texts never name it: the words it shares with the bureau ("card",
    # "fund", "registration") would only find noise. Unless the rest of the query names a
    # term of the field ("must my employer pay the housing provident fund and social
    # insurance"): then it is searched, and the topic is only noted.
    topics = glossary.named_topics(query, pieces)
    if not topics:  # a loose phrase may have taken a topic's word ("work driving licence")
        topics = tuple(
            named for named in glossary.named_topics(query, glossary.spans(query, fix))
            if not phrase_holds(named, pieces)
        )
    # What the query asks besides its topics, read afresh without them: "pay the housing
    # fund and social insurance" asks to "pay social insurance".
    rest_tokens = [
        token for _, _, found in glossary.spans(without_topics(query, topics), fix, loose=True)
        for token in found
    ] if topics else query_tokens
    only_topic = bool(topics) and not glossary.about_the_field(rest_tokens)
    away = [_not_named(topics, index) for index in indexes]
    # A word a bureau's texts never use as normalized may still be written in a text whose
    # glossary phrase took it in ("industrial" of "industrial injury"): typed alone, it finds
    # those texts there. Only a word as typed: not one a glossary variant was read as, nor
    # one of a canonical term typed whole ("family" of "family planning" is no family).
    in_terms = glossary.in_terms(query_tokens)
    starts = itertools.accumulate((len(found) for _, _, found in pieces), initial=0)
    typed = {
        found[0] for (start, end, found), at in zip(pieces, starts, strict=False)
        if len(found) == 1 and at not in in_terms
        and [fix(stem(w)) for _, _, w in word_spans(query[start:end])] == [found[0]]
    }
    as_written = [_read_as_written(index, typed) for index in indexes]
    # A word some bureau uses plainly is weighed by that use; one written only inside phrases
    # by where it is written.
    plain_words = set(frequency)
    for index, words in zip(indexes, as_written, strict=True):
        for word in words.difference(plain_words):
            k = find_word(index.vocabulary, word)
            live = sum(index.kind_rank[i] != MOVED_RANK for i in index.written_postings[k])
            if live:
                frequency[word] = frequency.get(word, 0) + live
            if index.written_context_postings[k]:
                context_frequency[word] = (
                    context_frequency.get(word, 0) + len(index.written_context_postings[k])
                )

    # A word no bureau uses tells nothing about which text is right: it counts a little, so
    # it lowers confidence without drowning the words that do match. A number no bureau uses
    # ("pension 2024") counts for nothing: there is no other way to say it.
    unknown = UNKNOWN_WEIGHT * idf_one(1, document_count)

    # A word is weighed by its rarity among texts and among contexts (offices and organs),
    # the latter scaled to the same range: a topic word that fills one office's list
    # ("unemployment") is common among texts but rare among offices. With a single context,
    # or for a word no context uses (only bureau-level text), rarity among texts alone.
    def weigher(known: dict[str, int], count: int) -> Callable[[str], float]:
        scale = idf_one(1, count) / idf_one(1, context_count) if context_count > 1 else 0.0

        def weight(word: str) -> float:
            if word not in known:
                return 0.0 if word.isdigit() else unknown
            among_texts = idf_one(known[word], count)
            contexts = context_frequency.get(word, 0)
            if not scale or not contexts:
                return among_texts
            return (among_texts + scale * idf_one(contexts, context_count)) / 2
        return weight

    asking = bool(_ASKING.search(query))  # the same for every reading of the query

    def ask(
        tokens: Sequence[str], weight: Callable[[str], float], known: Collection[str]
    ) -> _Query:
        words = sorted(set(tokens))
        total = sum(weight(w) for w in words)
        wider = []
        for term, broader in glossary.widen(tokens):
            term_weight = sum(map(weight, set(term)))
            if any(w not in known for w in term):
                # A term no bureau uses weighs as its weightiest wider term, which is then
                # all the query can find of it.
                wide = max(sum(map(weight, set(words))) for words in broader)
                total += max(wide - term_weight, 0.0)
                term_weight = max(term_weight, wide)
            wider.append((term, broader, term_weight))
        return _Query(words, total or 1.0, " ".join(tokens),
                      len(words) >= LONG_QUERY and not asking, tuple(wider))

    weight = weigher(frequency, document_count)
    asked = ask(query_tokens, weight, frequency)
    # A bureau that a topic of the query is foreign to is asked the rest of the query: the
    # topic's words, and its wider terms ("going abroad" for a passport), are no evidence.
    rest = ask(rest_tokens, weight, frequency) if any(away) else asked
    side_asked = [asked if missing is None else rest for missing in away]
    # A term of the query that a bureau lacks ("social security card", "medical insurance" in
    # a bureau without it; one its reform texts name is not lacking) is not found there through
    # its common words, which name the bureau's other terms.
    friends = [  # of the rest of the query, where its topic is foreign to the bureau
        _false_friends(index, query_tokens if missing is None else rest_tokens, glossary)
        for index, missing in zip(indexes, away, strict=True)
    ]
    side_weight = [
        functools.partial(_ignoring, weight, ignored) if ignored else weight for ignored in friends
    ]
    plain = [
        {} if missing is not None and only_topic else _scores(index, question, heed, words)
        for index, words, missing, question, heed in zip(
            indexes, as_written, away, side_asked, side_weight, strict=True
        )
    ]  # a bureau that the query's topic is foreign to lends the other no evidence either
    # A text that holds what the query excludes ("a foreigner who is not an expert") is not
    # what it asks for, whatever else it shares with it; nor does it lend its counterpart
    # evidence, nor stand for a duty given up.
    excluded = _excluded(query_tokens)
    barred = [_texts_holding(index, excluded) for index in indexes]
    plain = [_lowered(score, texts, EXCLUDED_PENALTY)
             for score, texts in zip(plain, barred, strict=True)]
    # A duty given up at the last reform is scored with what every text says, reform texts
    # included ("maternity" may be a word only reform texts still use), and weighed against
    # what the bureau still does as it stands alone, before counterparts and support: the
    # answer must not hang on the other bureau.
    given_up: list[tuple[int, float] | None] = [None] * len(indexes)
    reformed = [
        not (only_topic and missing is not None) and _reform_shares(index, question, words)
        for index, question, words, missing in zip(
            indexes, side_asked, as_written, away, strict=True
        )
    ]  # a second pass costs: only for a bureau whose reform texts share a word with the query
    if any(reformed):
        every = dict(frequency)
        for index in indexes:
            for word, rows, live in zip(
                index.vocabulary, index.postings, index.frequency, strict=True
            ):
                if len(rows) > live:
                    every[word] = every.get(word, 0) + len(rows) - live
        weight_all = weigher(every, document_count + sum(given_up_counts))
        asked_all = ask(query_tokens, weight_all, every)
        rest_all = ask(rest_tokens, weight_all, every) if any(away) else asked_all
        for side, (index, words) in enumerate(zip(indexes, as_written, strict=True)):
            if reformed[side]:
                question = asked_all if away[side] is None else rest_all
                heed = (functools.partial(_ignoring, weight_all, friends[side]) if friends[side]
                        else weight_all)
                given_up[side] = _given_up(
                    index, plain[side], _lowered(_scores(index, question, heed, words),
                                                 barred[side], EXCLUDED_PENALTY)
                )
    plain = [
        {i: v for i, v in scored.items() if index.kind_rank[i] != MOVED_RANK}
        for scored, index in zip(plain, indexes, strict=True)
    ]
    scores = list(plain)  # with the counterparts' evidence, when given
    sources: list[dict[int, int]] = [{} for _ in indexes]
    if counterparts is not None:
        if len(indexes) != 2:
            raise ValueError(f"counterparts link two bureaus, not {len(indexes)}")
        # A bureau whose answer is a duty it gave up lends nothing: what it still does is
        # not the answer there, and so no evidence here.
        lenders = [{} if gone is not None else score
                   for gone, score in zip(given_up, plain, strict=True)]
        (scores[0], sources[0]), (scores[1], sources[1]) = _with_counterparts(
            plain[0], plain[1], counterparts, lenders=(lenders[0], lenders[1])
        )
    if not _ASKING_HOUSE.search(query):  # after the counterparts: a flat penalty
        scores = [_out_of_house(score, index)
                  for score, index in zip(scores, indexes, strict=True)]
        plain = [_out_of_house(score, index) for score, index in zip(plain, indexes, strict=True)]
    corrections = _corrections(query, fix, indexes, glossary)
    read_as = dict(corrections)  # a typo is reported as the word read ("minimum")
    query_vector = None  # the sentence model's reading of the query, once it is asked
    results = []
    for side, index in enumerate(indexes):
        foreign = away[side]
        highlight = frozenset(side_asked[side].words)
        if only_topic and foreign is not None:
            unused = _unused(query, pieces, index, read_as)
            used = any(find_word(index.vocabulary, word) >= 0 for word in rest_tokens)
            results.append(BureauHits(
                index.bureau, (), unused, elsewhere=foreign.what,
                read_as=_readings(query, pieces, unused, glossary),
                unsearched=" ".join(without_topics(query, topics).split())
                if used and asked_apart(query, topics) else None,
            ))
            continue
        answer = given_up[side]
        if answer is not None:
            gone, score = answer
            entry = index.entries[gone]
            unused = _unused(query, pieces, index, read_as, moved=True)
            results.append(BureauHits(
                index.bureau, (), unused, read_as=_readings(query, pieces, unused, glossary),
                elsewhere=None if foreign is None else foreign.what,
                moved=Hit(kind=Kind.MOVED, office=None, label=entry.label, text=entry.text,
                          score=score, spans=_spans(entry.text, highlight, glossary)),
            ))
            continue
        ranked = _ranked(scores[side], index)
        lexical = ranked  # scores as the counterparts left them, for their evidence
        ranked = _yielding(ranked, index, plain[side])
        unused = _unused(query, pieces, index, read_as)
        # Nor is an answer clear that covers only the rest of a question whose topic is another
        # department's ("bus card for migrant workers").
        every_word = not unused and foreign is None
        added: dict[int, float] = {}
        asked_meaning = (
            meaning is not None and len(index.entries) <= MEANING_MOST_TEXTS
            and (ranked or foreign is None)  # else it could neither re-rank nor add a text
            and _judged(ranked, index, every_word) not in MEANING_SKIPS
        )
        if asked_meaning and meaning is not None:
            if query_vector is None:
                from hrss_compare.meaning import encode

                query_vector = encode([_as_read(as_typed, places, corrections)])[0]
            cosines = meaning[side]() @ query_vector
            # Nor does the model's reading of such a text count, nor of any text of an office
            # named for what is excluded (the model reads the name with the text).
            unheard = barred[side] | _named_for(index, excluded, glossary)
            if unheard:
                cosines[sorted(unheard)] = 0.0
            ranked, added = _by_meaning(
                ranked, index, cosines, may_add=foreign is None
            )
        everything = _in_order(ranked, index)
        order = everything[:limit]
        rivals = _rivals(everything, index) if order else []  # none asked for (limit 0)
        rival = rivals[0] if rivals else None
        close = [i for i in rivals if round(ranked[order[0]] - ranked[i], 1) < CLOSE_MARGIN]
        shown = list(dict.fromkeys([*order, *rivals[:1], *close]))
        # What the counterparts changed: each hit's score against its score without them.
        alone = _ranked(plain[side], index) if any(i in sources[side] for i in shown) else {}

        built: dict[int, Hit] = {}
        for i in shown:
            entry = index.entries[i]
            through = _wider_held(index, i, side_asked[side], as_written[side])
            source = sources[side].get(i) if i in lexical else None  # only with two bureaus
            built[i] = Hit(
                kind=entry.kind, office=entry.office, label=entry.label, text=entry.text,
                score=ranked[i],
                spans=_spans(
                    entry.text, highlight.union(*(wide for _, wide in through)), glossary
                ),
                evidence=None if source is None else _evidence(
                    source, round(lexical[i] - alone.get(i, plain[side][i]), 1),
                    indexes[1 - side],
                ),
                wider=tuple((glossary.name(term), glossary.name(wide)) for term, wide in through),
                meaning=added.get(i) if meaning is not None and added else None,
            )
        lead = None if rival is None else round(ranked[order[0]] - ranked[rival], 1)
        crowd = sum(round(ranked[order[0]] - ranked[i], 1) < CLEAR_MARGIN for i in rivals
                    ) if order else 0
        results.append(BureauHits(
            index.bureau, tuple(built[i] for i in order), unused,
            read_as=_readings(query, pieces, unused, glossary),
            confidence=judge_answer(ranked[order[0]], lead, every_word=every_word,
                                    by_words=not asked_meaning, crowd=crowd)
            if order else None,
            crowd=crowd,
            lead=lead,
            runner_up=None if rival is None else built[rival],
            close_calls=tuple(built[i] for i in close),
            elsewhere=None if foreign is None else foreign.what,
        ))
    return Answer(as_typed, corrections, tuple(results), places=named_places(as_typed, places))


def _ignoring(weight: Callable[[str], float], ignored: frozenset[str], word: str) -> float:
    """``weight``, but nothing for a word of ``ignored``."""
    return 0.0 if word in ignored else weight(word)


def _false_friends(
    index: SearchIndex, tokens: Sequence[str], glossary: Glossary
) -> frozenset[str]:
    """The words of a query (its content ``tokens``) that are false friends in the bureau: the
    words of a glossary term of two words or more that the bureau lacks (it uses one of the
    term's words nowhere, and holds no wider term of it: "card" of "social security card"),
    which are common there (``GENERIC_SHARE``) and belong to no term of the query it has. They
    would only find the bureau's other terms that share them: "pension insurance" for
    "medical insurance", any social security work for "social security card"."""
    def used(word: str) -> bool:
        # Plainly, in any text (reform texts too) or name; not as ``_used`` also counts, written
        # inside another glossary phrase: that word is the other term's ("family", which
        # Shaoxing writes only inside another term, is no family planning; counting it cost
        # four lookups).
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


def _reform_shares(index: SearchIndex, asked: _Query, written: Collection[str]) -> bool:
    """Whether a reform text of the bureau shares a word with the query, or with a wider term
    of one of its terms, plainly or as written (``written``: the words sought as written)."""
    for word in {*asked.words, *(w for _, broader, _ in asked.wider for t in broader for w in t)}:
        k = find_word(index.vocabulary, word)
        if k < 0:
            continue
        rows = (*index.postings[k], *(index.written_postings[k] if word in written else ()))
        if any(index.kind_rank[i] == MOVED_RANK for i in rows):
            return True
    return False


def _given_up(
    index: SearchIndex, live: dict[int, float], every: dict[int, float]
) -> tuple[int, float] | None:
    """The duty given up at the last reform that answers the query, with its score: the best
    reform text (scored on ``every`` text's words) from ``MIN_SCORE`` that scores above every
    text the bureau still holds (``live``, as scored alone); or None."""
    best = min(
        (i for i, v in every.items() if index.kind_rank[i] == MOVED_RANK and v >= MIN_SCORE),
        key=lambda i: (-every[i], i), default=None,
    )
    if best is None or every[best] <= max(
        (v for i, v in live.items() if index.kind_rank[i] != MOVED_RANK), default=0.0
    ):
        return None
    return best, every[best]


def _not_named(topics: Sequence[Named], index: SearchIndex) -> Named | None:
    """The first of the query's topics of other departments that the bureau names nowhere,
    or None. A bureau names a topic in any text (one of its last reform too), office name or
    note, as the glossary reads it or word for word ("labour dispatch business licences", which
    the glossary reads as a qualification of labor dispatch, names business licences)."""
    for named in topics:
        read = f" {' '.join(named.tokens)} "
        plain = f" {' '.join(stems(named.what.topic))} "
        if not any(
            read in f" {text} " for text in itertools.chain(index.contents, index.names_read)
        ) and not any(
            plain in f" {text} " for text in index.plain
        ):
            return named
    return None


def _rivals(ranked: Sequence[int], index: SearchIndex) -> list[int]:
    """The best text of each answer other than the first's, best first (``ranked``: the
    texts, best first). An answer is an office, an organ, or the main responsibilities (one
    answer, the bureau's own)."""
    seen = {index.context_of[ranked[0]]} if ranked else set()  # -1: the bureau's own text
    found = []
    for i in ranked:
        if index.context_of[i] not in seen:
            seen.add(index.context_of[i])
            found.append(i)
    return found


def _ranked(score: dict[int, float], index: SearchIndex) -> dict[int, float]:
    """The credible texts and their scores with their office's support, which then ranks
    them: the texts from ``MIN_SCORE``; or, when none reaches it, those of an office that
    stands out (``STANDOUT_FLOOR``, ``STANDOUT_RATIO``)."""
    credible = {i: v for i, v in score.items() if v >= MIN_SCORE}
    if not credible:
        credible = _standing_out(score, index)
    return _supported(credible, index)


def _excluded(query_tokens: Iterable[str]) -> frozenset[str]:
    """The words the query excludes (``NEGATED``) and does not also ask for plainly: in
    "workers excluding migrant workers" only "migrant" is excluded."""
    tokens = set(query_tokens)
    return frozenset(token.removeprefix(NEGATED) for token in tokens
                     if token.startswith(NEGATED)) - tokens


def _texts_holding(index: SearchIndex, words: Collection[str]) -> frozenset[int]:
    """The bureau's texts that hold all of ``words`` plainly (an exclusion of several words,
    "civil servants", is held by a text that holds them all); none when ``words`` is empty or
    a word is not the bureau's."""
    positions = [find_word(index.vocabulary, word) for word in words]
    if not positions or min(positions) < 0:
        return frozenset()
    return frozenset.intersection(*(frozenset(index.postings[k]) for k in positions))


def _named_for(index: SearchIndex, words: Collection[str], glossary: Glossary) -> frozenset[int]:
    """The bureau's texts whose office (or organ) name holds all of ``words``."""
    if not words:
        return frozenset()
    labels = {entry.label for entry in index.entries}
    named = {label for label in labels if set(words) <= set(glossary.tokens(label))}
    return frozenset(i for i, entry in enumerate(index.entries) if entry.label in named)


def _lowered(score: dict[int, float], texts: Collection[int], points: float) -> dict[int, float]:
    """``score`` with each of ``texts`` ``points`` lower (0 at least)."""
    if not texts or not any(i in texts for i in score):
        return score
    return {
        i: round(max(value - points, 0.0), 1) if i in texts else value
        for i, value in score.items()
    }


def _out_of_house(score: dict[int, float], index: SearchIndex) -> dict[int, float]:
    """``score`` with each duty about the bureau's own house ``HOUSE_PENALTY`` points lower."""
    return _lowered(score, index.house, HOUSE_PENALTY)


def _yielding(
    ranked: dict[int, float], index: SearchIndex, own: Mapping[int, float]
) -> dict[int, float]:
    """``ranked`` with the main responsibilities ``RESPONSIBILITY_YIELD`` points lower when an
    affiliated organ is credible by the query's words alone (``own``: the scores before the
    counterparts' evidence, which a hit shows as what they changed)."""
    if not any(index.entries[i].kind is Kind.AFFILIATED and value >= MIN_SCORE
               for i, value in own.items()):
        return ranked
    yielded = {
        i: round(value - RESPONSIBILITY_YIELD, 1)
        if index.entries[i].kind is Kind.RESPONSIBILITY else value
        for i, value in ranked.items()
    }
    # a text it takes under MIN_SCORE is no match, as everywhere (an organ stays credible)
    return {i: value for i, value in yielded.items()
            if value >= MIN_SCORE or index.entries[i].kind is not Kind.RESPONSIBILITY}


def _standing_out(score: dict[int, float], index: SearchIndex) -> dict[int, float]:
    """The texts (from ``STANDOUT_FLOOR``) of the one context (office or organ; a main
    responsibility, which has none, on its own) whose best text scores ``STANDOUT_RATIO`` times
    any other's best, if there is one."""
    def group(i: int) -> int:
        context = index.context_of[i]
        return context if context >= 0 else -1 - i

    best: dict[int, float] = {}
    for i, value in score.items():
        key = group(i)
        best[key] = max(best.get(key, 0.0), value)
    ranked = sorted(best, key=lambda g: (-best[g], g))
    if not ranked or best[ranked[0]] < STANDOUT_FLOOR:
        return {}
    if len(ranked) > 1 and best[ranked[0]] < STANDOUT_RATIO * best[ranked[1]]:
        return {}
    return {
        i: value for i, value in score.items()
        if group(i) == ranked[0] and value >= STANDOUT_FLOOR
    }


def _in_order(ranked: dict[int, float], index: SearchIndex) -> list[int]:
    """The texts of ``ranked``, best first: of equal scores, a duty before bureau-level text,
    an affiliated organ (a unit of its own) before the main responsibilities (the whole
    bureau's), then the bureau's file order."""
    return sorted(ranked, key=lambda i: (-ranked[i], index.kind_rank[i], i))


def _judged(ranked: dict[int, float], index: SearchIndex, every_word: bool) -> Confidence | None:
    """How sure the first of ``ranked`` is (``judge_answer``), before the sentence model."""
    if not ranked:
        return None
    everything = _in_order(ranked, index)
    rivals = _rivals(everything, index)
    first = ranked[everything[0]]
    lead = round(first - ranked[rivals[0]], 1) if rivals else None
    return judge_answer(first, lead, every_word=every_word)


def _by_meaning(
    ranked: dict[int, float], index: SearchIndex, cosines: Matrix, *, may_add: bool
) -> tuple[dict[int, float], dict[int, float]]:
    """``ranked`` with the sentence model's evidence (``MEANING_GAIN``), and the points it
    added to each text; ``cosines``: of the query with each text. A text that is not credible
    joins from ``MEANING_FROM`` when ``may_add`` (not in a bureau the query's topic is foreign
    to). Scores stay at most 100; the points added may then be fewer, or below 0."""
    live = [i for i in range(len(index.entries)) if index.kind_rank[i] != MOVED_RANK]
    best: dict[int, float] = {}
    for i in live:
        best[index.context_of[i]] = max(best.get(index.context_of[i], -1.0), float(cosines[i]))
    chosen = list(ranked)
    if may_add:
        chosen += [i for i in live if i not in ranked and float(cosines[i]) >= MEANING_FROM]
    blended: dict[int, float] = {}
    added: dict[int, float] = {}
    for i in chosen:
        near = max(float(cosines[i]) - MEANING_FLOOR, 0.0)
        office = max(best[index.context_of[i]] - MEANING_FLOOR, 0.0)
        blended[i] = ranked.get(i, MEANING_BASE) + MEANING_GAIN * 100 * (near + 0.5 * office)
    # Scores stay at most 100: past it, all are scaled down alike, so the order and the gaps
    # the model made stay (a cap would tie the top texts at 100).
    scale = min(1.0, 100.0 / max(blended.values(), default=100.0))
    for i, value in blended.items():
        blended[i] = round(value * scale, 1)
        added[i] = round(blended[i] - ranked.get(i, 0.0), 1)
    return blended, added


@dataclass(frozen=True, slots=True)
class _Query:
    """A query as scored: its normalized words and their total weight."""

    words: Sequence[str]
    """Its distinct normalized words, sorted."""
    weight: float
    text: str
    """Its normalized words in order, joined by spaces, for the fuzzy score."""
    sentence: bool
    """Whether it reads as a sentence (``LONG_QUERY`` words or more, not a person's question:
    ``_ASKING``), scored like a duty."""
    wider: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...], float], ...]
    """Its terms that have wider terms: (the term's words, each wider term's words, the term's
    weight in the query)."""


def _scores(
    index: SearchIndex,
    query: _Query,
    weight: Callable[[str], float],
    as_written: frozenset[str] = frozenset(),
) -> dict[int, float]:
    """The score (0-100) of each of the bureau's texts that shares a word with the query or
    holds a wider term of one of its terms; a word of ``as_written`` is sought where the
    bureau writes it (``_read_as_written``)."""
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


def _wider_held(
    index: SearchIndex, entry: int, query: _Query, as_written: Collection[str] = ()
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The query's terms that a text holds only through a wider term (it holds every word of
    the wider term, and not the term itself, plainly or as written: ``_read_as_written``):
    (the term, the wider term), the first wider term held for each."""
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
    # A term with a word no bureau uses weighs more than its words (``search``).
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


@dataclass(frozen=True, slots=True)
class Counterparts:
    """Texts of two bureaus that the matcher takes for one duty worded two ways: (entry of the
    first bureau's index, entry of the second's, the pair's weight 0-1: the matcher's fit of
    the pair, or for bureau-level text its duty score), sorted."""

    pairs: tuple[tuple[int, int, float], ...]


def _with_counterparts(
    first: dict[int, float], second: dict[int, float], counterparts: Counterparts,
    *, lenders: tuple[dict[int, float], dict[int, float]] | None = None,
) -> tuple[tuple[dict[int, float], dict[int, int]], ...]:
    """Each bureau's scores, with the evidence of the other (``COUNTERPART_WEIGHT``), and for
    each text that gained, the counterpart it gained from. A text gains a share of its best
    counterpart's score, weighed by the pair's weight and by how far the text's own score is
    from 100 (so it stays within 100, and a text that matches well on its own is not overtaken
    by one lifted only by its counterpart). Only a scored text gains (one that shares a word
    with the query or holds a wider term of its terms), and only from a scored counterpart,
    among ``lenders`` when given (each bureau's scores that may lend; by default all)."""
    lend_first, lend_second = lenders if lenders is not None else (first, second)
    best: tuple[dict[int, tuple[float, int]], dict[int, tuple[float, int]]] = ({}, {})
    for i, j, alike in counterparts.pairs:
        # of equal gains, the first counterpart in entry order: deterministic
        offers = []
        if i in first and j in lend_second:
            offers.append((0, i, (alike * lend_second[j], -j)))
        if j in second and i in lend_first:
            offers.append((1, j, (alike * lend_first[i], -i)))
        for side, text, offer in offers:
            if text not in best[side] or offer > best[side][text]:
                best[side][text] = offer
    result = []
    for score, gains in zip((first, second), best, strict=True):
        lifted = dict(score)
        for i, (gain, _) in gains.items():
            lifted[i] = round(score[i] + COUNTERPART_WEIGHT * gain * (1 - score[i] / 100), 1)
        result.append((lifted, {i: -other for i, (gain, other) in gains.items() if gain > 0}))
    return tuple(result)


def _evidence(source: int, gain: float, other: SearchIndex) -> Evidence | None:
    """The counterpart (an entry of ``other``) that lifted a hit by ``gain`` points, as shown;
    None when the hit gained less than ``EVIDENCE_SHOWN``."""
    if gain < EVIDENCE_SHOWN:
        return None
    entry = other.entries[source]
    return Evidence(other.bureau.id, entry.office, entry.label, entry.text, gain)


def _supported(score: dict[int, float], index: SearchIndex) -> dict[int, float]:
    """Each credible text's score with its office's support (``SUPPORT_WEIGHT``): a share of the
    best score among the office's other duties. Bureau-level texts have no office and none."""
    best: dict[int, list[float]] = {}  # per office: its two best scores
    for i, value in score.items():
        if index.entries[i].office is not None:
            best.setdefault(index.context_of[i], []).append(value)
    for values in best.values():
        values[:] = [*sorted(values, reverse=True)[:2], 0.0]
    supported = {}
    for i, value in score.items():
        top = best.get(index.context_of[i]) if index.entries[i].office is not None else None
        other = 0.0 if top is None else top[1] if value >= top[0] else top[0]
        supported[i] = round(min(value + SUPPORT_WEIGHT * other, 100.0), 1)
    return supported


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


def _as_read(
    query: str, places: Sequence[tuple[int, int]], corrections: Sequence[tuple[str, str]]
) -> str:
    """The query as the sentence model reads it: as typed, but without the bureaus' cities
    (``read_without_places``), and each typo as the word it was read as, so that it means
    what the words searched for mean."""
    text = read_without_places(query, places)
    for typed, read in corrections:
        text = re.sub(rf"\b{re.escape(typed)}\b", read, text, flags=re.IGNORECASE)
    return text


def _corrections(
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


def _readings(
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


def _unused(
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


def _read_as_written(index: SearchIndex, typed: Collection[str]) -> frozenset[str]:
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


def _spans(
    text: str, tokens: frozenset[str], glossary: Glossary
) -> tuple[tuple[int, int], ...]:
    """Where in ``text`` the words and glossary phrases that stand for ``tokens`` are, and the
    words as written of a phrase read otherwise ("industrial" of "industrial injury")."""
    pieces = glossary.spans(text)
    spans = [(start, end) for start, end, found in pieces if tokens.intersection(found)]
    read = {token.removeprefix(NEGATED) for _, _, found in pieces for token in found}
    unmatched = tokens.difference(read)  # what the text excludes is not highlighted either
    if unmatched:
        spans += [
            (start, end) for start, end, word in word_spans(text)
            if stem(word) in unmatched
            and not any(a <= start and end <= b for a, b in spans)
        ]
    return tuple(sorted(spans))
