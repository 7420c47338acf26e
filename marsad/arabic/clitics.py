"""Clitic segmentation of one Arabic word (in matching-normalized spelling).

``split(word)`` returns a :class:`Split`: how many letters of proclitics (conjunction,
preposition), whether the article ال follows, and how many letters of pronoun enclitic. A split is
made only when the stem is known (the vocabulary built by ``scripts/build_arabic_vocab.py`` or a
name the knowledge base adds with :func:`add_known`) and the whole word is not itself a known word
that is more frequent -- so "وتركيا" is و + تركيا, "بإسطنبول" is ب + إسطنبول, but "وزير",
"بغداد" and "لبنان" stay whole. Knowledge lives in ``data/arabic/clitics.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.arabic.normalize import DATA, norm


@dataclass(frozen=True, slots=True)
class Split:
    """Letters of ``word`` (normalized) taken by proclitics / enclitic, and the article flag.

    ``pre`` counts proclitic letters (و، ف، ب، ل، ك; for لل it counts the ل only), ``det`` is
    true when the stem begins with the article (ال, or the ل of لل), ``suf`` counts enclitic
    letters.
    """

    pre: int = 0
    det: bool = False
    suf: int = 0


NO_SPLIT = Split()


@dataclass(slots=True)
class CliticModel:
    conj: tuple[str, ...]
    prep: tuple[str, ...]
    article: str
    lam_article: str
    enclitics: tuple[str, ...]
    min_stem: int
    min_stem_count: int
    max_word_ratio: float
    no_split: frozenset[str]
    vocab: dict[str, int]
    version: int

    def known(self, stem: str) -> int:
        return self.vocab.get(stem, 0)


def _read_vocab(path: Path) -> dict[str, int]:
    vocab: dict[str, int] = {}
    if not path.exists():
        return vocab
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line or line.startswith("#"):
                continue
            word, _, count = line.rstrip("\n").partition("\t")
            if word:
                vocab[word] = int(count or 1)
    return vocab


@lru_cache(maxsize=1)
def model() -> CliticModel:
    with (DATA / "clitics.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return CliticModel(
        conj=tuple(raw["conjunctions"]),
        prep=tuple(raw["prepositions"]),
        article=raw["article"],
        lam_article=raw["lam_article"],
        enclitics=tuple(sorted(raw["enclitics"], key=len, reverse=True)),
        min_stem=int(raw["min_stem"]),
        min_stem_count=int(raw["min_stem_count"]),
        max_word_ratio=float(raw["max_word_ratio"]),
        no_split=frozenset(norm(w) for w in raw["no_split"]),
        vocab=_read_vocab(DATA / "vocab.tsv"),
        version=int(raw.get("version", 1)),
    )


def add_known(words: list[str] | set[str], *, count: int = 1000) -> None:
    """Teach the segmenter stems it must know (e.g. place and person names from the KB)."""
    m = model()
    for w in words:
        n = norm(w)
        if n and m.vocab.get(n, 0) < count:
            m.vocab[n] = count
    split.cache_clear()


def _stem_ok(m: CliticModel, word: str, stem: str) -> bool:
    if len(stem) < m.min_stem:
        return False
    if stem.startswith(m.article) and len(stem) > len(m.article) + 1:
        return True  # و + ال... : the article after a proclitic is near-certain
    stem_count = m.known(stem)
    if stem_count < m.min_stem_count:
        return False
    return m.known(word) <= stem_count * m.max_word_ratio


@lru_cache(maxsize=4)
def _enclitics_by_length(enclitics: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """The enclitics grouped by length, longest first (as ``CliticModel.enclitics`` is sorted)."""
    lengths = sorted({len(e) for e in enclitics}, reverse=True)
    return tuple((n, frozenset(e for e in enclitics if len(e) == n)) for n in lengths)


def _enclitic(m: CliticModel, stem: str) -> int:
    """Letters of a pronoun enclitic at the end of ``stem`` (no article), if the host is known."""
    # at most one enclitic of each length ends the stem: try them longest first, as
    # m.enclitics (sorted by length) would be tried one by one
    for n, encs in _enclitics_by_length(m.enclitics):
        enc = stem[-n:]
        if enc in encs and len(stem) - n >= max(m.min_stem, 2):
            host = stem[: -len(enc)]
            if m.known(stem) > m.known(host):
                continue
            if m.known(host) >= m.min_stem_count:
                return len(enc)
            # ta marbuta before a suffix is written ت: حكومته = حكومة + ه
            if host.endswith("ت") and m.known(host[:-1] + "ه") >= m.min_stem_count:
                return len(enc)
    return 0


@lru_cache(maxsize=200_000)
def split(word: str, *, final_ta: bool = False) -> Split:
    """Clitic analysis of a normalized Arabic word.

    ``final_ta``: the original word ends in ta marbuta (ة), which normalization writes ه; such a
    word has no pronoun enclitic.
    """
    m = model()
    if len(word) <= m.min_stem or word in m.no_split:
        return NO_SPLIT
    pre = 0
    rest = word
    # conjunction
    if rest[0] in m.conj and len(rest) > m.min_stem:
        cand = rest[1:]
        if cand in m.no_split or _stem_ok(m, rest, cand) or _has_proclitic_stem(m, cand):
            pre, rest = 1, cand
    # preposition (ل + ال = لل)
    if rest and rest in m.no_split:
        return Split(pre=pre)
    if rest.startswith(m.lam_article) and len(rest) > len(m.lam_article) + 1 and rest not in m.no_split:
        return Split(pre=pre + 1, det=True)
    if rest and rest[0] in m.prep and len(rest) > m.min_stem:
        cand = rest[1:]
        if cand in m.no_split or _stem_ok(m, rest, cand):
            pre, rest = pre + 1, cand
    if rest in m.no_split:
        return Split(pre=pre)
    det = rest.startswith(m.article) and len(rest) > len(m.article) + 1
    suf = 0 if det or final_ta else _enclitic(m, rest)
    return Split(pre=pre, det=det, suf=suf)


def _has_proclitic_stem(m: CliticModel, cand: str) -> bool:
    """و/ف followed by a preposition + known stem: "وبإسطنبول", "ولتركيا"."""
    if cand.startswith(m.lam_article) and len(cand) > len(m.lam_article) + 1:
        return True
    if cand and cand[0] in m.prep and len(cand) > m.min_stem + 1:
        inner = cand[1:]
        return inner in m.no_split or _stem_ok(m, cand, inner)
    return False
