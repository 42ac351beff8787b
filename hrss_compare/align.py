"""Align two bureaus: duties to duties, rolled up into office links and groups.

Method:
1. Every duty goes to the office of the other bureau it fits best: its best-matching duty there
   blended with how much of its vocabulary the office uses at all. It counts when that fit
   reaches ``threshold`` and some duty there really matches it; a duty that fits several
   offices about equally splits its vote among them. A duty under the threshold but from
   ``NEAR_RATIO`` of it counts for its office's partner (the office of the other bureau that
   is its office's first choice and has its office as its own, ``_partners``), when it fits
   the partner about as well as its best (``TIE_MARGIN``).
2. The flow between two offices is how many of either office's duties went to the other; its
   share is the larger of the two one-sided fractions, so a small office wholly absorbed by a
   big one still counts fully.
3. Two offices are linked when the share reaches ``MIN_SHARE`` and the link is the strongest of
   at least one of its two offices, or strong on its own; or when duties flow both ways, three
   or more in all, and the share reaches ``MUTUAL_SHARE``. A weak, one-way link that is
   nobody's best is what glues unrelated offices into one chain, so it is dropped.
4. Groups are the connected components of the links; their shape gives the relation.

The default threshold is read on the scale of machine-translated documents, where a duty and
its counterpart share much of their wording. Two bureaus worded apart throughout (one written
by hand in plain English: "pays the dole" for "unemployment insurance benefits") fit lower
across the board, right pairs too; for them the default is scaled down with their fits
(``register_scale``), never below ``REGISTER_FLOOR`` of itself. A threshold given is kept as
it is.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from hrss_compare.cjk import has_cjk
from hrss_compare.graph import components
from hrss_compare.match import (
    DutyTable,
    Meaning,
    OfficeBest,
    best_by_office,
    duty_table,
    mostly_latin,
    without_unshared_cjk,
)
from hrss_compare.model import (
    DEFAULT_THRESHOLD,
    NEAR_RATIO,
    REGISTER_FLOOR,
    Alignment,
    Bureau,
    DutyMatch,
    Evidence,
    Group,
    Link,
    Relation,
    near_threshold,
)
from hrss_compare.overrides import Overrides
from hrss_compare.scripts import in_chinese
from hrss_compare.text import Glossary, load_glossary

MIN_SHARE = 0.25
"""Share of an office's duties that must flow to another office for the two to be linked."""

STRONG_SHARE = 0.5
"""A share from which a link stands even when it is not either office's strongest."""

MUTUAL_DUTIES = 3
"""Duties (votes: a duty that fits offices equally well splits one) flowing between two
offices in all, each office sending the other at least one, from which their link stands even
when it is neither office's strongest (before the twenty-first session: two each way). One
duty each way is no such evidence: it is often one duty and its twin."""

MUTUAL_SHARE = 0.2
"""The affinity (share and name bonus) from which such a link carried both ways stands."""

NAME_WEIGHT = 0.15
"""How much a matching office name adds to the share: a weak signal, a tie-breaker."""

AMBIGUOUS_RATIO = 0.75
"""A link is ambiguous when an unlinked runner-up reaches this fraction of its affinity."""

_RELATION_ORDER = {r: i for i, r in enumerate(Relation)}


@dataclass(frozen=True, slots=True)
class _Votes:
    """Where each duty went: the office it fits best (for a near duty, its office's partner),
    whether it belongs there, and how its vote is shared among the offices it fits equally
    well (a near duty's goes to the partner alone)."""

    left_office: np.ndarray
    left_ok: np.ndarray
    right_office: np.ndarray
    right_ok: np.ndarray
    left_share: np.ndarray
    """(left duties, right offices): each duty's vote, 1 split among tied offices, else 0."""
    right_share: np.ndarray
    """(right duties, left offices): the same for the right bureau's duties."""


@dataclass(frozen=True, slots=True)
class _Flows:
    """Office-to-office flows of duties."""

    left_to: np.ndarray
    """(left offices, right offices): votes of the left office's duties for the right office."""
    right_to: np.ndarray
    """(left offices, right offices): votes of the right office's duties for the left office."""
    affinity: np.ndarray
    """(left offices, right offices): share of duties flowing, plus the name bonus."""


def align(
    left: Bureau,
    right: Bureau,
    *,
    threshold: float | None = None,
    glossary: Glossary | None = None,
    overrides: Overrides | None = None,
    progress: Callable[[int, int], None] | None = None,
    exhaustive: bool | None = None,
    meaning: Meaning | None = None,
) -> Alignment:
    """Align two bureaus' offices through their duties.

    ``exhaustive`` forces scoring every duty pair (True) or candidate pairs only (False);
    by default small bureaus are scored exhaustively and large ones by candidates.
    ``meaning``: the sentence model's vectors of both bureaus' duties, so that duties saying
    one thing in other words match (``hrss_compare.match``); without, words alone count.
    ``threshold``: the fit from which a duty counts; by default ``DEFAULT_THRESHOLD``, scaled
    down for two bureaus worded apart (``register_scale``; not for a bureau of fewer than
    ``REGISTER_DUTIES`` duties, nor for one written in Chinese against one that is not).
    """
    for bureau in (left, right):
        empty = [office.id for office in bureau.offices if not office.duties]
        if empty:  # the loader never makes one; a bureau built in code may
            raise ValueError(f"office {empty[0]!r} of {bureau.id!r} has no duties; an office "
                             "is aligned through its duties, so give it one or leave it out")
    glossary = glossary or load_glossary()
    left_table, right_table = duty_table(left, glossary), duty_table(right, glossary)
    # Chinese (Japanese, Korean) beside the English of a bureau, against one written in other
    # scripts: matched by the English, as the other bureau is written.
    latin = (mostly_latin(left_table), mostly_latin(right_table))
    left_table, right_table = (without_unshared_cjk(left_table, right_table),
                               without_unshared_cjk(right_table, left_table))
    best = best_by_office(left_table, right_table, exhaustive=exhaustive, progress=progress,
                          meaning=meaning)
    left_fit, right_fit = _fit(best.left_best, best.left_cover), _fit(best.right_best,
                                                                       best.right_cover)
    scaled_from = None
    if threshold is None:
        # A bureau written in Chinese against one that is not fits loosely because its words
        # cannot match, not for its register: no threshold makes them meet.
        scale = (1.0 if in_chinese(left) != in_chinese(right)
                 else register_scale(left_fit, right_fit, by_meaning=meaning is not None))
        threshold = round(DEFAULT_THRESHOLD * scale, 1)
        scaled_from = DEFAULT_THRESHOLD if threshold < DEFAULT_THRESHOLD else None
    threshold += 0.0  # -0 is 0
    left_office, left_ok = _best_office(left_fit, threshold, right_table.office_ids,
                                        best.left_best)
    right_office, right_ok = _best_office(right_fit, threshold, left_table.office_ids,
                                          best.right_best)
    votes = _votes(
        _Side(left_fit, best.left_best, left_table.office_of, left_office, left_ok),
        _Side(right_fit, best.right_best, right_table.office_of, right_office, right_ok),
        near_threshold(threshold),
    )
    flows = _flows(left, right, left_table, right_table, votes, glossary, latin=latin)
    pairs = _linked_pairs(flows)
    manual: set[tuple[int, int]] = set()
    if overrides is not None:
        index_left = {o.id: i for i, o in enumerate(left.offices)}
        index_right = {o.id: i for i, o in enumerate(right.offices)}
        for a, b in overrides.forbid:
            pairs.discard((index_left[a], index_right[b]))
        for a, b in overrides.pin:
            pair = (index_left[a], index_right[b])
            pairs.add(pair)
            manual.add(pair)
    links = tuple(
        _link(a, b, left_table, right_table, best, votes, threshold, manual=(a, b) in manual)
        for a, b in sorted(pairs)
    )
    if overrides is not None and overrides.reasons:
        links = tuple(
            replace(link, reason=overrides.reason(link.left, link.right)) if link.manual else link
            for link in links
        )
    links = _mark_ambiguous(links, flows.affinity, left_table, right_table)
    groups = _groups(left, right, links)
    return Alignment(
        left=left,
        right=right,
        links=links,
        groups=groups,
        left_duties=_duty_matches(left_table, right_table, left_fit, best.left_best,
                                  best.left_arg, votes.left_office, votes.left_ok),
        right_duties=_duty_matches(right_table, left_table, right_fit, best.right_best,
                                   best.right_arg, votes.right_office, votes.right_ok),
        threshold=threshold,
        scaled_from=scaled_from,
        glossary=" + ".join(glossary.sources),
        overrides=overrides.source if overrides is not None else None,
        meaning=meaning.model if meaning is not None else None,
    )


REGISTER_FIT = 82.0
"""The fit the best-matched tenth of the duties reaches, at least, in a pair of bureaus that
share their wording, as the meaning and the words score them together.

Measured on the bureau that fits better, the 90th percentile of the duties' best fits was 84.6
to 99.5 for 14 machine-translated references and the built-in pair, 60.9 to 78.5 for five
bureaus written in plain English: this is about midway. An education and a transport bureau
against an HR bureau, which share only their general offices' work, reached 88.5 and 92.0."""

REGISTER_FIT_WORDS = 75.0
"""``REGISTER_FIT`` for duties matched by their words alone, which score lower: 78.4 to 90.6
for the translations, 53.1 to 71.8 for plain English, 79.5 and 83.7 for the education and the
transport bureau; about midway again."""

REGISTER_QUANTILE = 90.0
"""The percentile of a bureau's best fits that reads its register: its best-matched tenth,
the duties that have a counterpart for sure (about: the percentile is interpolated). A lower
one also falls with how much of the work the two bureaus share (an education bureau against
an HR bureau), which is no reason to count weaker matches."""

REGISTER_DUTIES = 10
"""Duties each bureau needs for the register to be read. Against a bureau of fewer (one
office), the other's fits say how little of its work that bureau covers, not how it is
worded."""


def register_scale(
    left_fit: np.ndarray, right_fit: np.ndarray, *, by_meaning: bool = True
) -> float:
    """The factor (``REGISTER_FLOOR`` to 1) the default threshold is scaled by for two bureaus:
    below 1 when even the best-matched tenth of the duties of each bureau fits under
    ``REGISTER_FIT`` (``REGISTER_FIT_WORDS`` when not ``by_meaning``), in proportion to the
    bureau that fits better; 1 when either has fewer than ``REGISTER_DUTIES`` duties.

    ``left_fit``, ``right_fit``: (duties, other offices), each duty's fit (``_fit``)."""
    if min(left_fit.shape + right_fit.shape) == 0 or min(
        left_fit.shape[0], right_fit.shape[0]
    ) < REGISTER_DUTIES:
        return 1.0
    top = max(float(np.percentile(fit.max(axis=1), REGISTER_QUANTILE))
              for fit in (left_fit, right_fit))
    register = REGISTER_FIT if by_meaning else REGISTER_FIT_WORDS
    return min(1.0, max(REGISTER_FLOOR, top / register))


def _best_office(
    scores: np.ndarray, threshold: float, office_ids: tuple[str, ...], duty_best: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each duty, the office it fits best (ties to the smaller office id), and whether it
    belongs there: the fit reaches the threshold and some duty there really matches it."""
    by_id = np.argsort(np.asarray(office_ids, dtype=object), kind="stable")
    office = by_id[scores[:, by_id].argmax(axis=1)] if len(by_id) else np.zeros(0, dtype=int)
    rows = np.arange(scores.shape[0])
    return office, (scores[rows, office] >= threshold) & (duty_best[rows, office] > 0)


@dataclass(frozen=True, slots=True)
class _Side:
    """One bureau's duties against the other bureau's offices, before near duties count."""

    fit: np.ndarray
    """(duties, other offices): each duty's fit with each office (``_fit``)."""
    duty_best: np.ndarray
    """(duties, other offices): its best duty score there (0: no duty there matches it)."""
    office_of: np.ndarray
    """Each duty's own office."""
    office: np.ndarray
    """The other office each duty fits best (``_best_office``)."""
    ok: np.ndarray
    """Whether that fit reaches the threshold."""


CHOICE_FIT = NEAR_RATIO * DEFAULT_THRESHOLD
"""Fit from which a duty's vote counts towards its office's first choice (``_partners``); it
does not move with the threshold, so a stricter threshold never gives a duty a counterpart."""

CHOICE_DUTIES = 2
"""Votes from which an office of the other bureau can be an office's first choice."""


def _votes(left: _Side, right: _Side, near: float) -> _Votes:
    """Where each duty went and its vote: the office it fits best when the fit reaches the
    threshold; else, from ``near``, its office's partner (``_partners``) when it fits that
    about as well as its best (``TIE_MARGIN``)."""
    units = (_split_votes(left), _split_votes(right))
    partners = _partners(left, right, units)
    sides = []
    for side, pairs, unit in ((left, partners, units[0]), (right, partners.T, units[1])):
        rows = np.arange(side.fit.shape[0])
        paired = np.asarray(pairs.any(axis=1), dtype=bool)
        partner = np.where(paired, pairs.argmax(axis=1), 0)[side.office_of]
        has = paired[side.office_of]
        there = side.fit[rows, partner]
        counted = (~side.ok & has & (there >= near) & (side.duty_best[rows, partner] > 0)
                   & (there >= side.fit[rows, side.office] - TIE_MARGIN))
        office = np.where(counted, partner, side.office)
        share = unit * side.ok[:, None]
        share[counted] = 0.0
        share[rows[counted], partner[counted]] = 1.0  # its vote goes to the partner alone
        sides.append((office, side.ok | counted, share))
    (left_office, left_ok, left_share), (right_office, right_ok, right_share) = sides
    return _Votes(left_office, left_ok, right_office, right_ok, left_share, right_share)


def _partners(left: _Side, right: _Side, units: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """(left offices, right offices): the pairs of offices that are each other's first choice.

    An office's first choice is the office of the other bureau that most of its duties fitting
    from ``CHOICE_FIT`` go to (a duty fitting several about equally well splits its vote), at
    least ``CHOICE_DUTIES`` of them; an office has at most one. ``units``: each side's
    ``_split_votes``."""
    n_left, n_right = right.fit.shape[1], left.fit.shape[1]
    sent: list[np.ndarray] = []
    for side, unit, offices in ((left, units[0], n_left), (right, units[1], n_right)):
        rows = np.arange(side.fit.shape[0])
        fitting = (side.fit[rows, side.office] >= CHOICE_FIT) & (
            side.duty_best[rows, side.office] > 0
        )
        sent.append(_by_office(unit * fitting[:, None], side.office_of, offices))
    partners: np.ndarray = _first_choice(sent[0], axis=1) & _first_choice(sent[1].T, axis=0)
    return partners


_VOTE_SLACK = 1e-5
"""Vote sums closer than this are equal: shares are float32 values of 1/n (error about 1e-8
each), so real differences (at least 1/n - 1/m for some office sizes) stay far above it."""


def _first_choice(count: np.ndarray, axis: int) -> np.ndarray:
    """Where ``count`` is its row's (axis 1) or column's (axis 0) sole maximum, from
    ``CHOICE_DUTIES``."""
    top = count.max(axis=axis, keepdims=True, initial=0.0)
    at_top = count >= top - _VOTE_SLACK
    sole = at_top.sum(axis=axis, keepdims=True) == 1
    chosen: np.ndarray = at_top & sole & (count >= CHOICE_DUTIES - _VOTE_SLACK)
    return chosen


CONTEXT_WEIGHT = 0.5
"""Weight of a duty's fit with a whole office against its best single duty there."""


def _fit(scores: np.ndarray, cover: np.ndarray) -> np.ndarray:
    """How well each duty fits each office of the other bureau, 0-100.

    The duty's best duty there blended with how much of the duty's vocabulary the office uses
    at all; a duty belongs to the office it fits best when the fit reaches the threshold.
    """
    blended: np.ndarray = np.round((1.0 - CONTEXT_WEIGHT) * scores + CONTEXT_WEIGHT * cover, 1)
    return blended


TIE_MARGIN = 1.0
"""Offices whose fit is within this of a duty's best fit share the duty's vote."""


def _split_votes(side: _Side) -> np.ndarray:
    """(duties, other offices): each duty's vote, were it counted, split evenly among the
    offices it fits (about) equally well.

    A catch-all duty every office holds ("other tasks assigned by the bureau") ties across
    them all, so it lends each almost nothing, instead of one arbitrary link.
    """
    rows = np.arange(side.fit.shape[0])
    top = side.fit[rows, side.office][:, None]
    tied = (side.fit >= top - TIE_MARGIN) & (side.duty_best > 0)
    counts = tied.sum(axis=1, keepdims=True)
    shares: np.ndarray = np.where(tied, 1.0 / np.maximum(counts, 1), 0.0).astype(np.float32)
    return shares


def _by_office(values: np.ndarray, office_of: np.ndarray, offices: int) -> np.ndarray:
    """(offices, columns): the sums of ``values``' rows by their office; an office's rows are
    contiguous (``DutyTable``)."""
    total = np.zeros((offices, values.shape[1]), dtype=np.float64)
    if len(office_of):
        starts = np.flatnonzero(np.r_[True, office_of[1:] != office_of[:-1]])
        total[office_of[starts]] = np.add.reduceat(values, starts, axis=0, dtype=np.float64)
    return total


def _flows(
    left: Bureau,
    right: Bureau,
    left_table: DutyTable,
    right_table: DutyTable,
    votes: _Votes,
    glossary: Glossary,
    *,
    latin: tuple[bool, bool] = (True, True),
) -> _Flows:
    n_left, n_right = len(left.offices), len(right.offices)
    left_to = _by_office(votes.left_share, left_table.office_of, n_left)
    right_to = _by_office(votes.right_share, right_table.office_of, n_right).T
    left_sizes = np.asarray([len(o.duties) for o in left.offices], dtype=np.float64)
    right_sizes = np.asarray([len(o.duties) for o in right.offices], dtype=np.float64)
    share = np.maximum(left_to / left_sizes[:, None], right_to / right_sizes[None, :])
    names = _name_scores(left, right, glossary, latin=latin)
    # A name bonus only where duties already flow: names alone never make a link.
    affinity = share + np.where(share > 0, NAME_WEIGHT * names, 0.0)
    return _Flows(left_to, right_to, affinity)


_NAME_NOISE = frozenset(
    {"offic", "department", "bureau", "division", "section", "management", "ministry", "center",
     "unit", "brand", "affair"}
)


def _name_scores(
    left: Bureau, right: Bureau, glossary: Glossary, *, latin: tuple[bool, bool] = (True, True)
) -> np.ndarray:
    """How alike each pair of office names is, 0-1, aliases included, generic words ignored;
    a Chinese (Japanese, Korean) word of one bureau's names that the other's never write is
    ignored too when the other is mostly written in other scripts (``latin``: whether each
    bureau is, ``match.mostly_latin``)."""
    from rapidfuzz import fuzz, process

    def words(bureau: Bureau) -> list[tuple[int, list[str]]]:
        """Each name's words and its office's position; generic words left out."""
        return [(position, [t for t in glossary.tokens(name) if t not in _NAME_NOISE])
                for position, office in enumerate(bureau.offices)
                for name in (office.name, *office.aliases)]

    def names(
        own: list[tuple[int, list[str]]], other: list[tuple[int, list[str]]], other_latin: bool
    ) -> tuple[list[str], list[int]]:
        theirs = {t for _, name in other for t in name if has_cjk(t)} if other_latin else None
        texts: list[str] = []
        owners: list[int] = []
        for position, name in own:
            kept = [t for t in name if theirs is None or not has_cjk(t) or t in theirs]
            if kept:  # a name of generic words only ("Office") says nothing
                texts.append(" ".join(kept))
                owners.append(position)
        return texts, owners

    left_words, right_words = words(left), words(right)
    left_names, left_owner = names(left_words, right_words, latin[1])
    right_names, right_owner = names(right_words, left_words, latin[0])
    result = np.zeros((len(left.offices), len(right.offices)), dtype=np.float64)
    if not left_names or not right_names:
        return result
    scores = process.cdist(left_names, right_names, scorer=fuzz.token_sort_ratio,
                           dtype=np.float32, workers=-1)
    np.maximum.at(
        result,
        (np.asarray(left_owner)[:, None], np.asarray(right_owner)[None, :]),
        scores / 100.0,
    )
    # Only near-identical names are evidence; partial overlaps ("insurance") are not.
    return np.where(result >= 0.8, result, 0.0)


def _linked_pairs(flows: _Flows) -> set[tuple[int, int]]:
    """Office pairs whose affinity makes a link, without chain-building weak links."""
    affinity = flows.affinity
    if affinity.size == 0:
        return set()
    flowing = flows.left_to + flows.right_to
    mutual = ((flows.left_to >= 1 - _VOTE_SLACK) & (flows.right_to >= 1 - _VOTE_SLACK)
              & (flowing >= MUTUAL_DUTIES - _VOTE_SLACK) & (affinity >= MUTUAL_SHARE))
    best_of_left = affinity.max(axis=1)
    best_of_right = affinity.max(axis=0)
    pairs: set[tuple[int, int]] = set()
    for a, b in zip(*np.nonzero((affinity >= MIN_SHARE) | mutual), strict=True):
        value = affinity[a, b]
        strongest = value >= best_of_left[a] or value >= best_of_right[b]
        if strongest or value >= STRONG_SHARE or mutual[a, b]:
            pairs.add((int(a), int(b)))
    return pairs


def _link(
    a: int,
    b: int,
    left: DutyTable,
    right: DutyTable,
    best: OfficeBest,
    votes: _Votes,
    threshold: float,
    *,
    manual: bool,
) -> Link:
    """The link between left office ``a`` and right office ``b`` with its duty evidence."""
    found: dict[tuple[int, int], float] = {}
    for i in np.nonzero((left.office_of == a) & (votes.left_share[:, b] > 0))[0]:
        found[(int(i), int(best.left_arg[i, b]))] = round(float(best.left_best[i, b]), 1)
    for j in np.nonzero((right.office_of == b) & (votes.right_share[:, a] > 0))[0]:
        found[(int(best.right_arg[j, a]), int(j))] = round(float(best.right_best[j, a]), 1)
    if manual and not found:
        # A pinned link with no duty flowing: show its closest duty pairs as the evidence, or,
        # with none at the threshold, its closest pair (not a score of 0 for a link the user
        # knows, which would drag its group's score down).
        mine = np.nonzero(left.office_of == a)[0]
        for i in mine:
            if best.left_best[i, b] >= threshold:
                found[(int(i), int(best.left_arg[i, b]))] = round(float(best.left_best[i, b]), 1)
        if not found and mine.size:
            closest = int(mine[np.argmax(best.left_best[mine, b])])
            if best.left_best[closest, b] > 0:
                found[(closest, int(best.left_arg[closest, b]))] = round(
                    float(best.left_best[closest, b]), 1
                )
    ordered = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    evidence = tuple(Evidence(left.texts[i], right.texts[j], score) for (i, j), score in ordered)
    score = _mean([e.score for e in evidence])
    return Link(left.office_ids[a], right.office_ids[b], score, evidence, manual=manual)


def _mark_ambiguous(
    links: tuple[Link, ...], affinity: np.ndarray, left: DutyTable, right: DutyTable
) -> tuple[Link, ...]:
    """Flag links whose office has an unlinked runner-up close to the link's affinity."""
    index_left = {o: i for i, o in enumerate(left.office_ids)}
    index_right = {o: i for i, o in enumerate(right.office_ids)}
    linked = np.zeros(affinity.shape, dtype=bool)
    for link in links:
        linked[index_left[link.left], index_right[link.right]] = True
    unlinked = np.where(linked, 0.0, affinity)
    # Each office's strongest affinity to an office it is not linked to.
    rival_of_left = unlinked.max(axis=1, initial=0.0)
    rival_of_right = unlinked.max(axis=0, initial=0.0)
    result = []
    for link in links:
        a, b = index_left[link.left], index_right[link.right]
        rival = max(rival_of_left[a], rival_of_right[b])
        close = rival > 0 and rival >= AMBIGUOUS_RATIO * affinity[a, b]
        result.append(replace(link, ambiguous=bool(close) and not link.manual))
    return tuple(result)


def _groups(left: Bureau, right: Bureau, links: tuple[Link, ...]) -> tuple[Group, ...]:
    """Connected components of the links, every office in exactly one group."""
    scores: dict[str, list[float]] = {}
    for link in links:
        scores.setdefault(link.left, []).append(link.score)
    left_order = {o.id: i for i, o in enumerate(left.offices)}
    right_order = {o.id: i for i, o in enumerate(right.offices)}
    groups = []
    pairs = [(link.left, link.right) for link in links]
    for lefts, rights in components([o.id for o in left.offices],
                                    [o.id for o in right.offices], pairs):
        values = [score for office in lefts for score in scores.get(office, ())]
        groups.append(Group(
            relation=_relation(len(lefts), len(rights)),
            left=tuple(lefts),
            right=tuple(rights),
            score=_mean(values),
        ))

    def order(group: Group) -> tuple[int, int, int]:
        first_left = min((left_order[o] for o in group.left), default=len(left_order))
        first_right = min((right_order[o] for o in group.right), default=len(right_order))
        return (_RELATION_ORDER[group.relation], first_left, first_right)

    return tuple(sorted(groups, key=order))


def _mean(values: list[float]) -> float:
    """The mean to one decimal, summed exactly so that the order of the values cannot change
    the rounding (swapping left and right must mirror every score)."""
    return round(math.fsum(values) / len(values), 1) if values else 0.0


def _relation(n_left: int, n_right: int) -> Relation:
    if n_left == 0 or n_right == 0:
        return Relation.UNIQUE
    if n_left == 1 and n_right == 1:
        return Relation.SAME
    if n_right == 1:
        return Relation.MERGED
    if n_left == 1:
        return Relation.SPLIT
    return Relation.REGROUPED


def _duty_matches(
    table: DutyTable,
    other: DutyTable,
    fit: np.ndarray,
    best: np.ndarray,
    arg: np.ndarray,
    office: np.ndarray,
    ok: np.ndarray,
) -> tuple[DutyMatch, ...]:
    """Where each duty of ``table`` sits in the other bureau: the office it went to (its best,
    or a near duty's partner, ``_Votes``), its fit there (the score the threshold applies to)
    and the duty there that matches it best."""
    result = []
    for i, text in enumerate(table.texts):
        position = int(table.office_of[i])
        k = int(office[i])
        score = float(fit[i, k])
        j = int(arg[i, k])
        found = float(best[i, k]) > 0
        result.append(DutyMatch(
            office=table.office_ids[position],
            index=i - table.starts[position],
            text=text,
            other_office=other.office_ids[k] if found else None,
            other_text=other.texts[j] if found else None,
            score=round(score, 1),
            matched=bool(ok[i]),
        ))
    return tuple(result)
