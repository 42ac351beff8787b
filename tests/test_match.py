"""Duty similarity: the duty table, and each duty's best match in every office of the other side.

Only the public shape of ``match`` is tested (``duty_table``, ``best_by_office`` and the
``OfficeBest`` it returns), so the scoring inside can change freely.
"""

from __future__ import annotations

import numpy as np
import pytest

from hrss_compare.duty_vectors import duty_meaning
from hrss_compare.load import load_bureau
from hrss_compare.match import Meaning, OfficeBest, best_by_office, duty_table
from hrss_compare.model import Bureau, Office
from hrss_compare.text import Glossary, load_glossary

CHANGSHA = load_bureau("changsha")
LEGAL = CHANGSHA.office("legal").duties
WAGES = CHANGSHA.office("wages-welfare").duties
LETTERS = CHANGSHA.office("letters-calls").duties
FOREIGN = CHANGSHA.office("foreign-experts").duties


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def bureau(bureau_id: str, **offices: tuple[str, ...]) -> Bureau:
    """A bureau built in code: one office per keyword, named after its id."""
    return Bureau(
        id=bureau_id,
        name=bureau_id.title(),
        offices=tuple(Office(key, key.title(), duties) for key, duties in offices.items()),
    )


def office_range(bureau: Bureau, position: int) -> range:
    start = sum(len(o.duties) for o in bureau.offices[:position])
    return range(start, start + len(bureau.offices[position].duties))


def best(left: Bureau, right: Bureau, glossary: Glossary) -> OfficeBest:
    return best_by_office(duty_table(left, glossary), duty_table(right, glossary))


def test_duty_table_flattens_offices_in_order(glossary: Glossary) -> None:
    left = bureau("l", a=LEGAL[:3], b=WAGES[:2])
    table = duty_table(left, glossary)
    assert table.office_ids == ("a", "b")
    assert table.starts == (0, 3)
    assert table.office_of.tolist() == [0, 0, 0, 1, 1]
    assert table.texts == LEGAL[:3] + WAGES[:2]
    assert table.contents == tuple(glossary.content(t) for t in table.texts)
    assert len(table) == 5


def test_duty_contents_are_normalized(glossary: Glossary) -> None:
    left = bureau("l", a=("Responsible for the Endowment Insurance of the whole city",))
    right = bureau("r", a=("old-age insurance",))
    assert duty_table(left, glossary).contents == duty_table(right, glossary).contents


def check_shapes_and_ranges(result: OfficeBest, left: Bureau, right: Bureau) -> None:
    n_left, n_right = left.duty_count, right.duty_count
    assert result.left_best.shape == (n_left, len(right.offices))
    assert result.left_arg.shape == (n_left, len(right.offices))
    assert result.right_best.shape == (n_right, len(left.offices))
    assert result.right_arg.shape == (n_right, len(left.offices))
    assert result.left_cover.shape == (n_left, len(right.offices))
    assert result.right_cover.shape == (n_right, len(left.offices))
    for scores in (result.left_best, result.right_best, result.left_cover, result.right_cover):
        assert np.all(scores >= 0) and np.all(scores <= 100)
    # where a duty has a match in an office, the matched duty is one of that office's duties
    for k in range(len(right.offices)):
        found = result.left_best[:, k] > 0
        assert set(result.left_arg[found, k].tolist()) <= set(office_range(right, k))
    for k in range(len(left.offices)):
        found = result.right_best[:, k] > 0
        assert set(result.right_arg[found, k].tolist()) <= set(office_range(left, k))


def test_best_by_office_on_the_builtin_pair(glossary: Glossary) -> None:
    shaoxing = load_bureau("shaoxing")
    result = best(CHANGSHA, shaoxing, glossary)
    check_shapes_and_ranges(result, CHANGSHA, shaoxing)


def test_both_views_agree_on_the_best_pair_of_two_offices(glossary: Glossary) -> None:
    """max over a's duties of their best in b == max over b's duties of their best in a."""
    shaoxing = load_bureau("shaoxing")
    result = best(CHANGSHA, shaoxing, glossary)
    for a in range(len(CHANGSHA.offices)):
        rows_a = list(office_range(CHANGSHA, a))
        for b in range(len(shaoxing.offices)):
            rows_b = list(office_range(shaoxing, b))
            from_left = float(result.left_best[rows_a, b].max())
            from_right = float(result.right_best[rows_b, a].max())
            assert from_left == pytest.approx(max(from_right, 0.0)), (a, b)


def test_a_bureau_against_itself_matches_every_duty_to_itself(glossary: Glossary) -> None:
    result = best(CHANGSHA, CHANGSHA, glossary)
    for position in range(len(CHANGSHA.offices)):
        for i in office_range(CHANGSHA, position):
            assert result.left_best[i, position] == 100.0
            assert result.left_arg[i, position] == i
            assert result.right_best[i, position] == 100.0
            assert result.right_arg[i, position] == i
            assert result.left_cover[i, position] == 100.0


def test_glossary_variants_score_as_the_same_duty(glossary: Glossary) -> None:
    duty = "Formulate the endowment insurance policies for enterprise employees"
    left = bureau("l", a=(duty, *LEGAL), b=WAGES)
    right = bureau(
        "r", x=("formulate the old-age insurance policy for enterprise employees", *FOREIGN),
        y=LETTERS,
    )
    result = best(left, right, glossary)
    check_shapes_and_ranges(result, left, right)
    assert result.left_best[0, 0] == 100.0
    assert result.left_arg[0, 0] == 0


def test_unrelated_duties_score_below_the_default_threshold(glossary: Glossary) -> None:
    left = bureau("l", a=("Responsible for the management of state-owned assets of the bureau",
                          *LEGAL))
    right = bureau("r", x=LETTERS, y=FOREIGN)
    result = best(left, right, glossary)
    assert result.left_best[0].max() < 50.0


@pytest.mark.parametrize("by_meaning", [False, True])
def test_results_do_not_depend_on_block_size(
    glossary: Glossary, monkeypatch: pytest.MonkeyPatch, by_meaning: bool
) -> None:
    from hrss_compare import match

    shaoxing = load_bureau("shaoxing")
    meaning = duty_meaning(CHANGSHA, shaoxing) if by_meaning else None
    tables = duty_table(CHANGSHA, glossary), duty_table(shaoxing, glossary)
    whole = best_by_office(*tables, meaning=meaning)
    monkeypatch.setattr(match, "BLOCK_PAIRS", 500)  # a few left duties per block
    blocked = best_by_office(*tables, meaning=meaning)
    for name in OfficeBest.__slots__:
        assert np.array_equal(getattr(whole, name), getattr(blocked, name)), name


def test_identical_duties_score_100_in_a_small_bureau(glossary: Glossary) -> None:
    left = bureau("l", a=LEGAL[:3], b=WAGES[:3])
    right = bureau("r", x=LEGAL[:3], y=WAGES[:3])
    result = best(left, right, glossary)
    for i in range(3):
        assert result.left_best[i, 0] == 100.0
        assert result.left_best[3 + i, 1] == 100.0


def unit(*rows: list[float]) -> np.ndarray:
    """Rows normalized to length 1, as the sentence model's vectors are."""
    matrix = np.asarray(rows, dtype=np.float32)
    normalized: np.ndarray = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return normalized


@pytest.mark.parametrize("exhaustive", [True, False])
def test_duties_close_in_meaning_match_without_a_shared_word(
    glossary: Glossary, exhaustive: bool
) -> None:
    left = bureau("l", a=("Looks after the elderly once they stop working",),
                  b=("Keeps the seals",))
    right = bureau("r", x=("Endowment insurance of enterprise employees",),
                   y=("Postdoctoral research stations",))
    tables = duty_table(left, glossary), duty_table(right, glossary)
    words = best_by_office(*tables, exhaustive=exhaustive)
    assert words.left_best.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    # cosines: old age/endowment 0.575 (halfway from MEANING_LOW 0.35 to MEANING_HIGH 0.8),
    # the rest 0 (unrelated)
    meaning = Meaning(unit([0.575, (1 - 0.575**2) ** 0.5, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]),
                      unit([1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]), "test")
    both = best_by_office(*tables, exhaustive=exhaustive, meaning=meaning)
    assert both.left_best.tolist() == [[50.0, 0.0], [0.0, 0.0]]
    assert both.right_best[:, 0].tolist() == [50.0, 0.0]


def test_the_meaning_closes_part_of_the_gap_to_100(glossary: Glossary) -> None:
    left = bureau("l", a=("Manage the collection of pension funds",))
    right = bureau("r", x=("Manage the collection of pension funds",),
                   y=("Supervise the payment of pension funds",))
    tables = duty_table(left, glossary), duty_table(right, glossary)
    words = best_by_office(*tables).left_best[0]
    assert words[0] == 100.0 and 0.0 < words[1] < 80.0
    # cosines 0.485: a meaning score of 30, which closes 0.3 x 30% of the gap to 100
    meaning = Meaning(unit([0.485, (1 - 0.485**2) ** 0.5]), unit([1.0, 0.0], [1.0, 0.0]), "test")
    both = best_by_office(*tables, meaning=meaning).left_best[0]
    assert both[0] == 100.0  # the same words stay 100
    assert both[1] == pytest.approx(words[1] + 0.09 * (100.0 - words[1]), abs=0.11)
    # cosines 0.71: a meaning score of 80, more than the words' score with its part of it
    meaning = Meaning(unit([0.71, (1 - 0.71**2) ** 0.5]), unit([1.0, 0.0], [1.0, 0.0]), "test")
    assert best_by_office(*tables, meaning=meaning).left_best[0, 1] == 80.0


def test_meaning_vectors_must_fit_the_duties(glossary: Glossary) -> None:
    left = bureau("l", a=LEGAL[:2])
    tables = duty_table(left, glossary), duty_table(left, glossary)
    two = unit([1.0, 0.0], [0.0, 1.0])
    for wrong in (Meaning(unit([1.0, 0.0]), two, "test"),  # one row short
                  Meaning(two, unit([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]), "test")):  # widths
        with pytest.raises(ValueError, match="one row per duty"):
            best_by_office(*tables, meaning=wrong)
