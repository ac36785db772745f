"""Property-based fuzzing of the pure extractor: any text, any date, never an exception, offsets that hold."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.resolver import NameIndex
from incidents.extraction import extract_incidents
from tests.unit.test_extraction_extract import NAMES, PLACES

INDEX = NameIndex(PLACES, NAMES)
# Words the rules react to, so the examples reach the event, date, casualty and place rules, not only the reader.
WORDS = [
    "قصفت", "قوات", "النظام", "اليوم", "أمس", "غداً", "مدينة", "بلدة", "طفس", "نوى", "درعا", "البلد", "القبة",
    "بقذائف", "الهاون", "غارة", "جوية", "اشتباكات", "مقتل", "ثلاثة", "مدنيين", "وإصابة", "5", "قبل", "يوماً",
    "الجمعة", "حاجز", "اعتقال", "في", "على", "من", "،", ".", "\n", ":", "-", "(", ")", "\u200f", "ـ", "لا", "ينفي",
]
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=80).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, published_on=st.none() | st.dates())
def test_any_text_and_date_extracts_without_an_exception_and_offsets_point_into_the_text(text, published_on):
    for incident in extract_incidents(text, published_on, INDEX):
        assert text[incident.place_start:incident.place_end] == incident.place_text
        assert incident.date is None or isinstance(incident.date, dt.date)
