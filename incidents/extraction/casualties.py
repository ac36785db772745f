"""Killed and injured counts in a clause, in digits or words, with ACLED's conservative reading of vague words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .prefilter import compile_guarded
from .textnorm import fold


@dataclass(frozen=True)
class Casualties:
    """The toll a clause reports: None when it says nothing, estimated when read from a vague word."""

    killed: int | None = None
    injured: int | None = None
    estimated: bool = False


NONE = Casualties()

_NUMBER_WORDS: dict[str, int] = {
    fold(word): value
    for words, value in (
        (("واحد", "واحدة", "أحد", "إحدى"), 1),
        (("اثنان", "اثنين", "اثنتان", "اثنتين"), 2),
        (("ثلاث", "ثلاثة"), 3),
        (("أربع", "أربعة"), 4),
        (("خمس", "خمسة"), 5),
        (("ست", "ستة"), 6),
        (("سبع", "سبعة"), 7),
        (("ثمان", "ثماني", "ثمانية"), 8),
        (("تسع", "تسعة"), 9),
        (("عشر", "عشرة"), 10),
        (("أحد عشر", "إحدى عشرة"), 11),
        (("اثني عشر", "اثنا عشر", "اثنتي عشرة", "اثنتا عشرة"), 12),
        (("عشرون", "عشرين"), 20),
        (("ثلاثون", "ثلاثين"), 30),
        (("أربعون", "أربعين"), 40),
        (("خمسون", "خمسين"), 50),
        (("مائة", "مئة"), 100),
    )
    for word in words
}
_NUMBER_WORD = "(?:" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + ")"
_NUMBER = rf"(?:\d+|{_NUMBER_WORD})(?![\w])"
_QUALIFIER = fold(r"(?:أكثر\s+من|ما\s+لا\s+يقل\s+عن|ما\s+يزيد\s+عن|نحو|حوالي|قرابة|زهاء|ما\s+يقارب|أزيد\s+من)\s+")
_KILLED_NOUN = fold(r"(?:قتلى|قتيل|قتيلا|قتيلاً|قتيلة|شهداء|شهيد|شهيدا|شهيداً|شهيدة|ضحايا|ضحية|أموات)")
_INJURED_NOUN = fold(r"(?:جرحى|جريح|جريحا|جريحاً|جريحة|مصابين|مصابا|مصاب|مصابة|إصابات|إصابة)")
_PERSON_SINGULAR = fold(
    r"(?:شخص|مدني|مدنيا|طفل|طفلة|امرأة|سيدة|رجل|شاب|شابا|فتاة|فتى|عنصر|عنصرا|مقاتل|جندي|ضابط|مواطن|مسلح|"
    r"مسن|عامل|معلم|طبيب|ناشط|قيادي|الملازم|ملازم|النقيب|نقيب|العقيد|عقيد|المساعد|مساعد|الرائد|رائد|الشاب|الطفل|"
    r"المدني|المواطن|الشهيد|القيادي|الناشط|العنصر|المدعو)"
)
_PERSON_DUAL = fold(
    r"(?:شخصين|طفلين|طفلتين|شابين|الشابين|عنصرين|رجلين|جنديين|ضابطين|شقيقين|الشقيقين|امرأتين|سيدتين|مدنيين\s+اثنين|"
    r"شخصان|طفلان|طفلتان|شابان|عنصران|رجلان|جنديان|ضابطان|شقيقان|امرأتان|سيدتان|مدنيان)"
)
_PERSON_PLURAL = fold(r"(?:أشخاص|مدنيين|مدنيون|أطفال|نساء|رجال|شبان|عناصر|مقاتلين|مقاتلون|جنود|ضباط|مواطنين|مسلحين)")
_KILL_VERB = fold(r"(?:مقتل|قتل|استشهاد|مصرع|وفاة|إعدام|تصفية|اغتيال|قضى|قضوا|لقي|لقوا)")
# "ما أدى إلى مقتله": the death of one person named before.
_KILLED_HIM = compile_guarded(
    r"(?<![\w])[وفبل]?" + fold(r"(?:مقتله|مقتلها|استشهاده|استشهادها|مصرعه|مصرعها|وفاته|وفاتها)") + r"(?![\w])"
)
_INJURE_VERB = fold(r"(?:إصابة|جرح|أصيب|أصيبت|أصيبوا|إصابته|إصابتها)")
_VAGUE = {fold("عدد من"): 3, fold("عددا من"): 3, fold("عدداً من"): 3, fold("عدة"): 3, fold("بعض"): 3,
          fold("عشرات"): 12, fold("العشرات من"): 12, fold("مئات"): 100, fold("المئات من"): 100}
_VAGUE_WORD = "(?:" + "|".join(sorted(map(re.escape, _VAGUE), key=len, reverse=True)) + ")"
_W = r"(?<![\w])"
_C = r"(?:[وف])?(?:[بل])?"  # a conjunction and a preposition before a verbal noun (ولمقتل، وإصابة)
_P = r"(?:[وفبل]|ل)?(?:ال)?"  # proclitics and article before a noun

# "قتل شاب وأصيب آخر": one more victim.
_AND_ANOTHER = compile_guarded(
    _W + r"[وف]?"
    + fold(r"(?P<verb>قتل|قُتل|أصيب|أصيبت|جرح|مقتل|إصابة)\s+(?:آخر|أخرى|شخص\s+آخر|ثالث|ثان|ثاني|ثالثة|رابع)")
    + r"(?![\w])"
)
_NO_CASUALTIES = compile_guarded(
    _W + fold(r"(?:دون|بدون|لم|لا|عدم)\s+(?:\S+\s+){0,3}?(?:أي\s+)?(?:إصابات|ضحايا|خسائر\s+بشرية|إصابات\s+بشرية)")
)
_KILLED_AND_INJURED_N = compile_guarded(
    _W + _KILL_VERB + r"\s+" + fold(r"و(?:إصابة|جرح)") + rf"\s+(?:{_QUALIFIER})?{_NUMBER}"
)
_BETWEEN = compile_guarded(_W + fold(r"(?:ما\s+)?بين\s+") + rf"({_NUMBER})\s+" + fold("و") + rf"\s*({_NUMBER})")
_TOLL_REACHED = compile_guarded(
    _W + _P + rf"(?:{_KILLED_NOUN}|{fold('حصيلة')})\s+(?:\S+\s+){{0,3}}?"
    + fold(r"(?:بلغ|بلغت|بلغوا|وصل|وصلت|ارتفع|ارتفعت)")
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
_DUAL_NOUN = compile_guarded(_W + _P + fold(r"(?P<noun>قتيلين|شهيدين|جريحين)") + r"(?![\w])")
_VERB_PERSON = compile_guarded(
    _W + _C + rf"(?P<verb>{_KILL_VERB}|{_INJURE_VERB})\s+(?P<rest>{_PERSON_SINGULAR}(?![\w])[^،,.؛:()\"“”]*)"
)
# "مقتل أحمد الحريري": a kill word before what is not a number, a quantity or a plural is one named person (or more,
# joined by و).
_KILL_NAMED = compile_guarded(_W + _C + rf"(?P<verb>{_KILL_VERB})\s+(?P<rest>[^\s،,.؛:()\"“”\d][^،,.؛:()\"“”]*)")
_NOT_A_NAME = compile_guarded(
    _P + fold(r"(?:عدد|عددا|عشرات|مئات|المزيد|الكثير|كثير|أكثر|نحو|حوالي|جميع|كافة|معظم|بعض|عناصر|مدنيين|أطفال|"
              r"أشخاص|نساء|رجال|مقاتلين|جنود|ضباط|شبان|مواطنين|مسلحين|قتلى|جرحى|شهداء|العشرات|المئات|آخرين|و\S*)")
    + r"$|" + _NUMBER_WORD + "$"
)
_SINGULAR_NOUN = compile_guarded(
    _W + rf"{_P}(?P<noun>{fold('شهيد|شهيدة|شهيدا|شهيداً|قتيل|قتيلة|قتيلا|قتيلاً|جريح|جريحة|جريحا|جريحاً')})(?![\w])"
)
_NAME_BOUNDARY = compile_guarded(
    _W + fold(
        r"(?:من|في|على|جراء|إثر|اثر|نتيجة|بعد|خلال|أثناء|برصاص|بقذيفة|بسبب|إضافة|حيث|إذ|بينهم|وهو|وهي|الذي|التي|"
        r"بجروح|بشظايا|عند|قرب|داخل)"
    ) + r"(?![\w])" + rf"|{_W}[وف]?(?:{_KILL_VERB}|{_INJURE_VERB})(?![\w])"
)
_NOT_A_NAME_AFTER_WAW = {fold(word) for word in ("وهو", "وهي", "وذلك", "وقد", "وكان", "وسط", "وفي", "ومن")}
_CASUALTY_WORD = compile_guarded(rf"(?:{_KILL_VERB}|{_INJURE_VERB}|{_KILLED_NOUN}|{_INJURED_NOUN}|{_NUMBER_WORD}|\d+)")


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
        if noun and (re.fullmatch(_P + fold(r"(?:صاروخ|صواريخ|قذيفة|قذائف|غارة|غارات|مرة|مرات|ساعة|ساعات|يوما|أيام)"),
                                  noun)):
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
            (injured if match.group("noun").startswith("ج") else killed).append(2)
            take(match.start(), match.end())
    for match in _VERB_PERSON.finditer(folded):
        if not free(match.start(), match.end("verb") + 1):
            continue
        rest = match.group("rest")
        boundary = _NAME_BOUNDARY.search(rest)
        names = rest[: boundary.start()] if boundary else rest
        count = _count_names(names.split()[:6])
        if match.group("verb").startswith(fold("إصابت")):
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
        (injured if noun.startswith("ج") else killed).append(1)
        take(match.start(), match.end())
    return Casualties(sum(killed) if killed else None, sum(injured) if injured else None, estimated)
