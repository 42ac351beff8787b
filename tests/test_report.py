"""The ``report`` command: markdown, JSON, CSV and SSSOM reports, and writing them atomically.

The golden files in tests/golden/ are the reports of the fixture pair in tests/fixtures/pair/.
After a change that is meant to alter a report, regenerate them and review the diff:

    UPDATE_GOLDEN=1 python -m pytest tests/test_report.py -q
    git diff tests/golden/
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import difflib
import io
import json
import os
import re
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from hrss_compare import __version__
from hrss_compare.align import align
from hrss_compare.cli import app
from hrss_compare.duty_vectors import duty_meaning
from hrss_compare.errors import HrssCompareError
from hrss_compare.load import load_bureau
from hrss_compare.model import Alignment, Bureau, Relation
from hrss_compare.output import write_atomic
from hrss_compare.overrides import load_overrides
from hrss_compare.render.alignment import (
    alignment_to_dict,
    duty_rows,
    render_duties_table,
    render_offices_table,
)
from hrss_compare.render.common import md_escape
from hrss_compare.render.markdown import mermaid_label, office_cell, render_report_markdown
from hrss_compare.render.report_json import render_report_json
from hrss_compare.render.tabular import (
    CSV_COLUMNS,
    DUTY_CSV_COLUMNS,
    SSSOM_COLUMNS,
    render_duties_csv,
    render_report_csv,
    render_report_sssom,
)

HERE = Path(__file__).resolve().parent
PAIR = HERE / "fixtures" / "pair"
GOLDEN = HERE / "golden"
GOLDEN_VERSION = "0.0.0"
"""The tool version written into golden reports, so a release does not change them."""
ERROR = "hrss-compare: error: "

Renderer = Callable[[Alignment], str]
RENDERERS: dict[str, tuple[str, Renderer]] = {
    "markdown": ("report.md", lambda a: render_report_markdown(a, version=GOLDEN_VERSION)),
    "json": ("report.json", lambda a: render_report_json(a, version=GOLDEN_VERSION)),
    "csv": ("report.csv", render_report_csv),
    "sssom": ("report.sssom.tsv", lambda a: render_report_sssom(a, version=GOLDEN_VERSION)),
    "duties-csv": ("duties.csv", lambda a: render_duties_csv(a, a.left_duties)),
}


def align_pair() -> Alignment:
    """The fixture pair aligned with its overrides, named as the CLI would from inside PAIR."""
    with contextlib.chdir(PAIR):
        left, right = load_bureau("left.yaml"), load_bureau("right.yaml")
        return align(left, right, overrides=load_overrides("overrides.yaml", left, right),
                     meaning=duty_meaning(left, right))


@pytest.fixture(scope="module")
def pair() -> Alignment:
    """The fixture pair's alignment."""
    return align_pair()


@pytest.fixture(scope="module")
def builtin() -> Alignment:
    """The built-in pair's alignment as the CLI makes it: Changsha on the left, Shaoxing on the
    right, by the duties' words and meaning."""
    changsha, shaoxing = load_bureau("changsha"), load_bureau("shaoxing")
    return align(changsha, shaoxing, meaning=duty_meaning(changsha, shaoxing))


@pytest.fixture(scope="module")
def tricky(pair: Alignment) -> Alignment:
    """The fixture pair renamed with text no loader would let through: new lines, tabs..."""
    nasty = [
        "Line\nbreak | pipe", "- looks like a list", "1. numbered\ttab", "back\\|slash pipe",
        "```fence```", "<script>x</script>", "#quot; entity & %% comment", "end", "[x](y) *b*",
    ]

    def rename(bureau: Bureau) -> Bureau:
        offices = tuple(
            dataclasses.replace(o, name=f"{nasty[i % len(nasty)]} {o.name}")
            for i, o in enumerate(bureau.offices)
        )
        return dataclasses.replace(bureau, offices=offices, city="A | \"city\"\n[x]")

    return align(rename(pair.left), rename(pair.right), threshold=pair.threshold)


# --- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_report_matches_golden(pair: Alignment, fmt: str) -> None:
    name, render = RENDERERS[fmt]
    actual = render(pair)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(actual.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8") if path.exists() else ""
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            fromfile=f"tests/golden/{name}", tofile="rendered",
        ))
        pytest.fail(
            f"{fmt} report differs from tests/golden/{name}; if the change is intended, run "
            f"UPDATE_GOLDEN=1 python -m pytest tests/test_report.py and review the diff\n{diff}"
        )


@pytest.mark.parametrize("fmt", ["markdown", "json", "sssom"])
def test_a_threshold_of_minus_zero_is_one_threshold_of_zero(pair: Alignment, fmt: str) -> None:
    # 0.8 of 0 is 0: every format names one threshold, and -0 is written 0.
    _, render = RENDERERS[fmt]
    text = render(align(pair.left, pair.right, threshold=-0.0))
    assert "between offices that choose each other" not in text
    assert "-0" not in text
    assert "0 (a duty's fit" in text or '"threshold": 0.0' in text


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_report_is_byte_identical_across_runs(pair: Alignment, fmt: str) -> None:
    _, render = RENDERERS[fmt]
    assert render(align_pair()).encode() == render(pair).encode()


def test_fixture_pair_has_every_relation(pair: Alignment) -> None:
    relations = {g.relation for g in pair.groups}
    assert relations == set(Relation)
    assert any(link.manual for link in pair.links)
    assert any(link.ambiguous for link in pair.links)
    assert {g.left or g.right for g in pair.groups if g.relation is Relation.UNIQUE} == {
        ("party",), ("civil-service",)
    }


# --- markdown -------------------------------------------------------------------------------


def split_cells(line: str) -> list[str]:
    """A table row's cells: split on pipes not escaped by a backslash, outer pipes dropped."""
    cells: list[str] = []
    current: list[str] = []
    position = 0
    while position < len(line):
        char = line[position]
        if char == "\\" and position + 1 < len(line):
            current.append(line[position:position + 2])
            position += 2
            continue
        if char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        position += 1
    cells.append("".join(current))
    assert cells[0] == "" and cells[-1] == "", f"row does not start and end with a pipe: {line}"
    return cells[1:-1]


def markdown_tables(markdown: str) -> list[list[list[str]]]:
    """Every table outside code blocks, as rows of cells, header and delimiter included."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("|"):
            current.append(split_cells(line))
            continue
        if current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def mermaid_block(markdown: str) -> list[str]:
    """The lines of the one mermaid block."""
    blocks = re.findall(r"^```mermaid\n(.*?)^```$", markdown, flags=re.S | re.M)
    assert len(blocks) == 1
    lines: list[str] = blocks[0].splitlines()
    return lines


NODE = re.compile(r'    ([LR]\d+)\["([^"]*)"\]')
EDGE = re.compile(r"  ([LR]\d+) (-->|==>|-\.->|~~~)(?:\|(\d+)\|)? ([LR]\d+)")
SUBGRAPH = re.compile(r'  subgraph (left|right)_bureau\["([^"]*)"\]')
ENTITY = re.compile(r"#(?:[a-z]+|\d+);")


def check_markdown(markdown: str, alignment: Alignment) -> None:
    """Tables rectangular, every office in the office table, the diagram well formed."""
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")
    tables = markdown_tables(markdown)
    assert len(tables) >= 4
    for table in tables:
        widths = {len(row) for row in table}
        assert len(widths) == 1, f"table with rows of {sorted(widths)} cells: {table[0]}"
        assert all(re.fullmatch(r" ---:? ", cell) for cell in table[1]), table[1]
    office_table = next(t for t in tables if t[0][0] == " Group ")
    shown = {m for row in office_table[2:] for m in re.findall(r"\(`([a-z0-9-]+)`\)", str(row))}
    ids = {o.id for o in alignment.left.offices} | {o.id for o in alignment.right.offices}
    assert shown == ids
    assert len(office_table) - 2 == len(alignment.groups)
    check_mermaid(mermaid_block(markdown), alignment)


def check_mermaid(lines: list[str], alignment: Alignment) -> None:
    """Every line one of the statements we write; every node used in an edge declared."""
    assert lines[0] == "flowchart LR"
    declared: dict[str, str] = {}
    edges: list[tuple[str, str, str, str | None]] = []
    boxes = []
    for line in lines[1:]:
        if node := NODE.fullmatch(line):
            assert node.group(1) not in declared
            declared[node.group(1)] = node.group(2)
        elif edge := EDGE.fullmatch(line):
            edges.append((edge.group(1), edge.group(2), edge.group(4), edge.group(3)))
        elif box := SUBGRAPH.fullmatch(line):
            boxes.append(box.group(1))
            declared[box.group(1)] = box.group(2)
        else:
            assert line in ("  end", "  classDef unique stroke-dasharray: 5 4") or re.fullmatch(
                r"  class [LR]\d+(,[LR]\d+)* unique", line
            ), f"unexpected mermaid line: {line!r}"
    assert boxes == ["left", "right"]
    for start, _, end, _ in edges:
        assert start in declared and end in declared
        assert start.startswith("L") and end.startswith("R")
    for label in declared.values():
        # A backslash only escapes a list's start ("1\\. ", "\\- "), at a line's start.
        lines = [re.sub(r"^\d*\\[.+-]", "", line) for line in label.split("<br/>")]
        plain = ENTITY.sub("", "".join(lines))
        assert not set(plain) & set('"[](){}|<>`*_~#&%\\'), label
        assert "\n" not in label
    assert sum(n.startswith("L") for n in declared) == len(alignment.left.offices)
    assert sum(n.startswith("R") for n in declared) == len(alignment.right.offices)
    links = [e for e in edges if e[1] != "~~~"]
    assert len(links) == len(alignment.links)
    in_group_order = [x for g in alignment.groups for x in alignment.links if x.left in g.left]
    for (start, arrow, end, count), link in zip(links, in_group_order, strict=True):
        assert (start, end) == (
            f"L{[o.id for o in alignment.left.offices].index(link.left)}",
            f"R{[o.id for o in alignment.right.offices].index(link.right)}",
        )
        assert count == str(len(link.evidence))
        assert arrow == ("==>" if link.manual else "-.->" if link.ambiguous else "-->")


def test_markdown_parses_back(pair: Alignment) -> None:
    check_markdown(render_report_markdown(pair), pair)


def test_a_unique_offices_duty_names_its_closest_duty_only_when_one_comes_near(
    pair: Alignment,
) -> None:
    # As the appendix and `duties` do: from half the near threshold (a fit of 0.8 is no near
    # miss). At -t 55 the cut is 22, among the fixture's unique duties' fits (20.4-23.4).
    strict = align(pair.left, pair.right, threshold=55)
    markdown = render_report_markdown(strict)
    unique = markdown.split("## Offices without a counterpart", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip() for cell in row] for table in markdown_tables(unique)
            for row in table[2:]]
    cut = strict.near_threshold / 2
    assert {float(row[-1]) >= cut for row in rows} == {True, False}
    for row in rows:
        near = float(row[-1]) >= cut
        assert (row[2] != "—", row[3] != "—") == (near, near), row


def test_a_unique_offices_matched_duty_names_its_counterpart(builtin: Alignment) -> None:
    # An office is unique when too few of its duties flow, not when none does: a duty that
    # matched names its counterpart, whatever the near-miss rule says.
    markdown = render_report_markdown(builtin)
    unique = markdown.split("## Offices without a counterpart", 1)[1].split("\n## ", 1)[0]
    matched = [d for d in builtin.left_duties + builtin.right_duties if d.matched and any(
        g.relation is Relation.UNIQUE and d.office in (g.left or g.right) for g in builtin.groups
    )]
    assert matched
    rows = {(row[2].strip(), row[3].strip()) for table in markdown_tables(unique)
            for row in table[2:]}
    for duty in matched:
        other = builtin.right if duty in builtin.left_duties else builtin.left
        assert duty.other_office is not None and duty.other_text is not None
        assert (md_escape(duty.other_text), office_cell(other, duty.other_office)) in rows


def test_markdown_of_builtin_pair_parses_back(builtin: Alignment) -> None:
    markdown = render_report_markdown(builtin)
    check_markdown(markdown, builtin)
    assert markdown.startswith("# Office alignment: Changsha and Shaoxing\n")
    assert f"- **Tool:** hrss-compare {__version__}" in markdown.splitlines()
    # One appendix row per duty of the left bureau.
    appendix = markdown.split("## Appendix", 1)[1].split("### Duties of", 1)[0]
    rows = [r for t in markdown_tables(appendix) for r in t[2:]]
    assert len(rows) == builtin.left.duty_count


def test_markdown_of_hostile_names_parses_back(tricky: Alignment) -> None:
    markdown = render_report_markdown(tricky)
    check_markdown(markdown, tricky)
    outside_code = re.sub(r"^```mermaid\n.*?^```$", "", markdown, flags=re.S | re.M)
    assert "<script>" not in outside_code
    for line in outside_code.splitlines():
        assert not line.startswith(("- looks", "1. numbered", "```fence")), line


def test_markdown_has_a_section_per_relation(pair: Alignment) -> None:
    markdown = render_report_markdown(pair)
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Bureaus", "## Settings", "## Summary", "## Offices side by side", "## Diagram",
        "## Merged offices", "## Split offices", "## Regrouped offices",
        "## Offices without a counterpart",
        '## Appendix: where each duty of East "Port" sits in West \\| Bay',
    ]
    assert "- **Overrides:** overrides.yaml" in markdown.splitlines()
    assert "| G5 | \\[bold\\]Party\\[/bold\\] Committee \\<b\\>of\\</b\\> Organs (`party`) |" in (
        markdown
    )


def test_markdown_says_none_for_an_empty_relation(pair: Alignment) -> None:
    no_split = dataclasses.replace(
        pair, groups=tuple(g for g in pair.groups if g.relation is not Relation.SPLIT)
    )
    section = render_report_markdown(no_split).split("## Split offices\n\n", 1)[1]
    assert section.split("\n\n")[1] == "None."


def test_mermaid_label_escapes_and_wraps() -> None:
    assert mermaid_label('A "quoted" [x] | y') == "A #quot;quoted#quot; #91;x#93; #124; y"
    assert mermaid_label("#quot; & <b>") == "#35;quot; #38; #lt;b#gt;"
    # Mermaid reads a label as markdown: a line that starts a list is escaped.
    assert mermaid_label("1. Numbered Office") == "1\\. Numbered Office"
    assert mermaid_label("- Dashed Office") == "\\- Dashed Office"
    assert mermaid_label("Office 1. Two-Part") == "Office 1. Two-Part"
    assert mermaid_label("1.5 Office") == "1.5 Office"
    wrapped = mermaid_label("Office of Talent Development and Human Resources Market Management")
    assert wrapped.split("<br/>") == [
        "Office of Talent Development", "and Human Resources Market", "Management",
    ]


def test_mermaid_labels_of_builtin_pair_are_short(builtin: Alignment) -> None:
    lines = mermaid_block(render_report_markdown(builtin))
    labels = [m.group(2) for line in lines if (m := NODE.fullmatch(line))]
    assert len(labels) == len(builtin.left.offices) + len(builtin.right.offices)
    widths = [len(ENTITY.sub("x", part)) for label in labels for part in label.split("<br/>")]
    assert max(widths) <= 28


# --- JSON -----------------------------------------------------------------------------------


def test_json_is_the_offices_contract_plus_duties(pair: Alignment) -> None:
    data = json.loads(render_report_json(pair))
    assert data["version"] == __version__
    contract = alignment_to_dict(pair)
    assert {k: data[k] for k in contract} == json.loads(json.dumps(contract))
    assert len(data["left_duties"]) == pair.left.duty_count
    assert len(data["right_duties"]) == pair.right.duty_count
    first = data["left_duties"][0]
    assert first["office"] == {"id": "general", "name": "General Office | Secretariat"}
    assert first["match"]["office"]["id"] == "office"


# --- CSV and SSSOM --------------------------------------------------------------------------


def all_ids(alignment: Alignment) -> tuple[set[str], set[str]]:
    return {o.id for o in alignment.left.offices}, {o.id for o in alignment.right.offices}


def check_csv(text: str, alignment: Alignment) -> list[dict[str, str]]:
    """Parse a CSV report back: constant columns, every office, the links in order."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {len(row) for row in rows} == {len(CSV_COLUMNS)}
    records = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    left, right = all_ids(alignment)
    assert {r["left_id"] for r in records} - {""} == left
    assert {r["right_id"] for r in records} - {""} == right
    linked = [(r["left_id"], r["right_id"]) for r in records if r["relation"] != "unique"]
    assert sorted(linked) == sorted((x.left, x.right) for x in alignment.links)
    names = {o.id: o.name for o in alignment.left.offices}
    # A name that starts like a spreadsheet formula is written with a leading "'".
    shown = {k: f"'{v}" if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
             for k, v in names.items()}
    assert all(shown[r["left_id"]] == r["left_name"] for r in records if r["left_id"])
    return records


def test_csv_parses_back(pair: Alignment) -> None:
    records = check_csv(render_report_csv(pair), pair)
    by_pair = {(r["left_id"], r["right_id"]): r for r in records}
    assert by_pair["general", "office"]["manual"] == "true"
    assert by_pair["general", "office"]["reason"] == "checked against both organization charts"
    assert by_pair["wages", "arbitration"]["ambiguous"] == "true"
    assert by_pair["pension", "social-insurance"]["relation"] == "merged"
    assert by_pair["party", ""] == {
        "left_id": "party", "left_name": "[bold]Party[/bold] Committee <b>of</b> Organs",
        "right_id": "", "right_name": "", "relation": "unique", "score": "",
        "duty_pairs": "0", "manual": "false", "ambiguous": "false", "group": "G5",
        "reason": "",
    }


def test_csv_keeps_hostile_names_exactly(tricky: Alignment) -> None:
    check_csv(render_report_csv(tricky), tricky)


def test_csv_cells_from_data_never_start_a_formula(pair: Alignment) -> None:
    def rename(bureau: Bureau) -> Bureau:
        evil = '=HYPERLINK("http://evil.example","Pension")'
        offices = (dataclasses.replace(bureau.offices[0], name=evil), *bureau.offices[1:])
        return dataclasses.replace(bureau, offices=offices)

    hostile = align(rename(pair.left), pair.right, threshold=pair.threshold)
    records = check_csv(render_report_csv(hostile), hostile)
    first = hostile.left.offices[0].id
    names = {r["left_name"] for r in records if r["left_id"] == first}
    assert names == {"'=HYPERLINK(\"http://evil.example\",\"Pension\")"}


def test_csv_bom_is_optional(pair: Alignment) -> None:
    plain, marked = render_report_csv(pair), render_report_csv(pair, bom=True)
    assert not plain.startswith("\ufeff")
    assert marked == "\ufeff" + plain
    assert marked.encode("utf-8")[:3] == b"\xef\xbb\xbf"


def test_duties_csv_has_a_row_per_duty_as_json_has(pair: Alignment) -> None:
    """``duties --format csv`` says what ``duties --format json`` says, a row per duty; a duty
    that matches nothing there leaves the other side's cells empty; cells from data never
    start a formula; a BOM only when asked."""
    for right_side, duties in ((False, pair.left_duties), (True, pair.right_duties)):
        this = pair.right if right_side else pair.left
        text = render_duties_csv(pair, duties, right_side=right_side)
        assert render_duties_csv(pair, duties, right_side=right_side, bom=True) == "\ufeff" + text
        records = list(csv.DictReader(io.StringIO(text)))
        assert tuple(records[0]) == DUTY_CSV_COLUMNS
        assert len(records) == len(duties) == this.duty_count
        for record, duty in zip(records, duties, strict=True):
            assert (record["office_id"], int(record["index"])) == (duty.office, duty.index)
            assert record["duty"].removeprefix("'") == duty.text
            assert record["office_name"].removeprefix("'") == this.office(duty.office).name
            assert record["matched"] == ("true" if duty.matched else "false")
            assert float(record["score"]) == duty.score
            assert record["other_office_id"] == (duty.other_office or "")
            assert record["other_duty"].removeprefix("'") == (duty.other_text or "")
    nothing = dataclasses.replace(pair.left_duties[0], other_office=None, other_text=None,
                                  text="=1+1", matched=False, score=0.0)
    (record,) = csv.DictReader(io.StringIO(render_duties_csv(pair, [nothing])))
    assert (record["duty"], record["other_office_id"], record["other_office_name"],
            record["other_duty"]) == ("'=1+1", "", "", "")


@pytest.mark.parametrize("fmt", ["markdown", "json", "sssom"])
def test_a_scaled_threshold_is_said_in_every_report_with_settings(
    pair: Alignment, fmt: str
) -> None:
    """A default threshold scaled down for bureaus worded apart: each report that carries the
    settings gives the threshold applied and says it was scaled from the default (a CSV
    report carries no settings)."""
    _, render = RENDERERS[fmt]
    scaled = dataclasses.replace(pair, threshold=41.5, scaled_from=50.0)
    text, plain = render(scaled), render(pair)
    if fmt == "json":
        settings = json.loads(text)["settings"]
        assert (settings["threshold"], settings["threshold_scaled_from"]) == (41.5, 50.0)
        assert settings["near_threshold"] == pytest.approx(33.2)
        assert json.loads(plain)["settings"]["threshold_scaled_from"] is None
    else:
        said = "the default 50 scaled down, as the two bureaus are worded apart throughout"
        assert "41.5" in text and said in " ".join(text.split())
        assert "scaled down" not in plain


def parse_sssom(text: str) -> tuple[dict[str, object], list[dict[str, str]]]:
    """The metadata block and the mappings of an SSSOM TSV."""
    lines = text.splitlines(keepends=True)
    comments = [line[1:] for line in lines if line.startswith("#")]
    body = "".join(line for line in lines if not line.startswith("#"))
    assert lines[: len(comments)] == [f"#{c}" for c in comments], "metadata must come first"
    metadata = yaml.safe_load("".join(comments))
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter="\t"))
    assert tuple(rows[0]) == SSSOM_COLUMNS
    assert {len(row) for row in rows} == {len(SSSOM_COLUMNS)}
    return metadata, [dict(zip(SSSOM_COLUMNS, row, strict=True)) for row in rows[1:]]


def check_sssom(text: str, alignment: Alignment) -> list[dict[str, str]]:
    """Parse an SSSOM report back: metadata, prefixes, every office, predicates per relation."""
    metadata, mappings = parse_sssom(text)
    for key in ("curie_map", "mapping_set_id", "license", "mapping_tool"):
        assert key in metadata
    assert "mapping_date" not in metadata
    curie_map = metadata["curie_map"]
    assert isinstance(curie_map, dict)
    for row in mappings:
        for key in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
            prefix = row[key].split(":", 1)[0]
            assert prefix in curie_map, row[key]
        assert row["confidence"] == "" or 0.0 <= float(row["confidence"]) <= 1.0
    left_prefix, right_prefix = alignment.left.id, alignment.right.id
    left, right = all_ids(alignment)
    assert {r["subject_id"] for r in mappings} - {"sssom:NoTermFound"} == {
        f"{left_prefix}:{i}" for i in left
    }
    assert {r["object_id"] for r in mappings} - {"sssom:NoTermFound"} == {
        f"{right_prefix}:{i}" for i in right
    }
    relation = {(o, "L"): g.relation for g in alignment.groups for o in g.left}
    expected = {
        Relation.SAME: "skos:exactMatch", Relation.MERGED: "skos:broadMatch",
        Relation.SPLIT: "skos:narrowMatch", Relation.REGROUPED: "skos:relatedMatch",
    }
    for link in alignment.links:
        row = next(r for r in mappings if r["subject_id"] == f"{left_prefix}:{link.left}"
                   and r["object_id"] == f"{right_prefix}:{link.right}")
        assert row["predicate_id"] == expected[relation[link.left, "L"]]
        if link.manual:
            assert row["mapping_justification"] == "semapv:ManualMappingCuration"
            assert row["confidence"] == ""
        else:
            assert row["mapping_justification"] == (
                "semapv:LexicalMatching" if alignment.meaning is None
                else "semapv:CompositeMatching"
            )
            assert float(row["confidence"]) == round(link.score / 100, 3)
    return mappings


def test_sssom_parses_back(pair: Alignment) -> None:
    mappings = check_sssom(render_report_sssom(pair), pair)
    unmatched = [r for r in mappings if "sssom:NoTermFound" in (r["subject_id"], r["object_id"])]
    assert [(r["subject_id"], r["object_id"]) for r in unmatched] == [
        ("east-port:party", "sssom:NoTermFound"), ("sssom:NoTermFound", "west-bay:civil-service"),
    ]


def test_sssom_says_how_the_links_were_found(pair: Alignment) -> None:
    # by the words and meaning (composite), or by the words alone (lexical)
    words = align(pair.left, pair.right, overrides=load_overrides(
        PAIR / "overrides.yaml", pair.left, pair.right))
    for alignment, justification in ((pair, "semapv:CompositeMatching"),
                                     (words, "semapv:LexicalMatching")):
        _, mappings = parse_sssom(render_report_sssom(alignment))
        assert {row["mapping_justification"] for row in mappings} == {
            justification, "semapv:ManualMappingCuration"}


def test_sssom_of_hostile_names_keeps_one_row_per_mapping(tricky: Alignment) -> None:
    text = render_report_sssom(tricky)
    check_sssom(text, tricky)
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert len(body) == 1 + len(tricky.links) + sum(
        g.relation is Relation.UNIQUE for g in tricky.groups
    )


def test_sssom_swapping_sides_swaps_broad_and_narrow(pair: Alignment) -> None:
    swapped = align(pair.right, pair.left)
    predicates = {r["predicate_id"] for r in check_sssom(render_report_sssom(swapped), swapped)}
    assert {"skos:broadMatch", "skos:narrowMatch"} <= predicates
    merged = {g.left for g in pair.groups if g.relation is Relation.MERGED}
    split = {g.right for g in swapped.groups if g.relation is Relation.SPLIT}
    assert merged == split


def test_sssom_of_a_bureau_with_itself_keeps_the_sides_apart(pair: Alignment) -> None:
    same = align(pair.left, pair.left)
    metadata, mappings = parse_sssom(render_report_sssom(same))
    assert isinstance(metadata["curie_map"], dict)
    assert {"east-port-left", "east-port-right"} <= set(metadata["curie_map"])
    assert all(r["subject_id"].startswith("east-port-left:") for r in mappings)


@pytest.mark.parametrize("reserved", ["sssom", "skos", "semapv"])
def test_sssom_never_gives_a_bureau_a_prefix_sssom_uses(pair: Alignment, reserved: str) -> None:
    renamed = align(dataclasses.replace(pair.left, id=reserved), pair.right)
    metadata, mappings = parse_sssom(render_report_sssom(renamed))
    assert isinstance(metadata["curie_map"], dict)
    assert metadata["curie_map"][f"hrss-{reserved}"].endswith(f"/{reserved}/")
    assert metadata["curie_map"]["sssom"] == "https://w3id.org/sssom/"
    subjects = {r["subject_id"] for r in mappings} - {"sssom:NoTermFound"}
    assert subjects and all(s.startswith(f"hrss-{reserved}:") for s in subjects)


def test_sssom_keeps_apart_ids_whose_prefixes_come_out_equal(pair: Alignment) -> None:
    # "skos" becomes "hrss-skos", which the other bureau's own id may be.
    renamed = align(dataclasses.replace(pair.left, id="skos"),
                    dataclasses.replace(pair.right, id="hrss-skos"))
    metadata, mappings = parse_sssom(render_report_sssom(renamed))
    assert isinstance(metadata["curie_map"], dict)
    assert metadata["curie_map"]["hrss-skos-left"].endswith("/skos/")
    assert metadata["curie_map"]["hrss-skos-right"].endswith("/hrss-skos/")
    assert all(r["subject_id"].startswith(("hrss-skos-left:", "sssom:")) for r in mappings)


@pytest.fixture(scope="module")
def twins(pair: Alignment) -> Alignment:
    """Two versions of one city: the right bureau under the left one's id and city."""
    right = dataclasses.replace(pair.right, id=pair.left.id, city=pair.left.city)
    return align(pair.left, right, threshold=pair.threshold)


def test_sssom_of_two_bureaus_with_one_id_gives_each_side_its_own_iris(twins: Alignment) -> None:
    # Both prefixes expanded to .../east-port/, so every mapping mapped an IRI to itself.
    metadata, mappings = parse_sssom(render_report_sssom(twins))
    curie_map = metadata["curie_map"]
    assert isinstance(curie_map, dict)
    assert curie_map["east-port-left"] == "https://example.org/hrss/east-port/left/"
    assert curie_map["east-port-right"] == "https://example.org/hrss/east-port/right/"

    def iri(curie: str) -> str:
        prefix, local = curie.split(":", 1)
        return f"{curie_map[prefix]}{local}"

    pairs = [(iri(r["subject_id"]), iri(r["object_id"])) for r in mappings]
    assert pairs and all(subject != obj for subject, obj in pairs)
    left_iris = {s for s, _ in pairs if "/left/" in s}
    right_iris = {o for _, o in pairs if "/right/" in o}
    assert left_iris and right_iris and not left_iris & right_iris
    assert "no office of East \"Port\" (right) shares enough of its duties" in "".join(
        r["comment"] for r in mappings
    )


def test_markdown_of_two_versions_of_one_city_names_each_side(twins: Alignment) -> None:
    text = render_report_markdown(twins, version=GOLDEN_VERSION)
    left, right = md_escape('East "Port" (left)'), md_escape('East "Port" (right)')
    assert text.startswith(f"# Office alignment: {left} and {right}\n")
    assert f"| Group | {left} | Relation | {right} | Score | Duty pairs |" in text
    assert f"| {left} duty | {right} duty | Score |" in text
    assert f"## Appendix: where each duty of {left} sits in {right}" in text
    assert 'subgraph left_bureau["East #quot;Port#quot; #40;left#41;"]' in text
    # Only the two sides' names are qualified: a bureau is never called by its bare label.
    assert md_escape('East "Port"') + " " not in text.replace(left, "").replace(right, "")


def test_tables_of_two_versions_of_one_city_name_each_side(twins: Alignment) -> None:
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None)
    console.print(render_offices_table(twins))
    console.print(render_duties_table(twins, duty_rows(twins, right_side=True), right_side=True))
    text = out.getvalue()
    assert 'East "Port" (left) vs East "Port" (right)' in text
    assert 'of East "Port" (left), ' in text and 'of East "Port" (right)' in text
    assert 'East "Port" (right) duty' in text
    assert 'where it sits in East "Port" (left)' in text


def test_reports_of_two_bureaus_with_one_id_keep_the_sides_apart_by_key(
    twins: Alignment,
) -> None:
    # JSON and CSV say which side each office is on by key and by column: nothing to qualify.
    data = json.loads(render_report_json(twins, version=GOLDEN_VERSION))
    assert data["left"]["id"] == data["right"]["id"] == "east-port"
    rows = list(csv.DictReader(io.StringIO(render_report_csv(twins))))
    assert {r["left_id"] for r in rows} - {""} <= {o.id for o in twins.left.offices}
    assert {r["right_id"] for r in rows} - {""} <= {o.id for o in twins.right.offices}


@pytest.mark.parametrize("render", [render_report_csv, render_report_sssom])
def test_tabular_reports_of_builtin_pair_parse_back(
    builtin: Alignment, render: Renderer
) -> None:
    text = render(builtin)
    if render is render_report_csv:
        check_csv(text, builtin)
    else:
        check_sssom(text, builtin)


# --- atomic writing -------------------------------------------------------------------------


def test_write_atomic_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomic(target, b"first\n")
    assert target.read_bytes() == b"first\n"
    target.chmod(0o640)
    write_atomic(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["report.md"]


def test_write_atomic_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.md").stat().st_mode) == 0o644


def test_write_atomic_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_write_atomic_writes_into_a_named_pipe_and_leaves_it_one(tmp_path: Path) -> None:
    # Renaming a file over a pipe (or /dev/null) would replace it, and its reader gets nothing.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_atomic(pipe, b"report\n")
    reader.join(timeout=10)
    assert received == [b"report\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


def test_write_atomic_into_a_named_pipe_closed_early_says_so(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def read_nothing() -> None:
        with open(pipe, "rb"):
            pass  # the reader goes away without reading

    reader = threading.Thread(target=read_nothing)
    reader.start()
    with pytest.raises(HrssCompareError) as caught:
        write_atomic(pipe, b"report\n" * 100_000)  # more than a pipe holds
    reader.join(timeout=10)
    assert str(caught.value) == f"{pipe}: cannot write the report: Broken pipe"


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old report\n")

    def fail(fd: int) -> None:
        raise error

    monkeypatch.setattr("hrss_compare.output.os.fsync", fail)
    expected = HrssCompareError if isinstance(error, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as caught:
        write_atomic(target, b"new report\n" * 1000)
    if isinstance(caught.value, HrssCompareError):
        assert str(caught.value) == f"{target}: cannot write the report: No space left on device"
    assert target.read_bytes() == b"old report\n"
    assert os.listdir(tmp_path) == ["report.md"]


def test_failed_rename_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("hrss_compare.output.os.replace", fail)
    with pytest.raises(HrssCompareError, match="Permission denied"):
        write_atomic(tmp_path / "report.md", b"x")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["missing/report.md", "a-directory"])
def test_unwritable_path_is_a_clean_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "a-directory").mkdir()
    target = tmp_path / name
    with pytest.raises(HrssCompareError, match=re.escape(f"{target}: cannot write the report")):
        write_atomic(target, b"x")
    assert [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")] == []


# --- the command ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "sssom"])
def test_report_command_on_builtin_pair(
    runner: CliRunner, builtin: Alignment, fmt: str
) -> None:
    result = runner.invoke(app, ["report", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    text = result.stdout
    if fmt == "markdown":
        check_markdown(text, builtin)
    elif fmt == "json":
        assert json.loads(text) == json.loads(render_report_json(builtin))
    elif fmt == "csv":
        check_csv(text, builtin)
    else:
        check_sssom(text, builtin)


def test_report_command_matches_the_golden_files(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(PAIR)
    args = ["report", "-l", "left.yaml", "-r", "right.yaml", "--overrides", "overrides.yaml"]
    markdown = runner.invoke(app, args).stdout
    expected = (GOLDEN / "report.md").read_text(encoding="utf-8")
    assert markdown == expected.replace(
        f"hrss-compare {GOLDEN_VERSION}", f"hrss-compare {__version__}"
    )
    assert runner.invoke(app, [*args, "-f", "csv"]).stdout == (
        (GOLDEN / "report.csv").read_text(encoding="utf-8")
    )


def test_report_command_writes_a_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    result = runner.invoke(app, ["report", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Office alignment: Changsha")
    assert os.listdir(tmp_path) == ["report.md"]


def test_report_command_dash_is_stdout(runner: CliRunner, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "-f", "csv", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("left_id,")
    assert os.listdir(tmp_path) == []


def test_report_command_empty_output_is_a_usage_error(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Path("") is '.': it was said as "'.': cannot write the report", exit 1.
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "-o", ""])
    assert result.exit_code == 2
    assert "'--output' / '-o': the file name is empty or blank" in result.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "start"),
    [("r.csv", "left_id,"), ("r.json", "{"), ("r.sssom.tsv", "#curie_map:"), ("r.txt", "# ")],
)
def test_report_format_follows_the_file_extension(
    runner: CliRunner, tmp_path: Path, name: str, start: str
) -> None:
    result = runner.invoke(app, ["report", "-o", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_a_format_the_file_extension_contradicts_is_a_usage_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    # "-o links.csv -f json" wrote JSON into a .csv file.
    result = runner.invoke(app, ["report", "-o", str(tmp_path / "links.csv"), "-f", "json"])
    assert result.exit_code == 2
    assert ("json, but the --output file's extension (.csv) says CSV: give a file name that "
            "agrees, or leave --format out") in " ".join(result.stderr.split())
    # "-o -" is standard output, whatever --format; a folder's name is refused as such.
    assert runner.invoke(app, ["report", "-o", "-", "-f", "json"]).stdout.startswith("{")
    result = runner.invoke(app, ["report", "-o", str(tmp_path / "out.md") + "/", "-f", "json"])
    assert result.exit_code == 1 and "is a directory name" in result.stderr
    assert os.listdir(tmp_path) == []
    # An extension no format claims, or one that agrees, is no contradiction.
    for name, fmt in (("r.txt", "csv"), ("r.CSV", "csv"), ("r.md", "markdown")):
        result = runner.invoke(app, ["report", "-o", str(tmp_path / name), "-f", fmt])
        assert result.exit_code == 0, (name, result.output)


@pytest.mark.parametrize("name", ["links.yaml", "links.xlsx", "report.HTML"])
def test_an_extension_no_format_claims_needs_format(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    # "-o links.yaml" wrote markdown into it, with exit code 0.
    result = runner.invoke(app, ["report", "-o", str(tmp_path / name)])
    assert result.exit_code == 2
    suffix = name[name.rindex("."):]
    assert (f"the file's extension ({suffix}) names no report format: end its name in .md, "
            ".markdown, .json, .csv, .tsv or .txt (markdown), or give --format"
            ) in " ".join(result.stderr.split())
    assert os.listdir(tmp_path) == []
    result = runner.invoke(app, ["report", "-o", str(tmp_path / name), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_text(encoding="utf-8").startswith("{")
    for plain in ("report", "report-v1.2"):  # no extension, or a version: markdown
        result = runner.invoke(app, ["report", "-o", str(tmp_path / plain)])
        assert (tmp_path / plain).read_text(encoding="utf-8").startswith("# ")


def test_report_command_bom(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    result = runner.invoke(app, ["report", "-f", "csv", "--bom", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbfleft_id,")
    result = runner.invoke(app, ["report", "--bom"])
    assert result.exit_code == 2
    assert "--bom" in result.stderr


def test_report_command_bad_left_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nname: Bad\noffices: nope\n", encoding="utf-8")
    result = runner.invoke(app, ["report", "--left", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{ERROR}{bad}:")


def test_report_command_unwritable_output(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.md"
    result = runner.invoke(app, ["report", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{ERROR}{target}: cannot write the report: ")
    assert len(result.stderr.splitlines()) == 1


def test_report_command_failing_renderer_keeps_the_old_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old report\n")

    def explode(alignment: Alignment, **options: object) -> str:
        raise RuntimeError("renderer failed")

    monkeypatch.setattr("hrss_compare.render.markdown.render_report_markdown", explode)
    result = runner.invoke(app, ["report", "-o", str(target)])
    assert isinstance(result.exception, RuntimeError)
    assert target.read_bytes() == b"old report\n"
    assert os.listdir(tmp_path) == ["report.md"]


@pytest.fixture
def no_align(monkeypatch: pytest.MonkeyPatch) -> None:
    """Aligning fails the test: a refused output must be said before the minute aligning takes."""
    import hrss_compare.align

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("aligned before refusing the output")

    monkeypatch.setattr(hrss_compare.align, "align", refuse)


@pytest.mark.parametrize("name", ["newdir/", "newdir//", "newdir/.", "keep.yaml/", "."])
def test_report_into_a_directory_name_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_align: None,
    name: str,
) -> None:
    # Path() drops a trailing '/': it wrote a FILE named newdir, or replaced keep.yaml.
    monkeypatch.chdir(tmp_path)
    Path("keep.yaml").write_text("id: keep\n", encoding="utf-8")
    result = runner.invoke(app, ["report", "-o", name])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == f"{ERROR}{name}: is a directory name; give a file name\n"
    assert sorted(os.listdir(tmp_path)) == ["keep.yaml"]
    assert Path("keep.yaml").read_text(encoding="utf-8") == "id: keep\n"


def test_report_into_an_existing_folder_is_refused_before_aligning(
    runner: CliRunner, tmp_path: Path, no_align: None
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    result = runner.invoke(app, ["report", "-o", str(folder)])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"{ERROR}{folder}: is a directory; give a file name\n"
    assert os.listdir(folder) == []


@pytest.mark.parametrize(
    ("option", "label"),
    [("-l", "the --left bureau"), ("-r", "the --right bureau"), ("-g", "the --glossary"),
     ("--overrides", "the --overrides")],
)
def test_report_onto_one_of_its_inputs_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_align: None,
    option: str, label: str,
) -> None:
    # `report -l victim.yaml -o victim.yaml` replaced the bureau file with markdown.
    monkeypatch.chdir(tmp_path)
    victim = Path("victim.yaml")
    victim.write_text("id: victim\n", encoding="utf-8")
    Path("link.md").symlink_to("victim.yaml")
    os.link("victim.yaml", "hard.md")
    for target in ("victim.yaml", "./victim.yaml", str(tmp_path / "victim.yaml"), "link.md",
                   "hard.md"):
        # with --format, as a .yaml name alone is refused for its extension
        result = runner.invoke(
            app, ["report", option, "victim.yaml", "-o", target, "-f", "markdown"]
        )
        assert result.exit_code == 1, (target, result.output)
        assert result.stderr == (
            f"{ERROR}{target}: is {label} file of this report; writing the report there "
            "would replace it: give another file name\n"
        )
        assert victim.read_text(encoding="utf-8") == "id: victim\n"


def test_report_onto_a_built_in_bureau_file_is_refused(
    runner: CliRunner, no_align: None
) -> None:
    from hrss_compare.builtin import resolve_ref

    data = resolve_ref("changsha")[0]
    result = runner.invoke(app, ["report", "-o", str(data), "-f", "markdown"])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"{ERROR}{data}: is the --left bureau file of this report; writing the report there "
        "would replace it: give another file name\n"
    )
