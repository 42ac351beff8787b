"""The README's promises: its test command is what CI runs, and its library example runs."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = next(
        line for block in _shell_blocks() for line in block.splitlines() if "pytest" in line
    )
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_readme_install_command_runs_the_main_job() -> None:
    first = _shell_blocks()[0].strip()
    assert "pip install" in first and first.endswith("hrss-compare offices")


def test_library_examples_run(capsys: object) -> None:
    section = re.search(r"## Use as a library\n(.*?)\n## ", README, flags=re.S)
    assert section is not None
    blocks = re.findall(r"```python\n(.*?)```", section.group(1), flags=re.S)
    assert len(blocks) == 3
    namespace: dict[str, object] = {}
    for block in blocks:  # each goes on from the one before
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["alignment"].meaning is not None  # type: ignore[attr-defined]
    answer = namespace["answer"]
    assert [found.hits[0].office for found in answer.bureaus] == [  # type: ignore[attr-defined]
        "labor-relations", "labor-relations"
    ]


def test_every_command_is_documented() -> None:
    from typer.main import get_command

    from hrss_compare.cli import app

    commands = get_command(app).commands  # type: ignore[attr-defined]
    for name in commands:
        assert f"`hrss-compare {name}" in README, name


def test_offices_json_contract_is_the_builtin_pairs_output() -> None:
    # The example's keys and summary are the real output's, so the README cannot drift.
    import json

    from typer.testing import CliRunner

    from hrss_compare.cli import app

    block = re.search(r"## JSON contract of `offices --format json`\n\n```json\n(.*?)```",
                      README, flags=re.S)
    assert block is not None
    example = json.loads(block.group(1))
    result = CliRunner().invoke(app, ["offices", "--format", "json"])
    assert result.exit_code == 0
    real = json.loads(result.stdout)
    assert list(example) == list(real)
    assert example["settings"] == real["settings"]
    assert example["summary"] == real["summary"]
    assert set(example["links"][0]) == set(real["links"][0])
    assert set(example["links"][0]["evidence"][0]) == set(real["links"][0]["evidence"][0])
    assert set(example["groups"][0]) == set(real["groups"][0])
