"""The lexicon files: each row's example sentence shows one of the row's own forms at work."""

import pytest

from incidents.extraction.lexicon import LEXICON_DIR, entries, entry_pattern, kinds
from incidents.extraction.textnorm import fold

NAMES = sorted(path.stem for path in LEXICON_DIR.glob("*.tsv"))
# A trigger's words are matched by its rule with the article and a verb's other persons (بقذائف الهاون، ألقت
# القبض), so triggers.tsv's examples are checked against the rules (test_every_trigger_rule_has_words_in_the_lexicon).
WORD_FILES = [name for name in NAMES if name != "triggers"]


@pytest.mark.parametrize("name", WORD_FILES)
def test_every_example_contains_one_of_its_rows_forms_as_a_whole_word(name):
    missing = [(entry.form, entry.example) for entry in entries(name)
               if not entry_pattern(entry).search(fold(entry.example))]
    assert not missing, f"{name}: examples that show none of their row's forms: {missing}"


def test_an_example_with_only_a_longer_word_does_not_count():
    [entry] = [entry for entry in entries("place_cues") if entry.kind == "region"]
    assert entry_pattern(entry).search(fold("شهدت محافظة القنيطرة هدوءاً"))
    assert entry_pattern(entry).search(fold("وبمحافظة القنيطرة"))  # proclitics are admitted
    assert not entry_pattern(entry).search(fold("شهدت محافظات الجنوب هدوءاً"))  # another word, not this row's


def test_kinds_come_in_file_order_each_once():
    found = kinds("place_cues")
    assert found[:3] == ("generic", "city", "town")
    assert len(found) == len(set(found))


def test_every_readme_row_names_an_existing_file():
    readme = (LEXICON_DIR / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"`{name}.tsv`" in readme, f"{name}.tsv is not documented in lexicon/README.md"


def test_a_verb_written_perfect_slash_imperfect_stands_for_its_third_persons():
    from incidents.extraction.lexicon import expand

    assert expand("هدد/يهدد") == ("هدد", "هددت", "هددوا", "يهدد", "تهدد", "يهددون")
    assert expand("اغتال/يغتال")[-1] == "يغتالون"
    assert expand("قصف") == ("قصف",)


def test_a_verb_written_without_its_imperfect_is_refused_with_file_and_line(tmp_path, monkeypatch):
    from incidents.extraction.lexicon import LexiconError

    (tmp_path / "broken.tsv").write_text("lemma\tforms\tkind\texample\nهدد\tهدد/تهدد\tthreat\tهدد الرجل.\n",
                                         encoding="utf-8")
    monkeypatch.setattr("incidents.extraction.lexicon.LEXICON_DIR", tmp_path)
    entries.cache_clear()
    try:
        with pytest.raises(LexiconError, match=r"broken.tsv:2: .*perfect and imperfect"):
            entries("broken")
    finally:
        entries.cache_clear()



@pytest.mark.parametrize("name", NAMES)
def test_every_match_of_an_example_contains_one_of_its_kinds_anchors(name):
    # A rule skips a sentence that holds none of its anchors, so an anchor missing from a match would lose it.
    from incidents.extraction.lexicon import anchors

    for entry in entries(name):
        found = anchors(name, entry.kind)
        for match in entry_pattern(entry).finditer(fold(entry.example)):
            assert found is None or any(anchor in match.group(0) for anchor in found), (name, entry.form)


@pytest.mark.parametrize(("regex", "expected"), [
    (r"(?:ال)?ميليشيات?\s+(?:ال)?إيرانية", {"ميليشيا"}),  # ت? may be absent; the first of the longest runs
    (r"قذائف\s+ال?مدفعية", {"مدفعيه"}),  # ل? may be absent, so "ال" is no anchor
    (r"رشاش\s*23|عيار\s+23|عيار\s+14\.5", {"رشاش", "عيار"}),  # one anchor per top-level alternative
    (r"أطلق\w*(?:\s+\S+){0,2}?\s+(?:ال)?نار", {"اطلق"}),  # {m,n} and groups are not letters
    (r"فصائل\s+[\w ]{2,40}", {"فصايل"}),  # a class is no letter either, whatever it holds
    (r"(?:صواريخ|صاروخ)(?!\s+موجه)", None),  # nothing outside the group: always searched
])
def test_anchors_of_a_pattern_are_letters_every_match_must_contain(tmp_path, monkeypatch, regex, expected):
    from incidents.extraction.lexicon import anchors

    (tmp_path / "probe.tsv").write_text(f"form\tkind\texample\n/{regex}/\tprobe\tمثال.\n", encoding="utf-8")
    monkeypatch.setattr("incidents.extraction.lexicon.LEXICON_DIR", tmp_path)
    entries.cache_clear()
    try:
        found = anchors("probe")
    finally:
        entries.cache_clear()
    assert found == (None if expected is None else frozenset(fold(anchor) for anchor in expected))


def test_a_word_form_is_anchored_by_its_longest_word(tmp_path, monkeypatch):
    from incidents.extraction.lexicon import anchors

    (tmp_path / "probe.tsv").write_text("form\tkind\texample\nحزب الله\tparty\tمثال.\nمسلح*\tarmed\tمثال.\n",
                                        encoding="utf-8")
    monkeypatch.setattr("incidents.extraction.lexicon.LEXICON_DIR", tmp_path)
    entries.cache_clear()
    try:
        assert anchors("probe", "party") == {fold("الله")}
        assert anchors("probe", "armed") == {fold("مسلح")}  # an open ending (*) is no letter
        assert anchors("probe") == {fold("الله"), fold("مسلح")}
    finally:
        entries.cache_clear()
