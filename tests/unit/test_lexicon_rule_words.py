"""The word lists of casualties.py, dates.py and clause_dates.py, read from lexicon/: every kind is read by its
module, the values the kinds carry (number_11, month_3, weekday_0, vague_12) are whole, and a row added to a file
reaches the rule that reads it."""

import datetime as dt
import re
from pathlib import Path

import pytest

from incidents.extraction import casualties, dates, lexicon
from incidents.extraction.casualties import Casualties, parse_casualties
from incidents.extraction.dates import find_time_expressions

MODULES = {"casualties": casualties, "time_words": dates}


def _values(name: str, prefix: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for entry in lexicon.entries(name):
        head, _, value = entry.kind.rpartition("_")
        if head == prefix and value.isdigit():
            found.setdefault(int(value), []).extend(entry.forms)
    return found


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_kind_is_read_by_its_module(name):
    source = Path(MODULES[name].__file__).read_text(encoding="utf-8")
    unread = []
    for kind in lexicon.kinds(name):
        head, _, value = kind.rpartition("_")
        read_by_value = value.isdigit() and f'_valued("{head}")' in source
        if not read_by_value and f'"{kind}"' not in source and f"'{kind}'" not in source:
            unread.append(kind)
    assert not unread, f"{name}.tsv has kinds its module never reads (a typo?): {unread}"


def test_the_number_words_have_the_values_of_arabic_numbers():
    numbers = _values("casualties", "number")
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 30, 40, 50, 100]
    assert "أحد عشر" in numbers[11] and "مئة" in numbers[100]


def test_the_vague_words_are_read_as_acled_s_conservative_estimates():
    assert sorted(_values("casualties", "vague")) == [3, 12, 100]


def test_every_month_and_weekday_has_a_name():
    assert sorted(_values("time_words", "month")) == list(range(1, 13))
    assert sorted(_values("time_words", "weekday")) == list(range(7))
    assert sorted(_values("time_words", "days_back")) == [0, 1, 2]


def test_an_ambiguous_month_or_weekday_is_also_a_month_or_weekday():
    months = {form for forms in _values("time_words", "month").values() for form in forms}
    weekdays = {form for forms in _values("time_words", "weekday").values() for form in forms}
    assert set(lexicon.forms("time_words", "ambiguous_month")) <= months
    assert set(lexicon.forms("time_words", "ambiguous_weekday")) <= weekdays


def test_a_number_word_of_two_words_is_counted_with_its_value():
    assert parse_casualties("مقتل اثني عشر شخصاً في القصف") == Casualties(12, None, False)
    assert parse_casualties("سقوط أحد عشر قتيلاً") == Casualties(11, None, False)


def test_the_vague_words_give_their_estimate():
    assert parse_casualties("سقوط مئات الجرحى") == Casualties(None, 100, True)
    assert parse_casualties("إصابة عدة أشخاص") == Casualties(None, 3, True)


def test_a_dual_or_singular_noun_counts_as_killed_or_injured_by_its_kind():
    assert parse_casualties("سقوط جريحين") == Casualties(None, 2, False)
    assert parse_casualties("سقوط شهيدين") == Casualties(2, None, False)
    assert parse_casualties("سقط جريح في الحي") == Casualties(None, 1, False)


def test_the_injury_of_one_named_before_is_not_counted_again():
    assert parse_casualties("أطلق النار على الشاب ما أدى إلى إصابته") == Casualties()


@pytest.mark.parametrize(("text", "back"), [("وصل الوفد أول أمس", 2), ("وصل الوفد أمس الأول", 2),
                                            ("وصل الوفد البارحة", 1), ("وصل الوفد اليوم", 0)])
def test_a_relative_day_goes_back_its_days(text, back):
    published = dt.date(2020, 3, 12)
    [expression] = find_time_expressions(text, published)
    assert expression.date == published - dt.timedelta(days=back)


def test_a_past_or_current_qualifier_sets_the_year_of_a_month():
    published = dt.date(2020, 3, 12)
    [past] = find_time_expressions("افتتح الطريق في تموز الماضي", published)
    [current] = find_time_expressions("يفتتح الجسر في آذار الجاري", published)
    assert (past.date, current.date) == (dt.date(2019, 7, 1), dt.date(2020, 3, 1))


def test_a_month_span_word_alone_does_not_date_an_ambiguous_month_but_a_position_word_dates_a_plain_one():
    published = dt.date(2020, 9, 12)
    assert find_time_expressions("مارس الفلاح عمله في الحقل", published) == []
    [position] = find_time_expressions("عاد الأهالي في مطلع تموز", published)
    assert position.date == dt.date(2020, 7, 1)


def test_an_ambiguous_weekday_alone_is_no_date():
    published = dt.date(2020, 3, 12)
    assert not [e for e in find_time_expressions("وصل الاثنين معاً إلى القرية", published) if e.date]
    [friday] = find_time_expressions("وصل الوفد في الجمعة", published)
    assert friday.date == dt.date(2020, 3, 6)


def test_the_imposition_verbs_include_the_siege_cordon_phrase():
    pattern = re.compile(lexicon.alternation("imposition_verbs", "imposition_verbs"))
    assert pattern.fullmatch("ضربوا طوقا")
    assert pattern.fullmatch("نصبته")
