"""The neural Arabic NER tagger at run time: numpy only (trained by ``scripts/train_ner_neural.py``).

Architecture (mirrored exactly by the torch model of the training script):

* input of a word = its SaudiNewsNet word vector (``word_vectors.npz``, clitic-free base, frozen)
  ++ the sum of embeddings of its sparse CRF features (``word_info(w).own``: base/normalized form,
  clitics, affixes, shape, gazetteer, trigger and cluster classes) and of its per-sentence and
  per-document features (sentence start/end, multi-word gazetteer spans ``gB=/gI=``, the document
  evidence ``D*`` of :func:`marsad.extract.ner_features.document_evidence`);
* a stack of 1-D convolutions (width 3, dilations from the model file, ReLU, residual after the
  first) inside each sentence;
* emission scores per tag, and a linear-chain CRF (transition, start and end scores) decoded by
  Viterbi with the BIO constraint (no ``I-X`` after ``O``, after the start or after another type).

The per-word part of the input (vector + summed own-feature embeddings) is cached per word form.
Weights: ``ner_neural.npz`` (float16 embeddings, float32 dense layers).
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from marsad.errors import DataFileError
from marsad.extract.ner_features import (
    NER_DATA,
    WordInfo,
    _gazetteer_spans,
    document_evidence,
    lexicons,
    word_info,
)

NEURAL_PATH = NER_DATA / "ner_neural.npz"
VECTORS_PATH = NER_DATA / "word_vectors.npz"
TAGS = ("B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC", "O")
NEG = -1e4


@lru_cache(maxsize=1)
def _blas_local_threads() -> object | None:
    """OpenBLAS's ``openblas_set_num_threads_local`` (thread-local thread count, OpenBLAS >= 0.3.27)
    of the library numpy loaded, or None. The tagger's matrices are small: BLAS threads would only
    spin and burn CPU time, so the network runs single-threaded."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            libs = {line.split()[-1] for line in fh if "openblas" in line and line.rstrip().endswith(".so")}
    except OSError:
        return None
    for lib in sorted(libs):
        try:
            fn = ctypes.CDLL(lib).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.argtypes = [ctypes.c_int]
        fn.restype = ctypes.c_int
        return fn
    return None


@contextlib.contextmanager
def single_thread_blas() -> Iterator[None]:
    fn = _blas_local_threads()
    if fn is None:
        yield
        return
    prev = fn(1)  # type: ignore[operator]
    try:
        yield
    finally:
        fn(prev)  # type: ignore[operator]


def bio_allowed() -> tuple[np.ndarray, np.ndarray]:
    """(allowed[i, j]: tag j may follow tag i; allowed_start[j]) under the BIO scheme."""
    n = len(TAGS)
    allowed = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for j, tj in enumerate(TAGS):
        if tj.startswith("I-"):
            start[j] = False
            for i, ti in enumerate(TAGS):
                allowed[i, j] = ti[2:] == tj[2:] and ti != "O"
    return allowed, start


def token_features(sentences: Sequence[Sequence[str]]) -> tuple[list[list[WordInfo]], list[list[list[str]]]]:
    """Word infos and the per-token (not per-form) sparse features of the sentences of a document:
    ``BOS``/``EOS``, multi-word gazetteer spans and the document evidence."""
    lex = lexicons()
    infos = [[word_info(w) for w in words] for words in sentences]
    gaz = [_gazetteer_spans(inf, lex) for inf in infos]
    evidence = document_evidence(infos, gaz)
    extras: list[list[list[str]]] = []
    for inf, g, ev in zip(infos, gaz, evidence):
        n = len(inf)
        sent: list[list[str]] = []
        for i in range(n):
            f = g[i] + ev[i]
            if i == 0:
                f.append("BOS")
            if i == n - 1:
                f.append("EOS")
            sent.append(f)
        extras.append(sent)
    return infos, extras


def own_features(info: WordInfo) -> tuple[str, ...]:
    return tuple(f for f in info.own if f != "bias")


def read_strings(arr: np.ndarray) -> list[str]:
    return bytes(arr.tobytes()).decode("utf-8").split("\n") if arr.size else []


def pack_strings(items: Sequence[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def merge_members(paths: Sequence[Path], out: Path) -> None:
    """Write one model file holding several trained members (same sparse-feature vocabulary and
    layer shapes): the tagger sums their emission and transition scores (a product of experts)."""
    zs = [dict(np.load(p)) for p in paths]
    feats = zs[0]["features"]
    arrays: dict[str, np.ndarray] = {"features": feats, "members": np.array(len(zs))}
    for g, z in enumerate(zs):
        if not np.array_equal(z["features"], feats):
            raise DataFileError("members have different sparse-feature vocabularies", value=str(paths[g]))
        for key, val in z.items():
            if key != "features":
                arrays[f"m{g}_{key}"] = val
    np.savez_compressed(out, **arrays)


class NeuralNer:
    """Loaded weights of the neural tagger; ``decode`` tags the sentences of one document.

    A model file holds one network or several members (``merge_members``), run side by side as
    one wider network whose layers after the first are block-diagonal (computed per member)."""

    def __init__(self, path: Path = NEURAL_PATH, vectors: Path = VECTORS_PATH) -> None:
        for p in (path, vectors):
            if not p.exists():
                raise DataFileError("neural NER model file not found", value=str(p))
        try:
            z = np.load(path)
            v = np.load(vectors)
        except (OSError, ValueError) as exc:
            raise DataFileError(f"cannot read the neural NER model: {exc}", value=str(path)) from exc
        self.feat_index = {f: i for i, f in enumerate(read_strings(z["features"]))}
        words = read_strings(v["words"])
        self.word_index = {w: i for i, w in enumerate(words)}
        self.vectors = np.vstack([v["vectors"].astype(np.float32), np.zeros((1, v["vectors"].shape[1]), np.float32)])
        self.unk = len(words)
        prefixes = [f"m{g}_" for g in range(int(z["members"]))] if "members" in z else [""]
        self.members = len(prefixes)
        wdim = self.vectors.shape[1]
        self.dilations = [int(d) for d in z[prefixes[0] + "dilations"]]
        self.feat_emb = np.concatenate([z[p + "feat_emb"].astype(np.float32) for p in prefixes], axis=1)
        fdim = z[prefixes[0] + "feat_emb"].shape[1]
        hidden = z[prefixes[0] + "conv0_b"].shape[0]
        self.hidden = hidden
        # per member: the first convolution (3 taps over [word vector ++ its own bag]) and the rest
        self.first = [(z[p + "conv0_w"].astype(np.float32), z[p + "conv0_b"].astype(np.float32)) for p in prefixes]
        # layers after the first: weights (3 * hidden) x hidden as stored (plain form, for
        # emissions_reference), and hidden x (3 * hidden), the taps side by side (for _upper)
        self.convs = [
            [(z[f"{p}conv{k}_w"].astype(np.float32), z[f"{p}conv{k}_b"].astype(np.float32))
             for k in range(1, len(self.dilations))]
            for p in prefixes
        ]
        self._convs_taps = [
            [(np.ascontiguousarray(np.concatenate([w[:hidden], w[hidden : 2 * hidden], w[2 * hidden :]], axis=1)), b)
             for w, b in convs]
            for convs in self.convs
        ]
        self.out_w = np.concatenate([z[p + "out_w"].astype(np.float32) for p in prefixes], axis=0)
        self.out_b = sum(z[p + "out_b"].astype(np.float32) for p in prefixes)
        allowed, start_ok = bio_allowed()
        self.trans = np.where(allowed, sum(z[p + "trans"].astype(np.float32) for p in prefixes), NEG)
        self.start = np.where(start_ok, sum(z[p + "start"].astype(np.float32) for p in prefixes), NEG)
        self.end = sum(z[p + "end"].astype(np.float32) for p in prefixes)
        self.pad = max(self.dilations)
        # the first layer of all members as one matrix: input [word vector ++ bags of all members]
        # -> [tap t-d | tap t | tap t+d], each tap [member 0 | member 1 | ...] x hidden
        k, h = self.members, hidden
        w1 = np.zeros((wdim + k * fdim, 3 * k * h), np.float32)
        for g, (w, _) in enumerate(self.first):
            d0 = wdim + fdim
            for tap in range(3):
                cols = slice(tap * k * h + g * h, tap * k * h + (g + 1) * h)
                block = w[tap * d0 : (tap + 1) * d0]
                w1[:wdim, cols] = block[:wdim]
                w1[wdim + g * fdim : wdim + (g + 1) * fdim, cols] = block[wdim:]
        self._w1 = w1
        self._b1 = np.concatenate([b for _, b in self.first])
        self._form = lru_cache(maxsize=200_000)(self._form_vector)
        self._form_projection = lru_cache(maxsize=200_000)(self._form_projection)  # type: ignore[method-assign]

    def _form_vector(self, word: str) -> np.ndarray:
        """The per-form part of a word's input: word vector ++ summed own-feature embeddings."""
        info = word_info(word)
        ids = [self.feat_index[f] for f in own_features(info) if f in self.feat_index]
        bag = self.feat_emb[ids].sum(axis=0) if ids else np.zeros(self.feat_emb.shape[1], np.float32)
        wid = self.word_index.get(info.base, self.word_index.get(info.norm, self.unk))
        return np.concatenate([self.vectors[wid], bag])

    def _form_projection(self, word: str) -> np.ndarray:
        """The form's input times the three taps of the first convolution (3 x hidden), cached:
        the first layer then costs additions only."""
        return self._form(word) @ self._w1

    def emissions(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Emission scores (n_words x n_tags) of each non-empty sentence of one document."""
        with single_thread_blas():
            return self._emissions(sentences)

    def _layout(self, sentences: Sequence[Sequence[str]]) -> tuple[list[tuple[int, int]], list[int], list[int], int]:
        """Sentences laid end to end with ``pad`` zero rows around each: their (start, end) rows,
        and the (row, feature id) pairs of the per-token features."""
        _, extras = token_features(sentences)
        pad = self.pad
        spans: list[tuple[int, int]] = []
        extra_rows: list[int] = []
        extra_ids: list[int] = []
        pos = pad
        index = self.feat_index
        for words, ext in zip(sentences, extras):
            for i, fs in enumerate(ext):
                for f in fs:
                    k = index.get(f)
                    if k is not None:
                        extra_rows.append(pos + i)
                        extra_ids.append(k)
            spans.append((pos, pos + len(words)))
            pos += len(words) + pad
        return spans, extra_rows, extra_ids, pos

    def _upper(self, h: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
        """Layers after the first, member by member (residual); the emission scores per sentence."""
        hid = self.hidden
        outs = []
        for g, convs in enumerate(self._convs_taps):
            hg = h[:, g * hid : (g + 1) * hid]
            for (w, b), d in zip(convs, self.dilations[1:]):
                # the three taps in one matmul, then shifted: row t gets tap0(t-d) + tap1(t) + tap2(t+d)
                taps = hg @ w
                pre = taps[:, hid : 2 * hid] + b
                pre[d:] += taps[:-d, :hid]
                pre[:-d] += taps[d:, 2 * hid :]
                hg = np.maximum(pre, 0.0) * mask + hg
            outs.append(hg)
        return outs

    def _emissions(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        spans, extra_rows, extra_ids, total = self._layout(sentences)
        width = self.members * self.hidden
        mask = np.zeros((total, 1), np.float32)
        form = self._form_projection
        zero = np.zeros(3 * width, np.float32)
        pads = [zero] * self.pad
        vecs: list[np.ndarray] = list(pads)
        for (a, b), words in zip(spans, sentences):
            mask[a:b] = 1.0
            vecs.extend(form(w) for w in words)
            vecs.extend(pads)
        proj = np.stack(vecs)
        if extra_ids:
            # per-token features: summed in the (narrow) embedding space, then projected once
            rows = np.array(extra_rows)  # ascending: _layout walks the tokens in order
            first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            emb = self.feat_emb[np.array(extra_ids)]
            bounds = np.r_[first, len(rows)]
            summed = emb[first]  # rows with one feature (most): their embedding
            for i in np.flatnonzero(np.diff(bounds) > 1):  # (np.add.reduceat is slower here)
                summed[i] = emb[bounds[i] : bounds[i + 1]].sum(axis=0)
            proj[rows[first]] += summed @ self._w1[self.vectors.shape[1]:]
        d = self.dilations[0]
        pre = proj[:, width : 2 * width] + self._b1
        pre[d:] += proj[:-d, :width]
        pre[:-d] += proj[d:, 2 * width :]
        h = np.maximum(pre, 0.0) * mask
        hid = self.hidden
        scores = self.out_b + sum(hg @ self.out_w[g * hid : (g + 1) * hid] for g, hg in enumerate(self._upper(h, mask)))
        return [scores[a:b] for a, b in spans]

    def emissions_reference(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """The same scores computed plainly, member by member (the input matrix, then every layer,
        then the sum of the members' scores): for tests."""
        spans, extra_rows, extra_ids, total = self._layout(sentences)
        wdim = self.vectors.shape[1]
        x = np.zeros((total, self.feat_emb.shape[1] + wdim), np.float32)
        mask = np.zeros((total, 1), np.float32)
        for (a, b), words in zip(spans, sentences):
            for i, w in enumerate(words):
                x[a + i] = self._form_vector(w)
            mask[a:b] = 1.0
        for r, k in zip(extra_rows, extra_ids):
            x[r, wdim:] += self.feat_emb[k]
        fdim = (x.shape[1] - wdim) // self.members
        hid = self.hidden
        scores = np.zeros((total, len(TAGS)), np.float32)
        for g, ((w1, b1), convs) in enumerate(zip(self.first, self.convs)):
            h = np.concatenate([x[:, :wdim], x[:, wdim + g * fdim : wdim + (g + 1) * fdim]], axis=1)
            for k, ((w, b), d) in enumerate(zip([(w1, b1), *convs], self.dilations)):
                # width-3 convolution over [h[t-d], h[t], h[t+d]]; padding rows stay zero
                out = np.maximum(np.concatenate([np.roll(h, d, axis=0), h, np.roll(h, -d, axis=0)], axis=1) @ w + b, 0.0)
                h = out * mask + (h if k > 0 else 0.0)
            scores += h @ self.out_w[g * hid : (g + 1) * hid]
        scores += self.out_b
        return [scores[a:b] for a, b in spans]

    def viterbi(self, emis: np.ndarray) -> list[int]:
        n = len(emis)
        score = self.start + emis[0]
        back = np.zeros((n, len(TAGS)), dtype=np.int64)
        trans = self.trans
        for t in range(1, n):
            cand = score[:, None] + trans
            back[t] = cand.argmax(axis=0)
            score = cand.max(axis=0) + emis[t]
        score = score + self.end
        best = [int(score.argmax())]
        for t in range(n - 1, 0, -1):
            best.append(int(back[t, best[-1]]))
        return best[::-1]

    def viterbi_batch(self, emis: list[np.ndarray]) -> list[list[int]]:
        """Viterbi over several sentences at once (padded; one numpy step per position)."""
        if not emis:
            return []
        lengths = np.array([len(e) for e in emis])
        b, n, k = len(emis), int(lengths.max()), len(TAGS)
        e = np.zeros((b, n, k), np.float32)
        for i, x in enumerate(emis):
            e[i, : len(x)] = x
        back = np.zeros((b, n, k), dtype=np.int64)
        score = self.start[None, :] + e[:, 0]
        final = np.where(lengths[:, None] == 1, score + self.end, 0.0)
        trans = self.trans[None]
        for t in range(1, n):
            cand = score[:, :, None] + trans
            back[:, t] = cand.argmax(axis=1)
            score = cand.max(axis=1) + e[:, t]
            done = lengths == t + 1
            if done.any():
                final[done] = score[done] + self.end
        out: list[list[int]] = []
        for i, length in enumerate(lengths):
            best = [int(final[i].argmax())]
            for t in range(int(length) - 1, 0, -1):
                best.append(int(back[i, t, best[-1]]))
            out.append(best[::-1])
        return out

    def decode(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags of clean, non-empty sentences of one document."""
        paths = self.viterbi_batch(self.emissions(sentences))
        return [[TAGS[j] for j in p] for p in paths]

    def marginals(self, words: Sequence[str], tags: Sequence[str]) -> list[float]:
        """CRF marginal probability of each given tag of one sentence (forward-backward)."""
        emis = self.emissions([words])[0]
        n = len(emis)
        trans = self.trans
        alpha = np.zeros_like(emis)
        beta = np.zeros_like(emis)
        alpha[0] = self.start + emis[0]
        for t in range(1, n):
            alpha[t] = np.logaddexp.reduce(alpha[t - 1][:, None] + trans, axis=0) + emis[t]
        beta[-1] = self.end
        for t in range(n - 2, -1, -1):
            beta[t] = np.logaddexp.reduce(trans + (emis[t + 1] + beta[t + 1])[None, :], axis=1)
        logz = np.logaddexp.reduce(alpha[-1] + self.end)
        post = np.exp(alpha + beta - logz)
        index = {t: j for j, t in enumerate(TAGS)}
        return [float(min(1.0, max(0.0, post[i, index[t]]))) for i, t in enumerate(tags)]
