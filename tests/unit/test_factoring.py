"""Alternations written as prefix trees (factoring.py): the same matches, the same groups, in the same order."""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from incidents.extraction import clauses, events, lexicon
from incidents.extraction.factoring import factored
from incidents.extraction.lexicon import LEXICON_DIR, entries
from incidents.extraction.prefilter import Guarded, compile_guarded
from incidents.extraction.textnorm import fold

NAMES = sorted(path.stem for path in LEXICON_DIR.glob("*.tsv"))


def _matches(regex: str, text: str) -> list[tuple]:
    return [(match.span(), match.groups(), sorted(match.groupdict().items())) for match in re.finditer(regex, text)]


@pytest.mark.parametrize(("regex", "expected"), [
    ("(?:نفي|نفت|نفوا)", "(?:نف(?:ي|ت|وا))"),
    ("(?:ردا|ردا|رد)", "(?:ردا?)"),  # the longer first, a repeat dropped
    ("(?:رد|ردا)", "(?:رد(?:|ا))"),  # the shorter first: it stays first
    ("(?:ردا|رد|ردود)", "(?:رد(?:ا||ود))"),  # between two longer ones: an empty alternative between them
    (r"(?:في\s+حين|فيما)", r"(?:في(?:\s+حين|ما))"),  # \s+ counts as a letter
    (r"(?:قصف|(?:ال)?قصف|قصفت)", r"(?:قصف|(?:ال)?قصف|قصفت)"),  # a group in between: each side on its own
    (r"(?:قصف\w*|قصفت)", r"(?:قصف\w*|قصفت)"),  # a quantified item is not a letter
    (r"(?:كانون\ الثاني|كانون)", r"(?:كانون\ الثاني|كانون)"),  # nor a literal space (it is not \s+)
    (r"(?P<m>ب|بي)(?<![\w])", r"(?P<m>ب(?:|ي))(?<![\w])"),  # in a named group, beside a lookbehind
    (r"(?:قصف|هجوم)", r"(?:قصف|هجوم)"),  # nothing shared: unchanged
    (r"(?i)(?:ab|ac)", r"(?i)(?:ab|ac)"),  # inline flags: left as written
    (r"(?:ab|ac", r"(?:ab|ac"),  # not a whole pattern: left as written
])
def test_factored_alternations(regex, expected):
    assert factored(regex) == expected


_WORDS = st.lists(st.text("ابت", min_size=0, max_size=4).map(lambda word: word.replace("ت", r"\s+", 1)
                                                             if word[:1] != "ت" else word),
                  min_size=1, max_size=8)


@settings(max_examples=400, deadline=None)
@given(words=_WORDS, before=st.sampled_from(["", r"(?<![\w])", "ب?", "(?:ت)?"]),
       after=st.sampled_from(["", r"(?![\w])", "ب", r"\s*ا", "(?:تا|ت)"]), text=st.text("ابت ", max_size=30))
@example(words=["ب", "با", "ب"], before="", after="ا", text="باا")
@example(words=["ا", r"ا\s+ب", "اب"], before="", after="", text="ا  ب اب")
def test_a_factored_alternation_matches_what_the_alternation_matches(words, before, after, text):
    regex = before + "(?P<w>" + "|".join(words) + ")" + after
    assert _matches(factored(regex), text) == _matches(regex, text)


def _lexicon_texts() -> list[str]:
    return [fold(entry.example) for name in NAMES for entry in entries(name) if entry.example]


@pytest.mark.parametrize("name", NAMES)
def test_every_lexicon_list_factored_matches_the_same_on_every_example(name):
    texts = _lexicon_texts()
    for kind in lexicon.kinds(name):
        regex = lexicon.words(name, kind, proclitics="[وف]?")
        for text in texts:
            assert _matches(factored(regex), text) == _matches(regex, text), (name, kind, text)


def test_guarded_patterns_are_compiled_factored():
    assert isinstance(clauses.GOVERNING_CUES, Guarded)
    assert clauses.GOVERNING_CUES.pattern == factored(clauses.GOVERNING_CUES.pattern)
    assert all(rule.pattern.pattern == factored(rule.pattern.pattern) for rule in events.TRIGGER_RULES)
    plain = compile_guarded("(?:قصفت|قصفوا)")
    assert plain.pattern == "(?:قصف(?:ت|وا))" and plain.search("قصفوا القرية").group(0) == "قصفوا"
