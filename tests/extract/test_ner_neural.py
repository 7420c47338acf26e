"""The neural NER tagger runtime (marsad.extract.ner_neural) behind the NerTagger interface.

The runtime is tested on small models with random weights written here (the mechanics: alignment
of the output with the input words, BIO validity, determinism, the cached network against the plain
computation, merged members, loading errors); the dev score of a trained model is in MODEL_CARD.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from marsad.errors import DataFileError
from marsad.extract.ner import MAX_SENTENCE_WORDS, TAGS, NerTagger
from marsad.extract.ner_neural import (
    NeuralNer,
    bio_allowed,
    merge_members,
    own_features,
    pack_strings,
    read_strings,
    token_features,
)
from marsad.extract.ner_features import word_info

SEED = "رئيس جهاز الاستخبارات التركي إبراهيم قالن"
ARTICLE = [
    "قال الرئيس الروسي فلاديمير بوتين إن موسكو ستواصل دعم الحكومة السورية .".split(),
    "وأضاف بوتين في مؤتمر صحفي في الكرملين أن وزير الخارجية سيرغي لافروف سيزور دمشق .".split(),
    [],
    "وكانت وكالة الأنباء السعودية ( واس ) قد نقلت عن مصدر في الرياض أن الاجتماع سيعقد في جدة .".split(),
]


def bio_valid(tags: list[str]) -> bool:
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            return False
        prev = t
    return True


def write_model(folder: Path, seed: int, *, feat_dim: int = 8, hidden: int = 6) -> tuple[Path, Path]:
    """A model with random weights whose vocabulary holds the features of the test sentences."""
    rng = np.random.default_rng(seed)
    words = [w for s in ARTICLE for w in s] + SEED.split()
    infos, extras = token_features([s for s in ARTICLE if s])
    feats = sorted({f for w in words for f in own_features(word_info(w))}
                   | {f for sent in extras for tok in sent for f in tok})
    vec_words = sorted({word_info(w).base for w in words})[::2]  # half the words have a vector
    wdim = 4
    vectors = folder / "vectors.npz"
    np.savez_compressed(vectors, words=pack_strings(vec_words),
                        vectors=rng.normal(size=(len(vec_words), wdim)).astype(np.float16))
    arrays = {
        "features": pack_strings(feats),
        "feat_emb": rng.normal(scale=0.5, size=(len(feats), feat_dim)).astype(np.float16),
        "dilations": np.array([1, 2, 1]),
        "out_w": rng.normal(size=(hidden, len(TAGS))).astype(np.float32),
        "out_b": rng.normal(size=len(TAGS)).astype(np.float32),
        "trans": rng.normal(size=(len(TAGS), len(TAGS))).astype(np.float32),
        "start": rng.normal(size=len(TAGS)).astype(np.float32),
        "end": rng.normal(size=len(TAGS)).astype(np.float32),
    }
    for k in range(3):
        dim = wdim + feat_dim if k == 0 else hidden
        arrays[f"conv{k}_w"] = rng.normal(scale=0.5, size=(3 * dim, hidden)).astype(np.float32)
        arrays[f"conv{k}_b"] = rng.normal(scale=0.1, size=hidden).astype(np.float32)
    path = folder / f"model{seed}.npz"
    np.savez_compressed(path, **arrays)
    return path, vectors


@pytest.fixture()
def model(tmp_path: Path) -> tuple[Path, Path]:
    return write_model(tmp_path, 1)


def test_strings_round_trip() -> None:
    items = ["b=بوتين", "D#=3+", "sh=ar", ""]
    assert read_strings(pack_strings(items)) == items
    assert read_strings(pack_strings([])) == []


def test_tagger_over_neural_model_aligned_and_bio_valid(model: tuple[Path, Path], monkeypatch) -> None:
    path, vectors = model
    monkeypatch.setattr("marsad.extract.ner.NeuralNer", lambda p: NeuralNer(p, vectors))
    tagger = NerTagger(path)
    assert tagger.kind == "neural"
    out = tagger.tag_document(ARTICLE)
    assert [len(t) for t in out] == [len(s) for s in ARTICLE]
    assert all(set(t) <= set(TAGS) and bio_valid(t) for t in out), out
    assert tagger.tag_sentences([[], ["،"]])[0] == []
    assert len(tagger.tag_sentences([[], ["،"]])[1]) == 1
    odd = [" ", "Reuters", "2025", "!!"]
    assert len(tagger.tag(odd)) == 4
    long = (SEED.split() + ["و"]) * (MAX_SENTENCE_WORDS // 7 + 3)
    tags = tagger.tag(long)
    assert len(tags) == len(long) and bio_valid(tags)
    margins = tagger.marginals(SEED.split())
    assert len(margins) == 6 and all(0.0 <= m <= 1.0 for m in margins)


def test_deterministic_across_instances(model: tuple[Path, Path]) -> None:
    path, vectors = model
    a, b = NeuralNer(path, vectors), NeuralNer(path, vectors)
    sents = [s for s in ARTICLE if s]
    first = a.decode(sents)
    assert a.decode(sents) == first == b.decode(sents)
    assert a.marginals(SEED.split(), ["O"] * 6) == b.marginals(SEED.split(), ["O"] * 6)


def test_cached_network_equals_plain_computation(model: tuple[Path, Path]) -> None:
    net = NeuralNer(*model)
    sents = [s for s in ARTICLE if s]
    fast = net.emissions(sents)
    plain = net.emissions_reference(sents)
    assert [len(x) for x in fast] == [len(s) for s in sents]
    for x, y in zip(fast, plain):
        assert x.shape[1] == len(TAGS)
        np.testing.assert_allclose(x, y, rtol=1e-4, atol=1e-3)


def test_viterbi_bio_constraint_and_marginals(model: tuple[Path, Path]) -> None:
    net = NeuralNer(*model)
    allowed, start = bio_allowed()
    assert not start[TAGS.index("I-PERS")] and start[TAGS.index("B-PERS")]
    assert not allowed[TAGS.index("O"), TAGS.index("I-LOC")]
    assert not allowed[TAGS.index("B-PERS"), TAGS.index("I-LOC")]
    assert allowed[TAGS.index("B-LOC"), TAGS.index("I-LOC")] and allowed[TAGS.index("I-LOC"), TAGS.index("I-LOC")]
    rng = np.random.default_rng(3)
    emis = [rng.normal(scale=5.0, size=(int(rng.integers(1, 15)), len(TAGS))).astype(np.float32) for _ in range(30)]
    # I- tags strongly preferred by the emissions: the constraint must still hold
    emis.append(np.tile(np.where(np.array([t.startswith("I-") for t in TAGS]), 50.0, 0.0), (6, 1)).astype(np.float32))
    paths = net.viterbi_batch(emis)
    assert paths == [net.viterbi(e) for e in emis]
    assert all(bio_valid([TAGS[j] for j in p]) for p in paths)
    # the Viterbi path is the best-scoring valid path (brute force on short sentences)
    import itertools

    for e in emis[:10]:
        if len(e) > 4:
            continue
        best = max(
            itertools.product(range(len(TAGS)), repeat=len(e)),
            key=lambda p: net.start[p[0]] + sum(net.trans[a, b] for a, b in zip(p, p[1:]))
            + sum(e[i, j] for i, j in enumerate(p)) + net.end[p[-1]],
        )
        assert net.viterbi(e) == list(best)
    # marginals of all tags at a position sum to 1
    words = SEED.split()
    total = sum(np.array(net.marginals(words, [t] * len(words))) for t in TAGS)
    np.testing.assert_allclose(total, 1.0, atol=1e-4)


def test_merged_members_sum_scores(tmp_path: Path) -> None:
    a, vectors = write_model(tmp_path, 1)
    b, _ = write_model(tmp_path, 2)
    merged = tmp_path / "merged.npz"
    merge_members([a, b], merged)
    na, nb, nm = NeuralNer(a, vectors), NeuralNer(b, vectors), NeuralNer(merged, vectors)
    assert nm.members == 2
    sents = [s for s in ARTICLE if s]
    for x, y, z, r in zip(na.emissions(sents), nb.emissions(sents), nm.emissions(sents), nm.emissions_reference(sents)):
        np.testing.assert_allclose(z, x + y, rtol=1e-4, atol=1e-3)
        np.testing.assert_allclose(z, r, rtol=1e-4, atol=1e-3)
    # members with different vocabularies cannot be merged
    z = dict(np.load(b))
    z["features"] = pack_strings(["only"])
    other = tmp_path / "other.npz"
    np.savez(other, **z)
    with pytest.raises(DataFileError):
        merge_members([a, other], tmp_path / "bad.npz")


def test_missing_or_bad_files_raise(model: tuple[Path, Path], tmp_path: Path) -> None:
    path, vectors = model
    with pytest.raises(DataFileError):
        NeuralNer(tmp_path / "none.npz", vectors)
    with pytest.raises(DataFileError):
        NeuralNer(path, tmp_path / "no_vectors.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DataFileError):
        NeuralNer(bad, vectors)
