"""CoNLL exact-match scoring of BIO tag sequences (span precision, recall and F1).

A predicted entity counts only when its type, first token and last token all equal a gold entity
(the conlleval convention). Chunks follow conlleval: an ``I-X`` that does not continue an ``X``
chunk starts a new one; any tag that is not ``B-``/``I-`` (``O``, garbage) ends the current chunk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from marsad.errors import GoldError

Chunk = tuple[str, int, int]  # (type, first token, end token exclusive)


def chunks(tags: Sequence[str]) -> list[Chunk]:
    """Entities of one BIO sequence as ``(type, start, end)`` with ``end`` exclusive."""
    out: list[Chunk] = []
    cur_type: str | None = None
    cur_start = 0
    for i, tag in enumerate(tags):
        prefix, _, typ = tag.partition("-")
        if prefix == "B" and typ:
            if cur_type is not None:
                out.append((cur_type, cur_start, i))
            cur_type, cur_start = typ, i
        elif prefix == "I" and typ:
            if cur_type != typ:
                if cur_type is not None:
                    out.append((cur_type, cur_start, i))
                cur_type, cur_start = typ, i
        else:
            if cur_type is not None:
                out.append((cur_type, cur_start, i))
            cur_type = None
    if cur_type is not None:
        out.append((cur_type, cur_start, len(tags)))
    return out


@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(100 * self.precision, 2),
            "recall": round(100 * self.recall, 2),
            "f1": round(100 * self.f1, 2),
            "gold": self.tp + self.fn,
            "predicted": self.tp + self.fp,
        }


@dataclass(slots=True)
class Score:
    micro: PRF = field(default_factory=PRF)
    per_type: dict[str, PRF] = field(default_factory=dict)
    tokens: int = 0
    token_correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.token_correct / self.tokens if self.tokens else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "micro": self.micro.to_dict(),
            "per_type": {t: p.to_dict() for t, p in sorted(self.per_type.items())},
            "token_accuracy": round(100 * self.accuracy, 2),
        }

    def table(self) -> str:
        """A plain-text table: one row per type, then the micro average."""
        rows = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
        for name, prf in sorted(self.per_type.items()) + [("micro", self.micro)]:
            d = prf.to_dict()
            rows.append(
                f"{name:<6} {d['precision']:>6.2f} {d['recall']:>6.2f} {d['f1']:>6.2f} "
                f"{d['gold']:>6} {d['predicted']:>6}"
            )
        return "\n".join(rows)


def score(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> Score:
    """Exact-match span scores of ``predicted`` against ``gold`` (lists of sentences of tags)."""
    if len(gold) != len(predicted):
        raise GoldError("gold and predicted differ in number of sentences",
                        value=(len(gold), len(predicted)))
    result = Score()
    for n, (g, p) in enumerate(zip(gold, predicted)):
        if len(g) != len(p):
            raise GoldError(f"sentence {n}: gold and predicted differ in length", value=(len(g), len(p)))
        result.tokens += len(g)
        result.token_correct += sum(1 for a, b in zip(g, p) if a == b)
        gold_chunks = Counter(chunks(g))
        pred_chunks = Counter(chunks(p))
        for chunk in gold_chunks.keys() | pred_chunks.keys():
            typ = chunk[0]
            tp = min(gold_chunks[chunk], pred_chunks[chunk])
            per = result.per_type.setdefault(typ, PRF())
            per.tp += tp
            per.fn += gold_chunks[chunk] - tp
            per.fp += pred_chunks[chunk] - tp
    for per in result.per_type.values():
        result.micro.tp += per.tp
        result.micro.fp += per.fp
        result.micro.fn += per.fn
    return result
