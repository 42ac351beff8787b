"""What ``where`` answers: for each bureau, its hits (texts that match a query), best first,
and what is said of the first; built by ``hrss_compare.search``, shown by
``hrss_compare.render.search``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hrss_compare.confidence import CROWD, CROWD_LEAD, STRONG_SCORE, Confidence
from hrss_compare.model import Bureau
from hrss_compare.text import Elsewhere


class Kind(StrEnum):
    """What a hit is: an office's duty, or bureau-level text; or a duty the bureau gave up at
    its last reform (transferred out or cancelled), which is never listed among the hits."""

    DUTY = "duty"
    RESPONSIBILITY = "responsibility"
    AFFILIATED = "affiliated"
    MOVED = "moved"


MOVED_LABELS = {"transferred_out": "Transferred out", "cancelled": "Cancelled"}
"""The changes of a bureau's last reform that take a duty away, by their field of ``Changes``,
with the label of their texts."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A text of a bureau that matches the query; score is 0-100."""

    kind: Kind
    office: str | None
    """Id of the office holding the duty; None for bureau-level text."""
    label: str
    """The office's name, or what the bureau-level text is (an organ's name)."""
    text: str
    score: float
    spans: tuple[tuple[int, int], ...]
    """Character ranges of ``text`` that match the query's words (or the words of a wider
    term through which it matches), for highlighting."""
    evidence: Evidence | None = None
    """What its counterpart in the other bureau added to ``score``, when it added some."""
    wider: tuple[tuple[str, str], ...] = ()
    """The query's terms it holds only through a wider term: (the term, the wider term), as
    the glossary writes them."""
    meaning: float | None = None
    """Points the sentence model added to ``score`` (``MEANING_GAIN``; fewer, or below 0, where
    the bureau's scores were scaled down to stay at most 100), when it was asked for the
    bureau: its lexical answer was weak, a close call or none. None when it was not asked."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """The text of the other bureau whose match for the query lifted a hit's score."""

    bureau: str
    """Id of the other bureau."""
    office: str | None
    """Id of the office holding the text; None for bureau-level text."""
    label: str
    """The office's name, or what the bureau-level text is."""
    text: str
    gain: float
    """Points the counterparts added to the hit's score: its score against its score without
    them (office support included, so a sibling duty's lift counts too)."""


EVIDENCE_SHOWN = 1.0
"""A counterpart that added fewer points than this is not named on a hit."""


@dataclass(frozen=True, slots=True)
class BureauHits:
    """The hits of one bureau, best first; empty when nothing is a credible match."""

    bureau: Bureau
    hits: tuple[Hit, ...]
    unknown: tuple[str, ...] = ()
    """The query's words (or glossary phrases), as typed, that no text of this bureau uses: they
    match nothing here (and still weigh in the query, lowering every score), so a user knows
    what to reword."""
    confidence: Confidence | None = None
    """How sure the first hit's answer (its office, organ, or the main responsibilities) is
    (``judge_answer``); None without hits."""
    lead: float | None = None
    """Points from the first hit down to ``runner_up``; None when it has none."""
    runner_up: Hit | None = None
    """The best credible hit of another answer than the first's, listed or not."""
    close_calls: tuple[Hit, ...] = ()
    """The best hit of each other answer within ``CLOSE_MARGIN`` points of the first hit, best
    first (``runner_up`` first), listed or not."""
    elsewhere: Elsewhere | None = None
    """The topic of another department's work that the query names and this bureau does not
    ("passport"). When the rest of the query names no term of the field, the bureau has no
    hits, whatever words the query shares with it."""
    moved: Hit | None = None
    """The duty the bureau gave up at its last reform (``Kind.MOVED``: transferred out or
    cancelled) that fits the query better than any text it still holds: the bureau then has no
    hits."""
    crowd: int = 0
    """How many other answers (offices, organs, the main responsibilities) score within
    ``CLEAR_MARGIN`` points of the first hit, listed or not; from ``CROWD`` the answer is weak
    whatever its score."""
    read_as: tuple[tuple[str, str], ...] = ()
    """Of ``unknown``, the phrases the glossary read as one of its terms: (as typed, the term),
    so a user sees what the bureau lacks ("refuses to pay social insurance": "social insurance
    premium arrears")."""
    closest: Hit | None = None
    """The bureau's best text, when it is not an answer: it matches only weakly, gained
    nothing from a counterpart, and the other bureau answers plainly
    (``search.OUTWEIGHED_SCORE``): the bureau then may not hold the duty, and has no hits."""
    unsearched: str | None = None
    """The rest of a query whose topic is ``elsewhere``, as typed, when the bureau uses a word
    of it but it names no term of the field, and it is asked apart from the topic (joined to
    it by a conjunction or a clause mark, ``text.asked_apart``), so the bureau was not
    searched for it ("pension" of "pension and passport"; not "pay my" of "pay my income
    tax"): asked on its own, it would be."""

    def __post_init__(self) -> None:
        # What is said of the first answer reads these together.
        if self.confidence is not None and not self.hits:
            raise ValueError("a confidence is of the first hit: there is none")
        if (self.lead is None) != (self.runner_up is None):
            raise ValueError("a lead is over the runner-up: give both or neither")
        if self.close_calls[:1] not in ((), (self.runner_up,)):
            raise ValueError("the runner-up is the first of the close calls")
        if self.confidence is Confidence.CLOSE and not self.close_calls:
            raise ValueError("a close call is between the first answer and another")
        if (self.confidence is Confidence.WEAK and self.hits[0].score >= STRONG_SCORE
                and (self.crowd < CROWD or self.lead is None or self.lead >= CROWD_LEAD)):
            raise ValueError("a strong first answer is weak only in a crowd of others as near")
        if self.closest is not None and self.hits:
            raise ValueError("a closest text stands in for hits: there are none")
        if self.moved is not None and (self.hits or self.moved.kind is not Kind.MOVED):
            raise ValueError("a duty given up at the last reform stands alone, as one")


@dataclass(frozen=True, slots=True)
class Answer:
    """What ``where`` found for a query, and how it read the query."""

    query: str
    corrected: tuple[tuple[str, str], ...]
    """Words taken for typos: (as typed but lower-cased, the word read instead)."""
    bureaus: tuple[BureauHits, ...]
    places: tuple[str, ...] = ()
    """The places the query names, as typed (the bureaus' cities, and another place typed as
    a name that neither the bureaus nor the glossary know): not searched
    (``hrss_compare.places``)."""
