"""The bureaus' cities named in a query: where the duty is asked about, not what it is.

"minimum wage in Changsha" asks for the minimum wage; "Changsha" would only find the texts that
name the city ("the evaluation of 'Changsha Technical Expert'"), and lower every answer of a
bureau that never writes its own name. So a city of the bureaus compared is not searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from hrss_compare.text import has_cjk

_SCRIPTS = re.compile(r"[^\x00-\u2fff]+|[\x00-\u2fff]+")
"""Runs of East Asian script (from U+3000) and of the rest."""


def place_spans(query: str, cities: Iterable[str | None]) -> list[tuple[int, int]]:
    """Where ``query`` names one of ``cities`` (case aside, whole words, with or without "'s";
    a city written in two scripts, "青溪 Qingxi", in each of them too), in order, none
    overlapping."""
    names: set[str] = set()
    for city in cities:
        if city and city.strip():
            whole = " ".join(city.split())
            names.add(whole)
            if has_cjk(whole):
                names.update(part.strip() for part in _SCRIPTS.findall(whole) if part.strip())
    found: list[tuple[int, int]] = []
    for name in sorted(names, key=lambda n: (-len(n), n)):  # the longest name first
        edge = "" if has_cjk(name) else r"\b"
        spaced = r"\s+".join(map(re.escape, name.split()))  # however far apart its words
        pattern = re.compile(rf"{edge}{spaced}(?:['\u2019]s)?{edge}", flags=re.IGNORECASE)
        for match in pattern.finditer(query):
            span = match.span()
            if not any(span[0] < end and start < span[1] for start, end in found):
                found.append(span)
    return sorted(found)


def without_places(query: str, spans: Sequence[tuple[int, int]]) -> str:
    """``query`` with the places at ``spans`` blanked out, each character a space, so that
    every other word keeps its position in the query as typed."""
    text = list(query)
    for start, end in spans:
        text[start:end] = " " * (end - start)
    return "".join(text)
