"""The bureaus' cities named in a query, which `where` does not search."""

from __future__ import annotations

import pytest

from hrss_compare.places import place_spans, without_places


@pytest.mark.parametrize(("query", "cities", "found"), [
    ("minimum wage in Changsha", ["Changsha", "Shaoxing"], ["Changsha"]),
    ("changsha's and SHAOXING pensions", ["Changsha", "Shaoxing"], ["changsha's", "SHAOXING"]),
    ("Changshan pensions", ["Changsha"], []),  # a whole word only
    ("city-wide jobs in Mini City", ["Mini City"], ["Mini City"]),  # never "city" alone
    ("jobs in Mini  City", ["Mini City"], ["Mini  City"]),
    ("Hong Kong jobs", ["Hong Kong", None, ""], ["Hong Kong"]),
    ("青溪市 pension Qingxi", ["青溪 Qingxi"], ["青溪", "Qingxi"]),  # in either script
    ("pension", [None], []),
])
def test_place_spans(query: str, cities: list[str | None], found: list[str]) -> None:
    assert [query[start:end] for start, end in place_spans(query, cities)] == found


def test_without_places_keeps_every_other_word_where_it_was() -> None:
    query = "minimum wage in Changsha now"
    text = without_places(query, place_spans(query, ["Changsha"]))
    assert len(text) == len(query)
    assert text == "minimum wage in          now"
