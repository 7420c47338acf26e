"""CRF features for Arabic NER, shared by training (``scripts/train_ner.py``) and tagging.

:func:`sentence_features` turns one sentence of orthographic words into one list of string
features per word. What a word contributes by itself (normalized form, clitic-stripped base,
affixes, shape, gazetteer and trigger classes, word cluster) and what it contributes to its
neighbours' feature lists are computed once per distinct word and cached, so that tagging stays
fast; only multi-word gazetteer matches are computed per sentence.

The lexicons are data files in ``marsad/data/models/ner/`` (built by
``scripts/build_ner_lexicons.py``; triggers written by hand; clusters by
``scripts/build_ner_clusters.py``). ``FEATURE_VERSION`` changes whenever the features change, and
the model records the version it was trained with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.arabic.clitics import split
from marsad.arabic.normalize import norm
from marsad.errors import DataFileError

FEATURE_VERSION = 3
NER_DATA = Path(__file__).resolve().parent.parent / "data" / "models" / "ner"
MAX_GAZ_WORDS = 4

_AR = ("\u0621", "\u064a")


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Normalized name lists: ``phrases`` maps a name of 1..4 words to its gazetteer classes."""

    phrases: dict[tuple[str, ...], frozenset[str]]
    words: dict[str, frozenset[str]]  # single words: their classes, and "part of a <class> name"
    triggers: dict[str, frozenset[str]]
    clusters: dict[str, str]


def _read_list(path: Path) -> list[str]:
    if not path.exists():
        raise DataFileError("NER lexicon not found", value=str(path))
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


GAZETTEERS: dict[str, tuple[str, ...]] = {
    "LOC": ("gaz_loc.txt", "anergazet_loc.txt"),
    "GIV": ("gaz_given.txt",),
    "SUR": ("gaz_surname.txt",),
    "NP": ("gaz_namepart.txt",),
    "PER": ("anergazet_pers.txt",),
    "ORG": ("anergazet_org.txt",),
}


@lru_cache(maxsize=4)
def lexicons(folder: Path = NER_DATA) -> Lexicons:
    phrases: dict[tuple[str, ...], set[str]] = {}
    words: dict[str, set[str]] = {}
    for cls, files in GAZETTEERS.items():
        for fname in files:
            for name in _read_list(folder / fname):
                toks = tuple(norm(name).split())
                if not toks or len(toks) > MAX_GAZ_WORDS:
                    continue
                phrases.setdefault(toks, set()).add(cls)
                if len(toks) == 1:
                    words.setdefault(toks[0], set()).add(cls)
                else:
                    for t in toks:
                        if len(t) > 2:
                            words.setdefault(t, set()).add("part" + cls)
    triggers: dict[str, set[str]] = {}
    for line in _read_list(folder / "triggers.tsv"):
        word, _, cls = line.partition("\t")
        if word and cls:
            triggers.setdefault(norm(word), set()).add(cls.strip())
    clusters: dict[str, str] = {}
    cpath = folder / "clusters.tsv"
    if cpath.exists():
        for line in _read_list(cpath):
            word, _, cid = line.partition("\t")
            if word and cid:
                clusters[word] = cid
    return Lexicons(
        phrases={k: frozenset(v) for k, v in phrases.items()},
        words={k: frozenset(v) for k, v in words.items()},
        triggers={k: frozenset(v) for k, v in triggers.items()},
        clusters=clusters,
    )


def shape(word: str) -> str:
    """Coarse orthographic class: ar, lat, Lat (capitalized), num, punct, mix."""
    kinds = set()
    for ch in word:
        if _AR[0] <= ch <= _AR[1] or "\u0671" <= ch <= "\u06d3":
            kinds.add("ar")
        elif ch.isdigit():
            kinds.add("num")
        elif ch.isalpha():
            kinds.add("lat")
        elif ch in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640":
            continue
        else:
            kinds.add("punct")
    if len(kinds) != 1:
        return "mix" if kinds else "empty"
    kind = kinds.pop()
    if kind == "lat" and word[:1].isupper():
        return "Lat"
    return kind


@dataclass(frozen=True, slots=True)
class WordInfo:
    norm: str
    base: str
    own: tuple[str, ...]  # features of the word itself
    ctx: dict[int, tuple[str, ...]]  # features it gives to the word at relative offset -k


@lru_cache(maxsize=300_000)
def word_info(word: str) -> WordInfo:
    lex = lexicons()
    n = norm(word)
    sh = shape(word)
    f: list[str] = ["bias", "sh=" + sh]
    if word != n:
        f.append("w=" + word)
    length = len(n)
    f.append("len=" + (str(length) if length < 8 else "8+"))
    base = n
    if sh == "ar":
        sp = split(n, final_ta=word.endswith("\u0629"))
        base = n[sp.pre: len(n) - sp.suf if sp.suf else len(n)]
        if sp.det and not base.startswith("ال"):
            base = "ا" + base  # لل: the preposition took the article's alif (للشام = ل + الشام)
        if sp.pre:
            f.append("pre=" + n[: sp.pre])
        if sp.suf:
            f.append("suf=" + n[len(n) - sp.suf:])
        if sp.det:
            f.append("det")
            stem = base[2:]
        else:
            stem = base
        if stem != base:
            f.append("stem=" + stem)
        for k in (1, 2, 3, 4):
            if len(stem) > k:
                f.append(f"sp{k}=" + stem[:k])
                f.append(f"ss{k}=" + stem[-k:])
        for k in (1, 2, 3):
            if len(n) > k:
                f.append(f"p{k}=" + n[:k])
                f.append(f"s{k}=" + n[-k:])
    elif sh in ("lat", "Lat"):
        f.append("lw=" + word.lower())
    # identity: the clitic-free base always (shared by وبوتين and بوتين), the full form when different
    f.append("b=" + base)
    if n != base:
        f.append("n=" + n)
    classes: set[str] = set()
    for cand in {n, base} | ({base[2:]} if base.startswith("ال") and len(base) > 4 else set()):
        classes.update(lex.words.get(cand, ()))
    for c in sorted(classes):
        f.append("g=" + c)
    trig = lex.triggers.get(n, frozenset()) | lex.triggers.get(base, frozenset())
    for c in sorted(trig):
        f.append("t=" + c)
    cl = lex.clusters.get(base) or lex.clusters.get(n)
    if cl:
        f.append("c=" + cl)
        f.append("cc=" + cl.partition(".")[0])
    ctx: dict[int, tuple[str, ...]] = {}
    for off in (-2, -1, 1, 2):
        tag = f"[{off}]"
        g: list[str] = [tag + "b=" + base]
        if abs(off) == 1:
            if n != base:
                g.append(tag + "n=" + n)
            g.append(tag + "sh=" + sh)
            g.extend(tag + "g=" + c for c in sorted(classes) if not c.startswith("part"))
            if cl:
                g.append(tag + "c=" + cl)
        g.extend(tag + "t=" + c for c in sorted(trig))
        ctx[off] = tuple(g)
    return WordInfo(norm=n, base=base, own=tuple(f), ctx=ctx)


def _gazetteer_spans(infos: Sequence[WordInfo], lex: Lexicons) -> list[list[str]]:
    """B-/I- features of the longest multi-word gazetteer names found in the sentence."""
    n = len(infos)
    out: list[list[str]] = [[] for _ in range(n)]
    i = 0
    while i < n:
        matched = 0
        for size in range(min(MAX_GAZ_WORDS, n - i), 1, -1):
            first = infos[i]
            rest = tuple(x.norm for x in infos[i + 1: i + size])
            for head in (first.norm, first.base):
                classes = lex.phrases.get((head,) + rest)
                if classes:
                    for c in classes:
                        out[i].append("gB=" + c)
                        for k in range(i + 1, i + size):
                            out[k].append("gI=" + c)
                    matched = size
                    break
            if matched:
                break
        i += matched or 1
    return out


def sentence_features(words: Sequence[str]) -> list[list[str]]:
    """One list of string features per word of one sentence."""
    lex = lexicons()
    infos = [word_info(w) for w in words]
    gaz = _gazetteer_spans(infos, lex)
    n = len(infos)
    out: list[list[str]] = []
    for i, info in enumerate(infos):
        f = list(info.own)
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                f.extend(infos[j].ctx[off])
        if i > 0:
            f.append("bi-=" + infos[i - 1].norm + "|" + info.norm)
        if i + 1 < n:
            f.append("bi+=" + info.norm + "|" + infos[i + 1].norm)
        if gaz[i]:
            f.extend(gaz[i])
        out.append(f)
    return out
