"""Event triggers, their types in context, the cues that cancel them; actors and weapons."""

import pytest

from incidents.extraction.actors import find_actors
from incidents.extraction.events import (
    GOVERNING_CUES,
    checkpoint_action,
    find_triggers,
    resolve_kinds,
    split_segments,
)
from incidents.extraction.sentences import split_sentences
from incidents.extraction.textnorm import fold
from incidents.extraction.weapons import find_weapons


def kinds_of(sentence: str, previous_fire_type: str | None = None) -> list[str]:
    folded = fold(sentence)
    triggers = find_triggers(folded)
    return sorted({kind for _, kind in resolve_kinds(triggers, folded, checkpoint_action(folded), previous_fire_type)})


@pytest.mark.parametrize(
    "sentence",
    [
        "سقطت قذائف هاون على البلدة",
        "قصفت قوات النظام البلدة براجمات الصواريخ",
        "استهدفت قوات الأسد البلدة بقذائف المدفعية",
        "طال القصف المدينة بصواريخ الفيل",
        "سقط أكثر من 10 صواريخ أرض- أرض على الأحياء",
        "قصفت قوات النظام الأحياء بالمضادات الأرضية",
        "كما طالت الرمايات المدفعية مواقع النظام",
    ],
)
def test_ground_fire_is_shelling(sentence):
    assert kinds_of(sentence) == ["shelling"]


@pytest.mark.parametrize(
    "sentence",
    [
        "قصفت الطائرات الحربية الروسية البلدة",
        "شن الطيران الحربي غارات على البلدة",
        "ألقى الطيران المروحي براميل متفجرة على البلدة",
        "استهدفت طائرة مسيرة سيارة في البلدة",
        "بقصف أحياء المدينة بعشرات الغارات الجوية",
    ],
)
def test_aircraft_make_it_an_airstrike(sentence):
    assert kinds_of(sentence) == ["airstrike"]


def test_bare_targeting_takes_the_fire_type_of_the_report_so_far():
    assert kinds_of("في حين استهدفت قوات النظام مئذنة المسجد") == []
    assert kinds_of("في حين استهدفت قوات النظام مئذنة المسجد", "shelling") == ["shelling"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("دارت اشتباكات عنيفة بين الطرفين", ["clash"]),
        ("تصدى مقاتلون محليون لمحاولة التقدم", ["clash"]),
        ("اقتحمت قوات النظام البلدة", ["assault"]),
        ("سيطرت فصائل المعارضة على التلة", ["territorial_change"]),
        ("استعادت المعارضة السيطرة على الكتيبة", ["territorial_change"]),
        ("شنت الأجهزة الأمنية حملة دهم واعتقالات في المدينة", ["arrest"]),
        ("اغتال مسلحون مجهولون قيادياً سابقاً", ["assassination"]),
        ("أطلق مجهولون النار على شاب ما أدى إلى مقتله", ["assassination"]),
        # The death named another way: still a targeted killing by unknown gunmen, not an assault.
        ("استهدف مسلحون مجهولون برصاص مباشر رجلين على الطريق ما أدى لوفاتهما", ["assassination"]),
        ("أطلق مجهولون النار على موظف فلقي مصرعه", ["assassination"]),
        ("أطلق مجهولون النار على دورية دون وقوع إصابات", ["assault"]),
        ("انفجرت عبوة ناسفة بسيارة عسكرية", ["explosion"]),
        ("فككت فرق الهندسة عبوة ناسفة على الطريق", ["other"]),
        ("عثر الأهالي على جثة شاب", ["other"]),
        ("فرضت قوات النظام حصاراً على المنطقة", ["siege"]),
        ("هاجم أبناء البلدة حاجزاً لقوات النظام", ["checkpoint"]),
        ("سيطر أبناء البلدة على حاجزين للأمن العسكري", ["checkpoint"]),
        ("أقامت قوات النظام حاجزاً جديداً عند مدخل البلدة", ["checkpoint"]),
    ],
)
def test_event_types(sentence, expected):
    assert kinds_of(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "أعطت وعوداً بفك الحصار وإيقاف القصف",
        "انتهاك وقف إطلاق النار",
        "حاولوا التقدم دون تحقيق أي تقدم",
        "بهدف استعادة السيطرة على نقاط واسعة",
        "أطلق أبناء المحافظة “معركة الكرامة”",
        "أصرت على السيطرة الكاملة على المنطقة",
    ],
)
def test_events_that_did_not_happen_have_no_live_trigger(sentence):
    assert "shelling" not in kinds_of(sentence)
    assert "siege" not in kinds_of(sentence)
    assert "territorial_change" not in kinds_of(sentence)
    assert "clash" not in kinds_of(sentence)
    assert "assault" not in kinds_of(sentence)


def test_weapon_word_in_a_facility_name_is_not_a_strike():
    assert kinds_of("استعادت المعارضة السيطرة على كتيبة الصواريخ") == ["territorial_change"]


def test_besieged_is_a_state_and_imposing_a_siege_is_an_act():
    state, = find_triggers(fold("أحياء درعا المحاصرة"))
    act, = find_triggers(fold("فرضت قوات النظام حصاراً على البلدة"))
    assert (state.kind, state.state) == ("siege", True)
    assert (act.kind, act.state) == ("siege", False)


def test_definite_event_word_is_marked_for_reference_back():
    trigger, = find_triggers(fold("وأضاف أن القصف أسفر عن مقتل مدني"))
    assert trigger.definite


@pytest.mark.parametrize(
    "sentence",
    ["ونفت الصحيفة سيطرة أبناء المنطقة على حواجز عسكرية", "طالب وجهاء المدينة بوقف القصف",
     "ناشد الأهالي المجتمع الدولي لإنقاذهم من الحصار", "هدد رئيس الائتلاف بوقف المشاركة",
     "وسنستمر في تصعيد وتيرة القصف"],
)
def test_denials_calls_and_threats_govern_the_rest_of_the_sentence(sentence):
    assert GOVERNING_CUES.search(fold(sentence))


def test_segments_split_at_clause_openers():
    sentence = fold("قصفت قوات النظام مدينة داعل، في حين طال قصف آخر بلدة النعيمة حيث سقط جرحى")
    parts = [sentence[start:end].strip() for start, end in split_segments(sentence)]
    assert len(parts) == 3
    assert parts[1].startswith(fold("في حين")) and parts[2].startswith(fold("حيث"))


def test_sentences_keep_offsets_and_paragraphs():
    text = "عنوان\n\nقصفت قوات النظام البلدة. وأضاف المصدر أن القصف مستمر؟\nسطر آخر 3.5 كم"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["عنوان", "قصفت قوات النظام البلدة.", "وأضاف المصدر أن القصف مستمر؟",
                                           "سطر آخر 3.5 كم"]
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]
    assert [s.opens_paragraph for s in sentences] == [True, True, False, True]


def test_actors_are_normalized_labels():
    assert find_actors("حاولت عناصر من الفرقة الرابعة التابعة لقوات الأسد اقتحام البلدة") == [
        "4th Division", "Syrian regime forces"]
    assert find_actors("قصفت الميليشيات الإيرانية وحزب الله مواقع الجيش الحر") == [
        "Iranian militias", "Hezbollah", "Free Syrian Army"]
    assert "Local fighters" in find_actors("تصدى أبناء المنطقة للهجوم")
    assert find_actors("اغتال مسلحون مجهولون شاباً") == ["Unknown gunmen"]


def test_weapons_are_normalized_labels():
    assert find_weapons("سقطت عشرات من صواريخ الفيل وجولان والمدفعية الثقيلة") == [
        "surface-to-surface missile", "artillery"]
    assert find_weapons("ألقى الطيران المروحي براميل متفجرة") == ["helicopter", "barrel bomb"]
    assert find_weapons("بقذائف الهاون والمضادات الأرضية") == ["mortar", "anti-aircraft gun"]
    assert find_weapons("انفجار سيارة مفخخة") == ["car bomb"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("استهدفت طائرة مسيرة سيارة على الطريق", ["drone"]),  # one drone as well as several
    ("حلقت طائرة بدون طيار فوق الحي", ["drone"]),
    ("قصفت طائرة حربية التلال", ["fixed-wing aircraft"]),
    ("تقدمت دبابة نحو أطراف البلدة", ["tank"]),
    ("أطلقت راجمة صواريخ قذائفها", ["MLRS"]),
    ("انطلقت مسيرة احتجاجية في الساحة", []),  # a march, not a drone
])
def test_weapons_are_named_in_the_singular_too(sentence, expected):
    assert find_weapons(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("رمت مروحيات النظام برميلين متفجرين على البلدة", ["airstrike"]),
        ("ألقت طائرة مروحية برميلاً متفجراً فوق القرية", ["airstrike"]),
        ("نفذ سلاح الجو طلعات على مواقع المسلحين قرب البلدة", ["airstrike"]),
        ("دمرت غارة جوية مستودعاً للذخيرة", ["airstrike"]),
        ("دمرت عبوة ناسفة آلية عسكرية على الطريق", ["explosion"]),
        ("استهدف مجهولون سيارة عسكرية بعبوة ناسفة", ["explosion"]),
        ("نصب مقاتلون كميناً لدورية عسكرية قرب القرية", ["assault"]),
        ("أسقطت الفصائل طائرة مسيرة فوق البلدة", ["other"]),
    ],
)
def test_strike_vocabulary(sentence, expected):
    assert kinds_of(sentence) == expected


def test_reconnaissance_sorties_are_not_strikes():
    assert kinds_of("نفذت طائرات الاستطلاع طلعات فوق المنطقة") == []


def test_destroyed_vehicles_weapons_do_not_make_shelling():
    assert kinds_of("ودمرت المعارضة لهم دبابة ورشاشات ثقيلة") == []


def test_ambush_that_set_off_a_device_is_the_explosion():
    assert kinds_of("وقعت دورية في كمين بعبوة ناسفة على الطريق") == ["explosion"]


@pytest.mark.parametrize(
    "sentence",
    [
        "وعُثر، مساء أمس، على جثة رجل قرب الطريق",
        "عثر الأهالي صباح اليوم الثلاثاء على جثة شاب في الوادي",
    ],
)
def test_body_found_across_a_time_phrase(sentence):
    assert kinds_of(sentence) == ["other"]


def test_device_defused_across_a_time_phrase_is_other_and_not_an_explosion():
    assert kinds_of("فككت وحدة الهندسة، صباح يوم الأحد، عبوة ناسفة قبل انفجارها") == ["other"]


def test_traces_of_gunfire_on_a_body_are_not_a_shooting():
    assert kinds_of("عثر على جثة رجل وعليها آثار إطلاق نار") == ["other"]


def test_raiding_forces_named_again_are_not_a_new_raid():
    assert kinds_of("أقامت القوات المداهمة حاجزاً عند مدخل الحي") == ["checkpoint"]


def test_rpg_fire_at_a_checkpoint_is_the_checkpoint_event_not_shelling():
    assert kinds_of("استهدف الثوار حاجز البلدة بقذائف آر بي جي") == ["checkpoint"]


def test_shooting_from_a_checkpoint_is_a_checkpoint_event():
    assert kinds_of("قتل رجل برصاص عناصر حاجز للأمن العسكري عند مدخل البلدة") == ["checkpoint"]


def test_gunmen_storming_a_police_station_is_an_assault_not_an_assassination():
    assert kinds_of("هاجم مسلحون مجهولون مخفر البلدة وقتلوا أربعة من عناصره") == ["assault"]
    assert kinds_of("أطلق مسلحون مجهولون النار على رجل فقتلوه") == ["assassination"]


def test_capture_with_a_long_subject_and_a_time_before_its_object():
    assert kinds_of("سيطرت فصائل المعارضة والمجموعات المحلية المتحالفة معها، فجر اليوم، على التلة") == [
        "territorial_change"
    ]


def test_a_goal_announced_across_an_aside_is_not_a_capture():
    assert kinds_of("ويسعى التنظيم، وفق ما ينشره على معرفاته، إلى السيطرة على البلدة") == []


def test_centre_of_a_town_does_not_open_a_clause():
    assert len(split_segments(fold("انفجرت عبوة وسط مدينة نوى"))) == 1
    assert len(split_segments(fold("دخلت القوات البلدة وسط اشتباكات عنيفة"))) == 2


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("استهدف قصف إسرائيلي أطراف البلدة", ["shelling"]),
        ("شنت طائرات إسرائيلية غارة على موقع عسكري", ["airstrike"]),
        ("خطف مسلحون مجهولون شاباً على الطريق", ["other"]),
        ("فجر عنصر من التنظيم نفسه بحزام ناسف", ["explosion"]),
        ("أصيب جنديان بانفجار لغم أرضي", ["explosion"]),
    ],
)
def test_israeli_strikes_kidnapping_and_devices(sentence, expected):
    assert kinds_of(sentence) == expected


def test_control_as_a_noun_needs_its_object_close_to_be_a_capture():
    assert kinds_of("نزح الأهالي من المناطق الخاضعة لسيطرة النظام في ريف المحافظة إلى المخيمات على الحدود") == []


def test_clearing_mines_in_general_is_not_an_explosion():
    assert kinds_of("وبدأت فرق الهندسة تمشيط البلدة لإزالة الألغام والعبوات الناسفة التي خلفها المسلحون") == []
    assert kinds_of("انفجر لغم أرضي بسيارة على طريق البلدة") == ["explosion"]


def test_announcing_a_new_battle_is_not_a_clash():
    assert kinds_of("بعد إعلان فصائل المعارضة المسلحة عن معركة جديدة في ريف المحافظة") == []
    assert kinds_of("أعلنت الفصائل عن مقتل عنصرين في معارك مع قوات النظام") == ["clash"]


def test_surface_to_surface_missiles_named_apart_from_their_rockets_are_shelling():
    sentence = "شنت الطائرات الحربية غارات على البلدة، ترافقت مع إطلاق 10 صواريخ يعتقد أنها من نوع أرض – أرض"
    assert kinds_of(sentence) == ["airstrike", "shelling"]


def test_a_definite_event_word_right_after_the_head_of_a_name_is_part_of_the_name():
    assert "territorial_change" not in kinds_of("وقال متحدث باسم جيش التحرير إن الوضع هادئ")
    assert "territorial_change" not in kinds_of("وقال مصدر لـ\"فريق التحرير\" إن الوضع هادئ")


@pytest.mark.parametrize(
    "sentence",
    [
        "ألقت الطائرات الحربية قنابل فراغية على البلدة",
        "شنت المقاتلات غارات على البلدة استخدمت فيها قنابل عنقودية",
    ],
)
def test_bombs_dropped_by_aircraft_are_the_airstrike_not_an_explosion(sentence):
    assert kinds_of(sentence) == ["airstrike"]


def test_a_bomb_without_aircraft_is_still_an_explosion():
    assert kinds_of("انفجرت قنبلة يدوية في سوق البلدة") == ["explosion"]


def test_still_is_not_a_negation():
    still, = find_triggers(fold("لا يزال الحاجز قائما عند مدخل البلدة"))
    denied, = find_triggers(fold("لا حاجز عند مدخل البلدة"))
    assert (still.kind, still.negated, denied.negated) == ("checkpoint", False, True)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # Coming forward to a settlement centre is no advance; a settlement credited with calm is no recapture.
        ("تقدم عشرات الشبان صباح اليوم إلى مركز التسوية في البلدة", []),
        ("في ظل المصالحة التي أعادت الأمن إلى المنطقة", []),
        # The event a period is counted from is not an event reported.
        ("تعيش البلدة هدوءاً منذ تحريرها قبل عامين", []),
        # A device defused stays one defused device whatever words describe it afterwards.
        ("فككت الوحدات الهندسية اليوم عبوة ناسفة كانت معدة للتفجير", ["other"]),
        # Arrest and air-raid verbs not written with the usual stems.
        ("ألقت الشرطة القبض على ثلاثة أشخاص في البلدة", ["arrest"]),
        ("أغارت طائرة حربية على أطراف البلدة", ["airstrike"]),
        ("أقدم مسلحون على الاعتداء على حاجز للأمن العسكري", ["checkpoint"]),
        # A guided missile is direct fire, not shelling.
        ("استهدف المقاتلون الآلية بصاروخ موجه", []),
        # A person's earlier arrest recalled is not a new arrest.
        ("سلمت الأجهزة الأمنية جثته لذويه بعد شهرين على اعتقاله", []),
    ],
)
def test_non_events_and_unusual_event_verbs(sentence, expected):
    assert kinds_of(sentence) == expected


def test_an_aim_named_as_such_is_a_goal_not_an_event():
    from incidents.extraction.events import motive_spans

    folded = fold("وقال إن الهدف القادم هو السيطرة على التلة")
    position = folded.find(fold("السيطرة"))
    assert any(start <= position < end for start, end in motive_spans(folded))


@pytest.mark.parametrize(("sentence", "expected"), [
    # إثر (following) folds like أثر (a trace): the gunfire is reported, not marks on a body.
    ("قتل شاب في البلدة إثر إطلاق النار عليه من قبل مسلحين مجهولين", ["assassination"]),
    ("أصيب المختار بجروح بليغة إثر إطلاق مجهولين النار عليه قرب منزله", ["assassination"]),
    ("عثر الأهالي على جثة شاب عليها آثار إطلاق نار", ["other"]),
    # Wounded at a facility: an attack on it, not an assassination attempt.
    ("أطلق مجهولون النار على مخفر البلدة ما أدى إلى إصابة شرطيين", ["assault"]),
    ("أطلق مجهولون النار على منزل أحد الوجهاء", ["assault"]),
])
def test_shooting_by_unknown_gunmen_that_kills_or_wounds_a_person_is_an_assassination(sentence, expected):
    assert kinds_of(sentence) == expected


def test_two_shells_in_the_nominative_dual_are_shelling():
    assert kinds_of("سقطت قذيفتان على أطراف البلدة دون إصابات") == ["shelling"]


@pytest.mark.parametrize("sentence", ["أطلقت الدورية قنابل مضيئة فوق الوادي", "ألقت القوات قنابل دخانية قرب المدرسة"])
def test_illumination_and_smoke_shells_are_no_explosion(sentence):
    assert "explosion" not in kinds_of(sentence)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("توغلت دبابات في أطراف البلدة وانتشرت في شوارعها ساعات", ["assault"]),
    ("توغلت قوة في الأراضي الزراعية للبلدة واعتقلت ثلاثة رعاة", ["arrest"]),
    ("يتوغل الجنود في القرية ويقيمون حاجزاً عند مدخلها", ["checkpoint"]),
])
def test_an_incursion_is_an_assault_unless_the_clause_says_what_the_force_did(sentence, expected):
    assert kinds_of(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("حاولت قوة أمنية اقتحام الحي لاعتقال مطلوبين", ["assault"]),
    ("تعرض الشاب للاعتقال على يد دورية أمنية", ["arrest"]),
    ("نشرت قوات النظام حواجز جديدة على مداخل البلدة", ["checkpoint"]),
])
def test_an_arrest_as_the_purpose_of_a_move_is_not_reported_as_done(sentence, expected):
    assert kinds_of(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("قتل عنصر سابق في الفصائل يدعى محمد بعد استهدافه بالرصاص قرب منزله", ["assassination"]),
    ("أصيب شاب بعد استهدافه بالرصاص قرب منزله", ["assault"]),
])
def test_a_person_killed_by_shots_aimed_at_him_is_an_assassination(sentence, expected):
    assert kinds_of(sentence) == expected
