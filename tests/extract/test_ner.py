"""The shipped NER tagger (marsad.extract.ner), its features and `marsad tag-conll`."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from marsad.errors import EmptyInputError
from marsad.eval.conll import chunks, score
from marsad.extract.ner import DOC_WINDOW, TAGS, load_tagger, tag_conll_lines
from marsad.extract.ner_features import (
    active_variant,
    document_features,
    lexicons,
    sentence_features,
    shape,
    use_variant,
)

SEED = "رئيس جهاز الاستخبارات التركي إبراهيم قالن"


def test_tagger_loads_once_and_tags_seed_person() -> None:
    tagger = load_tagger()
    assert load_tagger() is tagger
    words = SEED.split()
    tags = tagger.tag(words)
    assert len(tags) == len(words) and set(tags) <= set(TAGS)
    assert ("PERS", 4, 6) in chunks(tags), tags


def test_tag_sentences_and_edge_cases() -> None:
    tagger = load_tagger()
    out = tagger.tag_sentences([SEED.split(), [], ["،"], ["وصل", "الوفد", "إلى", "إسطنبول", "أمس"]])
    assert out[1] == [] and out[2] == ["O"]
    assert ("LOC", 3, 4) in chunks(out[3]), out[3]
    # odd input never raises: blanks, Latin, digits, a very long sentence
    assert len(tagger.tag([" ", "Reuters", "2025", "!!"])) == 4
    long = (SEED.split() + ["و"]) * 500
    assert len(tagger.tag(long)) == len(long)
    margins = tagger.marginals(SEED.split())
    assert len(margins) == 6 and all(0.0 <= m <= 1.0 for m in margins)


def test_tag_document_propagates_surnames() -> None:
    tagger = load_tagger()
    doc = [["قال", "الرئيس", "الروسي", "فلاديمير", "بوتين"], ["وأصبح", "بوتين", "عامل", "استقرار"]]
    out = tagger.tag_document(doc)
    assert ("PERS", 3, 5) in chunks(out[0]), out[0]
    assert out[1][1] == "B-PERS" and out[1][0] == "O"
    # one sentence and nothing to propagate: the same as tag()
    plain = [["وصل", "الوفد", "إلى", "إسطنبول"]]
    assert tagger.tag_document(plain) == tagger.tag_sentences(plain)
    assert tagger.tag_document([]) == []
    assert tagger.tag_document([[], ["في", "غزة"]], propagate=False)[0] == []


def test_document_features_use_other_occurrences() -> None:
    doc = [["قال", "الرئيس", "الروسي", "فلاديمير", "بوتين"], ["وأصبح", "بوتين", "عامل", "استقرار"]]
    feats = document_features(doc)
    assert [len(f) for f in feats] == [5, 4]
    later = feats[1][1]
    assert "D#=1" in later  # بوتين occurs once more in the document
    # evidence comes from the other occurrence only: its left neighbour فلاديمير, not وأصبح
    left = {x for x in sentence_features(["فلاديمير"])[0] if x.startswith("g=") and "=part" not in x}
    assert left and all("Dp" + g[2:] in later for g in left)
    assert not any(x.startswith("D") for x in sentence_features(["وأصبح", "بوتين"])[1])
    # the sentence features themselves do not change
    assert set(sentence_features(doc[1])[1]) <= set(later)


def test_open_lexicons_leave_out_research_and_nc_data() -> None:
    assert active_variant() == "full"
    full, open_ = lexicons(variant="full"), lexicons(variant="open")
    assert len(open_.clusters) > 1000 and len(full.clusters) > len(open_.clusters)
    assert len(open_.phrases) < len(full.phrases)  # no ANERGazet lists
    try:
        use_variant("open")
        assert active_variant() == "open"
    finally:
        use_variant("full")
    with pytest.raises(Exception):
        use_variant("bogus")


def test_features_are_per_word_and_use_context() -> None:
    feats = sentence_features(["قال", "بوتين", "في", "موسكو"])
    assert len(feats) == 4
    assert "b=بوتين" in feats[1] and "[-1]b=قال" in feats[1] and "[1]b=في" in feats[1]
    assert "t=TITLE" in sentence_features(["الرئيس"])[0]
    assert "g=LOC" in sentence_features(["وتركيا"])[0]  # clitic-stripped base is looked up
    assert "b=الشام" in sentence_features(["للشام"])[0]  # لل = ل + ال
    assert shape("Reuters") == "Lat" and shape("2025") == "num" and shape("،") == "punct"


def test_tag_conll_lines_round_trip() -> None:
    lines = ["رئيس O", "جهاز O", "الاستخبارات O", "التركي O", "إبراهيم B-PERS", "قالن I-PERS", "",
             "وصل", "إلى", "إسطنبول", ""]
    out = tag_conll_lines(lines)
    assert len(out) == len(lines)
    assert [o == "" for o in out] == [line == "" for line in lines]
    words = [o.split("\t")[0] for o in out if o]
    assert words == [line.split()[0] for line in lines if line]
    assert all(o.split("\t")[1] in TAGS for o in out if o)
    assert out[4].endswith("\tB-PERS") and out[5].endswith("\tI-PERS")
    # more sentences than one document window: every token comes back in place
    many = [f"كلمة{i}" if i % 3 else "" for i in range(3 * DOC_WINDOW * 3 + 1)]
    back = tag_conll_lines(many)
    assert [b.split("\t")[0] for b in back] == many


def test_tag_conll_lines_empty_input() -> None:
    with pytest.raises(EmptyInputError):
        tag_conll_lines(["", "  "])


def test_cli_tag_conll(tmp_path: Path) -> None:
    src = tmp_path / "in.conll"
    src.write_text("إبراهيم B-PERS\nقالن I-PERS\n\nفي O\nغزة B-LOC\n", encoding="utf-8")
    dst = tmp_path / "out.conll"
    run = subprocess.run([sys.executable, "-m", "marsad", "tag-conll", str(src), str(dst)],
                         check=False, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = dst.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in lines] == ["إبراهيم", "قالن", "", "في", "غزة"][: len(lines)]
    assert lines[2] == "" and lines[4] == "غزة\tB-LOC"
    empty = tmp_path / "empty.conll"
    empty.write_text("", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "marsad", "tag-conll", str(empty), str(dst)],
                         check=False, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


def test_dev_quality_floor(shared_data: Path, root: Path) -> None:
    from marsad.eval.ner_corpora import load_all, split_corpora

    floors = tomllib.loads((root / "tests" / "quality_floors.toml").read_text(encoding="utf-8"))
    floor = floors["ner"]["dev_micro_f1"]
    aner, others = load_all(shared_data / "ner")
    dev = split_corpora(aner, others).dev
    assert len(dev) > 300
    tagger = load_tagger()
    result = score([s.tags for s in dev], [tagger.tag(s.words) for s in dev])
    assert 100 * result.micro.f1 >= floor, result.table()
    # articles are unknown in ANERcorp: DOC_WINDOW consecutive sentences stand for one, as in
    # `marsad tag-conll` and `scripts/train_ner.py --score-only`
    pred = [
        t
        for i in range(0, len(dev), DOC_WINDOW)
        for t in tagger.tag_document([s.words for s in dev[i : i + DOC_WINDOW]])
    ]
    doc_result = score([s.tags for s in dev], pred)
    assert 100 * doc_result.micro.f1 >= floors["ner"]["dev_micro_f1_document"], doc_result.table()
