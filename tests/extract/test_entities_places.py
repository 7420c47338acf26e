"""The entities stage on places: regions, context and the names that are common words."""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.pipeline import Pipeline, make_document


@pytest.fixture(scope="module")
def kb_only() -> Pipeline:
    return Pipeline.build(["arabic", "entities"], options={"entities": {"use_ner": False}})


def places(pipe: Pipeline, text: str, **meta: str) -> dict[str, tuple[str | None, str, str | None]]:
    doc: Document = pipe(make_document(text, **meta))
    return {m.text: (e.kb_id, e.name_en, e.country) for e in doc.entities if e.type == "LOC" for m in e.mentions}


def test_the_gulf_is_a_region(kb_only: Pipeline) -> None:
    got = places(kb_only, "وقال إن دول الخليج تواجه تحديات، وإن أمن الخليج مسؤولية مشتركة.", outlet="alriyadh")
    assert got["الخليج"] == ("region:gulf", "Gulf region", None)


def test_kurdistan_region_of_iraq(kb_only: Pipeline) -> None:
    got = places(kb_only, "زار رئيس إقليم كردستان مسعود بارزاني طهران أمس.", outlet="alriyadh")
    assert got["كردستان"] == ("region:kurdistan_iraq", "Kurdistan Region", "IRQ")
    assert got["طهران"][2] == "IRN"


def test_in_the_chest_is_not_sadr_city(kb_only: Pipeline) -> None:
    assert "الصدر" not in places(kb_only, "أصيب الجندي بطلق ناري في الصدر ونقل إلى المستشفى.")
    got = places(kb_only, "قتل خمسة في انفجار بمدينة الصدر شرقي بغداد.")
    assert got["الصدر"][0] == "geonames:7802746"


def test_regions_named_together(kb_only: Pipeline) -> None:
    got = places(kb_only, "انتشرت القوات في سيناء وفي الضفة الغربية وقطاع غزة وهضبة الجولان وبلاد الشام والمغرب العربي.")
    ids = {v[0] for v in got.values()}
    assert {"region:sinai", "geonames:285153", "geonames:281132", "region:golan", "region:levant"} <= ids
    assert "region:maghreb" in ids and "geonames:2542007" not in ids  # المغرب العربي is not Morocco


def test_middle_east_region_and_the_newspaper(kb_only: Pipeline) -> None:
    doc = kb_only(
        make_document("تجتاح الجماعات المتطرفة الشرق الأوسط أكثر فأكثر، بحسب ما نقلت صحيفة الشرق الأوسط.")
    )
    got = {(m.start, e.kb_id) for e in doc.entities for m in e.mentions}
    first = doc.text.index("الشرق الأوسط")
    assert (first, "region:middle_east") in got
    assert any(kb == "actor:asharq" for _, kb in got)


def test_van_in_turkey(kb_only: Pipeline) -> None:
    got = places(kb_only, "قتل جنديان في هجوم في ولاية فان شرقي تركيا.", outlet="alriyadh")
    assert got.get("فان", (None,))[0] in ("geonames:298117", "geonames:298113")


def test_an_area_without_arabic_name_borrows_its_seats(kb_only: Pipeline) -> None:
    """GeoNames gives Ha'il Region no Arabic name: "منطقة حائل" is the region (its seat's name with
    a prefix), a bare "حائل" stays the city."""
    got = places(kb_only, "أصدرت المديرية العامة للشؤون الصحية بمنطقة حائل بيانا.", outlet="alriyadh")
    assert got["حائل"][0] == "geonames:106280"
    got = places(kb_only, "وصل الأمير إلى حائل أمس في زيارة.", outlet="alriyadh")
    assert got["حائل"][0] == "geonames:106281"


@pytest.mark.parametrize(
    ("text", "name", "kb_id"),
    [
        ("قال مدير جامعة حلب إن الدراسة مستمرة.", "حلب", "geonames:170063"),
        ("بشأن توقيت إقبال بنك إنجلترا المركزي على رفع أسعار الفائدة.", "إنجلترا", "geonames:6269131"),
        ("قال أستاذ علم النفس بجامعة إلينوي في شيكاغو.", "إلينوي", "geonames:4896861"),
    ],
)
def test_a_place_inside_a_longer_name(kb_only: Pipeline, text: str, name: str, kb_id: str) -> None:
    """The place in an organization's name is still a place mention; "جامعة" itself is no town
    (it was Djamaa, Algeria)."""
    got = places(kb_only, text)
    assert got[name][0] == kb_id
    assert "جامعة" not in got and "بجامعة" not in got


def test_a_cue_before_a_state(kb_only: Pipeline) -> None:
    """"حاكم بوينس آيرس" is the province; the emirates of a list after "الإمارات الأخرى مثل" are the
    emirates, not their cities; "في 11 ولاية وفي واشنطن" is still the capital."""
    got = places(kb_only, "ويحتل دانييل سكيولي، حاكم بوينس آيرس، صدارة قائمة المرشحين.")
    assert got["بوينس آيرس"][0] == "geonames:3435907"
    got = places(kb_only, "حجز غرف فندقية ليس فقط في دبي؛ ولكن في الإمارات الأخرى مثل أبو ظبي ورأس الخيمة والشارقة.")
    assert got["أبو ظبي"][0] == "geonames:292969"
    assert got["الشارقة"][0] == "geonames:292673"
    got = places(kb_only, "أجري الاختبار في 11 ولاية وفي واشنطن.")
    assert got["واشنطن"][0] == "geonames:4140963"


def test_a_list_of_countries(kb_only: Pipeline) -> None:
    """بنين in a list of countries is Benin, not Benin City; a city after a region stays a city."""
    got = places(kb_only, "القوة التي ستشارك فيها كل من نيجيريا والنيجر وتشاد والكاميرون وبنين.")
    assert got["بنين"][0] == "geonames:2395170"
    got = places(kb_only, "الاستيطان في كل موقع في الضفة الغربية والقدس.")
    assert got["القدس"][0] == "geonames:281184"


def test_an_unknown_place_after_a_town_word(kb_only: Pipeline) -> None:
    """"قرية بيتا", "غابة سامبيسا", "بلدة حوار": places the KB lacks, kept unlinked with an English
    name; an agreeing adjective ("قرية صغيرة", "بلدة مجاورة") is no name."""
    got = places(kb_only, "شن الجيش ضربات على قرية بيتا على مقربة من غابة سامبيسا.")
    assert got["بيتا"][0] is None and got["بيتا"][1] and got["سامبيسا"][0] is None
    assert places(kb_only, "حددت الأهداف حول بلدة حوار في سوريا.")["حوار"][0] is None
    assert places(kb_only, "وصلوا إلى قرية صغيرة قرب الحدود، ثم إلى بلدة مجاورة.") == {}


def test_state_words(kb_only: Pipeline) -> None:
    """"الجمهورية العراقية" is Iraq; a bare "المملكة" in a Saudi paper is Saudi Arabia (not in an
    Egyptian one), "المملكة المتحدة" stays the United Kingdom."""
    got = places(kb_only, "أعربت الجمهورية العراقية عن استنكارها للهجوم في أبها جنوبي المملكة.", outlet="alriyadh")
    assert got["الجمهورية العراقية"][0] == "geonames:99237"
    assert got["المملكة"][0] == "geonames:102358"
    assert "المملكة" not in places(kb_only, "يعمل في المملكة أكثر من مليون وافد.", outlet="youm7")
    got = places(kb_only, "وصل الوفد إلى المملكة المتحدة.", outlet="alriyadh")
    assert got["المملكة المتحدة"][0] == "geonames:2635167"


def test_the_newspaper_in_quotes_is_no_region(kb_only: Pipeline) -> None:
    doc = kb_only(make_document("كييف- «الشرق الأوسط»: قتل جندي. وقال إن الوضع في الشرق الأوسط صعب."))
    kinds = sorted(e.kb_id or "" for e in doc.entities if "الشرق" in e.name)
    assert kinds == ["actor:asharq", "region:middle_east"]


def test_iranian_kurdistan(kb_only: Pipeline) -> None:
    got = places(kb_only, "أعلنت وحدات حماية شرق كردستان (كردستان إيران) مسؤوليتها.")
    assert got["كردستان إيران"][2] == "IRN"
