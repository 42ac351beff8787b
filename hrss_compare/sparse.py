"""Texts as sets of word ids in compressed sparse rows, their inverted index, word weights.

The matcher and the search both see a text as the set of its normalized words, weigh a word
by its rarity (inverse document frequency) and look words up through an inverted index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Rows:
    """Rows of distinct ids (word ids of a text, or the texts that use a word)."""

    indptr: npt.NDArray[np.int64]
    """Where each row starts in ``indices``; one more entry than rows."""
    indices: IntArray

    @classmethod
    def from_lists(cls, lists: list[list[int]]) -> Rows:
        """Rows from lists of ids (each list already free of repeats)."""
        indptr = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum([len(row) for row in lists], out=indptr[1:])
        flat = np.fromiter((i for row in lists for i in row), dtype=np.int32,
                           count=int(indptr[-1]))
        return cls(indptr, flat)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def lengths(self) -> npt.NDArray[np.int64]:
        """How many ids each row has."""
        return np.diff(self.indptr)

    def row(self, number: int) -> IntArray:
        """The ids of one row."""
        return self.indices[self.indptr[number]:self.indptr[number + 1]]

    def sums(self, weights: FloatArray) -> FloatArray:
        """For each row, the summed weights of its ids."""
        running = np.zeros(len(self.indices) + 1, dtype=np.float64)
        np.cumsum(weights[self.indices], out=running[1:])
        result: FloatArray = running[self.indptr[1:]] - running[self.indptr[:-1]]
        return result

    def dense(self, weights: FloatArray, first: int = 0, last: int | None = None) -> FloatArray:
        """Rows ``first:last`` as a dense matrix holding each id's weight."""
        last = len(self) if last is None else last
        start, stop = self.indptr[first], self.indptr[last]
        matrix = np.zeros((last - first, len(weights)), dtype=np.float64)
        rows = np.repeat(np.arange(last - first), self.lengths()[first:last])
        ids = self.indices[start:stop]
        matrix[rows, ids] = weights[ids]
        return matrix

    def inverted(self, size: int) -> Rows:
        """The inverted index: for each id from 0 to ``size - 1``, the rows that hold it."""
        owners = np.repeat(np.arange(len(self), dtype=np.int32), self.lengths())
        order = np.argsort(self.indices, kind="stable")
        indptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.indices, minlength=size), out=indptr[1:])
        return Rows(indptr, owners[order])


def idf(counts: FloatArray, total: int) -> FloatArray:
    """``rarity.idf_one`` of many words at once: used by ``counts`` of ``total`` texts."""
    result: FloatArray = np.log((total + 1) / (counts + 0.5))
    return result
