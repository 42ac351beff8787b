"""Score an alignment against a reference alignment, the way OAEI scores ontology matchers.

Precision is the share of the matcher's office links that the reference has, recall the share
of the reference's links that the matcher found, F1 their harmonic mean. A reference group
(a connected component of its links, or a unique office) is reproduced when the matcher has a
group with exactly the same offices on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from hrss_compare.errors import DataError
from hrss_compare.graph import components
from hrss_compare.model import Alignment, Bureau
from hrss_compare.overrides import read_office_pairs
from hrss_compare.paths import found
from hrss_compare.yamlfile import ID_PATTERN, Checker, read_yaml


@dataclass(frozen=True, slots=True)
class Reference:
    """A hand-made alignment: the office links a careful reader sees between two bureaus."""

    left: str
    """Id of the left bureau."""
    right: str
    """Id of the right bureau."""
    links: tuple[tuple[str, str], ...]
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How an alignment compares with a reference."""

    precision: float
    recall: float
    f1: float
    true_positives: tuple[tuple[str, str], ...]
    false_positives: tuple[tuple[str, str], ...]
    """Links the matcher made that the reference does not have."""
    false_negatives: tuple[tuple[str, str], ...]
    """Reference links the matcher missed."""
    groups: int
    """How many groups the reference has (unique offices count as groups)."""
    groups_exact: int
    """How many of them the matcher reproduced exactly."""


def resolve_reference(ref: str) -> Path:
    """The file of a reference: a path, or the name of a built-in one (``changsha-shaoxing``)."""
    builtin = _builtin_reference(ref)
    if builtin is not None:
        return builtin
    if _is_a_name(ref) and not found(ref):
        folder = _reference_folder()
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml")))
        raise DataError(ref, f"no such file, nor a built-in reference (built in: {known})")
    return Path(ref)


def reference_shadows_a_file(ref: str) -> bool:
    """Whether ``ref`` names a built-in reference and also a file here: the built-in is used."""
    return _builtin_reference(ref) is not None and found(ref, "file")


def _builtin_reference(ref: str) -> Path | None:
    """The file of the built-in reference ``ref`` names, if it names one."""
    builtin = _reference_folder() / f"{ref}.yaml"
    return builtin if _is_a_name(ref) and found(builtin, "file") else None


def _is_a_name(ref: str) -> bool:
    """Whether ``ref`` could name a built-in reference: no folder and no YAML extension."""
    return "/" not in ref and not ref.endswith((".yaml", ".yml"))


def _reference_folder() -> Path:
    """The folder of the built-in references."""
    from hrss_compare.builtin import data_dir

    return data_dir() / "reference"


def read_reference(path: str | Path) -> tuple[str, yaml.Node]:
    """A reference file's name and parsed YAML, read once for ``reference_sides`` and
    ``load_reference`` (a pipe cannot be read twice). A built-in reference is named as one in
    messages ("changsha-shaoxing (built-in)"), not by the installed file, which is not the
    user's to edit."""
    builtin = Path(path).parent == _reference_folder()
    return read_yaml(Path(path), f"{Path(path).stem} (built-in)" if builtin else str(path))


def reference_sides(
    path: Path, *, document: tuple[str, yaml.Node] | None = None
) -> tuple[str, str]:
    """The left and right bureau ids a reference file names, once everything in the file that
    needs no bureau is checked (its keys, the ids, the shape of its links and unique offices):
    those problems come first, each with its line. ``document``: the file as
    ``read_reference`` read it."""
    name, root = document or read_reference(path)
    checker = Checker(name)
    left, right, _ = _read(checker, root, None, None)
    checker.raise_problems()
    return left, right


def reference_bureaus(
    path: Path,
    *,
    left: str | None = None,
    right: str | None = None,
    document: tuple[str, yaml.Node] | None = None,
) -> tuple[str, str]:
    """The two bureaus to align for a reference: ``left`` and ``right`` when given, else the
    ids the file names, which must then be built in. The file's own problems are raised first,
    as by ``reference_sides``; then a side it names that is not built in, at its line."""
    from hrss_compare.builtin import builtin_ids

    name, root = document or read_reference(path)
    named = reference_sides(path, document=(name, root))
    assert isinstance(root, yaml.MappingNode)  # reference_sides said so otherwise
    nodes = {key.value: value for key, value in root.value}
    checker = Checker(name)
    for side, given, bureau in (("left", left, named[0]), ("right", right, named[1])):
        if given is None and bureau not in builtin_ids():
            checker.fail(nodes[side], side,
                         f"the bureau {bureau!r} is not built in; pass --{side} FILE")
    checker.raise_problems()
    return left or named[0], right or named[1]


def load_reference(
    path: str | Path,
    left: Bureau,
    right: Bureau,
    *,
    document: tuple[str, yaml.Node] | None = None,
) -> Reference:
    """Read a reference alignment file and check its office ids against the two bureaus;
    ``document``: the file as ``read_reference`` read it.

    Format: ``left``/``right`` bureau ids, ``links`` as a list of ``{left, right, reason}``,
    and optionally ``unique: {left: [{id, reason}], right: [...]}`` for documentation (an
    entry may be a plain id).
    """
    name, root = document or read_reference(path)
    checker = Checker(name)
    left_id, right_id, links = _read(checker, root, left, right)
    checker.raise_problems()
    return Reference(left_id, right_id, links, str(path))


def _read(
    checker: Checker, root: yaml.Node, left: Bureau | None, right: Bureau | None
) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """A reference's bureau ids and links, problems recorded; its office ids are checked
    against ``left`` and ``right``, or not at all where they are None."""
    keys = checker.mapping(
        root, "", required=("left", "right", "links"), optional=("unique",),
        what="a reference alignment mapping (left, right, links)",
    )
    if keys is None:
        return "", "", ()
    links: list[tuple[str, str]] = []
    sides = {"left": left, "right": right}
    ids = {side: _bureau_id(checker, keys[side], side) if side in keys else None
           for side in sides}
    for side, bureau in sides.items():
        given = ids[side]
        if bureau is not None and given is not None and given != bureau.id:
            checker.fail(keys[side], side,
                         f"the reference is for {given!r} but the {side} bureau is "
                         f"{bureau.id!r}; pass --{side} with the bureau {given!r} (its "
                         "file, or its name if built in)")
    if "links" in keys:
        links_node = keys["links"]
        if isinstance(links_node, yaml.SequenceNode) and not links_node.value:
            # with none, any alignment would score recall 1: nothing to score against
            checker.fail(links_node, "links", "must list at least one link")
        links += [pair for pair, *_ in read_office_pairs(
            checker, links_node, "links", left, right
        )]
    if "unique" in keys:
        unique = checker.mapping(keys["unique"], "unique", optional=("left", "right"))
        linked = {"left": {a for a, _ in links}, "right": {b for _, b in links}}
        for side, node in (unique or {}).items():
            bureau = sides[side]
            offices = set() if bureau is None else {o.id for o in bureau.offices}
            listed: set[str] = set()
            for index, item in enumerate(checker.sequence(node, f"unique.{side}", "offices")
                                         or ()):
                office, at, label = _unique_entry(checker, item, f"unique.{side}[{index}]")
                if office is None:
                    continue
                if bureau is not None and office not in offices:
                    checker.fail(at, label, f"no office {office!r} in {bureau.id}")
                elif office in listed:
                    checker.fail(at, label, f"{office!r} is listed twice; keep one")
                elif office in linked[side]:
                    checker.fail(at, label,
                                 f"{office!r} is linked in 'links' and listed as unique; "
                                 "keep one")
                listed.add(office)
    return ids["left"] or "", ids["right"] or "", tuple(links)


def _bureau_id(checker: Checker, node: yaml.Node, where: str) -> str | None:
    """The bureau id a reference names for a side; problems recorded."""
    if isinstance(node, yaml.ScalarNode):
        # A number, a date, nothing or a tag is said as for any string.
        value = checker.string(node, where)
        if value is None or ID_PATTERN.fullmatch(value):
            return value
    checker.fail(node, where, "expected a bureau id (lower-case letters, digits and hyphens)")
    return None


def _unique_entry(
    checker: Checker, item: yaml.Node, where: str
) -> tuple[str | None, yaml.Node, str]:
    """An entry under ``unique``, a plain id or ``{id, reason}``: the office id (None when it
    is not one; the problem recorded), and the node and label a problem with the id names."""
    if isinstance(item, yaml.ScalarNode):
        return checker.string(item, where), item, where
    entry = checker.mapping(item, where, required=("id",), optional=("reason",),
                            what="an office id or {id, reason}")
    if entry is None or "id" not in entry:
        return None, item, where
    if "reason" in entry:
        checker.string(entry["reason"], f"{where}.reason")
    return checker.string(entry["id"], f"{where}.id"), entry["id"], f"{where}.id"


def _components(
    left: tuple[str, ...], right: tuple[str, ...], links: set[tuple[str, str]]
) -> set[tuple[frozenset[str], frozenset[str]]]:
    """Connected components of a link set, unlinked offices as their own components."""
    return {(frozenset(a), frozenset(b)) for a, b in components(left, right, sorted(links))}


def evaluate(alignment: Alignment, reference: Reference) -> Evaluation:
    """Precision, recall and F1 of the alignment's office links, and groups reproduced."""
    found = {(link.left, link.right) for link in alignment.links}
    truth = set(reference.links)
    hits = found & truth
    precision = len(hits) / len(found) if found else (1.0 if not truth else 0.0)
    recall = len(hits) / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    left = tuple(o.id for o in alignment.left.offices)
    right = tuple(o.id for o in alignment.right.offices)
    reference_groups = _components(left, right, truth)
    found_groups = _components(left, right, found)
    return Evaluation(
        precision=precision,
        recall=recall,
        f1=f1,
        true_positives=tuple(sorted(hits)),
        false_positives=tuple(sorted(found - truth)),
        false_negatives=tuple(sorted(truth - found)),
        groups=len(reference_groups),
        groups_exact=len(reference_groups & found_groups),
    )
