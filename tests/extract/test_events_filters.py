"""Event filters added for sentence-level ASSAULT / PROTEST detection (issue #5): topics, metaphors,
questions, plans, accidents, outcome nouns, and the weapon / relative-clause argument rules."""

from __future__ import annotations

import pytest

from tests.extract.test_events import events_of, make_doc


def plover(text: str, *, factual: bool = True) -> list[str]:
    evs = events_of(make_doc(text))
    return [e.plover or "" for e in evs if not factual or e.status in ("asserted", "reported")]


@pytest.mark.parametrize(
    "text",
    [
        "وأوقفت الشرطة منفذ جريمة اغتيال الشيخ أمس.",  # a legal case, not a report
        "وحذر الوزير من خطر الاعتداءات في المنطقة.",  # a risk
        "وأكدت المصادر زيادة عدد الهجمات على المنطقة.",  # a count
        "وقال إن اللجنة التي تحقق في اغتيال رئيس الوزراء ستنهي عملها.",  # an investigation, past a preposition
        "وقد هدمت قوات الجيش الإسرائيلي نقطتين فجر أمس.",  # dawn
        "شن النائب هجوماً لاذعاً على الحكومة.",  # a verbal attack
        "وسجل لاعب خط الهجوم هدفين.",  # a team's forwards
        "وهو أكبر تظاهرة ثقافية في المدينة.",  # a festival
        "وعرف عنه أنه عذب الحديث.",  # the adjective
        "من يقف وراء الاغتيال؟",  # a question
        "واعتقل تسعة أشخاص أرادوا خطف جندي.",  # an intent
        "وقتل 16 ألف شخص في كارثة تسونامي.",  # a disaster
        "وقال إن الحكومة تدين مسيرة العمل العربي المشترك.",  # "مسيرة" without a support verb
        "ويتشابه اسمه مع اسم الزعيم الذي اغتالته إسرائيل قبل ثلاثة أعوام.",  # a relative clause: background
    ],
)
def test_mentions_that_report_no_assault_or_protest(text: str) -> None:
    assert not {"ASSAULT", "PROTEST"} & set(plover(text)), text


@pytest.mark.parametrize(
    "text,kind",
    [
        ("هاجم مسلحون ثكنة عسكرية قرب مدينة مريوان أمس.", "ASSAULT"),
        ("واستشهد جندي في قصف على مركز حدودي أمس.", "ASSAULT"),
        ("وقال شهود إن رجالا هاجموا سيارة الجنرال بقذائف وقنابل يدوية.", "ASSAULT"),  # a weapon named
        ("تظاهر مئات الإيزيديين أمس في محافظة أربيل.", "PROTEST"),
        ("نظم المعلمون مسيرة أمام البرلمان أمس.", "PROTEST"),
    ],
)
def test_reports_are_still_found(text: str, kind: str) -> None:
    assert kind in plover(text), text


def test_title_question_after_a_clause_break_keeps_the_event() -> None:
    from marsad.extract.events import _asked

    t = "تفاصيل اجتماع رئيس المخابرات مع حماس.. ماذا دار خلف الأبواب؟"
    assert not _asked(t, 0, len(t), t.index("اجتماع") + len("اجتماع"))
    q = "ثم هل كان الحزب يتوقع اغتيال قائده، وغيره من القادة؟"
    assert _asked(q, 0, len(q), q.index("اغتيال") + len("اغتيال"))


def test_the_act_code_wins_over_the_outcome_noun() -> None:
    evs = events_of(make_doc("شنت طائرات التحالف غارات على المدينة أسفرت عن مقتل عشرة أشخاص."))
    violent = [e for e in evs if e.cameo[:2] in ("18", "19", "20")]
    assert len(violent) == 1 and violent[0].cameo[:2] == "19"  # not 1823 from "مقتل"


def test_a_relative_clause_gives_the_noun_its_place() -> None:
    text = "أدانت مصر التفجير الذي استهدف مسجدا في إسطنبول."
    ev = next(e for e in events_of(make_doc(text)) if e.cameo.startswith("18"))
    doc_ent = {e.id: e.name for e in make_doc(text).entities}
    assert doc_ent.get(ev.location or "") == "إسطنبول"
