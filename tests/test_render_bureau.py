"""render/bureau.py: markdown data cannot break, JSON in the schema's shape, tables that fit."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, RenderableType

from hrss_compare.load import load_bureau
from hrss_compare.model import Bureau, Office
from hrss_compare.render.bureau import (
    bureau_to_dict,
    render_bureau_json,
    render_bureau_markdown,
    render_bureau_table,
    render_bureaus_json,
    render_bureaus_table,
)
from hrss_compare.render.common import md_escape

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Characters that mean something to markdown (or to tables in it) wherever they appear.
SPECIAL = "|`*_[]<>#!~&\\"

TRICKY = Bureau(
    id="tricky",
    name="Bureau | of `code` and *stars*",
    city="A [link](https://example.com) city",
    offices=(
        Office(
            id="pipes",
            name="Pipes | and\nnew lines",
            duties=(
                "Keep | the `files` *safe*\nand [sorted](x)",
                "---",
                "- not a list",
                "1. not a numbered list",
                "<b>not html</b> & not an &amp; entity",
                "back\\slash before | a pipe: \\|",
                "# not a heading\n\n\nwith blank lines",
            ),
            aliases=("Alias | one", "Alias\nnext"),
            notes="A note | with a pipe",
        ),
    ),
    notes=("Other | matters",),
)


def unescaped(line: str, chars: str) -> list[str]:
    """The characters of ``chars`` in a markdown line that no backslash escapes."""
    found = []
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in chars:
            found.append(char)
    return found


def unescape(text: str) -> str:
    """Markdown text with its backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", text)


def render(renderable: RenderableType, width: int = 80) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


# Markdown.


def test_markdown_escapes_data() -> None:
    markdown = render_bureau_markdown(TRICKY)
    for line in markdown.splitlines():
        # Only the renderer's own markup may be unescaped: **bold** labels, `ids`, *Note:*.
        data = re.sub(r"\*\*[A-Za-z ]+:\*\*|\*[A-Za-z]+:\*|\(`[a-z-]+`\)$", "", line)
        assert unescaped(data, "|`*[]<&") == [], line


def test_markdown_keeps_one_line_per_duty() -> None:
    lines = render_bureau_markdown(TRICKY).splitlines()
    duties = [line for line in lines if re.match(r"\d+\. ", line)]
    office = TRICKY.offices[0]
    assert [unescape(line.split(". ", 1)[1]) for line in duties] == [
        " ".join(duty.split()) for duty in office.duties
    ]


def test_markdown_headings_and_facts() -> None:
    lines = render_bureau_markdown(TRICKY).splitlines()
    assert lines[0] == r"# Bureau \| of \`code\` and \*stars\*"
    assert r"- **City:** A \[link\]\(https://example.com\) city" in lines
    assert r"### Pipes \| and new lines (`pipes`)" in lines
    assert r"*Also:* Alias \| one; Alias next" in lines
    assert r"*Note:* A note \| with a pipe" in lines
    assert r"- Other \| matters" in lines


def test_markdown_line_starts_are_not_lists_or_rules() -> None:
    lines = render_bureau_markdown(TRICKY).splitlines()
    assert r"2. \---" in lines
    assert r"3. \- not a list" in lines
    assert r"4. 1\. not a numbered list" in lines


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))))
def test_md_escape_is_inert_and_reversible(text: str) -> None:
    escaped = md_escape(text)
    assert "\n" not in escaped
    assert unescaped(escaped, SPECIAL.replace("\\", "")) == []
    assert unescape(escaped) == " ".join(text.split())


def test_md_escape_shows_control_characters() -> None:
    assert md_escape("a\x1b[31mb") == r"a\\x1b\[31mb"


@pytest.mark.parametrize("ref", ["changsha", "shaoxing"])
def test_markdown_of_builtin_bureaus(ref: str) -> None:
    bureau = load_bureau(ref)
    markdown = render_bureau_markdown(bureau)
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")
    lines = markdown.splitlines()
    assert f"- **Offices:** {len(bureau.offices)}; **duties:** {bureau.duty_count}" in lines
    assert len([line for line in lines if re.match(r"\d+\. ", line)]) == bureau.duty_count


# JSON.


def test_json_has_the_schema_keys() -> None:
    bureau = load_bureau(FIXTURES / "good" / "full.yaml")
    data = json.loads(render_bureau_json(bureau))
    assert list(data) == [
        "id", "name", "city", "province", "source", "offices", "responsibilities", "changes",
        "staffing", "affiliated", "notes",
    ]
    # One shape for every bureau: each office, organ and the bureau have every key.
    assert [list(office) for office in data["offices"]] == [
        ["id", "name", "aliases", "duties", "notes"],
    ] * 3
    assert data["offices"][1]["notes"] is None
    assert data["offices"][1]["duties"][1] == "Guide vocational training in the whole city"
    assert data["staffing"] == {
        "administrative": 40,
        "posts": [{"title": "Director", "count": 1}, {"title": "Deputy Director", "count": 3}],
        "notes": ["Two posts are vacant."],
    }
    assert data["affiliated"] == [  # aliases always listed, as an office's are
        {"name": "Labour Arbitration Court", "kind": "public institution", "aliases": [],
         "notes": None},
        {"name": "Talent Service Center", "kind": None, "aliases": [], "notes": None},
    ]
    assert data["changes"]["transferred_in"] == ["Medical insurance supervision"]


def test_json_of_a_minimal_bureau_has_every_key_null_or_empty() -> None:
    """A script reads `data["responsibilities"]` of any bureau; the loader reads an optional
    null or empty list back as not set."""
    bureau = Bureau(id="x", name="X", offices=(Office("o", "O", ("d",)),))
    assert bureau_to_dict(bureau) == {
        "id": "x", "name": "X", "city": None, "province": None, "source": None,
        "offices": [{"id": "o", "name": "O", "aliases": [], "duties": ["d"], "notes": None}],
        "responsibilities": [], "changes": None, "staffing": None, "affiliated": [],
        "notes": [],
    }


@pytest.mark.parametrize(
    "ref", ["changsha", "shaoxing", str(FIXTURES / "good" / "full.yaml"),
            str(FIXTURES / "unseen" / "taoyuan.yaml")],
)
def test_json_loads_back_as_the_same_bureau(ref: str, tmp_path: Path) -> None:
    bureau = load_bureau(ref)
    text = render_bureau_json(bureau)
    assert text.endswith("}\n")
    path = tmp_path / "round-trip.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_bureau(path) == bureau


def test_bureaus_json() -> None:
    bureaus = [load_bureau("changsha"), load_bureau("shaoxing")]
    assert json.loads(render_bureaus_json(bureaus)) == [
        {"id": "changsha", "name": bureaus[0].name, "city": "Changsha", "offices": 23,
         "duties": 167},
        {"id": "shaoxing", "name": bureaus[1].name, "city": "Shaoxing", "offices": 17,
         "duties": 137},
    ]


# Tables.

LONG = Bureau(
    id="long",
    name="N" * 150,
    offices=(
        Office("o" * 90, "Office " * 30, ("D" * 300, "word " * 100), aliases=("A" * 120,),
               notes="note " * 40),
    ),
    notes=("X" * 200,),
)


@pytest.mark.parametrize(
    "bureau",
    [load_bureau("changsha"), load_bureau("shaoxing"), TRICKY, LONG],
    ids=["changsha", "shaoxing", "tricky", "long"],
)
def test_table_fits_in_80_columns(bureau: Bureau) -> None:
    output = render(render_bureau_table(bureau))
    assert output
    assert max(cell_len(line) for line in output.splitlines()) <= 80


def test_table_shows_every_office_and_duty() -> None:
    bureau = load_bureau(FIXTURES / "good" / "full.yaml")
    output = " ".join(render(render_bureau_table(bureau)).split())
    assert output.startswith(
        "Full Municipal Bureau city: Full City; province: Some Province; source: A made-up "
        "organization chart 3 offices, 5 duties"
    )
    for office in bureau.offices:
        size = f"{len(office.duties)} dut{'y' if len(office.duties) == 1 else 'ies'}"
        assert f"{office.name} ({office.id}, {size})" in output
        for number, duty in enumerate(office.duties, 1):
            assert f"{number}. {duty}" in output
    assert "also: General Office" in output
    assert "note: Also hosts the reception desk." in output
    assert "Staffing" in output and "Administrative establishment: 40" in output
    assert "Talent Service Center" in output


def test_table_shows_control_characters_escaped() -> None:
    bureau = Bureau(id="x", name="Evil\x1b[2J", offices=(Office("o", "O\x07", ("d\x1b]0;t",)),))
    output = render(render_bureau_table(bureau))
    assert "\x1b" not in output and "\x07" not in output
    assert "Evil\\x1b[2J" in output
    assert "d\\x1b]0;t" in output


def test_bureaus_table_fits_in_80_columns() -> None:
    output = render(render_bureaus_table([load_bureau("changsha"), LONG]))
    assert max(cell_len(line) for line in output.splitlines()) <= 80
    assert "changsha" in output and "167" in output
