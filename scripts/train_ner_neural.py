"""Train the neural Arabic NER tagger (CPU torch, training only) and score it on the ANERcorp dev split.

Same data as ``scripts/train_ner.py`` (``--variant full``: ANERcorp train part + NewsFANE minus the
sentences ANERcorp has + AQMAR + Wojood; the dev split of ``marsad.eval.ner_corpora.split_corpora`` is
never trained on), featurized in documents of ``--window`` consecutive sentences. A random
``--holdout`` share of the ANERcorp training documents is kept out for early stopping (the epoch
with the best held-out F1 is kept); dev is only scored.

Model (see ``marsad/extract/ner_neural.py``, which runs the exported weights with numpy): frozen
SaudiNewsNet word vectors (``scripts/build_word_vectors.py``) ++ summed embeddings of the sparse CRF
features of the word, its sentence and its document -> width-3 convolutions (``--dilations``) ->
emission scores -> CRF with BIO-constrained transitions. Domain adaptation in the spirit of the CRF's
feature copies: the other corpora get, besides the shared emission layer, a corpus-specific one
added to it in training; tagging uses the shared one only.

Every reported score comes from the numpy runtime on the exported weights (not from torch).

Usage:
  pip install -e .[train]
  python scripts/train_ner_neural.py --out /tmp/ner_neural.npz          # train + score
  python scripts/train_ner_neural.py --ship                             # write the shipped model
  python scripts/train_ner_neural.py --score-only marsad/data/models/ner/ner_neural.npz
  python scripts/train_ner_neural.py --merge a.npz b.npz c.npz --out /tmp/ens.npz  # members -> one file
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.eval.conll import score
from marsad.eval.ner_corpora import TaggedSentence, load_all, split_corpora
from marsad.extract.ner import DOC_WINDOW
from marsad.extract.ner_features import FEATURE_VERSION, use_variant
from marsad.extract.ner_neural import (
    NEG,
    TAGS,
    NeuralNer,
    bio_allowed,
    merge_members,
    own_features,
    pack_strings,
    read_strings,
    token_features,
)
from scripts._shared import PKG_DATA
from scripts.train_ner import documents, training_set

MODEL_DIR = PKG_DATA / "models" / "ner"
SHIPPED = MODEL_DIR / "ner_neural.npz"
CORPORA = ("anercorp", "newsfane", "aqmar", "wojood")
TAG_ID = {t: i for i, t in enumerate(TAGS)}


def featurize(docs: list[list[TaggedSentence]], word_index: dict[str, int], unk: int):  # type: ignore[no-untyped-def]
    """Per sentence: (word ids, per-token feature strings, tag ids, corpus id)."""
    out = []
    for doc in docs:
        infos, extras = token_features([s.words for s in doc])
        for s, inf, ext in zip(doc, infos, extras):
            wids = [word_index.get(i.base, word_index.get(i.norm, unk)) for i in inf]
            feats = [list(own_features(i)) + e for i, e in zip(inf, ext)]
            out.append((wids, feats, [TAG_ID[t] for t in s.tags], CORPORA.index(s.source)))
    return out


def main() -> None:  # noqa: C901
    import torch
    from torch import nn

    ap = argparse.ArgumentParser(description="train the marsad neural Arabic NER tagger")
    ap.add_argument("--vectors", type=Path, default=MODEL_DIR / "word_vectors.npz")
    ap.add_argument("--feat-dim", type=int, default=64)
    ap.add_argument("--hidden", type=int, default=192)
    ap.add_argument("--dilations", default="1,2,1")
    ap.add_argument("--min-feat", type=int, default=2, help="minimum training count of a sparse feature")
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--feat-drop", type=float, default=0.1, help="share of sparse features dropped in training")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--patience", type=int, default=3)
    ap.add_argument("--holdout", type=float, default=0.08)
    ap.add_argument("--window", type=int, default=DOC_WINDOW)
    ap.add_argument("--adapt", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--adapt-mode", default="head", choices=("head", "copies", "both"),
                    help="corpus-specific emission layer (head), feature-embedding copies, or both")
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--ema", type=float, default=0.0, help="decay of the weight average exported (0: none)")
    ap.add_argument("--seed", type=int, default=1, help="initialization and batch order")
    ap.add_argument("--split-seed", type=int, default=1, help="which ANERcorp documents are held out")
    ap.add_argument("--merge", type=Path, nargs="+", default=None,
                    help="merge these trained member files into --out (or the shipped file) and score it")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/ner_neural.npz"))
    ap.add_argument("--ship", action="store_true")
    ap.add_argument("--score-only", type=Path, default=None)
    args = ap.parse_args()
    torch.set_num_threads(min(args.threads, 2))
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    use_variant("full")

    from marsad.extract.ner_features import NER_DATA  # noqa: F401  (lexicons of the full variant)
    from scripts._shared import shared_data

    aner, others = load_all(shared_data() / "ner")
    splits = split_corpora(aner, others)
    gold = [s.tags for s in splits.dev]

    def score_model(path: Path, sents: list[TaggedSentence], window: int) -> tuple[object, float]:
        tagger = NeuralNer(path, args.vectors)
        t0 = time.process_time()
        pred: list[list[str]] = []
        for doc in documents(sents, window):
            pred.extend(tagger.decode([s.words for s in doc]))
        el = time.process_time() - t0
        return score([s.tags for s in sents], pred), sum(len(s.words) for s in sents) / max(el, 1e-9)

    if args.merge:
        target = SHIPPED if args.ship else args.out
        merge_members(args.merge, target)
        args.score_only = target
    if args.score_only:
        # the tagger without the surname rule; scripts/train_ner.py --score-only scores with it
        result, speed = score_model(args.score_only, splits.dev, args.window)
        print(result.table())  # type: ignore[attr-defined]
        print(f"decode speed {speed:,.0f} tokens/s per CPU-s")
        return

    train = training_set("full", splits.train)
    docs = documents(train, args.window)
    aner_docs = [i for i, d in enumerate(docs) if d[0].source == "anercorp"]
    # the held-out documents (and so the sparse-feature vocabulary) depend on --split-seed only:
    # members trained with other --seed values can be merged (--merge)
    held = set(random.Random(args.split_seed).sample(aner_docs, max(1, int(args.holdout * len(aner_docs)))))
    rng = random.Random(args.seed)
    held_sents = [s for i in sorted(held) for s in docs[i]]
    train_docs = [d for i, d in enumerate(docs) if i not in held]
    print(f"train {sum(len(d) for d in train_docs)} sentences, held out {len(held_sents)} (ANERcorp), "
          f"dev {len(splits.dev)}", flush=True)

    v = np.load(args.vectors)
    words = read_strings(v["words"])
    word_index = {w: i for i, w in enumerate(words)}
    vecs = np.vstack([v["vectors"].astype(np.float32), np.zeros((1, v["vectors"].shape[1]), np.float32)])
    unk = len(words)
    t0 = time.perf_counter()
    data = featurize(train_docs, word_index, unk)
    counts = Counter(f for _, feats, _, _ in data for tok in feats for f in tok)
    vocab = sorted(f for f, c in counts.items() if c >= args.min_feat)
    findex = {f: i for i, f in enumerate(vocab)}
    print(f"featurized in {time.perf_counter() - t0:.0f}s; {len(vocab)} sparse features "
          f"(of {len(counts)}), {len(words)} word vectors", flush=True)
    nvocab = len(vocab)
    copies = args.adapt and args.adapt_mode in ("copies", "both")
    examples = []
    for wids, feats, tags, corpus in data:
        ids: list[int] = []
        offsets: list[int] = []
        for tok in feats:
            offsets.append(len(ids))
            own = [findex[f] for f in tok if f in findex]
            ids.extend(own)
            if copies and corpus > 0:
                # "frustratingly easy" feature copies: a corpus-specific embedding of every feature
                # of the other corpora's words (rows past the shared table, never exported)
                ids.extend(i + corpus * nvocab for i in own)
        examples.append((wids, ids, offsets, tags, corpus))

    dilations = [int(d) for d in args.dilations.split(",")]
    pad = max(dilations)
    allowed, start_ok = bio_allowed()
    ntags = len(TAGS)

    class Model(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.wv = nn.Embedding.from_pretrained(torch.from_numpy(vecs), freeze=True)
            self.bag = nn.EmbeddingBag(len(vocab) * (len(CORPORA) if copies else 1), args.feat_dim, mode="sum")
            nn.init.normal_(self.bag.weight, std=0.05)
            dim = vecs.shape[1] + args.feat_dim
            self.convs = nn.ModuleList()
            for k, d in enumerate(dilations):
                self.convs.append(nn.Conv1d(dim if k == 0 else args.hidden, args.hidden, 3, padding=d, dilation=d))
            self.drop = nn.Dropout(args.dropout)
            self.out = nn.Linear(args.hidden, ntags)
            self.domain = nn.Linear(args.hidden, ntags * len(CORPORA))
            nn.init.zeros_(self.domain.weight)
            nn.init.zeros_(self.domain.bias)
            self.trans = nn.Parameter(torch.zeros(ntags, ntags))
            self.start = nn.Parameter(torch.zeros(ntags))
            self.end = nn.Parameter(torch.zeros(ntags))
            self.register_buffer("tmask", torch.from_numpy(~allowed))
            self.register_buffer("smask", torch.from_numpy(~start_ok))

        def emissions(self, wid, fid, foff, fw, mask, corpus):  # type: ignore[no-untyped-def]
            b, n = wid.shape
            bag = self.bag(fid, foff, per_sample_weights=fw).view(b, n, -1)
            x = torch.cat([self.wv(wid), bag], dim=-1) * mask[..., None]
            h = self.drop(x).transpose(1, 2)
            m = mask[:, None, :]
            for k, conv in enumerate(self.convs):
                o = torch.relu(conv(h)) * m
                h = o + h if k > 0 else o
                h = self.drop(h) if k < len(self.convs) - 1 else h
            h = h.transpose(1, 2)
            e = self.out(self.drop(h))
            if args.adapt and args.adapt_mode in ("head", "both"):
                dom = self.domain(self.drop(h)).view(b, n, len(CORPORA), ntags)
                sel = dom[torch.arange(b), :, corpus]  # (b, n, ntags)
                e = e + sel * (corpus > 0).float()[:, None, None]
            return e

        def nll(self, e, tags, mask):  # type: ignore[no-untyped-def]
            trans = self.trans.masked_fill(self.tmask, NEG)
            start = self.start.masked_fill(self.smask, NEG)
            b, n, _ = e.shape
            lengths = mask.sum(1).long()
            # gold path score
            idx = torch.arange(b)
            gold = start[tags[:, 0]] + e[idx, 0, tags[:, 0]]
            for t in range(1, n):
                step = trans[tags[:, t - 1], tags[:, t]] + e[idx, t, tags[:, t]]
                gold = gold + step * mask[:, t]
            gold = gold + self.end[tags[idx, lengths - 1]]
            alpha = start[None] + e[:, 0]
            for t in range(1, n):
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + e[:, t]
                alpha = torch.where(mask[:, t, None] > 0, nxt, alpha)
            logz = torch.logsumexp(alpha + self.end[None], dim=1)
            return (logz - gold).sum()

    model = Model()

    # exponential moving average of the weights (what is exported and scored), if --ema > 0
    ema = {k: v.detach().clone() for k, v in model.state_dict().items()} if args.ema > 0 else None

    def export(path: Path) -> None:
        state = ema if ema is not None else model.state_dict()
        sd = {k: v.detach().cpu().numpy() for k, v in state.items()}
        arrays: dict[str, np.ndarray] = {
            "features": pack_strings(vocab),
            "feat_emb": sd["bag.weight"][:nvocab].astype(np.float16),
            "dilations": np.array(dilations, dtype=np.int64),
            "out_w": sd["out.weight"].T.astype(np.float32),
            "out_b": sd["out.bias"].astype(np.float32),
            "trans": sd["trans"], "start": sd["start"], "end": sd["end"],
        }
        for k in range(len(dilations)):
            w = sd[f"convs.{k}.weight"]  # (out, in, 3): taps at t-d, t, t+d
            arrays[f"conv{k}_w"] = np.concatenate([w[:, :, j].T for j in range(3)], axis=0).astype(np.float32)
            arrays[f"conv{k}_b"] = sd[f"convs.{k}.bias"].astype(np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)

    def batches(order: list[int]):  # type: ignore[no-untyped-def]
        for start in range(0, len(order), args.batch):
            group = [examples[i] for i in order[start : start + args.batch]]
            n = max(len(g[0]) for g in group)
            b = len(group)
            wid = torch.full((b, n), unk, dtype=torch.long)
            tags = torch.full((b, n), TAG_ID["O"], dtype=torch.long)
            mask = torch.zeros((b, n))
            fid: list[int] = []
            foff: list[int] = []
            for r, (w, ids, offs, tg, _) in enumerate(group):
                wid[r, : len(w)] = torch.tensor(w)
                tags[r, : len(tg)] = torch.tensor(tg)
                mask[r, : len(w)] = 1
                base = len(fid)
                fid.extend(ids)
                foff.extend(base + o for o in offs)
                foff.extend([len(fid)] * (n - len(w)))  # empty bags for the padding
            fid_t = torch.tensor(fid, dtype=torch.long)
            fw = (torch.rand(len(fid)) >= args.feat_drop).float()
            corpus = torch.tensor([g[4] for g in group], dtype=torch.long)
            yield wid, fid_t, torch.tensor(foff, dtype=torch.long), fw, mask, corpus, tags

    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    # sentences sorted by length into batches (less padding), batches shuffled every epoch
    by_len = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    groups = [by_len[i : i + args.batch] for i in range(0, len(by_len), args.batch)]
    best = (-1.0, 0)
    tmp = args.out.with_suffix(".epoch.npz")
    out = SHIPPED if args.ship else args.out
    t_train = time.perf_counter()
    log: list[dict[str, float]] = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        rng.shuffle(groups)
        order = [i for g in groups for i in g]
        total = 0.0
        t0 = time.perf_counter()
        for wid, fid, foff, fw, mask, corpus, tags in batches(order):
            opt.zero_grad()
            e = model.emissions(wid, fid, foff, fw, mask, corpus)
            loss = model.nll(e, tags, mask)
            (loss / len(wid)).backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            if ema is not None:
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        if v.dtype.is_floating_point:
                            ema[k].mul_(args.ema).add_(v, alpha=1 - args.ema)
            total += float(loss.detach())
        model.eval()
        export(tmp)
        held_res, _ = score_model(tmp, held_sents, args.window)
        dev_res, _ = score_model(tmp, splits.dev, args.window)
        hf, df = 100 * held_res.micro.f1, 100 * dev_res.micro.f1  # type: ignore[attr-defined]
        log.append({"epoch": epoch, "loss": round(total, 1), "heldout_f1": round(hf, 2), "dev_f1": round(df, 2)})
        print(f"epoch {epoch}: loss {total:.0f} ({time.perf_counter() - t0:.0f}s); held-out F1 {hf:.2f}; "
              f"dev F1 {df:.2f}", flush=True)
        if hf > best[0]:
            best = (hf, epoch)
            export(out)
        elif epoch - best[1] >= args.patience:
            break
    train_s = time.perf_counter() - t_train
    tmp.unlink(missing_ok=True)
    result, speed = score_model(out, splits.dev, args.window)
    print(f"best epoch {best[1]} (held-out F1 {best[0]:.2f}); trained in {train_s:.0f}s -> {out} "
          f"({out.stat().st_size / 1e6:.1f} MB)")
    print(result.table())  # type: ignore[attr-defined]
    print(f"token accuracy {100 * result.accuracy:.2f}; decode speed {speed:,.0f} tokens/s per CPU-s")  # type: ignore[attr-defined]
    meta = {
        "model": "neural",
        "feature_version": FEATURE_VERSION,
        "lexicons": "full",
        "doc_window": args.window,
        "params": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()
                   if k not in ("ship", "score_only", "out")},
        "train_sentences": sum(len(d) for d in train_docs),
        "heldout_sentences": len(held_sents),
        "sparse_features": len(vocab),
        "best_epoch": best[1],
        "epochs": log,
        "dev_no_surname_rule": result.to_dict(),  # type: ignore[attr-defined]
        "size_bytes": out.stat().st_size,
        "train_seconds": round(train_s),
    }
    out.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
