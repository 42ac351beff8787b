"""Shared fixtures: the same terminal everywhere, a CLI runner, and YAML files in tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXTURES = Path(__file__).resolve().parent / "fixtures"

MINIMAL = """\
id: test
name: Test Bureau
offices:
  - id: office
    name: Office
    duties:
      - Keep the files
"""
"""A valid bureau with one office and one duty."""

WriteYaml = Callable[..., Path]


@pytest.fixture(autouse=True)
def _same_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed width and no colour, whatever the terminal running the tests does."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    # Hermetic runs: no alignment cache unless a test asks for one.
    monkeypatch.setenv("HRSS_COMPARE_CACHE", "off")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def runner() -> CliRunner:
    """A CLI runner; its results keep stdout and stderr apart."""
    return CliRunner()


@pytest.fixture
def write_yaml(tmp_path: Path) -> WriteYaml:
    """``write_yaml(text_or_bytes, name="bureau.yaml")``: a file in tmp_path; text is dedented."""

    def write(content: str | bytes, name: str = "bureau.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return write


@pytest.fixture
def minimal_yaml() -> str:
    """The text of a valid bureau with one office and one duty."""
    return MINIMAL


@pytest.fixture
def fixtures_dir() -> Path:
    """tests/fixtures."""
    return FIXTURES
