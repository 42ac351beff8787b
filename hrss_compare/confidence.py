"""How sure ``where`` is of a bureau's first answer, from its score and its lead over the next.

An answer is an office, an affiliated organ, or the bureau's main responsibilities. Measured in
the twelfth session on the query sets of ``tests/fixtures`` (42 sets, 3,349 lookups with a hit),
the first answer was the expected one for 97% of ``clear`` answers; 78% of ``likely`` ones for
their lead and 93% of those for a word the bureau never uses; 58% of ``close`` (86% for the first
or the runner-up) and 57% of ``weak``. On two sets written that session and never tuned on (147
lookups with a hit): 96%, 90%, 93%, 43% and 45%. ``weak`` is also where a question that no
office of the bureau handles finds noise: 17% of them expected no match (30% on the two sets).
"""

from __future__ import annotations

from enum import StrEnum


class Confidence(StrEnum):
    """How likely a bureau's first answer is the office that holds the duty."""

    CLEAR = "clear"
    """A strong score, no other answer within ``CLEAR_MARGIN`` points, every word of the
    query used by the bureau, and all that by the words alone."""
    LIKELY = "likely"
    """A strong score, and another answer within ``CLEAR_MARGIN`` points but not
    ``CLOSE_MARGIN``, or a word of the query the bureau never uses, or a lead the sentence
    model gave (the words alone gave a weak answer, a close call or none)."""
    CLOSE = "close"
    """A strong score, and another answer within ``CLOSE_MARGIN`` points: either may be it."""
    WEAK = "weak"
    """A score under ``STRONG_SCORE``: the words match only in part; or a strong score that
    ``CROWD`` other answers or more come within ``CLEAR_MARGIN`` points of, the nearest under
    ``CROWD_LEAD``: the query's words are common in the bureau ("management") and do not tell
    its offices apart."""


STRONG_SCORE = 60.0
"""From this score (0-100) a first answer's words match well (below it, about half are right)."""

CLOSE_MARGIN = 2.0
"""A lead (in points) under which two answers are a close call."""

CLEAR_MARGIN = 10.0
"""A lead from which the first answer is clear."""

CROWD = 5
"""How many other answers within ``CLEAR_MARGIN`` points make a strong first answer weak: the
query's words are everywhere in the bureau ("management", "policy", "training"). Measured in
the twenty-second session over the 65 query sets (6,328 lookups), of the strong answers that
were not close calls, those with no other answer that near were right 93% of the time (1,783),
with one 77% (508), two 74% (150), three 70% (33), four 83% (12), and five or more 1 of 3:
accuracy falls little with a few near answers, so only a crowd is weak. The sentence model is
asked as before (asking it of answers with two or more near cost 14 lookups)."""

CROWD_LEAD = 5.0
"""In a crowd, a first answer this many points ahead of the next stays as it was: a query that
names an office's work ("planning", 7.7 points ahead of eight others) is no common word."""


def judge_answer(
    score: float, lead: float | None, *, every_word: bool, by_words: bool = True, crowd: int = 0
) -> Confidence:
    """The confidence of a first answer scoring ``score``, ``lead`` points ahead of the best
    other answer (None: no other answer is a credible match); ``every_word``: whether the
    bureau uses every word of the query (a word it never uses may be what the query is about:
    "marriage registration"); ``by_words``: whether the words alone gave the answer (False when
    the sentence model was asked, as the words' answer was weak, a close call or none: of such
    answers the model made clear, 82% were right, against 98% of those clear by the words);
    ``crowd``: how many other answers score within ``CLEAR_MARGIN`` points of it
    (``CROWD``, ``CROWD_LEAD``)."""
    if score < STRONG_SCORE or (crowd >= CROWD and lead is not None and lead < CROWD_LEAD):
        return Confidence.WEAK
    if lead is not None and lead < CLOSE_MARGIN:
        return Confidence.CLOSE
    if (lead is None or lead >= CLEAR_MARGIN) and every_word and by_words:
        return Confidence.CLEAR
    return Confidence.LIKELY
