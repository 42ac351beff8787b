"""Overrides: office links a user pins or forbids, read from YAML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from hrss_compare.model import Bureau
from hrss_compare.yamlfile import Checker, read_yaml


@dataclass(frozen=True, slots=True)
class Overrides:
    """Office links to force (``pin``) or to refuse (``forbid``), as (left id, right id)."""

    pin: tuple[tuple[str, str], ...] = ()
    forbid: tuple[tuple[str, str], ...] = ()
    source: str | None = None
    """The file the overrides came from, for reports."""
    reasons: tuple[tuple[str, str, str], ...] = ()
    """(left id, right id, why) of each pin that says why: shown with the link in reports."""

    def reason(self, left: str, right: str) -> str:
        """Why the link was pinned, as the file says; empty when it does not."""
        return next((why for a, b, why in self.reasons if (a, b) == (left, right)), "")


def read_office_pairs(
    checker: Checker, node: yaml.Node, section: str, left: Bureau | None, right: Bureau | None
) -> list[tuple[tuple[str, str], str, yaml.Node, str]]:
    """A list of ``{left, right, reason}`` entries (``section``: its key): per good entry, the
    pair of office ids, the reason (empty when none is given), its node and where it is. A pair
    listed twice is a problem; problems recorded. A bureau that is None checks no office id:
    the shape of the list is checked before the bureaus are known."""
    found: list[tuple[tuple[str, str], str, yaml.Node, str]] = []
    first_at: dict[tuple[str, str], str] = {}
    for index, item in enumerate(checker.sequence(node, section, "links") or ()):
        where = f"{section}[{index}]"
        entry = read_office_pair(checker, item, where, left, right)
        if entry is None:
            continue
        pair = entry[:2]
        if pair in first_at:
            checker.fail(item, where, f"the link {pair[0]} -> {pair[1]} is listed twice "
                                      f"(first at {first_at[pair]}); keep one")
            continue
        first_at[pair] = where
        found.append((pair, entry[2], item, where))
    return found


def read_office_pair(
    checker: Checker, item: yaml.Node, where: str, left: Bureau | None, right: Bureau | None
) -> tuple[str, str, str] | None:
    """A ``{left, right, reason}`` entry: the two office ids and the reason (empty when none
    is given); problems recorded."""
    entry = checker.mapping(item, where, required=("left", "right"), optional=("reason",))
    if entry is None:
        return None
    ids: list[str | None] = []
    for side, bureau in (("left", left), ("right", right)):
        if side not in entry:
            ids.append(None)
            continue
        value = checker.string(entry[side], f"{where}.{side}")
        if value is not None and bureau is not None and value not in {
            o.id for o in bureau.offices
        }:
            checker.fail(entry[side], f"{where}.{side}", f"no office {value!r} in {bureau.id}")
            value = None
        ids.append(value)
    reason = checker.string(entry["reason"], f"{where}.reason") if "reason" in entry else None
    if ids[0] is None or ids[1] is None:
        return None
    return ids[0], ids[1], (reason or "").strip()


def load_overrides(path: str | Path, left: Bureau, right: Bureau) -> Overrides:
    """Read an overrides file; every office id must exist in its bureau.

    Format::

        pin:
          - {left: employment-promotion, right: employment-unemployment}
        forbid:
          - {left: office, right: political}
    """
    name, root = read_yaml(Path(path), str(path))
    checker = Checker(name)
    keys = checker.mapping(root, "", optional=("pin", "forbid"), what="a mapping of pin/forbid")
    lists: dict[str, list[tuple[str, str]]] = {"pin": [], "forbid": []}
    reasons: list[tuple[str, str, str]] = []
    forbidden_at: dict[tuple[str, str], tuple[yaml.Node, str]] = {}
    for section in ("pin", "forbid"):
        if keys is None or section not in keys:
            continue
        for pair, reason, item, where in read_office_pairs(
            checker, keys[section], section, left, right
        ):
            lists[section].append(pair)
            if section == "pin" and reason:
                reasons.append((*pair, reason))
            if section == "forbid":
                forbidden_at[pair] = (item, where)
    for a, b in sorted(set(lists["pin"]) & set(lists["forbid"])):
        node, where = forbidden_at[(a, b)]
        checker.fail(node, where, f"the link {a} -> {b} is both pinned and forbidden")
    checker.raise_problems()
    return Overrides(tuple(lists["pin"]), tuple(lists["forbid"]), str(path), tuple(reasons))
