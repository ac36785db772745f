"""Split article text into sentences that keep their offsets into the text."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """A sentence: text[start:end], the paragraph (line block) it belongs to, and whether it opens it."""

    start: int
    end: int
    text: str
    paragraph: int
    opens_paragraph: bool


# A run of sentence-final marks (with closing quotes) ends a sentence; a dot between digits (3.5) does not.
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'”»)\]]*")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a text, split at . ! ? ؟ … and at line ends, with offsets into the text."""
    sentences: list[Sentence] = []
    paragraph = -1
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        if line.strip():
            paragraph += 1
            first = True
            piece_start = line_start
            for match in _SENTENCE_END.finditer(text, line_start, line_end):
                between_digits = match.start() > 0 and text[match.start() - 1].isdigit()
                if between_digits and text[match.end():match.end() + 1].isdigit():
                    continue
                _add(sentences, text, piece_start, match.end(), paragraph, first)
                if text[piece_start:match.end()].strip():
                    first = False
                piece_start = match.end()
            _add(sentences, text, piece_start, line_end, paragraph, first)
        line_start = line_end + 1
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int, first: bool) -> None:
    """Append the trimmed sentence text[start:end] unless it is blank or only punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = text[start:end]
    if not any(char.isalnum() for char in piece):
        return
    sentences.append(Sentence(start, end, piece, paragraph, first))
