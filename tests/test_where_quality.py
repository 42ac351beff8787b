"""Measured quality of `where` on query sets written by people reading the documents.

queries.yaml was written before the search was tuned and was used while tuning it.
queries-heldout.yaml, queries-blind2-21.yaml and the unseen bureaus' sets were written blind to
the code and the glossary, by reviewers who read only the data files; each was measured once
untouched (the figure recorded in its commit, its header or the README). The misses of most of
them then prompted general fixes, so their figures here overstate what an unseen query gets.
The floors are the figures measured when the search last changed: a drop fails the suite.
Lookups are measured as `where` answers them, with the sentence model asked where the words
give no clear answer (hrss_compare.meaning).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from hrss_compare.align import align
from hrss_compare.answer import Hit, Kind
from hrss_compare.confidence import Confidence
from hrss_compare.counterparts import counterparts
from hrss_compare.duty_vectors import duty_meaning
from hrss_compare.load import load_bureau
from hrss_compare.meaning import vectors
from hrss_compare.search import search
from hrss_compare.search_index import build_index, meaning_texts
from hrss_compare.text import load_glossary

FIXTURES = Path(__file__).parent / "fixtures"


def _key(hit: Hit) -> str | None:
    if hit.kind is Kind.AFFILIATED:
        return "@affiliated"
    if hit.kind is Kind.RESPONSIBILITY:
        return "@responsibility"
    return hit.office


@dataclass(frozen=True, slots=True)
class Lookup:
    """One query in one bureau: whether the first hit (and the top 3) is the expected office,
    and how sure the tool said it was."""

    first: bool
    top3: bool
    confidence: Confidence | None
    miss: str | None


@functools.cache
def lookups(name: str, sides: tuple[str, str] = ("changsha", "shaoxing")) -> tuple[Lookup, ...]:
    """Every lookup of a query file over two bureaus (built-in ids or files)."""
    queries: list[dict[str, Any]] = yaml.safe_load((FIXTURES / name).read_text())["queries"]
    glossary = load_glossary()
    bureaus = tuple(load_bureau(side) for side in sides)
    # where() does this per query: index and align the bureaus once for the whole set.
    indexes = [build_index(bureau, glossary) for bureau in bureaus]
    # as `where` aligns them: by the duties' words and meaning
    by_meaning = duty_meaning(*bureaus)
    links = counterparts(align(*bureaus, glossary=glossary, meaning=by_meaning), *indexes,
                         glossary=glossary)
    # as `where` asks it: the sentence model where the words give no clear answer
    meaning = [functools.partial(lambda index: vectors(meaning_texts(index)), index)
               for index in indexes]
    found: list[Lookup] = []
    for query in queries:
        answer = search(query["query"], indexes, glossary=glossary, limit=5, counterparts=links,
                        meaning=meaning)
        for result in answer.bureaus:
            expected = query[result.bureau.id]
            keys = [_key(hit) for hit in result.hits]
            if expected is None:
                first = top3 = not keys
            else:
                wanted = set(expected) if isinstance(expected, list) else {expected}
                first = bool(keys) and keys[0] in wanted
                top3 = bool(wanted & set(keys[:3]))
            miss = None if first else f"{query['query']!r} in {result.bureau.id}: {keys[:3]}"
            found.append(Lookup(first, top3, result.confidence, miss))
    return tuple(found)


def measure(
    name: str, sides: tuple[str, str] = ("changsha", "shaoxing")
) -> tuple[int, int, int, list[str]]:
    """Lookups, right first, right within the top 3, and the misses, for a query file over two
    bureaus (built-in ids or files)."""
    found = lookups(name, sides)
    return (len(found), sum(x.first for x in found), sum(x.top3 for x in found),
            [x.miss for x in found if x.miss is not None])


# Floors lowered by one lookup in the twenty-sixth session, traded on purpose: blind11, blind30,
# Baishi, Heyang and Fuhai by reading "institutions" beside government agencies as
# public institutions, which put wage duties first for teachers' and doctors' pay (+14 right
# first over the 73 sets) but sometimes a public hospital or school finds medical or wage
# duties; blind28 by reading "retirement (post)" as retirement (+1 net: blind5 and blind21
# gained one each, blind28 lost one, blind16 one in the top 3). blind14, blind22 and blind26
# were raised: a weak answer holding every query word its bureau uses ("CPPCC proposal
# handling") is no longer outweighed.
BUILT_IN_SETS = [
    ("queries.yaml", 0.92, 0.95),
    ("queries-heldout.yaml", 0.93, 0.96),
    ("queries-blind2.yaml", 0.92, 0.97),
    ("queries-blind3.yaml", 0.92, 0.95),
    ("queries-blind4.yaml", 0.9, 0.93),
    ("queries-blind5.yaml", 0.95, 0.96),
    ("queries-blind6.yaml", 0.95, 0.97),
    ("queries-blind7.yaml", 0.85, 0.95),
    ("queries-blind8.yaml", 0.82, 0.88),
    ("queries-blind9.yaml", 0.86, 0.92),
    ("queries-blind10.yaml", 0.9, 0.96),
    ("queries-blind11.yaml", 0.91, 0.95),
    ("queries-blind12.yaml", 0.82, 0.86),
    ("queries-blind13.yaml", 0.92, 0.92),
    # A weak match the other bureau outweighs (twenty-fifth session) lost "handling cppcc
    # proposals" in Changsha: 93.8% -> 92.5% and 96.2% -> 95.0%.
    ("queries-blind14.yaml", 0.93, 0.96),
    ("queries-blind15.yaml", 0.88, 0.92),
    ("queries-blind16.yaml", 0.81, 0.88),
    ("queries-blind17.yaml", 0.91, 0.98),
    ("queries-blind18.yaml", 0.9, 0.92),
    ("queries-blind19.yaml", 0.87, 0.88),
    ("queries-blind20.yaml", 0.9, 0.9),
    ("queries-blind21.yaml", 0.87, 0.96),
    # As blind14 (twenty-fifth session): 87.5% -> 86.2%, 91.2% -> 90.0%.
    ("queries-blind22.yaml", 0.86, 0.9),
    ("queries-blind23.yaml", 0.91, 0.95),
    ("queries-blind24.yaml", 0.95, 0.97),
    ("queries-blind25.yaml", 0.85, 0.88),
    ("queries-blind26.yaml", 0.86, 0.9),
    ("queries-blind27.yaml", 0.85, 0.88),
    ("queries-blind28.yaml", 0.81, 0.9),
    ("queries-blind29.yaml", 0.85, 0.91),
    ("queries-blind30.yaml", 0.85, 0.87),
    ("queries-blind31.yaml", 0.83, 0.87),
    ("queries-blind32.yaml", 0.8, 0.85),
    ("queries-blind33.yaml", 0.83, 0.86),
    ("queries-blind34.yaml", 0.96, 0.96),
    ("queries-blind35.yaml", 0.92, 0.96),
    ("queries-blind36.yaml", 0.86, 0.91),
    ("queries-blind37.yaml", 0.88, 0.91),
    ("queries-blind38.yaml", 0.86, 0.9),
    ("queries-blind39.yaml", 0.88, 0.93),
    # Sealed in the twenty-third session: 82.8% and 86.9% at the session's start and after its
    # matcher change; 20 of 55 misses were off-topic questions given an answer. Unsealed, it
    # prompted other departments' topics and a text that holds what a query excludes losing
    # points: 86.2% and 90.3%.
    # A weak answer outweighed only by a plain answer (twenty-fifth session's QA): 86.6% ->
    # 85.9%.
    ("queries-blind40.yaml", 0.85, 0.9),
    # Sealed in the twenty-fourth session, written from the data files only: 85.3% right first
    # and 89.4% in the top 3 at the session's start and after its last ranking change; then
    # other departments' topics its misses prompted: 87.5% and 91.6%.
    ("queries-blind41.yaml", 0.87, 0.91),
    # Sealed in the twenty-fifth session likewise: 84.4% and 88.1% at the session's start and
    # after its last ranking change; then a place said last, "not a/an/as", topics and
    # everyday words its misses prompted: 88.4% and 91.9%.
    ("queries-blind42.yaml", 0.88, 0.91),
    # Sealed in the twenty-sixth session likewise: 83.1% and 87.2% at the session's start
    # (no ranking change came before its misses were read); then the vocabulary they prompted
    # (institutions beside government agencies, drawing a pension, land taken): 85.9%, 89.4%.
    ("queries-blind43.yaml", 0.85, 0.89),
    # Written during the twenty-sixth session and sealed until after its last change: 76.9% and
    # 81.9% with the session-start code, 77.2% and 82.5% with the final code.
    ("queries-blind44.yaml", 0.77, 0.82),
]


@pytest.mark.parametrize(("name", "first_floor", "top3_floor"), BUILT_IN_SETS)
def test_where_finds_the_expected_office(name: str, first_floor: float, top3_floor: float) -> None:
    if not (FIXTURES / name).exists():
        pytest.skip(f"{name} not present")
    lookups, first, top3, misses = measure(name)
    assert lookups >= 60
    assert first / lookups >= first_floor, "\n".join(misses)
    assert top3 / lookups >= top3_floor, "\n".join(misses)


UNSEEN_SETS = [
    ("lanxi", "changsha", 0.91, 0.93),
    ("qingshan", "shaoxing", 0.96, 0.97),
    ("hexi", "changsha", 0.88, 0.93),
    ("linhe", "shaoxing", 0.92, 0.95),
    ("songyuan", "changsha", 0.95, 0.96),
    ("baihe", "shaoxing", 0.9, 0.91),
    ("fengxi", "changsha", 0.75, 0.82),
    ("dongping", "changsha", 0.87, 0.9),
    ("nanhu", "shaoxing", 0.8, 0.83),
    ("xiling", "changsha", 0.87, 0.91),
    ("yunxi", "shaoxing", 0.78, 0.88),
    ("beitang", "changsha", 0.91, 0.92),
    ("jinsha", "shaoxing", 0.91, 0.96),
    ("baishi", "changsha", 0.86, 0.93),
    # 87.5% until a query was read without its spans of time (twenty-fourth session): "hasn't
    # paid me in 3 months" now reads as "hasn't paid me", whose Shaoxing answer is Labor
    # Relations, not Arbitration.
    ("longtan", "shaoxing", 0.86, 0.95),
    ("qiaotou", "changsha", 0.88, 0.92),
    ("heyang", "shaoxing", 0.86, 0.86),
    ("wutai", "shaoxing", 0.93, 0.95),
    ("beishan", "changsha", 0.8, 0.83),
    ("donghu", "shaoxing", 0.91, 0.95),
    ("taoyuan", "changsha", 0.95, 0.96),
    ("qinghe", "shaoxing", 0.95, 0.96),
    ("shuikou", "changsha", 0.84, 0.9),
    # Sealed in the twentieth session: a bureau written in plain English. The twenty-sixth
    # session kept a weak text holding every word of the query its bureau uses (-1: "World
    # Bank loan project" finds Shiqiao's loans for job projects, where none was expected) and
    # one the other bureau's answer gained from (+1: "urgently needed talent introduction").
    ("shiqiao", "shaoxing", 0.94, 0.95),
    # Written in the twentieth session in plain English, to tune the matcher's meaning on.
    ("gaoping", "changsha", 0.92, 0.95),
    # Sealed in the twenty-first session: a machine-translated bureau cut differently from
    # Changsha (medical insurance, officers and foreign experts left to other bureaus).
    ("zhuxi", "changsha", 0.83, 0.88),
    # Sealed in the twenty-second session: a machine-translated bureau cut differently from
    # Shaoxing (officers and foreign experts left to other bureaus; inspection and cards its own).
    ("meixi", "shaoxing", 0.94, 0.96),
    # Sealed in the twenty-third session: a machine-translated bureau cut differently from
    # Changsha (nine merges, five splits; veterans, medical insurance and foreign experts left
    # to other bureaus; data and an approval counter its own).
    # 87.3% and 87.3% sealed; 91.8% since other departments' topics (prompted partly by it).
    ("lingang", "changsha", 0.91, 0.91),
    # Sealed in the twenty-fourth session: a machine-translated bureau cut differently from
    # Shaoxing (five merges, five splits; officers, foreign experts and civil servants left to
    # other bureaus; labour inspection and fund supervision its own). 90.5% and 92.2% sealed,
    # at the session's start and end.
    ("fuhai", "shaoxing", 0.89, 0.92),
    # Sealed in the twenty-fifth session: a machine-translated bureau cut differently from
    # Changsha (seven merges, six splits; officers, medical insurance and grassroots platforms
    # left to other bureaus; information systems and an approval counter its own). 91.7% and
    # 95.0% sealed, at the session's start and end.
    ("heshan", "changsha", 0.91, 0.95),
    # Sealed in the twenty-sixth session: a machine-translated bureau cut differently from
    # Shaoxing (American spelling; labour inspection and social security cards its own;
    # officers and civil servants left to other bureaus). 84.2% and 85.8% sealed, at the
    # session's start; 84.2% and 85.8% after the vocabulary blind43 prompted (whose ages in
    # words for child labour, dropped for reading "paid twelve years old-age insurance" as a
    # child's age, had answered one more).
    ("songlin", "shaoxing", 0.84, 0.85),
    # Written during the twenty-sixth session and sealed until after its last change: a bureau
    # cut differently from Changsha in another translation's words. 81.7% and 85.8%, the same
    # with the session-start code and the final code.
    ("pingquan", "changsha", 0.81, 0.85),
]


@pytest.mark.parametrize(("name", "other", "first_floor", "top3_floor"), UNSEEN_SETS)
def test_where_on_a_bureau_nobody_tuned_on(
    name: str, other: str, first_floor: float, top3_floor: float
) -> None:
    """unseen/NAME.yaml is a bureau cut differently from both built-in ones and worded in its
    own words, written with its queries by a reviewer who read only the built-in data files."""
    lookups, first, top3, misses = measure(
        f"unseen/queries-{name}.yaml", (str(FIXTURES / "unseen" / f"{name}.yaml"), other)
    )
    assert lookups >= 80
    assert first / lookups >= first_floor, "\n".join(misses)
    assert top3 / lookups >= top3_floor, "\n".join(misses)


def test_how_sure_the_tool_says_it_is_tells_right_from_wrong() -> None:
    """Over every set, the share of first answers that are right falls with the confidence
    given: clear, then likely, then a close call or a weak match (about half right)."""
    found = [x for name, *_ in BUILT_IN_SETS for x in lookups(name)]
    found += [
        x for name, other, *_ in UNSEEN_SETS
        for x in lookups(f"unseen/queries-{name}.yaml",
                         (str(FIXTURES / "unseen" / f"{name}.yaml"), other))
    ]
    rate: dict[Confidence, float] = {}
    for level in Confidence:
        judged = [x.first for x in found if x.confidence is level]
        assert len(judged) >= 40, level  # close calls are fewest: the sentence model settles some
        rate[level] = sum(judged) / len(judged)
    assert rate[Confidence.CLEAR] >= 0.95, rate
    assert rate[Confidence.LIKELY] >= 0.85, rate
    assert rate[Confidence.LIKELY] <= rate[Confidence.CLEAR] - 0.05, rate
    assert max(rate[Confidence.CLOSE], rate[Confidence.WEAK]) <= rate[Confidence.LIKELY] - 0.2, rate


def test_query_sets_are_what_the_issue_asks_for() -> None:
    queries = yaml.safe_load((FIXTURES / "queries.yaml").read_text())["queries"]
    assert len(queries) >= 40
    assert sum(q["paraphrase"] for q in queries) >= len(queries) / 2


if __name__ == "__main__":
    for file in sorted(path.name for path in FIXTURES.glob("queries*.yaml")):
        n, a, b, missed = measure(file)
        print(f"{file}: {n} lookups, first {a} ({a / n:.1%}), top 3 {b} ({b / n:.1%})")
        print("  " + "\n  ".join(missed))
