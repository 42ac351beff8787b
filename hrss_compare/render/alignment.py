"""Render an alignment for the terminal (rich) and as JSON: offices, duties and evaluation."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from hrss_compare.model import Alignment, Bureau, DutyMatch, Group, Link, Relation
from hrss_compare.render.common import (
    closest_office,
    counted,
    dumps_json,
    safe,
    side_labels,
    thresholds,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from hrss_compare.evaluate import Evaluation


def office_ref(bureau: Bureau, office_id: str) -> dict[str, str]:
    """``{"id", "name"}`` of an office, for JSON."""
    return {"id": office_id, "name": bureau.office(office_id).name}


def link_to_dict(link: Link) -> dict[str, Any]:
    """A link in the JSON contract's shape."""
    return {
        "left": link.left,
        "right": link.right,
        "score": link.score,
        "manual": link.manual,
        "reason": link.reason or None,
        "ambiguous": link.ambiguous,
        "evidence": [{"left": e.left, "right": e.right, "score": e.score} for e in link.evidence],
    }


def group_to_dict(alignment: Alignment, group: Group) -> dict[str, Any]:
    """A group in the JSON contract's shape."""
    return {
        "relation": group.relation.value,
        "left": [office_ref(alignment.left, o) for o in group.left],
        "right": [office_ref(alignment.right, o) for o in group.right],
        "score": group.score,
    }


def alignment_to_dict(alignment: Alignment) -> dict[str, Any]:
    """The alignment as the documented JSON contract of ``offices --format json``."""
    return {
        "left": {"id": alignment.left.id, "name": alignment.left.name},
        "right": {"id": alignment.right.id, "name": alignment.right.name},
        "settings": settings(alignment),
        "summary": summary(alignment),
        "links": [link_to_dict(link) for link in alignment.links],
        "groups": [group_to_dict(alignment, group) for group in alignment.groups],
    }


def settings(alignment: Alignment) -> dict[str, Any]:
    """The settings an alignment was made with."""
    return {
        "threshold": alignment.threshold,
        "threshold_scaled_from": alignment.scaled_from,
        "near_threshold": alignment.near_threshold,
        "glossary": alignment.glossary,
        "overrides": alignment.overrides,
        "meaning": alignment.meaning,
    }


def summary(alignment: Alignment) -> dict[str, Any]:
    """Counts of groups by relation and the share of duties matched on each side."""
    counts = Counter(group.relation for group in alignment.groups)

    def matched(duties: tuple[DutyMatch, ...]) -> float:
        return round(sum(d.matched for d in duties) / len(duties), 3) if duties else 0.0

    return {
        "groups": {relation.value: counts.get(relation, 0) for relation in Relation},
        "links": len(alignment.links),
        "duties_matched": {
            "left": matched(alignment.left_duties),
            "right": matched(alignment.right_duties),
        },
    }


def render_offices_json(alignment: Alignment, relation: Relation | None = None) -> str:
    """``offices --format json``: links and groups, optionally of one relation only."""
    data = alignment_to_dict(alignment)
    if relation is not None:
        data["groups"] = [g for g in data["groups"] if g["relation"] == relation.value]
        kept = {o["id"] for g in data["groups"] for o in g["left"]}
        data["links"] = [x for x in data["links"] if x["left"] in kept]
    return dumps_json(data)


def summary_line(alignment: Alignment) -> str:
    """One line of counts: ``8 same, 6 merged, ...; 91% / 88% of duties matched``."""
    data = summary(alignment)
    counts = ", ".join(f"{n} {relation}" for relation, n in data["groups"].items())
    share = data["duties_matched"]
    left, right = side_labels(alignment)
    return (
        f"{counts}; duties matched: {share['left']:.0%} of {left}, "
        f"{share['right']:.0%} of {right}"
    )


def render_offices_table(
    alignment: Alignment, relation: Relation | None = None, *, evidence: int = 0
) -> RenderableType:
    """The side-by-side table of office groups, by relation, with a summary line."""
    from rich.console import Group as RichGroup
    from rich.table import Table
    from rich.text import Text

    left, right = (safe(label) for label in side_labels(alignment))
    table = Table(title=Text(f"{left} vs {right}"), show_lines=False, expand=False)
    table.add_column(left, overflow="fold", ratio=3, min_width=10)
    table.add_column("relation", overflow="fold", min_width=6)
    table.add_column(right, overflow="fold", ratio=3, min_width=10)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("pairs", justify="right", no_wrap=True)
    previous: Relation | None = None
    shown = [g for g in alignment.groups if relation is None or g.relation is relation]
    for group in shown:
        if previous is not None and group.relation is not previous:
            table.add_section()
        previous = group.relation
        links = alignment.links_of(group)
        marks = ""
        if any(link.manual for link in links):
            marks += " (manual)"
        if any(link.ambiguous for link in links):
            marks += " (?)"
        table.add_row(
            _names(alignment.left, group.left),
            Text(group.relation.value + marks),
            _names(alignment.right, group.right),
            f"{group.score:.1f}" if group.left and group.right else "",
            str(sum(len(link.evidence) for link in links)) if links else "",
        )
    parts: list[RenderableType] = [table, Text(summary_line(alignment))]
    if not shown:  # "--relation split" where no office is split
        what = "groups" if relation is None else f"{relation.value} groups"
        parts[0] = Text(f"No {what}: {left} and {right} have none.")
    if any(link.ambiguous for g in shown for link in alignment.links_of(g)):
        parts.append(Text("(?) ambiguous: an office has a runner-up close to this link"))
    if evidence:
        parts.append(render_evidence(alignment, relation, limit=evidence))
    return RichGroup(*parts)


def _names(bureau: Bureau, ids: tuple[str, ...]) -> RenderableType:
    from rich.text import Text

    if not ids:
        return Text("-", style="dim")
    if len(ids) == 1:
        return Text(safe(bureau.office(ids[0]).name))
    return Text("\n".join("- " + safe(bureau.office(i).name) for i in ids))


def render_evidence(
    alignment: Alignment, relation: Relation | None = None, *, limit: int = 3
) -> RenderableType:
    """For each link, its strongest duty pairs."""
    from rich.console import Group as RichGroup
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = [Text("")]
    wanted = {
        (o, "L") for g in alignment.groups
        if relation is None or g.relation is relation for o in g.left
    }
    for link in alignment.links:
        if (link.left, "L") not in wanted:
            continue
        heading = Text(
            f"{safe(alignment.left.office(link.left).name)} -> "
            f"{safe(alignment.right.office(link.right).name)}  ({link.score:.1f}"
            f"{', manual' if link.manual else ''}{f': {safe(link.reason)}' if link.reason else ''}"
            f"{', ambiguous' if link.ambiguous else ''})",
            style="bold",
        )
        parts.append(heading)
        pairs = Table.grid(padding=(0, 1))
        pairs.add_column(justify="right", no_wrap=True)
        pairs.add_column(overflow="fold")
        for item in link.evidence[:limit]:
            pairs.add_row(f"{item.score:.1f}", Text(safe(item.left)))
            pairs.add_row("=", Text(safe(item.right), style="dim"))
        parts.append(Padding(pairs, (0, 0, 1, 2)))
    return RichGroup(*parts)


def duty_rows(
    alignment: Alignment, *, right_side: bool = False, office: str | None = None,
    unmatched: bool = False,
) -> list[DutyMatch]:
    """The duty matches of one side, filtered by office and by having no counterpart."""
    duties = alignment.right_duties if right_side else alignment.left_duties
    return [
        d for d in duties
        if (office is None or d.office == office) and (not unmatched or not d.matched)
    ]


def sides(alignment: Alignment, *, right_side: bool = False) -> tuple[Bureau, Bureau]:
    """The bureau whose duties are listed and the other: the left one first, or the right one
    with ``right_side``."""
    if right_side:
        return alignment.right, alignment.left
    return alignment.left, alignment.right


def render_duties_json(
    alignment: Alignment, rows: list[DutyMatch], *, right_side: bool = False
) -> str:
    """``duties --format json``."""
    this, other = sides(alignment, right_side=right_side)
    # Each bureau names its side: with one bureau on both sides (`-l x -r x`) the ids alike
    # can't say which duties are listed. The threshold keys at the top are kept for scripts
    # written before ``settings``, which is as `offices` gives it.
    here, there = ("right", "left") if right_side else ("left", "right")
    return dumps_json({
        "bureau": {"id": this.id, "name": this.name, "side": here},
        "other": {"id": other.id, "name": other.name, "side": there},
        "threshold": alignment.threshold,
        "threshold_scaled_from": alignment.scaled_from,
        "near_threshold": alignment.near_threshold,
        "meaning": alignment.meaning,
        "settings": settings(alignment),
        "duties": [duty_to_dict(this, other, d) for d in rows],
    })


def duty_to_dict(this: Bureau, other: Bureau, duty: DutyMatch) -> dict[str, Any]:
    """One duty and where it sits in the other bureau."""
    return {
        "office": office_ref(this, duty.office),
        "index": duty.index,
        "duty": duty.text,
        "matched": duty.matched,
        "score": duty.score,
        "match": (
            {"office": office_ref(other, duty.other_office), "duty": duty.other_text}
            if duty.other_office is not None and duty.other_text is not None else None
        ),
    }


def render_duties_table(
    alignment: Alignment, rows: list[DutyMatch], *, right_side: bool = False
) -> RenderableType:
    """Duty by duty: where each sits in the other bureau, grouped by office."""
    from rich.console import Group as RichGroup
    from rich.table import Table
    from rich.text import Text

    this, other = sides(alignment, right_side=right_side)
    left, right = (safe(label) for label in side_labels(alignment))
    this_label, other_label = (right, left) if right_side else (left, right)
    table = Table(show_lines=True)
    table.add_column(f"{this_label} duty", overflow="fold", ratio=1, min_width=10)
    table.add_column(f"where it sits in {other_label}", overflow="fold", ratio=1, min_width=10)
    table.add_column("score", justify="right", no_wrap=True)
    current = None
    for duty in rows:
        if duty.office != current:
            current = duty.office
            table.add_row(Text(safe(this.office(duty.office).name), style="bold"), "", "")
        if duty.matched and duty.other_office is not None and duty.other_text is not None:
            where = Text(safe(other.office(duty.other_office).name), style="cyan")
            where.append("\n" + safe(duty.other_text))
        else:
            where = Text("no counterpart", style="yellow")
            if (near := closest_office(alignment, duty)) is not None:
                where.append("\nclosest: " + safe(other.office(near).name), style="dim")
        table.add_row(Text(safe(duty.text)), where, f"{duty.score:.1f}")
    matched = sum(d.matched for d in rows)
    threshold = f"threshold {thresholds(alignment)}"
    line = Text(f"{counted(len(rows), 'duty', 'duties')}, {matched} with a counterpart in "
                f"{other_label}, {len(rows) - matched} without ({threshold})")
    if not rows:  # only "--unmatched" leaves none: every duty chosen has a counterpart
        return Text(f"No duty without a counterpart in {other_label} ({threshold}).")
    return RichGroup(table, line)


def render_evaluation_table(evaluation: Evaluation) -> RenderableType:
    """Precision, recall, F1 and the links that differ from the reference."""
    from rich.console import Group as RichGroup
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=True)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("precision", f"{evaluation.precision:.3f}")
    table.add_row("recall", f"{evaluation.recall:.3f}")
    table.add_row("F1", f"{evaluation.f1:.3f}")
    table.add_row("links found / in reference",
                  f"{len(evaluation.true_positives) + len(evaluation.false_positives)}"
                  f" / {len(evaluation.true_positives) + len(evaluation.false_negatives)}")
    table.add_row("groups reproduced exactly", f"{evaluation.groups_exact} / {evaluation.groups}")
    parts: list[RenderableType] = [table]
    for title, pairs in (("extra links (not in the reference)", evaluation.false_positives),
                         ("missed links (in the reference)", evaluation.false_negatives)):
        if pairs:
            parts.append(Text(f"{title}:"))
            parts += [Text(f"  {safe(a)} -> {safe(b)}") for a, b in pairs]
    return RichGroup(*parts)


def render_evaluation_json(evaluation: Evaluation, alignment: Alignment, reference: str) -> str:
    """The evaluation as JSON, with what was evaluated: the bureaus, the alignment's settings
    and the reference as it was named (a built-in name or the path given)."""
    return dumps_json({
        "reference": reference,
        "left": {"id": alignment.left.id, "name": alignment.left.name},
        "right": {"id": alignment.right.id, "name": alignment.right.name},
        "settings": settings(alignment),
        "precision": round(evaluation.precision, 4),
        "recall": round(evaluation.recall, 4),
        "f1": round(evaluation.f1, 4),
        "true_positives": [list(p) for p in evaluation.true_positives],
        "false_positives": [list(p) for p in evaluation.false_positives],
        "false_negatives": [list(p) for p in evaluation.false_negatives],
        "groups": evaluation.groups,
        "groups_exact": evaluation.groups_exact,
    })
