"""Readers for the Arabic NER corpora, their class maps, deduplication and the dev split.

Every reader returns :class:`TaggedSentence` objects with orthographic words and ANERcorp-style
tags (``B-PERS I-PERS B-LOC I-LOC B-ORG I-ORG B-MISC I-MISC O``):

* ANERcorp (``token TAG`` lines; a few malformed tags are repaired, see ``_ANER_FIX``),
* NewsFANE (``token<TAB>fine tag``; its clitic-segmented tokens are joined back into words and its
  50 fine classes mapped with ``data/models/ner/newsfane_map.tsv``),
* AQMAR (``token TAG``; PER/LOC/ORG/MIS*),
* Wojood (``token TAG TAG ...`` nested; flattened with ``data/models/ner/wojood_map.tsv``).

:func:`split_corpora` carves the development split from ANERcorp (contiguous blocks, fixed seed)
and removes from every training corpus the sentences whose text is in it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.arabic.normalize import norm
from marsad.errors import DataFileError

NER_DATA = Path(__file__).resolve().parent.parent / "data" / "models" / "ner"
TYPES = ("PERS", "LOC", "ORG", "MISC")
TAGS = ("O",) + tuple(f"{p}-{t}" for t in TYPES for p in ("B", "I"))

_ANER_FIX = {"B-PERS": "B-PERS", "B-ERS": "B-PERS", "B-OEG": "B-ORG", "B-ORF": "B-ORG",
             "IPERS": "I-PERS", "B-LOCI-PERS": "B-LOC"}

PROCLITICS = frozenset("وفبلك")
ENCLITICS = frozenset({"ه", "ها", "هم", "هما", "هن", "ي", "ك", "كم", "كما", "كن", "نا", "ني"})


@dataclass(slots=True)
class TaggedSentence:
    words: list[str]
    tags: list[str]
    source: str
    index: int = 0  # position in its corpus
    meta: dict[str, str] = field(default_factory=dict)

    def key(self) -> str:
        return text_key(self.words)


def text_key(words: Iterable[str]) -> str:
    """Segmentation-independent identity of a sentence: its normalized letters and digits."""
    return "".join(ch for ch in norm("".join(words)) if ch.isalnum())


def _clean_tag(tag: str) -> str:
    tag = _ANER_FIX.get(tag, tag)
    up = tag.upper()
    if up in TAGS:
        return up
    return "O"


def _blocks(path: Path, *, sep: str | None) -> Iterator[list[list[str]]]:
    """Blank-line separated blocks of split lines."""
    block: list[list[str]] = []
    with path.open(encoding="utf-8-sig") as fh:
        for raw in fh:
            line = raw.rstrip("\n\r")
            if not line.strip():
                if block:
                    yield block
                block = []
                continue
            block.append(line.split(sep) if sep else line.split())
    if block:
        yield block


def read_anercorp(path: Path) -> list[TaggedSentence]:
    out: list[TaggedSentence] = []
    for n, block in enumerate(_blocks(path, sep=None)):
        words = [parts[0] for parts in block]
        tags = [_clean_tag(parts[-1]) if len(parts) > 1 else "O" for parts in block]
        out.append(TaggedSentence(words, repair_bio(tags), "anercorp", n))
    return out


def read_map(path: Path) -> dict[str, str]:
    """A ``label<TAB>coarse type`` table (``#`` comments; a third column is the reason)."""
    table: dict[str, str] = {}
    if not path.exists():
        raise DataFileError("NER class map not found", value=str(path))
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or parts[1] not in TYPES + ("O",):
            raise DataFileError("bad class-map line", value=line, source=str(path))
        table[parts[0]] = parts[1]
    return table


def _map_tag(tag: str, table: dict[str, str]) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, _, label = tag.partition("-")
    coarse = table.get(label, "O")
    return "O" if coarse == "O" else f"{prefix}-{coarse}"


def join_clitics(words: list[str], tags: list[str]) -> tuple[list[str], list[str]]:
    """Glue clitics that a segmented corpus wrote as tokens back onto their word.

    A proclitic letter (و ف ب ل ك) joins the next Arabic token of two or more letters; a pronoun
    enclitic joins the previous Arabic token. The word keeps the tag of its stem, except that a
    proclitic inside an entity (``I-``) keeps the entity going.
    """
    out_w: list[str] = []
    out_t: list[str] = []
    pending = ""
    pending_tag = "O"
    n = len(words)
    for i, (w, t) in enumerate(zip(words, tags)):
        nxt = words[i + 1] if i + 1 < n else ""
        if w in PROCLITICS and len(nxt) >= 2 and nxt[0].isalpha() and not nxt.isascii():
            if not pending:
                pending_tag = t
            pending += w
            continue
        if pending:
            tag = pending_tag if pending_tag.startswith("I-") else t
            out_w.append(pending + w)
            out_t.append(tag)
            pending = ""
            continue
        if w in ENCLITICS and out_w and out_w[-1][-1:].isalpha() and not out_w[-1].isascii():
            out_w[-1] += w
            continue
        out_w.append(w)
        out_t.append(t)
    if pending:
        out_w.append(pending)
        out_t.append(pending_tag)
    return out_w, repair_bio(out_t)


def repair_bio(tags: list[str]) -> list[str]:
    """``I-X`` that does not continue an ``X`` becomes ``B-X``."""
    out = list(tags)
    prev = "O"
    for i, tag in enumerate(out):
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            out[i] = "B-" + tag[2:]
        prev = out[i]
    return out


def read_newsfane(path: Path, *, table: dict[str, str] | None = None) -> list[TaggedSentence]:
    table = table if table is not None else read_map(NER_DATA / "newsfane_map.tsv")
    out: list[TaggedSentence] = []
    for n, block in enumerate(_blocks(path, sep="\t")):
        words = [parts[0].strip() for parts in block]
        tags = [_map_tag(parts[1].strip() if len(parts) > 1 else "O", table) for parts in block]
        w, t = join_clitics(words, repair_bio(tags))
        out.append(TaggedSentence(w, t, "newsfane", n))
    return out


def read_aqmar(folder: Path, *, misc: str = "MISC") -> list[TaggedSentence]:
    """AQMAR; ``misc`` is the type given to its MIS0-3 classes ("O" drops them: AQMAR's MIS covers
    far more than ANERcorp's MISC, e.g. sciences and concepts in its Wikipedia articles)."""
    out: list[TaggedSentence] = []
    table = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG"}
    for path in sorted(folder.rglob("*.txt")):
        for block in _blocks(path, sep=None):
            words = [parts[0] for parts in block]
            tags = []
            for parts in block:
                tag = parts[-1] if len(parts) > 1 else "O"
                prefix, _, label = tag.partition("-")
                coarse = table.get(label, misc if label.startswith("MIS") else "O")
                tags.append(f"{prefix}-{coarse}" if prefix in ("B", "I") and label and coarse != "O" else "O")
            out.append(TaggedSentence(words, repair_bio(tags), "aqmar", len(out), {"file": path.name}))
    return out


def _layer_chunks(tags: list[str]) -> list[tuple[str, int, int]]:
    from marsad.eval.conll import chunks

    return chunks(tags)


def read_wojood(folder: Path, *, table: dict[str, str] | None = None) -> list[TaggedSentence]:
    """Nested Wojood flattened: map every layer's entities, keep the longest non-overlapping ones."""
    table = table if table is not None else read_map(NER_DATA / "wojood_map.tsv")
    out: list[TaggedSentence] = []
    for path in sorted(folder.glob("*.txt")):
        for block in _blocks(path, sep=None):
            block = [p for p in block if p[0] != "$#$"]
            if not block:
                continue
            words = [p[0] for p in block]
            spans: list[tuple[str, int, int]] = []
            depth = max(len(p) for p in block) - 1
            for layer in range(depth):
                # the k-th B-/I- tag of a token belongs to nesting layer k
                column = [p[1 + layer] if len(p) > 1 + layer else "O" for p in block]
                for typ, s, e in _layer_chunks(column):
                    coarse = table.get(typ, "O")
                    if coarse != "O":
                        spans.append((coarse, s, e))
            tags = ["O"] * len(words)
            for typ, s, e in sorted(spans, key=lambda c: (c[1] - c[2], c[1])):
                if all(t == "O" for t in tags[s:e]):
                    tags[s] = f"B-{typ}"
                    for k in range(s + 1, e):
                        tags[k] = f"I-{typ}"
            out.append(TaggedSentence(words, tags, "wojood", len(out), {"file": path.name}))
    return out


@dataclass(slots=True)
class Splits:
    dev: list[TaggedSentence]
    train: dict[str, list[TaggedSentence]]
    removed: dict[str, int]


def dev_blocks(n_sentences: int, *, blocks: int = 40, dev_blocks: int = 4, seed: int = 13) -> set[int]:
    """Indices of the development sentences: ``dev_blocks`` of ``blocks`` contiguous blocks."""
    size = -(-n_sentences // blocks)
    chosen = random.Random(seed).sample(range(blocks), dev_blocks)
    return {i for b in chosen for i in range(b * size, min((b + 1) * size, n_sentences))}


def _shingles(key: str, k: int) -> list[str]:
    return [key[i : i + k] for i in range(max(1, len(key) - k + 1))]


def split_corpora(
    anercorp: list[TaggedSentence],
    others: dict[str, list[TaggedSentence]],
    *,
    seed: int = 13,
    shingle: int = 24,
    overlap: float = 0.5,
) -> Splits:
    """Dev = contiguous ANERcorp blocks; every training sentence sharing its text is removed.

    A training sentence leaks when its key equals a dev key or when at least ``overlap`` of its
    ``shingle``-letter windows occur in the dev text (NewsFANE cuts sentences differently).
    Duplicates of the ANERcorp training text in other news corpora are marked in ``meta["dup"]``.
    """
    dev_idx = dev_blocks(len(anercorp), seed=seed)
    dev = [s for s in anercorp if s.index in dev_idx]
    dev_keys = {s.key() for s in dev}
    dev_sh: set[str] = set()
    for s in dev:
        dev_sh.update(_shingles(s.key(), shingle))
    removed: dict[str, int] = {}

    def leaks(s: TaggedSentence) -> bool:
        key = s.key()
        if not key:
            return False
        if key in dev_keys:
            return True
        if len(key) < shingle:
            return False
        sh = _shingles(key, shingle)
        return sum(1 for x in sh if x in dev_sh) >= overlap * len(sh)

    train: dict[str, list[TaggedSentence]] = {}
    aner_train = [s for s in anercorp if s.index not in dev_idx]
    kept = [s for s in aner_train if not leaks(s)]
    removed["anercorp"] = len(aner_train) - len(kept)
    train["anercorp"] = kept
    aner_keys = {s.key() for s in kept}
    for name, sents in others.items():
        good = []
        for s in sents:
            if leaks(s):
                continue
            if s.key() in aner_keys:
                s.meta["dup"] = "anercorp"
            good.append(s)
        removed[name] = len(sents) - len(good)
        train[name] = good
    return Splits(dev=dev, train=train, removed=removed)


def load_all(
    ner_dir: Path, *, aqmar_misc: str = "MISC"
) -> tuple[list[TaggedSentence], dict[str, list[TaggedSentence]]]:
    """ANERcorp train part and the other corpora from ``<shared>/data/ner``."""
    aner = read_anercorp(ner_dir / "anercorp" / "train.txt")
    others = {
        "newsfane": read_newsfane(ner_dir / "newsfane" / "newsfane_filtered.txt"),
        "aqmar": read_aqmar(ner_dir / "aqmar" / "data", misc=aqmar_misc),
        "wojood": read_wojood(ner_dir / "wojood_sample" / "data"),
    }
    return aner, others
