"""The role rules of places.py: each decides on its own example sentence, and the first rule that holds wins."""

import pytest

from gazetteer.resolver import NameIndex
from incidents.extraction import places
from incidents.extraction.events import find_triggers, motive_spans
from incidents.extraction.places import QUALIFYING_RULES, ROLE_RULES, Role, classify_mentions
from incidents.extraction.textnorm import fold, fold_with_offsets
from incidents.extraction.weapons import weapon_name_spans

from .test_extraction_extract import NAMES, PLACES


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(PLACES, NAMES)


def classify(sentence: str, index: NameIndex):
    """The place mentions of a sentence with their roles, as a sentence's reading passes them (clauses.py)."""
    folded = fold_with_offsets(sentence)
    live = [(trigger.start, trigger.end) for trigger in find_triggers(folded.folded) if not trigger.negated]
    return classify_mentions(folded, index.find_mentions(sentence), index,
                             blocked_spans=weapon_name_spans(sentence), motive_spans=motive_spans(folded.folded),
                             trigger_spans=live)


def test_rule_ids_are_unique_and_every_rule_has_an_example():
    rules = [*ROLE_RULES, *QUALIFYING_RULES]
    assert len({rule.id for rule in rules}) == len(rules)
    assert all(rule.example for rule in rules)


@pytest.mark.parametrize("rule", [*ROLE_RULES, *QUALIFYING_RULES], ids=lambda rule: rule.id)
def test_every_rule_decides_a_mention_of_its_example(rule, index):
    decided = [(place.text, place.role, place.reason) for place in classify(rule.example, index)
               if place.rule == rule.id]
    assert decided, f"{rule.id}: no mention of {rule.example!r} was decided by it"
    assert all(role == rule.role for _, role, _ in decided)


def test_a_mention_no_rule_decides_is_the_place_of_the_event(index):
    (place,) = classify("قصفت قوات النظام بلدة طفس", index)
    assert (place.role, place.reason, place.rule) == (Role.TARGET, None, "")


def test_the_first_rule_that_holds_decides_and_runs_its_effect(index):
    from incidents.extraction.places import Reason, RoleRule, _Around, _first_that_holds
    from incidents.extraction.textnorm import fold

    (place,) = classify("قصفت قوات النظام بلدة طفس", index)
    around = _Around(place, fold("قصفت قوات النظام بلدة طفس"), [], index, (), (), ())
    effects = []
    rules = (RoleRule("never", Role.DROPPED, lambda a: None),
             RoleRule("first", Role.REGION, lambda a: Reason.REGION, effect=lambda a: effects.append("first")),
             RoleRule("second", Role.DROPPED, lambda a: Reason.VENUE, effect=lambda a: effects.append("second")))
    assert _first_that_holds(rules, around)
    assert (place.rule, place.role, place.reason, effects) == ("first", Role.REGION, Reason.REGION, ["first"])
    assert not _first_that_holds(rules[:1], around)


def test_a_located_facility_is_placed_at_its_settlement(index):
    # "حاجز نوى في درعا": درعا locates the checkpoint named after نوى; the event is placed at درعا.
    checkpoint, daraa = classify("هاجم مسلحون حاجز نوى في درعا", index)
    assert (checkpoint.role, checkpoint.explanation, checkpoint.rule) == (
        Role.DROPPED, "facility placed at its settlement", "locates")
    assert (daraa.text, daraa.role, daraa.notes) == ("درعا", Role.TARGET, ["facility نوى"])


def _corpus() -> list[str]:
    """Sentences of our own: every rule's example and every lexicon row's example."""
    from incidents.extraction import events
    from incidents.extraction.lexicon import LEXICON_DIR, entries

    sentences = [rule.example for rule in (*ROLE_RULES, *QUALIFYING_RULES)]
    sentences += [rule.example for rule in (*events.WORD_VETOES, *events.LATE_VETOES, *events.WORD_NEGATIONS)]
    sentences += [entry.example for path in sorted(LEXICON_DIR.glob("*.tsv")) for entry in entries(path.stem)]
    return sentences


def test_a_rule_is_skipped_for_want_of_its_cue_words_only_where_it_could_not_hold(index, monkeypatch):
    # RoleRule.needs is a shortcut: with every rule asked, every mention of the corpus gets the same role.
    import dataclasses

    corpus = _corpus()
    with_needs = [[(p.text, p.role, p.reason, p.rule) for p in classify(sentence, index)] for sentence in corpus]
    monkeypatch.setattr(places, "ROLE_RULES", tuple(dataclasses.replace(rule, needs=()) for rule in ROLE_RULES))
    monkeypatch.setattr(places, "QUALIFYING_RULES",
                        tuple(dataclasses.replace(rule, needs=()) for rule in QUALIFYING_RULES))
    without = [[(p.text, p.role, p.reason, p.rule) for p in classify(sentence, index)] for sentence in corpus]
    assert sum(map(len, with_needs)) > 150
    assert with_needs == without


def test_every_list_a_rule_needs_is_a_cue_list():
    from incidents.extraction.places import CUE_LISTS

    assert all(name in CUE_LISTS for rule in (*ROLE_RULES, *QUALIFYING_RULES) for name in rule.needs)


def test_cue_lists_of_a_token_are_those_of_its_readings():
    """The table built from each cue word's written forms gives what reading every token would give."""
    of_word: dict[str, set[str]] = {}
    for name, listed in places.CUE_LISTS.items():
        for word in listed:
            of_word.setdefault(word, set()).add(name)
    words = sorted(of_word)
    tokens = {prefix + word[cut:] for word in words for cut in (0, 1, 2)
              for prefix in ("", "و", "ف", "ب", "ل", "ك", "وب", "فل", "وك", "ال", "لل", "بال", "وال", "ولل", "ي")}
    for token in sorted(tokens):
        expected = set().union(*(of_word.get(reading, set()) for reading in places._readings(token)))
        assert places.cue_lists_of(token) == expected, token
    assert "road" in places.cue_lists_of(fold("وبالطريق")) and not places.cue_lists_of(fold("قصف"))
