"""The CLI's basic commands: bureaus, show, validate, --version, help and error lines."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from hrss_compare import __version__
from hrss_compare.cli import app
from hrss_compare.load import load_bureau

WriteYaml = Callable[..., Path]
BUILTINS = ("changsha", "shaoxing")
ERROR = "hrss-compare: error: "
BAD_DUTIES = """\
id: test
name: Test Bureau
offices:
  - id: office
    name: Office
    duties: Keep the files
"""


def words(text: str) -> str:
    """Text with every run of white space made one space, so wrapped lines join up again."""
    return " ".join(text.split())


def unescape_markdown(text: str) -> str:
    """Markdown text with its backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", text)


def assert_one_error_line(result: Result, expected: str) -> None:
    """Exit 1, nothing on stdout, and exactly ``expected`` as one line on stderr."""
    assert result.exit_code == 1, result.output
    # An exception escaping the command also gives exit code 1 in CliRunner; a clean exit
    # is a SystemExit.
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    assert result.stderr == f"{ERROR}{expected}\n"
    assert "Traceback" not in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"hrss-compare {__version__}\n"
    assert result.stderr == ""


def test_bureaus_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["bureaus"])
    assert result.exit_code == 0
    assert result.stderr == ""
    rows = {
        cells[0]: cells[1:]
        for line in result.stdout.splitlines()
        if (cells := [c.strip() for c in line.strip("│ ").split("│")])[0] in BUILTINS
    }
    assert rows["changsha"][-2:] == ["23", "167"]
    assert rows["shaoxing"][-2:] == ["17", "137"]
    assert "Changsha Municipal Human Resources" in result.stdout


def test_bureaus_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["bureaus", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(b["id"], b["city"], b["offices"], b["duties"]) for b in data] == [
        ("changsha", "Changsha", 23, 167),
        ("shaoxing", "Shaoxing", 17, 137),
    ]
    assert data[0]["name"] == "Changsha Municipal Human Resources and Social Security Bureau"


@pytest.mark.parametrize("ref", BUILTINS)
def test_show_table_lists_every_office(runner: CliRunner, ref: str) -> None:
    bureau = load_bureau(ref)
    result = runner.invoke(app, ["show", ref])
    assert result.exit_code == 0
    assert result.stderr == ""
    text = words(result.stdout)
    assert text.startswith(words(bureau.name))
    assert f"{len(bureau.offices)} offices, {bureau.duty_count} duties" in text
    for office in bureau.offices:
        size = f"{len(office.duties)} dut{'y' if len(office.duties) == 1 else 'ies'}"
        assert f"{words(office.name)} ({office.id}, {size})" in text
        for duty in office.duties:
            assert words(duty) in text


@pytest.mark.parametrize("ref", BUILTINS)
def test_show_markdown_lists_every_office(runner: CliRunner, ref: str) -> None:
    bureau = load_bureau(ref)
    result = runner.invoke(app, ["show", ref, "--format", "markdown"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert unescape_markdown(lines[0]) == f"# {bureau.name}"
    headings = [unescape_markdown(line) for line in lines if line.startswith("### ")]
    assert headings == [f"### {office.name} (`{office.id}`)" for office in bureau.offices]
    duties = [line for line in lines if re.match(r"\d+\. ", line)]
    assert len(duties) == bureau.duty_count


@pytest.mark.parametrize("ref", BUILTINS)
def test_show_json_lists_every_office(runner: CliRunner, ref: str) -> None:
    bureau = load_bureau(ref)
    result = runner.invoke(app, ["show", ref, "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["id"] == ref
    assert [(o["id"], o["name"], tuple(o["duties"])) for o in data["offices"]] == [
        (office.id, office.name, office.duties) for office in bureau.offices
    ]


def test_show_file(runner: CliRunner, fixtures_dir: Path) -> None:
    result = runner.invoke(app, ["show", str(fixtures_dir / "good" / "full.yaml")])
    assert result.exit_code == 0
    text = words(result.stdout)
    assert "Employment Promotion Division (employment, 2 duties)" in text
    assert "Guide vocational training in the whole city" in text
    assert "Labour Arbitration Court (public institution)" in text


def test_show_bad_file(runner: CliRunner, write_yaml: WriteYaml) -> None:
    path = write_yaml(BAD_DUTIES)
    result = runner.invoke(app, ["show", str(path)])
    assert_one_error_line(
        result, f"{path}:6:13: offices[0].duties: expected a list of strings, got a string",
    )


def test_show_file_with_several_problems_prints_the_first(
    runner: CliRunner, fixtures_dir: Path,
) -> None:
    path = fixtures_dir / "bad" / "two-bad-offices.yaml"
    result = runner.invoke(app, ["show", str(path)])
    assert_one_error_line(
        result, f"{path}:7:13: offices[0].duties: expected a list of strings, got a string",
    )


def test_show_unknown_bureau(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "nosuch"])
    assert_one_error_line(
        result, "nosuch: no such file, and not a built-in bureau (built-in: changsha, shaoxing)",
    )


def test_show_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    result = runner.invoke(app, ["show", str(path)])
    assert_one_error_line(result, f"{path}: no such file")


def test_show_control_character_in_data_is_one_clean_line(
    runner: CliRunner, write_yaml: WriteYaml,
) -> None:
    path = write_yaml(b"id: test\nname: A\x1b[2J\n")
    result = runner.invoke(app, ["show", str(path)])
    assert_one_error_line(result, f"{path}:2:8: the character U+001B is not allowed in YAML; "
                                  "remove it")
    assert "\x1b" not in result.stderr


def test_line_break_in_a_file_name_stays_on_one_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "two\nlines.yaml"
    result = runner.invoke(app, ["show", str(path)])
    assert_one_error_line(result, f"{tmp_path}/two\\x0alines.yaml: no such file")


def test_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "changsha", "--format", "xml"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "xml" in result.stderr


def test_validate_good_files(runner: CliRunner, fixtures_dir: Path) -> None:
    files = [str(fixtures_dir / "good" / name) for name in ("minimal.yaml", "full.yaml")]
    result = runner.invoke(app, ["validate", *files])
    assert result.exit_code == 0
    assert result.stdout == f"{files[0]}: ok\n{files[1]}: ok\n2 valid, 0 invalid\n"
    assert result.stderr == ""


def test_validate_lists_every_problem(runner: CliRunner, fixtures_dir: Path) -> None:
    good = str(fixtures_dir / "good" / "minimal.yaml")
    two_bad = str(fixtures_dir / "bad" / "two-bad-offices.yaml")
    typo = str(fixtures_dir / "bad" / "typo.yaml")
    result = runner.invoke(app, ["validate", two_bad, good, typo])
    assert result.exit_code == 1
    assert result.stdout == f"{good}: ok\n1 valid, 2 invalid\n"
    assert result.stderr.splitlines() == [
        f"{two_bad}:7:13: offices[0].duties: expected a list of strings, got a string",
        f"{two_bad}:8:9: offices[1].id: 'Second Office' is not a valid id; "
        "use lowercase letters and digits, with single '-' between them (not at the start or "
        "end)",
        f"{two_bad}:9:11: offices[1].name: expected a string, got '2', which YAML reads as "
        "an integer; put it in quotes",
        f"{two_bad}:10:13: offices[1].duties: must have at least one item",
        f"{typo}:7:5: offices[0].dutis: unknown key (did you mean 'duties'?); "
        "allowed keys: id, name, duties, aliases, notes",
    ]
    assert "Traceback" not in result.output


def test_validate_an_office_named_by_a_bare_equals_sign(
    runner: CliRunner, write_yaml: WriteYaml
) -> None:
    # YAML 1.1 types a bare '=' as !!value: it used to be refused as a tag nobody wrote.
    path = write_yaml("id: x\nname: X\noffices:\n  - id: a\n    name: =\n    duties: [pension]\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, f"{path}: ok\n1 valid, 0 invalid\n", ""
    )


def test_validate_json(runner: CliRunner, fixtures_dir: Path, tmp_path: Path) -> None:
    good = str(fixtures_dir / "good" / "minimal.yaml")
    two_bad = str(fixtures_dir / "bad" / "two-bad-offices.yaml")
    absent = str(tmp_path / "absent.yaml")
    result = runner.invoke(app, ["validate", "--format", "json", good, two_bad, absent])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(entry["file"], entry["valid"]) for entry in data] == [
        (good, True), (two_bad, False), (absent, False),
    ]
    assert [(p["line"], p["column"]) for p in data[1]["problems"]] == [
        (7, 13), (8, 9), (9, 11), (10, 13),
    ]
    assert data[2]["problems"] == [{"line": None, "column": None, "message": "no such file"}]


def test_validate_checks_a_builtin_bureau_by_its_id(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "validate changsha" said "no such file", though every other command takes the id.
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "changsha", "shaoxing"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "changsha: ok\nshaoxing: ok\n2 valid, 0 invalid\n", ""
    )
    # as on every command, the built-in is meant, and a file of that name here is said
    (tmp_path / "changsha").write_text("id: x\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "changsha"])
    assert (result.exit_code, result.stdout) == (0, "changsha: ok\n1 valid, 0 invalid\n")
    assert result.stderr == ("note: 'changsha' names the built-in bureau; for the file of that "
                             "name here, write ./changsha\n")
    result = runner.invoke(app, ["validate", "./changsha"])
    assert result.exit_code == 1
    assert result.stderr == "./changsha:1:1: missing required key 'name'\n" \
        "./changsha:1:1: missing required key 'offices'\n"


def test_validate_needs_a_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2


# Data is text, never markup or escape codes.

MARKUP = """\
id: markup
name: "[link=https://example.com]Bureau[/link]"
offices:
  - id: bold
    name: "[bold]X[/bold]"
    duties:
      - "[red]not red[/red] and :smile: and [/]"
  - id: red
    name: "[red]"
    duties:
      - "[i]"
"""


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_data_is_never_markup(runner: CliRunner, write_yaml: WriteYaml, fmt: str) -> None:
    path = write_yaml(MARKUP)
    result = runner.invoke(app, ["show", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    text = unescape_markdown(result.stdout) if fmt == "markdown" else result.stdout
    for literal in (
        "[link=https://example.com]Bureau[/link]", "[bold]X[/bold]",
        "[red]not red[/red] and :smile: and [/]", "[red]", "[i]",
    ):
        assert literal in text


def test_show_table_names_markup_literally(runner: CliRunner, write_yaml: WriteYaml) -> None:
    result = runner.invoke(app, ["show", str(write_yaml(MARKUP))])
    lines = result.stdout.splitlines()
    assert "[bold]X[/bold]  (bold, 1 duty)" in lines
    assert "[red]  (red, 1 duty)" in lines


@pytest.mark.parametrize("args", [["show", "changsha"], ["bureaus"], ["show", "shaoxing"]])
def test_no_escape_codes_when_not_a_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str],
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert result.stdout
    assert "\x1b" not in result.output


# Help.


def test_every_command_has_an_example(runner: CliRunner) -> None:
    commands = typer.main.get_command(app).commands
    assert {"bureaus", "show", "validate"} <= set(commands)
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in result.stdout, name


@pytest.mark.parametrize(
    ("command", "usage"),
    [("show", "show [OPTIONS] BUREAU"), ("validate", "validate [OPTIONS] FILE..."),
     ("evaluate", "evaluate [OPTIONS] REFERENCE"), ("where", "where [OPTIONS] QUERY...")],
)
def test_usage_names_arguments_plainly(runner: CliRunner, command: str, usage: str) -> None:
    # typer writes a required argument in braces ("{QUERY}"), which reads as a choice.
    result = runner.invoke(app, [command, "--help"], prog_name="hrss-compare")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Usage: hrss-compare {usage}"


def test_root_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


# The installed console script.


def console_script() -> Path:
    """The installed ``hrss-compare`` script; skips the test when the package is not installed."""
    script = Path(sys.executable).parent / "hrss-compare"
    if not script.exists():
        pytest.skip(f"{script} not found: install the package (pip install -e '.[test]')")
    return script


def test_console_script_shows_a_bureau(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(console_script()), "show", "shaoxing", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["offices"]) == 17


def test_console_script_error_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(console_script()), "show", "/nonexistent.yaml"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"{ERROR}/nonexistent.yaml: no such file\n"
    assert "Traceback" not in result.stderr


def test_console_script_reads_real_words_from_the_installed_word_list(tmp_path: Path) -> None:
    # The English word list ships in the wheel: a real word is not read as a typo.
    result = subprocess.run(
        [str(console_script()), "where", "yearly goverment pay", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["corrected"] == [
        {"typed": "goverment", "read": "government"}
    ]


def test_console_script_writes_a_report_to_dev_stdout(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(console_script()), "report", "--format", "json", "-o", "/dev/stdout"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["left"]["id"] == "changsha"
    assert os.listdir(tmp_path) == []


def test_console_script_report_to_dev_stdout_appends_to_a_log(tmp_path: Path) -> None:
    # `-o /dev/stdout >> log` is standard output: the log keeps what it held.
    (tmp_path / "log").write_text("earlier line\n", encoding="utf-8")
    result = subprocess.run(
        ["bash", "-c", '"$0" report -f csv -o /dev/stdout >> log', str(console_script())],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "log").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "earlier line"
    assert lines[1].startswith("left_id,")
    assert sorted(os.listdir(tmp_path)) == ["log"]


def test_console_script_report_to_dev_stdout_into_head_is_no_error(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", "-c", '"$0" report -o /dev/stdout | head -1; exit "${PIPESTATUS[0]}"',
         str(console_script())],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("redirect", "reason"),
    [("> /dev/full", "No space left on device"), (">&-", "standard output is closed")],
)
def test_console_script_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, redirect: str, reason: str
) -> None:
    if redirect.endswith("/dev/full") and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = subprocess.run(
        ["bash", "-c", f'"$0" bureaus --format json {redirect}', str(console_script())],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stderr == f"{ERROR}cannot write the output: {reason}\n"


def test_console_script_with_stdout_closed_still_writes_a_report_file(tmp_path: Path) -> None:
    # Only a command that prints needs standard output.
    result = subprocess.run(
        ["bash", "-c", '"$0" report -o report.md >&-', str(console_script())],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# ")


def test_a_built_in_id_that_hides_a_file_here_says_so(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "changsha").write_text("id: mine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    note = ("note: 'changsha' names the built-in bureau; for the file of that name here, "
            "write ./changsha\n")
    shown = runner.invoke(app, ["show", "changsha", "--format", "json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["id"] == "changsha"
    assert shown.stderr == note
    found = runner.invoke(app, ["where", "wage", "-l", "changsha", "--format", "json"])
    assert found.exit_code == 0 and found.stderr == note
    # A default is no choice between the two: nothing to say.
    assert runner.invoke(app, ["where", "wage", "--format", "json"]).stderr == ""
    # The file, named as a path, is read (and here is no bureau).
    assert runner.invoke(app, ["show", "./changsha"]).exit_code == 1
    # Without such a file, nothing is said.
    (tmp_path / "changsha").unlink()
    assert runner.invoke(app, ["show", "changsha"]).stderr == ""


@pytest.mark.parametrize("command", ["offices", "show changsha", "where wage", "--help", "report"])
def test_console_script_into_a_reader_that_stops_at_once_is_no_error(
    tmp_path: Path, command: str
) -> None:
    # rich and typer each end a broken pipe with exit 1; a reader that went away is no error.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    result = subprocess.run(
        ["bash", "-c", f'"$0" {command} | true; exit "${{PIPESTATUS[0]}}"',
         str(console_script())],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False, env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("columns", ["0", "30"])
def test_a_narrow_terminal_still_shows_every_column(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    # Tables are laid out at least 60 wide: office names never shrink to nothing.
    monkeypatch.setenv("COLUMNS", columns)
    shown = runner.invoke(app, ["offices"]).stdout
    assert "Officer" in shown and "Resettlem" in shown and "92.1" in shown
    assert max(map(len, shown.splitlines())) == 60
    assert "Labor" in runner.invoke(app, ["where", "minimum wage", "-n", "1"]).stdout


@pytest.mark.parametrize(
    "args",
    [["show", "{long}.yaml"], ["offices", "-g", "{long}.yaml"], ["evaluate", "{long}.yaml"],
     ["offices", "--overrides", "{long}.yaml"]],
)
def test_a_file_name_too_long_is_named_as_an_input(runner: CliRunner, args: list[str]) -> None:
    long = "a" * 300
    result = runner.invoke(app, [arg.format(long=long) for arg in args])
    assert result.exit_code == 1
    assert result.stderr == f"{ERROR}{long}.yaml: cannot read: File name too long\n"


def test_validate_reads_the_other_files_past_a_name_too_long(runner: CliRunner) -> None:
    long = "a" * 300 + ".yaml"
    good = Path(__file__).resolve().parents[1] / "data" / "shaoxing.yaml"
    result = runner.invoke(app, ["validate", str(good), long])
    assert result.exit_code == 1
    assert result.stdout == f"{good}: ok\n1 valid, 1 invalid\n"
    assert result.stderr == f"{long}: cannot read: File name too long\n"


def test_report_into_a_dangling_symlink_names_the_missing_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("dangling.md").symlink_to("nowhere/x.md")
    result = runner.invoke(app, ["report", "-o", "dangling.md"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{ERROR}dangling.md: cannot write the report: no such folder {tmp_path / 'nowhere'}\n"
    )


def test_report_into_a_file_used_as_a_folder_says_it_is_not_a_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("report.md").write_text("kept\n")
    result = runner.invoke(app, ["report", "-o", "report.md/x.md"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{ERROR}report.md/x.md: cannot write the report: report.md is not a folder\n"
    )
    assert Path("report.md").read_text() == "kept\n"


def test_a_glossary_whose_name_is_not_utf8_still_works(
    runner: CliRunner, tmp_path: Path
) -> None:
    name = os.fsdecode(bytes(tmp_path / "gl") + b"\xff.yaml")
    Path(name).write_text("terms:\n  - canonical: wage\n    variants: [pay packet]\n",
                          encoding="utf-8")
    result = runner.invoke(app, ["where", "pay packet", "-g", name, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["bureaus"][0]["hits"]


@pytest.mark.parametrize("args", [["show", ""], ["offices", "-l", " "], ["where", "x", "-r", ""]])
def test_an_empty_bureau_is_a_usage_error(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "is empty: give a built-in bureau id or a YAML file" in result.stderr


@pytest.mark.parametrize(
    "args", [["offices", "-g", ""], ["where", "x", "--glossary", " "], ["report", "-o", " "],
             ["report", "--overrides", ""],
             ["duties", "-g", ""], ["validate", "data/changsha.yaml", ""]],
)
def test_an_empty_file_name_is_a_usage_error(runner: CliRunner, args: list[str]) -> None:
    # Path("") is '.': it was said as "'.': is a directory, not a YAML file", exit 1.
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "the file name is empty or blank; give a file name" in result.stderr


FILE_OPTIONS = [("-g", "'--glossary' / '-g'", "terms: []\n"),
                ("--overrides", "'--overrides'", "links: []\n")]
COMMANDS = [["offices"], ["duties"], ["evaluate", "changsha-shaoxing"], ["where", "wage"],
            ["report"]]


@pytest.mark.parametrize(
    ("command", "option", "shown", "text"),
    [(command, *option) for command in COMMANDS for option in FILE_OPTIONS
     if not (command[0] == "where" and option[0] == "--overrides")],  # where takes no overrides
)
def test_a_repeated_file_option_is_a_usage_error(
    runner: CliRunner, write_yaml: WriteYaml, command: list[str], option: str, shown: str,
    text: str,
) -> None:
    # It used to keep the last file and drop the others unsaid.
    first = write_yaml(text, "a.yaml")
    second = write_yaml(text, "b.yaml")
    result = runner.invoke(app, [*command, option, str(first), option, str(second)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (f"Invalid value for {shown}: only one file is allowed, got 2: put what they hold in "
            "one file") in words(result.stderr)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("args", "shown"), [
    (["offices", "-l", "changsha", "-l", "shaoxing"], "'--left' / '-l'"),
    (["offices", "--relation", "same", "--relation", "merged"], "'--relation'"),
    (["duties", "-r", "shaoxing", "--right", "changsha"], "'--right' / '-r'"),
    (["where", "wage", "-n", "2", "--limit=3"], "'--limit' / '-n'"),
    (["report", "-f", "json", "-f", "csv"], "'--format' / '-f'"),
    (["evaluate", "changsha-shaoxing", "-t", "50", "-t", "60"], "'--threshold' / '-t'"),
    (["show", "changsha", "-f", "json", "-f", "json"], "'--format' / '-f'"),
    (["bureaus", "-f", "json", "-f", "table"], "'--format' / '-f'"),
])
def test_an_option_of_one_value_given_twice_is_a_usage_error(
    runner: CliRunner, args: list[str], shown: str
) -> None:
    # typer kept the last silently: "-l changsha -l shaoxing" compared Shaoxing with itself.
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"option {shown} is given more than once: give it once" in words(result.stderr)


def test_help_is_shown_whatever_options_come_before_it(runner: CliRunner) -> None:
    result = runner.invoke(app, ["offices", "-l", "a", "-l", "b", "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_a_flag_given_twice_is_no_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["where", "wage", "--no-meaning", "--no-meaning", "-f", "json"])
    assert result.exit_code == 0


def test_an_empty_reference_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["evaluate", " "])
    assert result.exit_code == 2
    assert "is empty: give a reference YAML file or a built-in reference" in result.stderr


def test_a_data_error_with_stderr_gone_still_exits_1(tmp_path: Path) -> None:
    # typer wraps stdout too when stderr's reader went away: that is no quiet success.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [str(console_script()), "show", "nosuch"], cwd=tmp_path, stdout=subprocess.DEVNULL,
            stderr=writer, timeout=60, check=False,
        )
    finally:
        os.close(writer)
    assert result.returncode == 1


def test_a_stray_file_error_names_its_file_not_the_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    from hrss_compare import cli

    def fail() -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "locked.yaml")

    monkeypatch.setattr(cli, "app", fail)
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 1
    assert capsys.readouterr().err == f"{ERROR}locked.yaml: Permission denied\n"


def test_a_built_in_reference_that_hides_a_file_here_says_so(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As --left and --right say it: the built-in wins, and the note tells how to get the file.
    (tmp_path / "changsha-shaoxing").write_text(
        "left: nosuch\nright: shaoxing\nlinks: [{left: office, right: office}]\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["evaluate", "changsha-shaoxing", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["f1"] > 0.9
    assert result.stderr == (
        "note: 'changsha-shaoxing' names the built-in reference; for the file of that name "
        "here, write ./changsha-shaoxing\n"
    )
    # The file, named as a path, is read.
    mine = runner.invoke(app, ["evaluate", "./changsha-shaoxing"])
    assert mine.exit_code == 1 and "'nosuch' is not built in" in mine.stderr
    (tmp_path / "changsha-shaoxing").unlink()
    assert runner.invoke(app, ["evaluate", "changsha-shaoxing"]).stderr == ""


def test_a_ctrl_c_while_the_cli_loads_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: a Ctrl-C in the first tenth of a second printed the import's traceback."""
    import types

    from hrss_compare import console

    class Loading(types.ModuleType):
        def __getattr__(self, name: str) -> object:
            raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "hrss_compare.cli", Loading("hrss_compare.cli"))
    with pytest.raises(SystemExit) as caught:
        console.run()
    assert caught.value.code == 130


def test_a_warm_offices_imports_neither_numpy_nor_the_text_module(tmp_path: Path) -> None:
    # Start-up is measured: a cached alignment is shown without the matcher's machinery.
    # (Asking whether a bureau is written in Chinese once imported numpy: 1.33x -> 2.01x.)
    script = (
        "import sys\n"
        "sys.argv = ['hrss-compare', 'offices']\n"
        "from hrss_compare.console import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted({'numpy', 'hrss_compare.text', 'hrss_compare.match'}"
        " & set(sys.modules))))\n"
    )
    env = {**os.environ, "HRSS_COMPARE_CACHE": str(tmp_path), "NO_COLOR": "1"}
    for _ in range(2):  # the first run aligns and fills the cache
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                env=env, check=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_report_into_a_missing_folder_read_away_by_dot_dot_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "nosub/../q.md" names no file a shell could open; it is not "./q.md".
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "-o", "nosub/../q.md"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{ERROR}nosub/../q.md: cannot write the report: no such folder nosub\n"
    )
    assert not Path("q.md").exists()


def test_report_over_a_read_only_file_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Renaming over a read-only file would replace it; a shell's ">" refuses, and so does -o.
    # (os.access is asked: root may write anything, so the test says the file is read-only.)
    monkeypatch.chdir(tmp_path)
    Path("kept.md").write_text("kept\n")
    Path("kept.md").chmod(0o444)
    real = os.access

    def access(path: str, mode: int, **kw: bool) -> bool:
        return False if str(path) == "kept.md" else real(path, mode, **kw)

    monkeypatch.setattr(os, "access", access)
    result = runner.invoke(app, ["report", "-o", "kept.md"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{ERROR}kept.md: cannot write the report: the file is read-only; make it writable or "
        "give another file name\n"
    )
    assert Path("kept.md").read_text() == "kept\n"


def test_standard_output_into_a_file_is_never_refused_as_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "-o /dev/stdout" with standard output sent to a file another user owns: it is written
    # through the open descriptor, which the file's permissions do not govern.
    from hrss_compare import output
    from hrss_compare.errors import HrssCompareError

    monkeypatch.chdir(tmp_path)
    Path("log.md").write_text("")
    Path("other.md").write_text("")
    monkeypatch.setattr(output, "_is_standard_output", lambda path: str(path) == "log.md")
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False)
    output.check_target("log.md")  # no error
    with pytest.raises(HrssCompareError, match="read-only"):
        output.check_target("other.md")
