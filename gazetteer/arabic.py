"""Arabic script normalization for matching place names (never for display), with offsets back to the original."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable
from functools import lru_cache

# Letters folded together because writers use them interchangeably (hamza seats, final yaa, taa marbuta) or
# because text arrives with Persian/Urdu keyboard forms that look the same.
_LETTER_FOLDS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ٵ": "ا",
    "ؤ": "و", "ٶ": "و",
    "ئ": "ي", "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ێ": "ي", "ے": "ي", "ۓ": "ي", "ٸ": "ي",
    "ة": "ه", "ۃ": "ه", "ہ": "ه", "ھ": "ه", "ۀ": "ه", "ە": "ه", "ۂ": "ه",
    "ک": "ك", "ڪ": "ك", "گ": "ك",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف", "ڨ": "ق",
    # A bare hamza is dropped: "السويداء" and "السويدا" are the same name in news text.
    "ء": "",
}

_REMOVED_CATEGORIES = {"Mn", "Me", "Cf"}  # harakat, shadda, sukun, tanween, superscript alef, ZWNJ, RLM...
_TATWEEL = "\u0640"

# Proclitics that attach to a noun: an optional conjunction, then an optional preposition.
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
PROCLITIC_SEQUENCES: tuple[str, ...] = tuple(
    sorted({c + p for c in _CONJUNCTIONS for p in _PREPOSITIONS}, key=lambda s: (len(s), s))
)
ARTICLE = "ال"


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """The matching form of one character: '' to drop it, ' ' for a separator, else one or more letters."""
    if char in _LETTER_FOLDS:
        return _LETTER_FOLDS[char]
    if char == _TATWEEL:
        return ""
    code = ord(char)
    # Presentation forms (ligatures such as lam-alef) are decomposed so they match the plain letters.
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        expanded = unicodedata.normalize("NFKC", char)
        if expanded != char:
            return "".join(fold_char(part) for part in expanded)
    category = unicodedata.category(char)
    if category in _REMOVED_CATEGORIES:
        return ""
    if category == "Nd":
        return str(unicodedata.digit(char))
    if category.startswith("L"):
        return char.lower()
    return " "


class _FoldTable(dict):
    """str.translate table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        """Fold a character seen for the first time and remember it."""
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


def _dropped_character_class() -> str:
    codes = [ord(char) for char, folded in _LETTER_FOLDS.items() if not folded] + [ord(_TATWEEL)]
    codes += [
        code for code in range(0x10000)
        if not 0xD800 <= code < 0xE000 and chr(code) not in _LETTER_FOLDS
        and unicodedata.category(chr(code)) in _REMOVED_CATEGORIES
    ]
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_FOLD_TABLE = _FoldTable()
_DROPPED_RUN = re.compile(f"[{_dropped_character_class()}]+")
_PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
# "^ +| +$| {2,}" written to start with its space, which the engine then looks for before trying the rest.
_SPACES_TO_DROP = re.compile(" (?:(?<=^ ) *| +| *$)")


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalized text and, for each of its characters, the index of the original character it came from."""
    # Fast path: str.translate folds in C; offsets come from the dropped runs and the word spans.
    if _PRESENTATION_FORM.search(text):
        return _normalize_with_offsets_per_char(text)
    translated = text.translate(_FOLD_TABLE)
    base: list[int] | None = None
    dropped_runs = [run.span() for run in _DROPPED_RUN.finditer(text)]
    if dropped_runs:
        base = []
        previous = 0
        for start, end in dropped_runs:
            base.extend(range(previous, start))
            previous = end
        base.extend(range(previous, len(text)))
    if len(translated) != (len(text) if base is None else len(base)):
        return _normalize_with_offsets_per_char(text)  # a character folded to several (rare)
    # Spaces collapse to one between words and go at the ends: drop the leading and trailing runs and all but the
    # first space of every longer run (the kept space maps to the first of its run).
    parts: list[str] = []
    offsets: list[int] = []
    previous = 0
    for run in _SPACES_TO_DROP.finditer(translated):
        start, end = run.span()
        if start and end < len(translated):
            start += 1
        parts.append(translated[previous:start])
        offsets.extend(range(previous, start) if base is None else base[previous:start])
        previous = end
    if not parts:
        return translated, list(range(len(text))) if base is None else base  # single spaces already
    parts.append(translated[previous:])
    offsets.extend(range(previous, len(translated)) if base is None else base[previous:])
    return "".join(parts), offsets


def _normalize_with_offsets_per_char(text: str) -> tuple[str, list[int]]:
    """normalize_with_offsets one character at a time, for text with characters that fold to several."""
    chars: list[str] = []
    offsets: list[int] = []
    pending_space = -1  # index of the separator that opened the current run, emitted lazily to collapse runs
    for index, char in enumerate(text):
        folded = fold_char(char)
        if not folded:
            continue
        if folded == " ":
            if pending_space < 0:
                pending_space = index
            continue
        if pending_space >= 0:
            if chars:
                chars.append(" ")
                offsets.append(pending_space)
            pending_space = -1
        for part in folded:
            chars.append(part)
            offsets.append(index)
    return "".join(chars), offsets


def normalize_for_matching(text: str) -> str:
    """Matching form of a text: no diacritics or tatweel, folded letters, ASCII digits, single spaces."""
    if len(text) <= 64:
        return _normalize_short(text)  # names recur constantly: memoize the short ones
    return normalize_with_offsets(text)[0]


@lru_cache(maxsize=1 << 14)
def _normalize_short(text: str) -> str:
    return normalize_with_offsets(text)[0]


def original_span(text: str, offsets: list[int], norm_start: int, norm_end: int) -> tuple[int, int]:
    """Original [start, end) of the normalized slice [norm_start, norm_end), trailing diacritics included."""
    start = offsets[norm_start]
    end = offsets[norm_end - 1] + 1
    # Diacritics and tatweel after the last letter belong to the word as written.
    while end < len(text) and fold_char(text[end]) == "":
        end += 1
    return start, end


def has_arabic_script(text: str) -> bool:
    """True when the text has at least one character of the Arabic block (U+0600-U+06FF)."""
    return any("\u0600" <= char <= "\u06ff" for char in text)


def strip_article(word: str) -> str:
    """A normalized word without its leading article ال, when what remains is still a word (2+ letters)."""
    if word.startswith(ARTICLE) and len(word) >= len(ARTICLE) + 2:
        return word[len(ARTICLE):]
    return word


def add_article(word: str) -> str:
    """A normalized word with the article ال, unless it already has it."""
    return word if word.startswith(ARTICLE) else ARTICLE + word


def proclitic_splits(word: str) -> list[tuple[str, str]]:
    """Every (proclitics, stem) reading of a normalized word, the unsplit reading first.

    ل + ال is written لل (للصنمين = ل + الصنمين), so that reading restores the article in the stem.
    """
    splits = [("", word)]
    for prefix in PROCLITIC_SEQUENCES[1:]:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            splits.append((prefix, word[len(prefix):]))
    for conj in _CONJUNCTIONS:
        lam_article = conj + "لل"
        if word.startswith(lam_article) and len(word) - len(lam_article) >= 2:
            splits.append((conj + "ل", ARTICLE + word[len(lam_article):]))
    return splits


def strip_proclitics(word: str, known: Container[str] | None = None) -> str:
    """The stem of a normalized word without its proclitics (و ف ب ل ك and combinations).

    With ``known`` (a set of stems, e.g. indexed names), the first reading whose stem is known wins and an unknown
    word is returned unchanged. Without it only the unambiguous cases are stripped: proclitics before the article
    (وبالصنمين، للصنمين), since a bare initial و or ب is often part of the word itself (وادي، بصرى).
    """
    splits = proclitic_splits(word)
    if known is not None:
        for _prefix, stem in splits:
            if stem in known:
                return stem
        return word
    for prefix, stem in reversed(splits):
        if prefix and stem.startswith(ARTICLE):
            return stem
    return word


def name_variants(normalized_name: str) -> list[str]:
    """Spellings a normalized name is found under: as is, and without / with the article where that is safe.

    A single-word name loses its article only as a weak variant (see ``weak_name_variants``); a multi-word name gains
    or loses the article on its first word (الشيخ مسكين / شيخ مسكين) because the words around keep it specific.
    """
    variants = [normalized_name]
    words = normalized_name.split(" ")
    if len(words) >= 2:
        first = words[0]
        if first.startswith(ARTICLE):
            stripped = strip_article(first)
            if stripped != first:
                variants.append(" ".join([stripped, *words[1:]]))
        elif len(first) >= 2:
            variants.append(" ".join([add_article(first), *words[1:]]))
    return variants


def weak_name_variants(normalized_name: str) -> list[str]:
    """Variants that are too likely to be ordinary words to match without a cue (a single word minus its ال)."""
    if " " in normalized_name:
        return []
    stripped = strip_article(normalized_name)
    return [stripped] if stripped != normalized_name else []


_SPACE_RUN = re.compile(r"\s+")


def words_of(normalized_text: str) -> list[str]:
    """The words of a normalized text."""
    return [word for word in _SPACE_RUN.split(normalized_text) if word]


def normalize_all(names: Iterable[str]) -> set[str]:
    """The set of matching forms of some names, empty ones left out."""
    return {form for form in (normalize_for_matching(name) for name in names) if form}
