"""Word clusters for the NER features, from SaudiNewsNet text (derived statistics only).

Counts, for the most frequent normalized words of the SaudiNewsNet articles, the words seen just
left and just right of them; weights the counts with positive PMI, reduces them with a randomized
SVD and groups the word vectors with spherical k-means at two granularities. Writes
``marsad/data/models/ner/clusters.tsv``: ``word<TAB><coarse>.<fine>`` cluster ids. No text of the
articles is kept, only the word list and its cluster ids (SaudiNewsNet is CC BY-NC-SA 4.0: this
derived table is documented as such in MODEL_CARD.md).

Usage: python scripts/build_ner_clusters.py [--vocab 20000] [--contexts 1000] [--fine 256] [--coarse 32]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.arabic.normalize import norm
from scripts._shared import PKG_DATA, shared_data

OUT = PKG_DATA / "models" / "ner" / "clusters.tsv"
WORD_RE = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3A-Za-z0-9]+|[^\s\w]")
VERSION = 1


def documents(folder: Path) -> list[list[str]]:
    docs: list[list[str]] = []
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                for rec in json.loads(zf.read(name)):
                    text = " ".join(str(rec.get(k) or "") for k in ("title", "content"))
                    docs.append(WORD_RE.findall(norm(text)))
    return docs


def kmeans(x: np.ndarray, k: int, *, seed: int, iters: int = 20) -> np.ndarray:
    """Spherical k-means on unit rows; returns the cluster of every row."""
    rng = np.random.default_rng(seed)
    centers = x[rng.choice(len(x), size=k, replace=False)].copy()
    labels = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        labels = np.argmax(x @ centers.T, axis=1)
        for c in range(k):
            members = x[labels == c]
            if len(members):
                v = members.sum(axis=0)
                centers[c] = v / (np.linalg.norm(v) or 1.0)
            else:
                centers[c] = x[rng.integers(len(x))]
    return labels


def main() -> None:
    ap = argparse.ArgumentParser(description="build NER word clusters from SaudiNewsNet")
    ap.add_argument("--vocab", type=int, default=20000)
    ap.add_argument("--contexts", type=int, default=1000)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--fine", type=int, default=256)
    ap.add_argument("--coarse", type=int, default=32)
    args = ap.parse_args()
    docs = documents(shared_data() / "news" / "saudinewsnet" / "dataset")
    freq: Counter[str] = Counter(w for d in docs for w in d)
    tokens = sum(freq.values())
    print(f"{len(docs)} articles, {tokens} tokens, {len(freq)} types", flush=True)
    vocab = [w for w, _ in freq.most_common(args.vocab)]
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
    lines = [
        "# clusters.tsv: normalized word -> <coarse>.<fine> cluster id (spherical k-means on PPMI-SVD",
        "#   vectors of left/right neighbours); used by marsad/extract/ner_features.py",
        f"# version: {VERSION}",
        f"# source: derived statistics of SaudiNewsNet (CC BY-NC-SA 4.0), {len(docs)} articles, {tokens} tokens;",
        "#   only the word list and cluster ids are stored, no article text",
        f"# params: vocab={args.vocab} contexts={args.contexts} dim={args.dim} fine={args.fine} coarse={args.coarse}",
    ]
    lines += [f"{w}\t{coarse[i]}.{fine[i]}" for i, w in enumerate(vocab)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(vocab)} words")


if __name__ == "__main__":
    main()
