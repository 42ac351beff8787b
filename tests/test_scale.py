"""Issue 6: the fast paths give the same results as the slow ones; the progress bar behaves."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from rich.console import Console

from hrss_compare import progress as progress_module
from hrss_compare.align import align
from hrss_compare.counterparts import counterparts
from hrss_compare.duty_vectors import duty_meaning
from hrss_compare.load import load_bureau
from hrss_compare.model import Bureau, Office
from hrss_compare.progress import progress_bar
from hrss_compare.search import search, where
from hrss_compare.search_index import build_index
from hrss_compare.text import load_glossary


def test_candidate_pairs_give_the_exhaustive_alignment_on_the_builtin_pair() -> None:
    left, right = load_bureau("changsha"), load_bureau("shaoxing")
    exhaustive = align(left, right, exhaustive=True)
    candidates = align(left, right, exhaustive=False)
    assert candidates.links == exhaustive.links
    assert candidates.groups == exhaustive.groups
    assert candidates.left_duties == exhaustive.left_duties
    assert candidates.right_duties == exhaustive.right_duties


def test_candidate_pairs_match_exhaustive_in_the_other_direction_too() -> None:
    left, right = load_bureau("shaoxing"), load_bureau("changsha")
    assert align(left, right, exhaustive=False) == align(left, right, exhaustive=True)


@pytest.mark.parametrize("pair_rows", [None, 7])
@pytest.mark.parametrize("sides", [("changsha", "shaoxing"), ("shaoxing", "changsha")])
def test_candidate_pairs_give_the_exhaustive_alignment_by_meaning_too(
    sides: tuple[str, str], pair_rows: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Candidates by meaning join those by words: duties said in other words are scored too.
    from hrss_compare import match

    left, right = load_bureau(sides[0]), load_bureau(sides[1])
    meaning = duty_meaning(left, right)
    exhaustive = align(left, right, exhaustive=True, meaning=meaning)
    if pair_rows is not None:  # the candidates' cosines a few pairs at a time
        monkeypatch.setattr(match, "PAIR_ROWS", pair_rows)
    assert align(left, right, exhaustive=False, meaning=meaning) == exhaustive
    assert exhaustive != align(left, right, exhaustive=True)


def test_a_cached_index_answers_like_a_fresh_one() -> None:
    """The CLI keeps indexes as pickles; one read back must answer exactly as built."""
    import pickle

    glossary = load_glossary()
    bureaus = (load_bureau("changsha"), load_bureau("shaoxing"))
    fresh = [build_index(b, glossary) for b in bureaus]
    stored = [pickle.loads(pickle.dumps(index)) for index in fresh]
    alignment = align(*bureaus, glossary=glossary)
    links = pickle.loads(pickle.dumps(counterparts(alignment, *fresh, glossary=glossary)))
    for query in ("minimum wage", "work injury identification", "petitions", "xyzzy"):
        answer = search(query, stored, glossary=glossary, counterparts=links)
        assert answer == where(query, bureaus, glossary=glossary)
        assert any(result.hits for result in answer.bureaus) or query == "xyzzy"


@pytest.mark.parametrize("command", [["report", "--format", "json"], ["offices", "-f", "json"]])
def test_output_is_the_same_bytes_in_other_processes(command: list[str]) -> None:
    """Same input, same bytes: across processes and hash seeds, not only within one run."""
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "HRSS_COMPARE_CACHE": "off"}
        done = subprocess.run([sys.executable, "-m", "hrss_compare", *command],
                              capture_output=True, env=env, check=True, timeout=120)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def _big(duties: int) -> Bureau:
    office = Office("a", "A", tuple(f"duty number {i}" for i in range(duties)))
    return Bureau("big", "Big", (office,))


def test_no_progress_bar_when_not_a_terminal() -> None:
    console = Console(file=io.StringIO(), force_terminal=False)
    with progress_bar(console, _big(2000), _big(2000)) as callback:
        assert callback is None


def test_no_progress_bar_without_colour() -> None:
    # NO_COLOR (a console without a colour system): no escape codes, so no moving bar.
    console = Console(file=io.StringIO(), force_terminal=True, color_system=None)
    with progress_bar(console, _big(2000), _big(2000)) as callback:
        assert callback is None


def test_no_progress_bar_for_a_small_alignment() -> None:
    console = Console(file=io.StringIO(), force_terminal=True)
    with progress_bar(console, _big(10), _big(10)) as callback:
        assert callback is None


def test_progress_bar_appears_on_a_terminal_after_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    with progress_bar(console, _big(2000), _big(2000)) as callback:
        assert callback is not None
        callback(1000, 2000)
        time.sleep(0.05)
        callback(2000, 2000)
    assert "aligning duties" in out.getvalue()


def test_progress_bar_stays_hidden_for_a_quick_run() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with progress_bar(console, _big(2000), _big(2000)) as callback:
        assert callback is not None
        callback(2000, 2000)
    assert out.getvalue() == ""


def test_the_benchmarks_synthetic_bureaus_are_valid_bureau_files(tmp_path: Path) -> None:
    # benchmarks/bench.py drew a duty twice in an office, which the loader came to refuse:
    # the benchmark failed at every size.
    import importlib.util

    import yaml

    spec = importlib.util.spec_from_file_location(
        "bench", Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    for seed in (1, 2):
        path = tmp_path / f"synthetic-{seed}.yaml"
        path.write_text(yaml.safe_dump(bench.make_bureau(f"s{seed}", 40, seed), sort_keys=False),
                        encoding="utf-8")
        bureau = load_bureau(path)
        assert len(bureau.offices) == 40
        assert all(len(office.duties) == bench.DUTIES_PER_OFFICE for office in bureau.offices)
