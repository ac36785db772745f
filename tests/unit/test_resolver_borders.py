"""A place abroad only where the text puts it abroad; fuzzy matches never cross the border against the context."""

import pytest

from gazetteer.resolver import NameIndex, PlaceRecord, countries_named, resolve_mention

P = PlaceRecord
PLACES = [
    P("gov-suwayda", "محافظة السويداء", "As-Suwayda Governorate", "governorate", 32.70896, 36.56951),
    P("suwayda", "السويداء", "As-Suwayda", "city", 32.70896, 36.56951, "gov-suwayda", 59000),
    P("salkhad", "صلخد", "Salkhad", "city", 32.49200, 36.71114, "gov-suwayda", 9000),
    P("daraa", "درعا", "Daraa", "city", 32.61889, 36.10213, None, 98000),
    P("saida-daraa", "صيدا", "Saida (Daraa)", "town", 32.629444, 36.226389, None, 8000),
    P("amman", "عمان", "Amman (Jordan)", "city", 31.95390, 35.91060, None, 4000000, "JO"),
    P("irbid", "إربد", "Irbid (Jordan)", "city", 32.55560, 35.85000, None, 500000, "JO"),
    P("sidon", "صيدا", "Sidon (Lebanon)", "city", 33.56060, 35.37560, None, 80000, "LB"),
]
ARMAN = P("arman", "عرمان", "Urman (Arman)", "town", 32.48700, 36.76200, "gov-suwayda", 5700)
ALIASES = [("gov-suwayda", "السويداء")]


@pytest.fixture(scope="module")
def index():
    return NameIndex(PLACES, ALIASES)


def _resolve(index, name, text):
    return resolve_mention(name, index, context_text=text, mention_start=text.index(name))


def test_country_words_are_found_with_their_proclitics():
    assert countries_named("عاد اللاجئون من الأردن وبلبنان") == {"JO", "LB"}
    assert countries_named("قصف على بلدة في ريف السويداء") == frozenset()


def test_a_fuzzy_near_miss_of_amman_in_a_syrian_context_is_not_amman(index):
    assert [c.place_id for c in index.candidates("عرمان")] == ["amman"]  # one letter from عمان: a fuzzy hit
    text = "قصف مدفعي على بلدة عرمان في ريف السويداء الجنوبي"
    mentions = [m for m in index.find_mentions(text) if m.text == "عرمان"]
    assert mentions and "amman" not in mentions[0].place_ids
    resolution = _resolve(index, "عرمان", text)
    assert resolution.place_id is None


def test_a_fuzzy_match_abroad_is_refused_even_when_it_is_the_only_reading(index):
    resolution = resolve_mention("عمانن", index, context_text="سقطت قذيفة على حي في عمانن صباح اليوم")
    assert resolution.place_id is None and resolution.method == "unresolved"
    assert "abroad" in resolution.note


def test_a_fuzzy_match_abroad_stands_when_the_text_names_its_country(index):
    text = "وصل الوفد إلى مدينة عمانن الأردنية مساء أمس"
    assert _resolve(index, "عمانن", text).place_id == "amman"


def test_arman_in_suwayda_resolves_to_itself_once_the_gazetteer_has_it():
    local = NameIndex([*PLACES, ARMAN], ALIASES)
    text = "قصف على بلدة عرمان في ريف السويداء"
    (mention,) = [m for m in local.find_mentions(text) if m.text == "عرمان"]
    assert mention.place_ids == ("arman",) and not mention.fuzzy
    resolution = _resolve(local, "عرمان", text)
    assert (resolution.place_id, resolution.method) == ("arman", "exact")


def test_a_name_shared_with_a_place_abroad_stays_at_home_without_a_country_word(index):
    text = "اقتحمت قوة أمنية بلدة صيدا فجر اليوم"
    assert _resolve(index, "صيدا", text).place_id == "saida-daraa"


def test_a_name_shared_with_a_place_abroad_goes_abroad_when_the_text_says_so(index):
    text = "غارة إسرائيلية على أطراف مدينة صيدا في جنوب لبنان"
    assert _resolve(index, "صيدا", text).place_id == "sidon"


def test_nearby_points_alone_do_not_carry_a_shared_name_abroad(index):
    resolution = resolve_mention("صيدا", index, context_points=[(33.55, 35.40)])
    assert resolution.place_id == "saida-daraa"


def test_an_exact_name_only_found_abroad_is_read_abroad(index):
    text = "عاد عشرات اللاجئين من إربد عبر معبر نصيب"
    assert _resolve(index, "إربد", text).place_id == "irbid"


def test_an_editors_reading_abroad_is_kept():
    local = NameIndex(PLACES, ALIASES, preferred_names=[("sidon", "صيدا")])
    assert resolve_mention("صيدا", local, context_text="قصف على صيدا").place_id == "sidon"


def test_a_person_named_like_an_aleppo_quarter_is_no_place():
    quarter = P("salaheddine", "صلاح الدين", "Salaheddine (Aleppo)", "quarter", 36.185, 37.131)
    local = NameIndex([*PLACES, quarter], ALIASES)
    assert [m.text for m in local.find_mentions("صرح القيادي صلاح الدين لوكالة محلية")] == []
    assert [m.place_ids for m in local.find_mentions("قصف على حي صلاح الدين في حلب")] == [("salaheddine",)]


def test_a_common_word_name_in_a_list_is_no_place_when_an_adjective_describes_it():
    tall = P("tall", "التل", "Al-Tall", "city", 33.61033, 36.31070, None, 55000)
    local = NameIndex([*PLACES, tall], ALIASES)
    assert [m.text for m in local.find_mentions("سيطر الجيش على بلدة صلخد والتل المشرف عليها")] == ["صلخد"]
    assert [m.text for m in local.find_mentions("سيطر الجيش على مدينة صلخد والتل بعد معارك")] == ["صلخد", "التل"]
