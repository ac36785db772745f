"""Arabic folding for pattern matching that keeps punctuation, with offsets back to the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gazetteer.arabic import fold_char as matching_form

from .prefilter import Guarded, guard

_SPACE_LIKE = {"\u00a0", "\u2007", "\u202f", "\u200b"}
_KEPT_AS_WRITTEN = {"٫": ".", "٬": ","}  # Arabic decimal and thousands separators


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """The matching form of one character ('' when it is dropped: diacritics, tatweel, bare hamza).

    Letters fold exactly as the gazetteer folds them (gazetteer/arabic.py), so that patterns written once match
    every spelling; unlike the gazetteer form, punctuation and Latin case are kept, because the extraction rules
    need commas and full stops to find clause boundaries.
    """
    if char in _SPACE_LIKE:
        return " "
    if char in _KEPT_AS_WRITTEN:
        return _KEPT_AS_WRITTEN[char]
    if char.isascii():
        return char
    folded = matching_form(char)
    return char if folded == " " else folded


@dataclass(frozen=True)
class FoldedText:
    """A folded text with the original index of each folded character."""

    original: str
    folded: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded slice [start, end)."""
        if start >= len(self.offsets):
            return len(self.original), len(self.original)
        orig_start = self.offsets[start]
        if end <= start:
            return orig_start, orig_start
        orig_end = self.offsets[end - 1] + 1
        while orig_end < len(self.original) and fold_char(self.original[orig_end]) == "":
            orig_end += 1
        return orig_start, orig_end

    def to_folded(self, orig_index: int) -> int:
        """Index in the folded text of the first folded character at or after an original index."""
        low, high = 0, len(self.offsets)
        while low < high:
            middle = (low + high) // 2
            if self.offsets[middle] < orig_index:
                low = middle + 1
            else:
                high = middle
        return low


class _FoldTable(dict):
    """str.translate table of fold_char, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        """Fold a character seen for the first time, remember it, and note whether it changes the length."""
        folded = fold_char(chr(code))
        self[code] = folded
        if len(folded) != 1:
            _IRREGULAR.add(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
_IRREGULAR: set[str] = set()  # characters seen so far that fold to none or to several characters
_MEMO_LIMIT = 1000  # texts up to a long sentence are memoized; whole articles would only fill memory


def fold_with_offsets(text: str) -> FoldedText:
    """Fold a text for matching and keep, for each folded character, the index of its original character."""
    # Several stages fold the same sentence, so the (immutable) result is memoized.
    return _fold_with_offsets(text) if len(text) <= _MEMO_LIMIT else _fold_with_offsets.__wrapped__(text)


@lru_cache(maxsize=1 << 10)
def _fold_with_offsets(text: str) -> FoldedText:
    """fold_with_offsets, memoized for texts up to _MEMO_LIMIT characters."""
    # fold() translates once per text, and records, in _IRREGULAR, every character of the text that needs it.
    folded = fold(text)
    if len(folded) == len(text) and _IRREGULAR.isdisjoint(text):
        return FoldedText(text, folded, tuple(range(len(text))))
    # Only the characters that fold to none or several shift the offsets: copy the runs between them as ranges.
    offsets: list[int] = []
    previous = 0
    for index in [index for index, char in enumerate(text) if char in _IRREGULAR]:
        offsets.extend(range(previous, index))
        offsets.extend([index] * len(_FOLD_TABLE[ord(text[index])]))
        previous = index + 1
    offsets.extend(range(previous, len(text)))
    return FoldedText(text, folded, tuple(offsets))


def compile_folded(pattern: str, flags: int = 0) -> re.Pattern[str] | Guarded:
    """Compile a pattern written in ordinary Arabic against folded text, guarded by its required literals."""
    return guard(re.compile(fold(pattern), flags))


def fold(text: str) -> str:
    """The matching form of a text (letters folded, diacritics dropped, ASCII digits, punctuation kept)."""
    # Memoized: rules fold the same literals (fold("من")) inside loops, and stages fold the same sentence.
    return _fold(text) if len(text) <= _MEMO_LIMIT else text.translate(_FOLD_TABLE)


@lru_cache(maxsize=1 << 12)
def _fold(text: str) -> str:
    """fold, memoized for texts up to _MEMO_LIMIT characters."""
    return text.translate(_FOLD_TABLE)


ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")


Labelled = tuple[tuple[str, "re.Pattern[str] | Guarded"], ...]  # (label, pattern)


def labels_in_order(patterns: Labelled, folded: str) -> list[str]:
    """The labels whose pattern occurs in a folded text, in order of first occurrence, each once."""
    return list(_labels_in_order(patterns, folded))  # a fresh list: callers edit it


@lru_cache(maxsize=1 << 12)
def _labels_in_order(patterns: Labelled, folded: str) -> tuple[str, ...]:
    """labels_in_order, memoized, as a tuple."""
    # Memoized: a sentence is searched again for each of its clauses that names no actor or weapon of its own.
    found = sorted((match.start(), label) for label, pattern in patterns if (match := pattern.search(folded)))
    labels: list[str] = []
    for _, label in found:
        if label not in labels:
            labels.append(label)
    return tuple(labels)
