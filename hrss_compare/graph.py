"""Connected components of office links: the one union-find the aligner and evaluation share."""

from __future__ import annotations

from collections.abc import Iterable


def components(
    left: Iterable[str], right: Iterable[str], links: Iterable[tuple[str, str]]
) -> list[tuple[list[str], list[str]]]:
    """The groups of offices joined by ``links`` (left id, right id); every office of ``left``
    and ``right`` is in exactly one group, offices keep their given order within a group."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in links:
        root_a, root_b = find(("L", a)), find(("R", b))
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for office in left:
        members.setdefault(find(("L", office)), ([], []))[0].append(office)
    for office in right:
        members.setdefault(find(("R", office)), ([], []))[1].append(office)
    return list(members.values())
