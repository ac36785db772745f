"""clean_text blanks page boilerplate without moving offsets; read_metadata reads title and date line."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.extraction import clean_text, cleaning, read_metadata
from incidents.extraction.textnorm import fold

SEED_ARTICLES = Path(__file__).resolve().parents[2] / "seeds" / "articles"
PROSE = "قصفت قوات النظام صباح اليوم بلدة طفس بقذائف الهاون."


def kept_lines(text: str) -> list[str]:
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def test_cleaning_keeps_length_and_every_newline():
    text = f"عنوان\n{PROSE}\nاقرأ أيضا: عنوان آخر\n\nزر الذهاب إلى الأعلى\n"
    cleaned = clean_text(text)
    assert len(cleaned) == len(text)
    assert [i for i, c in enumerate(cleaned) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]


def test_cleaning_twice_changes_nothing_more():
    text = f"{PROSE}\nاقرأ أيضا: عنوان\nتابعنا\n{PROSE}\nمقالات ذات صلة\nعنوان"
    assert clean_text(clean_text(text)) == clean_text(text)


def test_article_prose_is_left_untouched():
    text = f"عنوان الخبر\n{PROSE}\nوأضاف المصدر أن القصف أسفر عن إصابة مدني.\n"
    assert clean_text(text) == text


@pytest.mark.parametrize("marker", ["اقرأ أيضا: القنابل تتساقط على الغوطة", "اقرأ أيضاً: عنوان", "إقرأ ايضا - عنوان"])
def test_read_also_line_is_blanked(marker):
    assert kept_lines(f"{PROSE}\n{marker}\n") == [PROSE]


def test_read_also_marker_alone_takes_the_linked_title_below_it():
    assert kept_lines(f"{PROSE}\nاقرأ أيضاً:\nمقتل شاب في نوى\n{PROSE}") == [PROSE, PROSE]


def test_read_also_marker_alone_takes_every_linked_title_listed_below_it():
    text = f"{PROSE}\n\nاقرأ أيضاً:\nمقتل شاب في نوى\nالمعارضة تسيطر على تل الجموع\n\n{PROSE}"
    assert kept_lines(text) == [PROSE, PROSE]


def test_read_also_with_a_title_takes_the_further_titles_listed_right_below_it():
    text = f"{PROSE}\nاقرأ أيضاً: ماذا يجري في جاسم؟\nهجوم على حاجز قرب انخل\n\n{PROSE}"
    assert kept_lines(text) == [PROSE, PROSE]


def test_related_articles_marker_blanks_the_rest_of_the_page():
    text = f"{PROSE}\n{PROSE}\n{PROSE}\nمقالات ذات صلة\nغارات على طفس\nاشتباكات في جاسم\n"
    assert kept_lines(text) == [PROSE] * 3


def test_may_like_marker_glued_to_the_next_title_is_blanked_with_its_line():
    text = f"{PROSE}\nقد يعجبك أيضامحاولة اغتيال قيادي في درعا\n{PROSE}"
    assert kept_lines(text) == [PROSE, PROSE]


def test_comment_form_after_leave_a_comment_is_blanked():
    text = (f"{PROSE}\n\nاترك تعليقاً\n\nلن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *\n"
            "الاسم *\nالتعليق\n")
    assert kept_lines(text) == [PROSE]


@pytest.mark.parametrize("line", ["زر الذهاب إلى الأعلى", "العودة إلى الأعلى", "تابعنا", "تابعنا على تلغرام",
                                  "TRT عربي - وكالات", "الأناضول", "شارك فيسبوك تويتر واتساب"])
def test_page_furniture_lines_are_blanked(line):
    assert kept_lines(f"{PROSE}\n{line}\n{PROSE}") == [PROSE, PROSE]


def test_most_read_section_is_blanked_to_the_end():
    assert kept_lines(f"{PROSE}\n{PROSE}\nالأكثر تداولاً\nخبر أول\nخبر ثان") == [PROSE, PROSE]


def test_sociallocker_tags_are_blanked_inside_a_line():
    assert clean_text(f"[sociallocker]{PROSE}[/sociallocker]").strip() == PROSE


def test_embedded_post_and_its_text_line_are_blanked():
    text = (f"{PROSE}\n\nقصف عنيف جدا تتعرض له درعا البلد الآن\n\n"
            "Posted by درعا 24 on\u00a0Saturday, September 4, 2021\n\nوطال القصف المسجد العمري.")
    assert kept_lines(text) == [PROSE, "وطال القصف المسجد العمري."]


def test_source_credit_at_the_end_is_blanked_but_a_quoted_source_is_not():
    quoted = "وختم المصدر حديثه قائلاً إن القصف مستمر منذ الصباح على البلدة."
    text = f"{PROSE}\nالمصدر: وكالات\n{quoted}\nالمصدر السورية نت\n"
    assert kept_lines(text) == [PROSE, quoted]


@pytest.mark.parametrize("caption", ["قصف قوات تابعة للنظام السوري على أحياء درعا - أرشيف (AA)",
                                     "دمار في مدينة طفس (رويترز)", "صورة أرشيفية"])
def test_photo_captions_are_blanked(caption):
    assert kept_lines(f"{caption}\n{PROSE}") == [PROSE]


def test_title_is_the_first_non_empty_line():
    assert read_metadata(f"\n\n  المعارضة تستهدف مواقع النظام\n{PROSE}").title == "المعارضة تستهدف مواقع النظام"


def test_title_skips_a_photo_caption_above_it():
    metadata = read_metadata(f"قصف على أحياء درعا - أرشيف (AA)\nتابعنا\n\n{PROSE}")
    assert metadata.title == PROSE


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("21 شباط (فبراير - فيفري)، 2018", dt.date(2018, 2, 21)),
        ("2021-08-07", dt.date(2021, 8, 7)),
        ("7 آب 2021", dt.date(2021, 8, 7)),
        ("السبت 7 آب 2021", dt.date(2021, 8, 7)),
        ("نشر في: 25 يونيو 2021 - 10:30", dt.date(2021, 6, 25)),
        ("7/8/2021", dt.date(2021, 8, 7)),
    ],
)
def test_date_line_near_the_top_gives_the_publication_date(line, expected):
    text = f"عنوان الخبر\n{line}\n{PROSE}"
    metadata = read_metadata(text)
    assert metadata.published_on == expected
    start, end = metadata.date_line_span
    assert text[start:end] == line


def test_a_date_inside_prose_is_not_a_date_line():
    assert read_metadata("عنوان الخبر\nقصفت قوات النظام يوم 7 آب 2021 بلدة طفس بالمدفعية الثقيلة.").published_on is None


def test_sample_article_date_line_is_read():
    text = (SEED_ARTICLES / "seed000.txt").read_text(encoding="utf-8")
    metadata = read_metadata(text)
    assert metadata.published_on == dt.date(2018, 2, 21)
    assert metadata.title.startswith("المعارضة تستهدف مواقع النظام")


def test_sample_articles_lose_their_boilerplate_but_keep_their_reports():
    text = (SEED_ARTICLES / "seed004.txt").read_text(encoding="utf-8")
    cleaned = clean_text(text)
    assert len(cleaned) == len(text)
    assert "Posted by" not in cleaned and "الأكثر تداولاً" not in cleaned and "(AA)" not in cleaned
    assert "وفي 25 يونيو/حزيران الماضي، فرضت قوات النظام" in cleaned


@pytest.mark.parametrize("dateline", ["درعا - خاص:", "عمان – رويترز:", "دمشق ـ «وكالة الأنباء»:", "إنخل_ نوى||",
                                      "القنيطرة |"])
def test_a_dateline_before_the_first_sentence_is_blanked(dateline):
    assert kept_lines(f"عنوان الخبر\n\n{dateline} {PROSE}\n{dateline} {PROSE}") == ["عنوان الخبر", PROSE,
                                                                                    f"{dateline} {PROSE}"]


@pytest.mark.parametrize("line", [
    "قصفت قوات النظام: بلدة طفس وبلدة نوى بالهاون.",   # an event word before the colon: prose
    "تاريخ الحدث: 2014/03/02 قصفت القوات بلدة طفس.",  # the label of the events' date is read later
    "قصفت القوات مدينة درعا – المحطة صباح اليوم.",      # a dash inside the sentence
])
def test_a_first_sentence_without_a_dateline_is_kept(line):
    assert kept_lines(line) == [line]


def _share_line_by_substitution(folded_line: str) -> bool:
    """The share-line test the long way: separators to spaces, every label removed, nothing left."""
    rest = cleaning._SHARE_SEPARATORS.sub(" ", folded_line.lower()).strip()
    if not rest:
        return False
    for pattern in cleaning._SHARE_TOKEN_PATTERNS:
        rest = pattern.sub(" ", rest)
    return not rest.strip()


@pytest.mark.parametrize("line", ["فيسبوك | تويتر | واتساب", "Facebook  •  Twitter", "شارك على: فيسبوك، تويتر",
                                  "تويتر\u00a0واتساب", "طباعة", "فيسبوك تويتر قصف", " | ", "", "قصفت القوات طفس"])
def test_a_share_line_is_what_removing_separators_and_labels_leaves_empty(line):
    folded = fold(line)
    assert cleaning._is_share_line(folded) == _share_line_by_substitution(folded)
    assert cleaning._is_share_line(fold("فيسبوك | تويتر")) and not cleaning._is_share_line(fold("قصفت القوات طفس"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["فيسبوك", "تويتر", "share", "X", "|", "،", " ", "\u00a0", "\t", "-", "قصف", "ب", "e"]),
                max_size=8))
def test_share_lines_of_random_pieces(pieces):
    folded = fold("".join(pieces))
    assert cleaning._is_share_line(folded) == _share_line_by_substitution(folded)


@pytest.mark.parametrize(("line", "label"), [
    ("Leave a Reply", True), ("YOUR EMAIL ADDRESS WILL NOT BE PUBLISHED.", True),
    ("Required fields are mar\u212aed *", True),  # the Kelvin sign is a k when case is ignored
    ("الاسم *", True), ("لن يتم نشر عنوان بريدك الإلكتروني", True),
    ("قصفت القوات طفس", False), ("leave the town", False),
])
def test_comment_form_labels_in_either_language(line, label):
    assert cleaning._comment_form(fold(line)) is label
