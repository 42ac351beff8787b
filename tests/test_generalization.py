"""The matcher on bureaus it has never seen: restructured variants of a built-in bureau.

A variant is built in code with a known answer: every office renamed to a meaningless
"Unit N", the vocabulary rewritten with term variants the glossary should see through,
about 15% of duties dropped, duties shuffled within offices and offices shuffled, two pairs
of offices merged into one each and one office split in two. Aligning the original with
its variant must recover the known links, the merges and the split.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

import pytest

from hrss_compare.align import align
from hrss_compare.load import load_bureau
from hrss_compare.model import Alignment, Bureau, Office, Relation

REWRITES = (
    ("endowment insurance", "old-age insurance"),
    ("industrial injury", "work-related injury"),
    ("letters and calls", "petition"),
    ("labor", "labour"),
)
"""Vocabulary of the original and what the variant says instead."""

MORE_REWRITES = (
    ("wages", "salaries"),
    ("wage", "salary"),
    ("demobilized military cadres", "demobilised officers"),
    ("human resource intermediaries", "recruitment agencies"),
    ("organiz", "organis"),
    ("standardiz", "standardis"),
    ("grass-roots", "community level"),
    ("college graduates", "university graduates"),
    ("medical insurance", "health insurance"),
    ("petition", "letters and visits"),
)
"""For a harder variant: more term variants and British spellings."""

HELD_OUT = (
    ("formulate", "draw up"), ("policies", "rules"), ("policy", "rule"),
    ("supervise", "oversee"), ("management", "administration"), ("guide", "steer"),
    ("implementation", "execution"), ("organize", "arrange"),
    ("responsible for", "in charge of"), ("coordinate", "liaise"),
    ("employees", "workers"), ("standards", "norms"), ("plans", "schemes"),
    ("measures", "steps"), ("undertake", "carry out"), ("improve", "strengthen"),
)
"""Everyday synonyms the glossary does not know (a test checks it): a variant worded with
these proves the matcher does not depend on the glossary having seen the words."""

_LEAD = re.compile(
    r"^(to be responsible for|be responsible for|responsible for|to undertake|to formulate|"
    r"formulate|to)\s+",
    re.IGNORECASE,
)

DROP_SHARE = 0.15


@dataclass(frozen=True)
class Variant:
    """A restructured bureau and the truth about it."""

    bureau: Bureau
    links: frozenset[tuple[str, str]]
    """(original office, variant office) pairs that share duties."""
    merges: tuple[tuple[frozenset[str], str], ...]
    """Original offices merged into one variant office."""
    split: tuple[str, frozenset[str]]
    """An original office split across variant offices."""


def rewrite(text: str, *, paraphrase: bool = False, held_out: bool = False) -> str:
    """The duty as the variant bureau words it.

    With ``paraphrase`` the wording changes more: more variants, the leading verb dropped,
    and the clauses rotated ("plans, standards ..., policies"). With ``held_out`` only words
    the glossary does not know are changed.
    """
    if held_out:
        for old, new in HELD_OUT:
            text = re.sub(rf"\b{old}\b", new, text, flags=re.IGNORECASE)
        return text
    for old, new in REWRITES + (MORE_REWRITES if paraphrase else ()):
        capital = new[0].upper() + new[1:]

        def same_case(match: re.Match[str], new: str = new, capital: str = capital) -> str:
            return capital if match.group()[0].isupper() else new

        text = re.sub(rf"\b{old}", same_case, text, flags=re.IGNORECASE)
    if paraphrase:
        clauses = [c for c in re.split(r",\s*|\s+and\s+", _LEAD.sub("", text)) if c]
        text = ", ".join(clauses[1:] + clauses[:1] if len(clauses) > 2 else clauses)
    return text


def restructure(
    original: Bureau, merges: tuple[tuple[str, str], ...], split: str, seed: int,
    *, paraphrase: bool = False, held_out: bool = False,
) -> Variant:
    rng = random.Random(seed)
    # Which variant group each original office's duties go to.
    groups: list[list[tuple[str, tuple[str, ...]]]] = []
    merged_ids = {office_id for pair in merges for office_id in pair}
    for pair in merges:
        groups.append([(office_id, original.office(office_id).duties) for office_id in pair])
    halves: list[int] = []
    for office in original.offices:
        if office.id in merged_ids:
            continue
        if office.id == split:
            middle = len(office.duties) // 2
            halves += [len(groups), len(groups) + 1]
            groups.append([(office.id, office.duties[:middle])])
            groups.append([(office.id, office.duties[middle:])])
        else:
            groups.append([(office.id, office.duties)])
    order = list(range(len(groups)))
    rng.shuffle(order)  # unit numbers say nothing about the original order
    number = {group: k + 1 for k, group in enumerate(order)}
    offices: list[Office] = []
    links: set[tuple[str, str]] = set()
    for position, members in enumerate(groups):
        unit = f"unit-{number[position]}"
        duties = [duty for _, held in members for duty in held]
        keep = [d for d in duties if rng.random() >= DROP_SHARE] or duties[:1]
        rng.shuffle(keep)
        texts = tuple(rewrite(duty, paraphrase=paraphrase, held_out=held_out) for duty in keep)
        offices.append(Office(unit, f"Unit {number[position]}", texts))
        links.update((office_id, unit) for office_id, _ in members)
    rng.shuffle(offices)
    bureau = Bureau(id=f"{original.id}-variant", name=f"Variant of {original.name}",
                    offices=tuple(offices))
    unit_of = {m[0][0]: f"unit-{number[k]}" for k, m in enumerate(groups)}
    return Variant(
        bureau=bureau,
        links=frozenset(links),
        merges=tuple((frozenset(pair), unit_of[pair[0]]) for pair in merges),
        split=(split, frozenset(f"unit-{number[k]}" for k in halves)),
    )


def measure(alignment: Alignment, truth: frozenset[tuple[str, str]]) -> tuple[float, float]:
    found = {(link.left, link.right) for link in alignment.links}
    hits = len(found & truth)
    return hits / len(found), hits / len(truth)


def group_with(alignment: Alignment, office: str) -> tuple[Relation, frozenset[str],
                                                           frozenset[str]]:
    for group in alignment.groups:
        if office in group.left or office in group.right:
            return group.relation, frozenset(group.left), frozenset(group.right)
    raise AssertionError(office)


CASES = {
    "changsha": (
        (("wages-welfare", "labor-relations"), ("foreign-experts", "professional-technical")),
        "talent-market",
    ),
    "shaoxing": (
        (("wages-welfare", "labor-relations"), ("petition", "policy-regulation")),
        "talent-market",
    ),
}


@pytest.fixture(
    scope="module",
    params=[("changsha", 1, ""), ("changsha", 2, "paraphrased"), ("changsha", 4, "held-out"),
            ("shaoxing", 1, ""), ("shaoxing", 3, "paraphrased"), ("shaoxing", 5, "held-out")],
    ids=lambda p: f"{p[0]}-seed{p[1]}{'-' + p[2] if p[2] else ''}",
)
def case(request: pytest.FixtureRequest) -> tuple[Bureau, Variant, Alignment]:
    bureau_id, seed, wording = request.param
    original = load_bureau(bureau_id)
    merges, split = CASES[bureau_id]
    variant = restructure(original, merges, split, seed, paraphrase=wording == "paraphrased",
                          held_out=wording == "held-out")
    return original, variant, align(original, variant.bureau)


def test_the_variant_is_really_restructured(case: tuple[Bureau, Variant, Alignment]) -> None:
    original, variant, _ = case
    assert variant.bureau.duty_count < 0.92 * original.duty_count
    assert len(variant.bureau.offices) == len(original.offices) - 2 + 1
    texts = {d for o in variant.bureau.offices for d in o.duties}
    # One of the two rewordings was applied throughout.
    glossary_words = re.compile(r"\blabor\b|endowment insurance", re.IGNORECASE)
    held_out_words = re.compile(r"\bformulate\b|\bpolicies\b|\bsupervise\b", re.IGNORECASE)
    assert not any(glossary_words.search(t) for t in texts) or not any(
        held_out_words.search(t) for t in texts
    )
    assert not {o.name for o in original.offices} & {o.name for o in variant.bureau.offices}


def test_links_are_recovered(case: tuple[Bureau, Variant, Alignment]) -> None:
    _, variant, alignment = case
    precision, recall = measure(alignment, variant.links)
    found = {(link.left, link.right) for link in alignment.links}
    detail = f"extra {sorted(found - variant.links)}; missed {sorted(variant.links - found)}"
    assert precision >= 0.85, detail
    assert recall >= 0.85, detail


def test_merges_show_as_merged(case: tuple[Bureau, Variant, Alignment]) -> None:
    _, variant, alignment = case
    for originals, unit in variant.merges:
        assert group_with(alignment, unit) == (Relation.MERGED, originals, frozenset({unit}))


def test_split_shows_as_split(case: tuple[Bureau, Variant, Alignment]) -> None:
    _, variant, alignment = case
    office, units = variant.split
    assert group_with(alignment, office) == (Relation.SPLIT, frozenset({office}), units)


def test_variant_aligned_the_other_way_mirrors(case: tuple[Bureau, Variant, Alignment]) -> None:
    original, variant, alignment = case
    backward = align(variant.bureau, original)
    assert {(x.right, x.left) for x in backward.links} == {
        (x.left, x.right) for x in alignment.links
    }
    for originals, unit in variant.merges:
        assert group_with(backward, unit) == (Relation.SPLIT, frozenset({unit}), originals)


def test_held_out_synonyms_are_not_in_the_glossary() -> None:
    from hrss_compare.text import load_glossary

    glossary = load_glossary()
    variants = {glossary.normalize(v) for term in glossary.terms for v in term.variants}
    canonicals = {glossary.normalize(term.canonical) for term in glossary.terms}
    for old, new in HELD_OUT:
        assert glossary.normalize(new) not in variants | canonicals, new
        assert glossary.normalize(old) not in variants | canonicals, old


def test_a_duty_every_office_holds_adds_no_links() -> None:
    """Real bureaus end every office's list with the same catch-all duty."""
    changsha, shaoxing = load_bureau("changsha"), load_bureau("shaoxing")
    catch_all = "To complete other tasks assigned by the bureau leaders"

    def with_catch_all(bureau: Bureau) -> Bureau:
        return replace(bureau, offices=tuple(
            replace(office, duties=(*office.duties, catch_all)) for office in bureau.offices
        ))

    plain = {(x.left, x.right) for x in align(changsha, shaoxing).links}
    padded = {(x.left, x.right) for x in align(with_catch_all(changsha),
                                               with_catch_all(shaoxing)).links}
    assert padded <= plain, sorted(padded - plain)
