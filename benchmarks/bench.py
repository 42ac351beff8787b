"""Benchmarks of hrss-compare: start-up, alignment at growing sizes, and `where`.

Run from the repository root after installing the package:

    python benchmarks/bench.py                 # all sections, sizes 1000 5000 20000
    python benchmarks/bench.py --sizes 1000 5000 --skip-startup

Synthetic bureaus are built from the built-in bureaus' own duty sentences: each synthetic
office takes a theme (a real office) and draws its duties mostly from that theme, each sentence
varied (a term swapped for a glossary variant, a word dropped, a qualifier or a made-up
programme name added), so two synthetic bureaus built from the same themes have a true
alignment and a realistic spread of rare words. Every measurement runs in a fresh process;
peak memory is that process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from hrss_compare.load import load_bureau

DUTIES_PER_OFFICE = 25
SWAPS = [
    ("endowment insurance", "pension insurance"),
    ("old-age insurance", "pension insurance"),
    ("industrial injury", "work-related injury"),
    ("letters and visits", "petitions"),
    ("labor", "labour"),
    ("organize", "organise"),
    ("demobilized military cadres", "transferred officers"),
]
QUALIFIERS = [
    "in the pilot districts", "at county level", "for the new development zones",
    "in rural areas", "for small and medium-sized enterprises", "in the free trade zone",
    "within the metropolitan area", "for key industries",
]
SYLLABLES = ["xin", "hai", "jiang", "feng", "long", "hua", "ming", "yu", "tai", "shan", "he",
             "chang", "ning", "bao", "qing", "an", "dong", "xi", "nan", "bei"]


def _themes() -> list[list[str]]:
    """The duties of every built-in office, one list per office."""
    return [
        list(office.duties)
        for bureau in (load_bureau("changsha"), load_bureau("shaoxing"))
        for office in bureau.offices
        if len(office.duties) >= 3
    ]


def _vary(sentence: str, rng: random.Random, names: list[str]) -> str:
    text = sentence
    for old, new in SWAPS:
        if old in text and rng.random() < 0.5:
            text = text.replace(old, new)
    words = text.split()
    if len(words) > 6 and rng.random() < 0.3:
        del words[rng.randrange(1, len(words))]
    if rng.random() < 0.3:
        words.append(rng.choice(QUALIFIERS))
    if rng.random() < 0.5:
        words.append(f"under the {rng.choice(names)} programme")
    return " ".join(words)


def make_bureau(bureau_id: str, offices: int, seed: int) -> dict[str, object]:
    """A synthetic bureau of ``offices`` offices with 25 duties each."""
    rng = random.Random(seed)
    themes = _themes()
    names_rng = random.Random(7)  # the same programme names on both sides
    names = [
        "".join(names_rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        for _ in range(3000)
    ]
    result = []
    for number in range(offices):
        theme = themes[number % len(themes)]
        duties: list[str] = []
        while len(duties) < DUTIES_PER_OFFICE:  # an office lists a duty once (the loader says)
            pool = theme if rng.random() < 0.8 else rng.choice(themes)
            duty = _vary(rng.choice(pool), rng, names)
            if duty not in duties:
                duties.append(duty)
        result.append({"id": f"office-{number + 1}", "name": f"Office {number + 1}",
                       "duties": duties})
    return {"id": bureau_id, "name": f"Synthetic bureau {bureau_id}", "offices": result}


def _run(code: str, *args: str) -> dict[str, float | None]:
    """Run ``code`` in a fresh interpreter; it prints a JSON dict; add peak memory."""
    wrapped = code + (
        "\nimport resource, json as _j\n"
        "print(_j.dumps({**RESULT, 'peak_mib': "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapped, *args], capture_output=True, text=True, check=True,
        env=_environment(),
    ).stdout
    result: dict[str, float | None] = json.loads(out.strip().splitlines()[-1])
    return result


ALIGN = """
import sys, time
from hrss_compare.load import load_bureau
from hrss_compare.align import align
t0 = time.perf_counter()
left, right = load_bureau(sys.argv[1]), load_bureau(sys.argv[2])
t1 = time.perf_counter()
result = align(left, right)
t2 = time.perf_counter()
RESULT = {"load_s": t1 - t0, "align_s": t2 - t1, "links": len(result.links)}
# by meaning too, as the CLI aligns them: the vectors are made once (then cached), and not at
# all for a bureau of more texts than the model reads (None)
from hrss_compare.duty_vectors import duty_meaning
meaning = duty_meaning(left, right)
t3 = time.perf_counter()
if meaning is not None:
    align(left, right, meaning=meaning)
RESULT["vectors_s"] = t3 - t2 if meaning is not None else None
RESULT["align_meaning_s"] = time.perf_counter() - t3 if meaning is not None else None
"""

WHERE = """
import sys, time
from hrss_compare.align import align
from hrss_compare.counterparts import counterparts
from hrss_compare.load import load_bureau
from hrss_compare.search import search
from hrss_compare.search_index import build_index
from hrss_compare.text import load_glossary
glossary = load_glossary()
bureaus = (load_bureau(sys.argv[1]), load_bureau("shaoxing"))
t0 = time.perf_counter()
indexes = [build_index(b, glossary) for b in bureaus]
t1 = time.perf_counter()
links = counterparts(align(*bureaus, glossary=glossary), *indexes, glossary=glossary)
t2 = time.perf_counter()
for query in ("minimum wage", "work injury identification", "postdoctoral stations"):
    search(query, indexes, glossary=glossary, counterparts=links)
RESULT = {"index_s": t1 - t0, "links_s": t2 - t1, "query_s": (time.perf_counter() - t2) / 3}
"""


def _environment() -> dict[str, str]:
    """The environment commands are timed in: no colour, and Python free to write and read its
    bytecode, as after a `pip install` (which compiles it); with PYTHONDONTWRITEBYTECODE set
    (some machines set it for everything), every run would compile the tool's modules from
    source, while the libraries it is compared with read theirs."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def _time_command(command: list[str]) -> float:
    return _measure(command)[0]


def _measure(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of running ``command`` once."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=_environment())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup(repeats: int) -> None:
    """Start-up of `offices`, `where` and `--help` against merely importing the libraries."""
    exe = shutil.which("hrss-compare") or str(Path(sys.executable).parent / "hrss-compare")
    commands = {
        "import typer, rich, yaml, rapidfuzz": [
            sys.executable, "-c",
            "import typer, rich.console, rich.table, yaml, rapidfuzz.process",
        ],
        "hrss-compare offices": [exe, "offices"],
        'hrss-compare where "minimum wage"': [exe, "where", "minimum wage"],
        # not clear in either bureau by its words: the sentence model is asked for both
        "hrss-compare where \"yearly rise in pensioners' payouts\"": [
            exe, "where", "yearly rise in pensioners' payouts",
        ],
        "the same --no-meaning": [
            exe, "where", "yearly rise in pensioners' payouts", "--no-meaning",
        ],
        "hrss-compare --help": [exe, "--help"],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache and any alignment cache
        _time_command(command)
    for _ in range(repeats):  # interleaved, so a busy moment hits all of them alike
        for name, command in commands.items():
            wall, cpu = _measure(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
    base = "import typer, rich, yaml, rapidfuzz"
    wall_base, cpu_base = statistics.median(walls[base]), statistics.median(cpus[base])
    print(f"\n## Start-up (median of {repeats} interleaved runs)\n")
    print("| command | wall s | vs import | CPU s | vs import |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in commands:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"| `{name}` | {wall:.3f} | {wall / wall_base:.2f}x | {cpu:.3f} | "
              f"{cpu / cpu_base:.2f}x |")


def scale(sizes: list[int], folder: Path) -> None:
    """Alignment of two synthetic bureaus of each size, and `where` over the left one."""
    print("\n## Alignment and where\n")
    exe = shutil.which("hrss-compare") or str(Path(sys.executable).parent / "hrss-compare")
    print("| duties per side | load s | align s | align peak MiB | where: index s (once) "
          "| where: counterparts s (once) | where: query s | `hrss-compare where` s (cache warm) "
          "| meaning: vectors s (once) | align by meaning s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        offices = max(1, size // DUTIES_PER_OFFICE)
        paths = []
        for side, seed in (("left", 1), ("right", 2)):
            path = folder / f"{side}-{size}.yaml"
            if not path.exists():
                path.write_text(yaml.safe_dump(make_bureau(f"{side}-{size}", offices, seed),
                                               sort_keys=False), encoding="utf-8")
            paths.append(str(path))
        aligned = _run(ALIGN, *paths)
        searched = _run(WHERE, paths[0])
        command = [exe, "where", "minimum wage", "--left", paths[0]]
        _time_command(command)  # fills the cache with the index
        cli = statistics.median(_time_command(command) for _ in range(5))
        print(f"| {offices * DUTIES_PER_OFFICE} | {aligned['load_s']:.2f} | "
              f"{aligned['align_s']:.2f} | {aligned['peak_mib']:.0f} | "
              f"{searched['index_s']:.2f} | {searched['links_s']:.2f} | "
              f"{searched['query_s']:.3f} | {cli:.2f} | {_seconds(aligned['vectors_s'])} | "
              f"{_seconds(aligned['align_meaning_s'])} |",
              flush=True)


def _seconds(value: float | None) -> str:
    """Seconds to two places, or why there are none: the bureau has more texts than the
    sentence model reads, so it is aligned by its words alone."""
    return "words alone" if value is None else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 20000])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--folder", type=Path, default=None,
                        help="Where to keep generated bureaus (default: a temporary folder).")
    args = parser.parse_args()
    # Its own cache: the "cache warm" figures must really be warm, and the user's cache is
    # left alone.
    cache_folder = tempfile.mkdtemp(prefix="hrss-bench-cache-")
    os.environ["HRSS_COMPARE_CACHE"] = cache_folder
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    if not args.skip_startup:
        startup(args.repeats)
    if args.sizes:
        if args.folder:
            args.folder.mkdir(parents=True, exist_ok=True)
            scale(args.sizes, args.folder)
        else:
            with tempfile.TemporaryDirectory() as folder:
                scale(args.sizes, Path(folder))
    shutil.rmtree(cache_folder, ignore_errors=True)


if __name__ == "__main__":
    main()
