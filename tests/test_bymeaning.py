"""The duties' vectors the matcher reads: the rows of `where`'s vectors that are duties."""

from __future__ import annotations

import numpy as np
import pytest

from hrss_compare import bymeaning
from hrss_compare.bymeaning import duty_meaning, duty_vectors
from hrss_compare.load import load_bureau
from hrss_compare.meaning import vectors
from hrss_compare.search import SearchIndex, build_index, meaning_texts
from hrss_compare.text import load_glossary

CHANGSHA, SHAOXING = load_bureau("changsha"), load_bureau("shaoxing")


def test_the_duties_are_the_first_rows_in_office_order() -> None:
    glossary = load_glossary()
    meaning = duty_meaning(CHANGSHA, SHAOXING, glossary)
    assert meaning is not None
    assert meaning.left.shape == (CHANGSHA.duty_count, 384)
    assert meaning.right.shape == (SHAOXING.duty_count, 384)
    index = build_index(CHANGSHA, glossary)
    texts = meaning_texts(index)
    duties = [f"{office.name}: {duty}" for office in CHANGSHA.offices for duty in office.duties]
    assert texts[:len(duties)] == duties
    assert np.array_equal(meaning.left, vectors(texts)[:len(duties)])


def test_other_vectors_are_refused() -> None:
    index = build_index(CHANGSHA, load_glossary())
    with pytest.raises(ValueError, match="meaning_texts"):
        duty_vectors(index, np.zeros((CHANGSHA.duty_count, 384), dtype=np.float32))


def test_a_reader_gives_the_vectors() -> None:
    asked: list[int] = []

    def read(side: int, index: SearchIndex) -> np.ndarray:
        asked.append(side)
        return vectors(meaning_texts(index))

    assert duty_meaning(CHANGSHA, SHAOXING, load_glossary(), read) is not None
    assert asked == [0, 1]


def test_too_many_texts_for_the_model_means_words_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # Their vectors would take minutes to make: the matcher reads the words alone.
    monkeypatch.setattr(bymeaning, "MEANING_MOST_TEXTS", SHAOXING.duty_count)
    assert duty_meaning(CHANGSHA, SHAOXING, load_glossary()) is None
    # counted with the main responsibilities and organs, as `where` counts them
    monkeypatch.setattr(bymeaning, "MEANING_MOST_TEXTS", CHANGSHA.duty_count)
    assert CHANGSHA.duty_count >= SHAOXING.duty_count
    assert duty_meaning(CHANGSHA, SHAOXING, load_glossary()) is None
