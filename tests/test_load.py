"""The loader: every bad input is a DataError naming the file, line and key; good input loads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from hrss_compare.builtin import builtin_ids
from hrss_compare.errors import DataError
from hrss_compare.load import check_file, load_bureau
from hrss_compare.model import Bureau, Office

REPO = Path(__file__).resolve().parents[1]
WriteYaml = Callable[..., Path]
BUREAU_KEYS = (
    "id, name, offices, city, province, source, responsibilities, changes, staffing, "
    "affiliated, notes"
)
OFFICE_KEYS = "id, name, duties, aliases, notes"


def load_error(ref: str | Path) -> DataError:
    """The DataError that loading ``ref`` raises."""
    with pytest.raises(DataError) as caught:
        load_bureau(ref)
    return caught.value


def office_yaml(office: str) -> str:
    """A bureau whose only office is ``office`` (a YAML mapping, indented under '- ')."""
    body = textwrap.indent(textwrap.dedent(office).strip(), "    ")
    return "id: test\nname: Test Bureau\noffices:\n  - " + body.lstrip() + "\n"


# Files that cannot be read as YAML text.


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    assert str(load_error(path)) == f"{path}: no such file"


def test_missing_file_given_as_text(tmp_path: Path) -> None:
    path = str(tmp_path / "absent.yaml")
    assert str(load_error(path)) == f"{path}: no such file"


def test_directory(tmp_path: Path) -> None:
    assert str(load_error(tmp_path)) == f"{tmp_path}: is a directory, not a YAML file"


def test_empty_file(write_yaml: WriteYaml) -> None:
    path = write_yaml("")
    assert str(load_error(path)) == f"{path}: file is empty; expected a YAML mapping"


def test_file_of_only_comments(write_yaml: WriteYaml) -> None:
    path = write_yaml("# a comment\n\n   # another\n")
    assert str(load_error(path)) == f"{path}: file is empty; expected a YAML mapping"


def test_binary_file_with_nul(write_yaml: WriteYaml) -> None:
    path = write_yaml(b"id: test\nname: \x00\x01\x02\n")
    assert str(load_error(path)) == (
        f"{path}:2: binary data (NUL byte); expected UTF-8 YAML text"
    )


def test_a_byte_that_is_not_utf8_is_named_after_a_bom_too(write_yaml: WriteYaml) -> None:
    path = write_yaml(b"\xef\xbb\xbfid: test\nname: Caf\xe9\n")
    assert str(load_error(path)) == (
        f"{path}:2:10: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    )


def test_latin1_bytes(write_yaml: WriteYaml) -> None:
    path = write_yaml("id: test\nname: Caf\u00e9\n".encode("latin-1"))
    error = load_error(path)
    assert str(error) == f"{path}:2:10: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    assert error.path == str(path)
    assert error.line == 2


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize(
    ("byte", "message"),
    [
        (b"\xe9", "5:12: not UTF-8 text (byte 0xe9); save the file as UTF-8"),
        (b"\x00", "5: binary data (NUL byte); expected UTF-8 YAML text"),
        (b"\x01", "5:12: the character U+0001 is not allowed in YAML; remove it"),
    ],
    ids=["latin-1", "NUL", "control"],
)
def test_byte_level_problems_count_every_line_ending(
    write_yaml: WriteYaml, newline: bytes, byte: bytes, message: str
) -> None:
    # Old Mac files end lines with a lone CR; YAML and editors count it, so these checks do too.
    lines = [b"id: x", b"name: X", b"offices:", b"  - id: a", b"    name: A" + byte,
             b"    duties: [p]"]
    path = write_yaml(newline.join(lines) + newline)
    assert str(load_error(path)) == f"{path}:{message}"


def test_utf8_with_byte_order_mark_loads(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(("\ufeff" + minimal_yaml).encode("utf-8"))
    assert load_bureau(path).name == "Test Bureau"


def test_yaml_syntax_error(write_yaml: WriteYaml) -> None:
    path = write_yaml("id: test\nname: [unclosed\noffices: []\n")
    error = load_error(path)
    assert error.path == str(path)
    assert error.line == 3
    assert error.message.startswith("YAML syntax error: ")
    assert str(error).startswith(f"{path}:3:")


def test_two_documents(write_yaml: WriteYaml) -> None:
    path = write_yaml("id: a\n---\nid: b\n")
    assert str(load_error(path)) == (
        f"{path}:2:1: YAML syntax error: "
        "expected a single document in the stream but found another document"
    )


def test_a_tab_that_indents_is_named(write_yaml: WriteYaml) -> None:
    path = write_yaml("id: x\nname: X\noffices:\n\t- id: a\n")
    assert str(load_error(path)) == (
        f"{path}:4:1: YAML syntax error: a tab where YAML expects spaces: indent with spaces only"
    )


@pytest.mark.parametrize("text", ["a:\n  b: 1\n\tc: 2\n", "id: x\nname: X\n\toffices: []\n"])
def test_a_tab_that_breaks_indentation_is_named_too(write_yaml: WriteYaml, text: str) -> None:
    path = write_yaml(text)
    assert str(load_error(path)) == (
        f"{path}:3:1: YAML syntax error: a tab where YAML expects spaces: indent with spaces only"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\nname: X # note\u2028b: 2\noffices: []\n",
         "2:15: U+2028 breaks the line for YAML but not in an editor (here it ends a comment or "
         "a line); replace it with a space"),
        ("id: x\nname: X # note\u2028b\noffices: []\n",
         "3:1: YAML syntax error: could not find expected ':' (while scanning a simple key that "
         "starts at line 2, column 16); U+2028 at line 2, column 15 breaks the line for YAML: "
         "replace it with a space"),
    ],
)
def test_a_line_break_only_yaml_sees_outside_a_string_is_refused(
    write_yaml: WriteYaml, text: str, message: str
) -> None:
    path = write_yaml(text.encode())
    assert str(load_error(path)) == f"{path}:{message}"


def test_an_unclosed_quote_says_where_it_starts(write_yaml: WriteYaml) -> None:
    path = write_yaml('id: x\nname: "X\noffices:\n  - id: a\n')
    assert str(load_error(path)) == (
        f"{path}:5:1: YAML syntax error: found unexpected end of stream (while scanning a "
        "quoted scalar that starts at line 2, column 7)"
    )


def test_raw_control_character_in_file(write_yaml: WriteYaml) -> None:
    path = write_yaml(b"id: test\nname: A\x1bB\n")
    assert str(load_error(path)) == (
        f"{path}:2:8: the character U+001B is not allowed in YAML; remove it"
    )


@pytest.mark.parametrize("odd", ["\u2028", "\x85", "\u2029"])
def test_lines_are_counted_as_an_editor_counts_them(write_yaml: WriteYaml, odd: str) -> None:
    # YAML breaks lines at U+2028, U+0085 and U+2029 too; an editor shows them in the line.
    path = write_yaml(
        f'id: x\nname: "X{odd}Y"\noffices:\n  - id: a\n    name: "A{odd}B"\n'
        "    duties: pay\n".encode()
    )
    problems = check_file(path)
    if odd != "\x85":  # YAML folds U+0085 in a quoted string into a space: nothing to say
        assert [(p.line, p.column) for p in problems] == [(2, 7), (5, 11), (6, 13)]
    assert str(problems[-1]) == (
        f"{path}:6:13: offices[0].duties: expected a list of strings, got a string"
    )
    path = write_yaml(f'id: x\nname: "X{odd}Y"\noffices: [\n'.encode(), name="syntax.yaml")
    assert str(load_error(path)).startswith(f"{path}:4:1: YAML syntax error")


def test_deep_nesting_is_refused_without_crashing(write_yaml: WriteYaml) -> None:
    # libyaml's composer recursed in C and killed the interpreter (SIGSEGV) on this input, so
    # the load runs in a child process: a crash fails this test instead of the whole run.
    path = write_yaml("id: test\nname: Deep\noffices: " + "[" * 100_000 + "\n")
    result = run_load(path)
    assert result.returncode == 3, result.stderr
    # PyYAML 6.0.4's libyaml refuses at 1,000 levels while scanning ahead, before the composer
    # refuses at 100: either way one line naming the place and the nesting.
    assert re.fullmatch(
        re.escape(f"{path}:3:")
        + r"(109: nested more than 100 levels deep|1009: YAML syntax error: exceeded maximum"
        r" nesting depth)\n",
        result.stdout,
    ), result.stdout


def test_nesting_deeper_than_the_limit_is_refused(write_yaml: WriteYaml) -> None:
    # Deeper than MAX_DEPTH, shallower than any limit of libyaml: the composer refuses it.
    path = write_yaml("id: test\nname: Deep\noffices: " + "[" * 150 + "]" * 150 + "\n")
    assert str(load_error(path)) == f"{path}:3:109: nested more than 100 levels deep"


# The shape of the document.


def test_top_level_list(write_yaml: WriteYaml) -> None:
    path = write_yaml("- id: test\n- name: Test\n")
    assert str(load_error(path)) == (
        f"{path}:1:1: expected a mapping with id, name and offices (a bureau), got a list"
    )


def test_missing_name(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("name: Test Bureau\n", ""))
    assert str(load_error(path)) == f"{path}:1:1: missing required key 'name'"


def test_name_of_wrong_type(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("name: Test Bureau", "name: 123"))
    assert str(load_error(path)) == (
        f"{path}:2:7: name: expected a string, got '123', which YAML reads as an integer; "
        "put it in quotes"
    )


def test_duties_as_a_string(write_yaml: WriteYaml) -> None:
    path = write_yaml(office_yaml("id: office\nname: Office\nduties: Keep the files"))
    assert str(load_error(path)) == (
        f"{path}:6:13: offices[0].duties: expected a list of strings, got a string"
    )


@pytest.mark.parametrize(
    ("duty", "lines"),
    [
        ("|\n      Pay pensions\n      Handle petitions\n      Keep the files", 3),
        ('"Pay pensions\\nHandle petitions"', 2),
        (">\n      Pay pensions\n\n      Handle petitions", 2),  # a blank line folds to one
    ],
    ids=["literal block", "escaped line break", "folded paragraphs"],
)
def test_several_duties_written_as_one_item_are_refused(
    write_yaml: WriteYaml, duty: str, lines: int
) -> None:
    """A block of lines under one '- ' would silently load as one long duty."""
    path = write_yaml(office_yaml(f"id: office\nname: Office\nduties:\n  - {duty}"))
    assert str(load_error(path)) == (
        f"{path}:7:9: offices[0].duties[0]: holds {lines} lines, read as one duty; write each "
        "duty as its own list item ('- ...'), or join the lines"
    )


def test_several_responsibilities_written_as_one_item_are_refused(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(office_yaml("id: office\nname: Office\nduties: [Keep the files]")
                      + "responsibilities:\n  - |\n    Plan the work\n    Pay the wages\n")
    assert str(load_error(path)) == (
        f"{path}:8:5: responsibilities[0]: holds 2 lines, read as one responsibility; write "
        "each responsibility as its own list item ('- ...'), or join the lines"
    )


def test_several_changes_written_as_one_item_are_refused(write_yaml: WriteYaml) -> None:
    # a change given up is searched as a duty: two would be merged into one
    path = write_yaml(office_yaml("id: office\nname: Office\nduties: [Keep the files]")
                      + "changes:\n  transferred_out:\n    - |\n      Medical insurance\n"
                      "      Maternity insurance\n")
    assert "changes.transferred_out[0]: holds 2 lines, read as one change" in str(
        load_error(path)
    )


def test_a_duty_wrapped_over_lines_is_one_duty(write_yaml: WriteYaml) -> None:
    wrapped = "- Pay pensions to retirees\n    of the city"
    folded = "- >\n      Pay pensions to retirees\n      of the city"
    for duty in (wrapped, folded):
        path = write_yaml(office_yaml(f"id: office\nname: Office\nduties:\n  {duty}"))
        assert load_bureau(path).offices[0].duties == ("Pay pensions to retirees of the city",)


def test_empty_duties(write_yaml: WriteYaml) -> None:
    path = write_yaml(office_yaml("id: office\nname: Office\nduties: []"))
    assert str(load_error(path)) == f"{path}:6:13: offices[0].duties: must have at least one item"


def test_duplicate_office_ids(write_yaml: WriteYaml) -> None:
    path = write_yaml("""\
        id: test
        name: Test Bureau
        offices:
          - id: office
            name: Office
            duties: [Keep the files]
          - id: office
            name: Second Office
            duties: [Answer letters]
    """)
    assert str(load_error(path)) == (
        f"{path}:7:9: offices[1].id: duplicate office id 'office' (also offices[0])"
    )


def test_unknown_key_at_top_level(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("offices:", "provinse: Hunan\noffices:"))
    assert str(load_error(path)) == (
        f"{path}:3:1: provinse: unknown key (did you mean 'province'?); "
        f"allowed keys: {BUREAU_KEYS}"
    )


def test_unknown_key_without_a_close_match(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml + "colour: red\n")
    assert str(load_error(path)) == (
        f"{path}:8:1: colour: unknown key; allowed keys: {BUREAU_KEYS}"
    )


def test_misspelt_key_in_an_office(fixtures_dir: Path) -> None:
    path = fixtures_dir / "bad" / "typo.yaml"
    error = load_error(path)
    assert str(error) == (
        f"{path}:7:5: offices[0].dutis: unknown key (did you mean 'duties'?); "
        f"allowed keys: {OFFICE_KEYS}"
    )
    # The hint already says what is missing: no second problem about 'duties'.
    assert len(error.problems) == 1


def test_no_offices(write_yaml: WriteYaml) -> None:
    path = write_yaml("id: test\nname: Test Bureau\noffices: []\n")
    assert str(load_error(path)) == f"{path}:3:10: offices: must list at least one office"


def test_python_tag_runs_nothing(write_yaml: WriteYaml, tmp_path: Path) -> None:
    hacked = tmp_path / "hacked"
    path = write_yaml(
        "id: test\n"
        f'name: !!python/object/apply:os.system ["echo hacked > {hacked}"]\n'
        "offices:\n  - {id: office, name: Office, duties: [Keep the files]}\n"
    )
    error = load_error(path)
    assert str(error) == (
        f"{path}:2:7: name: unsupported YAML tag '!!python/object/apply:os.system'; remove it"
    )
    assert not hacked.exists()


@pytest.mark.parametrize(
    ("value", "tag"),
    [("!!binary aGVsbG8=", "!!binary"), ("!local Office", "!local"), ("!!set {a}", "!!set")],
)
def test_other_tags_are_refused(write_yaml: WriteYaml, value: str, tag: str) -> None:
    path = write_yaml(office_yaml(f"id: office\nname: {value}\nduties: [Keep the files]"))
    assert str(load_error(path)) == (
        f"{path}:5:11: offices[0].name: unsupported YAML tag {tag!r}; remove it"
    )


@pytest.mark.parametrize("value", ["=", "<<", "=="])
def test_a_value_yaml_11_types_as_a_tag_is_the_text_written(
    write_yaml: WriteYaml, value: str
) -> None:
    # YAML 1.1 reads a bare '=' as !!value and '<<' as !!merge: nobody writing a name means that.
    path = write_yaml(office_yaml(f"id: office\nname: {value}\nduties: [Keep the files, {value}]"))
    assert load_bureau(path).offices[0].name == value
    assert load_bureau(path).offices[0].duties == ("Keep the files", value)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("=", "expected a whole number, got a string"),
        ("<<", "expected a whole number, got a string"),
    ],
)
def test_a_bare_equals_sign_where_a_number_goes_is_a_string(
    write_yaml: WriteYaml, minimal_yaml: str, value: str, problem: str
) -> None:
    path = write_yaml(minimal_yaml + f"staffing:\n  administrative: {value}\n")
    assert str(load_error(path)).endswith(f": staffing.administrative: {problem}")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("yes", "got 'yes', which YAML reads as true/false; put it in quotes"),
        ("No", "got 'No', which YAML reads as true/false; put it in quotes"),
        ("on", "got 'on', which YAML reads as true/false; put it in quotes"),
        ("OFF", "got 'OFF', which YAML reads as true/false; put it in quotes"),
        ("2024-01-01", "got '2024-01-01', which YAML reads as a date; put it in quotes"),
        ("1:30", "got '1:30', which YAML reads as an integer; put it in quotes"),
        ("0x1F", "got '0x1F', which YAML reads as an integer; put it in quotes"),
        (".nan", "got '.nan', which YAML reads as a number; put it in quotes"),
        ("~", "got '~', which YAML reads as nothing"),
        ("null", "got 'null', which YAML reads as nothing"),
        ("", "got nothing"),
        ('!!int "5"', "got an integer (tagged !!int; remove the tag)"),
        ("!!bool 5", "got true/false (tagged !!bool; remove the tag)"),
    ],
)
def test_a_value_yaml_11_reads_as_another_type_is_shown_as_written(
    write_yaml: WriteYaml, value: str, problem: str
) -> None:
    path = write_yaml(office_yaml(f"id: office\nname: {value}\nduties: [Keep the files]"))
    assert str(load_error(path)).endswith(f": offices[0].name: expected a string, {problem}")


def test_a_merge_key_is_named_and_hides_the_keys_it_would_give(write_yaml: WriteYaml) -> None:
    path = write_yaml(office_yaml("id: office\n<<: {name: Office}\nduties: [Keep the files]"))
    assert [str(p) for p in check_file(path)] == [
        f"{path}:5:5: offices[0]: YAML merge keys (<<) are not supported; write the keys out",
    ]


def test_a_quoted_merge_key_is_an_ordinary_unknown_key(write_yaml: WriteYaml) -> None:
    path = write_yaml(office_yaml('id: office\nname: Office\nduties: [Keep the files]\n"<<": 1'))
    assert [str(p) for p in check_file(path)] == [
        f"{path}:7:5: offices[0].<<: unknown key; allowed keys: {OFFICE_KEYS}",
    ]


def test_explicit_string_tag_is_fine(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("name: Test Bureau", "name: !!str 123"))
    assert load_bureau(path).name == "123"


def test_alias(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    text = minimal_yaml.replace("name: Test Bureau", "name: &n Test Bureau")
    path = write_yaml(text.replace("name: Office", "name: *n"))
    assert str(load_error(path)) == (
        f"{path}:5:11: YAML aliases such as *n are not supported; write the value out"
    )


def billion_laughs(*, nested: bool) -> str:
    """9 levels of 9 aliases: expanded, a billion-odd strings."""
    lol = ", ".join(['"lol"'] * 9)
    if not nested:
        # The classic form: every level under a top-level key of its own.
        lines = [f"a: &a [{lol}]"]
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
            lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
        return "\n".join(lines) + "\n"
    # Every level is an office's duties, where the schema allows lists.
    lines = ["id: bomb", "name: Bomb", "offices:"]
    for index, name in enumerate("abcdefghi"):
        items = lol if index == 0 else ", ".join([f"*{'abcdefghi'[index - 1]}"] * 9)
        lines += [f"  - id: {name}", f"    name: {name.upper()}", f"    duties: &{name} [{items}]"]
    return "\n".join(lines) + "\n"


def run_load(path: Path) -> subprocess.CompletedProcess[str]:
    """Load ``path`` in a child process: exit 3 and the error on stdout for a DataError."""
    script = (
        "import sys\n"
        "from hrss_compare.errors import DataError\n"
        "from hrss_compare.load import load_bureau\n"
        "try:\n"
        "    load_bureau(sys.argv[1])\n"
        "except DataError as error:\n"
        "    print(error)\n"
        "    sys.exit(3)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True, text=True, timeout=10, env=env, check=False,
    )


def test_alias_bomb_is_refused_quickly(write_yaml: WriteYaml) -> None:
    path = write_yaml(billion_laughs(nested=True))
    result = run_load(path)
    assert result.returncode == 3, result.stderr
    assert result.stdout == (
        f"{path}:9:17: YAML aliases such as *a are not supported; write the value out\n"
    )


def test_classic_alias_bomb_is_refused_quickly(write_yaml: WriteYaml) -> None:
    path = write_yaml(billion_laughs(nested=False))
    result = run_load(path)
    assert result.returncode == 3, result.stderr
    assert result.stdout == (
        f"{path}:2:8: YAML aliases such as *a are not supported; write the value out\n"
    )


def test_duplicate_key(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("name: Test Bureau", "name: Test\nname: Other"))
    assert str(load_error(path)) == f"{path}:3:1: name: duplicate key"


@pytest.mark.parametrize("bad_id", ["My City", "changsha city", "Changsha", "a_b", "-a", "a-",
                                    "a--b"])
def test_invalid_bureau_id(write_yaml: WriteYaml, minimal_yaml: str, bad_id: str) -> None:
    path = write_yaml(minimal_yaml.replace("id: test", f"id: {bad_id}"))
    assert str(load_error(path)) == (
        f"{path}:1:5: id: {bad_id!r} is not a valid id; use lowercase letters and digits, "
        "with single '-' between them (not at the start or end)"
    )


def test_invalid_office_id(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("id: office", "id: Office One"))
    assert str(load_error(path)) == (
        f"{path}:4:9: offices[0].id: 'Office One' is not a valid id; "
        "use lowercase letters and digits, with single '-' between them (not at the start or "
        "end)"
    )


def test_escape_character_in_name(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("name: Test Bureau", 'name: "Test \\e[31mBureau"'))
    assert str(load_error(path)) == (
        f"{path}:2:7: name: contains the control character U+001B; remove it"
    )


@pytest.mark.parametrize("bidi", ["\u202e", "\u202d", "\u2066", "\u2069"])
def test_a_bidirectional_override_in_a_text_is_refused(
    write_yaml: WriteYaml, minimal_yaml: str, bidi: str
) -> None:
    """It would make a duty show in another order than it reads."""
    path = write_yaml(minimal_yaml.replace("name: Test Bureau", f"name: Test {bidi}Bureau"))
    assert str(load_error(path)) == (
        f"{path}:2:7: name: contains the control character U+{ord(bidi):04X}; remove it"
    )


def test_key_with_a_line_break_is_shown_escaped(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml + '"bad\\nkey": 1\n')
    error = load_error(path)
    assert str(error) == f"{path}:8:1: 'bad\\nkey': unknown key; allowed keys: {BUREAU_KEYS}"
    assert "\n" not in str(error)


# Good input.


def test_minimal_file_loads(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml)
    bureau = load_bureau(path)
    assert bureau == Bureau(
        id="test", name="Test Bureau",
        offices=(Office(id="office", name="Office", duties=("Keep the files",)),),
    )
    assert bureau.path == str(path)


def test_full_file_loads(fixtures_dir: Path) -> None:
    bureau = load_bureau(fixtures_dir / "good" / "full.yaml")
    assert [office.id for office in bureau.offices] == ["office", "employment", "social-insurance"]
    assert bureau.office("office").aliases == ("General Office",)
    assert bureau.office("office").notes == "Also hosts the reception desk."
    assert bureau.duty_count == 5
    assert bureau.staffing is not None
    assert bureau.staffing.administrative == 40
    assert [(post.title, post.count) for post in bureau.staffing.posts] == [
        ("Director", 1), ("Deputy Director", 3),
    ]
    assert [(a.name, a.kind) for a in bureau.affiliated] == [
        ("Labour Arbitration Court", "public institution"), ("Talent Service Center", None),
    ]
    assert bureau.changes is not None
    assert bureau.changes.transferred_in == ("Medical insurance supervision",)


def test_white_space_in_text_is_folded(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        "id: test\n"
        'name: "  Test \\t Bureau  "\n'
        "offices:\n"
        "  - id: office\n"
        "    name: |\n"
        "      Office\n"
        "        of   the\n"
        "      Bureau\n"
        "    duties:\n"
        '      - "Keep \\t the  \\t files "\n'  # one line: a line break is several duties
        "      - >\n"
        "        Answer\n"
        "        letters\n"
    )
    bureau = load_bureau(path)
    assert bureau.name == "Test Bureau"
    assert bureau.offices[0].name == "Office of the Bureau"
    assert bureau.offices[0].duties == ("Keep the files", "Answer letters")


def test_a_duty_listed_twice_in_an_office_or_a_name_two_offices_share_is_refused(
    write_yaml: WriteYaml,
) -> None:
    # QA: both passed validate; a copied line counts twice in the alignment.
    path = write_yaml(
        "id: x\nname: X\noffices:\n"
        "  - id: a\n    name: Office\n    duties: [Keep files, Answer letters, 'Keep  files']\n"
        "  - id: b\n    name: Office\n    duties: [Keep files]\n"
    )
    error = load_error(path)
    assert [(p.line, p.column, p.message) for p in error.problems] == [
        (6, 42, "offices[0].duties[2]: the same text as offices[0].duties[0]; keep one of them"),
        (8, 11, "offices[1].name: the same name as offices[0]; give each office its own name, "
                "as tables tell offices apart by it"),
    ]


def test_an_affiliated_organ_may_have_other_names(
    write_yaml: WriteYaml, minimal_yaml: str
) -> None:
    organ = "affiliated:\n  - name: Supervision Detachment\n    aliases: [Rights Center]\n"
    bureau = load_bureau(write_yaml(minimal_yaml + organ))
    assert [(a.name, a.aliases) for a in bureau.affiliated] == [
        ("Supervision Detachment", ("Rights Center",))
    ]
    error = load_error(write_yaml(minimal_yaml + organ.replace("[Rights Center]", "Center")))
    assert error.message == "affiliated[0].aliases: expected a list of strings, got a string"
    twice = organ.replace("Center]", "Center, Rights Center]")
    error = load_error(write_yaml(minimal_yaml + twice))
    assert error.message == (
        "affiliated[0].aliases[1]: the same text as affiliated[0].aliases[0]; keep one of them"
    )
    named = organ.replace("[Rights", "[Supervision Detachment, Rights")
    error = load_error(write_yaml(minimal_yaml + named))
    assert error.message == (
        "affiliated[0].aliases: 'Supervision Detachment' is the name itself; leave it out "
        "(aliases are other names)"
    )
    error = load_error(write_yaml(minimal_yaml + organ.replace("aliases", "alias")))
    assert error.message == (
        "affiliated[0].alias: unknown key (did you mean 'aliases'?); allowed keys: name, kind, "
        "aliases, notes"
    )


ITEM_INDENTED = (
    "this '- ' is read as part of the text above it, not as a new item: give every '- ' of the "
    "list the same indentation"
)


def test_a_dash_indented_deeper_than_its_list_is_refused_not_joined(
    write_yaml: WriteYaml,
) -> None:
    # YAML reads the second and third duty as part of the first: two duties lost unseen
    path = write_yaml(office_yaml("""
        id: fund
        name: Fund Office
        duties:
        - Supervise social insurance funds
          - Prepare the budget of the funds
          - Audit the payments
    """))
    error = load_error(path)
    assert (error.line, error.column) == (8, 7)
    assert error.message == ITEM_INDENTED


def test_a_line_of_a_list_without_its_dash_is_refused(write_yaml: WriteYaml) -> None:
    path = write_yaml(office_yaml("""
        id: fund
        name: Fund Office
        duties:
          - Supervise social insurance funds
            Prepare the budget of the funds
    """))
    error = load_error(path)
    assert (error.line, error.column) == (8, 9)
    assert error.message == (
        "this line has no '- ', so YAML joins it to the item above it: start it with '- ' if it "
        "is an item of its own, or put the text in quotes if it is one"
    )


@pytest.mark.parametrize(
    "wrapped",
    [
        # a name after a word that leads on, a sentence that goes on, a quoted text
        "- Handle the proposals of the\n        Municipal People's Congress",
        "- Handle the proposals, motions and\n        suggestions of deputies",
        "- \"Handle the proposals\n        Of deputies\"",
        # review: a name broken over lines, a determiner, a possessive, a semicolon
        "- Handle the proposals of the Municipal Employment\n        Leading Group",
        "- Handle the proposals in this\n        Municipality",
        "- Handle the proposals of the Municipal People's\n        Congress",
        "- Handle the proposals of deputies;\n        Answer the letters",
        "- Handle the proposals from grade\n        I to grade X",
    ],
)
def test_a_text_wrapped_by_hand_is_one_text(write_yaml: WriteYaml, wrapped: str) -> None:
    path = write_yaml(office_yaml("""
        id: office
        name: Office
        duties:
          - Keep the files
    """) + "      " + wrapped + "\n")
    duties = load_bureau(path).offices[0].duties
    assert len(duties) == 2, duties
    assert duties[1].startswith("Handle the proposals")


def _after_the_seals(write_yaml: WriteYaml, rest: str) -> DataError:
    """The error of a bureau whose office's duties list "Keep the seals" and then ``rest``,
    as far in as that item."""
    return load_error(write_yaml(office_yaml("""
        id: office
        name: Office
        duties:
          - Keep the seals
    """) + "      " + rest))


@pytest.mark.parametrize(
    "lost",
    [
        "- Keep the files in this Municipality\n        To answer letters",  # a duty's start
        "- Keep the files of Document No. 12\n        Answer letters",
        "- 1. Keep the files\n        2. Answer letters",  # pasted numbers and bullets
        "- Keep the files\n        (2) Answer letters",
        "- Keep the files\n        \u2022 Answer letters",
        "- Keep the files\n        -Answer letters",
    ],
)
def test_a_line_that_starts_an_item_without_its_dash_is_refused(
    write_yaml: WriteYaml, lost: str
) -> None:
    error = _after_the_seals(write_yaml, lost + "\n")
    assert (error.line, error.column) == (9, 9)
    assert error.message.startswith("this line has no '- ', so YAML joins it to the item above")


@pytest.mark.parametrize("lost", ["Answer letters", "-Answer letters"])
@pytest.mark.parametrize("after", ["", "  - id: other\n    name: Other\n    duties: [x]\n"])
def test_a_line_of_a_list_as_far_in_as_its_items_without_a_dash_is_said_where_it_is(
    write_yaml: WriteYaml, lost: str, after: str
) -> None:
    # As far in as the "- " above it, YAML fails on it as a key with no colon, and said so
    # at the line after it (past the end of a file it ends).
    error = _after_the_seals(write_yaml, lost + "\n" + after)
    assert (error.line, error.column) == (8, 7)
    assert error.message == (
        "this line of a list has no '- ': start it with '- ' if it is an item of its own, or "
        "put it in quotes with the text above it if it goes on that text"
    )


def test_a_line_indented_out_of_step_is_told_to_check_its_indentation(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(office_yaml("""
        id: office
        name: Office
        duties:
          - Keep the seals
        - Answer letters
    """))
    error = load_error(path)
    assert error.line == 8
    assert error.message.endswith(
        "; check this line's indentation: a key lines up with the other keys of its mapping, "
        "and a '- ' with the other items of its list"
    )


@pytest.mark.parametrize("line", [
    'name: Pension: Office', 'name: "Test" Bureau',
])
def test_a_text_holding_a_colon_or_going_on_after_its_quote_is_told_to_be_quoted(
    write_yaml: WriteYaml, line: str
) -> None:
    path = write_yaml(f"id: test\n{line}\noffices:\n  - id: a\n    name: A\n    duties: [p]\n")
    assert load_error(path).message.endswith(
        "; a text that holds ': ' (or goes on after a closing quote) must be quoted whole"
    )


def test_a_key_written_for_a_missing_one_is_named_where_it_is(write_yaml: WriteYaml) -> None:
    # Not "missing required key 'duties'" at the office: the mistake is the "duty" key.
    path = write_yaml(office_yaml("""
        id: office
        name: Office
        duty: [Keep the seals]
    """))
    error = load_error(path)
    assert str(error) == (
        f"{path}:6:5: offices[0].duty: unknown key (did you mean 'duties'?); "
        f"allowed keys: {OFFICE_KEYS}"
    )
    assert len(error.problems) == 1
    # A key like none of the allowed ones, as the only unknown key where one key is missing.
    path = write_yaml(office_yaml("""
        id: office
        title: Office
        duties: [Keep the seals]
    """))
    assert load_error(path).message.startswith(
        "offices[0].title: unknown key (did you mean 'name'?)"
    )
    # Each missing key goes to the likeliest unknown key; a close typo of an optional key is
    # that key, and the required one is then said missing.
    for keys, said in (
        (("title", "duty"), ["offices[0].title: unknown key (did you mean 'name'?)",
                             "offices[0].duty: unknown key (did you mean 'duties'?)"]),
        (("note", "duties"), ["offices[0]: missing required key 'name'",
                              "offices[0].note: unknown key (did you mean 'notes'?)"]),
    ):
        path = write_yaml(office_yaml(
            f"id: office\n{keys[0]}: Office\n{keys[1]}: [Keep the seals]\n"
        ))
        problems = load_error(path).problems
        assert [problem.message.split(";")[0] for problem in problems] == said


@pytest.mark.parametrize("bureau_id", sorted(builtin_ids()))
@pytest.mark.parametrize("width", [60, 80])
def test_a_bureau_file_pyyaml_wrote_reads_as_written(
    tmp_path: Path, bureau_id: str, width: int
) -> None:
    # PyYAML folds long texts over lines, wherever a space falls: before "Shao Province" or a
    # clause's "Responsible for" too (the benchmark's bureaus were refused so).
    import yaml

    source = REPO / "data" / f"{bureau_id}.yaml"
    path = tmp_path / f"{bureau_id}.yaml"
    path.write_text(yaml.safe_dump(yaml.safe_load(source.read_text(encoding="utf-8")),
                                   sort_keys=False, width=width), encoding="utf-8")
    assert "\n    " in path.read_text(encoding="utf-8")  # folded
    folded, original = load_bureau(path), load_bureau(source)
    assert folded.offices == original.offices
    assert folded.responsibilities == original.responsibilities


def test_a_dash_in_a_wrapped_value_that_is_no_list_item_is_text(write_yaml: WriteYaml) -> None:
    # review: "reason: JUDGEMENT CALL - ..." wrapped before its dash is one text to YAML too
    path = write_yaml(office_yaml("""
        id: office
        name: Office
        notes: JUDGEMENT CALL
          - the office is new
        duties:
          - Keep the seals
    """))
    assert load_bureau(path).offices[0].notes == "JUDGEMENT CALL - the office is new"


def test_a_comment_sign_inside_a_text_is_refused_not_cut(write_yaml: WriteYaml) -> None:
    path = write_yaml(office_yaml("""
        id: office
        name: Office
        duties:
          - Maintain stability #1 priority of the bureau
          - "Keep the #2 files"  # a comment of our own
          - Answer letters # another
    """))
    error = load_error(path)
    assert (error.line, error.column, len(error.problems)) == (7, 28, 1)
    assert error.message == (
        "' #' starts a YAML comment, which cuts the text before it short: put the whole text in "
        "quotes (a comment of your own needs a space after '#')"
    )
    # review: the text wrapped before its "#12" is cut there too; "#todo" after one word, or
    # a comment line of the list's own indentation, cuts nothing meant
    path = write_yaml(office_yaml("""
        id: office
        name: Office #todo
        duties:
          - Implement Document
            #12 of the State Council
          #next: more duties
          - Answer letters
    """))
    error = load_error(path)
    assert [(p.line, p.column) for p in error.problems] == [(8, 9)]


def test_a_misread_text_is_listed_with_the_files_other_problems(write_yaml: WriteYaml) -> None:
    # review: validate listed only the run-on problem, then the bad id once it was mended
    path = write_yaml(office_yaml("""
        id: Office
        name: Office
        duties:
          - Keep the files
            - Answer letters
    """))
    assert [(p.line, p.message[:20]) for p in load_error(path).problems] == [
        (4, "offices[0].id: 'Offi"), (8, "this '- ' is read as"),
    ]


def test_a_text_with_colon_space_read_as_a_mapping_says_to_quote_it(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(office_yaml("""
        id: office
        name: Office
        duties:
          - "Keep the files"
          - Note: handle letters and visits
    """))
    error = load_error(path)
    assert (error.line, error.column) == (8, 9)
    assert error.message == (
        "offices[0].duties[1]: expected a string, got a mapping ('Note: ' makes a key of "
        "'Note'); put the whole text in quotes"
    )


def test_check_file_of_a_valid_file(fixtures_dir: Path) -> None:
    assert check_file(fixtures_dir / "good" / "minimal.yaml") == ()


def test_check_file_lists_every_problem_in_line_order(fixtures_dir: Path) -> None:
    path = fixtures_dir / "bad" / "two-bad-offices.yaml"
    problems = check_file(path)
    assert [str(problem) for problem in problems] == [
        f"{path}:7:13: offices[0].duties: expected a list of strings, got a string",
        f"{path}:8:9: offices[1].id: 'Second Office' is not a valid id; "
        "use lowercase letters and digits, with single '-' between them (not at the start or "
        "end)",
        f"{path}:9:11: offices[1].name: expected a string, got '2', which YAML reads as an "
        "integer; put it in quotes",
        f"{path}:10:13: offices[1].duties: must have at least one item",
    ]


def test_check_file_orders_problems_found_out_of_order(write_yaml: WriteYaml) -> None:
    # Offices are checked before notes, and missing keys after the keys that are there.
    path = write_yaml("""\
        id: test
        name: Test Bureau
        notes: 5
        offices:
          - id: office
            colour: red
    """)
    assert [(p.line, p.column, p.message) for p in check_file(path)] == [
        (3, 8, "notes: expected a list of strings, got an integer"),
        (5, 5, "offices[0]: missing required key 'name'"),
        (5, 5, "offices[0]: missing required key 'duties'"),
        (6, 5, f"offices[0].colour: unknown key; allowed keys: {OFFICE_KEYS}"),
    ]


def test_load_raises_the_first_problem_and_carries_all(fixtures_dir: Path) -> None:
    path = fixtures_dir / "bad" / "two-bad-offices.yaml"
    error = load_error(path)
    assert (error.line, error.column) == (7, 13)
    assert len(error.problems) == 4


def test_check_file_of_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    assert [str(problem) for problem in check_file(path)] == [f"{path}: no such file"]


# Built-in bureaus.


def test_builtin_ids() -> None:
    assert builtin_ids() == ("changsha", "shaoxing")


@pytest.mark.parametrize(
    ("ref", "offices", "duties"), [("changsha", 23, 167), ("shaoxing", 17, 137)],
)
def test_builtin_bureaus_load(ref: str, offices: int, duties: int) -> None:
    bureau = load_bureau(ref)
    assert bureau.id == ref
    assert len(bureau.offices) == offices
    assert bureau.duty_count == duties
    assert len({office.id for office in bureau.offices}) == offices


def test_unknown_builtin_id() -> None:
    assert str(load_error("nosuch")) == (
        "nosuch: no such file, and not a built-in bureau (built-in: changsha, shaoxing)"
    )
    # A built-in id typed in capitals or a letter off is asked about.
    for typed in ("Changsha", "changsah"):
        assert str(load_error(typed)) == (
            f"{typed}: no such file, and not a built-in bureau (did you mean 'changsha'? "
            "built-in: changsha, shaoxing)"
        )


def test_a_long_unknown_key_is_quoted_shortened(write_yaml: WriteYaml) -> None:
    # A file that is no bureau's is not copied whole into the message.
    path = write_yaml("root:$6$saltsaltsalt$hashhashhashhashhashhash:20228:0:99999:7:::\n")
    message = load_error(path).message
    assert message.startswith("root:$6$saltsaltsalt$hashhashhas\u2026: unknown key;")


@pytest.mark.parametrize("text", ["\u200b", "\u200b\u00ad", "\u2060 \u200d", "\u0301"])
def test_text_of_invisible_characters_only_is_refused(
    write_yaml: WriteYaml, minimal_yaml: str, text: str
) -> None:
    # It passed validation, and every table then showed a blank name.
    path = write_yaml(minimal_yaml.replace("name: Test Bureau", f'name: "{text}"'))
    message = str(load_error(path))
    assert message.startswith(f"{path}:2:7: name: has no visible character (only ones such as U+")
    assert message.endswith("); write the text")


def test_a_utf16_or_utf32_file_is_named_so(tmp_path: Path, minimal_yaml: str) -> None:
    cjk = minimal_yaml.replace("name: Test Bureau", "name: 测试局")
    for text, encoding, named in ((minimal_yaml, "utf-16", "UTF-16"),
                                  (minimal_yaml, "utf-16-le", "UTF-16"),
                                  (minimal_yaml, "utf-16-be", "UTF-16"),
                                  (cjk, "utf-16-le", "UTF-16"),  # no mark, no ASCII first
                                  (minimal_yaml, "utf-32", "UTF-32")):
        path = tmp_path / f"{encoding}.yaml"
        path.write_bytes(text.encode(encoding))
        assert str(load_error(path)) == f"{path}: {named} text; save the file as UTF-8"
    path = tmp_path / "nul.yaml"
    path.write_bytes(minimal_yaml.encode() + b"\x00")
    assert "binary data (NUL byte)" in str(load_error(path))


def test_a_staffing_count_up_to_a_million_is_read(write_yaml: WriteYaml, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml + "staffing:\n  administrative: 1000000\n"
                      "  posts: [{title: Director, count: 0b11111111}]\n")
    staffing = load_bureau(str(path)).staffing
    assert staffing is not None and staffing.administrative == 1_000_000
    assert staffing.posts[0].count == 255


@pytest.mark.parametrize(("count", "message"), [
    ("1000001", "must be at most 1,000,000, got 1,000,001"),
    ("1" * 5000, "must be at most 1,000,000, got a number of 5,000 characters"),
    ("-" + "9" * 50, "must be at least 0"),
])
def test_a_staffing_count_past_a_million_is_refused(
    write_yaml: WriteYaml, minimal_yaml: str, count: str, message: str
) -> None:
    path = write_yaml(minimal_yaml + f"staffing:\n  administrative: {count}\n")
    error = str(load_error(path))
    assert error.endswith(f"staffing.administrative: {message}")
    assert len(error) < 200  # the number is not echoed whole


@pytest.mark.parametrize("empty", ["~", "null", "", "[]"])
def test_an_optional_field_left_empty_is_not_set(
    write_yaml: WriteYaml, minimal_yaml: str, empty: str
) -> None:
    """As `show --format json` writes a field the bureau does not set, so its output loads
    back."""
    field = "notes" if empty == "[]" else "city"
    bureau = load_bureau(write_yaml(minimal_yaml + f"{field}: {empty}\n"))
    assert bureau == load_bureau(write_yaml(minimal_yaml))
    office = office_yaml(f"id: office\nname: Office\nduties: [Keep the files]\nnotes: {empty}")
    if empty != "[]":
        assert load_bureau(write_yaml(office)).offices[0].notes is None


def test_a_tagged_null_and_a_second_key_are_still_errors(write_yaml: WriteYaml) -> None:
    """Only an untagged empty value is not set: `!!null Shaoxing` would drop a text; nor does
    an empty first copy of a key hide the second."""
    tagged = write_yaml(office_yaml("id: office\nname: Office\nduties: [Keep]\nnotes: !!null x"))
    assert str(load_error(tagged)).endswith(
        "offices[0].notes: expected a string, got nothing (tagged !!null; remove the tag)")
    twice = write_yaml("id: t\nname: T\ncity: ~\ncity: Shaoxing\noffices: [{id: o, name: O, "
                       "duties: [Keep]}]\n")
    assert [str(p) for p in check_file(twice)] == [f"{twice}:4:1: city: duplicate key"]


def test_only_a_bureau_file_reads_an_empty_value_as_not_set(tmp_path: Path) -> None:
    """Overrides, glossaries and references are not written by `show`: an empty value there
    is still a mistake to report."""
    from hrss_compare.overrides import load_overrides

    path = tmp_path / "overrides.yaml"
    path.write_text("pin: ~\n", encoding="utf-8")
    with pytest.raises(DataError, match="pin: expected a list of links, got nothing"):
        load_overrides(path, load_bureau("changsha"), load_bureau("shaoxing"))
