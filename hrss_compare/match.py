"""Similarity between the duties of two bureaus, vectorized.

A duty pair's score (0-100) blends two views of the normalized duty texts:
- a fuzzy string score (rapidfuzz ``token_set_ratio`` via ``process.cdist``), which forgives
  word order, inflection and the odd typo;
- a weighted word overlap (Dice over words weighted by inverse document frequency), which makes
  a shared rare word ("postdoctoral") count for more than a shared common one ("policy").

Neither alone is reliable on machine-translated text: the fuzzy score calls a short duty the
same as any long duty that contains its words, and the overlap misses near-spellings. The blend
is what the aligner sees, reduced to the best score of each duty in each office of the other
bureau, computed block by block so memory stays bounded for bureaus of many thousands of duties.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hrss_compare.model import Bureau
from hrss_compare.text import Glossary

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]

FUZZY_WEIGHT = 0.5
"""Share of the fuzzy string score in a duty pair's score; the rest is the weighted overlap."""

BLOCK_PAIRS = 4_000_000
"""How many duty pairs are scored at once; bounds memory for large bureaus."""


@dataclass(frozen=True, slots=True)
class DutyTable:
    """A bureau's duties flattened in office order, with their normalized forms."""

    office_ids: tuple[str, ...]
    starts: tuple[int, ...]
    """Index of each office's first duty; an office's duties are contiguous."""
    office_of: IntArray
    """For each duty, the position of its office in ``office_ids``."""
    texts: tuple[str, ...]
    contents: tuple[str, ...]
    """Normalized content words of each duty, joined by spaces."""

    def __len__(self) -> int:
        return len(self.texts)


def duty_table(bureau: Bureau, glossary: Glossary) -> DutyTable:
    """Flatten a bureau's duties and normalize each once."""
    texts: list[str] = []
    office_of: list[int] = []
    starts: list[int] = []
    for position, office in enumerate(bureau.offices):
        starts.append(len(texts))
        texts.extend(office.duties)
        office_of.extend([position] * len(office.duties))
    contents = tuple(glossary.content(text) for text in texts)
    return DutyTable(
        office_ids=tuple(office.id for office in bureau.offices),
        starts=tuple(starts),
        office_of=np.asarray(office_of, dtype=np.int32),
        texts=tuple(texts),
        contents=contents,
    )


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word weights shared by both sides: inverse document frequency over all duties."""

    index: dict[str, int]
    weights: FloatArray


def build_vocabulary(*tables: Sequence[str]) -> Vocabulary:
    """IDF weights of the words of the given content strings (each string a document)."""
    frequency: dict[str, int] = {}
    total = 0
    for contents in tables:
        for content in contents:
            total += 1
            for word in set(content.split()):
                frequency[word] = frequency.get(word, 0) + 1
    words = sorted(frequency)
    weights = np.asarray(
        [math.log((total + 1) / (frequency[w] + 0.5)) for w in words], dtype=np.float32
    )
    return Vocabulary({w: i for i, w in enumerate(words)}, weights)


def _bag(contents: Sequence[str], vocabulary: Vocabulary) -> FloatArray:
    """Rows of word weights (a word counted once per duty)."""
    matrix = np.zeros((len(contents), len(vocabulary.index)), dtype=np.float32)
    for row, content in enumerate(contents):
        columns = [vocabulary.index[w] for w in set(content.split()) if w in vocabulary.index]
        matrix[row, columns] = vocabulary.weights[columns]
    return matrix


def overlap_scores(
    left: Sequence[str], right: Sequence[str], vocabulary: Vocabulary
) -> FloatArray:
    """Weighted Dice overlap of every left/right pair of content strings, 0-100."""
    left_bag = _bag(left, vocabulary)
    right_bag = _bag(right, vocabulary)
    shared = left_bag @ (right_bag > 0).T.astype(np.float32)
    totals = left_bag.sum(axis=1)[:, None] + right_bag.sum(axis=1)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(totals > 0, 200.0 * shared / totals, 0.0)
    return scores.astype(np.float32)


def fuzzy_scores(left: Sequence[str], right: Sequence[str], *, workers: int = -1) -> FloatArray:
    """rapidfuzz token_set_ratio of every left/right pair, 0-100."""
    from rapidfuzz import fuzz, process

    result: FloatArray = process.cdist(
        left, right, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=workers
    )
    return result


def pair_scores(
    left: Sequence[str], right: Sequence[str], vocabulary: Vocabulary, *, workers: int = -1
) -> FloatArray:
    """The duty score of every left/right pair of content strings, 0-100."""
    fuzzy = fuzzy_scores(left, right, workers=workers)
    overlap = overlap_scores(left, right, vocabulary)
    blended: FloatArray = (FUZZY_WEIGHT * fuzzy + (1.0 - FUZZY_WEIGHT) * overlap).astype(
        np.float32
    )
    # Rounding to a tenth makes results independent of float summation order (blocking).
    rounded: FloatArray = np.round(blended, 1).astype(np.float32)
    return rounded


@dataclass(frozen=True, slots=True)
class OfficeBest:
    """For every duty, its best score in each office of the other bureau, and which duty."""

    left_best: FloatArray
    """(left duties, right offices): best score of the left duty among the office's duties."""
    left_arg: IntArray
    """(left duties, right offices): index of that right duty."""
    right_best: FloatArray
    """(right duties, left offices): best score of the right duty among the office's duties."""
    right_arg: IntArray
    """(right duties, left offices): index of that left duty."""
    left_cover: FloatArray
    """(left duties, right offices): weighted share of the duty's words found in the office."""
    right_cover: FloatArray
    """(right duties, left offices): weighted share of the duty's words found in the office."""


def coverage(
    duties: Sequence[str], offices: DutyTable, vocabulary: Vocabulary
) -> FloatArray:
    """How much of each duty's weighted vocabulary appears anywhere in each office, 0-100.

    This is the duty's context: a duty about unemployment insurance belongs with the office
    whose duties talk about unemployment insurance, even if no single duty there says it alike.
    """
    bag = _bag(duties, vocabulary)
    present = np.zeros((len(offices.starts), len(vocabulary.index)), dtype=np.float32)
    for row, content in enumerate(offices.contents):
        columns = [vocabulary.index[w] for w in content.split() if w in vocabulary.index]
        present[offices.office_of[row], columns] = 1.0
    totals = bag.sum(axis=1)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(totals > 0, 100.0 * (bag @ present.T) / totals, 0.0)
    result: FloatArray = np.round(scores, 1).astype(np.float32)
    return result


def _segment_best(
    scores: FloatArray, starts: tuple[int, ...], offset: int = 0
) -> tuple[FloatArray, IntArray]:
    """Per row, the max over each contiguous column segment and the column where it occurs."""
    rows = scores.shape[0]
    best = np.empty((rows, len(starts)), dtype=np.float32)
    arg = np.empty((rows, len(starts)), dtype=np.int32)
    ends = (*starts[1:], scores.shape[1])
    for segment, (start, end) in enumerate(zip(starts, ends, strict=True)):
        part = scores[:, start:end]
        where = part.argmax(axis=1)
        best[:, segment] = part[np.arange(rows), where]
        arg[:, segment] = where + start + offset
    return best, arg


def best_by_office(
    left: DutyTable,
    right: DutyTable,
    *,
    scorer: Callable[[Sequence[str], Sequence[str]], FloatArray] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> OfficeBest:
    """Score every duty pair, block by block, keeping each duty's best per office."""
    vocabulary = build_vocabulary(left.contents, right.contents)
    if scorer is None:

        def scorer(a: Sequence[str], b: Sequence[str]) -> FloatArray:
            return pair_scores(a, b, vocabulary)

    n_left, n_right = len(left), len(right)
    left_best = np.zeros((n_left, len(right.starts)), dtype=np.float32)
    left_arg = np.zeros((n_left, len(right.starts)), dtype=np.int32)
    right_best = np.full((n_right, len(left.starts)), -1.0, dtype=np.float32)
    right_arg = np.zeros((n_right, len(left.starts)), dtype=np.int32)
    rows_per_block = max(1, BLOCK_PAIRS // max(1, n_right))
    for first in range(0, n_left, rows_per_block):
        last = min(n_left, first + rows_per_block)
        block = scorer(left.contents[first:last], right.contents)
        left_best[first:last], left_arg[first:last] = _segment_best(block, right.starts)
        # The right side's view: max over this block's rows within each left office.
        transposed = np.ascontiguousarray(block.T)
        local_starts = [s - first for s in left.starts if first <= s < last]
        office_first = int(left.office_of[first])
        if not local_starts or local_starts[0] != 0:
            local_starts = [0, *local_starts]
        best, arg = _segment_best(transposed, tuple(local_starts), offset=first)
        for k in range(best.shape[1]):
            office = office_first + k
            better = best[:, k] > right_best[:, office]
            right_best[better, office] = best[better, k]
            right_arg[better, office] = arg[better, k]
        if progress is not None:
            progress(last, n_left)
    return OfficeBest(
        left_best, left_arg, right_best, right_arg,
        coverage(left.contents, right, vocabulary), coverage(right.contents, left, vocabulary),
    )
