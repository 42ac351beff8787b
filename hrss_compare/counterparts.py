"""Which duties of two bureaus are one duty worded two ways, read off their alignment, for
``where``: a query that plainly names a duty of one bureau is evidence for the duty the matcher
pairs with it in the other, however differently that one is worded."""

from __future__ import annotations

from hrss_compare.model import Alignment, DutyMatch
from hrss_compare.search import Counterparts, Kind, SearchIndex


def counterparts(alignment: Alignment, first: SearchIndex, second: SearchIndex) -> Counterparts:
    """The duty pairs of ``alignment`` as entries of the two indexes: each duty with the duty
    it matches best in the other bureau, both ways, however weakly (the weaker the pair, the
    less it counts). No pairs for a bureau searched against itself: it is no evidence of itself.
    """
    if first.bureau == second.bureau:
        return Counterparts(())
    sides = (alignment.left, alignment.right)
    swapped = sides == (second.bureau, first.bureau)
    if not swapped and sides != (first.bureau, second.bureau):
        raise ValueError(
            f"the alignment is of {sides[0].id} and {sides[1].id}, not of the bureaus "
            f"searched, {first.bureau.id} and {second.bureau.id}"
        )
    left, right = (second, first) if swapped else (first, second)
    on_left, on_right = _duty_entries(left), _duty_entries(right)
    pairs: dict[tuple[int, int], float] = {}
    for duty in alignment.left_duties:
        if (found := _pair(duty, on_left, on_right)) is not None:
            pairs[found] = max(pairs.get(found, 0.0), duty.score / 100)
    for duty in alignment.right_duties:
        if (found := _pair(duty, on_right, on_left)) is not None:
            pairs[found[::-1]] = max(pairs.get(found[::-1], 0.0), duty.score / 100)
    if swapped:  # pairs are (left, right) of the alignment: make them (first, second)
        pairs = {(j, i): alike for (i, j), alike in pairs.items()}
    return Counterparts(tuple(sorted((i, j, alike) for (i, j), alike in pairs.items())))


def _duty_entries(index: SearchIndex) -> dict[tuple[str, int | str], int]:
    """Each duty's entry in ``index``, by (office, position in its list) and (office, text)."""
    found: dict[tuple[str, int | str], int] = {}
    position: dict[str, int] = {}
    for number, entry in enumerate(index.entries):
        if entry.kind is not Kind.DUTY or entry.office is None:
            continue
        k = position[entry.office] = position.get(entry.office, -1) + 1
        found[entry.office, k] = number
        found.setdefault((entry.office, entry.text), number)
    return found


def _pair(
    duty: DutyMatch,
    own: dict[tuple[str, int | str], int],
    other: dict[tuple[str, int | str], int],
) -> tuple[int, int] | None:
    """The entries of a duty and of its best match in the other bureau; None without one."""
    if duty.other_office is None or duty.other_text is None:
        return None
    i = own.get((duty.office, duty.index))
    j = other.get((duty.other_office, duty.other_text))
    return None if i is None or j is None else (i, j)
