"""Detection rules of session 3 (issue #5): protest crowds and crowd actions, hunger strikes, verbal
attacks (criticism, CAMEO 111), aggregate tolls, purposes ("للهجوم"), rockets that fell, and a weapon
trigger that does not count as naming a weapon. Texts are written for these tests."""

from __future__ import annotations

import pytest

from marsad.extract.event_lexicon import load_lexicon
from marsad.extract.events import RAW_CUT, extract_events
from tests.extract.test_events import make_doc


def kinds(text: str, *, cut: float = RAW_CUT) -> list[str]:
    """PLOVER types of the factual events kept at the raw cut (the stage's cut before calibration)."""
    evs = extract_events(make_doc(text), lex=load_lexicon(), min_confidence=cut)
    return [e.plover or "" for e in evs if e.status in ("asserted", "reported")]


def codes(text: str) -> list[str]:
    return [e.cameo for e in extract_events(make_doc(text), lex=load_lexicon())]


@pytest.mark.parametrize(
    "text",
    [
        "خرج المئات في مظاهرة وسط المدينة.",  # the support verb خرج, the crowd المئات
        "ورفع المتظاهرون لافتات تطالب بالإصلاح.",  # what the crowd does is a support verb
        "تظاهر آلاف الطلاب أمام الجامعة.",  # a verb with its crowd
        "وبدأ 120 أسيرا إضرابا عن الطعام في سجن نفحة.",  # a hunger strike
    ],
)
def test_protests_with_their_crowd_or_its_action_are_kept(text: str) -> None:
    assert "PROTEST" in kinds(text), text


def test_a_bare_protest_noun_without_crowd_stays_under_the_cut() -> None:
    # (test_events' helper tags "المتظاهرين" as an ORG: another form here)
    assert "PROTEST" not in kinds("وكانت صورة المحتجين على الصفحة الأولى.")
    assert "PROTEST" in kinds("وكانت صورة المحتجين على الصفحة الأولى.", cut=0.0)


@pytest.mark.parametrize(
    "text",
    [
        "تجمهر حشود من الشباب على الشاطئ.",  # a gathering, no protest word near it
        "وطالب الوزير بالتحقيق في مقتل المتظاهرين.",  # the killing stands between verb and noun
        "وأعطت واشنطن ضوءا أخضر للهجوم على المنشآت.",  # a purpose, not a report
        "وعثرت الشرطة على سيارة مفخخة قرب السوق.",  # the trigger's own weapon word is no casualty cue
        "فجر رئيس الاتحاد قضية كبرى بإعلانه.",  # sparked, not a bombing
        "وقتل 76 صحافيا منذ الغزو.",  # a toll over a period
        "وأشار البيان إلى مقتل 488 عنصرا خلال الشهر.",  # a monthly toll
    ],
)
def test_no_assault_or_protest_reported(text: str) -> None:
    assert not {"ASSAULT", "PROTEST"} & set(kinds(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "وهاجم الوزير سياسة الحكومة أمس.",  # an abstract object
        "وشن الرئيس أعنف هجوم له على الحركة في كلمة ألقاها أمس.",  # a speech cue, no weapon
        "وهاجم النائب الوزير قائلا إنه فشل.",
    ],
)
def test_verbal_attacks_are_criticism(text: str) -> None:
    got = codes(text)
    assert "111" in got and not any(c[:2] in ("18", "19", "20") for c in got), (text, got)


@pytest.mark.parametrize(
    "text",
    [
        "هاجم مسلحون حاجزا للشرطة بقذائف الهاون، بحسب تصريحات مسؤول.",  # speech cue, but a weapon
        "وسقطت ثلاثة صواريخ قرب المستشفى أمس.",  # rockets that fell
        "وتم تفجير الشاحنة في منطقة سكنية أمس.",  # a passive report
        "وقتل مسلحون خمسة جنود في هجوم أمس.",  # a new attack, not a toll
    ],
)
def test_assaults_still_found(text: str) -> None:
    assert "ASSAULT" in kinds(text), text


def test_a_purpose_needs_no_exception_head_before_it() -> None:
    # ل after تعرض (7 words back) is the object, not a purpose: the event stays factual
    assert "ASSAULT" in kinds("وتعرضت قرى سهرة والحيمة القريبة من المدينة لقصف مدفعي أمس.", cut=0.0)
    assert "ASSAULT" not in kinds("وأعطت واشنطن ضوءا أخضر للهجوم على المنشآت.", cut=0.0)


@pytest.mark.parametrize(
    "text",
    [
        "ودعت المعارضة أنصارها إلى التظاهر أمام البرلمان.",  # a call
        "وسينظم المئات مظاهرة أمام البرلمان غدا.",  # the future
        "وأعلنت نقابة الموظفين عن تظاهرة أمام البرلمان مساء اليوم.",  # announced
        "ولم يخرج المئات في مظاهرة أمس.",  # denied
    ],
)
def test_protest_status_logic_is_kept_with_crowds(text: str) -> None:
    assert "PROTEST" not in kinds(text, cut=0.0), text


def test_an_arrest_by_a_national_force_takes_place_in_its_country() -> None:
    from marsad.document import Entity, Span

    text = "وألقت قوات الأمن القبض على 251 شخصا أمس. وقالت تركيا إن الحملة مستمرة."
    doc = make_doc(text)
    s = text.index("قوات الأمن")
    e = s + len("قوات الأمن")
    doc.entities.append(Entity(id="f1", type="ORG", name="قوات الأمن", country="TUR", mentions=[Span(s, e, text[s:e])]))
    evs = [x for x in extract_events(doc, lex=load_lexicon()) if x.cameo == "173"]
    turkey = next(x.id for x in doc.entities if x.name == "تركيا")
    assert evs and evs[0].source == ["f1"] and evs[0].location == turkey
    doc.entities[-1].country = None  # no country: no place
    assert [x.location for x in extract_events(doc, lex=load_lexicon()) if x.cameo == "173"] == [None]
