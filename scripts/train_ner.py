"""Train the Arabic NER CRF (python-crfsuite, L-BFGS) and score it on the ANERcorp dev split.

Reads ``<shared>/data/ner`` (ANERcorp train part, NewsFANE, AQMAR, Wojood sample), carves the dev
split (``marsad.eval.ner_corpora.split_corpora``: contiguous ANERcorp blocks, fixed seed; every
training sentence whose text is in dev is removed), trains on the rest and prints CoNLL
exact-match scores on dev.

Variants: ``full`` (default, shipped) = ANERcorp train + NewsFANE (minus sentences ANERcorp already
has) + AQMAR + Wojood, the other corpora with corpus-specific feature copies (``--adapt``, default on:
their annotation conventions differ from ANERcorp's; ``--no-adapt`` to compare; ``--exclude`` drops
corpora); ``anercorp`` = the ANERcorp train part only; ``open`` = the CC BY-SA / MIT corpora only (NewsFANE + AQMAR +
Wojood) with the open lexicons (``clusters_open.tsv``, no ANERGazet): free of research-only and
non-commercial data.

Training and dev sentences are featurized in documents of ``--window`` consecutive sentences
(document features, ``marsad.extract.ner_features.document_features``); dev is tagged with
``NerTagger.tag_document`` exactly as ``marsad tag-conll`` tags a CoNLL file (``--propagate``: with
the surname rule, as tag-conll does).

Usage:
  python scripts/train_ner.py --propagate --out /tmp/ner.crfsuite              # train + score
  python scripts/train_ner.py --propagate --ship                               # write the shipped model
  python scripts/train_ner.py --score-only marsad/data/models/ner/ner.crfsuite --propagate  # score it
  python scripts/train_ner.py --confusion     # NewsFANE fine class x ANERcorp tag on shared text
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pycrfsuite

from marsad.eval.conll import score
from marsad.eval.ner_corpora import (
    TaggedSentence,
    _blocks,
    join_clitics,
    load_all,
    read_anercorp,
    split_corpora,
    text_key,
)
from marsad.extract.ner import DOC_WINDOW, NerTagger
from marsad.extract.ner_features import FEATURE_VERSION, active_variant, document_features, use_variant
from scripts._shared import PKG_DATA, shared_data

MODEL_DIR = PKG_DATA / "models" / "ner"
SHIPPED = MODEL_DIR / "ner.crfsuite"


def training_set(variant: str, train: dict[str, list[TaggedSentence]]) -> list[TaggedSentence]:
    if variant == "full":
        out = list(train["anercorp"])
        out += [s for s in train["newsfane"] if s.meta.get("dup") != "anercorp"]
        corpora = ("aqmar", "wojood")
    elif variant == "open":
        out = []
        corpora = ("newsfane", "aqmar", "wojood")
    elif variant == "anercorp":
        return list(train["anercorp"])
    else:
        raise SystemExit(f"unknown variant {variant!r}")
    for name in corpora:
        out += train[name]
    return [s for s in out if s.words]


def documents(sentences: list[TaggedSentence], window: int) -> list[list[TaggedSentence]]:
    """Consecutive sentences of one corpus file in groups of ``window`` (ANERcorp and NewsFANE
    have no article boundaries; a gap in the sentence numbers, e.g. between dev blocks, also
    ends a group)."""
    docs: list[list[TaggedSentence]] = []
    prev: TaggedSentence | None = None
    for s in sentences:
        if (
            prev is None
            or s.source != prev.source
            or s.meta.get("file") != prev.meta.get("file")
            or s.index != prev.index + 1
            or len(docs[-1]) >= window
        ):
            docs.append([])
        docs[-1].append(s)
        prev = s
    return docs


def tag_all(
    model: Path, sentences: list[TaggedSentence], window: int = DOC_WINDOW, *, propagate: bool = False
) -> tuple[list[list[str]], float]:
    """Tags of every sentence, tagged (``NerTagger.tag_document``) in documents of ``window``
    consecutive sentences, exactly as ``marsad tag-conll`` tags a CoNLL file of them (and
    tests/extract/test_ner.py); tokens per CPU second."""
    tagger = NerTagger(model)
    t0 = time.process_time()
    pred: list[list[str]] = []
    for start in range(0, len(sentences), window):
        doc = sentences[start : start + window]
        pred.extend(tagger.tag_document([s.words for s in doc], propagate=propagate))
    elapsed = time.process_time() - t0
    tokens = sum(len(s.words) for s in sentences)
    return pred, tokens / elapsed if elapsed else 0.0


def confusion(ner_dir: Path) -> None:
    """Token counts of NewsFANE fine classes against ANERcorp tags on the sentences both have."""
    aner = {s.key(): s for s in read_anercorp(ner_dir / "anercorp" / "train.txt")}
    conf: dict[str, Counter[str]] = defaultdict(Counter)
    shared = 0
    for block in _blocks(ner_dir / "newsfane" / "newsfane_filtered.txt", sep="\t"):
        words = [p[0].strip() for p in block]
        tags = [p[1].strip() if len(p) > 1 else "O" for p in block]
        w, t = join_clitics(words, tags)
        a = aner.get(text_key(w))
        if a is None or len(a.words) != len(w):
            continue
        shared += 1
        for fine, coarse in zip(t, a.tags):
            if fine != "O":
                conf[fine.split("-", 1)[1]][coarse[2:] if coarse != "O" else "O"] += 1
    print(f"sentences with the same words in both: {shared}")
    for label, c in sorted(conf.items(), key=lambda kv: -sum(kv[1].values())):
        print(label, " ".join(f"{k}:{v}" for k, v in c.most_common()))


def main() -> None:
    ap = argparse.ArgumentParser(description="train the marsad Arabic NER CRF")
    ap.add_argument("--variant", default="full", choices=("full", "open", "anercorp"))
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--max-iter", type=int, default=200)
    ap.add_argument("--min-freq", type=float, default=1)
    ap.add_argument("--aqmar-misc", default="MISC", choices=("MISC", "O"),
                    help="type of AQMAR's MIS classes (O: drop them)")
    ap.add_argument("--window", type=int, default=DOC_WINDOW,
                    help="sentences per document for the document features (training and dev)")
    ap.add_argument("--propagate", action="store_true",
                    help="score with the surname-propagation rule of NerTagger.tag_document")
    ap.add_argument("--adapt", action=argparse.BooleanOptionalAction, default=True,
                    help="corpus-specific feature copies for the corpora other than ANERcorp "
                         "(not for --variant open, which has no ANERcorp)")
    ap.add_argument("--exclude", default="", help="comma-separated corpora to leave out")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--ship", action="store_true", help=f"write {SHIPPED} and its metadata")
    ap.add_argument("--score-only", type=Path, default=None)
    ap.add_argument("--confusion", action="store_true")
    args = ap.parse_args()
    ner_dir = shared_data() / "ner"
    if args.confusion:
        confusion(ner_dir)
        return
    aner, others = load_all(ner_dir, aqmar_misc=args.aqmar_misc)
    splits = split_corpora(aner, others)
    dev_tokens = sum(len(s.words) for s in splits.dev)
    print(f"dev: {len(splits.dev)} sentences, {dev_tokens} tokens; removed as dev text: {splits.removed}")
    gold = [s.tags for s in splits.dev]
    if args.score_only:
        pred, speed = tag_all(args.score_only, splits.dev, args.window, propagate=args.propagate)
        result = score(gold, pred)
        print(result.table())
        print(f"token accuracy {100 * result.accuracy:.2f}; tagging speed {speed:,.0f} tokens/s per CPU-s")
        return
    use_variant("open" if args.variant == "open" else "full")
    train = training_set(args.variant, splits.train)
    excluded = {x for x in args.exclude.split(",") if x}
    train = [s for s in train if s.source not in excluded]
    counts = Counter(s.source for s in train)
    tokens = sum(len(s.words) for s in train)
    print(f"train ({args.variant}): {len(train)} sentences, {tokens} tokens, {dict(counts)}")
    out = SHIPPED if args.ship else (args.out or Path(f"/tmp/ner-{args.variant}.crfsuite"))
    adapt = args.adapt and args.variant == "full"
    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.perf_counter()
    for doc in documents(train, args.window):
        for s, feats in zip(doc, document_features([s.words for s in doc])):
            if adapt and s.source != "anercorp":
                # "frustratingly easy" domain adaptation: a corpus-specific copy of every feature
                # absorbs that corpus's own conventions; tagging uses the shared features only
                prefix = s.source[:3] + "|"
                feats = [f + [prefix + x for x in f] for f in feats]
            trainer.append(feats, s.tags)
    print(f"features: {time.perf_counter() - t0:.1f}s", flush=True)
    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iter,
        "feature.minfreq": args.min_freq,
        "feature.possible_transitions": True,
    }
    trainer.set_params(params)
    t0 = time.perf_counter()
    trainer.train(str(out))
    train_s = time.perf_counter() - t0
    last = trainer.logparser.last_iteration or {}
    print(f"iterations {last.get('num')}, loss {last.get('loss')}, "
          f"active features {last.get('active_features')}", flush=True)
    print(f"trained in {train_s:.0f}s -> {out} ({out.stat().st_size / 1e6:.1f} MB)", flush=True)
    pred, speed = tag_all(out, splits.dev, args.window, propagate=args.propagate)
    result = score(gold, pred)
    print(result.table())
    print(f"token accuracy {100 * result.accuracy:.2f}; tagging speed {speed:,.0f} tokens/s per CPU-s")
    meta = {
        "feature_version": FEATURE_VERSION,
        "variant": args.variant,
        "aqmar_misc": args.aqmar_misc,
        "doc_window": args.window,
        "lexicons": active_variant(),
        "adapt": adapt,
        "excluded": sorted(excluded),
        "params": params,
        "train_sentences": len(train),
        "train_tokens": tokens,
        "train_by_corpus": dict(counts),
        "dev_sentences": len(splits.dev),
        "dev_tokens": dev_tokens,
        "removed_as_dev_text": splits.removed,
        "dev": result.to_dict(),
        "dev_scoring": f"tag_document, {args.window}-sentence documents"
        + (", surname rule" if args.propagate else ", no surname rule"),
        "size_bytes": out.stat().st_size,
        "train_seconds": round(train_s),
    }
    meta_path = out.with_suffix(".json")
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"metadata -> {meta_path}")


if __name__ == "__main__":
    main()
