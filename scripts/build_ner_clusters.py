"""Word clusters for the NER features (derived statistics only, no text is stored).

Counts, for the most frequent normalized words of a text collection, the words seen just left and
just right of them; weights the counts with positive PMI, reduces them with a randomized SVD and
groups the word vectors with spherical k-means at three granularities. Writes
``word<TAB><coarse>.<fine>.<finest>`` cluster ids.

Sources (``--source``):

* ``snn`` (default) -> ``marsad/data/models/ner/clusters.tsv``: SaudiNewsNet articles. SaudiNewsNet
  is CC BY-NC-SA 4.0, so the table is an NC-SA adaptation: a separate file with its own licence
  note (``clusters.LICENSE.txt``), named in MODEL_CARD.md; the ``open`` model does not use it.
* ``open`` -> ``clusters_open.tsv``: the words of the CC BY-SA / MIT corpora only (AQMAR,
  NewsFANE, Wojood sample, UD Arabic PUD), used by the ``--variant open`` model.

Usage: python scripts/build_ner_clusters.py [--source snn|open] [--vocab 60000] [--min-count 3]
       [--contexts 1000] [--coarse 32] [--fine 256] [--finest 1024]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.arabic.normalize import norm
from scripts._shared import PKG_DATA, shared_data, snn_articles, snn_days

NER_DIR = PKG_DATA / "models" / "ner"
OUT = {"snn": NER_DIR / "clusters.tsv", "open": NER_DIR / "clusters_open.tsv"}
WORD_RE = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3A-Za-z0-9]+|[^\s\w]")
VERSION = 2


def documents(folder: Path) -> list[list[str]]:
    docs: list[list[str]] = []
    for path in snn_days(folder):
        for rec in snn_articles(path):
            text = " ".join(str(rec.get(k) or "") for k in ("title", "content"))
            docs.append(WORD_RE.findall(norm(text)))
    return docs


def open_documents(data: Path) -> list[list[str]]:
    """Sentences of the openly licensed corpora (one "document" per sentence). NewsFANE sentences
    whose text is in the NER dev split are left out, as in training."""
    from marsad.eval.ner_corpora import load_all, split_corpora

    aner, others = load_all(data / "ner")
    train = split_corpora(aner, others).train
    sents = [s.words for name in ("newsfane", "aqmar", "wojood") for s in train[name]]
    for line in (data / "ud" / "ud_arabic_pud" / "ar_pud-ud-test.conllu").read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            sents.append(line[len("# text = "):].split())
    return [WORD_RE.findall(norm(" ".join(words))) for words in sents]


def kmeans(x: np.ndarray, k: int, *, seed: int, iters: int = 20) -> np.ndarray:
    """Spherical k-means on unit rows; returns the cluster of every row."""
    rng = np.random.default_rng(seed)
    centers = x[rng.choice(len(x), size=k, replace=False)].copy()
    labels = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        labels = np.concatenate([np.argmax(x[i : i + 8192] @ centers.T, axis=1) for i in range(0, len(x), 8192)])
        sums = np.zeros_like(centers)
        np.add.at(sums, labels, x)
        norms = np.linalg.norm(sums, axis=1)
        empty = norms == 0
        centers = sums / np.where(empty, 1.0, norms)[:, None]
        if empty.any():
            centers[empty] = x[rng.integers(len(x), size=int(empty.sum()))]
    return labels


def main() -> None:
    ap = argparse.ArgumentParser(description="build NER word clusters")
    ap.add_argument("--source", default="snn", choices=("snn", "open"))
    ap.add_argument("--vocab", type=int, default=60000)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--contexts", type=int, default=1000)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--fine", type=int, default=256)
    ap.add_argument("--coarse", type=int, default=32)
    ap.add_argument("--finest", type=int, default=1024)
    args = ap.parse_args()
    if args.source == "snn":
        docs = documents(shared_data() / "news" / "saudinewsnet" / "dataset")
    else:
        docs = open_documents(shared_data())
    freq: Counter[str] = Counter(w for d in docs for w in d)
    tokens = sum(freq.values())
    print(f"{len(docs)} articles, {tokens} tokens, {len(freq)} types", flush=True)
    vocab = [w for w, c in freq.most_common(args.vocab) if c >= args.min_count]
    ctx = [w for w, _ in freq.most_common(args.contexts)]
    vid = {w: i for i, w in enumerate(vocab)}
    cid = {w: i for i, w in enumerate(ctx)}
    nc = len(ctx)
    counts = np.zeros((len(vocab), 2 * nc), dtype=np.float32)
    for d in docs:
        ids = [vid.get(w, -1) for w in d]
        cids = [cid.get(w, -1) for w in d]
        for i, t in enumerate(ids):
            if t < 0:
                continue
            if i > 0 and cids[i - 1] >= 0:
                counts[t, cids[i - 1]] += 1
            if i + 1 < len(d) and cids[i + 1] >= 0:
                counts[t, nc + cids[i + 1]] += 1
    total = counts.sum()
    row = counts.sum(axis=1, keepdims=True)
    col = counts.sum(axis=0, keepdims=True) ** 0.75
    col = col / col.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(counts * total / (row * col + 1e-9) + 1e-12)
    ppmi = np.where(counts > 0, np.maximum(pmi, 0), 0).astype(np.float32)
    # randomized SVD (Halko et al.): range finder, then a small exact SVD
    rng = np.random.default_rng(7)
    omega = rng.standard_normal((ppmi.shape[1], args.dim + 20)).astype(np.float32)
    y = ppmi @ omega
    for _ in range(2):
        y = ppmi @ (ppmi.T @ y)
    q, _ = np.linalg.qr(y)
    u_small, s, _ = np.linalg.svd(q.T @ ppmi, full_matrices=False)
    vecs = (q @ u_small[:, : args.dim]) * np.sqrt(s[: args.dim])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    fine = kmeans(vecs, args.fine, seed=1)
    coarse = kmeans(vecs, args.coarse, seed=2)
    finest = kmeans(vecs, min(args.finest, len(vocab) // 4), seed=3)
    out = OUT[args.source]
    if args.source == "snn":
        source = [
            f"# source: derived statistics of SaudiNewsNet (CC BY-NC-SA 4.0), {len(docs)} articles, {tokens} tokens;",
            "#   only the word list and cluster ids are stored, no article text. This table is an adaptation",
            "#   of SaudiNewsNet under CC BY-NC-SA 4.0 (non-commercial, share-alike): see clusters.LICENSE.txt",
        ]
    else:
        source = [
            f"# source: derived statistics of AQMAR, NewsFANE (CC BY-SA 3.0), Wojood sample (MIT) and UD Arabic",
            f"#   PUD (CC BY-SA 3.0): {len(docs)} sentences, {tokens} tokens; only words and cluster ids are stored",
        ]
    lines = [
        f"# {out.name}: normalized word -> <coarse>.<fine>.<finest> cluster ids (spherical k-means on",
        "#   PPMI-SVD vectors of left/right neighbours); built by scripts/build_ner_clusters.py,",
        "#   used by marsad/extract/ner_features.py",
        f"# version: {VERSION}",
        *source,
        f"# params: source={args.source} vocab={args.vocab} min_count={args.min_count} contexts={args.contexts}"
        f" dim={args.dim} coarse={args.coarse} fine={args.fine} finest={args.finest}",
    ]
    lines += [f"{w}\t{coarse[i]}.{fine[i]}.{finest[i]}" for i, w in enumerate(vocab)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(vocab)} words")


if __name__ == "__main__":
    main()
