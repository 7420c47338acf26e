"""CoNLL exact-match scorer (marsad.eval.conll)."""

from __future__ import annotations

import pytest

from marsad.errors import GoldError
from marsad.eval.conll import chunks, score


def test_chunks_bio_and_conlleval_quirks() -> None:
    assert chunks(["B-PERS", "I-PERS", "O", "B-LOC"]) == [("PERS", 0, 2), ("LOC", 3, 4)]
    # an I- that does not continue its type starts a new chunk (conlleval)
    assert chunks(["O", "I-ORG", "I-ORG", "I-LOC"]) == [("ORG", 1, 3), ("LOC", 3, 4)]
    # B- right after B- of the same type: two chunks
    assert chunks(["B-LOC", "B-LOC"]) == [("LOC", 0, 1), ("LOC", 1, 2)]
    assert chunks(["O", "O"]) == []


def test_exact_match_counts_boundaries() -> None:
    gold = [["B-PERS", "I-PERS", "O", "B-LOC", "O"]]
    pred = [["B-PERS", "O", "O", "B-LOC", "B-ORG"]]
    s = score(gold, pred)
    # PERS predicted with the wrong end: one fp and one fn; LOC right; ORG spurious
    assert (s.per_type["PERS"].tp, s.per_type["PERS"].fp, s.per_type["PERS"].fn) == (0, 1, 1)
    assert (s.per_type["LOC"].tp, s.per_type["LOC"].fp, s.per_type["LOC"].fn) == (1, 0, 0)
    assert (s.per_type["ORG"].tp, s.per_type["ORG"].fp, s.per_type["ORG"].fn) == (0, 1, 0)
    assert s.micro.tp == 1 and s.micro.fp == 2 and s.micro.fn == 1
    assert s.micro.precision == pytest.approx(1 / 3)
    assert s.micro.recall == pytest.approx(1 / 2)
    assert s.micro.f1 == pytest.approx(0.4)
    assert s.accuracy == pytest.approx(3 / 5)


def test_perfect_and_empty() -> None:
    gold = [["B-MISC", "I-MISC"], ["O"]]
    assert score(gold, gold).micro.f1 == 1.0
    empty = score([["O"]], [["O"]])
    assert empty.micro.f1 == 0.0 and empty.to_dict()["micro"]["gold"] == 0


def test_length_mismatch_is_a_gold_error() -> None:
    with pytest.raises(GoldError):
        score([["O", "O"]], [["O"]])
    with pytest.raises(GoldError):
        score([["O"]], [])
