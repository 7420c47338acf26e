"""CRF features for Arabic NER, shared by training (``scripts/train_ner.py``) and tagging.

:func:`sentence_features` turns one sentence of orthographic words into one list of string
features per word. What a word contributes by itself (normalized form, clitic-stripped base,
affixes, shape, gazetteer and trigger classes, word cluster) and what it contributes to its
neighbours' feature lists are computed once per distinct word and cached, so that tagging stays
fast; only multi-word gazetteer matches are computed per sentence (and only from words that begin a
name). :func:`document_features` adds, for a whole article (or a window of corpus sentences), what
the other occurrences of each word form say about it (feature version 4).

The lexicons are data files in ``marsad/data/models/ner/`` (built by
``scripts/build_ner_lexicons.py``; triggers written by hand; clusters by
``scripts/build_ner_clusters.py``). ``FEATURE_VERSION`` changes whenever the features change, and
the model records the version it was trained with, and its lexicon variant (``full``: SaudiNewsNet
clusters, a CC BY-NC-SA adaptation, and the research-only ANERGazet lists; ``open``: neither).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.arabic.clitics import split
from marsad.arabic.normalize import norm
from marsad.errors import DataFileError

FEATURE_VERSION = 4
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
    heads: dict[str, int]  # first word of a multi-word name -> the longest such name's length


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


# Lexicon variants: "full" uses the SaudiNewsNet cluster table (CC BY-NC-SA 4.0 adaptation) and the
# research-only ANERGazet lists; "open" (the --variant open model) uses neither.
VARIANTS = ("full", "open")
_RESEARCH_ONLY = frozenset({"anergazet_loc.txt", "anergazet_org.txt", "anergazet_pers.txt"})
_CLUSTER_FILE = {"full": "clusters.tsv", "open": "clusters_open.tsv"}
_active_variant = ["full"]


def use_variant(variant: str) -> None:
    """Select the lexicons of the model in use (``full`` or ``open``); clears the word cache."""
    if variant not in VARIANTS:
        raise DataFileError("unknown NER lexicon variant", value=variant)
    if _active_variant[0] != variant:
        _active_variant[0] = variant
        word_info.cache_clear()


def active_variant() -> str:
    return _active_variant[0]


def lexicons(folder: Path = NER_DATA, variant: str | None = None) -> Lexicons:
    """The lexicons of the active variant unless ``variant`` names one."""
    return _lexicons(folder, variant or _active_variant[0])


@lru_cache(maxsize=4)
def _lexicons(folder: Path, variant: str) -> Lexicons:
    phrases: dict[tuple[str, ...], set[str]] = {}
    words: dict[str, set[str]] = {}
    for cls, files in GAZETTEERS.items():
        for fname in files:
            if variant == "open" and fname in _RESEARCH_ONLY:
                continue
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
    cpath = folder / _CLUSTER_FILE[variant]
    if cpath.exists():
        for line in _read_list(cpath):
            word, _, cid = line.partition("\t")
            if word and cid:
                clusters[word] = cid
    heads: dict[str, int] = {}
    for toks in phrases:
        if len(toks) > 1:
            heads[toks[0]] = max(heads.get(toks[0], 0), len(toks))
    return Lexicons(
        heads=heads,
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
    dkey: str  # key of its document-level evidence ("" = none: short, punctuation, trigger)
    dleft: tuple[str, ...]  # evidence it gives, as the left neighbour, to the next word's form
    dright: tuple[str, ...]  # the same as the right neighbour


@lru_cache(maxsize=300_000)
def word_info(word: str) -> WordInfo:
    lex = _lexicons(NER_DATA, _active_variant[0])
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
    cl = lex.clusters.get(base) or lex.clusters.get(n) or ""
    coarse, _, rest = cl.partition(".")
    fine, _, finest = rest.partition(".")
    if cl:
        f.append("cc=" + coarse)
        f.append("c=" + fine)
        if finest:
            f.append("cf=" + finest)
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
                g.append(tag + "c=" + fine)
                g.append(tag + "cc=" + coarse)
        g.extend(tag + "t=" + c for c in sorted(trig))
        ctx[off] = tuple(g)
    evidence = [c for c in sorted(classes) if not c.startswith("part")] + ["t" + c for c in sorted(trig)]
    if cl:
        evidence.append("c" + coarse)
    dkey = base if len(base) >= 3 and sh in ("ar", "lat", "Lat") and not trig else ""
    return WordInfo(
        norm=n, base=base, own=tuple(f), ctx=ctx, dkey=dkey,
        dleft=tuple("Dp" + e for e in evidence), dright=tuple("Dn" + e for e in evidence),
    )


def _gazetteer_spans(infos: Sequence[WordInfo], lex: Lexicons) -> list[list[str]]:
    """B-/I- features of the longest multi-word gazetteer names found in the sentence."""
    n = len(infos)
    out: list[list[str]] = [[] for _ in range(n)]
    heads = lex.heads
    i = 0
    while i < n:
        first = infos[i]
        longest = max(heads.get(first.norm, 0), heads.get(first.base, 0))
        matched = 0
        for size in range(min(longest, n - i), 1, -1):
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


def _sentence(infos: Sequence[WordInfo], gaz: Sequence[list[str]]) -> list[list[str]]:
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


def _evidence(infos: Sequence[WordInfo], gaz: Sequence[list[str]], i: int) -> set[str]:
    """What one occurrence says about its form: classes of its neighbours, gazetteer names."""
    ev: set[str] = set()
    if i > 0:
        ev.update(infos[i - 1].dleft)
    else:
        ev.add("Dbos")
    if i + 1 < len(infos):
        ev.update(infos[i + 1].dright)
    ev.update("D" + g for g in gaz[i])
    return ev


def document_evidence(
    all_infos: Sequence[Sequence[WordInfo]], all_gaz: Sequence[Sequence[list[str]]]
) -> list[list[list[str]]]:
    """Per word of each sentence of a document: what the *other* occurrences of the same
    clitic-free form in the document say about it (``D#`` how often it recurs, ``Dp*``/``Dn*``
    classes of the words around those occurrences, ``DgB=``/``DgI=`` gazetteer names they were part
    of); empty lists for words that do not recur."""
    out: list[list[list[str]]] = [[[] for _ in infos] for infos in all_infos]
    occurrences: dict[str, list[tuple[int, int]]] = {}
    for s, infos in enumerate(all_infos):
        for i, info in enumerate(infos):
            if info.dkey:
                occurrences.setdefault(info.dkey, []).append((s, i))
    for occ in occurrences.values():
        if len(occ) < 2:
            continue
        evs = [_evidence(all_infos[s], all_gaz[s], i) for s, i in occ]
        counts: dict[str, int] = {}
        for ev in evs:
            for e in ev:
                counts[e] = counts.get(e, 0) + 1
        recur = "D#=" + (str(len(occ) - 1) if len(occ) < 4 else "3+")
        for (s, i), ev in zip(occ, evs):
            f = out[s][i]
            f.append(recur)
            f.extend(e for e, c in counts.items() if c > (e in ev))
    return out


def document_features(sentences: Sequence[Sequence[str]]) -> list[list[list[str]]]:
    """Features of the sentences of one document (an article, or consecutive corpus sentences).

    The sentence features, plus what the *other* occurrences of the same clitic-free form in the
    document say about it (:func:`document_evidence`): ``D#`` how often it recurs, ``Dp*``/``Dn*``
    gazetteer, trigger and coarse cluster classes of the words around those occurrences (a surname
    standing alone after a full-name mention), ``DgB=``/``DgI=`` gazetteer names they were part of.
    """
    lex = _lexicons(NER_DATA, _active_variant[0])
    all_infos = [[word_info(w) for w in words] for words in sentences]
    all_gaz = [_gazetteer_spans(infos, lex) for infos in all_infos]
    out = [_sentence(infos, gaz) for infos, gaz in zip(all_infos, all_gaz)]
    for feats, evidence in zip(out, document_evidence(all_infos, all_gaz)):
        for f, ev in zip(feats, evidence):
            f.extend(ev)
    return out


def sentence_features(words: Sequence[str]) -> list[list[str]]:
    """One list of string features per word of one sentence (a document of one sentence)."""
    return document_features([words])[0]
