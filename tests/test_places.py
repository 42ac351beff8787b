"""The bureaus' cities named in a query, which `where` does not search."""

from __future__ import annotations

import pytest

from hrss_compare.places import (
    named_places,
    only_places,
    place_spans,
    query_places,
    read_without_places,
    without_places,
)


@pytest.mark.parametrize(("query", "cities", "found"), [
    ("minimum wage in Changsha", ["Changsha", "Shaoxing"], ["Changsha"]),
    ("changsha's and SHAOXING pensions", ["Changsha", "Shaoxing"], ["changsha's", "SHAOXING"]),
    ("change jobs in Chang", ["Changsha"], []),  # whole words, a letter off at most
    ("minimum wage in Changsah", ["Changsha"], ["Changsah"]),  # a typo is the city too
    ("jobs in Shaoxng", ["Shaoxing"], ["Shaoxng"]),
    ("jobs in Hexii", ["Hexi"], []),  # too short a name for a typo to be sure
    ("my employer changed my contract", ["Changde"], []),  # a real word is no typo of it
    ("pensions in Changed", ["Changde"], []),
    ("pensions in Chagnde", ["Changde"], ["Chagnde"]),
    ("city-wide jobs in Mini City", ["Mini City"], ["Mini City"]),  # never "city" alone
    ("jobs in Qingxi", ["Qingxi City"], ["Qingxi"]),  # a word for what it is may be left out
    ("jobs in Qingxi county", ["Qingxi County"], ["Qingxi county"]),
    ("full-time jobs", ["Full City"], []),  # an English word is no city's name left bare
    ("jobs in Mini  City", ["Mini City"], ["Mini  City"]),  # however far apart its words
    ("Hong Kong jobs", ["Hong Kong", None, "", "  "], ["Hong Kong"]),
    ("青溪市 pension Qingxi", ["青溪 Qingxi"], ["青溪市", "Qingxi"]),  # in either script
    ("Qingxi pension 青溪", ["Qingxi (青溪)"], ["Qingxi", "青溪"]),  # either name of two
    ("Qingxi pension", ["青溪\uff08Qingxi\uff09"], ["Qingxi"]),
    ("Ma\u2019anshan pensions", ["Ma'anshan"], ["Ma\u2019anshan"]),  # either apostrophe
    ("pensions in Foo", ["Foo."], ["Foo"]),
    ("pensions in St. Louis", ["St. Louis"], ["St. Louis"]),
    ("pension", [None], []),
    ("推广安全生产培训", ["广安 Guang\u2019an"], []),  # not inside other Chinese words
    ("广安市的养老金", ["广安 Guang\u2019an"], []),
    ("广安市 pension", ["广安 Guang\u2019an"], ["广安市"]),
    ("Guang'an jobs", ["广安 Guang\u2019an"], ["Guang'an"]),  # either apostrophe, either way
])
def test_place_spans(query: str, cities: list[str | None], found: list[str]) -> None:
    assert [query[start:end] for start, end in place_spans(query, cities)] == found


def test_without_places_keeps_every_other_word_where_it_was() -> None:
    # A comma first: the words either side of a place are no phrase ("unpaid ... wages").
    query = "unpaid Changsha wages"
    text = without_places(query, place_spans(query, ["Changsha"]))
    assert len(text) == len(query)
    assert text == "unpaid ,        wages"


def test_named_places_are_each_named_once() -> None:
    query = "Changsha pensions and CHANGSHA jobs in Shaoxing"
    spans = place_spans(query, ["Changsha", "Shaoxing"])
    assert named_places(query, spans) == ("Changsha", "Shaoxing")


@pytest.mark.parametrize(("query", "read"), [
    ("job centre in Shaoxing", "job centre"),  # with the preposition before it
    ("policy of Shaoxing's", "policy"),
    ("Shaoxing training", "training"),
    ("pensions in Shaoxing and Changsha", "pensions and"),
    ("pensions, Shaoxing", "pensions"),
])
def test_read_without_places_is_the_query_as_a_sentence_without_them(
    query: str, read: str
) -> None:
    assert read_without_places(query, place_spans(query, ["Shaoxing", "Changsha"])) == read


def test_only_places_names_them_when_nothing_else_is_asked() -> None:
    def has_words(text: str) -> bool:
        return any(word not in {"in", "and"} for word in text.replace(",", " ").split())

    def known(typed: str) -> bool:
        return typed.casefold() == "australia"

    cities = ["Changsha", "Shaoxing"]
    assert only_places("in Changsha and changsha's", cities, has_words, known) == ("Changsha",)
    assert only_places("pensions in Changsha", cities, has_words, known) == ()
    assert only_places("pensions", cities, has_words, known) == ()
    # Another place typed as a name is one too, unless its name is a known word.
    assert only_places("jobs, in Wuhan", cities, lambda text: "jobs" in text, known) == ()
    assert only_places("in Wuhan", cities, has_words, known) == ("Wuhan",)
    assert only_places("in Australia", cities, has_words, known) == ()


def test_query_places_are_the_bureaus_cities_and_places_typed_as_names() -> None:
    cities = ["Changsha"]
    query = "pension from Wuhan to Changsha, at Pensoin office, in Australia"
    spans = query_places(query, cities, lambda typed: typed == "Australia")
    assert [query[start:end] for start, end in spans] == ["Wuhan", "Changsha"]
