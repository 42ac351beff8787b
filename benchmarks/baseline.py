"""The straightforward matcher the issue compares against, scored on a reference alignment.

token_set_ratio on lower-cased duty text, each duty to the office of its best match, and an
office pair linked when at least a fixed share of either office's duties went to the other.
Run: python benchmarks/baseline.py [REFERENCE]
"""

from __future__ import annotations

import sys

from rapidfuzz import fuzz, process

from hrss_compare.evaluate import load_reference, resolve_reference
from hrss_compare.load import load_bureau
from hrss_compare.model import Bureau


def baseline_links(
    left: Bureau, right: Bureau, *, cutoff: float, share: float
) -> set[tuple[str, str]]:
    """Office links of the naive matcher."""

    def flat(bureau: Bureau) -> tuple[list[str], list[str]]:
        return (
            [d.lower() for o in bureau.offices for d in o.duties],
            [o.id for o in bureau.offices for _ in o.duties],
        )

    left_texts, left_office = flat(left)
    right_texts, right_office = flat(right)
    scores = process.cdist(left_texts, right_texts, scorer=fuzz.token_set_ratio, workers=-1)
    left_sizes = {o.id: len(o.duties) for o in left.offices}
    right_sizes = {o.id: len(o.duties) for o in right.offices}
    links = set()
    for a_office, b_office, matrix, size_of, flip in (
        (left_office, right_office, scores, left_sizes, False),
        (right_office, left_office, scores.T, right_sizes, True),
    ):
        counts: dict[tuple[str, str], int] = {}
        best = matrix.argmax(axis=1)
        for i, j in enumerate(best):
            if matrix[i, j] >= cutoff:
                key = (a_office[i], b_office[int(j)])
                counts[key] = counts.get(key, 0) + 1
        for (a, b), n in counts.items():
            if n / size_of[a] >= share:
                links.add((b, a) if flip else (a, b))
    return links


def main() -> None:
    path = resolve_reference(sys.argv[1] if len(sys.argv) > 1 else "changsha-shaoxing")
    reference = load_reference(path, load_bureau("changsha"), load_bureau("shaoxing"))
    left, right = load_bureau(reference.left), load_bureau(reference.right)
    truth = set(reference.links)
    print("cutoff share  precision recall  F1")
    for cutoff in (50, 60, 70):
        for share in (0.2, 0.25, 0.3):
            found = baseline_links(left, right, cutoff=cutoff, share=share)
            hits = len(found & truth)
            p = hits / len(found) if found else 0.0
            r = hits / len(truth)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{cutoff:6} {share:5}  {p:9.3f} {r:6.3f} {f1:5.3f}")


if __name__ == "__main__":
    main()
