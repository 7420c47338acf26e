"""The trained Arabic NER tagger and the CoNLL tagging helper.

Two models share this interface: the linear-chain CRF (python-crfsuite, ``ner.crfsuite``, trained by
``scripts/train_ner.py``) and the neural tagger (numpy at run time, ``ner_neural.npz`` +
``word_vectors.npz``, trained by ``scripts/train_ner_neural.py``, see ``ner_neural.py``).
``SHIPPED_MODEL`` names the one ``load_tagger()`` loads (once per process); ``load_tagger("crf")``
or ``load_tagger("neural")`` loads a given one. ``NerTagger.tag(words)`` tags one sentence of
orthographic words with ANERcorp tags (``B-PERS I-PERS B-LOC I-LOC B-ORG I-ORG B-MISC I-MISC O``).
``tag_conll_lines`` serves ``marsad tag-conll``. Scores: ``MODEL_CARD.md``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from marsad.errors import DataFileError, EmptyInputError, InputError
from marsad.eval.conll import chunks
from marsad.extract.ner_features import (
    FEATURE_VERSION,
    NER_DATA,
    document_features,
    lexicons,
    sentence_features,
    use_variant,
    word_info,
)
from marsad.extract.ner_neural import NeuralNer

MODEL_PATH = NER_DATA / "ner.crfsuite"
NEURAL_MODEL_PATH = NER_DATA / "ner_neural.npz"
MODELS = {"crf": MODEL_PATH, "neural": NEURAL_MODEL_PATH}
SHIPPED_MODEL = "crf"  # the model load_tagger() and `marsad tag-conll` use
TAGS = ("B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC", "O")
MAX_SENTENCE_WORDS = 2000  # longer "sentences" are tagged in windows of this size
DOC_WINDOW = 40  # CoNLL input (no article boundaries) is tagged in documents of this many sentences


class NerTagger:
    """A loaded model: the CRF (``*.crfsuite``) or the neural tagger (``*.npz``). Safe to share
    between threads (tagging is serialized per tagger)."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        if not path.exists():
            raise DataFileError("NER model file not found", value=str(path))
        meta_path = path.with_suffix(".json")
        self.meta: dict[str, object] = {}
        if meta_path.exists():
            self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
            version = self.meta.get("feature_version")
            if version is not None and version != FEATURE_VERSION:
                raise DataFileError(
                    f"NER model was trained with feature version {version}, the code has {FEATURE_VERSION}",
                    value=str(path),
                )
            variant = self.meta.get("lexicons")
            if isinstance(variant, str):
                use_variant(variant)  # the open variant has its own lexicons
        self._lock = threading.Lock()
        self.path = path
        self._neural: NeuralNer | None = None
        self.kind = "neural" if path.suffix == ".npz" else "crf"
        if self.kind == "neural":
            self._neural = NeuralNer(path)
            return
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(path))
        except (OSError, ValueError) as exc:
            raise DataFileError(f"cannot open the NER model: {exc}", value=str(path)) from exc

    def _decode(self, sentences: list[list[str]]) -> list[list[str]]:
        """CRF tags of clean, non-empty sentences of one document (document features)."""
        pieces: list[list[str]] = []
        owner: list[int] = []
        for k, words in enumerate(sentences):
            for start in range(0, len(words), MAX_SENTENCE_WORDS):
                pieces.append(words[start : start + MAX_SENTENCE_WORDS])
                owner.append(k)
        out: list[list[str]] = [[] for _ in sentences]
        if self._neural is not None:
            with self._lock:
                for k, t in zip(owner, self._neural.decode(pieces)):
                    out[k].extend(t)
            return out
        feats = document_features(pieces)
        with self._lock:
            for k, f in zip(owner, feats):
                out[k].extend(self._tagger.tag(f))
        return out

    @staticmethod
    def _clean(words: Sequence[str]) -> list[str]:
        if any(not isinstance(w, str) for w in words):
            raise InputError("NER input words must be strings", value=list(words)[:5])
        return [w.strip() or "_" for w in words]

    def tag(self, words: Sequence[str]) -> list[str]:
        """ANERcorp BIO tags for one sentence of orthographic words (a document of one sentence)."""
        if not words:
            return []
        return self._decode([self._clean(words)])[0]

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Each sentence tagged on its own (no document features across sentences)."""
        return [self.tag(s) for s in sentences]

    def tag_document(self, sentences: Sequence[Sequence[str]], *, propagate: bool = True) -> list[list[str]]:
        """Tags for the sentences of one article: the CRF sees document features (what the other
        occurrences of a word form in the article say about it, see
        :func:`marsad.extract.ner_features.document_features`).

        With ``propagate``, one more correction: a word left ``O`` whose clitic-free base is the last
        word of a PERS entity elsewhere in the same article becomes ``B-PERS`` (a surname standing
        alone: "قال بوتين" after "فلاديمير بوتين"); so does a one-word entity of another type with that
        base. Bases of fewer than 3 letters and trigger words (titles ...) are not propagated.
        """
        clean = [self._clean(s) for s in sentences]
        idx = [k for k, words in enumerate(clean) if words]
        decoded = self._decode([clean[k] for k in idx]) if idx else []
        tags: list[list[str]] = [[] for _ in clean]
        for k, t in zip(idx, decoded):
            tags[k] = t
        if not propagate:
            return tags
        lex = lexicons()
        surnames: set[str] = set()
        for words, sent_tags in zip(clean, tags):
            for typ, _, end in chunks(sent_tags):
                if typ == "PERS":
                    base = word_info(words[end - 1]).base
                    if len(base) >= 3 and base not in lex.triggers:
                        surnames.add(base)
        if not surnames:
            return tags
        for words, sent_tags in zip(clean, tags):
            # one-word entities of another type may be the surname too ("وأشار "كيشيلي"" as ORG)
            single = {a for typ, a, end in chunks(sent_tags) if end == a + 1 and typ != "PERS"}
            for i, word in enumerate(words):
                if (sent_tags[i] == "O" or i in single) and word_info(word).base in surnames:
                    sent_tags[i] = "B-PERS"
        return tags

    def marginals(self, words: Sequence[str]) -> list[float]:
        """Probability of each predicted tag (the CRF marginal), for confidence scores."""
        if not words:
            return []
        tags = self.tag(words)
        clean = [w.strip() or "_" for w in words]
        out: list[float] = []
        for start in range(0, len(clean), MAX_SENTENCE_WORDS):
            chunk = clean[start : start + MAX_SENTENCE_WORDS]
            if self._neural is not None:
                with self._lock:
                    out.extend(self._neural.marginals(chunk, tags[start : start + len(chunk)]))
                continue
            with self._lock:
                self._tagger.set(sentence_features(chunk))
                out.extend(
                    self._tagger.marginal(tags[start + i], i) for i in range(len(chunk))
                )
        return out


_LOAD_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def _cached(kind: str) -> NerTagger:
    return NerTagger(MODELS[kind])


def load_tagger(kind: str | None = None) -> NerTagger:
    """The shipped tagger (``SHIPPED_MODEL``), or the ``crf`` / ``neural`` one; loaded once per process."""
    kind = kind or SHIPPED_MODEL
    if kind not in MODELS:
        raise InputError("unknown NER model (crf or neural)", value=kind)
    with _LOAD_LOCK:
        return _cached(kind)


def tag_conll_lines(lines: Sequence[str]) -> list[str]:
    """Tag CoNLL-style lines: the token is the first column; blank lines separate sentences.

    Returns the tokens with a TAB and the predicted tag (other input columns are dropped); blank
    lines are kept where they were. CoNLL files have no article boundaries: every ``DOC_WINDOW``
    consecutive sentences are tagged as one document (``NerTagger.tag_document``).
    """
    if not any(line.strip() for line in lines):
        raise EmptyInputError("no tokens to tag (empty input)")
    tagger = load_tagger()
    sentences: list[list[str]] = []
    layout: list[int] = []  # per line: -1 blank, else the index of its sentence
    current: list[str] | None = None
    for line in lines:
        stripped = line.strip()
        if not stripped:
            current = None
            layout.append(-1)
            continue
        if current is None:
            current = []
            sentences.append(current)
        current.append(stripped.split()[0])
        layout.append(len(sentences) - 1)
    tags: list[list[str]] = []
    for start in range(0, len(sentences), DOC_WINDOW):
        tags.extend(tagger.tag_document(sentences[start : start + DOC_WINDOW]))
    out: list[str] = []
    pos = [0] * len(sentences)
    for k in layout:
        if k < 0:
            out.append("")
            continue
        i = pos[k]
        pos[k] += 1
        out.append(f"{sentences[k][i]}\t{tags[k][i]}")
    return out
