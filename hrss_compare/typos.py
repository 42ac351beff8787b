"""Typing slips in a query: a word that no bureau and no glossary entry uses is read as the
known word one slip away ("arbitraton" -> "arbitration"), unless it is a real word
("yearly" is not "early")."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from hrss_compare.text import NEGATOR_WORDS

TYPO_MIN_LENGTH = 5
"""Unknown query words shorter than this are never corrected (too many words are one slip
apart), but for a word one shorter with two neighbouring letters swapped ("wokr")."""

TYPO_LONG_WORD = 8
"""From this length an unknown query word may be two typing slips away from the word meant."""


def corrector(
    known: Collection[str],
    stopwords: Collection[str],
    frequency: Mapping[str, int],
    real: Callable[[str], bool] = lambda word: False,
    completing: Callable[[], Collection[str]] = lambda: (),
) -> Callable[[str], str]:
    """A stem's correction: a word no bureau and no glossary entry uses becomes the known word
    one typing slip away (a letter missed, added, changed or two swapped; two slips in a long
    word). Of equally close words, one that makes a glossary phrase with the query's other
    words wins (``completing``: "wage arears" is "wage arrears", not "wage areas"), then the one
    the bureaus use most (``frequency``: in how many texts), then the one alike for longer at
    the start; a word of four letters is read only as the one known word with two
    neighbouring letters the other way round. Known words, stopwords, the negators' words
    (``NEGATOR_WORDS``), shorter words and words with a digit are kept ("stop" is not a typo
    of "top", nor "2012" of "2021"), and so are a word that ``real`` says was typed as a
    real word ("provident" is not "provider", nor "lien" "line") and a word with two
    candidates alike on all of these: a coin toss."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    targets: list[str] = []  # sorted only when a word needs correcting: most queries have none
    partners: list[Collection[str]] = []  # likewise
    done: dict[str, str] = {}  # a query's words are read more than once

    def correct(word: str) -> str:
        if (
            word in known or word in stopwords or word in NEGATOR_WORDS
            or len(word) < TYPO_MIN_LENGTH - 1
            or any(char.isdigit() for char in word)  # "4500 yuan" is no slip of "4050"
        ):
            return word
        if word not in done:
            closest = closest_known(word) if len(word) >= TYPO_MIN_LENGTH else swapped(word)
            # The word list is read only when a slip is found.
            done[word] = word if closest != word and real(word) else closest
        return done[word]

    def swapped(word: str) -> str:
        # A short word is read as the one known word with two neighbouring letters the other way
        # round ("wokr" is "work"); any other slip leaves too many words to choose from.
        found = {
            turned for turned in (
                word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)
            )
            if turned in known and turned not in stopwords
        }
        return found.pop() if len(found) == 1 else word

    def closest_known(word: str) -> str:
        if not targets:
            targets.extend(sorted(set(known).difference(stopwords)))
        slips = 1 if len(word) < TYPO_LONG_WORD else 2
        found = process.extract(word, targets, scorer=OSA.distance, score_cutoff=slips, limit=None)
        closest = [str(match) for match, distance, _ in found if distance == found[0][1]]
        # The likelier word makes a phrase with the query's other words ("wage arears"), else
        # is the commoner one ("arbitraton" is "arbitration", not "arbitrator"); slips are
        # rarer at a word's start ("injur" is "injury", not "insur").
        if len(closest) > 1 and not partners:
            partners.append(completing())
        ranked = sorted(
            (
                (bool(partners) and match in partners[0], frequency.get(match, 0),
                 shared_start(word, match), match)
                for match in closest
            ),
            reverse=True,
        )
        if not ranked or (len(ranked) > 1 and ranked[0][:3] == ranked[1][:3]):
            return word
        return ranked[0][3]

    return correct


def shared_start(one: str, other: str) -> int:
    """How many letters two words share from their start."""
    pairs = zip(one, other, strict=False)
    return next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(one), len(other)))
