"""The word rules of events.py: each holds on its own example sentence and does there what it says."""

import pytest

from incidents.extraction import events
from incidents.extraction.events import LATE_VETOES, WORD_NEGATIONS, WORD_VETOES, find_triggers
from incidents.extraction.textnorm import fold


def _words(sentence: str) -> list[events._Word]:
    """Every match of every trigger rule in a sentence, before any word rule is applied."""
    folded = fold(sentence)
    return [events._Word.of(rule.kind, match, folded)
            for rule in events.TRIGGER_RULES for match in rule.pattern.finditer(folded)]


ALL_RULES = [*WORD_VETOES, *LATE_VETOES, *WORD_NEGATIONS]


def test_word_rules_have_unique_ids_and_known_kinds():
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    kinds = {rule.kind for rule in events.TRIGGER_RULES} | {"other"}
    assert all(rule.kinds <= kinds for rule in ALL_RULES)


@pytest.mark.parametrize("rule", WORD_VETOES + WORD_NEGATIONS, ids=lambda rule: rule.id)
def test_every_rule_holds_on_an_event_word_of_its_example(rule):
    assert any(rule.applies(word) for word in _words(rule.example)), rule.example


@pytest.mark.parametrize("rule", WORD_VETOES, ids=lambda rule: rule.id)
def test_a_veto_leaves_no_live_word_of_its_kinds_where_it_holds(rule):
    vetoed = [word for word in _words(rule.example) if rule.applies(word)]
    starts = {trigger.start for trigger in find_triggers(fold(rule.example)) if not trigger.negated}
    folded = fold(rule.example)
    for word in vetoed:
        assert folded.find(word.text) + len(word.pre) not in starts, (rule.id, word.text)


@pytest.mark.parametrize("rule", WORD_NEGATIONS, ids=lambda rule: rule.id)
def test_a_negation_makes_its_word_a_negated_trigger(rule):
    assert any(trigger.negated for trigger in find_triggers(fold(rule.example))), rule.example


def test_bodies_are_an_event_only_when_found():
    (late,) = LATE_VETOES
    assert any(late.applies(events._Word("other", "", word.stem, word.text, word.before, word.rest))
               for word in _words(late.example) if fold("جث") in word.text)
    found = find_triggers(fold("عثر الأهالي على جثث ثلاثة شبان قرب الوادي."))
    assert [trigger.kind for trigger in found] == ["other"]


def test_a_rule_limited_to_some_kinds_reads_no_other_kind():
    (rpg,) = [rule for rule in WORD_VETOES if rule.id == "rpg"]
    (word,) = [word for word in _words("قصفت القوات الحاجز بقذائف آر بي جي.") if word.kind == "shelling"]
    assert rpg.applies(word)
    assert not rpg.applies(events._Word("clash", word.pre, word.stem, word.text, word.before, word.rest))
