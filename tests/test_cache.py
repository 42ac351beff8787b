"""The alignment cache: a hit gives the same alignment, any changed input misses."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hrss_compare import cache
from hrss_compare.builtin import builtin_glossary_path, resolve_ref
from hrss_compare.cli import app
from hrss_compare.limits import MAX_BYTES


@pytest.fixture
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HRSS_COMPARE_CACHE", str(folder))
    return folder


def _inputs() -> list[Path | None]:
    return [resolve_ref("changsha")[0], resolve_ref("shaoxing")[0], builtin_glossary_path(),
            None, None]


def test_off_means_no_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRSS_COMPARE_CACHE", "off")
    assert cache.cache_dir() is None


def test_no_key_when_the_cache_is_off_or_an_input_is_a_pipe(
    cache_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "glossary.fifo"
    os.mkfifo(fifo)
    # reading a pipe for the key would use it up before the parser sees it (or block)
    assert cache.key_for([*_inputs()[:3], fifo, None], "x") is None
    assert cache.key_for(_inputs(), "x") is not None
    monkeypatch.setenv("HRSS_COMPARE_CACHE", "off")
    assert cache.key_for(_inputs(), "x") is None


def test_key_changes_with_any_input_or_setting(cache_in: Path, tmp_path: Path) -> None:
    key = cache.key_for(_inputs(), "threshold=50.0")
    assert key == cache.key_for(_inputs(), "threshold=50.0")
    assert key != cache.key_for(_inputs(), "threshold=60.0")
    extra = tmp_path / "glossary.yaml"
    extra.write_text("terms: []\n")
    with_extra = cache.key_for([*_inputs()[:3], extra, None], "threshold=50.0")
    assert with_extra != key
    extra.write_text("terms: []\nstopwords: [x]\n")
    assert cache.key_for([*_inputs()[:3], extra, None], "threshold=50.0") != with_extra


def test_cli_output_is_the_same_from_the_cache(cache_in: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["offices", "--format", "json"])
    assert first.exit_code == 0
    assert len(list(cache_in.glob("*.pickle"))) == 2  # the alignment and the glossary
    assert runner.invoke(app, ["where", "minimum wage"]).exit_code == 0
    # and one search index per bureau, and their counterparts, read off the alignment kept
    assert len(list(cache_in.glob("*.pickle"))) == 5
    second = runner.invoke(app, ["offices", "--format", "json"])
    assert second.stdout == first.stdout
    assert oct(cache_in.stat().st_mode & 0o777) == "0o700"


def test_a_changed_bureau_file_is_aligned_afresh(cache_in: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    left = tmp_path / "left.yaml"
    left.write_text(resolve_ref("changsha")[0].read_text(encoding="utf-8"), encoding="utf-8")
    first = runner.invoke(app, ["offices", "--left", str(left), "--format", "json"])
    text = left.read_text(encoding="utf-8")
    text = text.replace('name: "Office"\n', 'name: "General Office"\n', 1)
    left.write_text(text, encoding="utf-8")
    second = runner.invoke(app, ["offices", "--left", str(left), "--format", "json"])
    assert first.exit_code == second.exit_code == 0
    assert "General Office" in second.stdout and "General Office" not in first.stdout


def test_where_gives_the_same_answer_from_the_cache(cache_in: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["where", "work injury", "--format", "json"])
    second = runner.invoke(app, ["where", "work injury", "--format", "json"])
    assert first.exit_code == 0
    assert first.stdout == second.stdout


def test_a_broken_entry_is_a_miss(cache_in: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["offices"])
    for entry in cache_in.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    result = runner.invoke(app, ["offices", "--format", "json"])
    assert result.exit_code == 0 and '"links"' in result.stdout


def test_an_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("HRSS_COMPARE_CACHE", str(blocker / "cache"))
    result = CliRunner().invoke(app, ["offices"])
    assert result.exit_code == 0
    assert not os.path.exists(blocker / "cache")


def test_a_hit_does_not_align_again(cache_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["offices", "--format", "json"])
    import hrss_compare.align

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("aligned again despite a cached alignment")

    monkeypatch.setattr(hrss_compare.align, "align", refuse)
    second = runner.invoke(app, ["offices", "--format", "json"])
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout


def test_reports_name_the_overrides_file_given_not_a_cached_one(
    cache_in: Path, tmp_path: Path
) -> None:
    text = "pin:\n  - {left: legal, right: arbitration}\n"
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    runner = CliRunner()
    runner.invoke(app, ["offices", "--overrides", str(first), "-f", "json"])
    result = runner.invoke(app, ["offices", "--overrides", str(second), "-f", "json"])
    assert f'"overrides": "{second}"' in result.stdout


def test_a_folder_others_can_write_to_is_not_read(cache_in: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["offices"])
    assert cache.load("x", object) is None  # sanity: a missing key is a miss
    entries = list(cache_in.glob("*.pickle"))
    assert entries
    key = entries[0].stem
    assert cache.load(key, object) is not None
    cache_in.chmod(0o777)
    try:
        assert cache.load(key, object) is None
    finally:
        cache_in.chmod(0o700)


def test_an_edited_glossary_file_is_read_afresh(cache_in: Path, tmp_path: Path) -> None:
    from hrss_compare.text import load_glossary

    extra = tmp_path / "terms.yaml"
    extra.write_text("terms: []\n", encoding="utf-8")
    runner = CliRunner()
    args = ["where", "zyzzyva", "--glossary", str(extra), "--format", "json"]
    before = runner.invoke(app, args)
    extra.write_text(
        "terms:\n  - canonical: minimum wage\n    variants: [zyzzyva]\n", encoding="utf-8"
    )
    load_glossary.cache_clear()  # a new process would not remember the old file either
    after = runner.invoke(app, args)
    assert before.exit_code == after.exit_code == 0
    assert '"hits": []' in before.stdout
    assert '"labor-relations"' in after.stdout


def test_a_cached_glossary_is_not_parsed_again(
    cache_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hrss_compare.text
    from hrss_compare.text import load_glossary

    runner = CliRunner()
    first = runner.invoke(app, ["where", "petitions", "--format", "json"])
    load_glossary.cache_clear()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed the glossary again despite a cached one")

    monkeypatch.setattr(hrss_compare.text, "read_glossary_file", refuse)
    second = runner.invoke(app, ["where", "petitions", "--format", "json"])
    load_glossary.cache_clear()
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout


# --- where the cache lives --------------------------------------------------------------------


@pytest.fixture
def no_setting(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No HRSS_COMPARE_CACHE and no XDG_CACHE_HOME: the folder comes from the home folder."""
    monkeypatch.delenv("HRSS_COMPARE_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    return monkeypatch


def _no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """As for a user with no HOME and no entry in the password database."""
    monkeypatch.delenv("HOME", raising=False)

    def unknown() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(unknown))


def test_no_home_folder_means_no_cache(no_setting: pytest.MonkeyPatch) -> None:
    _no_home(no_setting)
    assert cache.cache_dir() is None
    assert cache.key_for(_inputs(), "x") is None


@pytest.mark.parametrize("command", [["offices"], ["duties"], ["where", "minimum wage"],
                                     ["report"], ["evaluate", "changsha-shaoxing"]])
def test_every_command_runs_without_a_home_folder(
    no_setting: pytest.MonkeyPatch, command: list[str]
) -> None:
    _no_home(no_setting)
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, (result.output, result.exception)


def test_an_absolute_xdg_cache_home_holds_the_cache_even_without_a_home(
    no_setting: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _no_home(no_setting)
    no_setting.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "hrss-compare"


def test_a_relative_xdg_cache_home_is_ignored(
    no_setting: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The XDG Base Directory spec: a relative path is invalid and must be ignored.
    no_setting.chdir(tmp_path)
    no_setting.setenv("HOME", str(tmp_path / "home"))
    no_setting.setenv("XDG_CACHE_HOME", "relxdg")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "hrss-compare"
    no_setting.setenv("XDG_CACHE_HOME", "")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "hrss-compare"


@pytest.mark.parametrize("home", ["", "relhome"])
def test_an_empty_or_relative_home_means_no_cache(
    no_setting: pytest.MonkeyPatch, tmp_path: Path, home: str
) -> None:
    # An empty HOME would put the cache in /.cache, a relative one in the current folder.
    no_setting.chdir(tmp_path)
    no_setting.setenv("HOME", home)
    assert cache.cache_dir() is None
    no_setting.setenv("XDG_CACHE_HOME", "relxdg")
    assert cache.cache_dir() is None
    no_setting.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "hrss-compare"


def test_a_relative_cache_setting_is_taken_from_the_current_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HRSS_COMPARE_CACHE", "here")
    folder = cache.cache_dir()
    assert folder == tmp_path / "here" and folder.is_absolute()


def test_a_cache_setting_under_the_home_folder_is_expanded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HRSS_COMPARE_CACHE", "~/hc")
    assert cache.cache_dir() == tmp_path / "home" / "hc"


# --- an input over the size limit -------------------------------------------------------------


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on disk (a hole)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _peak_bytes(work: Callable[[], object]) -> int:
    """How much memory Python allocated at most while ``work`` ran."""
    import tracemalloc

    tracemalloc.start()
    try:
        work()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_an_input_over_the_limit_is_not_read_for_a_key(cache_in: Path, tmp_path: Path) -> None:
    # Hashing it first read it all: 3 GB of memory for `offices -l huge.yaml`.
    huge = _sparse(tmp_path / "huge.yaml", MAX_BYTES + 100 * 1024 * 1024)
    keys: list[str | None] = []
    peak = _peak_bytes(lambda: keys.append(cache.key_for([huge], "x")))
    assert keys == [None]  # no key: the reader refuses the file
    assert peak < 10 * 1024 * 1024


def test_an_input_over_the_limit_is_refused_at_once(cache_in: Path, tmp_path: Path) -> None:
    huge = _sparse(tmp_path / "huge.yaml", 3 * 1024**3)
    results: list[Result] = []
    peak = _peak_bytes(
        lambda: results.append(CliRunner().invoke(app, ["offices", "-l", str(huge)]))
    )
    result = results[0]
    assert result.exit_code == 1
    assert result.stderr == f"hrss-compare: error: {huge}: file is larger than 100 MiB\n"
    assert peak < 20 * 1024 * 1024
