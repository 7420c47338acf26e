"""NER corpus readers, clitic re-joining and the dev split (marsad.eval.ner_corpora)."""

from __future__ import annotations

from pathlib import Path

from marsad.eval.ner_corpora import (
    NER_DATA,
    TaggedSentence,
    dev_blocks,
    join_clitics,
    read_map,
    read_wojood,
    repair_bio,
    split_corpora,
    text_key,
)


def test_join_clitics_glues_segmented_words() -> None:
    words = ["و", "المانيا", "اعلن", "ت", "حكومت", "ها", "د", "ب", "ا"]
    tags = ["O", "B-LOC", "O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG"]
    w, t = join_clitics(words, tags)
    assert w == ["والمانيا", "اعلن", "ت", "حكومتها", "د", "ب", "ا"]
    assert t == ["B-LOC", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG"]


def test_repair_bio_and_key() -> None:
    assert repair_bio(["O", "I-LOC", "I-LOC", "I-ORG"]) == ["O", "B-LOC", "I-LOC", "B-ORG"]
    assert text_key(["وألمانيا", "،"]) == text_key(["و", "المانيا"])


def test_class_maps_are_complete_and_valid() -> None:
    fane = read_map(NER_DATA / "newsfane_map.tsv")
    assert fane["Politician"] == "PERS" and fane["Nation"] == "LOC" and fane["Group"] == "O"
    assert set(fane.values()) == {"PERS", "LOC", "ORG", "MISC", "O"}
    woj = read_map(NER_DATA / "wojood_map.tsv")
    assert woj["GPE"] == "LOC" and woj["OCC"] == "O"


def test_wojood_nested_keeps_inner_entities(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(
        "سكرتير B-OCC\nاللجنة I-OCC B-ORG\nالقومية I-OCC I-ORG\nفي I-OCC\nنابلس I-OCC B-GPE\n$#$ O\n",
        encoding="utf-8",
    )
    [s] = read_wojood(tmp_path)
    assert s.words == ["سكرتير", "اللجنة", "القومية", "في", "نابلس"]
    assert s.tags == ["O", "B-ORG", "I-ORG", "O", "B-LOC"]


def test_split_removes_dev_text_from_training() -> None:
    aner = [TaggedSentence([f"كلمة{i}", "اخري", "طويلة", "جدا", "هنا"], ["O"] * 5, "anercorp", i)
            for i in range(80)]
    dev_idx = dev_blocks(80)
    assert len(dev_idx) == 8 and dev_blocks(80) == dev_idx  # fixed seed, 10%
    leak = TaggedSentence(list(aner[min(dev_idx)].words), ["O"] * 5, "newsfane", 0)
    fresh = TaggedSentence(["جملة", "جديدة", "تماما", "ومختلفة", "عنهم"], ["O"] * 5, "newsfane", 1)
    sp = split_corpora(aner, {"newsfane": [leak, fresh]})
    assert {s.index for s in sp.dev} == dev_idx
    assert sp.train["newsfane"] == [fresh] and sp.removed["newsfane"] == 1
    assert not {s.key() for s in sp.train["anercorp"]} & {s.key() for s in sp.dev}


def test_every_corpus_label_is_mapped(shared_data: Path) -> None:
    fane = read_map(NER_DATA / "newsfane_map.tsv")
    labels = set()
    with (shared_data / "ner" / "newsfane" / "newsfane_filtered.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 1 and "-" in parts[1]:
                labels.add(parts[1].split("-", 1)[1].strip())
    assert labels and labels <= set(fane)
    woj = read_map(NER_DATA / "wojood_map.tsv")
    types = set()
    for path in (shared_data / "ner" / "wojood_sample" / "data").glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            types.update(t.split("-", 1)[1] for t in line.split()[1:] if t[:2] in ("B-", "I-"))
    assert types and types <= set(woj)
