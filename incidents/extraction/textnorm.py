"""Arabic folding for pattern matching that keeps punctuation, with offsets back to the original text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters writers use interchangeably (hamza seats, final yaa, taa marbuta) fold together, as in gazetteer/arabic.py,
# so that patterns written once match every spelling. Unlike the gazetteer form, punctuation is kept: the
# extraction rules need commas and full stops to find clause boundaries.
_LETTER_FOLDS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي",
    "ة": "ه", "ۃ": "ه", "ہ": "ه", "ھ": "ه",
    "ک": "ك", "گ": "ك",
    "ء": "",
    "\u0640": "",  # tatweel
}
_SPACE_LIKE = {"\u00a0", "\u2007", "\u202f", "\u200b"}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """The matching form of one character ('' when it is dropped: diacritics, tatweel, bare hamza)."""
    if char in _LETTER_FOLDS:
        return _LETTER_FOLDS[char]
    if char in _SPACE_LIKE:
        return " "
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        return ""
    if category == "Nd":
        return str(unicodedata.digit(char))
    if char == "٫":  # Arabic decimal separator
        return "."
    if char == "٬":
        return ","
    return char


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


def fold_with_offsets(text: str) -> FoldedText:
    """Fold a text for matching and keep, for each folded character, the index of its original character."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        for part in folded:
            chars.append(part)
            offsets.append(index)
    return FoldedText(text, "".join(chars), tuple(offsets))


def fold(text: str) -> str:
    """The matching form of a text (letters folded, diacritics dropped, ASCII digits, punctuation kept)."""
    return "".join(fold_char(char) for char in text)


ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
