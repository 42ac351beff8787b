"""Where does a duty sit? Rank a bureau's duties (and bureau-level items) against a short query.

The query is read (``reading``: places, typos, spans of time, glossary phrases, topics of other
departments) and each bureau's texts are scored for its words (``scoring``). With two bureaus,
a duty then gains from its counterpart: the duty the matcher pairs it with in the other bureau,
scored for the same query (a bureau that names the duty plainly lends evidence to one that
words it otherwise); last, a credible duty gains a little from the best other duty of its
office (its support), so an office with more to say about the query outranks a passing mention
in another's list. Below ``MIN_SCORE`` a text is noise, unless no text reaches it and one office
stands out (``STANDOUT_FLOOR``). Last, each bureau's first answer is judged against the best of
the others (``confidence``).

Three answers are not an office: a query about a topic of another department's work (the
glossary's ``elsewhere``: "renew my passport") that the bureau names nowhere, and that names
no term of the field besides, lists nothing for that bureau and says whose matter it usually
is; a duty the bureau gave up at its last reform (``Kind.MOVED``) that fits the query better
than anything it still does is quoted in place of hits; and of two bureaus, a weak answer that
the other's plain answer outweighs (``OUTWEIGHED_SCORE``) is shown only as the bureau's
closest text.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hrss_compare.answer import EVIDENCE_SHOWN, Answer, BureauHits, Evidence, Hit, Kind
from hrss_compare.confidence import (
    CLEAR_MARGIN,
    CLOSE_MARGIN,
    Confidence,
    judge_answer,
)
from hrss_compare.model import Bureau
from hrss_compare.places import named_places
from hrss_compare.reading import (
    Reading,
    as_read,
    glossary_readings,
    read_as_written,
    read_query,
    typo_corrections,
    unused_words,
)
from hrss_compare.scoring import (
    ASKING,
    Query,
    WordCounts,
    ask,
    count_words,
    false_friends,
    ignoring,
    score_texts,
    unknown_weight,
    weigher,
    wider_held,
    with_given_up,
    with_written,
)
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
    stem,
    stems,
    without_topics,
    word_spans,
)

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


OUTWEIGHED_SCORE = 50.0
OUTWEIGHED_LEAD = 10.0
"""Of two bureaus, one whose answer is weak and scores under ``OUTWEIGHED_SCORE``, while the
other's is plain (``_plain``) and scores ``OUTWEIGHED_LEAD`` points more, may not hold the duty,
unless its first text gained from a counterpart (had it held the duty, the matcher would have
paired its text with the other's answer, which would lend it evidence), or holds every word of
the query that the bureau uses (it is weak only for words the bureau never writes: "CPPCC
proposal handling" where an office handles proposals), or the other's first text gained from
one of its texts (the matcher pairs them). It lists no hits, and its first text is
shown as its closest ("force majeure deferral of social insurance premiums" in a bureau whose
nearest text is on supplementary old-age insurance)."""

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
    if counterparts is not None and len(indexes) != 2:
        raise ValueError(f"counterparts link two bureaus, not {len(indexes)}")
    counts = count_words(indexes)
    # Typos are corrected toward any word a bureau uses (office names included) or the
    # glossary knows, but never toward a stopword: that would delete the word. Nor toward a
    # word as a text excludes it: what is typed is the plain word ("~" would show, too).
    known = {
        word.removeprefix(NEGATED) for index in indexes for word in index.vocabulary
    } | glossary.words
    read = read_query(query, (index.bureau.city for index in indexes), known, counts.texts,
                      glossary)
    # A query that names a topic of another department's work ("renew my passport") is not
    # about a bureau whose texts never name it: the words it shares with the bureau ("card",
    # "fund", "registration") would only find noise. Unless the rest of the query names a
    # term of the field ("must my employer pay the housing provident fund and social
    # insurance"): then it is searched, and the topic is only noted.
    away = [_not_named(read.topics, index) for index in indexes]
    as_written = [read_as_written(index, read.alone) for index in indexes]
    counts = with_written(counts, indexes, as_written)
    asked = _Asked.of(read, counts, indexes, away, glossary)
    plain = [
        {} if missing is not None and read.only_topic
        else score_texts(index, question, heed, words)
        for index, words, missing, question, heed in zip(
            indexes, as_written, away, asked.questions, asked.weights, strict=True
        )
    ]  # a bureau that the query's topic is foreign to lends the other no evidence either
    plain = [_lowered(score, texts, EXCLUDED_PENALTY)
             for score, texts in zip(plain, asked.barred, strict=True)]
    given_up = _given_up_answers(read, counts, indexes, away, as_written, asked, plain, glossary)
    plain = [
        {i: v for i, v in scored.items() if index.kind_rank[i] != MOVED_RANK}
        for scored, index in zip(plain, indexes, strict=True)
    ]
    scores = list(plain)  # with the counterparts' evidence, when given
    sources: list[dict[int, int]] = [{} for _ in indexes]
    if counterparts is not None:
        # A bureau whose answer is a duty it gave up lends nothing: what it still does is
        # not the answer there, and so no evidence here.
        lenders = [{} if gone is not None else score
                   for gone, score in zip(given_up, plain, strict=True)]
        (scores[0], sources[0]), (scores[1], sources[1]) = _with_counterparts(
            plain[0], plain[1], counterparts, lenders=(lenders[0], lenders[1])
        )
    if not _ASKING_HOUSE.search(read.text):  # after the counterparts: a flat penalty
        scores = [_out_of_house(score, index)
                  for score, index in zip(scores, indexes, strict=True)]
        plain = [_out_of_house(score, index) for score, index in zip(plain, indexes, strict=True)]
    corrections = typo_corrections(read.text, read.fix, indexes, glossary)
    read_as = dict(corrections)  # a typo is reported as the word read ("minimum")

    @functools.cache
    def query_vector() -> Matrix:
        """The sentence model's reading of the query (a row), once it is asked."""
        from hrss_compare.meaning import encode

        return encode([as_read(read.typed, read.places, corrections)])

    results = []
    kept = []  # per bureau: whether its first hit is kept from being outweighed
    for side, index in enumerate(indexes):
        foreign = away[side]
        unused = unused_words(read.text, read.pieces, index, read_as,
                              moved=given_up[side] is not None)
        readings = glossary_readings(read.text, read.pieces, unused, glossary)
        if read.only_topic and foreign is not None:
            used = any(find_word(index.vocabulary, word) >= 0 for word in read.rest)
            results.append(BureauHits(
                index.bureau, (), unused, elsewhere=foreign.what, read_as=readings,
                unsearched=" ".join(without_topics(read.text, read.topics).split())
                if used and asked_apart(read.text, read.topics) else None,
            ))
        elif (answer := given_up[side]) is not None:
            gone, score = answer
            entry = index.entries[gone]
            results.append(BureauHits(
                index.bureau, (), unused, read_as=readings,
                elsewhere=None if foreign is None else foreign.what,
                moved=Hit(kind=Kind.MOVED, office=None, label=entry.label, text=entry.text,
                          score=score, spans=_spans(entry.text, asked.highlight(side), glossary)),
            ))
        else:
            hits, first_kept = _bureau_hits(
                side, indexes, unused, readings, foreign, asked, as_written[side],
                scores[side], plain[side], sources[side], glossary, limit,
                None if meaning is None else (meaning[side], query_vector),
            )
            results.append(hits)
            kept.append(first_kept)
            continue
        kept.append(False)
    if counterparts is not None:
        results = _outweighed(results, kept)
    return Answer(read.typed, corrections, tuple(results),
                  places=named_places(read.typed, read.places))


def _plain(result: BureauHits) -> bool:
    """Whether a bureau's answer is plain by its words: clear, or likely with every word of the
    query used by the bureau, no topic of another department that it names nowhere, and no
    points from the sentence model on its first hit (a likely answer the model put ahead, or
    one that answers only part of the question, may be wrong itself)."""
    if result.confidence is Confidence.CLEAR:
        return True
    return (result.confidence is Confidence.LIKELY and not result.unknown
            and result.elsewhere is None and (result.hits[0].meaning or 0.0) <= 0)


def _outweighed(results: Sequence[BureauHits], kept: Sequence[bool]) -> list[BureauHits]:
    """Two bureaus' answers, with a weak one that the other's outweighs (``OUTWEIGHED_SCORE``)
    made no answer, its first hit shown as its closest text; ``kept``: per bureau, whether its
    first hit is kept all the same (it gained from a counterpart, or holds every word of the
    query the bureau uses). Nor is an answer outweighed by one that gained from its bureau's
    text."""
    found = list(results)
    for side, result in enumerate(results):
        other = results[1 - side]
        # Nor when the other's first hit gained from a text of this bureau: the matcher pairs
        # them, so this bureau holds the duty too, whatever its words make of the query.
        if (result.confidence is Confidence.WEAK and not kept[side]
                and other.hits and other.hits[0].evidence is None
                and result.hits[0].score < OUTWEIGHED_SCORE and _plain(other)
                and round(other.hits[0].score - result.hits[0].score, 1) >= OUTWEIGHED_LEAD):
            found[side] = BureauHits(
                result.bureau, (), result.unknown, read_as=result.read_as,
                elsewhere=result.elsewhere, closest=result.hits[0],
            )
    return found


@dataclass(frozen=True, slots=True)
class _Asked:
    """What each bureau is asked: the query as scored there, how its words weigh there, and
    which of its texts hold what the query excludes."""

    questions: tuple[Query, ...]
    """Per bureau: the query, or the rest of it where a topic of the query is foreign."""
    weights: tuple[Callable[[str], float], ...]
    """Per bureau: a word's weight there (nothing for its false friends)."""
    friends: tuple[frozenset[str], ...]
    """Per bureau: the query's words that are false friends there (``false_friends``)."""
    excluded: frozenset[str]
    """The words the query excludes (``_excluded``)."""
    barred: tuple[frozenset[int], ...]
    """Per bureau: its texts that hold what the query excludes."""
    asking: bool
    """Whether the query is a person's question (``ASKING``)."""
    unknown: float
    """The weight of a word no bureau uses (``unknown_weight``), of what they still do."""

    @classmethod
    def of(
        cls,
        read: Reading,
        counts: WordCounts,
        indexes: Sequence[SearchIndex],
        away: Sequence[Named | None],
        glossary: Glossary,
    ) -> _Asked:
        """What each of ``indexes`` is asked of ``read``; ``away``: per bureau, the query's
        topic foreign to it, if any."""
        asking = bool(ASKING.search(read.text))  # the same for every reading of the query
        unknown = unknown_weight(counts)
        weight = weigher(counts, unknown)
        asked = ask(read.tokens, weight, counts.texts, glossary, asking=asking)
        # A bureau that a topic of the query is foreign to is asked the rest of the query: the
        # topic's words, and its wider terms ("going abroad" for a passport), are no evidence.
        rest = (ask(read.rest, weight, counts.texts, glossary, asking=asking)
                if any(away) else asked)
        # A term of the query that a bureau lacks ("social security card", "medical insurance"
        # in a bureau without it; one its reform texts name is not lacking) is not found there
        # through its common words, which name the bureau's other terms.
        friends = tuple(  # of the rest of the query, where its topic is foreign to the bureau
            false_friends(index, read.tokens if missing is None else read.rest, glossary)
            for index, missing in zip(indexes, away, strict=True)
        )
        # A text that holds what the query excludes ("a foreigner who is not an expert") is not
        # what it asks for, whatever else it shares with it; nor does it lend its counterpart
        # evidence, nor stand for a duty given up.
        excluded = _excluded(read.tokens)
        return cls(
            tuple(asked if missing is None else rest for missing in away),
            tuple(functools.partial(ignoring, weight, ignored) if ignored else weight
                  for ignored in friends),
            friends, excluded, tuple(_texts_holding(index, excluded) for index in indexes),
            asking, unknown,
        )

    def highlight(self, side: int) -> frozenset[str]:
        """The words to highlight in a text of bureau ``side``: those it was asked."""
        return frozenset(self.questions[side].words)


def _given_up_answers(
    read: Reading,
    counts: WordCounts,
    indexes: Sequence[SearchIndex],
    away: Sequence[Named | None],
    as_written: Sequence[frozenset[str]],
    asked: _Asked,
    plain: Sequence[dict[int, float]],
    glossary: Glossary,
) -> list[tuple[int, float] | None]:
    """Per bureau, the duty it gave up at its last reform that answers the query (``_given_up``)
    and its score, or None. It is scored with what every text says, reform texts included
    ("maternity" may be a word only reform texts still use), and weighed against what the
    bureau still does (``plain``) as it stands alone, before counterparts and support: the
    answer must not hang on the other bureau."""
    reformed = [
        not (read.only_topic and missing is not None) and _reform_shares(index, question, words)
        for index, question, words, missing in zip(
            indexes, asked.questions, as_written, away, strict=True
        )
    ]  # a second pass costs: only for a bureau whose reform texts share a word with the query
    if not any(reformed):
        return [None] * len(indexes)
    every = with_given_up(counts, indexes)
    weight = weigher(every, asked.unknown)
    asked_all = ask(read.tokens, weight, every.texts, glossary, asking=asked.asking)
    rest_all = (ask(read.rest, weight, every.texts, glossary, asking=asked.asking)
                if any(away) else asked_all)
    answers: list[tuple[int, float] | None] = []
    for side, index in enumerate(indexes):
        if not reformed[side]:
            answers.append(None)
            continue
        question = asked_all if away[side] is None else rest_all
        heed = (functools.partial(ignoring, weight, asked.friends[side]) if asked.friends[side]
                else weight)
        answers.append(_given_up(index, plain[side], _lowered(
            score_texts(index, question, heed, as_written[side]), asked.barred[side],
            EXCLUDED_PENALTY,
        )))
    return answers


def _bureau_hits(
    side: int,
    indexes: Sequence[SearchIndex],
    unused: tuple[str, ...],
    readings: tuple[tuple[str, str], ...],
    foreign: Named | None,
    asked: _Asked,
    as_written: frozenset[str],
    scores: dict[int, float],
    plain: dict[int, float],
    sources: dict[int, int],
    glossary: Glossary,
    limit: int,
    meaning: tuple[Callable[[], Matrix], Callable[[], Matrix]] | None,
) -> tuple[BureauHits, bool]:
    """The hits of bureau ``side`` (of ``indexes``), ranked, and how sure the first is; and
    whether the first is kept from being outweighed (``OUTWEIGHED_SCORE``): it gained from a
    counterpart, however little (a hit shows only a gain from ``EVIDENCE_SHOWN``), or holds
    every word of the query the bureau uses (``_holds_every_used``).
    ``scores``: its texts' scores with the counterparts' evidence (``sources``: the counterpart
    each gained from), ``plain`` without; ``meaning``: its texts' vectors and the query's, when
    the sentence model may be asked."""
    index = indexes[side]
    ranked = _ranked(scores, index)
    lexical = ranked  # scores as the counterparts left them, for their evidence
    ranked = _yielding(ranked, index, plain)
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
        texts, query_vector = meaning
        cosines = texts() @ query_vector()[0]
        # Nor does the model's reading of such a text count, nor of any text of an office
        # named for what is excluded (the model reads the name with the text).
        unheard = asked.barred[side] | _named_for(index, asked.excluded, glossary)
        if unheard:
            cosines[sorted(unheard)] = 0.0
        ranked, added = _by_meaning(ranked, index, cosines, may_add=foreign is None)
    everything = _in_order(ranked, index)
    order = everything[:limit]
    rivals = _rivals(everything, index) if order else []  # none asked for (limit 0)
    rival = rivals[0] if rivals else None
    close = [i for i in rivals if round(ranked[order[0]] - ranked[i], 1) < CLOSE_MARGIN]
    shown = list(dict.fromkeys([*order, *rivals[:1], *close]))
    # What the counterparts changed: each hit's score against its score without them.
    alone = _ranked(plain, index) if any(i in sources for i in shown) else {}
    highlight = asked.highlight(side)
    built: dict[int, Hit] = {}
    for i in shown:
        entry = index.entries[i]
        through = wider_held(index, i, asked.questions[side], as_written)
        source = sources.get(i) if i in lexical else None  # only with two bureaus
        built[i] = Hit(
            kind=entry.kind, office=entry.office, label=entry.label, text=entry.text,
            score=ranked[i],
            spans=_spans(entry.text, highlight.union(*(wide for _, wide in through)), glossary),
            evidence=None if source is None else _evidence(
                source, round(lexical[i] - alone.get(i, plain[i]), 1), indexes[1 - side],
            ),
            wider=tuple((glossary.name(term), glossary.name(wide)) for term, wide in through),
            meaning=added.get(i) if meaning is not None and added else None,
        )
    lead = None if rival is None else round(ranked[order[0]] - ranked[rival], 1)
    crowd = sum(round(ranked[order[0]] - ranked[i], 1) < CLEAR_MARGIN for i in rivals
                ) if order else 0
    hits = BureauHits(
        index.bureau, tuple(built[i] for i in order), unused, read_as=readings,
        confidence=judge_answer(ranked[order[0]], lead, every_word=every_word,
                                by_words=not asked_meaning, crowd=crowd)
        if order else None,
        crowd=crowd,
        lead=lead,
        runner_up=None if rival is None else built[rival],
        close_calls=tuple(built[i] for i in close),
        elsewhere=None if foreign is None else foreign.what,
    )
    # Only a weak answer may be outweighed: whether its text holds every word is asked of none
    # other.
    kept = bool(order) and (
        (order[0] in sources and order[0] in lexical)
        or (hits.confidence is Confidence.WEAK
            and _holds_every_used(index, order[0], asked.questions[side].words))
    )
    return hits, kept


def _holds_every_used(index: SearchIndex, entry: int, words: Sequence[str]) -> bool:
    """Whether the text ``entry`` holds every word of ``words`` (the query as scored) that the
    bureau uses in any text: then it is weak only for words the bureau never writes ("CPPCC
    proposal handling" in a bureau whose office handles proposals, naming no CPPCC)."""
    held = set(index.entry_words[entry])
    used = [k for k in (find_word(index.vocabulary, word) for word in words)
            if k >= 0 and index.frequency[k]]
    return bool(used) and all(k in held for k in used)


def _reform_shares(index: SearchIndex, asked: Query, written: Collection[str]) -> bool:
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
