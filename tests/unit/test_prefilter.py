"""The prefilter: a pattern is skipped only on texts it could never match."""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from incidents.extraction import events
from incidents.extraction.lexicon import LEXICON_DIR, entries, entry_pattern
from incidents.extraction.prefilter import Guarded, anchored_at_start, guard, mask_of, present, required_literals
from incidents.extraction.textnorm import fold

NAMES = sorted(path.stem for path in LEXICON_DIR.glob("*.tsv"))


@pytest.mark.parametrize(("regex", "expected"), [
    ("قصف", {"قصف"}),
    (r"(?<![\w])[وف]?(?:ال)?قصف(?![\w])", {"قصف"}),  # classes, optional groups and lookarounds require nothing
    (r"ميليشيات?\s+إيرانية", {"ميليشيا"}),  # ت? may be absent; the first of the longest runs
    (r"قذائف\s+ال?مدفعية", {"مدفعية"}),  # ل? may be absent, so "ا" stands alone
    (r"رشاش\s*23|عيار\s+23|عيار\s+14\.5", {"رشاش", "عيار"}),  # one of each alternative's
    (r"(?:صواريخ|صاروخ)(?!\s+موجه)", {"صواريخ", "صاروخ"}),  # a group that must match: one of its alternatives
    (r"أطلق\w*(?:\s+\S+){0,2}?\s+(?:ال)?نار", {"أطلق"}),  # {0,2} makes its group optional
    (r"(?:اشتباك|اشتباكات)+\s+عنيفة", {"اشتباك", "اشتباكات"}),  # a group repeated is required; its 6 letters beat 5
    (r"(?:قص|فل)\s+عنيفة", {"عنيفة"}),  # the longest shortest literal wins
    (r"(?P<verb>قتل|أصيب)\s+(?:آخر|أخرى)", {"قتل", "أصيب"}),
    (r"فصائل\s+[\w ]{2,40}", {"فصائل"}),
    (r"(?:ال)?معارضة|\d+", None),  # an alternative with no literal: nothing is required
    (r"(?i)قصف", None),  # inline flags are not read
    (r"\u0642\u0635\u0641", None),  # a character by its code is no literal read here: nothing is required
    (r"(قصف)\s+\1", None),  # nor a back-reference
    (r"(?:قصف", None),  # not a whole pattern
])
def test_required_literals_are_what_every_match_must_contain(regex, expected):
    assert required_literals(regex) == (None if expected is None else frozenset(expected))


@pytest.mark.parametrize("name", NAMES)
def test_every_example_match_of_every_lexicon_row_holds_a_required_literal(name):
    for entry in entries(name):
        compiled = entry_pattern(entry)
        literals = required_literals(compiled.pattern)
        for match in compiled.finditer(fold(entry.example)):
            assert literals is None or any(literal in match.group(0) for literal in literals), (name, entry.form)


def test_every_trigger_rule_match_in_the_trigger_examples_holds_one_of_its_literals():
    sentences = [fold(entry.example) for entry in entries("triggers")]
    matched = 0
    for rule in events.TRIGGER_RULES:
        literals = required_literals(rule.pattern.pattern)
        for sentence in sentences:
            for match in rule.pattern.finditer(sentence):
                matched += 1
                assert literals is None or any(literal in match.group(0) for literal in literals)
    assert matched >= len(sentences)


_ALPHABET = "قصفالو ةت1"
_REGEXES = [r"(?<!\w)[وف]?(?:ال)?قصف(?!\w)", r"قصفت?\s+ال", r"(?:قص|فل)+و", r"تت{2,}ق|لل\s*1", r"(?:ال)?قص(?:ص|ف)ة",
            r"وال(?:قصف|تل)?ة", r"ق(?!صفصف)لل", r"(?<!ال)قصف"]


@settings(max_examples=300, deadline=None)
@example(text="قلل", regex=r"ق(?!صفصف)لل")  # what a negative lookahead forbids is no literal of the match
@example(text="قص", regex=r"(?<!ال)قصف")
@given(text=st.text(alphabet=_ALPHABET, max_size=30), regex=st.sampled_from(_REGEXES))
def test_a_guarded_pattern_finds_exactly_what_the_pattern_finds(text, regex):
    compiled = re.compile(regex)
    guarded = guard(compiled)
    assert isinstance(guarded, Guarded)
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert bool(guarded.search(text)) == bool(compiled.search(text))
    assert guarded.sub("#", text) == compiled.sub("#", text)


def test_a_guard_skips_a_text_without_its_literals_and_keeps_the_pattern_otherwise():
    guarded = guard(re.compile(fold(r"(?<!\w)قصف(?:ت|وا)?(?!\w)")))
    assert guarded.search(fold("سقطت قذيفة على البلدة")) is None
    assert guarded.search(fold("وقصفت القوات البلدة")) is None  # a proclitic: no word start before ق
    assert guarded.search(fold("قصفت القوات البلدة")).group(0) == fold("قصفت")
    assert guarded.pattern.startswith("(?<!")  # what the compiled pattern has, the guard has
    assert guard(re.compile(r"\d+")).__class__ is re.Pattern  # nothing required: no guard
    assert guard(re.compile(r"(?:و|ب)\s+\d")).__class__ is re.Pattern  # one letter filters nothing: no guard
    assert guard(re.compile("abc", re.IGNORECASE)).__class__ is re.Pattern  # case-blind: not guarded by literals


def test_one_pass_tells_which_registered_literals_a_text_holds():
    shelling, checkpoint, nothing = mask_of(frozenset({"قصف", "غارة"})), mask_of(frozenset({"حاجز"})), mask_of(None)
    assert nothing == 0 and shelling and checkpoint and not shelling & checkpoint
    found = present("وقصفت القوات حاجزا")
    assert found & shelling and found & checkpoint
    assert not present("هدوء حذر") & (shelling | checkpoint)
    late = mask_of(frozenset({"هدوء"}))  # a literal registered after a text was asked about: the memo is renewed
    assert present("هدوء حذر") & late


def test_the_trigger_rules_are_guarded_by_their_literals():
    assert all(isinstance(rule.pattern, Guarded) for rule in events.TRIGGER_RULES
               if rule.kind in ("clash", "siege", "checkpoint"))
    assert events.find_triggers(fold("اندلعت اشتباكات عنيفة في البلدة"))[0].kind == "clash"
    assert events.find_triggers(fold("ساد هدوء حذر في البلدة")) == []


@pytest.mark.parametrize(("regex", "anchored"), [
    (r"^\s*المصدر", True), (r"^اقرأ|^شاهد", True), (r"^(?:a|b)c", True), (r"^[|]x|^y", True), (r"^[]|]x|^y", True),
    (r"^اقرأ|شاهد", False), (r"^\|x|y", False), (r"قصف", False), (r"(?:^|\s)قصف", False),
])
def test_anchored_at_start_when_every_alternative_starts_with_a_caret(regex, anchored):
    assert anchored_at_start(regex) is anchored


def test_a_pattern_anchored_at_the_start_is_left_unguarded():
    assert not isinstance(guard(re.compile(r"^\s*المصدر\s*:")), Guarded)
    assert isinstance(guard(re.compile(r"\s*المصدر\s*:")), Guarded)
    assert isinstance(guard(re.compile(r"^\s*المصدر", re.MULTILINE)), Guarded)  # tried at every line start
