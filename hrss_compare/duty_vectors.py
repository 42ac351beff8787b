"""Two bureaus' duties as the sentence model reads them, for the matcher (``match.Meaning``).

The model reads each duty alone, without its office's name: the matcher weighs office names
apart, and a name read with every duty would make two offices of one name alike whatever
their duties say. The built-in bureaus' vectors ship with the tool (``meaning.shipped``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from hrss_compare.match import Meaning
from hrss_compare.scripts import readable

if TYPE_CHECKING:
    from hrss_compare.meaning import Matrix
    from hrss_compare.model import Bureau

Reader = Callable[[int, Sequence[str]], "Matrix"]
"""The vectors of one bureau's duty texts, given its side (0 for the left bureau, 1 for the
right: the two may be one bureau, read from two files) and the texts."""

MEANING_MOST_DUTIES = 2000
"""A bureau of more duties is matched by its words alone: making their vectors would take
minutes (a real bureau has a few hundred)."""


def duty_texts(bureau: Bureau) -> list[str]:
    """What the model reads of a bureau's duties, in office order as the matcher lists them
    (``match.DutyTable``): of a duty written in English and Chinese (or Japanese, Korean), its
    English, which is what the model reads."""
    return [readable(duty) for office in bureau.offices for duty in office.duties]


def duty_meaning(left: Bureau, right: Bureau, *, read: Reader | None = None) -> Meaning | None:
    """The vectors of both bureaus' duties, or None when a bureau has more than
    ``MEANING_MOST_DUTIES``, so the duties are matched by their words alone. ``read``: where
    the vectors come from (by default the model, or the vectors shipped for a built-in
    bureau)."""
    if too_many_duties(left, right) is not None:
        return None
    from hrss_compare.meaning import MODEL

    reader = read or _model
    left_rows, right_rows = (reader(side, duty_texts(bureau))
                             for side, bureau in enumerate((left, right)))
    return Meaning(left_rows, right_rows, MODEL)


def too_many_duties(left: Bureau, right: Bureau) -> Bureau | None:
    """The first of the two bureaus with more duties than the model is asked to read."""
    return next((b for b in (left, right) if b.duty_count > MEANING_MOST_DUTIES), None)


def _model(side: int, texts: Sequence[str]) -> Matrix:
    from hrss_compare.meaning import vectors

    return vectors(texts)
