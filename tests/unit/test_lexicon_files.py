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


