"""Overrides: office links a user pins or forbids, from YAML, and what they do to an alignment."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from hrss_compare.align import align
from hrss_compare.errors import DataError
from hrss_compare.load import load_bureau
from hrss_compare.model import Alignment, Relation
from hrss_compare.overrides import Overrides, load_overrides
from hrss_compare.render.alignment import render_offices_json

WriteYaml = Callable[..., Path]
CHANGSHA = load_bureau("changsha")
SHAOXING = load_bureau("shaoxing")


@pytest.fixture(scope="module")
def plain() -> Alignment:
    return align(CHANGSHA, SHAOXING)


def links(alignment: Alignment) -> dict[tuple[str, str], bool]:
    """Each link and whether it is manual."""
    return {(link.left, link.right): link.manual for link in alignment.links}


def group_of(alignment: Alignment, office: str) -> tuple[Relation, set[str], set[str]]:
    for group in alignment.groups:
        if office in group.left:
            return group.relation, set(group.left), set(group.right)
    raise AssertionError(office)


def test_load_overrides_reads_pins_and_forbids(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        """\
        pin:
          - {left: fund-supervision, right: pension-insurance, reason: the fund budget}
          - left: office
            right: policy-regulation
        forbid:
          - {left: legal, right: arbitration, reason: one duty only}
        """,
        "overrides.yaml",
    )
    overrides = load_overrides(path, CHANGSHA, SHAOXING)
    assert overrides.pin == (
        ("fund-supervision", "pension-insurance"), ("office", "policy-regulation"),
    )
    assert overrides.forbid == (("legal", "arbitration"),)
    assert overrides.source == str(path)


def test_pin_creates_a_manual_link(plain: Alignment) -> None:
    assert ("fund-supervision", "pension-insurance") not in links(plain)
    assert group_of(plain, "fund-supervision")[0] is Relation.UNIQUE
    pinned = align(
        CHANGSHA, SHAOXING, overrides=Overrides(pin=(("fund-supervision", "pension-insurance"),))
    )
    assert links(pinned)[("fund-supervision", "pension-insurance")] is True
    relation, left, right = group_of(pinned, "fund-supervision")
    assert "pension-insurance" in right and "fund-supervision" in left
    assert relation is not Relation.UNIQUE
    # the other links are the matcher's, not manual
    assert {k for k, manual in links(pinned).items() if manual} == {
        ("fund-supervision", "pension-insurance")
    }
    link = next(x for x in pinned.links if x.manual)
    assert not link.ambiguous
    assert 0 <= link.score <= 100
    for evidence in link.evidence:
        assert evidence.left in CHANGSHA.office("fund-supervision").duties
        assert evidence.right in SHAOXING.office("pension-insurance").duties


def test_a_pin_with_no_duty_at_the_threshold_shows_its_closest_pair(plain: Alignment) -> None:
    # Changsha's Office and Shaoxing's Civil Service office share no duty fitting from the
    # threshold: the pin's evidence is its closest pair, and its score that pair's, not 0.
    pin = ("office", "civil-service")
    assert pin not in links(plain)
    pinned = align(CHANGSHA, SHAOXING, overrides=Overrides(pin=(pin,)))
    link = next(x for x in pinned.links if x.manual)
    assert len(link.evidence) == 1
    (pair,) = link.evidence
    assert 0 < pair.score < pinned.threshold and link.score == pair.score
    assert pair.left in CHANGSHA.office("office").duties
    assert pair.right in SHAOXING.office("civil-service").duties
    # The report says it is under the threshold, not an ordinary pair.
    from hrss_compare.render.markdown import render_report_markdown

    markdown = render_report_markdown(pinned)
    assert (f"Link score {pair.score:.1f}; 1 duty pair; pinned by an override; no duty pair "
            "reaches the threshold.") in markdown


def test_pinning_a_found_link_marks_it_manual(plain: Alignment) -> None:
    assert links(plain)[("legal", "policy-regulation")] is False
    pinned = align(CHANGSHA, SHAOXING, overrides=Overrides(pin=(("legal", "policy-regulation"),)))
    assert links(pinned)[("legal", "policy-regulation")] is True
    assert set(links(pinned)) == set(links(plain))


def test_forbid_removes_a_link(plain: Alignment) -> None:
    assert ("legal", "arbitration") in links(plain)
    assert "arbitration" in group_of(plain, "legal")[2]
    forbidden = align(
        CHANGSHA, SHAOXING, overrides=Overrides(forbid=(("legal", "arbitration"),))
    )
    assert ("legal", "arbitration") not in links(forbidden)
    assert set(links(forbidden)) == set(links(plain)) - {("legal", "arbitration")}
    assert "arbitration" not in group_of(forbidden, "legal")[2]
    assert any(g.right == ("arbitration",) and not g.left for g in forbidden.groups)


def test_pinned_link_is_manual_in_json(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        "pin:\n  - {left: fund-supervision, right: pension-insurance}\n", "pins.yaml"
    )
    overrides = load_overrides(path, CHANGSHA, SHAOXING)
    data = json.loads(render_offices_json(align(CHANGSHA, SHAOXING, overrides=overrides)))
    manual = [(x["left"], x["right"]) for x in data["links"] if x["manual"]]
    assert manual == [("fund-supervision", "pension-insurance")]
    assert data["settings"]["overrides"] == str(path)


@pytest.mark.parametrize(
    ("text", "location", "message"),
    [
        (
            "pin:\n  - left: legal\n    right: nosuch\n",
            "3:12",
            "pin[0].right: no office 'nosuch' in shaoxing",
        ),
        (
            "forbid:\n  - {left: legal, right: arbitration}\n  - {left: nosuch, right: office}\n",
            "3:12",
            "forbid[1].left: no office 'nosuch' in changsha",
        ),
        (
            "pin:\n  - {left: legal, right: arbitration}\nforbid:\n"
            "  - {left: office, right: office}\n  - {left: legal, right: arbitration}\n",
            "5:5",
            "forbid[1]: the link legal -> arbitration is both pinned and forbidden",
        ),
        ("pin:\n  - {left: legal}\n", "2:5", "pin[0]: missing required key 'right'"),
        ("pins:\n  - {left: legal, right: office}\n", "1:1", "pins: unknown key"),
        ("pin: legal\n", "1:6", "pin: expected a list of links, got a string"),
    ],
)
def test_bad_overrides_are_data_errors_naming_file_and_line(
    write_yaml: WriteYaml, text: str, location: str, message: str
) -> None:
    path = write_yaml(text, "overrides.yaml")
    with pytest.raises(DataError) as caught:
        load_overrides(path, CHANGSHA, SHAOXING)
    assert str(caught.value).startswith(f"{path}:{location}: {message}")


def test_missing_overrides_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load_overrides(tmp_path / "nope.yaml", CHANGSHA, SHAOXING)
