"""Time expressions resolved against the publication date."""

import datetime as dt

import pytest

from incidents.extraction.dates import find_time_expressions, parse_date_line, resolve_weekday

SATURDAY = dt.date(2021, 8, 7)
THURSDAY = dt.date(2021, 7, 29)


def only(text: str, published_on: dt.date = SATURDAY):
    expressions = find_time_expressions(text, published_on)
    assert len(expressions) == 1, expressions
    return expressions[0]


@pytest.mark.parametrize(
    ("phrase", "days_back"),
    [("اليوم", 0), ("صباح اليوم", 0), ("بعد ظهر اليوم", 0), ("أمس", 1), ("مساء أمس", 1), ("البارحة", 1),
     ("أول أمس", 2), ("أول من أمس", 2), ("فجر أمس", 1)],
)
def test_relative_days_count_back_from_publication(phrase, days_back):
    expression = only(f"قصفت قوات النظام {phrase} بلدة طفس")
    assert expression.date == SATURDAY - dt.timedelta(days=days_back)
    assert expression.precision == "day"


@pytest.mark.parametrize(("phrase", "days_back"), [("قبل يومين", 2), ("قبل 3 أيام", 3)])
def test_a_counted_number_of_days_ago_is_a_day(phrase, days_back):
    expression = only(f"سيطرت فصائل المعارضة {phrase} على بلدة طفس")
    assert (expression.date, expression.precision, expression.vague) == (
        SATURDAY - dt.timedelta(days=days_back), "day", False)


def test_today_with_its_weekday_is_the_publication_day():
    expression = only("حاولوا، صباح اليوم الخميس، اقتحام درعا البلد", THURSDAY)
    assert (expression.text, expression.date) == ("صباح اليوم الخميس", THURSDAY)


def test_yesterday_with_weekday_and_explicit_date_with_misspelt_august():
    expressions = find_time_expressions("قصفت قوات الأسد أمس الجمعة 6 أب، أحياء درعا البلد", SATURDAY)
    assert [e.date for e in expressions] == [dt.date(2021, 8, 6), dt.date(2021, 8, 6)]


@pytest.mark.parametrize(
    ("weekday", "expected"),
    [("الخميس", dt.date(2021, 8, 5)), ("الجمعة", dt.date(2021, 8, 6)), ("السبت", SATURDAY),
     ("الأحد", dt.date(2021, 8, 1)), ("الاثنين", dt.date(2021, 8, 2))],
)
def test_weekday_is_the_latest_such_day_on_or_before_publication(weekday, expected):
    assert only(f"قصفت قوات النظام يوم {weekday} بلدة طفس").date == expected


def test_dawn_of_the_publication_weekday_is_the_publication_day():
    sunday = dt.date(2021, 9, 5)
    assert only("قصفت قوات الأسد فجر الأحد، أحياء درعا", sunday).date == sunday


def test_last_weekday_with_al_madi_is_strictly_before_publication():
    assert only("الاتفاق الذي تم التوصل إليه الأحد الماضي", THURSDAY).date == dt.date(2021, 7, 25)
    sunday = dt.date(2021, 7, 25)
    assert only("تم التوصل إليه الأحد الماضي", sunday).date == dt.date(2021, 7, 18)


def test_midnight_of_last_night_is_the_publication_day():
    tuesday = dt.date(2017, 6, 20)
    assert only("بعد انتهاء الهدنة المقررة منتصف ليلة أمس بقصف أحياء مدينة درعا", tuesday).date == tuesday


def test_after_midnight_of_tuesday_is_wednesday():
    assert only("بدأ القصف بعد منتصف ليل الثلاثاء", dt.date(2021, 9, 5)).date == dt.date(2021, 9, 1)


def test_last_night_is_the_day_before():
    assert only("قتل شاب ليلة أمس في جلين").date == SATURDAY - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("month_name", "month"),
    [("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5), ("حزيران", 6), ("تموز", 7),
     ("آب", 8), ("أيلول", 9), ("تشرين الأول", 10), ("تشرين الثاني", 11), ("كانون الأول", 12),
     ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("مايو", 5), ("يونيو", 6), ("يوليو", 7),
     ("أغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12)],
)
def test_levantine_and_egyptian_month_names(month_name, month):
    assert only(f"في 3 {month_name} 2020 قصفت قوات النظام طفس").date == dt.date(2020, month, 3)


def test_double_month_name_with_al_madi_points_to_the_last_such_month():
    expression = only("وفي 25 يونيو/حزيران الماضي، فرضت قوات النظام حصاراً", dt.date(2021, 9, 5))
    assert (expression.date, expression.precision) == (dt.date(2021, 6, 25), "day")


def test_day_and_month_later_than_publication_fall_in_the_year_before():
    assert only("في 20 كانون الأول قصفت قوات النظام طفس", dt.date(2021, 1, 10)).date == dt.date(2020, 12, 20)


def test_month_expression_has_month_precision():
    expression = only("خفض التصعيد الذي تم توقيعه مطلع يوليو/تموز من العام الفائت", dt.date(2018, 2, 21))
    assert (expression.date, expression.precision) == (dt.date(2017, 7, 1), "month")


def test_last_month_has_month_precision():
    expression = only("شهدت مدينة طفس الشهر الماضي معارك عنيفة")
    assert (expression.date, expression.precision) == (dt.date(2021, 7, 1), "month")


def test_year_after_since_is_background():
    expression = only("لأول مرة منذ عقد اتفاق التسوية عام 2018، حيث", THURSDAY)
    assert (expression.date, expression.precision, expression.background) == (dt.date(2018, 1, 1), "year", True)


@pytest.mark.parametrize(
    "phrase",
    ["قبل أيام", "منذ أسابيع", "خلال الليلتين الماضيتين", "خلال اليومين الماضيين", "القصف المستمر",
     "منذ 75 يوماً", "ومنذ مطلع شهر رمضان", "لا يزال"],
)
def test_vague_or_ongoing_time_gives_no_date(phrase):
    expression = only(f"قصفت قوات النظام بلدة طفس {phrase}")
    assert expression.vague and expression.date is None


def test_a_planned_meeting_today_is_marked_future():
    expression = only("على أن يتم دعوتهم إلى اجتماع آخر مع أعضاء اللجنة الأمنية التابعة لنظام الأسد اليوم السبت.")
    assert expression.future


def test_the_first_day_is_not_today():
    assert find_time_expressions("في اليوم الأول من الحملة قصفت قوات النظام طفس", SATURDAY) == []


def test_friday_prayer_is_not_a_date_but_a_leading_friday_is():
    assert find_time_expressions("بعد خطبة الجمعة في المسجد", SATURDAY) == []
    assert only("والجمعة، وبعد ساعات من إعلان انهيار الاتفاق", dt.date(2021, 9, 5)).date == dt.date(2021, 9, 3)


def test_without_publication_date_relative_words_have_no_date():
    expression = only("قصفت قوات النظام صباح اليوم بلدة طفس", None)
    assert expression.date is None


def test_resolve_weekday_counts_back_at_most_six_days():
    assert resolve_weekday(4, SATURDAY) == dt.date(2021, 8, 6)
    assert resolve_weekday(5, SATURDAY) == SATURDAY
    assert resolve_weekday(5, SATURDAY, strictly_before=True) == dt.date(2021, 7, 31)


def test_expression_offsets_index_the_text():
    text = "قصفت قوات النظام، فجرَ أمس الجمعة، بلدة طفس"
    expression = only(text)
    assert text[expression.start:expression.end] == expression.text == "فجرَ أمس الجمعة"


def test_date_line_needs_a_full_date():
    assert parse_date_line("21 شباط (فبراير - فيفري)، 2018") == dt.date(2018, 2, 21)
    assert parse_date_line("21 شباط") is None
    assert parse_date_line("قصفت قوات النظام يوم 7 آب 2021 بلدة طفس") is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("في الثاني والعشرين من أيار", dt.date(2021, 5, 22)), ("يوم الخامس عشر من شهر تموز", dt.date(2021, 7, 15)),
     ("في الأول من حزيران 2019", dt.date(2019, 6, 1)), ("في الثلاثين من آذار", dt.date(2021, 3, 30))],
)
def test_a_day_written_as_an_ordinal_word_is_a_day(phrase, expected):
    expression = only(f"اقتحمت القوات البلدة {phrase}")
    assert (expression.date, expression.precision) == (expected, "day")
    assert expression.year_inferred == ("20" not in phrase)


@pytest.mark.parametrize("published_on", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
@pytest.mark.parametrize(
    "phrase", ["أمس", "قبل يومين", "يوم الجمعة", "الشهر الماضي", "منتصف ليلة الجمعة", "الجمعة المقبلة"]
)
def test_publication_date_at_the_calendar_ends_anchors_nothing_instead_of_overflowing(published_on, phrase):
    expressions = find_time_expressions(f"قصفت قوات النظام {phrase} بلدة طفس", published_on)
    assert all(expression.date is None for expression in expressions)


def test_publication_date_a_day_inside_the_anchored_range_still_resolves_yesterday():
    assert only("قصفت قوات النظام أمس بلدة طفس", dt.date(2, 1, 2)).date == dt.date(2, 1, 1)
