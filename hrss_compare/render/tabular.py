"""Render office links (and duty matches) as CSV for spreadsheets and office links as SSSOM TSV
for mapping pipelines.

SSSOM (Simple Standard for Sharing Ontological Mappings, https://mapping-commons.github.io/sssom/)
is a TSV file of mappings after a ``#``-commented YAML block of metadata. Offices get IRIs under
``https://example.org/hrss/<bureau id>/`` (``.../left/`` and ``.../right/`` under it when both
bureaus have the same id): example.org is reserved for examples, so the IRIs are neutral
placeholders that a publisher replaces by editing the ``curie_map``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from hrss_compare import __version__
from hrss_compare.model import Alignment, Bureau, DutyMatch, Group, Link, Relation
from hrss_compare.render.alignment import duty_to_dict, sides
from hrss_compare.render.common import (
    duty_pairs,
    scaled_clause,
    side_labels,
    thresholds,
)

CSV_COLUMNS = (
    "left_id", "left_name", "right_id", "right_name", "relation", "score", "duty_pairs",
    "manual", "ambiguous", "group", "reason",
)
DUTY_CSV_COLUMNS = (
    "office_id", "office_name", "index", "duty", "matched", "score", "other_office_id",
    "other_office_name", "other_duty",
)
SSSOM_COLUMNS = (
    "subject_id", "subject_label", "predicate_id", "object_id", "object_label",
    "mapping_justification", "confidence", "comment",
)
IRI_BASE = "https://example.org/hrss/"
"""Base of the placeholder IRIs of offices: ``IRI_BASE + bureau id + "/" + office id`` (see
``iri_bases`` for two bureaus with the same id)."""

BOM = "\ufeff"

# SKOS mapping properties read "subject <predicate> object": "A skos:broadMatch B" says that B
# is broader than A (SEMAPV: "the object is a broader concept than the subject").
# In a merged group several left offices do the work of one right office, so each left office
# (subject) is narrower than the right one (object): skos:broadMatch. A split group is the
# inverse, one left office broader than each of its right offices: skos:narrowMatch.
_PREDICATES = {
    Relation.SAME: "skos:exactMatch",
    Relation.MERGED: "skos:broadMatch",
    Relation.SPLIT: "skos:narrowMatch",
    Relation.REGROUPED: "skos:relatedMatch",
}
# An office with no counterpart: not even a related office was found on the other side.
_UNMATCHED_PREDICATE = "skos:relatedMatch"
_NO_TERM = "sssom:NoTermFound"
_LEXICAL = "semapv:LexicalMatching"
_COMPOSITE = "semapv:CompositeMatching"
"""By the duties' words and meaning (a sentence model): two approaches in one score."""
_MANUAL = "semapv:ManualMappingCuration"
_LICENSE = "https://w3id.org/sssom/license/unspecified"
"""SSSOM's value for a mapping set whose licence nobody has stated."""


def render_report_csv(alignment: Alignment, *, bom: bool = False) -> str:
    """One row per office link, and one per office without a counterpart; header first.

    ``bom`` starts the text with a UTF-8 byte order mark, which Excel needs to read UTF-8.
    """
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for number, group, link in _rows(alignment):
        left = (link.left,) if link is not None else group.left
        right = (link.right,) if link is not None else group.right
        writer.writerow([
            _ids(left),
            _inert(_names(alignment.left, left)),
            _ids(right),
            _inert(_names(alignment.right, right)),
            group.relation.value,
            f"{link.score:.1f}" if link is not None else "",
            len(link.evidence) if link is not None else 0,
            _flag(link is not None and link.manual),
            _flag(link is not None and link.ambiguous),
            f"G{number}",
            _inert(_one_line(link.reason)) if link is not None else "",
        ])
    return (BOM if bom else "") + stream.getvalue()


def render_duties_csv(
    alignment: Alignment, rows: Sequence[DutyMatch], *, right_side: bool = False,
    bom: bool = False,
) -> str:
    """``duties --format csv``: what ``duties --format json`` says of each duty of the left
    bureau (the right one with ``right_side``), a row each, flattened: its office, the duty,
    whether it has a counterpart, its fit, and the office of the other bureau it fits best
    with that office's closest duty (empty when no duty there matches it at all). ``bom``
    starts the text with a UTF-8 byte order mark, for Excel."""
    this, other = sides(alignment, right_side=right_side)
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(DUTY_CSV_COLUMNS)
    for duty in rows:
        record = duty_to_dict(this, other, duty)
        match = record["match"] or {"office": {"id": "", "name": ""}, "duty": ""}
        writer.writerow([
            record["office"]["id"],
            _inert(record["office"]["name"]),
            record["index"],
            _inert(record["duty"]),
            _flag(record["matched"]),
            f"{record['score']:.1f}",
            match["office"]["id"],
            _inert(match["office"]["name"]),
            _inert(match["duty"]),
        ])
    return (BOM if bom else "") + stream.getvalue()


def render_report_sssom(alignment: Alignment, *, version: str = __version__) -> str:
    """The office links as an SSSOM TSV mapping set: left offices are subjects, right objects."""
    left, right = alignment.left, alignment.right
    left_prefix, right_prefix = curie_prefixes(left, right)
    left_base, right_base = iri_bases(left, right)
    metadata = {
        "curie_map": {
            left_prefix: left_base,
            right_prefix: right_base,
            "semapv": "https://w3id.org/semapv/vocab/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "sssom": "https://w3id.org/sssom/",
        },
        "mapping_set_id": f"{IRI_BASE}mappings/{left.id}-{right.id}",
        "mapping_set_title": f"Office alignment of {_one_line(left.name)} and "
                             f"{_one_line(right.name)}",
        "license": _LICENSE,
        "mapping_tool": "hrss-compare",
        "mapping_tool_version": version,
        "comment": (
            f"threshold {thresholds(alignment)} (a duty's fit 0-100"
            f"{scaled_clause(alignment)}); glossary "
            f"{_one_line(alignment.glossary or 'none')}; overrides "
            f"{_one_line(alignment.overrides or 'none')}; meaning "
            f"{_one_line(alignment.meaning or 'none')}"
        ),
    }
    import yaml  # only the SSSOM header needs it

    header = yaml.safe_dump(
        metadata, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000
    )
    stream = io.StringIO()
    stream.write("".join(f"#{line}\n" for line in header.splitlines()))
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
    writer.writerow(SSSOM_COLUMNS)
    for number, group, link in _rows(alignment):
        if link is not None:
            writer.writerow(_mapping(alignment, number, group, link, left_prefix, right_prefix))
        else:
            writer.writerow(_unmatched(alignment, number, group, left_prefix, right_prefix))
    return stream.getvalue()


_RESERVED_PREFIXES = frozenset({"semapv", "skos", "sssom", "owl", "rdf", "rdfs", "xsd"})
"""CURIE prefixes an SSSOM file already means something by: a bureau id never takes one."""


def curie_prefixes(left: Bureau, right: Bureau) -> tuple[str, str]:
    """CURIE prefixes for the two bureaus: their ids, kept apart when they come out equal."""
    first, second = _prefix(left.id), _prefix(right.id)
    if first == second:
        return f"{first}-left", f"{second}-right"
    return first, second


def iri_bases(left: Bureau, right: Bureau) -> tuple[str, str]:
    """Where the IRIs of each bureau's offices start: ``IRI_BASE + bureau id + "/"``, and under
    it ``left/`` and ``right/`` when the ids are the same (two versions of one city), so that
    no IRI names an office of both sides."""
    if left.id == right.id:
        return f"{IRI_BASE}{left.id}/left/", f"{IRI_BASE}{right.id}/right/"
    return f"{IRI_BASE}{left.id}/", f"{IRI_BASE}{right.id}/"


def _prefix(bureau_id: str) -> str:
    # A CURIE prefix must start with a letter (bureau ids may start with a digit) and must not
    # be one of the prefixes the file uses for SSSOM's own terms.
    if bureau_id[:1].isalpha() and bureau_id not in _RESERVED_PREFIXES:
        return bureau_id
    return f"hrss-{bureau_id}"


def _mapping(
    alignment: Alignment, number: int, group: Group, link: Link, left_prefix: str,
    right_prefix: str,
) -> list[str]:
    notes = [f"G{number} {group.relation.value}", duty_pairs(len(link.evidence))]
    if link.manual:
        why = f": {_one_line(link.reason)}" if link.reason else ""
        notes.append(f"pinned by an override{why}; duty score {link.score:.1f}")
    if link.ambiguous:
        notes.append("ambiguous: an office has a runner-up close to this link")
    return [
        f"{left_prefix}:{link.left}",
        _one_line(alignment.left.office(link.left).name),
        _PREDICATES[group.relation],
        f"{right_prefix}:{link.right}",
        _one_line(alignment.right.office(link.right).name),
        _MANUAL if link.manual else _matching(alignment),
        # A curated link's lexical score says nothing of the curator's confidence.
        "" if link.manual else str(round(link.score / 100, 3)),
        "; ".join(notes),
    ]


def _matching(alignment: Alignment) -> str:
    """How the links were found: by the duties' words, or by their words and meaning."""
    return _LEXICAL if alignment.meaning is None else _COMPOSITE


def _unmatched(
    alignment: Alignment, number: int, group: Group, left_prefix: str, right_prefix: str
) -> list[str]:
    left_label, right_label = side_labels(alignment)
    if group.left:
        office_id, duties = group.left[0], alignment.left_duties
        subject = (f"{left_prefix}:{office_id}",
                   _one_line(alignment.left.office(office_id).name))
        obj = (_NO_TERM, "")
        other = right_label
    else:
        office_id, duties = group.right[0], alignment.right_duties
        subject = (_NO_TERM, "")
        obj = (f"{right_prefix}:{office_id}",
               _one_line(alignment.right.office(office_id).name))
        other = left_label
    closest = max((d.score for d in duties if d.office == office_id), default=0.0)
    return [
        subject[0], subject[1], _UNMATCHED_PREDICATE, obj[0], obj[1], _matching(alignment), "",
        f"G{number} unique: no office of {_one_line(other)} shares enough of its duties to be "
        f"linked; closest duty score {closest:.1f}",
    ]


def _rows(alignment: Alignment) -> Iterator[tuple[int, Group, Link | None]]:
    """Each group's links in order, or ``None`` for an office without a counterpart."""
    for number, group in enumerate(alignment.groups, 1):
        links = alignment.links_of(group)
        if not links:
            yield number, group, None
        for link in links:
            yield number, group, link


def _ids(ids: Sequence[str]) -> str:
    return " ".join(ids)


def _names(bureau: Bureau, ids: Sequence[str]) -> str:
    return "; ".join(bureau.office(office_id).name for office_id in ids)


def _inert(text: str) -> str:
    """Text from data as a CSV cell that a spreadsheet shows as text: one that starts like a
    formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _one_line(text: str) -> str:
    """Text on one line: TSV readers that ignore quoting still see one field, one row."""
    return " ".join(text.split())
