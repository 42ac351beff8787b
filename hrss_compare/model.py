"""The data model: bureaus as loaded from YAML, and the alignment of two of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Office:
    """An internal office of a bureau and the duties it holds."""

    id: str
    name: str
    duties: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Changes:
    """A bureau's adjustment of responsibilities at its last reform."""

    transferred_in: tuple[str, ...] = ()
    cancelled: tuple[str, ...] = ()
    transferred_out: tuple[str, ...] = ()
    strengthened: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Post:
    """A number of posts of one kind in the bureau's staffing."""

    title: str
    count: int


@dataclass(frozen=True, slots=True)
class Staffing:
    """The bureau's staffing: its administrative establishment and its posts."""

    administrative: int | None = None
    posts: tuple[Post, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Affiliated:
    """An organ or institution the bureau manages or that is affiliated to it."""

    name: str
    kind: str | None = None
    notes: str | None = None
    aliases: tuple[str, ...] = ()
    """Its other names: a second name ("X Detachment (Y Center)"), a new one."""


@dataclass(frozen=True, slots=True)
class Bureau:
    """A bureau: its offices and, optionally, its bureau-level sections."""

    id: str
    name: str
    offices: tuple[Office, ...]
    city: str | None = None
    province: str | None = None
    source: str | None = None
    responsibilities: tuple[str, ...] = ()
    changes: Changes | None = None
    staffing: Staffing | None = None
    affiliated: tuple[Affiliated, ...] = ()
    notes: tuple[str, ...] = ()
    path: str | None = field(default=None, compare=False)
    """The file the bureau was loaded from, for messages; None when built in code."""

    def office(self, office_id: str) -> Office:
        """The office with this id; KeyError when there is none."""
        for office in self.offices:
            if office.id == office_id:
                return office
        raise KeyError(office_id)

    @property
    def label(self) -> str:
        """A short name for tables: the city when known, else the id."""
        return self.city or self.id

    @property
    def duty_count(self) -> int:
        """How many duties all offices hold together."""
        return sum(len(office.duties) for office in self.offices)


DEFAULT_THRESHOLD = 50.0
"""Fit (0-100) from which a duty counts as held by an office of the other bureau.

A duty's fit with an office blends its best-matching duty there with how much of its
vocabulary the office uses; see align.py."""

REGISTER_FLOOR = 0.8
"""The default threshold is scaled down to no less than this fraction of itself, for two bureaus
worded apart throughout (see align.py): under it, noise (a duty that shares one everyday word
with another) starts to count."""

NEAR_RATIO = 0.8
"""A duty under the threshold but from this fraction of it counts for its office's partner (the
office of the other bureau that is its office's first choice and has its office as its own),
when it fits the partner about as well as its best (see align.py): a translator's own wording
(or one city's) keeps whole offices just under the threshold, and only their duties'
agreement shows the pair."""


def near_threshold(threshold: float) -> float:
    """The fit from which a duty counts between offices that choose each other."""
    return round(NEAR_RATIO * threshold, 6)


class Relation(StrEnum):
    """How a group of corresponding offices is shaped."""

    SAME = "same"
    MERGED = "merged"
    SPLIT = "split"
    REGROUPED = "regrouped"
    UNIQUE = "unique"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A duty of the left office matched to a duty of the right office; score is 0-100."""

    left: str
    right: str
    score: float


@dataclass(frozen=True, slots=True)
class Link:
    """Two offices that share duties; score is 0-100."""

    left: str
    """Id of the office in the left bureau."""
    right: str
    """Id of the office in the right bureau."""
    score: float
    evidence: tuple[Evidence, ...] = ()
    manual: bool = False
    """Pinned by an override rather than found by the matcher."""
    ambiguous: bool = False
    """One of the two offices has a runner-up close to this link's score."""
    reason: str = ""
    """Why a user pinned it (the override's ``reason``); empty when none was given."""


@dataclass(frozen=True, slots=True)
class Group:
    """Offices of both bureaus that correspond to each other: a connected part of the links."""

    relation: Relation
    left: tuple[str, ...]
    right: tuple[str, ...]
    score: float
    """Mean score of the group's links, 0-100; 0 for a unique office."""


@dataclass(frozen=True, slots=True)
class DutyMatch:
    """Where one duty of a bureau sits in the other bureau."""

    office: str
    """Id of the office that holds the duty."""
    index: int
    """Position of the duty in its office's list, from 0."""
    text: str
    other_office: str | None
    """Id of the office of the other bureau the duty fits best; None when no duty there
    matches it at all."""
    other_text: str | None
    score: float
    """Similarity of the best match, 0-100, reported even when below the threshold."""
    matched: bool


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of aligning two bureaus: office links, groups and duty-level matches."""

    left: Bureau
    right: Bureau
    links: tuple[Link, ...]
    groups: tuple[Group, ...]
    left_duties: tuple[DutyMatch, ...]
    """Every duty of the left bureau and where it sits in the right one."""
    right_duties: tuple[DutyMatch, ...]
    """Every duty of the right bureau and where it sits in the left one."""
    threshold: float
    """The fit from which a duty counts as held by an office of the other bureau."""
    scaled_from: float | None = None
    """The default threshold ``threshold`` was scaled down from, for two bureaus worded apart
    throughout (see align.py); None when it was not scaled."""
    glossary: str | None = None
    """Where the glossary came from, for reports."""
    overrides: str | None = None
    """The overrides file used, for reports."""
    meaning: str | None = None
    """The sentence model the duties were also matched by (None: by their words alone), for
    reports."""

    @property
    def near_threshold(self) -> float:
        """The fit from which a duty counts between offices that choose each other."""
        return near_threshold(self.threshold)

    def links_of(self, group: Group) -> tuple[Link, ...]:
        """The links inside ``group``, in the alignment's order."""
        members = set(group.left)
        return tuple(link for link in self.links if link.left in members)
