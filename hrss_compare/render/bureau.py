"""Render bureaus (``show``, ``bureaus``) as rich renderables, markdown or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hrss_compare.model import Bureau
from hrss_compare.render.common import counted, dumps_json, md_escape, safe

if TYPE_CHECKING:
    from rich.console import RenderableType


def bureau_to_dict(bureau: Bureau) -> dict[str, Any]:
    """The bureau in the YAML schema's shape, for JSON: every field of the schema, null or
    empty where the bureau does not set it (the loader reads an optional null as not set), so
    the output has one shape for every bureau and loads back as a bureau file."""
    staffing = bureau.staffing
    return {
        "id": bureau.id,
        "name": bureau.name,
        "city": bureau.city,
        "province": bureau.province,
        "source": bureau.source,
        "offices": [
            {
                "id": office.id,
                "name": office.name,
                "aliases": list(office.aliases),
                "duties": list(office.duties),
                "notes": office.notes,
            }
            for office in bureau.offices
        ],
        "responsibilities": list(bureau.responsibilities),
        "changes": None if bureau.changes is None else {
            key: list(getattr(bureau.changes, key)) for key in _CHANGE_TITLES
        },
        "staffing": None if staffing is None else {
            "administrative": staffing.administrative,
            "posts": [{"title": p.title, "count": p.count} for p in staffing.posts],
            "notes": list(staffing.notes),
        },
        "affiliated": [
            {"name": a.name, "kind": a.kind, "aliases": list(a.aliases), "notes": a.notes}
            for a in bureau.affiliated
        ],
        "notes": list(bureau.notes),
    }


def render_bureau_json(bureau: Bureau) -> str:
    """The bureau as indented JSON."""
    return dumps_json(bureau_to_dict(bureau))


_CHANGE_TITLES = {
    "transferred_in": "Transferred in",
    "cancelled": "Cancelled",
    "transferred_out": "Transferred out",
    "strengthened": "Strengthened",
}


def _sections(bureau: Bureau) -> list[tuple[str, list[str]]]:
    """The bureau-level sections as (title, items), in the order they are shown."""
    sections: list[tuple[str, list[str]]] = []
    if bureau.changes is not None:
        for key, title in _CHANGE_TITLES.items():
            items = list(getattr(bureau.changes, key))
            if items:
                sections.append((f"Adjustment of responsibilities: {title.lower()}", items))
    if bureau.responsibilities:
        sections.append(("Main responsibilities", list(bureau.responsibilities)))
    if bureau.staffing is not None:
        staffing = bureau.staffing
        items = []
        if staffing.administrative is not None:
            items.append(f"Administrative establishment: {staffing.administrative}")
        items += [f"{post.title}: {post.count}" for post in staffing.posts]
        items += list(staffing.notes)
        sections.append(("Staffing", items))
    if bureau.affiliated:
        items = []
        for organ in bureau.affiliated:
            text = organ.name + (f" ({organ.kind})" if organ.kind else "")
            text += f", also {'; '.join(organ.aliases)}" if organ.aliases else ""
            items.append(text + (f": {organ.notes}" if organ.notes else ""))
        sections.append(("Affiliated organs and institutions", items))
    if bureau.notes:
        sections.append(("Other matters", list(bureau.notes)))
    return sections


def render_bureau_markdown(bureau: Bureau) -> str:
    """The bureau as a markdown document: offices with numbered duties, then the sections."""
    lines = [f"# {md_escape(bureau.name)}", ""]
    facts = [
        (label, value)
        for label, value in (
            ("Id", bureau.id), ("City", bureau.city), ("Province", bureau.province),
            ("Source", bureau.source),
        )
        if value
    ]
    lines += [f"- **{label}:** {md_escape(value)}" for label, value in facts]
    lines += [f"- **Offices:** {len(bureau.offices)}; **duties:** {bureau.duty_count}", ""]
    lines += ["## Offices", ""]
    for office in bureau.offices:
        lines += [f"### {md_escape(office.name)} (`{office.id}`)", ""]
        if office.aliases:
            lines += ["*Also:* " + "; ".join(md_escape(a) for a in office.aliases), ""]
        lines += [f"{i}. {md_escape(duty)}" for i, duty in enumerate(office.duties, 1)]
        lines.append("")
        if office.notes:
            lines += [f"*Note:* {md_escape(office.notes)}", ""]
    for title, items in _sections(bureau):
        lines += [f"## {title}", ""]
        lines += [f"- {md_escape(item)}" for item in items]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_bureau_table(bureau: Bureau) -> RenderableType:
    """The bureau for a terminal: a heading per office and its duties, numbered."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    facts = [f"{label}: {safe(value)}" for label, value in (
        ("city", bureau.city), ("province", bureau.province), ("source", bureau.source)
    ) if value]
    parts: list[RenderableType] = [
        Text(safe(bureau.name), style="bold"),
        *([Text("; ".join(facts), style="dim")] if facts else []),
        Text(f"{counted(len(bureau.offices), 'office', 'offices')}, "
             f"{counted(bureau.duty_count, 'duty', 'duties')}"),
        Text(""),
    ]
    for office in bureau.offices:
        heading = Text(safe(office.name), style="bold cyan")
        heading.append(f"  ({office.id}, {counted(len(office.duties), 'duty', 'duties')})",
                       style="dim")
        parts.append(heading)
        if office.aliases:
            parts.append(Padding(Text("also: " + "; ".join(safe(a) for a in office.aliases),
                                      style="dim"), (0, 0, 0, 2)))
        parts.append(Padding(_numbered(office.duties), (0, 0, 0, 2)))
        if office.notes:
            parts.append(Padding(Text("note: " + safe(office.notes), style="dim"), (0, 0, 0, 2)))
        parts.append(Text(""))
    for title, items in _sections(bureau):
        parts.append(Rule(title, align="left"))
        table = _numbered(tuple(items))
        parts.append(Padding(table, (0, 0, 1, 2)))
    return Group(*parts)


def _numbered(items: tuple[str, ...]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    for number, item in enumerate(items, 1):
        table.add_row(f"{number}.", Text(safe(item)))
    return table


def render_bureaus_table(bureaus: list[Bureau]) -> RenderableType:
    """The list of bureaus with their counts of offices and duties."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=None, show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("name", overflow="fold")
    table.add_column("offices", justify="right")
    table.add_column("duties", justify="right")
    for bureau in bureaus:
        table.add_row(Text(bureau.id), Text(safe(bureau.name)), str(len(bureau.offices)),
                      str(bureau.duty_count))
    return table


def render_bureaus_json(bureaus: list[Bureau]) -> str:
    """The list of bureaus as JSON."""
    return dumps_json([
        {"id": b.id, "name": b.name, "city": b.city, "offices": len(b.offices),
         "duties": b.duty_count}
        for b in bureaus
    ])
