"""Speed of the NER taggers, tokens/s on one core, on SaudiNewsNet sentences.

    python benchmarks/ner_speed.py [--limit 2000] [--model crf|neural|both]

``--model`` picks the tagger (``marsad.extract.ner.load_tagger(kind)``; default the CRF; ``both``:
side by side in one run, the CRF first). The neural model is not shipped (see MODEL_CARD.md): build
``marsad/data/models/ner/ner_neural.npz`` and ``word_vectors.npz`` first. For the CRF the split between feature extraction and CRF decoding is
printed; for the neural tagger the split between the network (emission scores) and Viterbi.
``--interleave`` times only ``tag_document`` of both models alternating on the same articles.

Sentences come from the `arabic` text layer (segment + tokenize) of the SaudiNewsNet workload in
../shared/data/news; the text layer is not timed. Prints the rate of a cold pass (empty per-word
feature cache, as in a fresh process) and of a warm second pass over the same sentences, and the
split between feature extraction and CRF decoding. Rates are per CPU second of this process
(``time.process_time``), i.e. per core, so that other jobs on a shared machine do not distort them;
wall-clock seconds are printed alongside.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._workload import articles
from marsad.arabic.segment import segment
from marsad.arabic.tokenize import tokenize
from marsad.extract.ner import load_tagger
from marsad.extract.ner_features import sentence_features, word_info


def documents(limit: int) -> list[list[list[str]]]:
    """The sentences (lists of words) of each article."""
    out: list[list[list[str]]] = []
    for art in articles(limit):
        text = art["content"]
        _, sents = segment(text)
        doc: list[list[str]] = []
        for s in sents:
            words = [t.text for t in tokenize(text[s.start : s.end])]
            if words:
                doc.append(words)
        out.append(doc)
    return out


def timed(fn, items: list) -> tuple[float, float]:  # type: ignore[type-arg,no-untyped-def]
    """(CPU seconds, wall seconds) of ``fn`` over ``items``."""
    c0, w0 = time.process_time(), time.perf_counter()
    for x in items:
        fn(x)
    return time.process_time() - c0, time.perf_counter() - w0


def bench(kind: str, docs: list[list[list[str]]]) -> list[tuple[str, tuple[float, float]]]:
    sents = [s for d in docs for s in d]
    tagger = load_tagger(kind)
    tagger.tag(["تجربة"])  # load the model outside the timing
    word_info.cache_clear()
    if tagger._neural is not None:
        tagger._neural._form.cache_clear()
    cold = timed(tagger.tag, sents)
    warm = timed(tagger.tag, sents)
    doc = timed(tagger.tag_document, docs)
    rows = [("tag, cold (fresh word cache)", cold), ("tag, warm (second pass)", warm),
            ("tag_document per article (warm)", doc)]
    if tagger._neural is not None:
        net = tagger._neural
        emis = [net.emissions(d) for d in docs if d]
        rows.append(("features + network only, per article (warm)", timed(net.emissions, [d for d in docs if d])))
        rows.append(("Viterbi only, per article", timed(net.viterbi_batch, emis)))
    else:
        feats = [sentence_features(s) for s in sents]
        rows.append(("features only (warm)", timed(sentence_features, sents)))
        rows.append(("CRF decoding only", timed(tagger._tagger.tag, feats)))
    return rows


def interleaved(docs: list[list[list[str]]], rounds: int = 3, chunk: int = 20) -> dict[str, float]:
    """CPU seconds of ``tag_document`` per model, CRF and neural alternating on chunks of articles
    (which goes first alternates too), warm caches: on a shared machine whose load changes
    minute by minute this ratio is steadier than two passes one after the other."""
    taggers = {kind: load_tagger(kind) for kind in ("crf", "neural")}
    for d in docs:
        for t in taggers.values():
            t.tag_document(d)
    acc = dict.fromkeys(taggers, 0.0)
    for rnd in range(rounds):
        for i in range(0, len(docs), chunk):
            order = list(taggers.items())
            if (i // chunk + rnd) % 2:
                order.reverse()
            for kind, t in order:
                c0 = time.process_time()
                for d in docs[i : i + chunk]:
                    t.tag_document(d)
                acc[kind] += time.process_time() - c0
    return {k: v / rounds for k, v in acc.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=2000, help="articles")
    ap.add_argument("--model", default="crf", choices=("crf", "neural", "both"),
                    help="neural / both need the neural model files (not shipped: scripts/train_ner_neural.py)")
    ap.add_argument("--interleave", action="store_true",
                    help="only tag_document, CRF and neural alternating on chunks of 20 articles, 3 rounds")
    args = ap.parse_args()
    docs = documents(args.limit)
    sents = [s for d in docs for s in d]
    ntok = sum(len(s) for s in sents)
    if args.interleave:
        cpu = interleaved(docs)
        print(f"# {len(docs)} SaudiNewsNet articles, {ntok} tokens; tag_document, warm, CRF and neural interleaved")
        for kind, sec in cpu.items():
            print(f"{kind}: {1000 * sec / len(docs):.2f} ms CPU per article, {ntok / sec:,.0f} tokens/s per core")
        print(f"neural / crf CPU time: {cpu['neural'] / cpu['crf']:.3f}")
        return
    kinds = ("crf", "neural") if args.model == "both" else (args.model,)
    results = {kind: bench(kind, docs) for kind in kinds}
    print(f"# {args.limit} SaudiNewsNet articles, {len(sents)} sentences, {ntok} tokens; "
          f"python {platform.python_version()}, {platform.machine()}")
    print("| model | pass | CPU s | wall s | tokens/s per core |")
    print("| --- | --- | ---: | ---: | ---: |")
    for kind, rows in results.items():
        for name, (cpu, wall) in rows:
            print(f"| {kind} | {name} | {cpu:.2f} | {wall:.2f} | {ntok / cpu:,.0f} |")
    for kind, rows in results.items():
        cpu = dict(rows)["tag_document per article (warm)"][0]
        print(f"{kind}: tag_document {1000 * cpu / len(docs):.2f} ms CPU per article ({len(docs)} articles)")


if __name__ == "__main__":
    main()
