"""Render the comparison report as GitHub-flavoured markdown, with a mermaid diagram.

Every piece of text from the data goes through ``md_escape`` (or ``mermaid_label`` inside the
diagram), so no office name or duty can open a table cell, a link, a code span or a new line.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence

from hrss_compare import __version__
from hrss_compare.model import Alignment, Bureau, DutyMatch, Group, Link, Relation
from hrss_compare.render.alignment import summary
from hrss_compare.render.common import (
    closest_office,
    duty_pairs,
    fmt_score,
    md_escape,
    safe,
    scaled_clause,
    side_labels,
    thresholds,
)

_SECTIONS = {
    Relation.MERGED: (
        "Merged offices",
        "Several offices of {left} do the work of one office of {right}.",
    ),
    Relation.SPLIT: (
        "Split offices",
        "One office of {left} has its work spread over several offices of {right}.",
    ),
    Relation.REGROUPED: (
        "Regrouped offices",
        "Several offices on each side share their work across the group.",
    ),
    Relation.UNIQUE: (
        "Offices without a counterpart",
        "No office of the other bureau shares enough duties with these to be linked; each duty "
        "is shown with its closest duty there, when one comes near.",
    ),
}

_CODE_SAFE = re.compile(r"[A-Za-z0-9_.:-]+")
# Mermaid reads "#name;" and "#123;" as entities, and brackets, pipes and quotes as syntax;
# "<" and "&" would be HTML, "%%" a comment. Markdown marks are escaped too, for renderers
# that apply markdown to labels.
_MERMAID_CODES = {
    '"': "#quot;", "#": "#35;", "&": "#38;", "<": "#lt;", ">": "#gt;", "[": "#91;",
    "]": "#93;", "(": "#40;", ")": "#41;", "{": "#123;", "}": "#125;", "|": "#124;",
    "`": "#96;", "\\": "#92;", "*": "#42;", "_": "#95;", "~": "#126;", "%": "#37;",
}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_CODES)) + "]")
_LIST_START = re.compile(r"^(\d*)([.+-])(?= |$)")
"""A line's start that markdown reads as a list item: "1. ", "- ", "+ " ("*" and ")" are
coded)."""
_LABEL_WIDTH = 28
"""Characters per line of a diagram label: long office names wrap rather than widen the chart."""


def render_report_markdown(alignment: Alignment, *, version: str = __version__) -> str:
    """The full report: bureaus, settings, summary, office table, diagram, evidence, duties."""
    groups = _numbered_groups(alignment)
    blocks: list[str] = [
        *_header(alignment, version),
        *_summary(alignment),
        *_office_table(alignment, groups),
        *_diagram(alignment, groups),
    ]
    for relation in (Relation.MERGED, Relation.SPLIT, Relation.REGROUPED, Relation.UNIQUE):
        blocks += _relation_section(alignment, groups, relation)
    blocks += _appendix(alignment)
    return "\n\n".join(blocks) + "\n"


def _numbered_groups(alignment: Alignment) -> list[tuple[str, Group]]:
    """Groups with their labels ``G1``, ``G2``... in the alignment's order."""
    return [(f"G{number}", group) for number, group in enumerate(alignment.groups, 1)]


def _header(alignment: Alignment, version: str) -> list[str]:
    left, right = alignment.left, alignment.right
    left_label, right_label = _labels(alignment)
    title = f"# Office alignment: {left_label} and {right_label}"
    bureaus = _table(
        ["", "Left", "Right"],
        [
            ["Bureau", md_escape(left.name), md_escape(right.name)],
            ["Id", code(left.id), code(right.id)],
            ["Offices", str(len(left.offices)), str(len(right.offices))],
            ["Duties", str(left.duty_count), str(right.duty_count)],
        ],
        align="lll",
    )
    settings = "\n".join([
        f"- **Tool:** hrss-compare {version}",
        f"- **Threshold:** {thresholds(alignment)} (a duty's fit, 0-100, from which it counts "
        f"as held by an office of the other bureau{scaled_clause(alignment)})",
        f"- **Glossary:** {md_escape(alignment.glossary or 'none')}",
        f"- **Overrides:** {md_escape(alignment.overrides or 'none')}",
        f"- **Meaning:** {md_escape(alignment.meaning or 'none')} (a sentence model by which "
        "duties saying one thing in other words match; none: by their words alone)",
    ])
    return [title, "## Bureaus", bureaus, "## Settings", settings]


def _summary(alignment: Alignment) -> list[str]:
    left, right = alignment.left, alignment.right
    left_label, right_label = _labels(alignment)
    data = summary(alignment)
    rows = []
    for relation in Relation:
        groups = [g for g in alignment.groups if g.relation is relation]
        rows.append([
            relation.value,
            str(data["groups"][relation.value]),
            str(sum(len(g.left) for g in groups)),
            str(sum(len(g.right) for g in groups)),
        ])
    rows.append([
        "**total**", str(len(alignment.groups)), str(len(left.offices)), str(len(right.offices)),
    ])
    table = _table(
        ["Relation", "Groups", f"{left_label} offices", f"{right_label} offices"],
        rows,
        align="lrrr",
    )
    shares = data["duties_matched"]
    manual = sum(link.manual for link in alignment.links)
    ambiguous = sum(link.ambiguous for link in alignment.links)
    lines = [
        f"Duties with a counterpart: {_share(shares['left'], alignment.left_duties, left_label)}; "
        f"{_share(shares['right'], alignment.right_duties, right_label)}.",
        f"Office links: {len(alignment.links)}, of which {manual} pinned by an override and "
        f"{ambiguous} ambiguous (an office has a runner-up close to the link).",
    ]
    blocks = ["## Summary", table, "\n".join(lines)]
    pinned = [
        f"- {office_cell(left, link.left)} → {office_cell(right, link.right)}: "
        f"{md_escape(link.reason) if link.reason else 'no reason given'}"
        for link in alignment.links if link.manual
    ]
    if pinned:
        blocks.append("Pinned by an override:\n\n" + "\n".join(pinned))
    return blocks


def _share(share: float, duties: tuple[DutyMatch, ...], label: str) -> str:
    matched = sum(d.matched for d in duties)
    return f"{share:.1%} of {label} ({matched} of {len(duties)})"


def _office_table(alignment: Alignment, groups: list[tuple[str, Group]]) -> list[str]:
    left, right = alignment.left, alignment.right
    left_label, right_label = _labels(alignment)
    rows = []
    for label, group in groups:
        links = alignment.links_of(group)
        rows.append([
            label,
            _office_list(left, group.left),
            _relation_cell(group, links),
            _office_list(right, group.right),
            fmt_score(group.score) if links else "",
            str(sum(len(link.evidence) for link in links)) if links else "",
        ])
    table = _table(
        ["Group", left_label, "Relation", right_label, "Score", "Duty pairs"],
        rows,
        align="llllrr",
    )
    note = (
        "Score: the mean similarity (0-100) of the duty pairs behind the group's links; "
        "*Duty pairs*: how many there are (a duty may be in several). "
        "*Manual*: a link pinned by an override. *Ambiguous*: an office has a runner-up "
        "close to the link."
    )
    return ["## Offices side by side", table, note]


def _office_list(bureau: Bureau, ids: tuple[str, ...]) -> str:
    if not ids:
        return "—"
    return "<br>".join(office_cell(bureau, office_id) for office_id in ids)


def office_cell(bureau: Bureau, office_id: str) -> str:
    """An office's name and id, escaped for a table cell."""
    return f"{md_escape(bureau.office(office_id).name)} ({code(office_id)})"


def _relation_cell(group: Group, links: tuple[Link, ...]) -> str:
    marks = [group.relation.value]
    if any(link.manual for link in links):
        marks.append("manual")
    if any(link.ambiguous for link in links):
        marks.append("ambiguous")
    return ", ".join(marks)


def _diagram(alignment: Alignment, groups: list[tuple[str, Group]]) -> list[str]:
    legend = (
        "Arrows go from an office of the left bureau to the office of the right bureau it "
        "shares duties with, labelled with the number of duty pairs behind the link: solid when "
        "found by the matcher, thick when pinned by an override, dotted when ambiguous. "
        "Offices without a counterpart have dashed borders."
    )
    return ["## Diagram", legend, "```mermaid\n" + render_mermaid(alignment, groups) + "```"]


def render_mermaid(
    alignment: Alignment, groups: Sequence[tuple[str, Group]] | None = None
) -> str:
    """A mermaid ``flowchart LR``: left offices in one box, right offices in another.

    Nodes are ``L<n>``/``R<n>`` by the office's position in its bureau, so no office id can
    break the syntax; nodes and arrows come in group order so linked offices sit side by side.
    """
    groups = groups if groups is not None else _numbered_groups(alignment)
    node_left = {o.id: f"L{i}" for i, o in enumerate(alignment.left.offices)}
    node_right = {o.id: f"R{i}" for i, o in enumerate(alignment.right.offices)}
    lines = ["flowchart LR"]
    left_label, right_label = side_labels(alignment)
    for side, bureau, label, nodes in (
        ("left", alignment.left, left_label, node_left),
        ("right", alignment.right, right_label, node_right),
    ):
        lines.append(f'  subgraph {side}_bureau["{mermaid_label(label)}"]')
        for _, group in groups:
            for office_id in group.left if side == "left" else group.right:
                name = mermaid_label(bureau.office(office_id).name)
                lines.append(f'    {nodes[office_id]}["{name}"]')
        lines.append("  end")
    for link in (link for _, group in groups for link in alignment.links_of(group)):
        arrow = "==>" if link.manual else "-.->" if link.ambiguous else "-->"
        lines.append(
            f"  {node_left[link.left]} {arrow}|{len(link.evidence)}| {node_right[link.right]}"
        )
    unique = [g for _, g in groups if g.relation is Relation.UNIQUE]
    lonely_right = [node_right[o] for g in unique for o in g.right]
    if lonely_right and alignment.left.offices:
        # A right office with no arrow would be drawn in the left column; an invisible link
        # from the last left office puts it in the right column, at the bottom.
        last_left = [node_left[o] for _, g in groups for o in g.left][-1]
        lines += [f"  {last_left} ~~~ {node}" for node in lonely_right]
    if unique:
        dashed = [node_left[o] for g in unique for o in g.left] + lonely_right
        lines.append("  classDef unique stroke-dasharray: 5 4")
        lines.append(f"  class {','.join(dashed)} unique")
    return "\n".join(lines) + "\n"


def mermaid_label(text: str) -> str:
    """Text for a quoted mermaid label: wrapped with ``<br/>``, syntax characters as codes, and
    a line that would start a markdown list ("1. ", "- ") escaped, as mermaid reads a label as
    markdown ("Unsupported markdown: list")."""
    words = " ".join(safe(text).split())
    lines = textwrap.wrap(words, _LABEL_WIDTH, break_long_words=False) or [""]
    return "<br/>".join(
        _LIST_START.sub(r"\1\\\2", _MERMAID_SPECIAL.sub(lambda m: _MERMAID_CODES[m.group()], line))
        for line in lines
    )


def _relation_section(
    alignment: Alignment, groups: list[tuple[str, Group]], relation: Relation
) -> list[str]:
    title, intro = _SECTIONS[relation]
    left_label, right_label = _labels(alignment)
    blocks = [f"## {title}", intro.format(left=left_label, right=right_label)]
    chosen = [(label, group) for label, group in groups if group.relation is relation]
    if not chosen:
        blocks.append("None.")
    for label, group in chosen:
        if relation is Relation.UNIQUE:
            blocks += _unique_group(alignment, label, group)
        else:
            blocks += _linked_group(alignment, label, group)
    return blocks


def _linked_group(alignment: Alignment, label: str, group: Group) -> list[str]:
    left, right = alignment.left, alignment.right
    left_label, right_label = _labels(alignment)
    names_left = " + ".join(md_escape(left.office(o).name) for o in group.left)
    names_right = " + ".join(md_escape(right.office(o).name) for o in group.right)
    blocks = [
        f"### {label}: {names_left} → {names_right}",
        f"Group score {fmt_score(group.score)}.",
    ]
    for link in alignment.links_of(group):
        blocks.append(
            f"#### {office_cell(left, link.left)} → {office_cell(right, link.right)}"
        )
        facts = [f"score {fmt_score(link.score)}", duty_pairs(len(link.evidence))]
        if link.manual:
            facts.append("pinned by an override" + (
                f" ({md_escape(link.reason)})" if link.reason else ""
            ))
        if link.ambiguous:
            facts.append("ambiguous: an office has a runner-up close to this link")
        if link.manual and link.evidence and all(
            e.score < alignment.threshold for e in link.evidence
        ):  # a pin with no duty flowing shows its closest pair
            facts.append("no duty pair reaches the threshold")
        blocks.append("Link " + "; ".join(facts) + ".")
        if link.evidence:
            blocks.append(_table(
                [f"{left_label} duty", f"{right_label} duty", "Score"],
                [[md_escape(e.left), md_escape(e.right), fmt_score(e.score)]
                 for e in link.evidence],
                align="llr",
            ))
        else:
            blocks.append("No duty pair reaches the threshold.")
    return blocks


def _unique_group(alignment: Alignment, label: str, group: Group) -> list[str]:
    left_label, right_label = _labels(alignment)
    if group.left:
        this, other, office_id = alignment.left, alignment.right, group.left[0]
        duties, this_label, other_label = alignment.left_duties, left_label, right_label
    else:
        this, other, office_id = alignment.right, alignment.left, group.right[0]
        duties, this_label, other_label = alignment.right_duties, right_label, left_label
    rows = [
        [
            str(d.index + 1),
            md_escape(d.text),
            md_escape(d.other_text) if near is not None and d.other_text is not None else "—",
            office_cell(other, near) if near is not None else "—",
            fmt_score(d.score),
        ]
        for d in duties if d.office == office_id
        for near in (d.other_office if d.matched else closest_office(alignment, d),)
    ]
    return [
        f"### {label}: {office_cell(this, office_id)}, {this_label} only",
        _table(
            ["#", "Duty", f"Closest duty in {other_label}", "Its office", "Score"],
            rows,
            align="rlllr",
        ),
    ]


def _appendix(alignment: Alignment) -> list[str]:
    left, right = alignment.left, alignment.right
    left_label, right_label = _labels(alignment)
    blocks = [
        f"## Appendix: where each duty of {left_label} sits in {right_label}",
        f"Score: the duty's fit (0-100) with the office of {right_label} it was "
        "assigned to: its closest duty there, blended with how much of the duty's wording that "
        f"office uses. A duty counts from a fit of {thresholds(alignment)}, so a score near the "
        "threshold can fall either way.",
    ]
    for office in left.offices:
        rows = [
            _duty_row(alignment, duty)
            for duty in alignment.left_duties if duty.office == office.id
        ]
        blocks += [
            f"### {office_cell(left, office.id)}",
            _table(
                ["#", "Duty", f"{right_label} office", "Matched duty", "Score"],
                rows,
                align="rlllr",
            ),
        ]
    unmatched = [d for d in alignment.right_duties if not d.matched]
    blocks.append(
        f"### Duties of {right_label} with no counterpart in {left_label}"
    )
    if unmatched:
        blocks.append(_table(
            [f"{right_label} office", "#", "Duty", f"Closest in {left_label}", "Score"],
            [[office_cell(right, d.office), str(d.index + 1), md_escape(d.text),
              "—" if (near := closest_office(alignment, d)) is None else office_cell(left, near),
              fmt_score(d.score)] for d in unmatched],
            align="lrllr",
        ))
    else:
        blocks.append("None.")
    return blocks


def _duty_row(alignment: Alignment, duty: DutyMatch) -> list[str]:
    other = alignment.right
    if duty.matched and duty.other_office is not None and duty.other_text is not None:
        where, text = office_cell(other, duty.other_office), md_escape(duty.other_text)
    else:  # under the threshold: the closest office, for a look
        where, text = "*no counterpart*", "—"
        if (near := closest_office(alignment, duty)) is not None:
            where += f" (closest: {office_cell(other, near)})"
    return [str(duty.index + 1), md_escape(duty.text), where, text, fmt_score(duty.score)]


def _labels(alignment: Alignment) -> tuple[str, str]:
    """The two bureaus' short names told apart (see ``side_labels``), escaped for markdown."""
    left, right = side_labels(alignment)
    return md_escape(left), md_escape(right)



def code(text: str) -> str:
    """An identifier as a code span when it is plain, else as escaped text."""
    return f"`{text}`" if _CODE_SAFE.fullmatch(text) else md_escape(text)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], *, align: str) -> str:
    """A GFM table from cells already escaped; ``align`` has an ``l`` or ``r`` per column."""
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = [_row(header), _row(rule)] + [_row(row) for row in rows]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
