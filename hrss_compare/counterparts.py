"""Which texts of two bureaus are one duty worded two ways, for ``where``: a query that plainly
names a duty of one bureau is evidence for the duty the matcher pairs with it in the other,
however differently that one is worded.

A duty's counterpart is read off the two bureaus' alignment. Bureau-level texts (main
responsibilities, affiliated organs) are not aligned, so each is paired here with the duty of
the other bureau it matches best; without that, every duty could gain evidence and they none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from hrss_compare.answer import Kind
from hrss_compare.match import DutyTable, block_scores, build_vocabulary, without_unshared_cjk
from hrss_compare.model import Alignment, DutyMatch
from hrss_compare.search import Counterparts
from hrss_compare.search_index import SearchIndex
from hrss_compare.text import Glossary


def paired(
    first: SearchIndex,
    second: SearchIndex,
    *,
    glossary: Glossary,
    align: Callable[[], Alignment],
) -> Counterparts:
    """The counterpart pairs of two indexes, from their alignment (``align``, called only when
    needed: a bureau searched against itself is not worth aligning)."""
    if first.bureau == second.bureau:
        return Counterparts(())
    return counterparts(align(), first, second, glossary=glossary)


def counterparts(
    alignment: Alignment, first: SearchIndex, second: SearchIndex, *, glossary: Glossary
) -> Counterparts:
    """The counterpart pairs of two indexes, both ways: each duty with the duty the alignment
    matches it with (the best of the office it fits best), weighed by that fit; each bureau-level
    text with the duty of the other bureau most like it, weighed by their similarity. Weak pairs
    count little. No pairs for a bureau searched against itself: it is no evidence of itself.
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
    pairs: dict[tuple[int, int], float] = {}

    def add(i: int, j: int, alike: float) -> None:
        pairs[i, j] = max(pairs.get((i, j), 0.0), alike)

    left, right = (second, first) if swapped else (first, second)
    on_left, on_right = _duty_entries(left), _duty_entries(right)
    for duty in alignment.left_duties:
        for i, j in _pairs(duty, on_left, on_right):
            add(i, j, duty.score / 100)
    for duty in alignment.right_duties:
        for j, i in _pairs(duty, on_right, on_left):
            add(i, j, duty.score / 100)
    if swapped:  # pairs are (left, right) of the alignment: make them (first, second)
        pairs = {(j, i): alike for (i, j), alike in pairs.items()}
    for i, j, alike in _bureau_level(first, second, glossary):
        add(i, j, alike)
    for j, i, alike in _bureau_level(second, first, glossary):
        add(i, j, alike)
    return Counterparts(tuple(sorted((i, j, alike) for (i, j), alike in pairs.items())))


DutyEntries = dict[tuple[str, int | str], tuple[int, ...]]


def _duty_entries(index: SearchIndex) -> DutyEntries:
    """Each duty's entry in ``index``, by (office, position in its list), and the entries of
    each (office, text): an office may list one text twice."""
    found: dict[tuple[str, int | str], list[int]] = {}
    position: dict[str, int] = {}
    for number, entry in enumerate(index.entries):
        if entry.kind is not Kind.DUTY or entry.office is None:
            continue
        k = position[entry.office] = position.get(entry.office, -1) + 1
        found[entry.office, k] = [number]
        found.setdefault((entry.office, entry.text), []).append(number)
    return {key: tuple(numbers) for key, numbers in found.items()}


def _pairs(duty: DutyMatch, own: DutyEntries, other: DutyEntries) -> list[tuple[int, int]]:
    """The entries of a duty and of its match in the other bureau; none without a match."""
    if duty.other_office is None or duty.other_text is None:
        return []
    return [(i, j) for i in own.get((duty.office, duty.index), ())
            for j in other.get((duty.other_office, duty.other_text), ())]


def _bureau_level(
    own: SearchIndex, other: SearchIndex, glossary: Glossary
) -> list[tuple[int, int, float]]:
    """Each bureau-level text of ``own`` with the duty of ``other`` most like it by the
    matcher's duty score: (its entry, the duty's entry, the score as 0-1)."""
    # A duty given up at the last reform (Kind.MOVED) is no one's counterpart.
    mine = [n for n, entry in enumerate(own.entries)
            if entry.kind in (Kind.RESPONSIBILITY, Kind.AFFILIATED)]
    theirs = [n for n, entry in enumerate(other.entries) if entry.kind is Kind.DUTY]
    if not mine or not theirs:
        return []
    tables = (_table(own, mine, glossary), _table(other, theirs, glossary))
    texts = (without_unshared_cjk(*tables), without_unshared_cjk(tables[1], tables[0]))
    vocabulary = build_vocabulary(texts[0].contents, texts[1].contents)
    scores = block_scores(texts[0], texts[1], vocabulary, 0, len(mine))
    best = np.argmax(scores, axis=1)  # the first of equals: deterministic
    return [(n, theirs[int(k)], float(scores[row, k]) / 100)
            for row, (n, k) in enumerate(zip(mine, best, strict=True)) if scores[row, k] > 0]


def _table(index: SearchIndex, numbers: Sequence[int], glossary: Glossary) -> DutyTable:
    """Some of an index's texts, as the matcher's table of duties (all in one office)."""
    texts = tuple(index.entries[n].text for n in numbers)
    return DutyTable(
        office_ids=("",), starts=(0,), office_of=np.zeros(len(texts), dtype=np.int32),
        texts=texts, contents=tuple(glossary.content(text) for text in texts),
    )
