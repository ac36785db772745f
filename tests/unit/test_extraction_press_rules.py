"""Rules learned from real press, each on sentences written here (in no annotated set), and the lexicon files."""

import datetime as dt
import re

import pytest

from gazetteer.resolver import NameIndex, PlaceRecord
from incidents.extraction.dates import find_time_expressions
from incidents.extraction.lexicon import LEXICON_DIR, LexiconError, alternation, entries, pattern
from incidents.extraction.textnorm import fold

from .test_extraction_extract import NAMES, PLACES, PUBLISHED, extract, index, summary  # noqa: F401  (index: fixture)


def test_every_lexicon_file_loads_with_an_example_per_row():
    names = sorted(path.stem for path in LEXICON_DIR.glob("*.tsv"))
    assert names, "no lexicon file found"
    for name in names:
        rows = entries(name)
        assert rows and all(row.example for row in rows), name


def test_lexicon_pattern_adds_proclitics_and_matches_whole_words():
    label = pattern("event_date_labels")
    assert label.search(fold("وتاريخ الحدث هو"))
    assert not label.search(fold("تاريخ الحدثين"))


def test_a_lexicon_file_with_a_bad_header_is_refused(tmp_path, monkeypatch):
    (tmp_path / "broken.tsv").write_text("word\tkind\nقصف\tx\n", encoding="utf-8")
    monkeypatch.setattr("incidents.extraction.lexicon.LEXICON_DIR", tmp_path)
    entries.cache_clear()
    with pytest.raises(LexiconError, match="header"):
        entries("broken")
    entries.cache_clear()


def test_year_first_dates_with_slashes_are_read():
    [expression] = find_time_expressions("في 2014/03/02 قصفت القوات البلدة", None)
    assert expression.date == dt.date(2014, 3, 2)


def test_a_chronology_event_date_header_dates_the_entry(index):  # noqa: F811
    text = "تاريخ الحدث\n\n2014/03/02\n\nقصفت قوات النظام مدينة طفس بقذائف الهاون، واعتقلت شابين في نوى."
    found = summary(extract(text, index, published_on=dt.date(2020, 5, 1)))
    assert ("shelling", "طفس", dt.date(2014, 3, 2)) in found
    assert ("arrest", "نوى", dt.date(2014, 3, 2)) in found


def test_without_the_header_an_event_with_no_time_word_has_no_day(index):  # noqa: F811
    text = "2014/03/02\n\nقصفت قوات النظام مدينة طفس بقذائف الهاون."
    assert ("shelling", "طفس", None) in summary(extract(text, index, published_on=dt.date(2020, 5, 1)))


def test_a_list_hit_by_artillery_and_helicopters_gives_each_place_both_types(index):  # noqa: F811
    text = "وتعرضت بلدات عدة أمس للقصف من المدفعية والطيران المروحي، ومنها طفس ونوى وإنخل."
    found = {(kind, place) for kind, place, _ in summary(extract(text, index))}
    for place in ("طفس", "نوى", "إنخل"):
        assert {("shelling", place), ("airstrike", place)} <= found
    assert len(found) == 6


def test_artillery_alone_is_shelling_only(index):  # noqa: F811
    found = {kind for kind, _, _ in summary(extract("قصفت المدفعية أمس بلدتي طفس ونوى.", index))}
    assert found == {"shelling"}


def test_rockets_fired_by_jets_are_the_air_strike_not_a_shelling(index):  # noqa: F811
    found = {kind for kind, _, _ in summary(extract("شنت طائرات حربية أمس غارات بالصواريخ على بلدة طفس، "
                                                       "فضلاً عن قصف مماثل طال نوى.", index))}
    assert found == {"airstrike"}


def test_an_incursion_that_comes_under_fire_is_a_clash_at_the_place_entered(index):  # noqa: F811
    incidents = extract("سجلت منطقة الجولان توغلاً لدورية عسكرية اليوم، حيث دخلت الدورية أطراف بلدة جاسم، قبل أن "
                        "تتعرض لإطلاق نار من مسلحين.", index)
    assert summary(incidents) == [("clash", "جاسم", PUBLISHED)]


def test_an_incursion_that_draws_no_fire_stays_an_assault(index):  # noqa: F811
    incidents = extract("توغلت دورية عسكرية اليوم في أطراف بلدة جاسم وأطلقت النار في الهواء.", index)
    assert [incident.event_type for incident in incidents] == ["assault"]


def test_a_place_in_what_a_source_reported_is_the_place_of_the_event(index):  # noqa: F811
    incidents = extract("أفاد مراسلنا اليوم بوقوع دمار واسع في بلدة المسيفرة (شرقي درعا) جراء قصفها بالبراميل.", index)
    assert summary(incidents) == [("airstrike", "المسيفرة", PUBLISHED)]


def test_where_a_source_speaks_from_is_still_no_place_of_the_event(index):  # noqa: F811
    incidents = extract("وقال ناشط في مدينة طفس إن الطيران قصف بلدة المزيريب اليوم.", index)
    assert summary(incidents) == [("airstrike", "المزيريب", PUBLISHED)]


def test_a_word_family_file_lists_forms_and_patterns(tmp_path, monkeypatch):
    (tmp_path / "family.tsv").write_text(
        "lemma\tforms\tkind\texample\n"
        "قصف\tقصف، قصفت\tbombard\tقصفت القوات البلدة.\n"
        "إطلاق النار\t/إطلاق(?:\\s+\\S+)?\\s+النار/\tshooting\tإطلاق كثيف النار.\n", encoding="utf-8")
    monkeypatch.setattr("incidents.extraction.lexicon.LEXICON_DIR", tmp_path)
    entries.cache_clear()
    try:
        assert [row.forms for row in entries("family")][0] == ("قصف", "قصفت")
        assert alternation("family", "bombard") == "قصف|قصفت"
        assert re.fullmatch(alternation("family", "shooting"), fold("إطلاق كثيف النار"))
        with pytest.raises(LexiconError, match="kind"):
            alternation("family", "siege")
    finally:
        entries.cache_clear()


def test_every_trigger_rule_has_words_in_the_lexicon():
    from incidents.extraction.events import TRIGGER_REGISTRY, find_triggers
    kinds = {entry.kind for entry in entries("triggers")}
    assert kinds == {rule_id for rule_id, _, _ in TRIGGER_REGISTRY}
    reported = {rule_id: kind for rule_id, kind, _ in TRIGGER_REGISTRY}
    for entry in entries("triggers"):  # each row's own example shows its rule's word at work
        found = {trigger.kind for trigger in find_triggers(fold(entry.example)) if not trigger.negated}
        assert reported[entry.kind] in found, entry.example


@pytest.mark.parametrize("text", [
    "ومنذ بداية العام، تزايدت عمليات الخطف والاغتيال في محافظة القنيطرة.",
    "وأفاد المكتب أن الشهر الماضي شهد تصاعد حالات الاعتقال في ريف درعا الغربي وفي مدينة نوى.",
    "وسجل الناشطون ارتفاع وتيرة عمليات الاغتيال في بلدة طفس.",
])
def test_a_trend_in_a_count_of_events_is_no_incident(index, text):  # noqa: F811
    assert extract(text, index) == []


def test_a_rising_toll_is_no_trend_and_the_event_stays(index):  # noqa: F811
    incidents = extract("وارتفعت اليوم حصيلة قصف قوات النظام على بلدة طفس إلى خمسة قتلى.", index)
    assert summary(incidents) == [("shelling", "طفس", PUBLISHED)]


def test_the_attack_named_back_keeps_the_type_of_the_act_reported(index):  # noqa: F811
    incidents = extract("قصفت القوات أمس بالمدفعية خيمة عزاء في محافظة درعا. وقال ناشطون إن امرأة قتلت في الهجوم، "
                        "الذي وقع في بلدة طفس.", index)
    assert [(kind, place) for kind, place, _ in summary(incidents)] == [("shelling", "طفس")]


def test_an_attack_after_another_kind_of_report_is_still_an_assault(index):  # noqa: F811
    incidents = extract("اعتقلت القوات أمس شابين في بلدة نوى. وفي سياق آخر، قتلت امرأة في الهجوم على بلدة طفس.", index)
    assert ("assault", "طفس") in [(kind, place) for kind, place, _ in summary(incidents)]


def test_killings_said_to_have_struck_someone_are_reported_not_a_series(index):  # noqa: F811
    incidents = extract("وشهدت بلدة طفس اليوم توتراً أمنياً على إثر عمليات اغتيال نفذها مسلحون، طالت رئيس البلدية "
                        "واثنين من مرافقيه.", index)
    assert [(kind, place) for kind, place, _ in summary(incidents)] == [("assassination", "طفس")]


@pytest.mark.parametrize("text", [
    "وشهدت المنطقة خلال الشهر سلسلة من عمليات الاغتيال، طالت قادة سابقين في بلدة طفس.",
    "وتتهم الفعاليات المحلية المجموعة بتنفيذ عمليات اغتيال في بلدة طفس.",
])
def test_a_series_of_killings_is_no_incident(index, text):  # noqa: F811
    assert [kind for kind, _, _ in summary(extract(text, index))] == []


def test_checkpoints_that_receive_reinforcements_behind_new_berms_are_no_checkpoint_event(index):  # noqa: F811
    text = "واستقدمت القوات اليوم تعزيزات إلى الحواجز العسكرية في مدخل بلدة طفس، ورفعت سواتر ترابية في محيطها."
    assert [kind for kind, _, _ in summary(extract(text, index))] == []


def test_checkpoints_removed_are_a_checkpoint_event(index):  # noqa: F811
    text = "ورفعت القوات اليوم الحواجز العسكرية من مدخل بلدة طفس."
    assert summary(extract(text, index)) == [("checkpoint", "طفس", PUBLISHED)]


def test_a_move_that_ended_with_an_arrest_reports_the_arrest(index):  # noqa: F811
    incidents = extract("دخلت دورية اليوم بلدة طفس، انتهت باعتقال أحد سكان البلدة.", index)
    assert summary(incidents) == [("arrest", "طفس", PUBLISHED)]


def test_the_end_of_a_siege_is_no_siege(index):  # noqa: F811
    assert extract("وأعلنت الفصائل اليوم انتهاء الحصار على بلدة طفس.", index) == []


@pytest.mark.parametrize("text", ["بدأت الفصائل اليوم معركة جديدة للسيطرة على بلدة نامر.",
                                  "تخوض الفصائل معركة لتحرير بلدة نامر.",
                                  "حشدت القوات أرتالها اليوم، لاستعادة بلدة نامر."])
def test_a_capture_as_the_purpose_of_an_offensive_is_not_reported(index, text):  # noqa: F811
    assert "territorial_change" not in [kind for kind, _, _ in summary(extract(text, index))]


def test_a_capture_achieved_is_reported(index):  # noqa: F811
    incidents = extract("تمكنت الفصائل اليوم من السيطرة على بلدة نامر.", index)
    assert summary(incidents) == [("territorial_change", "نامر", PUBLISHED)]


def test_a_victims_home_town_is_not_the_place_when_the_sentence_gave_one(index):  # noqa: F811
    text = ("هاجم مسلحون اليوم نقطة عسكرية في محيط بلدة المزيريب، حيث دارت اشتباكات أدت إلى مقتل قائد النقطة، "
            "وهو ينحدر من مدينة الصنمين.")
    places = {place for _, place, _ in summary(extract(text, index))}
    assert places == {"المزيريب"}


def test_a_home_town_given_alone_is_the_place(index):  # noqa: F811
    incidents = extract("اعتقلت القوات اليوم شاباً ينحدر من بلدة طفس.", index)
    assert summary(incidents) == [("arrest", "طفس", PUBLISHED)]


def test_a_place_near_the_origin_of_the_fire_is_no_target(index):  # noqa: F811
    text = "وقال ناشطون إن القوات المتمركزة في تل الجموع القريب من بلدة نوى استهدفت اليوم بقذائف الهاون بلدة طفس."
    assert {place for _, place, _ in summary(extract(text, index))} == {"طفس"}


def test_a_target_named_right_after_the_origin_of_the_fire_is_still_the_target(index):  # noqa: F811
    text = "ودكت المدفعية المتمركزة في كتيبة الدفاع الجوي اليوم بلدة طفس بعشرات القذائف."
    assert {place for _, place, _ in summary(extract(text, index))} == {"طفس"}


def test_the_base_a_force_sets_out_from_is_not_where_it_acted(index):  # noqa: F811
    text = "وتوغلت دورية اليوم من قاعدة تل الجموع باتجاه بلدة نوى، وانتهت باعتقال شاب في بلدة طفس."
    assert summary(extract(text, index)) == [("arrest", "طفس", PUBLISHED)]


def test_raids_by_forces_sent_to_towns_happen_where_they_arrived(index):  # noqa: F811
    incidents = extract("وانتشر عناصر الأمن اليوم بعد استقدام تعزيزات في مدينتي نوى وجاسم، وقاموا بحملة مداهمات "
                        "بحثاً عن مطلوبين.", index)
    assert summary(incidents) == [("arrest", "نوى", PUBLISHED), ("arrest", "جاسم", PUBLISHED)]


def test_the_weapons_reinforcements_bring_are_no_shelling_where_they_arrive(index):  # noqa: F811
    text = "ووصلت اليوم تعزيزات عسكرية إلى مدينة نوى، تضم دبابات وراجمات صواريخ."
    assert extract(text, index) == []


def test_an_ongoing_state_of_a_whole_region_is_no_incident(index):  # noqa: F811
    assert extract("وفي سياق متصل، لا تزال محافظة القنيطرة تشهد اشتباكات متقطعة بين الفصائل والقوات.", index) == []


def test_ongoing_fighting_at_a_town_is_still_a_clash(index):  # noqa: F811
    incidents = extract("ولا تزال الاشتباكات مستمرة في بلدة طفس بين الفصائل والقوات.", index)
    assert [(kind, place) for kind, place, _ in summary(incidents)] == [("clash", "طفس")]


def test_detainees_of_unknown_fate_are_no_unknown_gunmen(index):  # noqa: F811
    text = "واعتقلت القوات اليوم العشرات في بلدة طفس، قتل بعضهم تحت التعذيب وبقي آخرون مجهولي المصير."
    assert [kind for kind, _, _ in summary(extract(text, index))] == ["arrest"]


def test_unknown_gunmen_who_killed_a_man_made_an_assassination(index):  # noqa: F811
    text = "أطلق مسلحون مجهولون النار اليوم على الشاب أحمد في بلدة طفس، ما أدى إلى مقتله."
    assert [kind for kind, _, _ in summary(extract(text, index))] == ["assassination"]


def test_a_locality_known_only_inside_a_district_is_a_place_of_its_own():
    """A village the gazetteer keeps only "within" an administrative unit (no point of its own) is where an event
    happened, not the unit (a region, dropped for a precise place) and not a container of the other places."""
    district = PlaceRecord("hirak-district", "منطقة الحراك", "Al-Hirak District", "district", 32.75, 36.30,
                           "daraa-gov")
    inside = NameIndex([*PLACES, district], NAMES, within_names=[("hirak-district", "كفر ناسج")])
    assert inside.named_inside("hirak-district", "كفر ناسج") and not inside.named_inside("tafas", "طفس")
    text = "وسيطر مقاتلون اليوم على حواجز في بلدات كفر ناسج وطفس ونوى."
    assert sorted(place for _, place, _ in summary(extract(text, inside))) == ["طفس", "كفر ناسج", "نوى"]


def test_a_place_name_that_is_also_a_frequent_word_needs_a_cue():
    """صور is a village of Daraa and the plural "pictures": read as the place only after a generic word or in a list."""
    district = PlaceRecord("hirak-district", "منطقة الحراك", "Al-Hirak District", "district", 32.75, 36.30,
                           "daraa-gov")
    inside = NameIndex([*PLACES, district], NAMES, within_names=[("hirak-district", "صور")])
    assert [m.text for m in inside.find_mentions("ونشر ناشطون صور الدمار في طفس")] == ["طفس"]
    assert [m.text for m in inside.find_mentions("في بلدات صور وطفس")] == ["صور", "طفس"]


@pytest.mark.parametrize(("text", "kind"), [
    ("حاولت القوات اليوم اقتحام بلدة طفس، لكن محاولتها باءت بالفشل.", "clash"),
    ("فشلت القوات اليوم في اقتحام بلدة طفس.", "clash"),
    ("صد المقاتلون اليوم محاولة القوات اقتحام بلدة طفس.", "clash"),
    ("حاولت القوات اليوم اقتحام بلدة طفس.", "assault"),  # attempted, no resistance reported
    ("اقتحمت القوات اليوم بلدة طفس وأحرقت منازل.", "assault"),
    ("فشلت المفاوضات مع وجهاء البلدة أمس، فاقتحمت القوات اليوم بلدة طفس.", "assault"),  # another failure
])
def test_a_storming_attempted_and_repulsed_met_resistance(index, text, kind):  # noqa: F811
    assert [found for found, place, _ in summary(extract(text, index)) if place == "طفس"] == [kind]


def test_a_verb_in_the_plural_imperfect_is_a_trigger_too(index):  # noqa: F811
    text = "مجهولون يغتالون الشاب أحمد أمام منزله في مدينة طفس مساء أمس."
    assert [kind for kind, _, _ in summary(extract(text, index))] == ["assassination"]
