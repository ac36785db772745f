"""Killed and injured counts in a clause, in digits or words, with ACLED's conservative reading of vague words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from . import lexicon
from .prefilter import compile_guarded
from .textnorm import fold


@dataclass(frozen=True)
class Casualties:
    """The toll a clause reports: None when it says nothing, estimated when read from a vague word."""

    killed: int | None = None
    injured: int | None = None
    estimated: bool = False


NONE = Casualties()

_LEXICON = "casualties"
# The lexicon's readers bound to this module's file: an alternation of kinds, a kind's folded forms, valued kinds.
_alternation = partial(lexicon.alternation, _LEXICON)
_folded = partial(lexicon.folded_forms, _LEXICON)
_valued = partial(lexicon.valued, _LEXICON)


def _words(*kinds: str) -> str:
    """The forms of these kinds as one group (no boundaries: the patterns add them)."""
    return "(?:" + _alternation(*kinds) + ")"


_NUMBER_WORDS = _valued("number")
# Longest first, each word as folded (one space in أحد عشر): the word found is looked up in _NUMBER_WORDS.
_NUMBER_WORD = "(?:" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + ")"
_NUMBER = rf"(?:\d+|{_NUMBER_WORD})(?![\w])"
_QUALIFIER = _words("qualifier") + r"\s+"
_KILLED_NOUN = _words("killed_noun")
_INJURED_NOUN = _words("injured_noun")
_PERSON_SINGULAR = _words("person_singular")
_PERSON_DUAL = _words("person_dual")
_PERSON_PLURAL = _words("person_plural")
_KILL_VERB = _words("kill_verb")
# "ما أدى إلى مقتله": the death of one person named before.
_KILLED_HIM = compile_guarded(
    r"(?<![\w])[وفبل]?" + _words("killed_him") + r"(?![\w])"
)
_INJURE_VERB = _words("injure_verb", "injured_him")
_INJURED_HIM = _folded("injured_him")
_VAGUE = _valued("vague")
# Longest first, as folded (one space in عدد من), like the number words: the word found is looked up in _VAGUE.
_VAGUE_WORD = "(?:" + "|".join(sorted(map(re.escape, _VAGUE), key=len, reverse=True)) + ")"
_W = r"(?<![\w])"
_C = r"(?:[وف])?(?:[بل])?"  # a conjunction and a preposition before a verbal noun (ولمقتل، وإصابة)
_P = r"(?:[وفبل]|ل)?(?:ال)?"  # proclitics and article before a noun

# "قتل شاب وأصيب آخر": one more victim.
_AND_ANOTHER = compile_guarded(
    _W + r"[وف]?"
    + rf"(?P<verb>{_alternation('another_verb')})\s+{_words('another')}"
    + r"(?![\w])"
)
_NO_CASUALTIES = compile_guarded(
    _W + _words("no_casualty_negation") + r"\s+(?:\S+\s+){0,3}?(?:" + fold("أي") + r"\s+)?"
    + _words("no_casualty_noun")
)
_KILLED_AND_INJURED_N = compile_guarded(
    _W + _KILL_VERB + r"\s+" + fold("و") + _words("and_injured") + rf"\s+(?:{_QUALIFIER})?{_NUMBER}"
)
_BETWEEN = compile_guarded(_W + fold(r"(?:ما\s+)?بين\s+") + rf"({_NUMBER})\s+" + fold("و") + rf"\s*({_NUMBER})")
_TOLL_REACHED = compile_guarded(
    _W + _P + rf"(?:{_KILLED_NOUN}|{_words('toll_noun')})\s+(?:\S+\s+){{0,3}}?"
    + _words("toll_verb")
    + rf"(?:\s+\S+){{0,2}}?\s+(?:{fold('إلى')}\s+)?(?:{_QUALIFIER})?({_NUMBER})"
)
_VERB_NUMBER = compile_guarded(
    _W + _C + rf"(?P<verb>{_KILL_VERB}|{_INJURE_VERB})\s+(?:{fold('نحو')}\s+)?(?:{_QUALIFIER})?(?P<n>{_NUMBER})"
    rf"(?:\s+(?P<noun>\S+))?"
)
_NUMBER_NOUN = compile_guarded(
    _W + r"[وف]?" + rf"(?:{_QUALIFIER})?(?P<n>{_NUMBER})\s+(?:{fold('من')}\s+)?"
    rf"{_P}(?P<noun>{_KILLED_NOUN}|{_INJURED_NOUN})(?![\w])"
)
_VAGUE_NOUN = compile_guarded(
    _W + r"[وف]?" + rf"(?P<q>{_VAGUE_WORD})\s+{_P}(?P<first>{_KILLED_NOUN}|{_INJURED_NOUN})(?![\w])"
    rf"(?:\s+(?:{fold('و')}|{fold('و')}\s*){_P}(?P<second>{_KILLED_NOUN}|{_INJURED_NOUN})(?![\w]))?"
)
_VERB_VAGUE = compile_guarded(
    _W + _C + rf"(?P<verb>{_KILL_VERB}|{_INJURE_VERB})\s+(?P<q>{_VAGUE_WORD})\s+"
    rf"{_P}(?:{_PERSON_PLURAL}|{_PERSON_SINGULAR})(?![\w])"
)
_VERB_DUAL = compile_guarded(_W + _C + rf"(?P<verb>{_KILL_VERB}|{_INJURE_VERB})\s+(?P<noun>{_PERSON_DUAL})(?![\w])")
_DUAL_INJURED = _folded("dual_injured")
_DUAL_NOUN = compile_guarded(_W + _P + "(?P<noun>" + _alternation("dual_killed", "dual_injured") + ")" + r"(?![\w])")
_VERB_PERSON = compile_guarded(
    _W + _C + rf"(?P<verb>{_KILL_VERB}|{_INJURE_VERB})\s+(?P<rest>{_PERSON_SINGULAR}(?![\w])[^،,.؛:()\"“”]*)"
)
# "مقتل أحمد الحريري": a kill word before what is not a number, a quantity or a plural is one named person (or more,
# joined by و).
_KILL_NAMED = compile_guarded(_W + _C + rf"(?P<verb>{_KILL_VERB})\s+(?P<rest>[^\s،,.؛:()\"“”\d][^،,.؛:()\"“”]*)")
_NOT_A_NAME = re.compile(
    _P + "(?:" + _alternation("not_a_name") + "|" + fold("و") + r"\S*)"
    + r"$|" + _NUMBER_WORD + "$"
)
_INJURED_SINGULAR = _folded("injured_singular")
_SINGULAR_NOUN = compile_guarded(
    _W + rf"{_P}(?P<noun>{_alternation('killed_singular', 'injured_singular')})(?![\w])"
)
_NAME_BOUNDARY = compile_guarded(
    _W + _words("name_boundary") + r"(?![\w])" + rf"|{_W}[وف]?(?:{_KILL_VERB}|{_INJURE_VERB})(?![\w])"
)
_NOT_A_NAME_AFTER_WAW = _folded("not_a_name_after_waw")
# A number before these (صواريخ، مرات، أيام) counts things or times, not victims.
_COUNTED_THING = _words("counted_thing")
_CASUALTY_WORD = re.compile(rf"(?:{_KILL_VERB}|{_INJURE_VERB}|{_KILLED_NOUN}|{_INJURED_NOUN}|{_NUMBER_WORD}|\d+)")


def _count_names(words: list[str]) -> int:
    """People named in a list after a kill word: one, plus one per name joined by و ("أحمد وعلي")."""
    return 1 + sum(
        1 for word in words[1:]
        if word.startswith("و") and len(word) >= 4 and word not in _NOT_A_NAME_AFTER_WAW
        and not _CASUALTY_WORD.fullmatch(word[1:])
    )


def _number(text: str) -> int | None:
    """The value of a number in digits or words."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)


def _is_killed_word(word: str) -> bool:
    return bool(re.fullmatch(_P + _KILLED_NOUN, word))


def _is_injured_word(word: str) -> bool:
    return bool(re.fullmatch(_P + _INJURED_NOUN, word))


def _is_kill_verb(word: str) -> bool:
    return bool(re.fullmatch(_KILL_VERB, word))


def parse_casualties(text: str) -> Casualties:
    """Killed and injured in a clause: digits and words, 'more than N' as N, vague words as 3/12/100 (estimated)."""
    folded = fold(text)
    if not folded.strip():
        return NONE
    killed: list[int] = []
    injured: list[int] = []
    estimated = False
    taken = bytearray(len(folded))

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    if _NO_CASUALTIES.search(folded):
        return Casualties(0, 0, False)
    for match in _KILLED_AND_INJURED_N.finditer(folded):
        take(match.start(), match.end())  # "مقتل وإصابة 5": a combined toll that splits neither way
    for match in _BETWEEN.finditer(folded):
        low = min(filter(None, (_number(match.group(1)), _number(match.group(2)))), default=None)
        tail = folded[match.end(): match.end() + 20].split()
        noun = tail[0] if tail else ""
        if low is not None and free(match.start(), match.end()):
            if _is_killed_word(noun):
                killed.append(low)
                take(match.start(), match.end() + len(noun) + 1)
            elif _is_injured_word(noun):
                injured.append(low)
                take(match.start(), match.end() + len(noun) + 1)
    for match in _TOLL_REACHED.finditer(folded):
        value = _number(match.group(1))
        if value is not None and free(match.start(), match.end()):
            killed.append(value)
            take(match.start(), match.end())
    for match in _VERB_NUMBER.finditer(folded):
        value = _number(match.group("n"))
        noun = match.group("noun") or ""
        if value is None or not free(match.start(), match.end()):
            continue
        if noun and re.fullmatch(_P + _COUNTED_THING, noun):
            continue
        if _is_kill_verb(match.group("verb")):
            killed.append(value)
        else:
            injured.append(value)
        take(match.start(), match.end())
    for match in _NUMBER_NOUN.finditer(folded):
        value = _number(match.group("n"))
        if value is None or not free(match.start(), match.end()):
            continue
        if _is_killed_word(match.group("noun")):
            killed.append(value)
        else:
            injured.append(value)
        take(match.start(), match.end())
    for match in _VAGUE_NOUN.finditer(folded):
        if not free(match.start(), match.end()):
            continue
        value = _VAGUE[match.group("q")]
        for noun in (match.group("first"), match.group("second")):
            if not noun:
                continue
            (killed if _is_killed_word(noun) else injured).append(value)
        estimated = True
        take(match.start(), match.end())
    for match in _VERB_VAGUE.finditer(folded):
        if free(match.start(), match.end()):
            (killed if _is_kill_verb(match.group("verb")) else injured).append(_VAGUE[match.group("q")])
            estimated = True
            take(match.start(), match.end())
    for match in _VERB_DUAL.finditer(folded):
        if free(match.start(), match.end()):
            (killed if _is_kill_verb(match.group("verb")) else injured).append(2)
            take(match.start(), match.end())
    for match in _DUAL_NOUN.finditer(folded):
        if free(match.start(), match.end()):
            (injured if match.group("noun") in _DUAL_INJURED else killed).append(2)
            take(match.start(), match.end())
    for match in _VERB_PERSON.finditer(folded):
        if not free(match.start(), match.end("verb") + 1):
            continue
        rest = match.group("rest")
        boundary = _NAME_BOUNDARY.search(rest)
        names = rest[: boundary.start()] if boundary else rest
        count = _count_names(names.split()[:6])
        if match.group("verb") in _INJURED_HIM:
            continue  # "إصابته": the injury of someone already counted
        (killed if _is_kill_verb(match.group("verb")) else injured).append(count)
        take(match.start(), match.start() + len(match.group("verb")) + 1 + len(names))
    for match in _KILL_NAMED.finditer(folded):
        if not free(match.start(), match.end("verb") + 1):
            continue
        rest = match.group("rest")
        words = rest.split()
        if not words or _NOT_A_NAME.match(words[0]) or re.fullmatch(_P + _PERSON_PLURAL, words[0]):
            continue
        boundary = _NAME_BOUNDARY.search(rest)
        names = rest[: boundary.start()] if boundary else rest
        count = _count_names(names.split()[:6])
        killed.append(count)
        take(match.start(), match.start() + len(match.group(0)) - len(rest) + len(names))
    for match in _AND_ANOTHER.finditer(folded):
        if free(match.start(), match.end()):
            (killed if _is_kill_verb(match.group("verb")) else injured).append(1)
            take(match.start(), match.end())
    for match in _KILLED_HIM.finditer(folded):
        if free(match.start(), match.end()) and not killed:
            killed.append(1)
            take(match.start(), match.end())
    for match in _SINGULAR_NOUN.finditer(folded):
        if not free(match.start(), match.end()):
            continue
        noun = match.group("noun")
        # A singular noun right after a number ("20 قتيلا") was counted with the number.
        before = folded[max(0, match.start() - 8): match.start()].split()
        if before and (_number(before[-1]) is not None or before[-1].isdigit()):
            continue
        (injured if noun in _INJURED_SINGULAR else killed).append(1)
        take(match.start(), match.end())
    return Casualties(sum(killed) if killed else None, sum(injured) if injured else None, estimated)
