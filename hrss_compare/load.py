"""Load a bureau from a built-in id or a YAML file, validating it strictly against the schema."""

from __future__ import annotations

from pathlib import Path

import yaml

from hrss_compare.builtin import resolve_ref
from hrss_compare.errors import DataError
from hrss_compare.model import Affiliated, Bureau, Changes, Office, Post, Staffing
from hrss_compare.yamlfile import Checker, read_yaml

_BUREAU_KEYS = ("id", "name", "offices")
_BUREAU_OPTIONAL = (
    "city", "province", "source", "responsibilities", "changes", "staffing", "affiliated", "notes",
)
_OFFICE_KEYS = ("id", "name", "duties")
_OFFICE_OPTIONAL = ("aliases", "notes")
_CHANGE_KEYS = ("transferred_in", "cancelled", "transferred_out", "strengthened")


def load_bureau(ref: str | Path) -> Bureau:
    """Load and validate a bureau; raises DataError naming the file, line and key on bad input."""
    path, name = resolve_ref(ref)
    misread: list[DataError] = []
    display, root = read_yaml(path, name, misread=misread)
    checker = Checker(display)
    checker.problems += misread
    bureau = build_bureau(checker, root, str(path))
    checker.raise_problems()
    assert bureau is not None  # no problems means every required part was built
    return bureau


def check_file(path: str | Path) -> tuple[DataError, ...]:
    """Every problem in a bureau file; empty when the file is valid."""
    try:
        load_bureau(path)
    except DataError as error:
        return error.problems
    return ()


def build_bureau(checker: Checker, root: yaml.Node, path: str | None) -> Bureau | None:
    """Check a bureau's node tree and build the Bureau; None when a required part is bad."""
    keys = checker.mapping(
        root, "", required=_BUREAU_KEYS, optional=_BUREAU_OPTIONAL,
        what="a mapping with id, name and offices (a bureau)", empty_is_unset=True,
    )
    if keys is None:
        return None
    bureau_id = checker.identifier(keys["id"], "id") if "id" in keys else None
    name = checker.string(keys["name"], "name") if "name" in keys else None
    optional = {
        key: checker.string(keys[key], key) if key in keys else None
        for key in ("city", "province", "source")
    }
    offices = _offices(checker, keys["offices"]) if "offices" in keys else None
    responsibilities = (
        checker.strings(keys["responsibilities"], "responsibilities", allow_empty=True,
                        items_are="responsibility")
        if "responsibilities" in keys else ()
    )
    changes = _changes(checker, keys["changes"]) if "changes" in keys else None
    staffing = _staffing(checker, keys["staffing"]) if "staffing" in keys else None
    affiliated = _affiliated(checker, keys["affiliated"]) if "affiliated" in keys else ()
    notes = checker.strings(keys["notes"], "notes", allow_empty=True) if "notes" in keys else ()
    if bureau_id is None or name is None or offices is None:
        return None
    return Bureau(
        id=bureau_id,
        name=name,
        offices=offices,
        city=optional["city"],
        province=optional["province"],
        source=optional["source"],
        responsibilities=responsibilities,
        changes=changes,
        staffing=staffing,
        affiliated=affiliated,
        notes=notes,
        path=path,
    )


def _offices(checker: Checker, node: yaml.Node) -> tuple[Office, ...] | None:
    items = checker.sequence(node, "offices", "offices")
    if items is None:
        return None
    if not items:
        checker.fail(node, "offices", "must list at least one office")
        return None
    offices: list[Office] = []
    seen: dict[str, int] = {}
    names: dict[str, int] = {}
    for index, item in enumerate(items):
        where = f"offices[{index}]"
        keys = checker.mapping(
            item, where, required=_OFFICE_KEYS, optional=_OFFICE_OPTIONAL,
            what="a mapping with id, name and duties (an office)", empty_is_unset=True,
        )
        if keys is None:
            continue
        office_id = checker.identifier(keys["id"], f"{where}.id") if "id" in keys else None
        if office_id is not None and office_id in seen:
            checker.fail(
                keys["id"], f"{where}.id",
                f"duplicate office id {office_id!r} (also offices[{seen[office_id]}])",
            )
            office_id = None
        elif office_id is not None:
            seen[office_id] = index
        name = checker.string(keys["name"], f"{where}.name") if "name" in keys else None
        duties = (
            checker.strings(keys["duties"], f"{where}.duties", distinct=True,
                            items_are="duty")
            if "duties" in keys else ()
        )
        if name is not None and name in names:
            checker.fail(keys["name"], f"{where}.name", f"the same name as offices[{names[name]}]"
                         "; give each office its own name, as tables tell offices apart by it")
        elif name is not None:
            names[name] = index
        aliases = _aliases(checker, keys, where, name)
        notes = checker.string(keys["notes"], f"{where}.notes") if "notes" in keys else None
        if office_id is not None and name is not None and duties:
            offices.append(Office(office_id, name, duties, aliases, notes))
    return tuple(offices)


def _aliases(
    checker: Checker, keys: dict[str, yaml.Node], where: str, name: str | None
) -> tuple[str, ...]:
    """An office's or organ's other names: each once, none its name."""
    if "aliases" not in keys:
        return ()
    aliases = checker.strings(keys["aliases"], f"{where}.aliases", allow_empty=True,
                              distinct=True)
    if name in aliases:
        at = aliases.index(name)
        checker.fail(keys["aliases"], f"{where}.aliases", f"{name!r} is the name itself; leave "
                     "it out (aliases are other names)")
        return aliases[:at] + aliases[at + 1:]
    return aliases


def _changes(checker: Checker, node: yaml.Node) -> Changes | None:
    keys = checker.mapping(node, "changes", optional=_CHANGE_KEYS)
    if keys is None:
        return None
    lists = {
        key: checker.strings(keys[key], f"changes.{key}", allow_empty=True, items_are="change")
        for key in _CHANGE_KEYS if key in keys
    }
    return Changes(**lists)


def _staffing(checker: Checker, node: yaml.Node) -> Staffing | None:
    keys = checker.mapping(node, "staffing", optional=("administrative", "posts", "notes"),
                           empty_is_unset=True)
    if keys is None:
        return None
    administrative = (
        checker.integer(keys["administrative"], "staffing.administrative")
        if "administrative" in keys else None
    )
    posts: list[Post] = []
    for index, item in enumerate(
        checker.sequence(keys["posts"], "staffing.posts", "posts") or () if "posts" in keys else ()
    ):
        where = f"staffing.posts[{index}]"
        post = checker.mapping(item, where, required=("title", "count"))
        if post is None:
            continue
        title = checker.string(post["title"], f"{where}.title") if "title" in post else None
        count = checker.integer(post["count"], f"{where}.count") if "count" in post else None
        if title is not None and count is not None:
            posts.append(Post(title, count))
    notes = (
        checker.strings(keys["notes"], "staffing.notes", allow_empty=True)
        if "notes" in keys else ()
    )
    return Staffing(administrative, tuple(posts), notes)


def _affiliated(checker: Checker, node: yaml.Node) -> tuple[Affiliated, ...]:
    result: list[Affiliated] = []
    for index, item in enumerate(checker.sequence(node, "affiliated", "organs") or ()):
        where = f"affiliated[{index}]"
        keys = checker.mapping(
            item, where, required=("name",), optional=("kind", "aliases", "notes"),
            empty_is_unset=True,
        )
        if keys is None:
            continue
        name = checker.string(keys["name"], f"{where}.name") if "name" in keys else None
        kind = checker.string(keys["kind"], f"{where}.kind") if "kind" in keys else None
        notes = checker.string(keys["notes"], f"{where}.notes") if "notes" in keys else None
        aliases = _aliases(checker, keys, where, name)
        if name is not None:
            result.append(Affiliated(name, kind, notes, aliases))
    return tuple(result)
