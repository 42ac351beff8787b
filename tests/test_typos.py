"""Typing slips: an unknown query word read as the known word one slip away."""

from __future__ import annotations

import pytest

from hrss_compare.english import is_english
from hrss_compare.typos import corrector


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("arbitartion", "arbitration"),  # two letters swapped: one slip
        ("pregnacy", "pregnancy"),
        ("postdoctorial", "postdoctoral"),
        ("unemployemnet", "unemployment"),  # two slips in a long word
        ("branch", "branch"),  # a real word two slips from "breach" is not a typo
        ("stop", "stop"),  # short words are never corrected ("top" is one slip away)
    ],
)
def test_typo_correction_takes_one_slip_or_two_in_long_words(word: str, meant: str) -> None:
    correct = corrector({"arbitration", "pregnancy", "postdoctoral", "unemployment",
                                 "breach", "top"}, {"would"}, {})
    assert correct(word) == meant


def test_typos_are_never_corrected_into_a_stopword_or_a_coin_toss() -> None:
    correct = corrector({"world", "would", "wage", "page"}, {"would"}, {})
    assert correct("world") == "world"  # known
    assert correct("would") == "would"  # a stopword as typed stays one
    assert correct("worlf") == "world"
    assert correct("woulf") == "woulf"  # one slip from "would" only, but it is a stopword
    correct = corrector({"planning", "planting"}, set(), {})
    assert correct("plantng") == "planting"
    correct = corrector({"injury", "insur"}, set(), {})
    assert correct("injur") == "injury"  # one slip from both, but slips are rarer early on
    correct = corrector({"wage", "page"}, set(), {})
    assert correct("xage") == "xage"  # too short to correct at all
    correct = corrector({"wages", "pages"}, set(), {})
    assert correct("xages") == "xages"  # one slip from both, alike at the start: no guess


def test_a_four_letter_word_is_read_with_two_neighbouring_letters_swapped_only() -> None:
    correct = corrector({"work", "wage", "page", "from", "form"}, {"from"}, {})
    assert correct("wokr") == "work"  # QA: "wokr injury" was an unknown word
    assert correct("wgae") == "wage"
    assert correct("worc") == "worc"  # a letter changed: "work", "word", "worn"... too many
    assert correct("wor") == "wor"
    assert correct("fomr") == "form"
    assert correct("rfom") == "rfom"  # "from" is a stopword: never a correction
    correct = corrector({"abcd", "badc"}, set(), {})
    assert correct("bacd") == "bacd"  # two readings: a coin toss
    # a real word is kept (review: "lien" was read as "line"), and so is a number
    correct = corrector({"line", "care", "4050", "2021", "40500"}, set(), {}, real=is_english)
    assert correct("lien") == "lien" and correct("acre") == "acre"
    assert correct("4005") == "4005" and correct("2012") == "2012"
    assert correct("4050x") == "4050x" and correct("40050") == "40050"


def test_of_equally_close_words_the_one_the_bureaus_use_most_wins() -> None:
    known = {"arbitration", "arbitrator", "inspection", "inspector"}
    used = {"arbitration": 9, "arbitrator": 1, "inspection": 7, "inspector": 2}
    correct = corrector(known, set(), used)
    # A letter left out of "-tion" is one slip, like "n" typed for "r": the common word wins.
    assert correct("arbitraton") == "arbitration"
    assert correct("inspecton") == "inspection"
    assert corrector(known, set(), {})("inspecton") == "inspector"  # longer shared start


def test_a_word_that_makes_a_glossary_phrase_with_the_query_wins() -> None:
    known = {"grand", "grant"}
    used = {"grand": 5, "grant": 1}
    assert corrector(known, set(), used)("granx") == "grand"  # one slip from both
    asked = []

    def completing() -> set[str]:
        asked.append(1)
        return {"grant"}  # "research granx": "research grant" is a phrase

    correct = corrector(known, set(), used, completing=completing)
    assert correct("granx") == "grant"
    assert correct("grnt") == "grnt" and correct("grant") == "grant"
    assert asked == [1]  # asked once, and only when a word had two candidates


def test_a_word_typed_as_a_real_word_is_not_a_slip() -> None:
    # A stem one slip from a known word, typed as a real word, stays ("yearli" is a made-up
    # stem here, one slip from "earli").
    assert corrector({"earli"}, set(), {})("yearli") == "earli"
    real = {"yearli"}.__contains__
    correct = corrector({"earli", "arbitration"}, set(), {}, real=real)
    assert correct("yearli") == "yearli"
    assert correct("arbitraton") == "arbitration"  # not a real word: still a slip


@pytest.mark.parametrize(
    ("word", "real"),
    [
        ("yearly", True), ("Provident", True), ("counted", True), ("licencing", True),
        ("lien", True), ("tyre", True), ("wokr", False),
        ("goverment", False), ("arbitraton", False), ("retirment", False),
        ("germany", False),  # proper nouns are not listed: "germany" may be read as "german"
    ],
)
def test_the_english_word_list(word: str, real: bool) -> None:
    assert is_english(word) is real
