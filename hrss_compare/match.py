"""Similarity between the duties of two bureaus, vectorized.

A duty pair's words' score (0-100) blends two views of the normalized duty texts, and is 0 for
duties that share no uncommon word and are not the same text (common words are boilerplate:
sharing them proves nothing):
- a fuzzy string score (rapidfuzz ``token_set_ratio`` via ``process.cdist``), which forgives
  word order, inflection and the odd typo;
- a weighted word overlap (Dice over words weighted by inverse document frequency), which makes
  a shared rare word ("postdoctoral") count for more than a shared common one ("policy").

Neither alone is reliable on machine-translated text: the fuzzy score calls a short duty the
same as any long duty that contains its words, and the overlap misses near-spellings.

Both read words, so two duties that say one thing in other words ("runs the state pension
scheme", "endowment insurance for enterprise employees") share nothing. Given the sentence
model's vectors of the duties, each read alone (``Meaning``), a pair's meaning score also
counts: 0 at a cosine of ``MEANING_LOW``, 100 at ``MEANING_HIGH``. The meaning then closes
``MEANING_BOOST`` x its score / 100 of the gap between the words' score and 100, or the pair
scores its meaning score alone where that is higher: a pair the words call the same stays 100,
and one the words and the model both call half alike (50) scores 57.5.

The result is what the aligner sees, reduced to the best score of each duty in each office of
the other bureau, computed block by block so memory stays bounded for bureaus of many
thousands of duties.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from hrss_compare.cjk import has_cjk
from hrss_compare.model import Bureau
from hrss_compare.sparse import Rows, idf
from hrss_compare.text import Glossary

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]

FUZZY_WEIGHT = 0.5
"""Share of the fuzzy string score in a duty pair's score; the rest is the weighted overlap."""

MEANING_LOW = 0.35
"""Cosine of two duties' vectors from which their meaning score is above 0 (unrelated duties of
one field often reach 0.3)."""

MEANING_HIGH = 0.8
"""Cosine from which two duties' meaning score is 100: they say the same thing."""

MEANING_BOOST = 0.3
"""Share of the gap between a pair's words' score and 100 that a meaning score of 100 closes."""


@dataclass(frozen=True, slots=True)
class Meaning:
    """The sentence model's vectors of both sides' duties, rows in ``DutyTable`` order,
    normalized (a dot product is the cosine), and the model's name, for reports."""

    left: FloatArray
    right: FloatArray
    model: str

    def cosines(self, first: int, last: int) -> npt.NDArray[np.float64]:
        """(left duties ``first:last``, right duties): the cosines, in float64 so that a sum's
        order (the block, the BLAS build) never moves a score's last digit."""
        result: npt.NDArray[np.float64] = (
            self.left[first:last].astype(np.float64) @ self.right.T.astype(np.float64)
        )
        return result

    def pair_cosines(
        self, i: npt.NDArray[np.int64], j: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """The cosines of the pairs (i[n], j[n]), as ``cosines`` computes them; a few thousand
        pairs at a time (``PAIR_ROWS``): the rows gathered in float64 would otherwise take
        gigabytes for a large bureau's candidates, and most of the time."""
        result = np.empty(len(i), dtype=np.float64)
        for first in range(0, len(i), PAIR_ROWS):
            a, b = i[first:first + PAIR_ROWS], j[first:first + PAIR_ROWS]
            result[first:first + PAIR_ROWS] = np.einsum(
                "ij,ij->i", self.left[a].astype(np.float64), self.right[b].astype(np.float64)
            )
        return result


PAIR_ROWS = 8_192
"""How many duty pairs' vectors ``Meaning.pair_cosines`` gathers at once (for 384 numbers a
vector, 25 MB a side)."""


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


def mostly_latin(table: DutyTable) -> bool:
    """Whether fewer than half the table's duties have a Chinese, Japanese or Korean word."""
    return 2 * sum(has_cjk(text) for text in table.contents) < len(table.contents)


def without_unshared_cjk(table: DutyTable, other: DutyTable) -> DutyTable:
    """The table, its duties' Chinese, Japanese and Korean words that ``other`` never writes
    taken out, when ``other`` is mostly written in other scripts (``mostly_latin``): there they
    can match nothing and would only weigh against the rest of their duty (a duty written in
    two languages, "养老保险 (pension insurance)", is matched by its English). Against a
    bureau written in Chinese too, every word is kept."""
    if not mostly_latin(other) or not any(has_cjk(text) for text in table.contents):
        return table
    shared = {word for text in other.contents for word in text.split() if has_cjk(word)}
    return replace(table, contents=tuple(
        " ".join(word for word in text.split() if word in shared or not has_cjk(word))
        for text in table.contents
    ))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word weights shared by both sides: inverse document frequency over all duties."""

    weights: npt.NDArray[np.float64]
    common: npt.NDArray[np.bool_]
    """Words in more than ``COMMON_SHARE`` of all duties: they select no candidates."""
    left: Rows
    right: Rows


COMMON_SHARE = 0.1
"""A word in more than this share of all duties is common: shared, it proves no kinship."""

COMMON_FLOOR = 20
"""...and in more than this many duties: in small bureaus every shared word still counts."""


def build_vocabulary(left: Sequence[str], right: Sequence[str]) -> Vocabulary:
    """IDF weights of the words of both sides' content strings (each string a document)."""
    frequency: dict[str, int] = {}
    for contents in (left, right):
        for content in contents:
            for word in set(content.split()):
                frequency[word] = frequency.get(word, 0) + 1
    words = sorted(frequency)
    index = {w: i for i, w in enumerate(words)}
    total = len(left) + len(right)
    counts = np.asarray([frequency[w] for w in words], dtype=np.float64)
    weights = idf(counts, total)

    def encode(contents: Sequence[str]) -> Rows:
        return Rows.from_lists([sorted({index[w] for w in c.split()}) for c in contents])

    common = counts > max(COMMON_SHARE * total, COMMON_FLOOR)
    return Vocabulary(weights, common, encode(left), encode(right))


def _blend(fuzzy: npt.NDArray[np.floating[Any]], shared: npt.NDArray[np.float64],
           totals: npt.NDArray[np.float64]) -> FloatArray:
    """The duty score from the fuzzy score and the shared word weight, rounded to a tenth.

    Rounding makes the result independent of float summation order, so the exhaustive and
    the candidate method agree to the last digit.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        overlap = np.where(totals > 0, 200.0 * shared / totals, 0.0)
    blended = FUZZY_WEIGHT * fuzzy.astype(np.float64) + (1.0 - FUZZY_WEIGHT) * overlap
    result: FloatArray = np.round(blended, 1).astype(np.float32)
    return result


def _with_meaning(scores: FloatArray, cosines: npt.NDArray[np.floating[Any]]) -> FloatArray:
    """The pairs' scores with their meaning: the words' score with ``MEANING_BOOST`` x the
    meaning score / 100 of its gap to 100 closed, or the meaning score where higher; rounded
    to a tenth."""
    meant = 100.0 * np.clip((cosines.astype(np.float64) - MEANING_LOW)
                            / (MEANING_HIGH - MEANING_LOW), 0.0, 1.0)
    words = scores.astype(np.float64)
    both = np.maximum(words + MEANING_BOOST * meant * (100.0 - words) / 100.0, meant)
    result: FloatArray = np.round(both, 1).astype(np.float32)
    return result


def _same_text(left: Sequence[str], right: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Which pairs are the same normalized text: always kin, even in common words only."""
    ids: dict[str, int] = {}
    left_ids = np.asarray([ids.setdefault(t, len(ids)) for t in left], dtype=np.int64)
    right_ids = np.asarray([ids.setdefault(t, len(ids)) for t in right], dtype=np.int64)
    same: npt.NDArray[np.bool_] = left_ids[:, None] == right_ids[None, :]
    return same


def _same_text_pairs(left: Sequence[str], right: Sequence[str]) -> npt.NDArray[np.int64]:
    """Keys ``i * len(right) + j`` of the pairs with the same normalized text."""
    where: dict[str, list[int]] = {}
    for j, text in enumerate(right):
        where.setdefault(text, []).append(j)
    keys = [i * len(right) + j for i, text in enumerate(left) for j in where.get(text, ())]
    return np.asarray(keys, dtype=np.int64)


def fuzzy_scores(left: Sequence[str], right: Sequence[str]) -> FloatArray:
    """rapidfuzz token_set_ratio of every left/right pair, 0-100."""
    from rapidfuzz import fuzz, process

    result: FloatArray = process.cdist(
        left, right, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1
    )
    return result


def block_scores(
    left: DutyTable, right: DutyTable, vocabulary: Vocabulary, first: int, last: int,
    meaning: Meaning | None = None,
) -> FloatArray:
    """The duty score of left duties ``first:last`` against every right duty, 0-100, with
    their meaning when given."""
    fuzzy = fuzzy_scores(left.contents[first:last], right.contents)
    bag = vocabulary.left.dense(vocabulary.weights, first, last)
    present = vocabulary.right.dense(np.ones_like(vocabulary.weights))
    shared = bag @ present.T
    # Duties that share only common words are not the same duty, however alike they read.
    kin = (bag[:, ~vocabulary.common] @ present[:, ~vocabulary.common].T) > 0
    kin |= _same_text(left.contents[first:last], right.contents)
    left_totals = vocabulary.left.sums(vocabulary.weights)[first:last]
    right_totals = vocabulary.right.sums(vocabulary.weights)
    scores = _blend(fuzzy, shared, left_totals[:, None] + right_totals[None, :])
    gated: FloatArray = np.where(kin, scores, np.float32(0.0))
    if meaning is not None:
        gated = _with_meaning(gated, meaning.cosines(first, last))
    return gated


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
    rows: Rows, offices: DutyTable, office_rows: Rows, weights: npt.NDArray[np.float64]
) -> FloatArray:
    """How much of each duty's weighted vocabulary appears anywhere in each office, 0-100.

    This is the duty's context: a duty about unemployment insurance belongs with the office
    whose duties talk about unemployment insurance, even if no single duty there says it alike.
    """
    present = np.zeros((len(offices.starts), len(weights)), dtype=np.float64)
    owner = np.repeat(offices.office_of, office_rows.lengths())
    present[owner, office_rows.indices] = 1.0
    totals = rows.sums(weights)
    result = np.zeros((len(rows), len(offices.starts)), dtype=np.float32)
    step = max(1, BLOCK_PAIRS // max(1, len(weights)))
    for first in range(0, len(rows), step):
        last = min(len(rows), first + step)
        shared = rows.dense(weights, first, last) @ present.T
        block_totals = totals[first:last, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.where(block_totals > 0, 100.0 * shared / block_totals, 0.0)
        result[first:last] = np.round(scores, 1)
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


EXHAUSTIVE_PAIRS = 200_000
"""Up to this many duty pairs every pair is scored; beyond, only candidate pairs are."""

CANDIDATES = 40
"""In the candidate method, how many duties of the other bureau each duty is scored against."""


def best_by_office(
    left: DutyTable,
    right: DutyTable,
    *,
    exhaustive: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    meaning: Meaning | None = None,
) -> OfficeBest:
    """Score duty pairs and keep, for every duty, its best match in each office of the other side.

    Small inputs score every pair. Large ones (more than ``EXHAUSTIVE_PAIRS`` pairs, or
    ``exhaustive=False``) score only candidate pairs: for each duty, the ``CANDIDATES`` duties
    of the other side with which it shares the most weighted uncommon vocabulary, and with
    ``meaning`` also the ``CANDIDATES`` closest in meaning. A pair that is not a candidate
    scores 0.
    """
    if meaning is not None and (
        (meaning.left.shape[0], meaning.right.shape[0]) != (len(left), len(right))
        or meaning.left.shape[1:] != meaning.right.shape[1:]
    ):
        raise ValueError("the meaning vectors must have one row per duty of each side, all of "
                         "one width")
    vocabulary = build_vocabulary(left.contents, right.contents)
    if exhaustive is None:
        exhaustive = len(left) * len(right) <= EXHAUSTIVE_PAIRS
    if exhaustive:
        best = _exhaustive(left, right, vocabulary, progress, meaning)
    else:
        best = _candidates(left, right, vocabulary, progress, meaning)
    left_best, left_arg, right_best, right_arg = best
    weights = vocabulary.weights
    return OfficeBest(
        left_best, left_arg, right_best, right_arg,
        coverage(vocabulary.left, right, vocabulary.right, weights),
        coverage(vocabulary.right, left, vocabulary.left, weights),
    )


_Best = tuple[FloatArray, IntArray, FloatArray, IntArray]


def _exhaustive(
    left: DutyTable,
    right: DutyTable,
    vocabulary: Vocabulary,
    progress: Callable[[int, int], None] | None,
    meaning: Meaning | None,
) -> _Best:
    """Score every pair, block by block, keeping each duty's best per office."""
    n_left, n_right = len(left), len(right)
    left_best = np.zeros((n_left, len(right.starts)), dtype=np.float32)
    left_arg = np.zeros((n_left, len(right.starts)), dtype=np.int32)
    right_best = np.full((n_right, len(left.starts)), -1.0, dtype=np.float32)
    right_arg = np.zeros((n_right, len(left.starts)), dtype=np.int32)
    rows_per_block = max(1, BLOCK_PAIRS // max(1, n_right))
    for first in range(0, n_left, rows_per_block):
        last = min(n_left, first + rows_per_block)
        block = block_scores(left, right, vocabulary, first, last, meaning)
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
    return left_best, left_arg, right_best, right_arg


def _top(values: npt.NDArray[Any], k: int, axis: int) -> npt.NDArray[np.intp]:
    """Indices of the ``k`` largest values along ``axis`` (all of them when there are fewer)."""
    size = values.shape[axis]
    if size <= k:
        shape = [1, 1]
        shape[axis] = size
        return np.broadcast_to(np.arange(size).reshape(shape), values.shape).copy()
    return np.argpartition(-values, k - 1, axis=axis).take(np.arange(k), axis=axis)


def _running_top(
    value: npt.NDArray[np.float64], row: npt.NDArray[np.int64], block: npt.NDArray[Any],
    first: int, k: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Each column's ``k`` best values so far and their rows, merged with a block of rows
    starting at row ``first``."""
    block_top = _top(block, k, axis=0)
    merged_value = np.vstack([value, np.take_along_axis(block, block_top, axis=0)])
    merged_row = np.vstack([row, block_top + first])
    keep = _top(merged_value, k, axis=0)
    return np.take_along_axis(merged_value, keep, axis=0), np.take_along_axis(merged_row, keep,
                                                                              axis=0)


def _candidates(
    left: DutyTable,
    right: DutyTable,
    vocabulary: Vocabulary,
    progress: Callable[[int, int], None] | None,
    meaning: Meaning | None,
) -> _Best:
    """Score only each duty's best candidates, chosen by shared uncommon vocabulary (and, with
    ``meaning``, by closeness in meaning)."""
    weights = vocabulary.weights
    n_left, n_right, n_words = len(left), len(right), len(weights)
    rare = ~vocabulary.common
    postings = vocabulary.right.inverted(n_words)
    post_ptr, post_duty = postings.indptr, postings.indices
    post_len = np.diff(post_ptr)
    k = min(CANDIDATES, n_right)
    # Running best candidates of each right duty, over the left blocks seen so far.
    column_value = np.zeros((0, n_right), dtype=np.float64)
    column_row = np.zeros((0, n_right), dtype=np.int64)
    pairs: list[npt.NDArray[np.int64]] = []
    rows_per_block = max(1, BLOCK_PAIRS // max(1, n_right))
    lengths = vocabulary.left.lengths()
    for first in range(0, n_left, rows_per_block):
        last = min(n_left, first + rows_per_block)
        start, stop = vocabulary.left.indptr[first], vocabulary.left.indptr[last]
        words = vocabulary.left.indices[start:stop]
        rows = np.repeat(np.arange(last - first), lengths[first:last])
        keep = rare[words]
        words, rows = words[keep], rows[keep]
        sizes = post_len[words]
        total = int(sizes.sum())
        offsets = np.repeat(post_ptr[words] - np.cumsum(sizes) + sizes, sizes)
        duties = post_duty[offsets + np.arange(total)]
        keys = np.repeat(rows, sizes) * n_right + duties
        shared = np.bincount(
            keys, weights=np.repeat(weights[words], sizes), minlength=(last - first) * n_right
        ).reshape(last - first, n_right)
        top = _top(shared, k, axis=1)
        value = np.take_along_axis(shared, top, axis=1)
        row_ids = np.repeat(np.arange(first, last, dtype=np.int64), top.shape[1])
        found = value.ravel() > 0
        pairs.append(row_ids[found] * n_right + top.ravel()[found])
        column_value, column_row = _running_top(column_value, column_row, shared, first, k)
        if progress is not None:
            progress(last // 2, n_left)
    found = column_value.ravel() > 0
    columns = np.broadcast_to(np.arange(n_right, dtype=np.int64), column_row.shape).ravel()
    pairs.append(column_row.ravel()[found] * n_right + columns[found])
    pairs.append(_same_text_pairs(left.contents, right.contents))
    if meaning is not None:
        pairs.append(_closest_pairs(meaning, k))
    keys = np.unique(np.concatenate(pairs))
    i, j = keys // n_right, keys % n_right
    scores = _pair_scores(left, right, vocabulary, i, j, progress, meaning)
    left_result = _best_of_pairs(i, j, scores, right.office_of, (n_left, len(right.starts)))
    right_result = _best_of_pairs(j, i, scores, left.office_of, (n_right, len(left.starts)))
    return (*left_result, *right_result)


def _closest_pairs(meaning: Meaning, k: int) -> npt.NDArray[np.int64]:
    """Keys ``i * len(right) + j`` of each duty's ``k`` closest duties of the other side in
    meaning, both ways, where they could score (a cosine above ``MEANING_LOW``)."""
    n_right = meaning.right.shape[0]
    found: list[npt.NDArray[np.int64]] = []
    rows_per_block = max(1, BLOCK_PAIRS // max(1, n_right))
    column_value = np.zeros((0, n_right), dtype=np.float64)
    column_row = np.zeros((0, n_right), dtype=np.int64)
    for first in range(0, meaning.left.shape[0], rows_per_block):
        cosines = meaning.cosines(first, first + rows_per_block)
        top = _top(cosines, k, axis=1)
        value = np.take_along_axis(cosines, top, axis=1)
        rows = np.repeat(np.arange(first, first + len(cosines), dtype=np.int64), top.shape[1])
        keep = value.ravel() > MEANING_LOW
        found.append(rows[keep] * n_right + top.ravel()[keep])
        column_value, column_row = _running_top(column_value, column_row, cosines, first, k)
    keep = column_value.ravel() > MEANING_LOW
    columns = np.broadcast_to(np.arange(n_right, dtype=np.int64), column_row.shape).ravel()
    found.append(column_row.ravel()[keep] * n_right + columns[keep])
    return np.concatenate(found)


def _pair_scores(
    left: DutyTable,
    right: DutyTable,
    vocabulary: Vocabulary,
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    progress: Callable[[int, int], None] | None,
    meaning: Meaning | None = None,
) -> FloatArray:
    """The duty score of the pairs (i[n], j[n]), by the same formula as the exhaustive path."""
    from rapidfuzz import fuzz, process

    weights = vocabulary.weights
    left_totals = vocabulary.left.sums(weights)
    right_totals = vocabulary.right.sums(weights)
    left_texts = np.asarray(left.contents, dtype=object)
    right_texts = np.asarray(right.contents, dtype=object)
    scores = np.zeros(len(i), dtype=np.float32)
    if meaning is not None:
        # Candidates by meaning may share no uncommon word: their words' score is then 0, as
        # in the exhaustive method.
        same = left_texts[i] == right_texts[j]
        rare = np.where(vocabulary.common, 0.0, vocabulary.weights)
    step = 200_000
    for first in range(0, len(i), step):
        a, b = i[first:first + step], j[first:first + step]
        fuzzy = process.cpdist(
            list(left_texts[a]), list(right_texts[b]), scorer=fuzz.token_set_ratio,
            dtype=np.float32, workers=-1,
        )
        shared = _shared_weight(vocabulary, a, b, vocabulary.weights)
        blended = _blend(fuzzy, shared, left_totals[a] + right_totals[b])
        if meaning is not None:
            kin = (_shared_weight(vocabulary, a, b, rare) > 0) | same[first:first + step]
            blended = _with_meaning(np.where(kin, blended, np.float32(0.0)),
                                    meaning.pair_cosines(a, b))
        scores[first:first + step] = blended
        if progress is not None:
            done = len(left) // 2 + (len(left) - len(left) // 2) * (first + len(a)) // len(i)
            progress(done, len(left))
    return scores


def _shared_weight(
    vocabulary: Vocabulary, i: npt.NDArray[np.int64], j: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """For each pair, the summed ``weights`` of the words both duties use."""
    n_words = len(vocabulary.weights)

    def keyed(rows: Rows, duties: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        lengths = rows.lengths()[duties]
        offsets = np.repeat(rows.indptr[duties] - np.cumsum(lengths) + lengths, lengths)
        words = rows.indices[offsets + np.arange(int(lengths.sum()))]
        pair = np.repeat(np.arange(len(duties), dtype=np.int64), lengths)
        return pair * n_words + words

    both = np.intersect1d(
        keyed(vocabulary.left, i), keyed(vocabulary.right, j), assume_unique=True
    )
    shared: npt.NDArray[np.float64] = np.bincount(
        both // n_words, weights=weights[both % n_words], minlength=len(i)
    ).astype(np.float64)
    return shared


def _best_of_pairs(
    mine: npt.NDArray[np.int64],
    other: npt.NDArray[np.int64],
    scores: FloatArray,
    other_office: IntArray,
    shape: tuple[int, int],
) -> tuple[FloatArray, IntArray]:
    """Per (duty, office of the other side), the best scored pair; ties go to the lower index."""
    best = np.zeros(shape, dtype=np.float32)
    arg = np.zeros(shape, dtype=np.int32)
    if len(mine) == 0:
        return best, arg
    cell = mine * shape[1] + other_office[other]
    order = np.lexsort((other, -scores, cell))
    first = np.unique(cell[order], return_index=True)[1]
    chosen = order[first]
    rows, columns = mine[chosen], other_office[other[chosen]]
    best[rows, columns] = scores[chosen]
    arg[rows, columns] = other[chosen]
    return best, arg
