"""The events stage: lexicon tables, trigger finding, arguments, status, merging, and the seed.

Hand-built Documents run the real ``arabic`` stage and get entities added by hand (so the tests do
not depend on the NER); the seed test runs the real pipeline.
"""

from __future__ import annotations

import json

import pytest

from marsad.arabic.stage import make_arabic_stage
from marsad.document import Document, Entity, Quote, Span
from marsad.errors import DataFileError
from marsad.eval.score import score_document
from marsad.extract.event_lexicon import FUTURE, inflect, load_lexicon
from marsad.extract.events import extract_events, make_events_stage
from marsad.pipeline import Pipeline, get_stage, make_document

ENTS: dict[str, tuple[str, str, str | None]] = {
    "إبراهيم قالن": ("PER", "Ibrahim Kalin", "TUR"),
    "خليل الحية": ("PER", "Khalil al-Hayya", "PSE"),
    "حماس": ("ORG", "Hamas", "PSE"),
    "الولايات المتحدة": ("LOC", "United States", "USA"),
    "تركيا": ("LOC", "Turkey", "TUR"),
    "مصر": ("LOC", "Egypt", "EGY"),
    "قطر": ("LOC", "Qatar", "QAT"),
    "إسطنبول": ("LOC", "Istanbul", "TUR"),
    "الشرطة": ("ORG", "Police", None),
    "المتظاهرين": ("ORG", "Protesters", None),
    "الجيش الإسرائيلي": ("ORG", "Israeli Army", "ISR"),
    "رويترز": ("ORG", "Reuters", "GBR"),
    "مصادر": ("ORG", "sources", None),
}


def make_doc(text: str, *, published: str | None = "2025-12-20", quotes: list[Quote] | None = None) -> Document:
    doc = make_arabic_stage()(Document(text=text, published=published))
    n = 0
    for surface, (typ, en, cc) in ENTS.items():
        mentions = []
        start = text.find(surface)
        while start >= 0:
            if not any(m.start <= start < m.end for e in doc.entities for m in e.mentions):
                mentions.append(Span(start, start + len(surface), surface))
            start = text.find(surface, start + 1)
        if mentions:
            n += 1
            doc.entities.append(Entity(id=f"e{n}", type=typ, name=surface, name_en=en, country=cc, mentions=mentions))
    doc.quotes = quotes or []
    return doc


def names(doc: Document, ids: list[str]) -> set[str]:
    return {e.name_en or e.name for e in doc.entities if e.id in ids}


def events_of(doc: Document) -> list:  # type: ignore[type-arg]
    return extract_events(doc, lex=load_lexicon())


# -- lexicon ---------------------------------------------------------------------------------
def test_cameo_table_has_all_roots_with_goldstein_and_plover() -> None:
    lex = load_lexicon()
    roots = {c[:2] for c in lex.cameo}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert lex.cameo["043"].plover == "CONSULT"
    assert lex.cameo["043"].name == "Host a visit"
    assert lex.cameo["190"].goldstein is not None and lex.cameo["190"].goldstein < -5
    assert lex.cameo["141"].plover == "PROTEST"


def test_inflection_rules_cover_person_number_gender_and_future() -> None:
    lex = load_lexicon()
    rules_forms = {"التقت", "التقوا", "يلتقي", "تلتقي", "يلتقون", "سيلتقي", "اجتمعوا", "تجتمع", "هاجموا", "يهاجمون"}
    for form in rules_forms:
        from marsad.arabic.normalize import norm

        hits = lex.lookup(norm(form))
        assert hits and hits[0][0].kind == "verb", form
    forms = inflect("التقى", "يلتقي", {
        "perfect_suffixes": [""], "perfect_defective": ["ت", "وا"], "imperfect_prefixes": ["ي"],
        "imperfect_suffixes": [""], "imperfect_defective": ["ي", "ون"], "future_prefixes": ["س"],
    })
    assert forms["التقت"] != FUTURE and forms["سيلتقون"] == FUTURE


def test_ta_marbuta_word_is_never_a_verb_with_enclitic() -> None:
    lex = load_lexicon()
    # "وزارة" normalizes to وزاره = و + زار + ه, but its ة says it is a noun
    assert lex.lookup("وزاره", final_ta=True) == []
    assert lex.lookup("وزاره")  # without the text's hint the rule would misfire


def test_up_triggers_keep_provenance() -> None:
    lex = load_lexicon()
    up = [t for hits in lex.words.values() for t, _ in hits if t.origin.startswith("up:")]
    assert up and all(":" in t.origin[3:] and t.weak for t in up)


def test_bad_data_dir_is_a_data_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DataFileError):
        load_lexicon(str(tmp_path))


# -- arguments -------------------------------------------------------------------------------
def test_svo_meeting_with_ma_target_and_place() -> None:
    doc = make_doc("عقد إبراهيم قالن لقاءً مع خليل الحية في مدينة إسطنبول.")
    (ev,) = events_of(doc)
    assert ev.cameo.startswith("04") and ev.plover == "CONSULT"
    assert names(doc, ev.source) == {"Ibrahim Kalin"}
    assert names(doc, ev.target) == {"Khalil al-Hayya"}
    assert names(doc, [ev.location] if ev.location else []) == {"Istanbul"}
    assert ev.trigger.text == "عقد إبراهيم قالن لقاءً" or ev.trigger.text.endswith("لقاءً")
    assert "Ibrahim Kalin" in ev.summary_en and "Istanbul" in ev.summary_en


def test_vso_verb_subject_after_verb() -> None:
    doc = make_doc("التقى إبراهيم قالن وفد حركة حماس أمس.")
    (ev,) = events_of(doc)
    assert names(doc, ev.source) == {"Ibrahim Kalin"}
    assert names(doc, ev.target) == {"Hamas"}


def test_coordinated_participants_of_a_meeting_noun() -> None:
    doc = make_doc("وقال إن الاجتماع الذي شارك فيه ممثلون عن الولايات المتحدة وتركيا ومصر وقطر ناقش الخطة.")
    evs = [e for e in events_of(doc) if e.cameo.startswith("04")]
    assert len(evs) == 1
    parts = names(doc, evs[0].source + evs[0].target)
    assert parts == {"United States", "Turkey", "Egypt", "Qatar"}


def test_city_is_a_place_not_an_actor() -> None:
    doc = make_doc("هاجم الجيش الإسرائيلي حماس في إسطنبول.")
    (ev,) = events_of(doc)
    assert ev.cameo.startswith("19")
    assert names(doc, ev.source) == {"Israeli Army"} and names(doc, ev.target) == {"Hamas"}
    assert doc.entity(ev.location).name_en == "Istanbul"  # type: ignore[union-attr]


def test_news_agency_is_never_an_actor() -> None:
    doc = make_doc("التقى إبراهيم قالن خليل الحية بحسب وكالة رويترز.")
    (ev,) = events_of(doc)
    assert "Reuters" not in names(doc, ev.source + ev.target)


def test_both_sides_refers_to_previous_event() -> None:
    doc = make_doc("التقى إبراهيم قالن خليل الحية. وتبادل الجانبان النقاش حول الخطة.")
    evs = events_of(doc)
    # the second sentence is the same consultation: merged, with a further evidence sentence
    assert len(evs) == 1 and len(evs[0].evidence) == 1


# -- status ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("هاجم الجيش الإسرائيلي حماس.", "asserted"),
        ("لم يلتق إبراهيم قالن خليل الحية.", "denied"),
        ("سيلتقي إبراهيم قالن خليل الحية غدا.", "planned"),
        ("ومن المقرر أن يلتقي إبراهيم قالن خليل الحية.", "planned"),
        ("إذا هاجم الجيش الإسرائيلي حماس فإن الهدنة ستنهار.", "hypothetical"),
        ("وقالت مصادر إن الجيش الإسرائيلي هاجم حماس.", "reported"),
    ],
)
def test_status(text: str, status: str) -> None:
    doc = make_doc(text)
    evs = events_of(doc)
    assert evs, text
    assert evs[0].status == status


def test_event_inside_a_quote_is_reported_and_linked() -> None:
    text = "كشفت مصادر أن إبراهيم قالن التقى خليل الحية."
    start = text.index("أن")
    q = Quote(id="q1", speaker=None, speaker_text="مصادر", cue=Span(0, 4, "كشفت"), content=Span(start, len(text), text[start:]))
    doc = make_doc(text, quotes=[q])
    (ev,) = events_of(doc)
    assert ev.status == "reported" and ev.quote == "q1"


# -- date, merging, robustness ----------------------------------------------------------------
def test_date_falls_back_to_publication_with_lower_confidence() -> None:
    doc = make_doc("التقى إبراهيم قالن خليل الحية.", published="2025-12-20")
    (ev,) = events_of(doc)
    assert ev.date == "2025-12-20" and (ev.date_confidence or 0) <= 0.5


def test_same_event_told_twice_is_one_event_with_merged_place() -> None:
    doc = make_doc("عقد إبراهيم قالن لقاءً مع خليل الحية. وأضافت أن قالن التقى وفد حماس في مدينة إسطنبول.")
    # "قالن" alone is a second mention of Kalin
    kalin = next(e for e in doc.entities if e.name_en == "Ibrahim Kalin")
    s = doc.text.index("قالن التقى")
    kalin.mentions.append(Span(s, s + 4, "قالن"))
    kalin.mentions.sort(key=lambda m: m.start)
    evs = [e for e in events_of(doc) if e.cameo.startswith("04")]
    assert len(evs) == 1
    assert doc.entity(evs[0].location).name_en == "Istanbul"  # type: ignore[union-attr]
    assert len(evs[0].evidence) == 1


def test_assault_and_protest_nouns() -> None:
    doc = make_doc("قتل ثلاثة أشخاص في انفجار سيارة مفخخة. وخرجت مظاهرات في القاهرة.")
    roots = {e.cameo[:2] for e in events_of(doc)}
    assert "18" in roots and "14" in roots


def test_no_event_in_plain_text_and_empty_doc() -> None:
    assert events_of(make_doc("الطقس جميل اليوم في المدينة.")) == []
    assert extract_events(Document(text=""), lex=load_lexicon()) == []
    doc = make_events_stage()(Document(text="نص بلا جمل"))  # no sentences, no tokens
    assert doc.events == []


def test_spans_and_confidence_bounds() -> None:
    doc = make_doc("عقد إبراهيم قالن لقاءً مع خليل الحية في مدينة إسطنبول. وهاجم الجيش الإسرائيلي حماس.")
    doc.events = events_of(doc)
    assert doc.check_spans() == []
    assert all(0.0 < e.confidence <= 0.95 for e in doc.events)
    full = [e for e in doc.events if e.source and e.target]
    assert all(e.confidence >= 0.6 for e in full)  # trigger 0.35+ and both actors +0.30


def test_stage_is_registered_after_its_needs() -> None:
    spec = get_stage("events")
    assert set(spec.needs) >= {"tokens", "sentences", "entities", "times", "quotes"}
    assert spec.adds == ("events",)


# -- the seed, with the real pipeline ---------------------------------------------------------
def test_seed_required_events(seed_text: str, seed_gold: dict) -> None:  # type: ignore[type-arg]
    pipe = Pipeline.build(["arabic", "times", "entities", "quotes", "events"])
    doc = pipe(make_document(seed_text, published=seed_gold["published"], title=seed_gold["title"], doc_id="seed"))
    rep = score_document(doc, seed_gold, kinds=["events"])
    t = rep.tallies["events"]
    assert t.tp_gold == t.gold, json.dumps(rep.as_dict())
    by_loc = {doc.entity(e.location).name_en: e for e in doc.events if e.location and e.cameo.startswith("04")}  # type: ignore[union-attr]
    assert by_loc["Istanbul"].date == "2025-12-20" and by_loc["Istanbul"].status == "reported"
    assert by_loc["Istanbul"].quote is not None
    assert by_loc["Miami"].date == "2025-12-19"
    kalin = by_loc["Istanbul"]
    assert "Ibrahim Kalin" in names(doc, kalin.source)
    assert {"Hamas", "Khalil al-Hayya"} & names(doc, kalin.target)
    assert kalin.evidence  # told again in paragraph 2


# -- quality floors (need ../shared/data) -----------------------------------------------------
def _floors(root) -> dict:  # type: ignore[no-untyped-def, type-arg]
    import tomllib

    with (root / "tests/quality_floors.toml").open("rb") as fh:
        return tomllib.load(fh)["events"]


@pytest.mark.parametrize("kind", ["ASSAULT", "PROTEST"])
def test_gsr_detection_floor(kind: str, shared_data, root) -> None:  # type: ignore[no-untyped-def]
    from scripts.eval_event_detection import evaluate

    got = evaluate(kind, "report", labeling="lenient", pipeline="bare")
    floor = _floors(root)[f"gsr_{kind.lower()}_f1"]
    assert got["f1"] >= floor, f"{kind} F1 {got['f1']:.3f} < floor {floor}"


def test_gold_event_floors(root, snn_gold) -> None:  # type: ignore[no-untyped-def]
    from marsad.eval.score import Report, load_gold, score_document

    pipe = Pipeline.build(["arabic", "times", "entities", "quotes", "events"])
    total = Report()
    for name, text, gold in load_gold(root / "gold"):
        doc = pipe(make_document(text, published=gold.get("published"), title=gold.get("title"), doc_id=name))
        assert doc.check_spans() == []
        total.merge(score_document(doc, gold, kinds=["events"]))
    floors = _floors(root)
    f1 = total.tallies["events"].f1
    assert f1 >= floors["gold_f1"], json.dumps(total.as_dict())
    status = total.accuracies["events.status"].value
    assert status >= floors["gold_status_accuracy"], json.dumps(total.as_dict())
    for attr in ("date", "location"):
        got = total.accuracies[f"events.{attr}"].value
        assert got >= floors[f"gold_{attr}_accuracy"], json.dumps(total.as_dict())


def test_words_inside_names_sport_and_rank_are_not_events() -> None:
    doc = make_doc("وقال قباد طالباني إن الوضع مستقر.")
    s = doc.text.index("قباد")
    e = s + len("قباد طالباني")
    doc.entities.append(Entity(id="qt", type="PER", name="قباد طالباني", mentions=[Span(s, e, doc.text[s:e])]))
    assert events_of(doc) == []  # "طالباني" would read as طالب + ا + ني without its name mention
    assert events_of(make_doc("تلتقي المكسيك مع بنما في نصف النهائي غدا.")) == []
    assert events_of(make_doc("واحتل الجيش الإسرائيلي المركز الأول في التصنيف.")) == []
    assert [e.cameo[:2] for e in events_of(make_doc("واحتل الجيش الإسرائيلي بلدة في جنوب لبنان."))] == ["19"]


def test_committed_tables_match_the_build_script(shared_data, root, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from scripts.build_event_lexicon import build

    build(shared_data / "events", tmp_path)
    for name in ("cameo.tsv", "triggers_up.tsv"):
        built = (tmp_path / name).read_text(encoding="utf-8")
        committed = (root / "marsad/data/events" / name).read_text(encoding="utf-8")
        assert built == committed, f"{name} is stale: run scripts/build_event_lexicon.py"


def test_object_pronoun_is_the_actor_named_before() -> None:
    doc = make_doc("وصل خليل الحية إلى إسطنبول. واستقبله إبراهيم قالن في مكتبه.")
    evs = [e for e in events_of(doc) if e.cameo.startswith("04")]
    assert evs and names(doc, evs[-1].source) == {"Ibrahim Kalin"}
    assert names(doc, evs[-1].target) == {"Khalil al-Hayya"}
