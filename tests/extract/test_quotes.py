"""The quotes stage on the seed article (against its gold) and on table-driven news snippets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.document import Document, Entity, Span
from marsad.errors import DataFileError
from marsad.extract.quote_lexicon import QUOTES_DATA, load_lexicon
from marsad.extract.quotes import find_quotes
from marsad.pipeline import Pipeline, get_stage


@pytest.fixture(scope="module")
def arabic() -> Pipeline:
    return Pipeline.build(["arabic"])


def _doc(arabic: Pipeline, text: str, entities: list[Entity] | None = None) -> Document:
    doc = arabic(Document(text=text))
    doc.entities = entities or []
    return doc


def _entity(text: str, eid: str, etype: str, name: str) -> Entity:
    """An entity with every mention of ``name`` in ``text`` (as an entities stage would give)."""
    mentions = []
    start = text.find(name)
    while start >= 0:
        mentions.append(Span(start, start + len(name), name))
        start = text.find(name, start + 1)
    return Entity(id=eid, type=etype, name=name, mentions=mentions)


# -- the seed article ----------------------------------------------------------------------


def test_seed_gold_quotes_with_entities(arabic: Pipeline, seed_text: str, seed_gold: dict) -> None:
    ents = [Entity.from_dict(e) for e in seed_gold["entities"]]
    doc = _doc(arabic, seed_text, ents)
    quotes = find_quotes(doc)
    assert doc.check_spans() == []
    by_cue = {(q.cue.start, q.cue.end): q for q in quotes}
    for gq in seed_gold["quotes"]:
        q = by_cue.get((gq["cue"]["start"], gq["cue"]["end"]))
        assert q is not None, f"missed {gq['id']}"
        assert q.cue.text == gq["cue"]["text"]
        assert (q.content.start, q.content.end) == (gq["content"]["start"], gq["content"]["end"]), gq["id"]
        assert q.direct == gq["direct"], gq["id"]
        assert q.speaker == gq["speaker"], gq["id"]
        assert q.speaker_text == gq["speaker_text"], gq["id"]
        assert sorted(q.via) == sorted(gq["via"]), gq["id"]
        assert q.cue_en and q.stage == "quotes@1"
    gold_cues = {gq["cue"]["start"] for gq in seed_gold["quotes"]}
    extra = [q.cue.text for q in quotes if q.cue.start not in gold_cues]
    # "موضحًا أنه جرى تقييم ..." (after the direct quote of paragraph 13) is a participle quote
    # the gold does not list; nothing else may be extra ("المحادثات أكدت استمرار" inside a
    # content, "في وقت تؤكد فيه إسرائيل" background clause).
    assert extra == ["موضحًا"]


def test_seed_channel_and_relay_text(arabic: Pipeline, seed_text: str, seed_gold: dict) -> None:
    doc = _doc(arabic, seed_text)  # no entities: speakers stay null, speaker_text is still set
    quotes = {q.cue.start: q for q in find_quotes(doc)}
    assert all(q.speaker is None for q in quotes.values())
    assert all(q.via == [] for q in quotes.values())
    reveal, istanbul, violations = quotes[85], quotes[318], quotes[523]
    assert reveal.speaker_text == "مصادر أمنية تركية"
    assert reveal.extra["via_text"] == ['وكالة "رويترز"']
    assert istanbul.extra["via_text"] == ['وكالة "رويترز"']
    assert "via_text" not in violations.extra  # the relay never runs forwards
    meeting = quotes[1009]
    assert meeting.speaker_text == "أونجو كيشيلي"
    assert meeting.channel is not None and meeting.channel.text == 'في بيان نشره على منصة "إكس"'
    assert meeting.cue_en == "stated"


def test_seed_via_needs_same_source(arabic: Pipeline, seed_text: str, seed_gold: dict) -> None:
    """Backward relay propagation stops at a different speaker."""
    # give the first quote a different, named speaker: the Reuters relay must not reach it
    text = seed_text.replace("كشفت مصادر أمنية تركية", "كشف الوزير أحمد سالم", 1)
    ents = [_entity(text, "reuters", "ORG", "رويترز")]
    quotes = {q.cue.text: q for q in find_quotes(_doc(arabic, text, ents))}
    assert quotes["وأشارت"].via == ["reuters"]
    assert quotes["كشف"].via == []


# -- table-driven snippets -----------------------------------------------------------------

# (text, [(cue, speaker_text, content starts with, content ends with, direct, via_text or None, channel or None)])
SNIPPETS: list[tuple[str, list[tuple[str, str, str, str, bool, list[str] | None, str | None]]]] = [
    (
        "قال وزير الخارجية السعودي الأمير فيصل بن فرحان، في مؤتمر صحفي بالرياض، إن المملكة تدعم جهود التهدئة في المنطقة.",
        [("قال", "الأمير فيصل بن فرحان", "إن المملكة", "المنطقة.", False, None, "في مؤتمر صحفي بالرياض")],
    ),
    (
        "نفى المتحدث باسم الجيش اللبناني أن يكون الجيش قد تلقى أي طلب بالانسحاب من المنطقة الحدودية.",
        [("نفى", "المتحدث باسم الجيش اللبناني", "أن يكون", "الحدودية.", False, None, None)],
    ),
    (
        "ونقلت وكالة الأنباء الرسمية عن مصدر مسؤول قوله إن الحكومة ستعلن عن حزمة إصلاحات جديدة الأسبوع المقبل.",
        [("ونقلت", "مصدر مسؤول", "إن الحكومة", "المقبل.", False, ["وكالة الأنباء الرسمية"], None)],
    ),
    (
        "وأضاف الوزير: «نحن مستعدون للحوار مع جميع الأطراف دون شروط مسبقة».",
        [("وأضاف", "الوزير", "نحن مستعدون", "شروط مسبقة", True, None, None)],
    ),
    (
        "«لن نقبل بأي تدخل خارجي في شؤوننا الداخلية»، قال الرئيس في كلمة متلفزة.",
        [("قال", "الرئيس", "لن نقبل", "الداخلية", True, None, "في كلمة متلفزة")],
    ),
    (
        "وقتل خمسة أشخاص وأصيب عشرة آخرون في انفجار سيارة مفخخة وسط المدينة، بحسب مصادر طبية.",
        [("بحسب", "مصادر طبية", "وقتل خمسة", "وسط المدينة", False, None, None)],
    ),
    (
        "وكان رئيس الوزراء قد أكد في تصريحات سابقة أن الحكومة لن تتراجع عن قرارها.",
        [("أكد", "رئيس الوزراء", "أن الحكومة", "قرارها.", False, None, "في تصريحات سابقة")],
    ),
    (
        'وذكرت صحيفة "نيويورك تايمز" أن مسؤولين أميركيين يدرسون خيارات جديدة، مشيرة إلى أن القرار لم يتخذ بعد.',
        [
            # the outlet reports on its own account: it is the speaker, not a relay
            ("وذكرت", 'صحيفة "نيويورك تايمز"', "أن مسؤولين", "خيارات جديدة", False, None, None),
            ("مشيرة", 'صحيفة "نيويورك تايمز"', "إلى أن القرار", "بعد.", False, None, None),
        ],
    ),
    (
        "وقال مسؤول أمني لرويترز، طالبا عدم نشر اسمه، إن الهجوم استهدف قافلة عسكرية. وأضاف أن المهاجمين فروا.",
        [
            ("وقال", "مسؤول أمني", "إن الهجوم", "عسكرية.", False, ["لرويترز"], None),
            ("وأضاف", "مسؤول أمني", "أن المهاجمين", "فروا.", False, ["لرويترز"], None),
        ],
    ),
    (
        "وأكد لـ\"الاقتصادية\" مصدر خاص أن إدارة النادي حولت مسار مفاوضاتها.",
        [("وأكد", "مصدر خاص", "أن إدارة", "مفاوضاتها.", False, ["الاقتصادية"], None)],
    ),
    (
        "وتابع قائلاً: «ستعود الأمور لطبيعتها الأسبوع القادم».",
        [("وتابع", "", "ستعود الأمور", "القادم", True, None, None)],
    ),
    (
        "وأعلنت وزارة الداخلية، في بيان لها، أنها ألقت القبض على ثلاثة مشتبه بهم.",
        [("وأعلنت", "وزارة الداخلية", "أنها ألقت", "بهم.", False, None, "في بيان لها")],
    ),
    (
        "وبين المدير العام للشركة أن الأرباح ارتفعت.",
        [("وبين", "المدير العام للشركة", "أن الأرباح", "ارتفعت.", False, None, None)],
    ),
    (
        # بين "between" is not بيّن "explained"; the participle has no speaker to continue
        "وقارن التقرير بين أكبر شركات التعدين في العالم، مشيرا إلى أن الطلب تراجع.",
        [("مشيرا", "", "إلى أن الطلب", "تراجع.", False, None, None)],
    ),
    (
        # a time phrase before عن is not the relaying outlet
        "ونُقل يوم الإثنين عن رئيس الوزراء قوله إن تركيا لا تخطط لإرسال قوات.",
        [("ونُقل", "رئيس الوزراء", "إن تركيا", "قوات.", False, None, None)],
    ),
    (
        # a verbal noun after the verb's own preposition is the content (أفاد ب، أشار إلى)
        "أفاد مصدر من المقاومة الشعبية اليوم الجمعة بمقتل ثمانية عشر مسلحا. وأشار المصدر إلى أسر ستة آخرين.",
        [
            ("أفاد", "مصدر من المقاومة الشعبية", "بمقتل", "مسلحا.", False, None, None),
            ("وأشار", "المصدر", "إلى أسر", "آخرين.", False, None, None),
        ],
    ),
    (
        # a participle opens its own clause: the verb before it keeps its governed content
        "وكشف رئيس لجنة الاحتراف عن إعطاء 22 موافقة لتسجيل لاعبين، مشيراً إلى أن نادي الفتح كان السباق.",
        [
            ("وكشف", "رئيس لجنة الاحتراف", "عن إعطاء", "لاعبين", False, None, None),
            ("مشيراً", "رئيس لجنة الاحتراف", "إلى أن نادي", "السباق.", False, None, None),
        ],
    ),
    (
        # "علماً بأن" is the writer's aside, not the announcement's content
        "أعلنت إدارة البرنامج عن بدء الدورة القادمة، علماً بأن التقديم يتم إلكترونيا.",
        [("أعلنت", "إدارة البرنامج", "عن بدء", "إلكترونيا.", False, None, None)],
    ),
    (
        'وكانت صحيفة "الشروق" الجزائرية قد ذكرت أن الجهاز الفني يبحث عن مهاجم.',
        [("ذكرت", 'صحيفة "الشروق" الجزائرية', "أن الجهاز", "مهاجم.", False, None, None)],
    ),
    (
        "ولكن كثيرا من الاقتصاديين يقولون إن هذا الأمر سيكون صعبا.",
        [("يقولون", "كثيرا من الاقتصاديين", "إن هذا", "صعبا.", False, None, None)],
    ),
    (
        "وقال وزير النقل اليمني بدر باسلمة إن نحو ألف شخص قتلوا.",
        [("وقال", "وزير النقل اليمني بدر باسلمة", "إن نحو", "قتلوا.", False, None, None)],
    ),
    (
        # the writer's impersonal "يذكر أن"، "وتبين أن" are not quotes; "الفتن" is no form of لفت
        "يذكر أن الشهيد يبلغ من العمر 30 عاماً. وتبين أن المتهم فر. ويغرس بذور الفتن والمطلوب أن يتمسك الإعلام برسالته.",
        [],
    ),
    (
        # "د." does not end the search; "نقلاً عن" splits relay and speaker
        "ونوه مدير العلاقات العامة بصحة الشرقية نقلاً عن د. خالد الشيباني أن للعيد طابعا خاصا.",
        [("ونوه", "د. خالد الشيباني", "أن للعيد", "خاصا.", False, ["مدير العلاقات العامة بصحة الشرقية"], None)],
    ),
    (
        # a subjectless cue inside a sentence continues that sentence's subject
        "فرضت الحكومة الأمريكية أمس عقوبات على ثلاثة من زعماء الجماعة وقالت إنهم يقومون بدور بارز.",
        [("وقالت", "الحكومة الأمريكية", "إنهم", "بارز.", False, None, None)],
    ),
    (
        "ونقلت وكالة «رويترز» قول وزير الدفاع الأميركي إن «قدرة إيران على العدوان» تمثل هما مشتركا.",
        [("ونقلت", "وزير الدفاع الأميركي", "إن «قدرة", "مشتركا.", False, ["وكالة «رويترز»"], None)],
    ),
    (
        "إلا أن الوزير أقر بأن النظام نفسه أخفق. بكل الحب ندعو أن يعيدنا ربي لأمثاله.",
        [("أقر", "الوزير", "بأن النظام", "أخفق.", False, None, None)],
    ),
    (
        # the participle's speaker is the sentence subject, a generic group
        "ووجد الباحثون أن أفضل سن للزواج هي 25 عاما، مؤكدين أن الأشخاص الأصغر أكثر عرضة للطلاق.",
        [("مؤكدين", "الباحثون", "أن الأشخاص", "للطلاق.", False, None, None)],
    ),
    (
        # a bracketed relay before the verb: the verb's quote carries it
        "وبحسب (وام) أكد المصرف في بيان صحافي أن إجمالي الائتمان المصرفي ارتفع.",
        [("أكد", "المصرف", "أن إجمالي", "ارتفع.", False, ["وام"], "في بيان صحافي")],
    ),
    (
        # a call is not a report; a prayer is not a statement
        "ودعت الوزارة إلى ضبط النفس. ودعت الخارجية الله عز وجل أن يتقبل الضحايا.",
        [],
    ),
    (
        # no content after the verb: not a quote; a quoted name is not a direct quote
        'وأعلن الجيش مقتل خمسة جنود بعد أن هاجم مسلحون موقعا لـ"قوات الحماية".',
        [],
    ),
    (
        # background clause and a masdar object: no quotes
        "دعت واشنطن إلى الانتقال إلى المرحلة الثانية، في وقت تؤكد فيه أطراف دولية أن هذه المرحلة ستكون صعبة.",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SNIPPETS, ids=[f"snippet{i}" for i in range(len(SNIPPETS))])
def test_snippets(arabic: Pipeline, text: str, expected: list[tuple]) -> None:
    doc = _doc(arabic, text)
    quotes = find_quotes(doc)
    assert doc.check_spans() == []
    got = [
        (
            q.cue.text,
            q.speaker_text,
            q.content.text,
            q.direct,
            q.extra.get("via_text"),
            q.channel.text if q.channel else None,
        )
        for q in quotes
    ]
    assert len(got) == len(expected), got
    for (cue, spk, content, direct, via, channel), (ecue, espk, head, tail, edirect, evia, echannel) in zip(got, expected):
        assert cue == ecue
        assert spk == espk
        assert content.startswith(head) and content.endswith(tail), content
        assert direct is edirect
        assert via == evia
        assert channel == echannel


def test_speaker_linked_to_person_inside_title(arabic: Pipeline) -> None:
    text = "قال وزير الخارجية السعودي الأمير فيصل بن فرحان، في مؤتمر صحفي، إن المملكة تدعم الحل. وأكد أن الحوار مستمر."
    ents = [_entity(text, "faisal", "PER", "فيصل بن فرحان"), _entity(text, "ksa", "LOC", "المملكة")]
    quotes = find_quotes(_doc(arabic, text, ents))
    assert [q.speaker for q in quotes] == ["faisal", "faisal"]  # the pronoun subject of وأكد too
    assert quotes[0].speaker_text == "فيصل بن فرحان"


def test_relay_entity_ids(arabic: Pipeline) -> None:
    text = "وقال مصدر مطلع إن المحادثات ستستأنف الأحد، بحسب ما نقلته وكالة رويترز."
    ents = [_entity(text, "reuters", "ORG", "رويترز")]
    (q,) = find_quotes(_doc(arabic, text, ents))
    assert q.speaker is None and q.speaker_text == "مصدر مطلع"
    assert q.via == ["reuters"]
    assert q.content.text == "إن المحادثات ستستأنف الأحد"


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("وأشارت", "أشار"), ("فأفاد", "أفاد"), ("يقولون", "قال"), ("وتؤكد", "أكد"), ("نفت", "نفى"), ("مضيفًا", "أضاف")],
)
def test_cue_forms(arabic: Pipeline, word: str, lemma: str) -> None:
    doc = _doc(arabic, f"{word} المصادر أن الاتفاق صامد.")
    quotes = find_quotes(doc)
    assert len(quotes) == 1 and quotes[0].cue.text == word
    from marsad.extract.quote_lexicon import lexicon
    from marsad.arabic.normalize import norm

    n = norm(word)
    cue = lexicon().cues.get(n) or lexicon().cues.get(n[1:])
    assert cue is not None and cue.lemma == lemma


# -- stage, robustness, data -------------------------------------------------------------


def test_stage_registered_and_in_pipeline(seed_text: str) -> None:
    spec = get_stage("quotes")
    assert spec.needs == ("sentences", "tokens") and spec.adds == ("quotes",)
    pipe = Pipeline.build(["arabic", "quotes"], options={"quotes": {"min_direct_words": 3}})
    doc = pipe(Document(text=seed_text))
    assert doc.stages[-1] == "quotes@1"
    assert len(doc.quotes) >= 7
    again = Document.from_dict(json.loads(json.dumps(doc.to_dict(), ensure_ascii=False)))
    assert [q.to_dict() for q in again.quotes] == [q.to_dict() for q in doc.quotes]


@pytest.mark.parametrize("text", ["", "   \n\n", "hello world.", "قال", "«", 'قال: "', "أن أن أن", "، ، قال إن"])
def test_odd_input_never_raises(arabic: Pipeline, text: str) -> None:
    doc = _doc(arabic, text)
    quotes = find_quotes(doc)
    assert doc.check_spans() == []
    assert all(q.content.text for q in quotes)


def test_tokens_missing_are_made(seed_text: str) -> None:
    pipe = Pipeline.build(["arabic", "quotes"], options={"arabic": {"tokens": False}})
    doc = pipe(Document(text=seed_text))
    assert len(doc.quotes) >= 7


def test_bad_data_file(tmp_path: Path) -> None:
    for name in ("cues.toml", "speakers.toml", "channels.toml"):
        (tmp_path / name).write_text((QUOTES_DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert load_lexicon(tmp_path).cues
    (tmp_path / "cues.toml").write_text("version = 1\n[[verb]\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        load_lexicon(tmp_path)
    (tmp_path / "cues.toml").write_text('version = 1\n[[verb]]\nlemma = "قال"\n', encoding="utf-8")
    with pytest.raises(DataFileError):
        load_lexicon(tmp_path)
    with pytest.raises(DataFileError):
        load_lexicon(tmp_path / "missing")


def test_data_files_have_headers() -> None:
    for name in ("cues.toml", "speakers.toml", "channels.toml"):
        head = (QUOTES_DATA / name).read_text(encoding="utf-8")[:600]
        assert "Version 1" in head and "Sources:" in head


def test_seed_with_the_entities_stage(seed_text: str) -> None:
    """End to end with the real entities stage before quotes: Keçeli linked, Reuters relayed."""
    pipe = Pipeline.build(["arabic", "entities", "quotes"])
    doc = pipe(Document(text=seed_text, published="2025-12-20"))
    by_cue = {q.cue.start: q for q in doc.quotes}
    keceli = {e.id for e in doc.entities if "كيشيلي" in e.name}
    reuters = {e.id for e in doc.entities if "رويترز" in e.name}
    assert keceli and reuters
    assert {by_cue[c].speaker for c in (1009, 1420, 1622, 1739)} <= keceli
    assert set(by_cue[85].via) == reuters and set(by_cue[318].via) == reuters
    assert by_cue[523].via == []


def test_document_speaker_and_anaphora(arabic: Pipeline) -> None:
    text = "وأفاد بيان للوزارة بأن الأجهزة الأمنية ضبطت 19 عنصرا. وأضاف البيان أن التحقيقات مستمرة."
    start = text.index("للوزارة") + 1  # the mention without the preposition
    ents = [Entity(id="moi", type="ORG", name="الوزارة", mentions=[Span(start, start + 6, "لوزارة")])]
    quotes = find_quotes(_doc(arabic, text, ents))
    assert [(q.cue.text, q.speaker, q.speaker_text) for q in quotes] == [
        ("وأفاد", "moi", "بيان للوزارة"),
        ("وأضاف", "moi", "البيان"),
    ]


def test_inline_relay_stays_with_its_clause(arabic: Pipeline) -> None:
    """A relay next to the speaker covers its own quote; a trailing one also the run before."""
    first = "وأكد السفير خالد سالم أن التصريحات مرفوضة.\n\n"
    inline = first + "وشدد السفير خالد سالم، وفقا لما نقلته وكالة الأنباء الرسمية، على ضرورة الكف عنها."
    trailing = first + "وشدد السفير خالد سالم على ضرورة الكف عنها، وفقا لما نقلته وكالة الأنباء الرسمية."
    for text, expect_first in ((inline, None), (trailing, ["وكالة الأنباء الرسمية"])):
        quotes = find_quotes(_doc(arabic, text))
        assert [q.cue.text for q in quotes] == ["وأكد", "وشدد"]
        assert quotes[1].extra["via_text"] == ["وكالة الأنباء الرسمية"]
        assert quotes[0].extra.get("via_text") == expect_first


# -- scoring ---------------------------------------------------------------------------------


def test_score_quotes_counts(arabic: Pipeline, seed_text: str, seed_gold: dict) -> None:
    from marsad.eval.quote_score import same_speaker_text, score_quotes

    doc = _doc(arabic, seed_text, [Entity.from_dict(e) for e in seed_gold["entities"]])
    quotes = find_quotes(doc)
    sc = score_quotes(quotes, seed_gold["quotes"])
    assert (sc.tp, sc.fp, sc.fn) == (7, 1, 0) and sc.spurious == ["موضحًا"]
    assert sc.content == sc.content_exact == sc.speaker == sc.direct == sc.via == 7
    worse = score_quotes(quotes[:2], seed_gold["quotes"])
    assert (worse.tp, worse.fp, worse.fn) == (2, 0, 5) and worse.recall == pytest.approx(2 / 7)
    assert same_speaker_text("أونجو كيشيلي", "كيشيلي") and not same_speaker_text("المصادر", "كيشيلي")


def test_gold_quote_floors(arabic: Pipeline, root: Path, snn_gold: Path) -> None:
    """Quotes over every gold article in gold/ with the gold entities (the quotes stage alone);
    floors in tests/quality_floors.toml [quotes]."""
    import tomllib

    from marsad.eval.quote_score import QuoteScore, score_quotes
    from marsad.eval.score import load_gold

    with (root / "tests/quality_floors.toml").open("rb") as fh:
        floors = tomllib.load(fh)["quotes"]
    total = QuoteScore()
    for _name, text, gold in load_gold(root / "gold"):  # fills the spans' texts the .json leaves out
        doc = _doc(arabic, text, [Entity.from_dict(e) for e in gold.get("entities", [])])
        total.add(score_quotes(find_quotes(doc), gold.get("quotes", [])))
    assert total.tp + total.fn > 0
    assert total.precision >= floors["gold_precision"]
    assert total.recall >= floors["gold_recall"]
    assert total.speaker / total.tp >= floors["gold_speaker_accuracy"]
    assert total.via / total.tp >= floors["gold_via_accuracy"]
    assert total.content / total.tp >= floors["gold_content_overlap"]


def test_participle_takes_the_sentence_subject(arabic: Pipeline) -> None:
    text = "ورفع وزير الداخلية الأمير محمد بن نايف الشكر للقيادة على دعمها، مؤكداً أن الأمن مستقر."
    (q,) = find_quotes(_doc(arabic, text, [_entity(text, "nayef", "PER", "محمد بن نايف")]))
    assert (q.cue.text, q.speaker, q.speaker_text) == ("مؤكداً", "nayef", "محمد بن نايف")
    (q,) = find_quotes(_doc(arabic, text))  # no entity: the subject's end is unknown
    assert q.speaker is None and q.speaker_text == ""
    (q,) = find_quotes(_doc(arabic, "واجتمع مصدر مطلع بالوفد، مشيرا إلى أن المحادثات مستمرة."))
    assert q.speaker_text == "مصدر مطلع"


QUOTE_WORDS = [
    "قال", "وقالت", "أكد", "مؤكدا", "وأضاف", "إن", "أن", "بأن", "إلى", "على", "بحسب", "ما", "نقلته",
    "وكالة", "رويترز", "نقلت", "عن", "مصدر", "قوله", "المصادر", "الوزير", "في", "بيان", "،", ".", ":",
    "«", "»", '"', "\n\n", "د.", "يذكر", "دعا", "الله", "لـ", "مصادر", "أمنية", "كيشيلي", "فيه", "وقت",
]


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(QUOTE_WORDS), max_size=60), entity_at=st.integers(0, 50))
def test_random_attribution_soup(words: list[str], entity_at: int) -> None:
    """Any mix of cue words, marks and relays gives valid spans and never raises."""
    text = " ".join(words)
    doc = Pipeline.build(["arabic"])(Document(text=text))
    if text:
        s = min(entity_at, len(text) - 1)
        doc.entities = [Entity(id="e", type="PER", name=text[s], mentions=[Span(s, s + 1, text[s])])]
    quotes = find_quotes(doc)
    assert doc.check_spans() == []
    assert [q.id for q in quotes] == [f"q{n}" for n in range(1, len(quotes) + 1)]
    for q in quotes:
        assert q.content.end > q.content.start and q.cue.end > q.cue.start
        assert q.speaker in (None, "e")
