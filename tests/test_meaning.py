"""The sentence model run with numpy (hrss_compare.meaning) against the reference model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hrss_compare import meaning
from hrss_compare.builtin import builtin_ids, data_dir
from hrss_compare.load import load_bureau
from hrss_compare.search_index import build_index, meaning_texts
from hrss_compare.text import load_glossary

REFERENCE = Path(__file__).parent / "fixtures" / "minilm-reference.json"


@pytest.mark.parametrize(
    ("text", "ids"),
    [  # as the model's own tokenizer (transformers' BertTokenizer) gives them
        ("Minimum wage", [101, 6263, 11897, 102]),
        ("Café workers' over-time (12h)!",
         [101, 7668, 3667, 1005, 2058, 1011, 2051, 1006, 2260, 2232, 1007, 999, 102]),
        ("社会保险 card", [101, 1924, 1763, 1766, 100, 4003, 102]),
        ("unemployment", [101, 12163, 102]),
    ],
)
def test_tokens_are_the_models_own(text: str, ids: list[int]) -> None:
    assert meaning.tokenize(text) == ids


def test_tokens_are_the_models_own_on_texts_of_every_kind() -> None:
    # the model's tokenizer on 24 texts drawn from the bureaus and query sets, and on accents,
    # CJK, a private-use character, an emoji, tabs, a word too long for the vocabulary
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))["tokens"]
    assert len(reference) >= 30
    for text, ids in reference.items():
        assert meaning.tokenize(text) == ids, text


def test_a_long_text_is_cut_where_the_model_cuts_it() -> None:
    ids = meaning.tokenize("wage " * 1000)
    assert len(ids) == meaning.MAX_TOKENS
    assert ids[0] == 101 and ids[-1] == 102


def test_vectors_are_the_reference_models() -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))["vectors"]
    texts = list(reference)
    mine = meaning.encode(texts)
    theirs = np.array([reference[text] for text in texts], dtype=np.float32)
    assert mine.shape == (len(texts), meaning.WIDTH)
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-5)
    # int8 matrices: each vector within a hair of the float32 model's
    assert (mine * theirs).sum(axis=1).min() > 0.998
    assert np.allclose(mine @ mine.T, theirs @ theirs.T, atol=0.01)


def test_texts_in_one_batch_or_alone_get_one_vector(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["minimum wage", "Formulate and implement the minimum wage standard", "petitions",
             "wage " * 300]
    together = meaning.encode(texts)
    for text, vector in zip(texts, together, strict=True):
        assert np.allclose(meaning.encode([text])[0], vector, atol=1e-5)
    # a batch holds as many texts as fit: small batches give the same vectors
    monkeypatch.setattr(meaning, "BATCH_CELLS", 1)
    assert np.allclose(meaning.encode(texts), together, atol=1e-5)


@pytest.mark.parametrize("bureau_id", builtin_ids())
def test_the_shipped_vectors_are_of_the_builtin_bureaus_as_they_are(bureau_id: str) -> None:
    # An edited built-in bureau needs `python tools/export_minilm.py --vectors`.
    texts = meaning_texts(build_index(load_bureau(bureau_id), load_glossary()))
    with np.load(data_dir() / "minilm" / "builtin.npz") as shipped:
        assert meaning.digest(texts) in shipped.files, "run tools/export_minilm.py --vectors"
        vectors = shipped[meaning.digest(texts)].astype(np.float32)
    assert vectors.shape == (len(texts), meaning.WIDTH)
    sample = list(range(0, len(texts), 15))
    made = meaning.encode([texts[i] for i in sample])
    assert (made * vectors[sample]).sum(axis=1).min() > 0.999
