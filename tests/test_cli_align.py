"""The CLI's alignment and search commands: offices, duties, evaluate, where."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from hrss_compare import duty_vectors
from hrss_compare.align import align
from hrss_compare.cli import app
from hrss_compare.duty_vectors import duty_meaning
from hrss_compare.evaluate import evaluate, load_reference
from hrss_compare.load import load_bureau
from hrss_compare.model import Relation

ALIGN = Path(__file__).resolve().parent / "fixtures" / "align"
MINI = ALIGN / "mini.yaml"
CHANGSHA = load_bureau("changsha")
SHAOXING = load_bureau("shaoxing")
BY_MEANING = duty_meaning(CHANGSHA, SHAOXING)
"""The built-in pair's duties as the sentence model reads them: the CLI aligns by them too."""
RELATIONS = {relation.value for relation in Relation}
ERROR = "hrss-compare: error: "


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command computes afresh, and nothing is written to the user's cache."""
    monkeypatch.setenv("HRSS_COMPARE_CACHE", "off")


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def ok(runner: CliRunner, *args: str) -> Result:
    result = run(runner, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    assert "\x1b" not in result.output
    return result


def ok_json(runner: CliRunner, *args: str) -> Any:
    return json.loads(ok(runner, *args, "--format", "json").stdout)


def words(text: str) -> str:
    return " ".join(text.split())


def assert_one_error_line(result: Result, starts: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    assert result.stderr.startswith(f"{ERROR}{starts}"), result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n")


def check_offices_contract(data: Any, left: str, right: str) -> None:
    """The documented JSON contract of ``offices --format json``."""
    assert {"left", "right", "links", "groups"} <= set(data)
    left_bureau, right_bureau = load_bureau(left), load_bureau(right)
    assert data["left"] == {"id": left_bureau.id, "name": left_bureau.name}
    assert data["right"] == {"id": right_bureau.id, "name": right_bureau.name}
    left_ids = {o.id for o in left_bureau.offices}
    right_ids = {o.id for o in right_bureau.offices}
    for link in data["links"]:
        assert set(link) == {
            "left", "right", "score", "manual", "reason", "ambiguous", "evidence"
        }
        assert link["left"] in left_ids and link["right"] in right_ids
        assert isinstance(link["score"], float) and 0 <= link["score"] <= 100
        assert isinstance(link["manual"], bool) and isinstance(link["ambiguous"], bool)
        for evidence in link["evidence"]:
            assert set(evidence) == {"left", "right", "score"}
            assert evidence["left"] in left_bureau.office(link["left"]).duties
            assert evidence["right"] in right_bureau.office(link["right"]).duties
            assert 0 <= evidence["score"] <= 100
    for group in data["groups"]:
        assert set(group) == {"relation", "left", "right", "score"}
        assert group["relation"] in RELATIONS
        assert isinstance(group["score"], float) and 0 <= group["score"] <= 100
        for side, bureau in (("left", left_bureau), ("right", right_bureau)):
            for office in group[side]:
                assert office == {"id": office["id"], "name": bureau.office(office["id"]).name}


def check_every_office_once(data: Any, left: str, right: str) -> None:
    for side, ref in (("left", left), ("right", right)):
        ids = [o["id"] for g in data["groups"] for o in g[side]]
        assert sorted(ids) == sorted(o.id for o in load_bureau(ref).offices)


# --- offices ------------------------------------------------------------------------------------


def test_offices_table_names_every_office_of_both_bureaus(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no name wraps
    out = ok(runner, "offices").stdout
    assert "Changsha vs Shaoxing" in out
    for office in CHANGSHA.offices + SHAOXING.offices:
        assert office.name in out, office.name
    assert words(out).count("unique") >= 2
    summary = next(line for line in out.splitlines() if "duties matched" in line)
    counts = dict(
        (part.split()[1], int(part.split()[0])) for part in summary.split(";")[0].split(", ")
    )
    assert set(counts) == RELATIONS
    data = ok_json(runner, "offices")
    for relation in RELATIONS:
        assert counts[relation] == sum(g["relation"] == relation for g in data["groups"])


def test_offices_table_fits_80_columns(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = ok(runner, "offices").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "merged" in out and "split" in out


def test_offices_json_follows_the_contract(runner: CliRunner) -> None:
    data = ok_json(runner, "offices")
    check_offices_contract(data, "changsha", "shaoxing")
    check_every_office_once(data, "changsha", "shaoxing")
    expected = align(CHANGSHA, SHAOXING, meaning=BY_MEANING)
    assert [(x["left"], x["right"]) for x in data["links"]] == [
        (x.left, x.right) for x in expected.links
    ]
    assert not any(x["manual"] for x in data["links"])
    assert data["settings"]["meaning"] == "all-MiniLM-L6-v2"


def test_no_meaning_aligns_by_the_words_alone(runner: CliRunner) -> None:
    data = ok_json(runner, "offices", "--no-meaning")
    assert data["settings"]["meaning"] is None
    expected = align(CHANGSHA, SHAOXING)
    assert [(x["left"], x["right"]) for x in data["links"]] == [
        (x.left, x.right) for x in expected.links
    ]
    assert expected.links != align(CHANGSHA, SHAOXING, meaning=BY_MEANING).links
    # every command that aligns takes it, and says so
    assert ok_json(runner, "duties", "--no-meaning")["meaning"] is None
    assert ok_json(runner, "duties")["meaning"] == "all-MiniLM-L6-v2"
    for command in (["report"], ["evaluate", "changsha-shaoxing"]):
        assert ok_json(runner, *command, "--no-meaning")["settings"]["meaning"] is None
        assert ok_json(runner, *command)["settings"]["meaning"] == "all-MiniLM-L6-v2"
    # `where` reads its counterparts off the alignment it asks for
    assert ok(runner, "where", "minimum wage", "--no-meaning", "--format", "json").stdout != (
        ok(runner, "where", "minimum wage", "--format", "json").stdout
    )


def test_a_bureau_too_big_for_the_model_is_aligned_by_its_words_with_a_note(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(duty_vectors, "MEANING_MOST_DUTIES", 150)  # Changsha has 167
    monkeypatch.setenv("HRSS_COMPARE_CACHE", str(tmp_path))
    for _ in range(2):  # made, then from the cache: said both times
        result = ok(runner, "offices", "--format", "json")
        assert json.loads(result.stdout)["settings"]["meaning"] is None
        assert result.stderr == (
            "note: Changsha Municipal Human Resources and Social Security Bureau has 167 "
            "duties, more than the sentence model reads (150): the duties are matched by their "
            "words alone\n"
        )
    assert ok(runner, "offices", "--no-meaning").stderr == ""


def test_one_cache_keeps_the_alignments_by_meaning_and_by_words_apart(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HRSS_COMPARE_CACHE", str(tmp_path))
    fresh = {flag: ok_json(runner, "offices", flag) for flag in ("--meaning", "--no-meaning")}
    assert fresh["--meaning"] != fresh["--no-meaning"]
    for flag in ("--no-meaning", "--meaning"):  # from the cache, each its own
        assert ok_json(runner, "offices", flag) == fresh[flag]


def test_a_bureau_file_is_aligned_by_meaning_too(runner: CliRunner) -> None:
    # Gaoping is written in plain English, not in the words of a machine translation: its
    # jobs office reaches Changsha's employment office only by the meaning, and by the words
    # alone its pensions office is linked to unemployment insurance.
    path = str(Path(__file__).parent / "fixtures" / "unseen" / "gaoping.yaml")
    by_meaning, words = (
        {(x["left"], x["right"])
         for x in ok_json(runner, "offices", "-l", path, "-r", "changsha", *more)["links"]}
        for more in ([], ["--no-meaning"])
    )
    assert ("jobs-benefits", "employment-promotion") in by_meaning - words
    assert ("pensions", "unemployment-insurance") in words - by_meaning


def test_offices_relation_filters(runner: CliRunner) -> None:
    data = ok_json(runner, "offices", "--relation", "merged")
    assert data["groups"] and {g["relation"] for g in data["groups"]} == {"merged"}
    merged_left = {o["id"] for g in data["groups"] for o in g["left"]}
    assert data["links"] and {x["left"] for x in data["links"]} <= merged_left
    table = ok(runner, "offices", "--relation", "merged").stdout
    assert "merged" in table
    for other in ("same", "split", "unique", "regrouped"):
        assert f"│ {other}" not in table


def test_an_empty_selection_says_so_instead_of_an_empty_table(runner: CliRunner) -> None:
    # Changsha and Shaoxing have no split group, and every Legal duty has a counterpart.
    out = words(ok(runner, "offices", "--relation", "split").stdout)
    assert out.startswith("No split groups: Changsha and Shaoxing have none.")
    assert "ambiguous" not in out
    out = words(ok(runner, "duties", "--office", "legal", "--unmatched").stdout)
    assert out == ("No duty without a counterpart in Shaoxing (threshold 50, or 40 between "
                   "offices that choose each other).")


def test_at_threshold_zero_the_footer_names_one_threshold(runner: CliRunner) -> None:
    # 0.8 of 0 is 0: no second threshold; and -0 is 0, not "-0".
    for value in ("0", "-0"):
        out = words(ok(runner, "duties", "--office", "legal", "-t", value).stdout)
        assert out.endswith("8 duties, 8 with a counterpart in Shaoxing, 0 without (threshold 0)")
    data = json.loads(ok(runner, "duties", "-t", "-0", "--format", "json").stdout)
    assert (data["threshold"], data["near_threshold"]) == (0.0, 0.0)
    assert str(data["threshold"]) == "0.0"


def test_evaluate_an_unknown_reference_names_the_built_in_ones(runner: CliRunner) -> None:
    result = run(runner, "evaluate", "nosuchref")
    assert_one_error_line(
        result, "nosuchref: no such file, nor a built-in reference (built in: changsha-shaoxing)"
    )


def test_offices_relation_must_be_one_of_the_five(runner: CliRunner) -> None:
    result = run(runner, "offices", "--relation", "joined")
    assert result.exit_code == 2


@pytest.mark.parametrize("side", ["--left", "--right"])
def test_a_user_bureau_file_works_on_either_side(runner: CliRunner, side: str) -> None:
    args = ["--left", str(MINI), "--right", "shaoxing"] if side == "--left" else [
        "--left", "shaoxing", "--right", str(MINI),
    ]
    data = ok_json(runner, "offices", *args)
    left, right = (str(MINI), "shaoxing") if side == "--left" else ("shaoxing", str(MINI))
    check_offices_contract(data, left, right)
    check_every_office_once(data, left, right)
    jobs = "jobs", "employment-unemployment"
    pairs = {(x["left"], x["right"]) for x in data["links"]}
    assert (jobs if side == "--left" else jobs[::-1]) in pairs
    unique = [g for g in data["groups"] if g["relation"] == "unique"]
    assert any(o["id"] == "museum" for g in unique for o in g["left"] + g["right"])


def test_user_file_against_a_builtin_mirrors(runner: CliRunner) -> None:
    forward = ok_json(runner, "offices", "--left", str(MINI), "--right", "changsha")
    backward = ok_json(runner, "offices", "--left", "changsha", "--right", str(MINI))
    assert {(x["left"], x["right"]) for x in forward["links"]} == {
        (x["right"], x["left"]) for x in backward["links"]
    }


def test_overrides_file_marks_links_manual(runner: CliRunner) -> None:
    overrides = str(ALIGN / "overrides.yaml")
    data = ok_json(runner, "offices", "--overrides", overrides)
    check_offices_contract(data, "changsha", "shaoxing")
    manual = {(x["left"], x["right"]): x["reason"] for x in data["links"] if x["manual"]}
    # The pin's reason is kept for the record; a link the matcher made has none.
    assert manual == {("fund-supervision", "pension-insurance"):
                      "the fund supervision department watches the pension fund"}
    assert {x["reason"] for x in data["links"] if not x["manual"]} == {None}
    assert ("legal", "arbitration") not in {(x["left"], x["right"]) for x in data["links"]}
    table = ok(runner, "offices", "--overrides", overrides).stdout
    assert "(manual)" in table
    evidence = words(ok(runner, "offices", "--overrides", overrides, "--evidence", "1").stdout)
    assert "manual: the fund supervision department watches the pension fund" in evidence


def test_bad_overrides_file_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "overrides.yaml"
    bad.write_text("pin:\n  - {left: legal, right: nosuch}\n", encoding="utf-8")
    result = run(runner, "offices", "--overrides", str(bad))
    assert_one_error_line(result, f"{bad}:2:26: pin[0].right: no office 'nosuch' in shaoxing")


def test_a_link_pinned_twice_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "overrides.yaml"
    bad.write_text("pin:\n  - {left: legal, right: arbitration}\n"
                   "  - {left: legal, right: arbitration, reason: again}\n", encoding="utf-8")
    result = run(runner, "offices", "--overrides", str(bad))
    assert_one_error_line(
        result, f"{bad}:3:5: pin[1]: the link legal -> arbitration is listed twice "
        "(first at pin[0]); keep one"
    )


@pytest.mark.parametrize("command", ["offices", "duties", "evaluate"])
@pytest.mark.parametrize("value", ["101", "-1"])
def test_threshold_out_of_range_is_a_usage_error(
    runner: CliRunner, command: str, value: str
) -> None:
    args = [command, "changsha-shaoxing"] if command == "evaluate" else [command]
    result = run(runner, *args, "--threshold", value)
    assert result.exit_code == 2
    assert "--threshold" in result.stderr


def test_threshold_has_a_short_form(runner: CliRunner) -> None:
    assert ok_json(runner, "offices", "-t", "90") == ok_json(runner, "offices", "--threshold", "90")


def test_threshold_changes_the_alignment(runner: CliRunner) -> None:
    strict = ok_json(runner, "offices", "--threshold", "90")
    default = ok_json(runner, "offices")
    assert len(strict["links"]) < len(default["links"])


def test_bad_bureau_file_is_one_error_line(runner: CliRunner, fixtures_dir: Path) -> None:
    bad = fixtures_dir / "bad" / "typo.yaml"
    for args in (["--left", str(bad)], ["--right", str(bad)]):
        result = run(runner, "offices", *args)
        assert_one_error_line(result, f"{bad}:")
    missing = ALIGN / "nope.yaml"
    assert_one_error_line(run(runner, "offices", "--left", str(missing)), f"{missing}: no such")


def test_markup_in_user_data_prints_literally(runner: CliRunner) -> None:
    markup = str(ALIGN / "markup.yaml")
    out = ok(runner, "offices", "--left", markup).stdout
    assert "[bold]x[/bold] Office" in out
    duties = ok(runner, "duties", "--left", markup).stdout
    assert "[red]Implement[/red]" in words(duties)
    found = ok(runner, "where", "minimum wage", "--left", markup).stdout
    assert "[red]Implement[/red]" in words(found)


def test_no_escape_codes_with_no_color_even_on_a_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich treats the output as a terminal
    for args in (["offices"], ["where", "minimum wage"], ["duties", "--office", "legal"]):
        assert "\x1b" not in run(runner, *args).stdout
    # the same run in colour does have escape codes: the check above can fail
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b" in run(runner, "where", "minimum wage").stdout


def test_no_trailing_spaces_when_piped(runner: CliRunner) -> None:
    # rich pads a centred title and a wrapped note to the width; piped, the padding goes.
    for args in (["offices"], ["where", "people's congress proposals"],
                 ["duties", "--office", "legal"], ["show", "changsha"]):
        out = run(runner, *args).stdout
        assert out.count("\n") > 3, args
        assert not [line for line in out.splitlines() if line.endswith(" ")], args
    noted = run(runner, "where", "people's congress proposals").stdout
    assert "never uses 'congress'" in words(noted)


# --- duties -------------------------------------------------------------------------------------


def test_duties_of_one_office(runner: CliRunner) -> None:
    out = words(ok(runner, "duties", "--office", "legal").stdout)
    assert "Legal Department" in out
    assert "8 duties" in out
    data = ok_json(runner, "duties", "--office", "legal")
    assert [d["duty"] for d in data["duties"]] == list(CHANGSHA.office("legal").duties)
    assert {d["office"]["id"] for d in data["duties"]} == {"legal"}


def test_duties_json_shape(runner: CliRunner) -> None:
    data = ok_json(runner, "duties")
    assert data["bureau"] == {"id": "changsha", "name": CHANGSHA.name, "side": "left"}
    assert data["other"] == {"id": "shaoxing", "name": SHAOXING.name, "side": "right"}
    assert data["threshold"] == 50.0
    assert data["settings"] == ok_json(runner, "offices")["settings"]
    assert len(data["duties"]) == CHANGSHA.duty_count
    for duty in data["duties"]:
        assert set(duty) == {"office", "index", "duty", "matched", "score", "match"}
        office = CHANGSHA.office(duty["office"]["id"])
        assert duty["duty"] == office.duties[duty["index"]]
        assert 0 <= duty["score"] <= 100
        if duty["matched"]:
            other = SHAOXING.office(duty["match"]["office"]["id"])
            assert duty["match"]["duty"] in other.duties


def test_duties_json_names_the_sides_of_one_bureau_on_both(runner: CliRunner) -> None:
    data = ok_json(runner, "duties", "-l", "shaoxing", "-r", "shaoxing", "--side", "right")
    assert (data["bureau"]["side"], data["other"]["side"]) == ("right", "left")
    assert data["bureau"]["id"] == data["other"]["id"] == "shaoxing"


def test_duties_unmatched_lists_only_duties_without_counterpart(runner: CliRunner) -> None:
    data = ok_json(runner, "duties", "--unmatched")
    everything = ok_json(runner, "duties")
    assert data["duties"]
    assert all(not d["matched"] for d in data["duties"])
    assert len(data["duties"]) == sum(not d["matched"] for d in everything["duties"])
    table = words(ok(runner, "duties", "--unmatched").stdout)
    assert "no counterpart" in table
    assert f"{len(data['duties'])} duties, 0 with a counterpart" in table
    # under the threshold, the nearest office is named, as in the JSON's "match", from half
    # the near threshold (a fit of 0.8 is no near miss)
    near = [d for d in data["duties"] if d["match"] and d["score"] >= data["near_threshold"] / 2]
    nearest = {d["match"]["office"]["name"] for d in near}
    assert nearest
    assert table.count("closest: ") == len(near)
    # the floor: at a threshold of 90 (near 72), fits under 36 name none
    high = ok_json(runner, "duties", "--unmatched", "--threshold", "90")
    floored = [d for d in high["duties"] if d["match"] and d["score"] < 36]
    assert floored
    high_table = words(ok(runner, "duties", "--unmatched", "--threshold", "90").stdout)
    assert high_table.count("closest: ") == sum(
        1 for d in high["duties"] if d["match"] and d["score"] >= 36)
    wide = runner.invoke(app, ["duties", "--unmatched"], env={"COLUMNS": "400"}).stdout
    assert all(f"closest: {name}" in wide for name in nearest)


def test_duties_of_the_right_side(runner: CliRunner) -> None:
    data = ok_json(runner, "duties", "--side", "right", "--office", "arbitration")
    assert data["bureau"]["id"] == "shaoxing"
    assert [d["duty"] for d in data["duties"]] == list(SHAOXING.office("arbitration").duties)


def test_duties_of_an_unknown_office_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "duties", "--office", "nosuch")
    assert result.exit_code == 2
    assert "no office 'nosuch' in changsha" in words(result.stderr)


def test_an_office_of_the_other_side_says_which_side_it_is_on(runner: CliRunner) -> None:
    result = run(runner, "duties", "--office", "arbitration")
    assert result.exit_code == 2
    assert ("no office 'arbitration' in changsha (left); it is an office of shaoxing (right): "
            "use --side right") in words(result.stderr)
    result = run(runner, "duties", "--side", "right", "--office", "legal")
    assert result.exit_code == 2
    assert "it is an office of changsha (left): use --side left" in words(result.stderr)


# --- evaluate -----------------------------------------------------------------------------------


def test_evaluate_builtin_reference(runner: CliRunner) -> None:
    out = ok(runner, "evaluate", "changsha-shaoxing").stdout
    for measure in ("precision", "recall", "F1", "groups reproduced exactly"):
        assert measure in out
    found = re.search(r"F1\s*\W\s*([0-9.]+)", out)
    assert found is not None, out
    assert float(found.group(1)) >= 0.95


def test_evaluate_a_reference_file_as_json(runner: CliRunner) -> None:
    path = ALIGN / "reference.yaml"
    data = ok_json(runner, "evaluate", str(path))
    expected = evaluate(align(CHANGSHA, SHAOXING, meaning=BY_MEANING),
                        load_reference(path, CHANGSHA, SHAOXING))
    assert data["precision"] == round(expected.precision, 4)
    assert data["recall"] == round(expected.recall, 4) == round(2 / 3, 4)
    assert data["f1"] == round(expected.f1, 4)
    assert data["true_positives"] == [["legal", "policy-regulation"], ["office", "office"]]
    assert data["false_negatives"] == [["fund-supervision", "pension-insurance"]]
    assert (data["groups"], data["groups_exact"]) == (expected.groups, expected.groups_exact)
    # what was evaluated, so a saved result can be traced to its inputs
    assert data["reference"] == str(path)
    assert (data["left"]["id"], data["right"]["id"]) == ("changsha", "shaoxing")
    assert data["settings"]["threshold"] == 50.0


def test_a_reference_without_links_is_bad_data(runner: CliRunner, tmp_path: Path) -> None:
    """No links would give recall 1 to any alignment."""
    path = tmp_path / "ref.yaml"
    path.write_text("left: changsha\nright: shaoxing\nlinks: []\n")
    result = runner.invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"hrss-compare: error: {path}:3:8: links: must list at least one link"
    )


def test_evaluate_with_overrides_finds_the_pinned_link(runner: CliRunner) -> None:
    data = ok_json(runner, "evaluate", str(ALIGN / "reference.yaml"),
                   "--overrides", str(ALIGN / "overrides.yaml"))
    assert data["false_negatives"] == []
    assert data["recall"] == 1.0


def test_evaluate_a_missing_reference_is_one_error_line(runner: CliRunner) -> None:
    missing = ALIGN / "missing-reference.yaml"
    assert_one_error_line(run(runner, "evaluate", str(missing)), f"{missing}: no such file")


# --- where --------------------------------------------------------------------------------------


def test_where_minimum_wage_table(runner: CliRunner) -> None:
    out = ok(runner, "where", "minimum wage").stdout
    assert "Labor Relations Department" in out
    assert "Shaoxing never uses 'minimum'" in words(out)
    assert re.search(r"\+\d+\.\d via Changsha's Labor Relations Department", words(out))
    assert "No duty in" not in out
    assert re.search(r"Clear: 'Labor Relations Department', \d+\.\d points ahead of the next, "
                     r"'Wages and Welfare Office'( \(not listed\))?\.", words(out))
    # Shaoxing never says "minimum": a likely answer, not a clear one
    assert re.search(r"Likely 'Department of Labor Relations', \d+\.\d points ahead of the next, "
                     r".*; but if the question is about a word Shaoxing never uses \(below\), no "
                     r"office here may handle it\.", words(out))
    out = ok(runner, "where", "family planning").stdout
    assert "No duty in Shaoxing matches 'family planning'." in words(out)
    assert "No duty in Changsha" not in out


def test_where_asks_the_sentence_model_unless_told_not_to(runner: CliRunner) -> None:
    # "pensioners' payouts": the words find a wages duty in Shaoxing first, the meaning the
    # pension office; a clear answer ("minimum wage" in Changsha) is the same either way.
    def first(*args: str) -> dict[str, tuple[str | None, float | None]]:
        result = runner.invoke(app, ["where", *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        return {b["id"]: (b["hits"][0]["office"]["id"], b["hits"][0]["meaning"])
                for b in json.loads(result.stdout)["bureaus"]}

    query = "yearly rise in pensioners' payouts"
    assert first(query)["shaoxing"][0] == "pension-insurance"
    assert first(query)["shaoxing"][1] is not None
    assert first(query, "--no-meaning")["shaoxing"] == ("wages-welfare", None)
    assert first("minimum wage")["changsha"] == first("minimum wage", "--no-meaning")["changsha"]
    assert first("minimum wage")["changsha"][1] is None


def test_where_reads_a_users_bureau_for_its_meaning_quietly_when_piped(
    runner: CliRunner,
) -> None:
    # A bureau of the user's has no shipped vectors: they are made on the first question the
    # words cannot answer clearly, with no note on stderr when it is not a terminal.
    bureau = Path(__file__).parent / "fixtures" / "unseen" / "beishan.yaml"
    result = runner.invoke(app, ["where", "yearly rise in pensioners' payouts", "--right",
                                 str(bureau), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    beishan = json.loads(result.stdout)["bureaus"][1]
    assert beishan["id"] == "beishan"
    assert beishan["hits"] and beishan["hits"][0]["meaning"] is not None


def test_where_json_follows_the_contract(runner: CliRunner) -> None:
    data = ok_json(runner, "where", "minimum wage", "--limit", "3")
    assert set(data) == {"query", "corrected", "places", "bureaus"}
    assert data["query"] == "minimum wage"
    assert data["corrected"] == []
    assert data["places"] == []
    assert [(b["id"], b["name"]) for b in data["bureaus"]] == [
        ("changsha", CHANGSHA.name), ("shaoxing", SHAOXING.name),
    ]
    changsha, shaoxing = data["bureaus"]
    assert all(
        set(b) == {"id", "name", "side", "hits", "confidence", "lead", "crowd", "runner_up",
                   "close_calls", "unknown_words", "read_as", "elsewhere", "moved", "closest",
                   "unsearched"}
        for b in data["bureaus"]
    )
    assert [b["side"] for b in data["bureaus"]] == ["left", "right"]
    # plain in one office of Changsha: clear, far ahead of the next office
    assert changsha["confidence"] == "clear"
    assert changsha["runner_up"]["office"]["id"] not in {None, "labor-relations"}
    assert changsha["lead"] == round(changsha["hits"][0]["score"]
                                     - changsha["runner_up"]["score"], 1) >= 10
    assert shaoxing["hits"][0]["office"]["id"] == "labor-relations"
    assert shaoxing["unknown_words"] == ["minimum"]
    # lifted by a duty of Changsha's wage office, which it names
    (counterpart, *_) = (hit["counterpart"] for hit in shaoxing["hits"][:2] if hit["counterpart"])
    assert counterpart == {
        "bureau": "changsha",
        "office": {"id": "labor-relations", "name": "Labor Relations Department"},
        "duty": counterpart["duty"],
        "gain": counterpart["gain"],
    }
    assert counterpart["duty"] in CHANGSHA.office("labor-relations").duties
    assert counterpart["gain"] >= 5
    assert changsha["unknown_words"] == []
    assert 1 <= len(changsha["hits"]) <= 3
    scores = [hit["score"] for hit in changsha["hits"]]
    assert scores == sorted(scores, reverse=True)
    for hit in changsha["hits"] + shaoxing["hits"] + [changsha["runner_up"]]:
        assert set(hit) == {"office", "duty", "score", "kind", "counterpart", "wider", "meaning"}
        assert set(hit["office"]) == {"id", "name"}
        assert hit["kind"] in {"duty", "responsibility", "affiliated"}
        assert 0 <= hit["score"] <= 100
    top = changsha["hits"][0]
    assert top["office"] == {"id": "labor-relations", "name": "Labor Relations Department"}
    assert top["kind"] == "duty"
    assert top["duty"] in CHANGSHA.office("labor-relations").duties


def test_where_does_not_search_the_bureaus_cities(runner: CliRunner) -> None:
    # "in Changsha" says where, not what: the answers are those of "minimum wage".
    plain = ok_json(runner, "where", "minimum wage")
    placed = ok_json(runner, "where", "minimum wage in changsha's")
    assert placed["places"] == ["changsha's"]
    assert placed["query"] == "minimum wage in changsha's"
    for asked, alone in zip(placed["bureaus"], plain["bureaus"], strict=True):
        assert asked["hits"] == alone["hits"]
        assert asked["confidence"] == alone["confidence"]
        assert asked["unknown_words"] == alone["unknown_words"]
    table = words(ok(runner, "where", "minimum wage in Shaoxing").stdout)
    assert "Not searched: 'Shaoxing' (a place says where, not what)." in table
    # as the sentence model reads it too, where it is asked (a close call)
    assert ok_json(runner, "where", "job centre in Shaoxing")["bureaus"] == ok_json(
        runner, "where", "job centre")["bureaus"]
    # a city that is no bureau's, typed as a name, is a place too; typed otherwise, a word
    assert ok_json(runner, "where", "minimum wage in Hangzhou")["places"] == ["Hangzhou"]
    assert ok_json(runner, "where", "minimum wage in hangzhou")["places"] == []
    # nor do the words either side of a place make a phrase, shown with the place's blank
    split = ok_json(runner, "where", "unpaid Changsha wages", "--no-meaning")
    for bureau in split["bureaus"]:
        typed = [*bureau["unknown_words"], *(read["typed"] for read in bureau["read_as"])]
        assert typed and all(" " not in word for word in typed), typed


@pytest.mark.parametrize(
    "query", ["Changsha", "Shaoxing", "in Changsha and Shaoxing", "in Wuhan", "Shaoxing, in Wuhan"]
)
def test_a_query_of_the_bureaus_cities_only_is_a_usage_error(
    runner: CliRunner, query: str
) -> None:
    result = runner.invoke(app, ["where", query])
    assert result.exit_code == 2
    assert "names only where the bureaus are" in words(result.stderr)


def test_a_users_bureau_city_is_not_searched(runner: CliRunner, tmp_path: Path) -> None:
    # A bureau that never writes its own city is not "missing" it.
    data = ok_json(runner, "where", "unemployment insurance in Mini City", "--right", str(MINI))
    assert data["places"] == ["Mini City"]
    assert data["bureaus"][1]["unknown_words"] == []
    assert data["bureaus"][1]["hits"][0]["office"]["id"] == "jobs"


def test_a_query_whose_words_are_everywhere_is_weak_however_high_it_scores(
    runner: CliRunner,
) -> None:
    # "management" is in most offices' duties: its first answer is no better than five others.
    data = ok_json(runner, "where", "management")
    for bureau in data["bureaus"]:
        assert bureau["hits"][0]["score"] >= 60
        assert bureau["crowd"] >= 5
        assert bureau["confidence"] == "weak"
    table = words(ok(runner, "where", "management").stdout)
    assert "other answers score within 10 points of" in table
    assert "add a word that names the duty" in table
    # a query that names a duty has no such crowd
    named = ok_json(runner, "where", "minimum wage")["bureaus"][0]
    assert (named["crowd"], named["confidence"]) == (0, "clear")


def test_where_with_a_user_bureau(runner: CliRunner) -> None:
    data = ok_json(runner, "where", "unemployment insurance", "--right", str(MINI))
    assert data["bureaus"][1]["id"] == "mini-city"
    assert data["bureaus"][1]["hits"][0]["office"]["id"] == "jobs"


def test_where_json_tells_two_bureaus_of_one_id_apart_by_side(
    runner: CliRunner, tmp_path: Path
) -> None:
    # A second version of Changsha keeps its id.
    later = tmp_path / "my-changsha-v2.yaml"
    later.write_text(MINI.read_text(encoding="utf-8").replace("id: mini-city", "id: changsha"),
                     encoding="utf-8")
    data = ok_json(runner, "where", "unemployment insurance", "--left", "changsha",
                   "--right", str(later))
    assert [(b["id"], b["side"]) for b in data["bureaus"]] == [
        ("changsha", "left"), ("changsha", "right"),
    ]
    assert data["bureaus"][1]["hits"][0]["office"]["id"] == "jobs"
    swapped = ok_json(runner, "where", "unemployment insurance", "--left", str(later),
                      "--right", "changsha")
    assert [b["side"] for b in swapped["bureaus"]] == ["left", "right"]
    assert swapped["bureaus"][0]["hits"][0]["office"]["id"] == "jobs"


@pytest.mark.parametrize("query", ["", "   "])
def test_where_empty_query_is_a_usage_error(runner: CliRunner, query: str) -> None:
    result = run(runner, "where", query)
    assert result.exit_code == 2
    assert "the query is empty" in words(result.stderr)


@pytest.mark.parametrize(
    "query", ["the and of", "?!.", "\U0001F600", "excluding", "three months", "last year"]
)
def test_where_query_with_no_word_to_search_for_is_a_usage_error(
    runner: CliRunner, query: str
) -> None:
    result = run(runner, "where", query)
    assert result.exit_code == 2
    assert "the query has no word to search for" in words(result.stderr)


def test_where_takes_an_unquoted_query_of_several_words(runner: CliRunner) -> None:
    # The words are joined with single spaces: the same answer as the quoted query.
    quoted = ok(runner, "where", "minimum wage", "-n", "2")
    assert ok(runner, "where", "minimum", "wage", "-n", "2").stdout == quoted.stdout
    assert ok(runner, "where", "minimum", "-n", "2", "wage").stdout == quoted.stdout
    data = ok_json(runner, "where", "minimum", "wage")
    assert data["query"] == "minimum wage"
    # Spaces inside one quoted argument are kept as typed.
    assert ok_json(runner, "where", "minimum  wage")["query"] == "minimum  wage"
    result = run(runner, "where", "", " ")
    assert result.exit_code == 2
    assert "the query is empty" in words(result.stderr)


def test_where_without_a_query_is_a_usage_error(runner: CliRunner) -> None:
    missing = run(runner, "where")
    assert missing.exit_code == 2
    assert "Missing argument 'QUERY...'" in missing.stderr


def test_where_echoes_a_long_query_shortened_and_keeps_it_whole_in_json(
    runner: CliRunner,
) -> None:
    query = "xqzv " * 2_000
    out = ok(runner, "where", query).stdout
    assert len(out) < 1_500
    start = query[:60].rstrip()
    assert f"No duty in Changsha matches '{start}\u2026'." in words(out)
    assert f"No duty in Shaoxing matches '{start}\u2026'." in words(out)
    assert "Changsha never uses 'xqzv': try other words" in words(out)
    assert ok_json(runner, "where", query)["query"] == query


def test_where_tells_a_chinese_query_that_finds_nothing_to_ask_in_english(
    runner: CliRunner,
) -> None:
    out = ok(runner, "where", "最低工资").stdout
    assert words(out) == (
        "No duty in Changsha matches '最低工资'. Changsha never uses '最低工资': try other words, "
        "or add yours to a glossary (--glossary). No duty in Shaoxing matches '最低工资'. "
        "Shaoxing never uses '最低工资': try other words, or add yours to a glossary "
        "(--glossary). The built-in bureaus and glossary are in English: write the query in "
        "English words."
    )
    assert "English" not in ok(runner, "where", "最低工资", "--format", "json").stdout
    assert "English" not in ok(runner, "where", "xqzv").stdout


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b"])
def test_where_reads_a_pasted_word_with_an_invisible_character_whole(
    runner: CliRunner, invisible: str
) -> None:
    # A soft hyphen or zero-width space inside a word reported 'pen', 'sion' as unknown.
    plain = ok_json(runner, "where", "pension")
    pasted = ok_json(runner, "where", f"pen{invisible}sion")
    assert pasted["query"] == f"pen{invisible}sion"
    assert pasted["bureaus"] == plain["bureaus"]
    assert [b["unknown_words"] for b in pasted["bureaus"]] == [[], []]
    assert "never uses" not in ok(runner, "where", f"pen{invisible}sion").stdout


def test_where_echoes_the_query_as_typed(runner: CliRunner) -> None:
    # Not as Python writes a string: a backslash stays one, a quote needs no escape.
    out = words(ok(runner, "where", "xqzv's blorft\\").stdout)
    assert "No duty in Changsha matches 'xqzv's blorft\\'." in out


def test_where_gibberish_says_so_and_exits_0(runner: CliRunner) -> None:
    out = words(ok(runner, "where", "xqzv blorft").stdout)
    assert "No duty in Changsha matches 'xqzv blorft'." in out
    assert "No duty in Shaoxing matches 'xqzv blorft'." in out
    assert "Shaoxing never uses 'xqzv', 'blorft': try other words" in out


def test_where_says_when_a_query_is_another_departments_business(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = words(ok(runner, "where", "how do I renew my passport?").stdout)
    assert ("No duty in Changsha matches 'how do I renew my passport?'. 'passport' is usually "
            "a matter for the public security bureau (exit and entry administration), and no "
            "text of Changsha names it.") in out
    assert "never uses" not in out
    # A user's glossary adds topics; a bureau whose texts name the topic is searched as usual.
    extra = tmp_path / "topics.yaml"
    extra.write_text("elsewhere:\n  - department: the city's medical security bureau\n"
                     "    topics: [medical insurance]\n", encoding="utf-8")
    data = ok_json(runner, "where", "medical insurance", "-g", str(extra))
    changsha, shaoxing = data["bureaus"]
    assert changsha["elsewhere"] is None and changsha["hits"]
    assert shaoxing["elsewhere"] is None and shaoxing["hits"]  # Shaoxing names it too
    data = ok_json(runner, "where", "medical insurance", "-g", str(extra), "--right", str(MINI))
    assert data["bureaus"][1]["elsewhere"] == {
        "topic": "medical insurance", "department": "the city's medical security bureau",
    }
    assert data["bureaus"][1]["hits"] == []


def test_where_says_what_it_could_not_read(runner: CliRunner) -> None:
    out = words(ok(runner, "where", "arbitraton for the roofers, Roofer").stdout)
    assert "Read 'arbitraton' as 'arbitration'." in out
    # Each word once, however inflected or capitalized.
    assert ("Changsha never uses 'roofers': try other words, or add yours to a glossary "
            "(--glossary).") in out
    assert "Shaoxing never uses 'roofers':" in out
    # The query as typed, never read as markup.
    out = words(ok(runner, "where", "[bold]xqzv[/bold]").stdout)
    assert "No duty in Changsha matches '[bold]xqzv[/bold]'." in out
    data = ok_json(runner, "where", "arbitraton for roofers")
    assert data["corrected"] == [{"typed": "arbitraton", "read": "arbitration"}]
    assert [b["unknown_words"] for b in data["bureaus"]] == [["roofers"], ["roofers"]]


def test_evaluate_says_which_bureau_a_reference_needs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from hrss_compare.cli import app

    reference = tmp_path / "ref.yaml"
    reference.write_text(
        "left: mini-city\nright: shaoxing\nlinks: [{left: office, right: office}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["evaluate", str(reference)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"hrss-compare: error: {reference}:1:7: left: the bureau 'mini-city' is not built in; "
        "pass --left FILE\n"
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        # '5' was said to be no built-in bureau, with no line.
        ("left: 5\nright: shaoxing\nlinks:\n  - {left: legal, right: arbitration}\n",
         "1:7: left: expected a string, got '5', which YAML reads as an integer; put it in quotes"),
        # The file's own problem first, wherever it is, then a bureau that is not built in.
        ("left: nosuch\nright: shaoxing\nlinks: [{left: a}]\n",
         "3:9: links[0]: missing required key 'right'"),
        ("left: changsha\nright: nosuch\nlinks: [{left: office, right: office}]\n",
         "2:8: right: the bureau 'nosuch' is not built in; pass --right FILE"),
    ],
)
def test_evaluate_says_where_a_reference_is_wrong_before_aligning(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, error: str
) -> None:
    import hrss_compare.align

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("aligned before checking the reference")

    monkeypatch.setattr(hrss_compare.align, "align", refuse)
    reference = tmp_path / "ref.yaml"
    reference.write_text(text, encoding="utf-8")
    assert_one_error_line(run(runner, "evaluate", str(reference)), f"{reference}:{error}")


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "101"])
def test_threshold_must_be_a_number_from_0_to_100(value: str) -> None:
    from typer.testing import CliRunner

    from hrss_compare.cli import app

    result = CliRunner().invoke(app, ["offices", "--threshold", value])
    assert result.exit_code == 2


def test_a_reference_with_a_complex_key_is_bad_data_not_a_crash(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from hrss_compare.cli import app

    reference = tmp_path / "ref.yaml"
    reference.write_text("? [a, b]\n: c\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(reference)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1 and str(reference) in result.stderr


def test_an_output_that_cannot_encode_the_text_is_one_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "hrss-compare"
    if not exe.exists():
        pytest.skip("the console script is not installed next to this Python")
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "HRSS_COMPARE_CACHE": "off"}
    done = subprocess.run([str(exe), "report"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "UTF-8" in done.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for a process substitution")
def test_where_reads_a_bureau_from_a_pipe_once(tmp_path: Path) -> None:
    # The index and the alignment both need the bureau; a pipe can be read only once.
    bureau = Path(__file__).parent / "fixtures" / "unseen" / "linhe.yaml"
    command = (f'"{sys.executable}" -m hrss_compare where "minimum wage" -n 1 -f json '
               f'--right <(cat "{bureau}")')
    env = {**os.environ, "HRSS_COMPARE_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert [b["id"] for b in json.loads(done.stdout)["bureaus"]] == ["changsha", "linhe"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for a process substitution")
@pytest.mark.parametrize(
    ("arguments", "check"),
    [
        ('duties --office legal -f json --left <(cat "{data}/changsha.yaml")',
         lambda out: out["bureau"]["id"] == "changsha"),
        ('evaluate <(cat "{data}/reference/changsha-shaoxing.yaml") -f json',
         lambda out: out["f1"] > 0.9),
    ],
)
def test_duties_and_evaluate_read_a_pipe_once(
    tmp_path: Path, arguments: str, check: Callable[[Any], bool]
) -> None:
    # Both check their input before aligning and need it again after: read once, kept.
    data = Path(__file__).resolve().parents[1] / "data"
    command = f'"{sys.executable}" -m hrss_compare ' + arguments.format(data=data)
    env = {**os.environ, "HRSS_COMPARE_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert check(json.loads(done.stdout))


def test_a_bureau_in_chinese_against_one_in_english_is_noted(
    runner: CliRunner, tmp_path: Path
) -> None:
    chinese = tmp_path / "zh.yaml"
    chinese.write_text(
        "id: zh\nname: 青溪市人力资源和社会保障局\noffices:\n"
        "  - id: jiuye\n    name: 就业促进科\n    duties:\n      - 制定全市就业政策\n"
        "      - 负责高校毕业生就业工作\n"
        "  - id: shebao\n    name: 社会保险科\n    duties:\n      - 负责养老保险\n"
        # ten duties more, so that its register could be read (align.REGISTER_DUTIES)
        + "".join(f"      - 负责第{n}项社会保险工作\n" for n in range(10)),
        encoding="utf-8",
    )
    both = tmp_path / "both.yaml"
    both.write_text(
        "id: both\nname: Qingxi Bureau\noffices:\n"
        "  - id: jiuye\n    name: 就业促进科 Employment Promotion Section\n    duties:\n"
        "      - 制定全市就业政策 (draws up the city's employment policies)\n",
        encoding="utf-8",
    )
    for args in (["offices", "--left", str(chinese)], ["duties", "--right", str(chinese)]):
        result = run(runner, *args)
        assert result.exit_code == 0
        assert "note: most duties of 青溪市人力资源和社会保障局 are written in Chinese" in words(
            result.stderr)
        # its duties fit loosely because the words cannot meet, not for their register
        assert "worded apart" not in result.stderr
    assert "written in Chinese" not in run(runner, "offices", "--left", str(both)).stderr
    assert "written in Chinese" not in run(runner, "offices").stderr


UNSEEN = Path(__file__).resolve().parent / "fixtures" / "unseen"


def test_a_threshold_scaled_for_bureaus_worded_apart_is_said(runner: CliRunner) -> None:
    """A plain-English bureau against a translated one: the default threshold is scaled
    down, and a command that shows the alignment says so on stderr (the reports' settings
    say it too: test_report); a threshold given is kept, and `where` (which shows no
    alignment) says nothing of it."""
    plain = str(UNSEEN / "millbrook.yaml")
    note = "worded apart throughout"
    result = ok(runner, "duties", "--left", plain, "--format", "json")
    duties = json.loads(result.stdout)
    assert duties["threshold_scaled_from"] == 50.0
    assert 40.0 <= duties["threshold"] < 50.0
    assert (f"counts from a fit of {duties['threshold']:g}, not 50; pass --threshold 50 to keep "
            "the usual one") in words(result.stderr)
    given = ok(runner, "offices", "--left", plain, "--threshold", "50", "--format", "json")
    assert note not in given.stderr
    assert json.loads(given.stdout)["settings"]["threshold_scaled_from"] is None
    assert note not in ok(runner, "where", "pension", "--left", plain).stderr


def test_duties_as_csv_is_the_json_a_row_per_duty(runner: CliRunner) -> None:
    """`duties --format csv` for pipelines: the rows `duties --format json` lists, with its
    filters, as CSV with a header."""
    import csv
    import io

    assert run(runner, "duties", "--bom").exit_code == 2  # a BOM is for CSV
    assert ok(runner, "duties", "--format", "csv", "--bom").stdout.startswith("\ufeffoffice_id,")
    for args in ([], ["--side", "right", "--unmatched"], ["--office", "legal"]):
        listed = ok_json(runner, "duties", *args)["duties"]
        text = ok(runner, "duties", *args, "--format", "csv").stdout
        records = list(csv.DictReader(io.StringIO(text)))
        assert len(records) == len(listed) > 0
        for record, duty in zip(records, listed, strict=True):
            assert (record["office_id"], int(record["index"]), record["duty"]) == (
                duty["office"]["id"], duty["index"], duty["duty"])
            assert record["matched"] == str(duty["matched"]).lower()
            assert float(record["score"]) == duty["score"]
            match = duty["match"] or {"office": {"id": "", "name": ""}, "duty": ""}
            assert (record["other_office_id"], record["other_office_name"],
                    record["other_duty"]) == (match["office"]["id"], match["office"]["name"],
                                              match["duty"])


def test_evaluate_checks_the_references_offices_before_aligning(
    runner: CliRunner, tmp_path: Path
) -> None:
    """An office the bureau does not have is said at its line, alone: nothing is aligned
    first (the alignment's notes would come before it)."""
    reference = tmp_path / "ref.yaml"
    reference.write_text("left: millbrook\nright: changsha\nlinks:\n"
                         "  - {left: nosuch, right: legal}\n", encoding="utf-8")
    result = run(runner, "evaluate", str(reference), "--left", str(UNSEEN / "millbrook.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith(ERROR) and result.stderr.count("\n") == 1
    assert "ref.yaml:4:" in result.stderr and "no office 'nosuch' in millbrook" in result.stderr
