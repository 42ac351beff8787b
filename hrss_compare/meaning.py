"""What a text means, as a vector: all-MiniLM-L6-v2, a small sentence-embedding model, run
with numpy from ``data/minilm/`` (written by ``tools/export_minilm.py``), its weights mapped
from the file, not read.

Two texts that say one thing in other words ("yearly rise in pensioners' payouts", "adjust the
basic pension of retirees") get vectors whose cosine is higher than most. `where` asks it only
when its lexical answer is weak, a close call or none (``hrss_compare.search``), so a clear or
likely answer never loads it. The model: 6 BERT layers of 384 units and 12 heads,
mean-pooled and normalized, as sentence-transformers runs it; its matrices are stored as int8
with a scale per output.

The model (sentence-transformers/all-MiniLM-L6-v2) is licensed under the Apache License 2.0;
see ``data/minilm/NOTICE``.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from hrss_compare.builtin import data_dir

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

__all__ = ["digest", "encode", "fingerprint_path", "shipped", "tokenize", "vectors"]

MODEL = "all-MiniLM-L6-v2"
"""The model's name, for reports."""

LAYERS, HEADS, WIDTH = 6, 12, 384
MAX_TOKENS = 256
"""The longest input the model reads, as sentence-transformers cuts it ([CLS] and [SEP] in)."""

BATCH_CELLS = 64 * 64 * 64
"""The most rows x tokens x tokens of one batch: texts of like length run together, as many
as fit, so a batch of long texts stays small (its attention scores are rows x 12 x tokens^2)."""


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    ids: dict[str, int]
    unknown: int
    first: int
    last: int


@cache
def _vocabulary() -> _Vocabulary:
    words = (data_dir() / "minilm" / "vocab.txt").read_text(encoding="utf-8").split("\n")
    ids = {word: i for i, word in enumerate(words) if word}
    return _Vocabulary(ids, ids["[UNK]"], ids["[CLS]"], ids["[SEP]"])


def _punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _chinese(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2B73F or 0x2B740 <= code <= 0x2B81F
            or 0x2B820 <= code <= 0x2CEAF or 0xF900 <= code <= 0xFAFF
            or 0x2F800 <= code <= 0x2FA1F)


def _basic(text: str) -> list[str]:
    """BERT's basic tokenizer, uncased: control characters dropped, Chinese characters apart,
    lower case without accents, punctuation split off."""
    kept = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD:
            continue
        if char in " \t\n\r" or unicodedata.category(char) == "Zs":
            kept.append(" ")
        elif unicodedata.category(char).startswith("C"):  # control, format, private, unassigned
            continue
        elif _chinese(code):
            kept.append(f" {char} ")
        else:
            kept.append(char)
    tokens = []
    for word in "".join(kept).split():
        bare = "".join(c for c in unicodedata.normalize("NFD", word.lower())
                       if unicodedata.category(c) != "Mn")
        piece = ""
        for char in bare:
            if _punctuation(char):
                if piece:
                    tokens.append(piece)
                tokens.append(char)
                piece = ""
            else:
                piece += char
        if piece:
            tokens.append(piece)
    return tokens


def tokenize(text: str) -> list[int]:
    """The model's token ids for ``text``: [CLS], its word pieces (longest first), [SEP]; cut
    to ``MAX_TOKENS``."""
    vocabulary = _vocabulary()
    ids = [vocabulary.first]
    for word in _basic(text):
        if len(word) > 100:
            ids.append(vocabulary.unknown)
            continue
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in vocabulary.ids:
                    pieces.append(vocabulary.ids[piece])
                    break
                end -= 1
            if end == start:
                pieces = [vocabulary.unknown]
                break
            start = end
        ids += pieces
    return [*ids[:MAX_TOKENS - 1], vocabulary.last]


@dataclass(frozen=True, slots=True)
class _Model:
    words: npt.NDArray[np.int8]
    word_scale: Matrix
    positions: Matrix
    kind: Matrix
    norm: tuple[Matrix, Matrix]
    layers: tuple[dict[str, Matrix], ...]


_DENSE = {
    "query": "attention.self.query", "key": "attention.self.key",
    "value": "attention.self.value", "out": "attention.output.dense",
    "up": "intermediate.dense", "down": "output.dense",
}
"""A layer's dense maps, by the names ``_forward`` uses, and the model's names for them."""

_NORMS = {"out_norm": "attention.output.LayerNorm", "norm": "output.LayerNorm"}
"""A layer's two layer norms, likewise."""


@cache
def _model() -> _Model:
    import numpy as np

    folder = data_dir() / "minilm"
    index = json.loads((folder / "weights.json").read_text(encoding="utf-8"))
    mapped = np.memmap(folder / "weights.bin", dtype=np.uint8, mode="r")
    arrays = {
        name: np.ndarray(tuple(at["shape"]), dtype=np.dtype(at["dtype"]), buffer=mapped,
                         offset=at["offset"])
        for name, at in index.items()
    }

    def matrix(name: str) -> Matrix:
        # stored (in, out) with a scale per output, as x @ matrix reads it
        scaled: Matrix = arrays[name + ".q"].astype(np.float32) * arrays[name + ".scale"]
        return scaled

    layers = []
    for number in range(LAYERS):
        at = f"encoder.layer.{number}."
        layer = {}
        for short, name in _DENSE.items():
            layer[short] = matrix(at + name + ".weight")
            layer[short + "_bias"] = arrays[at + name + ".bias"]
        for short, name in _NORMS.items():
            layer[short] = arrays[at + name + ".weight"]
            layer[short + "_bias"] = arrays[at + name + ".bias"]
        layers.append(layer)
    return _Model(
        words=arrays["embeddings.word_embeddings.weight.q"],  # rows read as tokens need them
        word_scale=arrays["embeddings.word_embeddings.weight.scale"],
        positions=arrays["embeddings.position_embeddings.weight.q"].astype(np.float32)
        * arrays["embeddings.position_embeddings.weight.scale"][:, None],
        kind=arrays["embeddings.token_type_embeddings.weight"][0],
        norm=(arrays["embeddings.LayerNorm.weight"], arrays["embeddings.LayerNorm.bias"]),
        layers=tuple(layers),
    )


def _layer_norm(x: Matrix, weight: Matrix, bias: Matrix) -> Matrix:
    import numpy as np

    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(variance + 1e-12)) * weight + bias  # type: ignore[no-any-return]


def _gelu(x: Matrix) -> Matrix:
    """GELU with erf, as BERT's; erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26)."""
    import numpy as np

    z = np.abs(x) * np.float32(0.7071067811865476)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (
        -1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return (0.5 * x * (1.0 + erf)).astype(np.float32)  # type: ignore[no-any-return]


def _forward(batch: Sequence[list[int]]) -> Matrix:
    """Normalized mean-pooled vectors of token-id lists of one batch."""
    import numpy as np

    model = _model()
    size = max(map(len, batch))
    ids = np.zeros((len(batch), size), dtype=np.int64)
    mask = np.zeros((len(batch), size), dtype=np.float32)
    for row, tokens in enumerate(batch):
        ids[row, :len(tokens)] = tokens
        mask[row, :len(tokens)] = 1.0
    x = (model.words[ids].astype(np.float32) * model.word_scale[ids][..., None]
         + model.positions[:size] + model.kind)
    x = _layer_norm(x, *model.norm)
    blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
    head = WIDTH // HEADS
    rows = len(batch)

    def split(y: Matrix) -> Matrix:
        """(rows, tokens, width) as (rows, heads, tokens, width of a head)."""
        return y.reshape(rows, size, HEADS, head).transpose(0, 2, 1, 3)

    for layer in model.layers:
        q = split(x @ layer["query"] + layer["query_bias"])
        k = split(x @ layer["key"] + layer["key_bias"])
        v = split(x @ layer["value"] + layer["value_bias"])
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(rows, size, WIDTH)
        x = _layer_norm(x + context @ layer["out"] + layer["out_bias"],
                        layer["out_norm"], layer["out_norm_bias"])
        hidden = _gelu(x @ layer["up"] + layer["up_bias"])
        x = _layer_norm(x + hidden @ layer["down"] + layer["down_bias"],
                        layer["norm"], layer["norm_bias"])
    pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)  # type: ignore[no-any-return]


def encode(texts: Sequence[str]) -> Matrix:
    """One normalized vector (384 float32) per text, in order; texts of like length are run
    together, ``BATCH_CELLS`` at most at a time."""
    import numpy as np

    tokens = [tokenize(text) for text in texts]
    out = np.zeros((len(texts), WIDTH), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(tokens[i]))
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and (end + 1 - start) * len(tokens[order[end]]) ** 2 <= BATCH_CELLS:
            end += 1
        chosen = order[start:end]
        out[chosen] = _forward([tokens[i] for i in chosen])
        start = end
    return out


def fingerprint_path() -> Path:
    """What every vector depends on, for cache keys: the index of the model's weights, with a
    scale per output of every matrix, which changes with them (17 KB, where hashing the 23 MB
    of weights would cost every warm run 20-30 ms)."""
    return data_dir() / "minilm" / "weights.json"


def digest(texts: Sequence[str]) -> str:
    """A name for a list of texts: the vectors shipped for the built-in bureaus are found by
    it, so an edited bureau file is never read with stale ones."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


def shipped(texts: Sequence[str]) -> Matrix | None:
    """The vectors shipped for these texts (a built-in bureau's, ``data/minilm/builtin.npz``,
    written by ``tools/export_minilm.py``), or None."""
    import numpy as np

    with np.load(data_dir() / "minilm" / "builtin.npz") as stored:
        name = digest(texts)
        return stored[name].astype(np.float32) if name in stored.files else None


_made: dict[str, Matrix] = {}


def vectors(texts: Sequence[str]) -> Matrix:
    """``encode(texts)``: shipped for the built-in bureaus, else made once a process (the CLI
    keeps them in its cache too)."""
    name = digest(texts)
    if name not in _made:
        found = shipped(texts)
        _made[name] = encode(texts) if found is None else found
    return _made[name]
