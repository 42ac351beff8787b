"""The duties' vectors the matcher reads: each duty alone, in the matcher's order."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from hrss_compare import duty_vectors
from hrss_compare.duty_vectors import duty_meaning, duty_texts, too_many_duties
from hrss_compare.load import load_bureau
from hrss_compare.match import duty_table
from hrss_compare.meaning import encode, shipped, vectors
from hrss_compare.model import Bureau, Office
from hrss_compare.text import load_glossary

CHANGSHA, SHAOXING = load_bureau("changsha"), load_bureau("shaoxing")


def test_each_duty_is_read_alone_in_office_order() -> None:
    meaning = duty_meaning(CHANGSHA, SHAOXING)
    assert meaning is not None
    assert meaning.left.shape == (CHANGSHA.duty_count, 384)
    assert meaning.right.shape == (SHAOXING.duty_count, 384)
    texts = duty_texts(CHANGSHA)
    assert texts == list(duty_table(CHANGSHA, load_glossary()).texts)  # the matcher's rows
    assert np.array_equal(meaning.left, vectors(texts))


@pytest.mark.parametrize(("duty", "read"), [
    ("养老保险 (pension insurance for enterprise employees)",
     "pension insurance for enterprise employees"),
    ("工伤保险\uff08work injury insurance (excluding civil servants)\uff09",
     "work injury insurance (excluding civil servants)"),
    ("【工伤认定】work injury identification", "work injury identification"),
    ("工伤认定: work injury identification", "work injury identification"),
    ("Sets the (年度) minimum wage", "Sets the minimum wage"),
    ("(pay) 中文 (wage)", "(pay) (wage)"),  # two brackets, not one around the rest
    ("负责政务公开和新闻宣传", "负责政务公开和新闻宣传"),  # nothing else to read
    ("负责全市人力资源市场和HR服务", "负责全市人力资源市场和HR服务"),  # no English "HR"
    ("《劳动法》 implement the Labor Law。", "implement the Labor Law"),
    ("Sets the minimum wage (annual)", "Sets the minimum wage (annual)"),
])
def test_the_model_reads_the_english_beside_chinese(duty: str, read: str) -> None:
    # The model reads English: the Chinese beside it only moves its vector.
    bureau = Bureau("a", "A", (Office("x", "X", (duty,)),))
    assert duty_texts(bureau) == [read]


def test_an_office_name_is_not_read_with_its_duties() -> None:
    # Two offices of one name are not alike by their name: the matcher weighs names apart.
    one = Bureau("a", "A", (Office("x", "Wages and Welfare Office", ("Maintains the printers",)),))
    two = Bureau("b", "B", (Office("y", "Wages and Welfare Office", ("Sets the minimum wage",)),))
    meaning = duty_meaning(one, two)
    assert meaning is not None
    assert float(meaning.left[0] @ meaning.right[0]) < 0.35


def test_the_builtin_duties_vectors_ship() -> None:
    # An edited built-in bureau needs `python tools/export_minilm.py --vectors`.
    for bureau in (CHANGSHA, SHAOXING):
        found = shipped(duty_texts(bureau))
        assert found is not None, "run tools/export_minilm.py --vectors"
        # float16 of the model's own vectors
        assert np.allclose(found[:3], encode(duty_texts(bureau)[:3]), atol=2e-3)


def test_a_reader_gives_the_vectors() -> None:
    asked: list[tuple[int, int]] = []

    def read(side: int, texts: Sequence[str]) -> np.ndarray:
        asked.append((side, len(texts)))
        return vectors(texts)

    assert duty_meaning(CHANGSHA, SHAOXING, read=read) is not None
    assert asked == [(0, CHANGSHA.duty_count), (1, SHAOXING.duty_count)]


def test_too_many_duties_for_the_model_means_words_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # Their vectors would take minutes to make: the matcher reads the words alone.
    monkeypatch.setattr(duty_vectors, "MEANING_MOST_DUTIES", SHAOXING.duty_count)
    assert CHANGSHA.duty_count > SHAOXING.duty_count
    assert too_many_duties(SHAOXING, CHANGSHA) is CHANGSHA
    assert duty_meaning(CHANGSHA, SHAOXING) is None
    monkeypatch.setattr(duty_vectors, "MEANING_MOST_DUTIES", CHANGSHA.duty_count)
    assert too_many_duties(SHAOXING, CHANGSHA) is None
    assert duty_meaning(CHANGSHA, SHAOXING) is not None
