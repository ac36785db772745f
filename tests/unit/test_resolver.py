"""Name index, mention finding and disambiguation, on a small hand-made gazetteer."""

import csv
from pathlib import Path

import pytest

from gazetteer.arabic import normalize_for_matching
from gazetteer.resolver import NameIndex, PlaceRecord, resolve_mention

P = PlaceRecord
PLACES = [
    P("gov-daraa", "محافظة درعا", "Daraa Governorate", "governorate", 32.75, 36.20),
    P("gov-quneitra", "محافظة القنيطرة", "Quneitra Governorate", "governorate", 33.05, 35.85),
    P("daraa", "درعا", "Daraa", "city", 32.6189, 36.1021, "gov-daraa", 117000),
    P("daraa-balad", "درعا البلد", "Daraa al-Balad", "quarter", 32.61222, 36.10083, "daraa"),
    P("manshiyah", "المنشية", "al-Manshiyah", "quarter", 32.613, 36.095, "daraa"),
    P("busra", "بصرى الشام", "Busra al-Sham", "city", 32.5163, 36.4813, "gov-daraa", 20000),
    P("manshiyah-busra", "المنشية", "al-Manshiyah (Busra)", "quarter", 32.52, 36.48, "busra"),
    P("sanamayn", "الصنمين", "al-Sanamayn", "city", 33.07186, 36.18316, "gov-daraa", 26000),
    P("tafas", "طفس", "Tafas", "town", 32.73709, 36.06654, "gov-daraa", 30000),
    P("saida-daraa", "صيدا", "Saida (Daraa)", "village", 32.629444, 36.226389, "gov-daraa", 8000),
    P("sidon", "صيدا", "Sidon (Lebanon)", "city", 33.5606, 35.3756, None, 80000),
    P("shajara", "الشجرة", "al-Shajara", "village", 32.77411, 35.88202, "gov-daraa"),
    P("harra", "الحارة", "al-Harra", "town", 33.0583, 36.0053, "gov-daraa"),
    P("sowra", "الصورة", "al-Sowrah", "village", 32.70, 36.30, "gov-daraa"),
    P("naimah", "النعيمة", "al-Naimah", "village", 32.64, 36.16, "gov-daraa"),
    P("sheikh-miskin", "الشيخ مسكين", "Sheikh Miskin", "city", 32.8276, 36.1581, "gov-daraa", 25000),
    P("muzayrib", "المزيريب", "al-Muzayrib", "town", 32.71084, 36.02751, "gov-daraa", 13000),
    P("quneitra", "القنيطرة", "Quneitra", "city", 33.12595, 35.82461, "gov-quneitra"),
    P("thuayla", "تلة الثعيلة", "Tell al-Thu'ayla", "hill", 32.60, 36.07, "daraa"),
    P("raqqa", "رقة", "Raqqa", "city", 35.95, 39.01, None, 200000),
    P("ab", "اب", "Ab", "village", 33.0, 36.0),
    P("qamishli", "القامشلي", "Qamishli", "city", 37.05, 41.23, None, 180000),
    P("ghariyah-w", "الغارية الغربية", "al-Ghariyah al-Gharbiyah", "town", 32.685, 36.25, "gov-daraa"),
    P("ghariyah-e", "الغارية الشرقية", "al-Ghariyah al-Sharqiyah", "town", 32.675, 36.295, "gov-daraa"),
]
ALIASES = [("gov-daraa", "درعا"), ("gov-quneitra", "القنيطرة"), ("izra", "ازرع")]


@pytest.fixture(scope="module")
def index():
    return NameIndex(PLACES, ALIASES)


def found(index, text):
    return [(m.text, m.place_ids) for m in index.find_mentions(text)]


# -- find_mentions --------------------------------------------------------------------------------------------------


def test_clitic_waw_ba_before_daraa_is_found(index):
    text = "قصفت قوات النظام وبدرعا أحياء سكنية"
    mentions = index.find_mentions(text)
    assert [m.text for m in mentions] == ["درعا"]
    assert text[mentions[0].start:mentions[0].end] == "درعا"
    assert text[mentions[0].start - 2:mentions[0].start] == "وب"


@pytest.mark.parametrize("word", ["ودرعا", "فدرعا", "بدرعا", "لدرعا", "كدرعا", "وبدرعا", "فبدرعا", "ولدرعا", "وكدرعا"])
def test_every_proclitic_sequence_before_a_name_is_allowed(index, word):
    mentions = index.find_mentions(f"خبر {word} اليوم")
    assert [m.normalized for m in mentions] == ["درعا"]


def test_lam_plus_article_written_as_double_lam_is_found(index):
    text = "توجهت التعزيزات للصنمين صباحا"
    (mention,) = index.find_mentions(text)
    assert mention.normalized == "الصنمين"
    assert mention.place_ids == ("sanamayn",)
    assert text[mention.start:mention.end] == "لصنمين"  # the article's lam, without the preposition


def test_article_name_after_preposition_is_found(index):
    assert found(index, "وبالصنمين") == [("الصنمين", ("sanamayn",))]


def test_longest_match_wins_daraa_al_balad_over_daraa(index):
    mentions = index.find_mentions("حملة على أحياء درعا البلد اليوم")
    assert [(m.text, m.place_ids) for m in mentions] == [("درعا البلد", ("daraa-balad",))]


def test_mentions_are_in_text_order_and_do_not_overlap(index):
    text = "قصف على طفس ودرعا البلد والمزيريب ثم درعا"
    mentions = index.find_mentions(text)
    assert [m.text for m in mentions] == ["طفس", "درعا البلد", "المزيريب", "درعا"]
    for first, second in zip(mentions, mentions[1:], strict=False):
        assert first.end <= second.start


def test_offsets_index_the_original_text_through_diacritics_and_quotes(index):
    text = "قصفت قواتُ الأسد «دَرْعَا البَلَدِ» بالهاون"
    (mention,) = index.find_mentions(text)
    assert text[mention.start:mention.end] == mention.text == "دَرْعَا البَلَدِ"
    assert mention.normalized == "درعا البلد"


def test_name_inside_a_longer_word_is_not_matched(index):
    assert found(index, "الدرعاوي والطفسية ومدرعات") == []


def test_spelling_with_haa_for_taa_marbuta_and_hamza_on_alef_is_found(index):
    assert found(index, "قصف بلدة الشجره") == [("الشجره", ("shajara",))]
    assert found(index, "قصف إلمزيريب") == [("إلمزيريب", ("muzayrib",))]


def test_alias_of_an_unknown_place_id_is_ignored(index):
    # The name is then unknown: kept after its cue word for an editor, with no candidate place.
    assert found(index, "قصف على مدينة ازرع") == [("ازرع", ())]


def test_multiword_name_is_found_without_its_article(index):
    assert found(index, "اشتباكات في شيخ مسكين") == [("شيخ مسكين", ("sheikh-miskin",))]


def test_names_of_two_letters_are_never_matched(index):
    assert found(index, "وصل اب الى القرية") == []


def test_common_word_name_is_not_matched_without_a_cue(index):
    assert found(index, "نشر ناشطون الصورة على مواقع التواصل") == []


def test_common_word_name_is_matched_after_a_generic_word(index):
    assert found(index, "قصف على بلدة الصورة") == [("الصورة", ("sowra",))]
    assert found(index, "وفي قرية الشجرة") == [("الشجرة", ("shajara",))]


def test_common_word_name_is_matched_as_next_item_of_a_list(index):
    text = "طال القصف بلدة النعيمة والصورة"
    assert [m.text for m in index.find_mentions(text)] == ["النعيمة", "الصورة"]


def test_common_word_name_after_a_lone_waw_is_the_next_item_of_the_list(index):
    assert [m.text for m in index.find_mentions("طال القصف بلدة النعيمة و الصورة")] == ["النعيمة", "الصورة"]
    assert [m.text for m in index.find_mentions("طال القصف بلدة النعيمة ثم الصورة")] == ["النعيمة"]


@pytest.mark.parametrize("text", ["قصفت القوات بلدتي الغارية الغربية والشرقية",
                                  "قصفت القوات الغارية الغربية و الشرقية"])
def test_a_bare_compass_adjective_after_a_name_ending_in_another_is_that_name(index, text):
    assert found(index, text) == [("الغارية الغربية", ("ghariyah-w",)), ("الشرقية", ("ghariyah-e",))]
    resolution = resolve_mention("الشرقية", index, context_text=text, mention_start=text.rindex("الشرقية"))
    assert resolution.place_id == "ghariyah-e"
    assert resolve_mention("الشرقية", index).place_id is None  # alone, the adjective names nothing


def test_a_compass_adjective_without_such_a_name_before_it_is_no_place(index):
    assert found(index, "قصفت القوات بلدة طفس والشرقية") == [("طفس", ("tafas",))]


def test_common_word_name_is_matched_before_a_compass_word(index):
    assert found(index, "قصف على الصورة شرقي درعا")[0] == ("الصورة", ("sowra",))


def test_requires_cue_can_be_given_explicitly(index):
    strict = NameIndex(PLACES, requires_cue={"طفس"})
    assert found(strict, "قصف طفس") == []
    assert found(strict, "قصف مدينة طفس") == [("طفس", ("tafas",))]
    assert found(strict, "نشر ناشطون الصورة")[0][0] == "الصورة"  # the default list no longer applies


def test_proclitic_reading_that_spells_a_common_word_is_rejected(index):
    assert found(index, "عناصر من فرقة المدفعية") == []  # فرقة is not ف + رقة
    assert found(index, "قصف على رقة") == [("رقة", ("raqqa",))]


def test_single_word_name_without_its_article_needs_a_cue(index):
    assert found(index, "قال صنمين") == []
    assert found(index, "في مدينة صنمين") == [("صنمين", ("sanamayn",))]


def test_homonyms_are_returned_as_several_candidates(index):
    (mention,) = index.find_mentions("اقتحم أبناء صيدا حاجزا")
    assert set(mention.place_ids) == {"saida-daraa", "sidon"}


def test_misspelt_name_after_a_generic_word_is_found_fuzzily(index):
    (mention,) = index.find_mentions("قصف مدينة المزيرب")
    assert mention.fuzzy and mention.place_ids == ("muzayrib",)
    assert 88 <= mention.score < 100
    assert index.find_mentions("قصف مدينة المزيرب", fuzzy_after_cue=False) == []


def test_text_without_names_yields_nothing(index):
    assert index.find_mentions("") == []
    assert index.find_mentions("قال المتحدث إن الاجتماع انتهى") == []


# -- candidates -----------------------------------------------------------------------------------------------------


def test_candidates_accept_generic_words_and_proclitics(index):
    assert [c.place_id for c in index.candidates("بمدينة الصنمين")] == ["sanamayn"]
    assert [c.place_id for c in index.candidates("حي المنشية")] == ["manshiyah", "manshiyah-busra"]


def test_candidates_of_exact_name_are_not_fuzzy(index):
    (candidate,) = index.candidates("طفس")
    assert not candidate.fuzzy and candidate.score == 100.0


def test_candidates_fall_back_to_fuzzy_above_the_threshold(index):
    candidates = index.candidates("المزيرب")
    assert [c.place_id for c in candidates] == ["muzayrib"]
    assert candidates[0].fuzzy and candidates[0].score >= 88


def test_fuzzy_threshold_is_configurable(index):
    assert index.candidates("المزيرب", fuzzy_threshold=99) == []
    lenient = NameIndex(PLACES, fuzzy_threshold=80)
    assert [c.place_id for c in lenient.candidates("الصنمبن")] == ["sanamayn"]


def test_candidates_find_english_names(index):
    assert [c.place_id for c in index.candidates("Tafas")] == ["tafas"]


# -- resolve_mention ------------------------------------------------------------------------------------------------


def test_unique_exact_name_resolves_with_high_confidence(index):
    resolution = resolve_mention("طفس", index)
    assert (resolution.place_id, resolution.method, resolution.geo_precision) == ("tafas", "exact", 1)
    assert resolution.confidence >= 0.85
    assert (resolution.lat, resolution.lon) == (32.73709, 36.06654)


def test_unknown_name_is_unresolved_with_zero_confidence(index):
    resolution = resolve_mention("كفرناحوم", index)
    assert resolution.method == "unresolved"
    assert resolution.place_id is None and resolution.lat is None and resolution.confidence == 0.0


def test_fuzzy_match_below_threshold_is_unresolved_not_guessed(index):
    resolution = resolve_mention("الصنمبن", index)  # one substitution in seven letters: ratio 85.7 < 88
    assert resolution.method == "unresolved" and resolution.place_id is None


def test_fuzzy_match_resolves_with_reduced_confidence_and_precision(index):
    resolution = resolve_mention("المزيرب", index)
    assert resolution.place_id == "muzayrib" and resolution.method == "fuzzy"
    assert resolution.geo_precision >= 2
    assert 0.0 < resolution.confidence <= 0.75


def test_homonym_without_context_gets_low_confidence_and_the_local_candidate(index):
    resolution = resolve_mention("صيدا", index)
    assert resolution.place_id == "saida-daraa"
    assert resolution.confidence <= 0.5


def test_homonym_decided_by_compass_cue_relative_to_a_named_place(index):
    text = "وبحسب شبكات محلية اقتحم أبناء صيدا، شرقي درعا، حاجز المساكن"
    resolution = resolve_mention("صيدا", index, context_text=text)
    assert resolution.place_id == "saida-daraa"
    assert resolution.method == "context" and resolution.confidence > 0.5


def test_homonym_decided_by_nearby_places_of_the_same_article(index):
    near_sidon = [(33.55, 35.40), (33.27, 35.20)]
    assert resolve_mention("صيدا", index, context_points=near_sidon).place_id == "sidon"
    near_daraa = [(32.62, 36.10), (32.73, 36.06)]
    assert resolve_mention("صيدا", index, context_points=near_daraa).place_id == "saida-daraa"


def test_quarter_homonym_decided_by_its_city(index):
    in_busra = resolve_mention("المنشية", index, context_text="اشتباكات في حي المنشية في مدينة بصرى الشام")
    in_daraa = resolve_mention("المنشية", index, context_text="السيطرة على نقاط داخل حي المنشية بمدينة درعا")
    assert in_busra.place_id == "manshiyah-busra"
    assert in_daraa.place_id == "manshiyah"
    assert in_daraa.method == "context"


def test_bare_name_means_the_city_not_the_governorate(index):
    resolution = resolve_mention("درعا", index)
    assert resolution.place_id == "daraa" and resolution.geo_precision == 1
    assert resolution.confidence >= 0.85


def test_governorate_is_chosen_when_the_text_says_so(index):
    resolution = resolve_mention("درعا", index, context_text="توتر في محافظة درعا")
    assert resolution.place_id == "gov-daraa" and resolution.geo_precision == 3


def test_hill_resolves_with_precision_two(index):
    assert resolve_mention("تلة الثعيلة", index).geo_precision == 2


def test_near_cue_lowers_precision_to_two(index):
    text = "سقطت قذائف في مقر الفرقة بالقرب من مدينة الصنمين"
    resolution = resolve_mention("الصنمين", index, context_text=text)
    assert resolution.place_id == "sanamayn" and resolution.geo_precision == 2


def test_countryside_of_a_place_is_precision_three(index):
    resolution = resolve_mention("درعا", index, context_text="قصف مواقع في ريف درعا الغربي")
    assert resolution.place_id == "daraa" and resolution.geo_precision == 3


def test_context_that_puts_the_only_candidate_far_away_lowers_confidence(index):
    text = "قصفت قوات النظام القامشلي غربي درعا"
    with_cue = resolve_mention("القامشلي", index, context_text=text)
    without = resolve_mention("القامشلي", index)
    assert with_cue.place_id == "qamishli"
    assert with_cue.confidence <= 0.5 < without.confidence


def test_mention_start_pins_the_occurrence_whose_cues_apply(index):
    text = "مدينة درعا تحت القصف. وفي ريف درعا الشرقي اشتباكات"
    first = resolve_mention("درعا", index, context_text=text, mention_start=text.index("درعا"))
    second = resolve_mention("درعا", index, context_text=text, mention_start=text.rindex("درعا"))
    assert first.geo_precision == 1
    assert second.geo_precision == 3


def test_list_of_places_shares_the_compass_cue_that_ends_it(index):
    extra = [P("sowra-north", "الصورة", "al-Sowrah (north)", "village", 33.25, 36.25)]
    local = NameIndex(PLACES + extra)
    text = "طال قصف صاروخي بلدة النعيمة والصورة ومدينة الحارة شرقي درعا"
    resolution = resolve_mention("الصورة", local, context_text=text)
    assert resolution.place_id == "sowra"
    assert resolution.method == "context"


@pytest.fixture(scope="module")
def curated() -> NameIndex:
    """The index of the curated seed files, built as the loader builds it: names, alt_names and unplaced localities."""
    path = Path(__file__).resolve().parents[2] / "seeds" / "gazetteer" / "places.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    places = [
        P(row["key"], row["name_ar"], row["name_en"], row["kind"], float(row["lat"]), float(row["lon"]),
          row["parent"] or None)
        for row in rows
    ]
    aliases = [(row["key"], name) for row in rows for name in row.get("alt_names", "").split("|") if name.strip()]
    with path.with_name("unplaced.csv").open(encoding="utf-8", newline="") as handle:
        within = [(row["within"], name) for row in csv.DictReader(handle)
                  for name in [row["name_ar"], *row["alt_names"].split("|")] if name.strip()]
    return NameIndex(places, aliases, within_names=within)


def test_curated_gazetteer_names_are_all_found_in_a_sentence(curated):
    places = curated.places()
    missing = []
    for place in places:
        if len(normalize_for_matching(place.name_ar).replace(" ", "")) <= 2:
            continue
        sentence = f"قصفت قوات النظام بلدة {place.name_ar} صباح اليوم"
        if not any(place.place_id in m.place_ids for m in curated.find_mentions(sentence)):
            missing.append(place.name_ar)
    assert missing == []


def test_unplaced_localities_are_found_and_resolve_to_their_container(curated):
    path = Path(__file__).resolve().parents[2] / "seeds" / "gazetteer" / "unplaced.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    wrong = []
    for row in rows:
        sentence = f"قصفت قوات النظام قرية {row['name_ar']} صباح اليوم"
        mentions = curated.find_mentions(sentence)
        resolution = mentions and resolve_mention(mentions[0].text, curated, context_text=sentence,
                                                  mention_start=mentions[0].start)
        if not resolution or (resolution.place_id, resolution.method) != (row["within"], "within"):
            wrong.append(row["name_ar"])
    assert wrong == []


def test_clitic_reading_that_spells_a_common_word_is_not_rescued_by_a_generic_word():
    local = NameIndex([*PLACES, P("bira", "البيرة", "al-Bira", "town", 31.9, 35.2)])
    assert found(local, "يعيش في مدينة كبيرة") == []  # كبيرة is not ك + (ال)بيرة
    assert found(local, "قصف مدينة البيرة") == [("البيرة", ("bira",))]


def test_name_led_by_a_generic_word_does_not_win_a_tie_against_a_specific_name(index):
    local = NameIndex(PLACES, [("daraa", "منطقة درعا")])
    text = 'فرضت قوات النظام حصاراً على منطقة "درعا البلد"'
    assert [m.text for m in local.find_mentions(text)] == ["درعا البلد"]


def test_find_then_resolve_on_the_same_article_reuses_one_scan(index):
    text = "قصفت قوات النظام بلدة صيدا شرقي درعا وبلدة طفس"
    mentions = index.find_mentions(text)
    assert index.analyse_context(text) is index.analyse_context(text)
    resolutions = [resolve_mention(m.text, index, context_text=text, mention_start=m.start) for m in mentions]
    assert [r.place_id for r in resolutions] == ["saida-daraa", "daraa", "tafas"]


def test_unknown_name_after_a_cue_word_is_kept_without_candidates(index):
    assert found(index, "قصفت قوات النظام بلدة زغلولستان اليوم") == [("زغلولستان", ())]


def test_unknown_two_word_name_with_a_name_head_is_kept_whole(index):
    assert found(index, "قصفت قوات النظام قرية عين زغلول اليوم") == [("عين زغلول", ())]


@pytest.mark.parametrize("text", ["قصفت قوات النظام بلدة صغيرة", "استهدف القصف حياً سكنياً", "في حي سكني مكتظ",
                                  "مدينة تقع على الطريق"])
def test_descriptive_word_after_a_cue_word_is_no_name(index, text):
    assert found(index, text) == []


@pytest.mark.parametrize("text, name", [
    ("قصفت المدفعية مواقع على تل الزعفران صباحاً", "تل الزعفران"),
    ("وسيطرت الفصائل على تلة العرائس المجاورة", "تلة العرائس"),
    ("استهدفت غارة نقطة بتل الغزلان", "تل الغزلان"),
])
def test_unknown_named_hill_is_kept_whole_without_candidates(index, text, name):
    # A named hill is a place of its own: "تل"/"تلة" and its name, unresolved, clitics left out of the span.
    assert found(index, text) == [(name, ())]


@pytest.mark.parametrize("text", ["سيطرت القوات على تل مرتفع", "تمركزت الدبابات على تلة استراتيجية",
                                  "تل المطل على البلدة"])
def test_hill_word_followed_by_a_description_is_no_name(index, text):
    assert found(index, text) == []


def test_quarter_unknown_inside_the_named_city_is_placed_at_that_city(index):
    text = "داهمت دورية حي المنشية في مدينة الصنمين فجر اليوم."
    resolution = resolve_mention("المنشية", index, context_text=text, mention_start=text.find("المنشية"))
    assert resolution.place_id == "sanamayn" and resolution.geo_precision == 2


def test_quarter_known_inside_the_named_city_keeps_its_own_point(index):
    text = "داهمت دورية حي المنشية في مدينة بصرى الشام فجر اليوم."
    resolution = resolve_mention("المنشية", index, context_text=text, mention_start=text.find("المنشية"))
    assert resolution.place_id == "manshiyah-busra"


@pytest.mark.parametrize(("text", "expected"), [
    ("اشتباكات في حي الكرك بدرعا البلد", "karak-daraa"),
    ("قصفت قوات النظام بلدة الكرك الشرقي بريف درعا", "karak-sharqi"),
    ("مداهمات في حي السل بمدينة درعا", "sill-daraa"),
    ("اقتحمت قوة إسرائيلية قرية الغجر", "ghajar"),
])
def test_curated_quarter_and_village_names_resolve_with_their_cue(curated, text, expected):
    mention = curated.find_mentions(text)[0]
    assert resolve_mention(mention.text, curated, context_text=text, mention_start=mention.start).place_id == expected


@pytest.mark.parametrize("text", ["انتشر مرض السل في المخيمات", "تجمع الغجر في المدينة", "ذكرى معركة حطين"])
def test_curated_names_that_are_common_words_are_not_found_without_a_cue(curated, text):
    assert curated.find_mentions(text) == []


def test_quarter_of_another_town_yields_to_the_town_the_text_names():
    # Only Daraa's Karak quarter is known; the text puts a Karak quarter in Sheikh Miskin, 24 km away (inside three
    # city radii, so the distance alone would not rule it out).
    local = NameIndex([*PLACES, P("karak-daraa", "الكرك", "al-Karak", "quarter", 32.6115, 36.1025, "daraa")])
    text = "داهمت قوات الأمن حي الكرك في مدينة الشيخ مسكين واعتقلت شبانا"
    resolution = resolve_mention("الكرك", local, context_text=text, mention_start=text.index("الكرك"))
    assert (resolution.place_id, resolution.geo_precision) == ("sheikh-miskin", 2)
    own = "داهمت قوات الأمن حي الكرك في مدينة درعا"
    assert resolve_mention("الكرك", local, context_text=own, mention_start=own.index("الكرك")).place_id == "karak-daraa"


# -- localities known to lie inside a place, with no position of their own ("within" names) --------------------------

LAJAT = P("lajat", "اللجاة", "al-Lajat", "region", 33.0, 36.45)
WITHIN = [("lajat", "الشومرة"), ("tafas", "مساكن طفس")]


@pytest.fixture(scope="module")
def within_index():
    return NameIndex([*PLACES, LAJAT], ALIASES, within_names=WITHIN)


def test_within_name_is_found_in_text_with_its_clitics(within_index):
    assert found(within_index, "قصفت قوات النظام قرية الشومرة وبلدة طفس") == [("الشومرة", ("lajat",)),
                                                                              ("طفس", ("tafas",))]
    assert found(within_index, "اشتباكات في والشومرة") == [("الشومرة", ("lajat",))]


@pytest.mark.parametrize(("name", "container", "precision"), [("الشومرة", "lajat", 3), ("مساكن طفس", "tafas", 2)])
def test_within_name_resolves_to_its_container_at_a_coarser_precision_and_half_confidence(
    within_index, name, container, precision
):
    text = f"قصفت قوات النظام {name} صباح اليوم"
    resolution = resolve_mention(name, within_index, context_text=text, mention_start=text.index(name))
    assert (resolution.place_id, resolution.geo_precision, resolution.method) == (container, precision, "within")
    assert resolution.confidence == 0.5
    assert name in resolution.note


def test_a_place_carrying_the_name_itself_wins_over_a_within_name():
    placed = P("shumara", "الشومرة", "al-Shumara", "village", 32.98, 36.43, "lajat")
    local = NameIndex([*PLACES, LAJAT, placed], ALIASES, within_names=WITHIN)
    resolution = resolve_mention("الشومرة", local, context_text="قصف على قرية الشومرة")
    assert (resolution.place_id, resolution.geo_precision) == ("shumara", 1)


def test_a_name_that_is_also_the_containers_own_name_stays_a_proper_name():
    local = NameIndex([*PLACES, LAJAT], ALIASES, within_names=[("tafas", "طفس")])
    resolution = resolve_mention("طفس", local, context_text="قصف على مدينة طفس")
    assert (resolution.place_id, resolution.geo_precision, resolution.method) == ("tafas", 1, "exact")


def test_an_editors_reading_of_a_shared_name_wins_unless_the_text_clearly_says_otherwise(index):
    assert resolve_mention("صيدا", index, context_text="قصف على صيدا").place_id == "saida-daraa"
    local = NameIndex(PLACES, ALIASES, preferred_names=[("sidon", "صيدا")])
    assert resolve_mention("صيدا", local, context_text="قصف على صيدا").place_id == "sidon"
    text = "قصف على بلدة صيدا في ريف درعا الشرقي"
    assert resolve_mention("صيدا", local, context_text=text, mention_start=text.index("صيدا")).place_id == "saida-daraa"


def test_a_front_line_word_is_a_cue_for_a_name_that_is_also_a_common_word(index):
    assert found(index, "اشتباكات على محور الشجرة منذ الصباح") == [("الشجرة", ("shajara",))]
    assert found(index, "سقطت الشجرة على الطريق") == []


def test_the_extractors_reading_narrows_a_name_to_its_places(index):
    assert resolve_mention("صيدا", index).place_id == "saida-daraa"  # home-country prior without a reading
    assert resolve_mention("صيدا", index, candidate_ids=("sidon",)).place_id == "sidon"
    assert resolve_mention("صيدا", index, candidate_ids=("saida-daraa",)).place_id == "saida-daraa"
    # Ids the name does not have (a stale reading) leave the name's own places.
    assert resolve_mention("طفس", index, candidate_ids=("raqqa",)).place_id == "tafas"


def test_a_precision_hint_coarsens_the_resolution_never_refines_it(index):
    assert resolve_mention("طفس", index).geo_precision == 1
    assert resolve_mention("طفس", index, precision_hint=2).geo_precision == 2
    assert resolve_mention("محافظة درعا", index, precision_hint=2).geo_precision == 3


def test_the_mentions_of_a_sentence_are_found_by_bisection_as_by_walking_them_all():
    from gazetteer.resolver import _mentions_in_sentence, _same_sentence
    from tests.unit.test_extraction_extract import NAMES, PLACES

    index = NameIndex(PLACES, NAMES)
    text = ("قصفت القوات طفس ونوى. وفي جاسم اشتباكات، ثم قصف على إنخل! سقطت قذائف على الصنمين؟ "
            "وعاد الهدوء إلى درعا البلد وطفس")
    analysis = index.analyse_context(text)
    assert len(analysis.mentions) >= 7 and analysis.mention_starts is not None
    for position in [0, *[mention.start for mention in analysis.mentions], *analysis.sentence_breaks, len(text)]:
        walked = [number for number, mention in enumerate(analysis.mentions)
                  if _same_sentence(analysis, position, mention.start)]
        assert list(_mentions_in_sentence(analysis, position)) == walked, position
