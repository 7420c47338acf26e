"""Word vectors for the neural NER tagger (derived statistics of SaudiNewsNet; no text is stored).

Reads the SaudiNewsNet articles (``<shared>/data/news/saudinewsnet/dataset/*.zip``), normalizes and
splits them into words as ``scripts/build_ner_clusters.py`` does, replaces every Arabic word by its
clitic-free base (``marsad.extract.ner_features.word_info(w).base``: "وبوتين" and "بوتين" share one
vector, as they share the CRF's ``b=`` feature) and trains skip-gram vectors with gensim
(training-only dependency, ``pip install -e .[train]``). Writes the ``--vocab`` most frequent bases
with their unit vectors as float16 to ``--out`` (``words``: UTF-8 bytes of the words joined by newlines, ``vectors``: float16 rows, in an .npz).

SaudiNewsNet is CC BY-NC-SA 4.0, so the vectors are an NC-SA adaptation, like ``clusters.tsv``
(see ``clusters.LICENSE.txt`` and MODEL_CARD.md).

Usage: python scripts/build_word_vectors.py [--dim 64] [--vocab 50000] [--epochs 3] [--out PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts._shared import PKG_DATA, shared_data
from scripts.build_ner_clusters import documents

OUT = PKG_DATA / "models" / "ner" / "word_vectors.npz"


def main() -> None:
    from gensim.models import Word2Vec

    from marsad.extract.ner_features import word_info
    from marsad.extract.ner_neural import pack_strings

    ap = argparse.ArgumentParser(description="build NER word vectors from SaudiNewsNet")
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--vocab", type=int, default=50000)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--window", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = documents(shared_data() / "news" / "saudinewsnet" / "dataset")
    base: dict[str, str] = {}
    sents: list[list[str]] = []
    for d in docs:
        out = []
        for w in d:
            b = base.get(w)
            if b is None:
                b = base[w] = word_info(w).base
            out.append(b)
        sents.append(out)
    freq = Counter(w for s in sents for w in s)
    print(f"{len(sents)} articles, {sum(freq.values())} tokens, {len(freq)} bases "
          f"({time.perf_counter() - t0:.0f}s)", flush=True)
    model = Word2Vec(
        sents, vector_size=args.dim, window=args.window, min_count=args.min_count, sg=1,
        negative=5, sample=1e-4, epochs=args.epochs, workers=args.workers, seed=11,
    )
    vocab = [w for w, _ in freq.most_common() if w in model.wv.key_to_index][: args.vocab]
    vecs = np.stack([model.wv[w] for w in vocab]).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, words=pack_strings(vocab), vectors=vecs.astype(np.float16))
    print(f"{len(vocab)} vectors of {args.dim} dims -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, "
          f"{time.perf_counter() - t0:.0f}s)")


if __name__ == "__main__":
    main()
