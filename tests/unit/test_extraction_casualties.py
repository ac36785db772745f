"""Killed and injured counts read from a clause."""

import pytest

from incidents.extraction.casualties import Casualties, parse_casualties


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("حيث طال القصف مدينة داعل مخلفاً شهيدة", Casualties(1, None, False)),
        ("ما أسفر عن مقتل 3 مدنيين وإصابة خمسة آخرين", Casualties(3, 5, False)),
        ("سقط 4 قتلى و7 جرحى", Casualties(4, 7, False)),
        ("ما أدى لمقتل الملازم يزن الصالح من مرتبات قوات النظام", Casualties(1, None, False)),
        ("ما أسفر عن إصابة مدنيٍّ بجروح", Casualties(None, 1, False)),
        ("استشهاد طفلين بالقصف", Casualties(2, None, False)),
        ("قتل عنصران من قوات النظام", Casualties(2, None, False)),
        ("سقوط قتيلين من المدنيين", Casualties(2, None, False)),
        ("أكثر من 65 قتيلاً", Casualties(65, None, False)),
        ("وأضاف أن قتلى النظام بلغوا 20 بينهم ضباط", Casualties(20, None, False)),
        ("ما بين 3 و 5 قتلى", Casualties(3, None, False)),
        ("مقتل أحمد محمد وعلي حسن برصاص مجهولين", Casualties(2, None, False)),
        ("مقتل طفلة وإصابة ثلاثة مدنيين بجروح", Casualties(1, 3, False)),
        ("ما أدى إلى مقتله على الفور", Casualties(1, None, False)),
    ],
)
def test_counts_in_digits_and_words(text, expected):
    assert parse_casualties(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مخلفاً عدداً من الجرحى المدنيين", Casualties(None, 3, True)),
        ("سقوط عشرات القتلى", Casualties(12, None, True)),
        ("مخلفاً مئات الشهداء والجرحى من المدنيين", Casualties(100, 100, True)),
        ("مقتل عدد من العناصر", Casualties(3, None, True)),
    ],
)
def test_vague_words_are_estimated_conservatively(text, expected):
    assert parse_casualties(text) == expected


def test_explicit_no_casualties_is_zero():
    assert parse_casualties("سقطت قذائف على البلدة دون وقوع إصابات") == Casualties(0, 0, False)


@pytest.mark.parametrize(
    "text",
    [
        "سقط خلالها قتلى وجرحى",
        "أكثر من 65 صاروخ أرض-أرض سقط على الأحياء",
        "أسروا كافة عناصره وعددهم 25 عنصراً",
        "سقوط عشرات القذائف على مقرات الميليشيات",
        "مقتل وإصابة 5 أشخاص",
        "نتيجة إصابته بشظايا قذيفة هاون",
        "",
    ],
)
def test_no_number_for_the_toll_gives_none(text):
    assert parse_casualties(text) == Casualties(None, None, False)
