"""How sure `where` is of a first answer: its score, its lead, and whether every word is used."""

from __future__ import annotations

import pytest

from hrss_compare.confidence import (
    CLEAR_MARGIN,
    CLOSE_MARGIN,
    CROWD,
    CROWD_LEAD,
    STRONG_SCORE,
    Confidence,
    judge_answer,
)


@pytest.mark.parametrize(
    ("score", "lead", "every_word", "expected"),
    [
        (95.0, None, True, Confidence.CLEAR),  # nothing else matches
        (95.0, CLEAR_MARGIN, True, Confidence.CLEAR),
        (STRONG_SCORE, 30.0, True, Confidence.CLEAR),
        (95.0, CLEAR_MARGIN - 0.1, True, Confidence.LIKELY),
        (95.0, CLOSE_MARGIN, True, Confidence.LIKELY),
        (95.0, CLOSE_MARGIN - 0.1, True, Confidence.CLOSE),
        (95.0, 0.0, True, Confidence.CLOSE),  # a tie
        (95.0, None, False, Confidence.LIKELY),  # a query word the bureau never uses
        (95.0, 30.0, False, Confidence.LIKELY),
        (95.0, 0.5, False, Confidence.CLOSE),
        (STRONG_SCORE - 0.1, None, True, Confidence.WEAK),
        (40.0, 0.0, True, Confidence.WEAK),  # weak before close: the words match only in part
    ],
)
def test_judge_answer(score: float, lead: float | None, every_word: bool,
                      expected: Confidence) -> None:
    assert judge_answer(score, lead, every_word=every_word) is expected
    # A lead the sentence model gave is never clear; nothing else changes.
    by_model = Confidence.LIKELY if expected is Confidence.CLEAR else expected
    assert judge_answer(score, lead, every_word=every_word, by_words=False) is by_model


@pytest.mark.parametrize(
    ("lead", "crowd", "expected"),
    [
        (CLEAR_MARGIN - 0.1, CROWD - 1, Confidence.LIKELY),
        (CROWD_LEAD - 0.1, CROWD, Confidence.WEAK),  # its words do not tell offices apart
        (CLEAR_MARGIN - 0.1, CROWD, Confidence.LIKELY),
        (CLOSE_MARGIN - 0.1, CROWD, Confidence.WEAK),  # weak before close, as a low score
        (CLOSE_MARGIN - 0.1, CROWD - 1, Confidence.CLOSE),
        (CROWD_LEAD, CROWD, Confidence.LIKELY),  # far enough ahead of the crowd: it names one
        (CROWD_LEAD - 0.1, CROWD + 3, Confidence.WEAK),
    ],
)
def test_a_first_answer_among_many_as_good_is_weak(
    lead: float, crowd: int, expected: Confidence
) -> None:
    assert judge_answer(100.0, lead, every_word=True, crowd=crowd) is expected
