"""Evaluation against a reference alignment: precision, recall, F1 and groups reproduced."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from hrss_compare import align as align_module
from hrss_compare.align import align
from hrss_compare.duty_vectors import duty_meaning
from hrss_compare.errors import DataError
from hrss_compare.evaluate import (
    Evaluation,
    Reference,
    evaluate,
    load_reference,
    reference_sides,
    resolve_reference,
)
from hrss_compare.load import load_bureau
from hrss_compare.model import DEFAULT_THRESHOLD, REGISTER_FLOOR, Alignment, Bureau, Link, Office

WriteYaml = Callable[..., Path]

LEFT = Bureau(
    id="left", name="Left",
    offices=tuple(Office(i, i.upper(), (f"duty of {i}",)) for i in ("a", "b", "c", "d")),
)
RIGHT = Bureau(
    id="right", name="Right",
    offices=tuple(Office(i, i.upper(), (f"duty of {i}",)) for i in ("x", "y", "z", "w")),
)


def made(links: list[tuple[str, str]]) -> Alignment:
    """An alignment with exactly these links (evaluate looks at links and offices only)."""
    return Alignment(
        left=LEFT, right=RIGHT,
        links=tuple(Link(a, b, 80.0) for a, b in links),
        groups=(), left_duties=(), right_duties=(), threshold=50.0,
    )


def test_precision_recall_f1_on_a_tiny_reference() -> None:
    # reference groups: {a|x}, {b,c|y,z}, {d|}, {|w}
    truth = Reference("left", "right", (("a", "x"), ("b", "y"), ("c", "z"), ("c", "y")))
    # matcher groups: {a,b|x}, {c|z}, {d|}, {|y}, {|w}
    result = evaluate(made([("a", "x"), ("b", "x"), ("c", "z")]), truth)
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 4)
    assert result.f1 == pytest.approx(4 / 7)
    assert result.true_positives == (("a", "x"), ("c", "z"))
    assert result.false_positives == (("b", "x"),)
    assert result.false_negatives == (("b", "y"), ("c", "y"))
    assert result.groups == 4
    assert result.groups_exact == 2  # the unique d and the unique w


def test_a_perfect_match_reproduces_every_group() -> None:
    truth = Reference("left", "right", (("a", "x"), ("b", "y"), ("c", "y")))
    result = evaluate(made([("c", "y"), ("a", "x"), ("b", "y")]), truth)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.false_positives == result.false_negatives == ()
    # {a|x}, {b,c|y}, {d|}, {|z}, {|w}
    assert result.groups == result.groups_exact == 5


def test_no_links_found() -> None:
    truth = Reference("left", "right", (("a", "x"),))
    result = evaluate(made([]), truth)
    assert (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)
    # every office unique on both sides; the reference's {a|x} is the one group missed
    assert (result.groups, result.groups_exact) == (7, 6)


def test_one_extra_link_costs_a_group() -> None:
    truth = Reference("left", "right", (("a", "x"), ("b", "y")))
    result = evaluate(made([("a", "x"), ("b", "y"), ("b", "x")]), truth)
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == 1.0
    assert result.f1 == pytest.approx(0.8)
    assert result.groups_exact == result.groups - 2  # {a|x} and {b|y} are now one group


REFERENCE = """\
left: left
right: right
links:
  - {left: a, right: x, reason: same duty}
  - left: b
    right: y
unique:
  left:
    - {id: d, reason: nothing like it}
"""


def test_load_reference_reads_links(write_yaml: WriteYaml) -> None:
    path = write_yaml(REFERENCE, "reference.yaml")
    reference = load_reference(path, LEFT, RIGHT)
    assert reference == Reference("left", "right", (("a", "x"), ("b", "y")), str(path))
    assert reference_sides(path) == ("left", "right")
    # A unique office may be a plain id, as people write a list of ids.
    plain = write_yaml(REFERENCE.replace("{id: d, reason: nothing like it}", "d"), "plain.yaml")
    assert load_reference(plain, LEFT, RIGHT).links == reference.links


@pytest.mark.parametrize(
    ("text", "location", "message"),
    [
        (
            REFERENCE.replace("right: y", "right: nosuch"),
            "6:12",
            "links[1].right: no office 'nosuch' in right",
        ),
        (
            REFERENCE.replace("left: left", "left: other"),
            "1:7",
            "left: the reference is for 'other' but the left bureau is 'left'; pass --left with "
            "the bureau 'other' (its file, or its name if built in)",
        ),
        ("left: left\nright: right\n", "1:1", "missing required key 'links'"),
        (
            REFERENCE.replace("reason: same duty", "reasons: same duty"),
            "4:25",
            "links[0].reasons: unknown key",
        ),
        (
            REFERENCE.replace("unique:", "  - {left: a, right: x}\nunique:"),
            "7:5",
            "links[2]: the link a -> x is listed twice (first at links[0]); keep one",
        ),
        (
            REFERENCE.replace("id: d,", "id: a,"),
            "9:12",
            "unique.left[0].id: 'a' is linked in 'links' and listed as unique; keep one",
        ),
        (
            REFERENCE.replace("id: d,", "id: nosuch,"),
            "9:12",
            "unique.left[0].id: no office 'nosuch' in left",
        ),
        (
            REFERENCE + "    - {id: d}\n",
            "10:12",
            "unique.left[1].id: 'd' is listed twice; keep one",
        ),
        (REFERENCE + "    - d\n", "10:7", "unique.left[1]: 'd' is listed twice; keep one"),
        (REFERENCE + "    - nosuch\n", "10:7", "unique.left[1]: no office 'nosuch' in left"),
        (REFERENCE + "    - 12\n", "10:7", "unique.left[1]: expected a string"),
        (REFERENCE + "    - [d]\n", "10:7",
         "unique.left[1]: expected an office id or {id, reason}, got a list"),
        (REFERENCE + "    - reason: none\n", "10:7", "unique.left[1]: missing required key 'id'"),
        (REFERENCE + "    - !x [d]\n", "10:7", "unique.left[1]: unsupported YAML tag '!x'"),
        (REFERENCE + "    - {id: c, reason: [a]}\n", "10:23",
         "unique.left[1].reason: expected a string, got a list"),
    ],
)
def test_bad_reference_is_a_data_error_naming_file_and_line(
    write_yaml: WriteYaml, text: str, location: str, message: str
) -> None:
    path = write_yaml(text, "reference.yaml")
    with pytest.raises(DataError) as caught:
        load_reference(path, LEFT, RIGHT)
    assert str(caught.value).startswith(f"{path}:{location}: {message}")


def test_an_empty_unique_entry_is_not_told_to_use_quotes(write_yaml: WriteYaml) -> None:
    path = write_yaml(REFERENCE + "    -\n", "reference.yaml")
    with pytest.raises(DataError) as caught:
        load_reference(path, LEFT, RIGHT)
    assert str(caught.value) == f"{path}:10:6: unique.left[1]: expected a string, got nothing"


def test_reference_sides_needs_both_bureaus(write_yaml: WriteYaml) -> None:
    path = write_yaml("left: left\nlinks: [{left: x, right: y}]\n", "reference.yaml")
    with pytest.raises(DataError, match="missing required key 'right'"):
        reference_sides(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("left: {id: left}\nright: right\nlinks: [{left: x, right: y}]\n",
         "1:7: left: expected a bureau id (lower-case letters, digits and hyphens)"),
        ("left: Left!\nright: right\nlinks: [{left: x, right: y}]\n",
         "1:7: left: expected a bureau id (lower-case letters, digits and hyphens)"),
        ("left: left\nright: right\nleft: right\nlinks: [{left: x, right: y}]\n",
         "3:1: left: duplicate key"),
        ("- left\n",
         "1:1: expected a reference alignment mapping (left, right, links), got a list"),
        # The file's own problems, which need no bureau, are all found before aligning.
        ("left: 5\nright: right\nlinks: [{left: x, right: y}]\n",
         "1:7: left: expected a string, got '5', which YAML reads as an integer; put it in quotes"),
        ("left: left\nright: right\nlinkz: []\n",
         "3:1: linkz: unknown key (did you mean 'links'?); allowed keys: left, right, links, "
         "unique"),
        ("left: left\nright: right\nlinks:\n  - {left: a}\n",
         "4:5: links[0]: missing required key 'right'"),
        ("left: left\nright: right\nlinks:\n  - {left: a, right: x}\n  - {left: a, right: x}\n",
         "5:5: links[1]: the link a -> x is listed twice (first at links[0]); keep one"),
        ("left: left\nright: right\nlinks: [{left: x, right: y}]\nunique: {left: [a, a]}\n",
         "4:20: unique.left[1]: 'a' is listed twice; keep one"),
        # recall over no link would be 1 for any alignment
        ("left: left\nright: right\nlinks: []\n", "3:8: links: must list at least one link"),
    ],
)
def test_reference_sides_say_what_is_wrong_and_where(
    write_yaml: WriteYaml, text: str, message: str
) -> None:
    path = write_yaml(text, "reference.yaml")
    with pytest.raises(DataError) as caught:
        reference_sides(path)
    assert str(caught.value) == f"{path}:{message}"


def test_builtin_reference_resolves_by_name(tmp_path: Path) -> None:
    path = resolve_reference("changsha-shaoxing")
    assert path.is_file()
    assert path.name == "changsha-shaoxing.yaml"
    assert resolve_reference(str(tmp_path / "mine.yaml")) == tmp_path / "mine.yaml"


def test_a_builtin_reference_is_named_as_one_in_its_errors() -> None:
    # Not by the installed file, which is not the user's to edit.
    with pytest.raises(DataError) as caught:
        load_reference(resolve_reference("changsha-shaoxing"), LEFT, RIGHT)
    assert caught.value.path == "changsha-shaoxing (built-in)"
    assert str(caught.value).startswith("changsha-shaoxing (built-in):")


def test_builtin_pair_reaches_the_target_f1() -> None:
    """The issue's target: link F1 >= 0.95 and most reference groups reproduced exactly."""
    changsha, shaoxing = load_bureau("changsha"), load_bureau("shaoxing")
    reference = load_reference(resolve_reference("changsha-shaoxing"), changsha, shaoxing)
    assert (reference.left, reference.right) == ("changsha", "shaoxing")
    result = evaluate(align(changsha, shaoxing), reference)
    assert result.f1 >= 0.95, (result.false_positives, result.false_negatives)
    assert result.groups_exact > result.groups / 2
    # with the meaning too (the CLI's default): the same figures
    meaning = duty_meaning(changsha, shaoxing)
    result = evaluate(align(changsha, shaoxing, meaning=meaning), reference)
    assert result.f1 >= 0.98, (result.false_positives, result.false_negatives)
    assert result.groups_exact >= 12


Floors = tuple[float, float, int]

UNSEEN_FLOORS: list[tuple[str, str, Floors, Floors]] = [
    # (bureau, built-in bureau, floors by the words alone, floors with the meaning too), each
    # (precision, F1, reference groups reproduced). With the meaning (the CLI's default since
    # the twentieth session) recall rose on most; precision fell on five, where duties of one
    # field worded alike now also reach an office the reference leaves out. In the
    # twenty-first, links carried by duties flowing both ways began to stand from a fifth
    # (``MUTUAL_SHARE``): mean F1 with the meaning 0.907 -> 0.925, recall up on eight, precision
    # down on four, and fewer groups reproduced exactly on five (Lanxi 14 -> 12).
    # Merges, Changsha's legal department split three ways, offices of its own.
    ("lanxi", "changsha", (0.92, 0.9, 10), (0.96, 0.96, 12)),
    # Merges on both sides of most links (employment with the HR market, unemployment with
    # work injury, wages of every kind in one office): recall is the matcher's weak point.
    ("hexi", "shaoxing", (0.83, 0.81, 3), (0.83, 0.83, 3)),
    # Written and measured once in the tenth session, blind to the matcher.
    ("jinsha", "shaoxing", (1.0, 0.94, 11), (0.96, 0.92, 10)),
    # Baishi's rose in the eleventh session (F1 0.851 -> 0.898) when near-threshold duties
    # began to count between offices that choose each other.
    ("baishi", "changsha", (0.92, 0.92, 12), (0.85, 0.9, 11)),
    # Written at the start of the eleventh session, sealed, measured once at its end.
    ("longtan", "shaoxing", (0.9, 0.88, 12), (0.91, 0.91, 13)),
    # Written at the start of the twelfth session with its reference, measured then.
    ("qiaotou", "changsha", (0.95, 0.9, 10), (0.96, 0.96, 11)),
    # Written in the fourteenth session by a helper that read only Wutai's and Shaoxing's
    # files; measured once, the matcher untouched that session.
    ("wutai", "shaoxing", (0.86, 0.86, 4), (0.87, 0.89, 3)),
    # Written in the fifteenth session likewise, from Beishan's and Changsha's files; the
    # same with the code of the session's start and its end. F1 0.893 -> 0.873 in the
    # eighteenth, when "examination and approval" became "approval": a link of its
    # titles-and-skills office to Changsha's talent office had leant on the "examination"
    # of "examination and approval of college graduates".
    ("beishan", "changsha", (0.92, 0.89, 11), (0.92, 0.91, 11)),
    # Written at the start of the sixteenth session likewise, from Donghu's and Shaoxing's
    # files; measured once, the matcher untouched that session.
    ("donghu", "shaoxing", (0.95, 0.95, 9), (1.0, 0.97, 11)),
    # Written at the start of the seventeenth session likewise, from Taoyuan's and
    # Changsha's files; measured once, the matcher untouched that session.
    ("taoyuan", "changsha", (1.0, 0.92, 14), (0.95, 0.9, 12)),
    # Written at the start of the eighteenth session likewise, from Qinghe's and Shaoxing's
    # files; the same with the code of the session's start and its end.
    ("qinghe", "shaoxing", (1.0, 0.91, 6), (1.0, 0.96, 7)),
    # Written at the start of the nineteenth session likewise, from Shuikou's and Changsha's
    # files; measured once, the matcher untouched that session.
    ("shuikou", "changsha", (1.0, 0.94, 12), (0.96, 0.94, 11)),
    # Written at the start of the twentieth session likewise, in plain English, from
    # Shiqiao's and Shaoxing's files; sealed until the meaning was done, then measured both
    # ways (F1 0.769 by the words alone, 0.857 with the meaning).
    # By the words alone 0.800 -> 0.857 in the twenty-third session (the scaled threshold),
    # and 0.829 in the twenty-sixth (public-sector staffing no longer links to the talent
    # market, with "institutions" beside government agencies read as public institutions;
    # Ashford and Brookfield by the words gained 0.036 each).
    ("shiqiao", "shaoxing", (1.0, 0.82, 10), (1.0, 0.85, 10)),
    # Written in the twentieth session in plain English, not in the style of a machine
    # translation, to tune the meaning on (so its figure with the meaning overstates).
    # In the twenty-third session the default threshold began to scale down for bureaus worded
    # apart throughout (``align.register_scale``): by the words alone F1 0.809 -> 0.875,
    # precision 0.905 -> 0.955, groups 12 -> 11; with the meaning 0.894 -> 0.939.
    ("gaoping", "changsha", (0.95, 0.87, 11), (1.0, 0.93, 13)),
    # Written at the start of the twenty-first session likewise, from Zhuxi's and Changsha's
    # files; sealed until the matcher's last change: F1 with the meaning 0.880 -> 0.923.
    ("zhuxi", "changsha", (0.92, 0.94, 14), (0.88, 0.92, 12)),
    # Written at the start of the twenty-second session likewise, from Meixi's and Shaoxing's
    # files; sealed until the matcher's last change: the same with the session-start code.
    ("meixi", "shaoxing", (0.95, 0.97, 13), (1.0, 1.0, 15)),
    # Written at the start of the twenty-third session likewise, from Lingang's and Changsha's
    # files; sealed until the matcher's last change: the same with the session-start code.
    ("lingang", "changsha", (1.0, 0.92, 12), (0.92, 0.88, 9)),
    # Written at the start of the twenty-fourth session likewise, from Fuhai's and Shaoxing's
    # files; sealed until the matcher's last change (none that session): F1 0.955 by the
    # words alone, 0.978 with the meaning.
    ("fuhai", "shaoxing", (0.95, 0.95, 12), (0.95, 0.97, 13)),
    # Written at the start of the twenty-fifth session likewise, from Heshan's and Changsha's
    # files; sealed until the matcher's last change (none that session): F1 0.931 by the
    # words alone, 0.912 with the meaning.
    ("heshan", "changsha", (0.96, 0.93, 10), (0.96, 0.91, 11)),
    # Written at the start of the twenty-sixth session likewise, from Songlin's and Shaoxing's
    # files; sealed until the matcher's last change (only vocabulary that session, which left
    # Songlin's figures as they were): F1 0.906 by the words alone, 0.929 with the meaning.
    ("songlin", "shaoxing", (0.96, 0.9, 8), (0.92, 0.92, 7)),
    # Written during the twenty-sixth session likewise, from Pingquan's and Changsha's files;
    # sealed until after the session's last change: F1 0.933 both ways, at its start and end.
    ("pingquan", "changsha", (0.96, 0.93, 10), (0.96, 0.93, 10)),
    # Written in plain English: Millbrook by the QA of the twenty-second session (F1 0.560 by
    # the words alone, 0.593 with the meaning), Ashford and Brookfield by a helper in the
    # twenty-third from the data files, to tune the scaled threshold on (so these overstate).
    # With it: Millbrook 0.800 and 0.848, Ashford 0.741 -> 0.839 and 0.759 -> 0.914,
    # Brookfield 0.857 -> 0.897 by the words alone (0.968 with the meaning before and after).
    # By the words alone in the twenty-sixth session (institutions beside government agencies
    # read as public institutions): Ashford 0.875 (17 groups), Brookfield 0.933.
    ("millbrook", "changsha", (0.92, 0.8, 12), (0.87, 0.84, 13)),
    ("ashford", "changsha", (0.93, 0.87, 17), (0.88, 0.91, 17)),
    ("brookfield", "shaoxing", (1.0, 0.93, 13), (1.0, 0.96, 14)),
    # Written by the QA of the twenty-third session, with its reference, before it ran the tool
    # on it; measured once, unseen: F1 0.788 and 0.857 (0.593 and 0.750 at a threshold of 50).
    ("willowmere", "shaoxing", (0.92, 0.78, 6), (0.93, 0.85, 9)),
    # Negative controls written in the twenty-third session: an education and a transport
    # bureau, which share only their general offices' work with an HR bureau; their references
    # link only those. Precision is what they guard: words of one field (drivers' training,
    # teachers' titles) draw links the references leave out, the more so with the meaning.
    # In the twenty-sixth session, with "institutions" beside government agencies read as
    # public institutions, transport's staff training plan also links to Changsha's plan for
    # the staff of community platforms (60.3): with the meaning, precision 0.700 -> 0.636,
    # F1 0.824 -> 0.778 and groups reproduced 24 -> 23.
    ("transport", "changsha", (0.87, 0.93, 28), (0.63, 0.77, 23)),
    ("education", "shaoxing", (0.72, 0.84, 17), (0.63, 0.73, 16)),
]


@pytest.mark.parametrize("by_meaning", [True, False])
@pytest.mark.parametrize(("name", "other", "scaled"), [
    ("millbrook", "changsha", True), ("ashford", "changsha", True),
    ("gaoping", "changsha", True), ("meixi", "shaoxing", False), ("baishi", "changsha", False),
    ("transport", "changsha", False), ("education", "shaoxing", False),
])
def test_the_default_threshold_scales_down_only_for_bureaus_worded_apart(
    name: str, other: str, scaled: bool, by_meaning: bool
) -> None:
    """Plain-English bureaus fit a translated one loosely throughout, right pairs too: the
    default threshold scales down for them (to 40 at the lowest), with the meaning or by the words
    alone; not for a translated bureau (Baishi's fit least of them by the words), nor for one
    of other work that shares only its general offices' (its best fits stay high)."""
    folder = Path(__file__).parent / "fixtures" / "unseen"
    unseen, builtin = load_bureau(str(folder / f"{name}.yaml")), load_bureau(other)
    meaning = duty_meaning(unseen, builtin) if by_meaning else None
    alignment = align(unseen, builtin, meaning=meaning)
    assert (alignment.scaled_from is not None) is scaled
    assert DEFAULT_THRESHOLD * REGISTER_FLOOR <= alignment.threshold <= DEFAULT_THRESHOLD
    assert (alignment.threshold < DEFAULT_THRESHOLD) is scaled
    given = align(unseen, builtin, threshold=DEFAULT_THRESHOLD, meaning=meaning)
    assert given.threshold == DEFAULT_THRESHOLD and given.scaled_from is None


def test_one_office_against_a_bureau_is_not_read_as_worded_apart() -> None:
    """An office of Changsha alone against Shaoxing: most of Shaoxing's duties have nothing
    to match there, which says how little that office covers, not how it is worded."""
    changsha, shaoxing = load_bureau("changsha"), load_bureau("shaoxing")
    office = dataclasses.replace(changsha, offices=changsha.offices[:1])
    assert office.duty_count < align_module.REGISTER_DUTIES
    for meaning in (None, duty_meaning(office, shaoxing)):
        alignment = align(office, shaoxing, meaning=meaning)
        assert (alignment.threshold, alignment.scaled_from) == (DEFAULT_THRESHOLD, None)


@pytest.mark.parametrize(("name", "other", "words", "meaning"), UNSEEN_FLOORS)
def test_a_bureau_nobody_tuned_on_aligns_with_a_builtin_one(
    name: str, other: str, words: Floors, meaning: Floors
) -> None:
    """tests/fixtures/unseen/NAME.yaml and a reference written from the duties by the reviewer
    who wrote the bureau; the floors, by the words alone, are what the matcher measured last
    (UNSEEN_FLOORS says when they moved)."""
    reaches(evaluate_unseen(name, other, by_meaning=False), words)


def reaches(result: Evaluation, floors: Floors) -> None:
    """The figures reach their floors: precision, F1, reference groups reproduced."""
    precision, f1, groups = floors
    assert result.precision >= precision, result.false_positives
    assert result.f1 >= f1, (result.false_positives, result.false_negatives)
    assert result.groups_exact >= groups, result.groups


def evaluate_unseen(name: str, other: str, *, by_meaning: bool) -> Evaluation:
    """tests/fixtures/unseen/NAME.yaml aligned with the built-in OTHER, by the duties' words
    alone or by their meaning too, against its reference."""
    folder = Path(__file__).parent / "fixtures" / "unseen"
    unseen, builtin = load_bureau(str(folder / f"{name}.yaml")), load_bureau(other)
    reference = load_reference(folder / f"reference-{name}-{other}.yaml", unseen, builtin)
    meaning = duty_meaning(unseen, builtin) if by_meaning else None
    return evaluate(align(unseen, builtin, meaning=meaning), reference)


@pytest.mark.parametrize(("name", "other", "words", "meaning"), UNSEEN_FLOORS)
def test_an_unseen_bureau_aligns_by_meaning_too(
    name: str, other: str, words: Floors, meaning: Floors
) -> None:
    """The unseen bureaus as the CLI aligns them: by the duties' words and meaning."""
    reaches(evaluate_unseen(name, other, by_meaning=True), meaning)


def test_words_alone_miss_what_the_meaning_finds() -> None:
    """The plain-English bureau against Changsha: the meaning finds links the words miss."""
    words = evaluate_unseen("gaoping", "changsha", by_meaning=False)
    both = evaluate_unseen("gaoping", "changsha", by_meaning=True)
    assert set(both.true_positives) - set(words.true_positives)
    assert both.f1 > words.f1 + 0.05
