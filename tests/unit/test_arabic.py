"""Normalization of Arabic script for matching, with offsets back to the original text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.arabic import (
    has_arabic_script,
    name_variants,
    normalize_for_matching,
    normalize_with_offsets,
    original_span,
    proclitic_splits,
    strip_article,
    strip_proclitics,
    weak_name_variants,
)


def test_harakat_shadda_sukun_and_tanween_are_removed():
    assert normalize_for_matching("تعهّدٌ روسيٌّ بإنهاءِ") == "تعهد روسي بانها"  # the final hamza is dropped too
    assert normalize_for_matching("دَرْعَا") == "درعا"


def test_superscript_alef_and_tatweel_are_removed():
    assert normalize_for_matching("هٰذا") == "هذا"
    assert normalize_for_matching("درعــــا") == "درعا"


@pytest.mark.parametrize("written", ["أنخل", "إنخل", "آنخل", "ٱنخل", "انخل"])
def test_alef_hamza_forms_fold_to_bare_alef(written):
    assert normalize_for_matching(written) == "انخل"


def test_hamza_seats_fold_and_bare_hamza_is_dropped():
    assert normalize_for_matching("مؤتة") == normalize_for_matching("موتة")
    assert normalize_for_matching("دائل") == "دايل"
    assert normalize_for_matching("السويداء") == normalize_for_matching("السويدا")


def test_taa_marbuta_and_alef_maqsura_fold():
    assert normalize_for_matching("ناحتة") == normalize_for_matching("ناحته") == "ناحته"
    assert normalize_for_matching("نوى") == "نوي"


def test_persian_and_urdu_letter_forms_fold_to_arabic():
    assert normalize_for_matching("کفر") == "كفر"
    assert normalize_for_matching("قریة") == "قريه"
    assert normalize_for_matching("ھذا") == normalize_for_matching("ہذا") == "هذا"
    assert normalize_for_matching("بلدۀ") == "بلده"


def test_arabic_indic_and_eastern_digits_become_ascii():
    assert normalize_for_matching("اللواء ٣١٣") == "اللوا 313"
    assert normalize_for_matching("۲۵ تموز") == "25 تموز"


def test_punctuation_and_quotes_become_single_spaces():
    assert normalize_for_matching("درعا (المحطة)") == "درعا المحطه"
    assert normalize_for_matching("«طفس»، “جاسم”؛ نوى؟ - داعل...") == "طفس جاسم نوي داعل"
    assert normalize_for_matching("  درعا \n\t  البلد  ") == "درعا البلد"


def test_presentation_form_ligature_matches_plain_letters():
    assert normalize_for_matching("ﻻ") == "لا"


def test_latin_letters_are_lowercased():
    assert normalize_for_matching("Daraa AL-Balad") == "daraa al balad"


def test_offsets_map_each_normalized_char_to_its_original_char():
    text = "قصفٌ على «دَرْعَا البَلَدِ»، أمس"
    norm, offsets = normalize_with_offsets(text)
    assert len(norm) == len(offsets)
    assert offsets == sorted(offsets)
    for char, offset in zip(norm, offsets, strict=True):
        if char != " ":
            assert normalize_for_matching(text[offset]) == char
    start = norm.index("درعا البلد")
    begin, end = original_span(text, offsets, start, start + len("درعا البلد"))
    assert text[begin:end] == "دَرْعَا البَلَدِ"


def test_original_span_keeps_trailing_diacritics_of_the_last_letter():
    text = "مدينةُ طفسٌ"
    norm, offsets = normalize_with_offsets(text)
    start = norm.index("طفس")
    begin, end = original_span(text, offsets, start, start + 3)
    assert text[begin:end] == "طفسٌ"


def test_empty_and_punctuation_only_text_normalize_to_empty():
    assert normalize_with_offsets("") == ("", [])
    assert normalize_with_offsets(" ... ، ") == ("", [])


def test_strip_article_keeps_words_too_short_to_lose_it():
    assert strip_article("الصنمين") == "صنمين"
    assert strip_article("الي") == "الي"
    assert strip_article("درعا") == "درعا"


def test_lam_plus_article_reading_restores_the_article():
    assert ("ل", "الصنمين") in proclitic_splits("للصنمين")
    assert ("ول", "الصنمين") in proclitic_splits("وللصنمين")


def test_strip_proclitics_without_lexicon_only_strips_before_article():
    assert strip_proclitics("وبالصنمين") == "الصنمين"
    assert strip_proclitics("للصنمين") == "الصنمين"
    assert strip_proclitics("وادي") == "وادي"  # the و is part of the word
    assert strip_proclitics("بصري") == "بصري"


def test_strip_proclitics_with_known_stems_prefers_a_known_reading():
    assert strip_proclitics("وبدرعا", known={"درعا"}) == "درعا"
    assert strip_proclitics("وادي", known={"وادي", "ادي"}) == "وادي"
    assert strip_proclitics("فلان", known={"درعا"}) == "فلان"


def test_multiword_name_is_found_with_and_without_article():
    assert "شيخ مسكين" in name_variants("الشيخ مسكين")
    assert "الشيخ مسكين" in name_variants("شيخ مسكين")


def test_single_word_name_loses_article_only_as_weak_variant():
    assert name_variants("الصنمين") == ["الصنمين"]
    assert weak_name_variants("الصنمين") == ["صنمين"]
    assert weak_name_variants("درعا") == []


def test_arabic_script_detection():
    assert has_arabic_script("Daraa درعا")
    assert not has_arabic_script("Daraa")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \n\t\u064e\u0651\u0640أإآةىبرعاد٣5.،\ufefb", max_size=40))
def test_the_fast_normalization_agrees_with_the_one_character_at_a_time(text):
    from gazetteer.arabic import _normalize_with_offsets_per_char

    assert normalize_with_offsets(text) == _normalize_with_offsets_per_char(text)
