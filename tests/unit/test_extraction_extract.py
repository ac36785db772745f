"""extract_incidents over small texts with a small real NameIndex, and end to end over the sample articles."""

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from gazetteer.resolver import NameIndex, PlaceRecord
from incidents.extraction import ExtractedIncident, extract_incidents

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = dt.date(2021, 8, 7)  # a Saturday

PLACES = [
    PlaceRecord("daraa-gov", "درعا", "Daraa Governorate", "governorate", 32.62, 36.10),
    PlaceRecord("quneitra-gov", "القنيطرة", "Quneitra Governorate", "governorate", 33.17, 35.87),
    PlaceRecord("daraa", "درعا", "Daraa", "city", 32.6189, 36.1021, "daraa-gov"),
    PlaceRecord("daraa-al-balad", "درعا البلد", "Daraa al-Balad", "quarter", 32.6103, 36.1041, "daraa"),
    PlaceRecord("qubba", "القبة", "Al-Qubba", "quarter", 32.612, 36.110, "daraa"),
    PlaceRecord("tafas", "طفس", "Tafas", "city", 32.7366, 35.9905, "daraa-gov"),
    PlaceRecord("nawa", "نوى", "Nawa", "city", 32.8893, 36.0430, "daraa-gov"),
    PlaceRecord("inkhil", "إنخل", "Inkhil", "city", 33.0167, 36.1167, "daraa-gov"),
    PlaceRecord("sanamayn", "الصنمين", "Al-Sanamayn", "city", 33.0711, 36.1842, "daraa-gov"),
    PlaceRecord("ninth-division", "الفرقة التاسعة", "9th Division HQ", "site", 33.06, 36.17, "sanamayn"),
    PlaceRecord("jasim", "جاسم", "Jasim", "city", 32.9925, 36.0603, "daraa-gov"),
    PlaceRecord("aliya", "العالية", "Al-Aliya", "quarter", 32.99, 36.07, "jasim"),
    PlaceRecord("yadudah", "اليادودة", "Al-Yadudah", "town", 32.6703, 36.0589, "daraa-gov"),
    PlaceRecord("ghariyah-w", "الغارية الغربية", "Al-Ghariyah al-Gharbiyah", "town", 32.6806, 36.2283, "daraa-gov"),
    PlaceRecord("ghariyah-e", "الغارية الشرقية", "Al-Ghariyah al-Sharqiyah", "town", 32.6797, 36.2619, "daraa-gov"),
    PlaceRecord("saida-daraa", "صيدا", "Saida (Daraa)", "town", 32.6611, 36.2042, "daraa-gov"),
    PlaceRecord("sidon", "صيدا", "Sidon (Lebanon)", "city", 33.5571, 35.3729),
    PlaceRecord("golan", "الجولان", "Golan Heights", "region", 33.0, 35.8),
    PlaceRecord("eastern-ghouta", "الغوطة الشرقية", "Eastern Ghouta", "region", 33.55, 36.40),
    PlaceRecord("hauran", "حوران", "Hauran", "region", 32.7, 36.2),
]
NAMES = [("daraa", "مدينة درعا"), ("inkhil", "انخل"), ("golan", "جولان"), ("sanamayn", "صنمين")]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(PLACES, NAMES)


def extract(text: str, index: NameIndex, published_on: dt.date | None = PUBLISHED) -> list[ExtractedIncident]:
    return extract_incidents(text, published_on, index, skip_headline=False)


def summary(incidents: list[ExtractedIncident]) -> list[tuple[str, str, dt.date | None]]:
    return [(incident.event_type, incident.place_text, incident.date) for incident in incidents]


def test_shelling_with_its_day_weapons_actors_and_casualties(index):
    incident, = extract("قصفت قوات النظام صباح اليوم بلدة طفس بقذائف الهاون، ما أدى إلى مقتل طفلة وإصابة ثلاثة "
                        "مدنيين.", index)
    assert (incident.event_type, incident.place_text, incident.date, incident.date_precision) == (
        "shelling", "طفس", PUBLISHED, "day")
    assert (incident.killed, incident.injured, incident.casualties_estimated) == (1, 3, False)
    assert incident.weapons == ["mortar"] and incident.actors == ["Syrian regime forces"]
    assert incident.place_ids == ("tafas",)


def test_offsets_index_the_article_text_around_blanked_boilerplate(index):
    text = "عنوان الخبر\n\nتابعنا\nاشتبك مقاتلون محليون مع قوات النظام أمس في مدينة نوى.\nاقرأ أيضا: خبر آخر عن طفس\n"
    incident, = extract_incidents(text, PUBLISHED, index)
    assert text[incident.place_start:incident.place_end] == incident.place_text == "نوى"
    assert text[incident.evidence_start:incident.evidence_end] == incident.evidence
    assert incident.date == dt.date(2021, 8, 6)


def test_headline_is_not_a_source_of_incidents(index):
    text = "قصف على نوى وطفس\n\nقصفت قوات النظام صباح اليوم بلدة طفس بالمدفعية.\n"
    assert summary(extract_incidents(text, PUBLISHED, index)) == [("shelling", "طفس", PUBLISHED)]


def test_direction_reference_is_not_a_separate_place(index):
    incidents = extract("وفي شمال درعا استهدفت قوات الأسد مدينة انخل بقذائف المدفعية الثقيلة.", index)
    assert summary(incidents) == [("shelling", "انخل", None)]
    assert incidents[0].place_ids == ("inkhil",)


def test_facility_is_placed_at_the_settlement_it_is_in(index):
    incidents = extract("سقطت عدد من القذائف في مقر قيادة الفرقة التاسعة بالقرب من مدينة الصنمين.", index)
    assert summary(incidents) == [("shelling", "الصنمين", None)]


def test_between_two_places_is_placed_at_the_first(index):
    incidents = extract("دارت اشتباكات عنيفة أمس بين بلدتي الغارية الغربية والغارية الشرقية.", index)
    assert summary(incidents) == [("clash", "الغارية الغربية", dt.date(2021, 8, 6))]


def test_a_place_that_locates_another_is_not_an_incident_place(index):
    incidents = extract("قصفت قوات النظام قرية العالية في محيط مدينة جاسم ومدينة طفس.", index)
    assert [incident.place_text for incident in incidents] == ["العالية", "طفس"]


def test_the_city_refers_back_to_its_antecedent(index):
    text = "اقتحمت قوات النظام صباح اليوم مدينة طفس.\nوأضاف المصدر أن اشتباكات عنيفة دارت في المدينة."
    assert summary(extract(text, index)) == [("clash", "طفس", PUBLISHED)]


def test_front_line_axes_fold_into_the_main_place(index):
    text = "حاولت قوات النظام اليوم اقتحام درعا البلد من محور القبة، وسط اشتباكات مع أبناء المنطقة."
    assert summary(extract(text, index)) == [("clash", "درعا البلد", PUBLISHED)]


def test_governorate_is_the_place_only_of_a_distinct_incident(index):
    both = extract("قصفت قوات النظام اليوم مواقع في محافظة درعا. كما قصفت بلدة طفس بالمدفعية.", index)
    assert summary(both) == [("shelling", "طفس", PUBLISHED)]
    alone, = extract("شنت قوات النظام اليوم حملة اعتقالات في محافظة القنيطرة.", index)
    assert (alone.event_type, alone.place_ids, alone.geo_precision_hint) == ("arrest", ("quneitra-gov",), 3)


def test_countryside_alone_places_no_incident(index):
    assert extract("شنت قوات النظام حملة اعتقالات في ريف درعا الغربي.", index) == []


def test_move_towards_a_place_is_not_an_incident_there(index):
    assert extract("تقدمت قوات النظام باتجاه بلدة اليادودة من محور طفس.", index) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "ونفت الصحيفة سيطرة أبناء المنطقة على حواجز عسكرية في طفس.",
        "طالب وجهاء مدينة نوى بوقف القصف على المدينة.",
        "هدد المسؤول بقصف مدينة طفس إن لم يسلم المطلوبون أسلحتهم.",
        "وسنستمر في استهداف مواقع النظام في نوى.",
        "أعطت القوات الروسية وعوداً بفك الحصار عن درعا البلد وإيقاف القصف عليها.",
        "وأضاف أن النظام يسعى للسيطرة على بلدة طفس.",
        "خرجت مظاهرة في مدينة نوى تطالب بالإفراج عن المعتقلين.",
    ],
)
def test_denials_calls_threats_promises_and_aims_are_not_incidents(sentence, index):
    assert extract(sentence, index) == []


def test_an_article_about_negotiations_and_protests_reports_only_the_recalled_fighting(index):
    text = (
        "تتواصل المفاوضات بين اللجنة المركزية في درعا البلد والجانب الروسي، وسط مخاوف من تجدد المعارك في المدينة.\n"
        "وقال عضو في لجنة التفاوض إن الجانب الروسي طالب بتسليم السلاح الخفيف، ونشر حواجز عسكرية في أحياء درعا البلد.\n"
        "وأضاف أن الأهالي يرفضون التهجير، مؤكداً أن أي اقتحام للمدينة سيواجه بمقاومة من أبنائها.\n"
        "ويذكر أن مدينة طفس شهدت الشهر الماضي معارك عنيفة انتهت باتفاق برعاية روسية.\n"
        "وشارك المئات في مظاهرة في مدينة نوى، رفضاً للحصار المفروض على درعا البلد.\n"
    )
    # Fighting recalled from last month happened (GUIDELINES: reported as having happened); it has no single day.
    assert summary(extract(text, index)) == [("clash", "طفس", dt.date(2021, 7, 1))]


def test_undated_lead_joins_the_dated_report_of_the_same_event(index):
    text = ("بدأت قوات النظام حملة على أحياء درعا البلد وسط اشتباكات عنيفة.\n"
            "وأضاف المصدر أن اشتباكات عنيفة دارت صباح اليوم في درعا البلد.")
    assert summary(extract(text, index)) == [("clash", "درعا البلد", PUBLISHED)]


def test_city_mention_joins_its_named_quarter_on_the_same_day(index):
    text = "قصفت قوات النظام أحياء درعا فجر اليوم.\nوسقطت عشرات القذائف على درعا البلد."
    assert summary(extract(text, index)) == [("shelling", "درعا البلد", PUBLISHED)]


def test_storming_met_with_resistance_is_a_clash(index):
    text = "حاولت قوات النظام اقتحام بلدة طفس اليوم.\nوتصدى مقاتلون محليون للهجوم على طفس."
    assert summary(extract(text, index)) == [("clash", "طفس", PUBLISHED)]


def test_storming_without_resistance_is_an_assault(index):
    assert summary(extract("اقتحمت قوات النظام بلدة طفس اليوم.", index)) == [("assault", "طفس", PUBLISHED)]


def test_taking_a_checkpoint_is_a_checkpoint_event_at_the_home_town_of_its_attackers(index):
    incident, = extract("اقتحم أبناء صيدا، شرقي درعا، حاجز المساكن التابع للأمن العسكري وأسروا عناصره.", index)
    assert (incident.event_type, incident.place_text) == ("checkpoint", "صيدا")
    assert set(incident.place_ids) == {"saida-daraa", "sidon"}
    assert incident.geo_precision_hint == 2


def test_time_word_covers_the_following_sentences_of_the_days_list(index):
    text = "قصفت قوات النظام بعد ظهر اليوم بلدة طفس.\nكما قصفت بلدة نوى بالمدفعية."
    assert summary(extract(text, index)) == [("shelling", "طفس", PUBLISHED), ("shelling", "نوى", PUBLISHED)]


@pytest.mark.parametrize(
    "sentence",
    ["خلال الليلتين الماضيتين قصفت قوات النظام بلدة طفس.", "يتعرض حي درعا البلد لقصف مستمر بقذائف الهاون.",
     "تفرض قوات النظام حصاراً على مدينة طفس منذ أسبوعين."],
)
def test_vague_or_ongoing_time_leaves_the_date_empty(sentence, index):
    incident, = extract(sentence, index)
    assert (incident.date, incident.date_precision) == (None, "")


def test_besieged_as_a_state_has_no_date_but_an_imposed_siege_has(index):
    state, = extract("قصفت قوات النظام فجر اليوم أحياء درعا المحاصرة.", index, dt.date(2021, 9, 5))[1:]
    assert (state.event_type, state.date) == ("siege", None)
    imposed, = extract("وفي 25 حزيران الماضي فرضت قوات النظام حصاراً على منطقة درعا البلد.", index, dt.date(2021, 9, 5))
    assert (imposed.event_type, imposed.date) == ("siege", dt.date(2021, 6, 25))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("وكانت قوات النظام قد سيطرت على بلدة طفس في تموز 2018.",
      ("territorial_change", "طفس", dt.date(2018, 7, 1), "month")),
     ("قصفت قوات النظام مدينة طفس عام 2013 بالبراميل.", ("airstrike", "طفس", dt.date(2013, 1, 1), "year"))],
)
def test_an_event_recalled_from_years_ago_is_an_incident_dated_only_by_its_own_time_words(sentence, expected, index):
    incident, = extract(sentence, index)
    assert (incident.event_type, incident.place_text, incident.date, incident.date_precision) == expected


def test_a_recalled_event_without_a_time_word_does_not_take_the_running_day(index):
    text = "قصفت قوات النظام اليوم مدينة نوى.\nوكانت الفصائل قد سيطرت على مدينة طفس بعد معارك عنيفة.\n"
    assert summary(extract(text, index)) == [("shelling", "نوى", PUBLISHED), ("territorial_change", "طفس", None),
                                             ("clash", "طفس", None)]


def test_victims_of_the_clauses_of_one_sentence_add_up(index):
    text = ("وأضاف أن القصف أسفر عن مقتل أحد المدنيين، فيما يتحدث ناشطون عن مقتل شخص آخر جراء القصف على درعا البلد "
            "صباح اليوم.")
    incident, = extract(text, index)
    assert (incident.place_text, incident.killed) == ("درعا البلد", 2)


def test_a_repeated_toll_is_counted_once(index):
    text = ("قصفت قوات النظام اليوم بلدة طفس ما أدى إلى مقتل 3 مدنيين.\n"
            "وأكد ناشطون أن القصف على طفس أدى إلى مقتل 3 مدنيين.")
    incident, = extract(text, index)
    assert incident.killed == 3


def test_each_place_goes_with_the_event_word_before_it(index):
    text = "قصفت قوات النظام بلدة طفس واعتقلت شاباً في مدينة نوى اليوم."
    assert summary(extract(text, index)) == [("shelling", "طفس", PUBLISHED), ("arrest", "نوى", PUBLISHED)]


def test_the_position_the_fire_came_from_is_not_the_incident_place(index):
    text = "قصفت قوات النظام المتمركزة في مدينة جاسم بلدة اليادودة بالمدفعية اليوم."
    assert summary(extract(text, index)) == [("shelling", "اليادودة", PUBLISHED)]


def test_an_accusation_still_reports_the_event(index):
    text = "اتهم ناشطون قوات النظام بقصف بلدة اليادودة بقذائف الهاون اليوم."
    assert summary(extract(text, index)) == [("shelling", "اليادودة", PUBLISHED)]


def test_weapon_names_are_not_places(index):
    incidents = extract("سقطت عشرات من صواريخ الفيل وجولان على مدينة نوى اليوم.", index)
    assert summary(incidents) == [("shelling", "نوى", PUBLISHED)]


def test_places_in_a_motive_are_not_incidents(index):
    text = "استهدفت المعارضة اليوم مواقع النظام في طفس بالمدفعية رداً على مجازر النظام في الغوطة الشرقية."
    assert summary(extract(text, index)) == [("shelling", "طفس", PUBLISHED)]


def test_organisation_names_are_not_places(index):
    text = "وبحسب “تجمع أحرار حوران” قصفت قوات النظام اليوم بلدة طفس بالهاون."
    assert [incident.place_text for incident in extract(text, index)] == ["طفس"]


def test_source_and_venue_places_are_not_incidents(index):
    text = ("وقال الناشط الإعلامي أمجد عساف من مدينة نوى إن القصف على طفس بدأ بعد مغادرة الوفد الاجتماع الذي انعقد في "
            "مدينة جاسم اليوم.")
    assert [incident.place_text for incident in extract(text, index)] == ["طفس"]


def test_assassination_by_unknown_gunmen_counts_its_victim(index):
    incident, = extract("اغتال مسلحون مجهولون، مساء أمس الجمعة، الشاب أحمد المحاميد في بلدة اليادودة.", index)
    assert (incident.event_type, incident.place_text, incident.date, incident.killed) == (
        "assassination", "اليادودة", dt.date(2021, 8, 6), 1)
    assert "Unknown gunmen" in incident.actors


def test_events_abroad_are_kept_where_they_happened(index):
    text = "وكثف النظام خلال اليومين الماضيين قصفه لمدن وبلدات الغوطة الشرقية."
    assert summary(extract(text, index)) == [("shelling", "الغوطة الشرقية", None)]


def test_publication_date_falls_back_to_the_dateline(index):
    text = "قصف على طفس\n7 آب 2021\nقصفت قوات النظام صباح اليوم بلدة طفس."
    assert summary(extract_incidents(text, None, index)) == [("shelling", "طفس", dt.date(2021, 8, 7))]


def test_works_with_any_index_offering_find_mentions_and_place():
    class TinyIndex:
        """A stand-in index: substring search over two names."""

        places = {"t": PlaceRecord("t", "طفس", "Tafas", "city", 32.7, 36.0)}

        def find_mentions(self, text):
            from gazetteer.resolver import Mention

            start = text.find("طفس")
            return [] if start < 0 else [Mention(start, start + 3, "طفس", "طفس", ("t",))]

        def place(self, place_id):
            return self.places[place_id]

        def named_inside(self, place_id, normalized_name):
            return False

    assert summary(extract("قصفت قوات النظام اليوم طفس.", TinyIndex())) == [("shelling", "طفس", PUBLISHED)]


# -- end to end over the sample articles -----------------------------------------------------------------------------

SEED_ARTICLES = ROOT / "seeds" / "articles"
SEED_GAZETTEER = ROOT / "seeds" / "gazetteer" / "places.csv"
SEED_GOLD = ROOT.parent / "shared" / "eval" / "seeds_gold.jsonl"


def _seed_index() -> NameIndex:
    places, names = [], []
    with SEED_GAZETTEER.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            places.append(PlaceRecord(row["key"], row["name_ar"], row["name_en"], row["kind"],
                                      float(row["lat"] or 0), float(row["lon"] or 0), row["parent"] or None))
            names.extend((row["key"], alt.strip()) for alt in (row.get("alt_names") or "").split("|") if alt.strip())
    return NameIndex(places, names)


@pytest.mark.skipif(not (SEED_GAZETTEER.exists() and SEED_GOLD.exists()), reason="needs the seed gazetteer and gold")
def test_sample_articles_against_the_hand_annotations():
    from incidents.evaluation import place_key

    index = _seed_index()
    gold = [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    with (SEED_ARTICLES / "articles.csv").open(encoding="utf-8") as handle:
        manifest = list(csv.DictReader(handle))
    predicted = []
    for row in manifest:
        text = (SEED_ARTICLES / row["file"]).read_text(encoding="utf-8")
        for incident in extract_incidents(text, dt.date.fromisoformat(row["published_on"]), index):
            predicted.append((row["file"], incident.event_type, place_key(incident.place_text), incident.date))

    def matches(prediction, record) -> bool:
        article, event_type, place, _ = prediction
        gold_place = place_key(record["place"])
        return (article, event_type) == (record["article"], record["event_type"]) and (
            place in gold_place or gold_place in place)

    found = [record for record in gold if any(matches(prediction, record) for prediction in predicted)]
    correct = [prediction for prediction in predicted if any(matches(prediction, record) for record in gold)]
    assert len(found) / len(gold) >= 0.9
    assert len(correct) / len(predicted) >= 0.9
    dated = [(record, next(p for p in predicted if matches(p, record))) for record in found if record["date"]]
    right_day = [1 for record, prediction in dated if prediction[3] and prediction[3].isoformat() == record["date"]]
    assert len(right_day) / len(dated) >= 0.9


def test_place_offsets_point_at_the_place_even_when_a_later_sentence_reuses_it(index):
    text = (
        "قصفت قوات النظام صباح اليوم أحياء درعا البلد بقذائف الهاون.\n"
        "وأضافت المصادر أن أبناء المنطقة تصدوا لمحاولة التقدم، حيث دارت اشتباكات عنيفة هناك.\n"
    )
    incidents = extract(text, index)
    assert incidents
    for incident in incidents:
        assert text[incident.place_start:incident.place_end] == incident.place_text
        assert text[incident.evidence_start:incident.evidence_end] == incident.evidence


# -- places, dates and headers: rules added from the development-set error analysis -------------------------------


def test_quarter_with_its_city_written_on_the_preposition_is_one_place(index):
    incidents = extract("تصدى الثوار لهجوم على نقاط في حي القبة بدرعا اليوم.", index)
    assert summary(incidents) == [("clash", "القبة", PUBLISHED)]


def test_places_under_an_overflight_are_not_struck(index):
    text = ("قصفت قوات النظام بلدة طفس اليوم. وتزامن القصف مع تحليق طائرات الاستطلاع في أجواء نوى وجاسم.")
    assert summary(extract(text, index)) == [("shelling", "طفس", PUBLISHED)]


def test_home_town_of_a_victim_gives_way_to_where_it_happened(index):
    incidents = extract("قتل شاب من بلدة اليادودة أمس خلال اشتباكات مع قوات النظام في مدينة جاسم.", index)
    assert summary(incidents) == [("clash", "جاسم", dt.date(2021, 8, 6))]


def test_home_town_of_a_victim_is_the_place_when_it_is_the_only_one(index):
    incidents = extract("استشهد رجل من بلدة اليادودة متأثراً بجراحه جراء قصف اليوم.", index)
    assert summary(incidents) == [("shelling", "اليادودة", PUBLISHED)]


def test_road_written_as_a_dash_pair_is_placed_at_its_first_town(index):
    incidents = extract("انفجرت عبوة ناسفة اليوم على طريق طفس – اليادودة.", index)
    assert summary(incidents) == [("explosion", "طفس", PUBLISHED)]


def test_road_leading_to_a_town_does_not_place_the_event_there(index):
    text = "داهمت القوات مدينة جاسم اليوم، وأقامت حاجزاً على مدخل المدينة وأغلقت الطريق المؤدي إلى نوى."
    assert ("checkpoint", "نوى", PUBLISHED) not in summary(extract(text, index))
    assert ("checkpoint", "جاسم", PUBLISHED) in summary(extract(text, index))


def test_every_town_of_a_list_of_protest_venues_is_a_venue(index):
    text = "خرجت مظاهرات اليوم في طفس ونوى وجاسم، ندد المشاركون فيها بالهجوم."
    assert summary(extract(text, index)) == []


def test_anaphoric_city_is_resolved_past_the_reporters_own_city(index):
    text = ("شنت قوات الأمن حملة دهم في مدينة جاسم اليوم. وقال مراسل الموقع في درعا إن عناصر الأمن أقامت حاجزاً "
            "عند مدخل المدينة.")
    assert ("checkpoint", "جاسم", PUBLISHED) in summary(extract(text, index))


def test_the_storming_forces_refer_back_to_the_storming_just_reported(index):
    text = ("اقتحمت قوات النظام فجر اليوم مدينة نوى. ودارت اشتباكات عنيفة بين القوات المقتحمة ومقاتلين محليين.")
    assert summary(extract(text, index)) == [("clash", "نوى", PUBLISHED)]


def test_fighting_that_went_on_since_an_earlier_day_has_no_single_day(index):
    text = "تتواصل منذ مساء الخميس اشتباكات عنيفة في مدينة طفس بين مجموعتين محليتين."
    assert summary(extract(text, index)) == [("clash", "طفس", None)]


def test_since_time_dates_a_siege_but_does_not_carry_to_later_sentences(index):
    text = ("اقتحمت قوات النظام صباح اليوم مدينة الصنمين، بعد أن فرضت حصاراً عليها منذ مساء أمس. "
            "وقصفت قوات النظام أحياء المدينة بالدبابات.")
    assert summary(extract(text, index)) == [
        ("assault", "الصنمين", PUBLISHED), ("siege", "الصنمين", dt.date(2021, 8, 6)),
        ("shelling", "الصنمين", PUBLISHED),
    ]


def test_lines_above_the_dateline_are_header_not_report(index):
    text = ("موقع الأخبار\n\nاشتباكات في نوى وقصف على طفس\n\n7 آب/أغسطس 2021\n\n"
            "قصفت قوات النظام صباح اليوم بلدة طفس بالمدفعية.\n")
    assert summary(extract_incidents(text, PUBLISHED, index)) == [("shelling", "طفس", PUBLISHED)]


def test_definite_event_word_without_a_place_is_the_event_of_that_type_already_reported(index):
    text = ("قصفت قوات النظام أمس بلدة طفس بالمدفعية. وشنت طائرات حربية اليوم غارة على مدينة نوى. "
            "وأسفر القصف عن مقتل مدنيين اثنين.")
    incidents = extract(text, index)
    assert summary(incidents) == [("shelling", "طفس", dt.date(2021, 8, 6)), ("airstrike", "نوى", PUBLISHED)]
    assert incidents[0].killed == 2


def test_a_feared_event_is_not_an_incident(index):
    assert extract("نزحت عشرات العائلات من بلدة اليادودة خوفاً من القصف.", index) == []
    assert extract("ويتجنب الشبان المرور في مدينة نوى خشية الاعتقال.", index) == []


def test_start_or_end_of_a_journey_is_not_the_incident_place(index):
    incidents = extract("اعتقلت قوات النظام أمس في مدينة جاسم شاباً أثناء عودته من مدينة نوى.", index)
    assert summary(incidents) == [("arrest", "جاسم", dt.date(2021, 8, 6))]
    assert extract("منع الحصار الأهالي من الخروج إلى مدينة درعا.", index) == []


def test_a_named_checkpoint_places_an_arrest_before_the_victims_home_town(index):
    incidents = extract("اعتقل عناصر حاجز الصنمين أمس شاباً من مدينة نوى.", index)
    assert [incident.place_text for incident in incidents] == ["الصنمين"]


def test_the_home_town_of_a_family_in_a_car_is_not_where_it_was_shot_at(index):
    incidents = extract("أطلق عناصر حاجز عند مدخل مدينة جاسم النار على سيارة تقل عائلة من بلدة اليادودة.", index)
    assert [incident.place_text for incident in incidents] == ["جاسم"]


def test_an_advance_towards_a_place_takes_nothing_even_after_a_strike_elsewhere(index):
    text = "قصفت قوات النظام اليوم بلدة طفس بالمدفعية، في حين تواصل القوات تقدمها باتجاه بلدة اليادودة."
    assert summary(extract(text, index)) == [("shelling", "طفس", PUBLISHED)]


def test_a_recalled_strike_of_a_few_days_ago_is_an_incident_without_a_day(index):
    incidents = extract("وكانت طائرات حربية قد قصفت قبل أيام موقعاً عسكرياً في محيط بلدة اليادودة.", index)
    assert summary(incidents) == [("airstrike", "اليادودة", None)]


def test_gunfire_by_unknown_men_in_a_survived_assassination_attempt_is_the_assassination(index):
    text = "ونجا قيادي سابق من محاولة اغتيال، بعد أن أطلق مسلحون مجهولون النار على سيارته في مدينة نوى اليوم."
    incident, = extract(text, index)
    assert (incident.event_type, incident.place_text, incident.date, incident.killed) == (
        "assassination", "نوى", PUBLISHED, None)


def test_a_monthly_tally_of_counted_events_is_not_an_incident(index):
    text = "ورصد ناشطون في مدينة نوى خلال الشهر الماضي 12 عملية اغتيال ومحاولة اغتيال في المحافظة."
    assert extract(text, index) == []


def test_the_far_side_of_a_border_line_is_not_where_a_strike_fell(index):
    text = "قصفت مدفعية الاحتلال اليوم موقعاً قرب بلدة اليادودة. وطال القصف تلة قرب الشريط الحدودي مع الجولان."
    assert [incident.place_text for incident in extract(text, index)] == ["اليادودة"]


def test_an_ongoing_siege_is_dated_to_the_day_it_was_imposed(index):
    text = "تواصل قوات النظام لليوم الثالث على التوالي حصارها لبلدة اليادودة، بعدما فرضت يوم الخميس طوقاً عليها."
    assert summary(extract(text, index)) == [("siege", "اليادودة", dt.date(2021, 8, 5))]


def test_an_axis_that_is_the_only_place_of_its_clause_is_the_place(index):
    text = "قصفت قوات النظام اليوم بلدة طفس، فيما دارت اشتباكات على محور بلدة اليادودة قرب مدينة درعا."
    assert summary(extract(text, index)) == [("shelling", "طفس", PUBLISHED), ("clash", "اليادودة", PUBLISHED)]


# -- over-prediction: places that are no incident, events that did not happen ------------------------------------------


def test_place_the_fire_came_from_is_not_where_it_fell(index):
    found = summary(extract("وقصفت قوات النظام من مواقع الفوج في مدينة الصنمين أحياء مدينة انخل بقذائف الهاون.", index))
    assert found == [("shelling", "انخل", None)]


def test_air_defence_intercepting_missiles_is_neither_a_clash_nor_shelling(index):
    found = summary(extract("شنت طائرات حربية غارات على بلدة اليادودة فجر اليوم. وقالت وسائل إعلام رسمية إن الدفاع "
                            "الجوي تصدى للصواريخ وأسقط عدداً منها.", index))
    assert found == [("airstrike", "اليادودة", PUBLISHED)]


@pytest.mark.parametrize("text", [
    "ونزحت عشرات العائلات من مدينة نوى باتجاه المزارع هرباً من القصف.",
    "ونزحت عائلات من بلدة طفس خوفاً من توسع رقعة المعارك.",
])
def test_fighting_people_fled_from_is_no_incident_of_the_displacement_sentence(index, text):
    assert extract(text, index) == []


def test_places_reinforcements_came_from_and_went_to_are_no_incidents(index):
    found = summary(extract("اندلعت اشتباكات في مدينة جاسم أمس. ووصلت تعزيزات من مدينة الصنمين وبلدة اليادودة إلى "
                            "مدينة نوى، فيما تتواصل المعارك.", index))
    assert ("clash", "الصنمين", None) not in found and all(place != "اليادودة" for _, place, _ in found)
    assert all(place != "نوى" for _, place, _ in found)


def test_an_offensives_stated_aims_are_no_incidents(index):
    assert extract("وتهدف العملية إلى عزل مدينة نوى عن محيطها والسيطرة على الطريق بين جاسم وانخل.", index) == []
    assert extract("واستقدم الجيش آليات ثقيلة تمهيداً لاقتحام بلدة اليادودة.", index) == []


def test_future_continuation_of_an_operation_is_no_incident(index):
    assert extract("وقال قيادي إن الحملة ستتواصل حتى طرد آخر مسلح من مدينة طفس.", index) == []


def test_present_tense_control_is_a_state_not_a_capture(index):
    assert extract("ويسيطر التنظيم منذ سنوات على قرى في محيط مدينة جاسم.", index) == []
    assert summary(extract("وسيطرت الفصائل اليوم على مدينة جاسم.", index)) == [
        ("territorial_change", "جاسم", PUBLISHED)]


def test_second_item_across_a_border_is_dropped_with_the_first(index):
    found = summary(extract("سقطت قذائف اليوم على مدينة نوى قرب الشريط الحدودي مع الأردن والجولان.", index))
    assert found == [("shelling", "نوى", PUBLISHED)]


def test_verb_radd_without_ala_reports_the_answer_itself(index):
    found = summary(extract("وردّت الفصائل صباح اليوم بقصف مدينة الصنمين بقذائف الهاون.", index))
    assert found == [("shelling", "الصنمين", PUBLISHED)]
    assert extract("ورداً على قصف مدينة الصنمين، أصدرت الفصائل بياناً.", index) == []


def test_facility_detainees_were_taken_to_is_not_where_they_were_arrested(index):
    found = summary(extract("وداهمت قوات الأمن بلدة اليادودة اليوم واعتقلت خمسة شبان، واقتادتهم إلى فرع الأمن في "
                            "مدينة درعا.", index))
    assert ("arrest", "اليادودة", PUBLISHED) in found and all(place != "درعا" for _, place, _ in found)


def test_arrest_on_arrival_is_placed_where_they_arrived(index):
    found = summary(extract("واعتقلت دورية أمس شاباً فور وصوله إلى مدينة طفس.", index))
    assert found == [("arrest", "طفس", PUBLISHED - dt.timedelta(days=1))]


def test_unknown_gunmen_attacking_a_checkpoint_is_no_assassination(index):
    found = summary(extract("وقتل عنصران اليوم بهجوم شنه مسلحون مجهولون على حاجز قرب بلدة صيدا.", index))
    assert found == [("checkpoint", "صيدا", PUBLISHED)]


def test_arson_alone_is_other_but_arson_by_a_storming_force_is_the_storming(index):
    assert summary(extract("وأضرم مجهولون النار اليوم في منزل بمدينة نوى.", index)) == [("other", "نوى", PUBLISHED)]
    assert summary(extract("واقتحمت دورية اليوم منزلاً في مدينة طفس وأضرمت النار فيه.", index)) == [
        ("assault", "طفس", PUBLISHED)]


def test_recalled_event_of_this_month_is_still_an_incident(index):
    found = summary(extract("وكان مسلحون قد هاجموا مطلع الشهر الجاري مخفراً في مدينة نوى.", index))
    assert [(kind, place) for kind, place, _ in found] == [("assault", "نوى")]


def test_clause_without_an_event_does_not_take_the_focus_from_one_with_an_event(index):
    found = summary(extract("قصفت قوات النظام اليوم بلدة اليادودة، في حين غادرت عائلات في مدينة طفس منازلها. "
                            "وتجدد القصف على البلدة مساءً.", index))
    assert found == [("shelling", "اليادودة", PUBLISHED)]


def test_passive_assassination_by_unknown_gunmen_is_an_assassination(index):
    incident, = extract("واغتيل مساء أمس شاب برصاص مجهولين في مدينة جاسم.", index)
    assert (incident.event_type, incident.place_text, incident.killed) == ("assassination", "جاسم", 1)


@pytest.mark.parametrize(
    "text",
    [
        "وأعلنت الفصائل بدء عملية جديدة قالت إن هدفها السيطرة على مدينة نوى وطرد القوات من بلدة طفس.",
        "وندد ناشطون في مدينة نوى بالغارات، مطالبين بحماية المدنيين.",
        "وقال محافظ درعا إن الاشتباكات لم تتوقف.",
        "ويعاني أهالي بلدة اليادودة من آثار سنوات سيطرة التنظيم عليها.",
        "يستعيد أبناء مدينة طفس في هذه المناسبة ذكرياتهم عن الحرب.",
        "ويعيد قصف مدينة نوى إلى الأذهان ما جرى في بلدة طفس قبل سنوات.",
        "وأكد مسؤول أن الدولة ماضية في إعادة الأمن إلى مدينة نوى.",
        "وتنتشر قوات فض الاشتباك قرب بلدة طفس.",
    ],
)
def test_aims_condemnations_titles_held_control_memories_and_comparisons_are_not_incidents(text, index):
    assert extract(text, index) == []


def test_restoring_security_to_a_place_is_its_recapture(index):
    incident, = extract("أعادت وحدات من الجيش الأمن والاستقرار إلى بلدة طفس أمس.", index)
    assert (incident.event_type, incident.place_text, incident.date) == (
        "territorial_change", "طفس", dt.date(2021, 8, 6))


def test_a_definite_army_before_a_name_does_not_make_it_an_organisation(index):
    incident, = extract("وفي ذلك اليوم حاصر الجيش طفس من كل الجهات.", index)
    assert (incident.event_type, incident.place_text) == ("siege", "طفس")


def test_where_a_witness_lives_or_victims_were_treated_is_not_the_incident_place(index):
    text = ("قصفت قوات النظام اليوم بلدة طفس.\n"
            "وقالت امرأة تقيم حالياً في مدينة نوى إن القذائف سقطت على طفس.\n"
            "ونُقل الجرحى إلى مشفى ميداني صغير في مدينة جاسم.\n"
            "وتسبب القصف بحالة ذعر في البلدة.\n")
    assert summary(extract(text, index)) == [("shelling", "طفس", PUBLISHED)]


def test_fire_that_fell_on_the_town_referred_back_to_is_there_not_at_its_origin(index):
    text = ("قصفت قوات النظام اليوم بلدة اليادودة.\n"
            "وقال ناشط إن القذائف سقطت على البلدة، مصدرها راجمات متمركزة قرب الطريق الرئيسي في مدينة جاسم.\n")
    assert summary(extract(text, index)) == [("shelling", "اليادودة", PUBLISHED)]


def test_the_attack_named_again_in_a_later_clause_adds_no_incident(index):
    text = "هاجم مسلحون حاجزاً للأمن في مدينة نوى فجر اليوم، ثم انسحبوا دون أن يسفر الهجوم عن قتلى."
    assert summary(extract(text, index)) == [("checkpoint", "نوى", PUBLISHED)]


def test_at_the_same_time_after_a_verb_does_not_split_the_clause(index):
    incident, = extract("وقالت المصادر إن غارة أخرى استهدفت في الوقت ذاته مزرعة على أطراف بلدة اليادودة.", index)
    assert (incident.event_type, incident.place_text) == ("airstrike", "اليادودة")


def test_a_day_and_month_without_year_in_a_story_of_an_earlier_year_keep_that_year(index):
    text = "فجر 3 نيسان 2013 قصفت قوات النظام مدينة نوى.\nوفي العاشر من أيار اقتحمت القوات مدينة طفس.\n"
    assert summary(extract(text, index)) == [("shelling", "نوى", dt.date(2013, 4, 3)),
                                             ("assault", "طفس", dt.date(2013, 5, 10))]


def test_a_named_spot_near_a_town_is_the_place_and_the_town_only_locates_it(index):
    incident, = extract("وسقطت قذائف دبابة اليوم على تل المسطاح الغربي القريب من بلدة اليادودة.", index)
    assert (incident.event_type, incident.place_text) == ("shelling", "تل المسطاح")


def test_two_spellings_of_one_place_on_one_day_are_one_incident(index):
    incidents = extract("اقتحمت قوات النظام صباح اليوم مدينة الصنمين وسط إطلاق نار كثيف. وقال ناشطون إن العناصر "
                        "اقتحموا منازل في صنمين وأحرقوا بعضها.", index)
    assert summary(incidents) == [("assault", "الصنمين", PUBLISHED)]


def test_a_checkpoint_still_in_place_is_dated_to_the_day_it_was_set_up(index):
    incidents = extract("ولا يزال الحاجز الذي نصبته قوات النظام يوم الخميس عند مدخل بلدة اليادودة يمنع المزارعين "
                        "من الوصول إلى حقولهم.", index)
    assert summary(incidents) == [("checkpoint", "اليادودة", dt.date(2021, 8, 5))]


def test_a_siege_imposed_with_an_object_pronoun_is_dated_to_its_imposition(index):
    incidents = extract("فلا يزال الطوق الأمني والحصار الذي فرضه الجيش على مدينة طفس منذ الثالث من آب مستمراً.",
                        index)
    assert summary(incidents) == [("siege", "طفس", dt.date(2021, 8, 3))]


def test_a_place_named_in_a_demand_is_not_where_the_events_before_it_happened(index):
    incidents = extract("واعتقلت قوات النظام صباح اليوم ثلاثة شبان في مدينة نوى، بعد يوم من بيان للوجهاء طالب "
                        "بوقف القصف على بلدة اليادودة.", index)
    assert summary(incidents) == [("arrest", "نوى", PUBLISHED)]


def test_a_name_with_a_media_outlet_adjective_is_the_outlet_not_a_place(index):
    incidents = extract("وقال مراسل \"جاسم الإخبارية\" إن مسلحين هاجموا صباح اليوم حاجزاً لقوات النظام على أطراف "
                        "مدينة نوى.", index)
    assert summary(incidents) == [("checkpoint", "نوى", PUBLISHED)]


def test_a_wide_area_heading_the_sentence_yields_to_the_town_of_the_actors(index):
    incidents = extract("وفي حوران بريف درعا الشمالي، تصدى أبناء مدينة جاسم فجر اليوم لهجوم شنته مجموعة مسلحة "
                        "على أطراف المدينة.", index)
    assert summary(incidents) == [("clash", "جاسم", PUBLISHED)]


def test_a_town_heading_the_sentence_stays_the_place_of_the_actors_fight(index):
    incidents = extract("وفي طفس، تصدى أبناء مدينة جاسم فجر اليوم لهجوم شنته مجموعة مسلحة.", index)
    assert summary(incidents) == [("clash", "طفس", PUBLISHED)]


def test_home_town_set_off_by_commas_after_a_name_is_not_the_place(index):
    text = "قتل الشاب محمد علي السالم، من مدينة طفس، خلال اشتباكات مع قوات النظام في بلدة اليادودة أمس."
    assert summary(extract(text, index)) == [("clash", "اليادودة", dt.date(2021, 8, 6))]


def test_road_named_after_a_town_is_not_the_place_of_an_event_in_a_quarter(index):
    text = "انفجرت عبوة ناسفة صباح اليوم في حي القبة على طريق طفس."
    assert summary(extract(text, index)) == [("explosion", "القبة", PUBLISHED)]


def test_crossing_said_to_be_inside_a_settlement_is_placed_there(index):
    crossing = PlaceRecord("old-post", "المخفر القديم", "Old border post", "crossing", 32.59, 36.07)
    local = NameIndex(PLACES + [crossing], NAMES)
    text = "سيطر مقاتلو المعارضة أمس على مبنى المخفر القديم في درعا البلد."
    assert summary(extract(text, local)) == [("territorial_change", "درعا البلد", dt.date(2021, 8, 6))]


def test_places_people_fled_from_or_to_are_no_incident_places(index):
    text = ("قصفت قوات النظام اليوم بلدة طفس بالمدفعية.\n"
            "وتسبب القصف بنزوح عشرات الأسر من بلدتي اليادودة وجاسم باتجاه مدينة نوى.\n")
    assert summary(extract(text, index)) == [("shelling", "طفس", PUBLISHED)]


def test_a_front_axis_places_the_fight_but_an_approach_axis_does_not(index):
    assert summary(extract("اندلعت اشتباكات اليوم على محور جاسم بين الفصائل وقوات النظام.", index)) == [
        ("clash", "جاسم", PUBLISHED)]
    # The advance came from the axes towards Daraa al-Balad: neither axis was taken or fought over.
    text = "تقدمت قوات النظام اليوم من عدة محاور (نوى، جاسم) باتجاه درعا البلد."
    assert summary(extract(text, index)) == []


def test_between_the_town_referred_back_to_and_others_is_that_town(index):
    text = ("اندلعت اشتباكات اليوم في مدينة جاسم.\n"
            "ونشرت قوات النظام حواجز على الطرق الواصلة بين المدينة وبلدتي نوى وطفس.\n")
    assert summary(extract(text, index)) == [("clash", "جاسم", PUBLISHED), ("checkpoint", "جاسم", PUBLISHED)]


def test_a_place_locating_a_locator_locates_the_same_place(index):
    text = "وفي بلدة اليادودة المقابلة لمدينة طفس في حوران، سقطت قذيفة هاون على أطراف البلدة اليوم."
    assert summary(extract(text, index)) == [("shelling", "اليادودة", PUBLISHED)]


def test_the_next_day_is_the_day_after_the_one_the_report_was_on(index):
    text = ("قتل شاب برصاص مجهولين في مدينة طفس يوم الخميس الماضي.\n"
            "وفي اليوم التالي، أصيب شاب آخر بجروح إثر إطلاق مجهولين النار عليه في مدينة نوى.\n")
    thursday = dt.date(2021, 8, 5)
    assert summary(extract(text, index)) == [("assassination", "طفس", thursday),
                                             ("assassination", "نوى", thursday + dt.timedelta(days=1))]
    assert summary(extract("وفي اليوم التالي اعتقلت قوات النظام شاباً في مدينة نوى.", index)) == [
        ("arrest", "نوى", None)]


def test_the_day_after_carries_on_to_the_sentences_that_continue_it(index):
    text = ("قصفت قوات النظام مدينة طفس يوم الخميس الماضي.\n"
            "وفي اليوم التالي، اقتحمت قوات النظام مدينة نوى.\n"
            "واعتقلت القوات عشرة شبان في مدينة جاسم.\n")
    friday = dt.date(2021, 8, 6)
    assert [incident.date for incident in extract(text, index)] == [friday - dt.timedelta(days=1), friday, friday]


def test_a_month_named_in_passing_does_not_move_the_year_of_a_later_day(index):
    text = ("شهدت المنطقة عمليات الاغتيال بعد اتفاق التسوية الذي أبرم في تموز 2018.\n"
            "ففي مدينة طفس، اغتال مجهولون مساء الأحد الماضي، 24 تشرين الثاني، قيادياً سابقاً قرب منزله.\n"
            "وفي اليوم التالي، اغتال مجهولون عنصراً في مدينة نوى.\n")
    published = dt.date(2019, 11, 30)
    assert summary(extract(text, index, published)) == [("assassination", "طفس", dt.date(2019, 11, 24)),
                                                        ("assassination", "نوى", dt.date(2019, 11, 25))]


def test_a_leader_named_right_after_the_event_word_is_its_victim_not_the_source(index):
    assert summary(extract("اغتال مجهولون القيادي السابق محمود مساء أمس في مدينة طفس.", index)) == [
        ("assassination", "طفس", PUBLISHED - dt.timedelta(days=1))]
    assert summary(extract("قال القيادي في فصيل محلي في مدينة طفس إن قوات النظام قصفت نوى اليوم.", index)) == [
        ("shelling", "نوى", PUBLISHED)]


def test_the_gunfire_told_right_after_an_assassination_is_that_assassination(index):
    text = ("اغتال مجهولون القيادي محمود مساء أمس في مدينة طفس.\n"
            "وقال المراسل إن مسلحين أطلقوا النار على محمود أمام منزله في المدينة، ما أدى إلى مقتله.\n"
            "ولم تتبن أي جهة عملية الاغتيال حتى لحظة تحرير هذا الخبر.\n")
    assert summary(extract(text, index)) == [("assassination", "طفس", PUBLISHED - dt.timedelta(days=1))]


def test_the_capital_a_statement_comes_from_is_no_place_of_the_events_it_comments_on(index):
    text = "قصف الطيران بلدة طفس صباح اليوم. ولم يصدر أي تعليق رسمي من درعا على غارات اليوم."
    assert summary(extract(text, index)) == [("airstrike", "طفس", PUBLISHED)]
