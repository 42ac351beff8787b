"""How much a word tells about a text: the rarer it is, the more (inverse document frequency).

Kept apart from the array code in ``sparse`` so that a search can weigh words without numpy.
"""

from __future__ import annotations

import math


def idf_one(count: float, total: int) -> float:
    """Inverse document frequency of a word used by ``count`` of ``total`` texts."""
    return math.log((total + 1) / (count + 0.5))
