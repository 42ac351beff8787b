"""Two bureaus' duties as the sentence model reads them, for the matcher (``match.Meaning``).

The vectors are those `where` reads (``search.meaning_texts``: each text with its office's
name), so one set per bureau serves both, shipped for the built-in bureaus and kept in the
cache for a file; the duties are their first rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hrss_compare.match import Meaning
from hrss_compare.search import MEANING_MOST_TEXTS, Kind, SearchIndex, build_index, meaning_texts

if TYPE_CHECKING:
    from hrss_compare.meaning import Matrix
    from hrss_compare.model import Bureau
    from hrss_compare.text import Glossary

Reader = Callable[[int, SearchIndex], "Matrix"]
"""The vectors of a bureau's ``meaning_texts``, given its side (0 left, 1 right) and index."""


def duty_meaning(
    left: Bureau, right: Bureau, glossary: Glossary, read: Reader | None = None
) -> Meaning | None:
    """The vectors of both bureaus' duties, in the matcher's order, or None when a bureau has
    more texts than the model is asked to read (``MEANING_MOST_TEXTS``: making their vectors
    would take minutes), so the duties are matched by their words alone. ``read``: where the
    vectors come from (by default the model, or the vectors shipped for a built-in bureau)."""
    bureaus = (left, right)
    if any(bureau.duty_count > MEANING_MOST_TEXTS for bureau in bureaus):
        return None
    indexes = [build_index(bureau, glossary) for bureau in bureaus]
    if any(len(index.entries) > MEANING_MOST_TEXTS for index in indexes):
        return None
    reader = read or _model
    left_rows, right_rows = (duty_vectors(index, reader(side, index))
                             for side, index in enumerate(indexes))
    return Meaning(left_rows, right_rows)


def _model(side: int, index: SearchIndex) -> Matrix:
    from hrss_compare.meaning import vectors

    return vectors(meaning_texts(index))


def duty_vectors(index: SearchIndex, vectors: Matrix) -> Matrix:
    """The rows of a bureau's vectors (of ``meaning_texts``) that are its offices' duties, in
    office order, as the matcher lists them (``match.DutyTable``): the index lists them
    first."""
    count = index.bureau.duty_count
    if len(vectors) != len(index.entries) or any(
        entry.kind is not Kind.DUTY for entry in index.entries[:count]
    ):
        raise ValueError("the vectors must be those of the index's meaning_texts")
    return vectors[:count]
