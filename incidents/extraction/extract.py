"""Incidents of an article: clean, split, find triggers, place and date them, count casualties, merge duplicates."""

from __future__ import annotations

import datetime as dt

from .clauses import _read_sentence
from .cleaning import clean_text, headline_span, read_metadata
from .dates import parse_date_line
from .merge import _merge
from .places import PlaceIndex
from .records import ExtractedIncident, _State
from .sentences import split_sentences

__all__ = ["ExtractedIncident", "extract_incidents"]


def extract_incidents(
    text: str, published_on: dt.date | None, index: PlaceIndex, *, skip_headline: bool = True
) -> list[ExtractedIncident]:
    """Incidents reported in an article, one per (event type, place, day); offsets index the text as given.

    Without a publication date, a dateline near the top of the text is used. The headline (a short first line
    without a full stop) is skipped unless ``skip_headline`` is False: it repeats the report without its details.
    """
    cleaned = clean_text(text)
    if published_on is None:
        published_on = read_metadata(text).published_on
    skipped = _skipped_spans(cleaned, skip_headline)
    state = _State(published_on)
    sentences = [
        sentence for sentence in split_sentences(cleaned)
        if not any(start <= sentence.start < end for start, end in skipped)
    ]
    for number, sentence in enumerate(sentences):
        _read_sentence(sentence, number, state, index)
    return _merge(state.raws, index, published_on)


def _skipped_spans(cleaned: str, skip_headline: bool) -> list[tuple[int, int]]:
    """The headline and a dateline near the top: not part of the report's prose."""
    spans = []
    if skip_headline:
        headline = headline_span(cleaned)
        if headline is not None:
            spans.append(headline)
    position = 0
    header: list[tuple[int, int]] = []  # title-like lines above the dateline: a logo, the headline, a kicker
    for count, line in enumerate(cleaned.split("\n")):
        if count > 8:
            break
        if line.strip() and parse_date_line(line) is not None:
            spans.append((position, position + len(line)))
            if skip_headline:
                spans.extend(header)
            header = []
        elif line.strip():
            stripped = line.strip()
            if len(stripped) <= 160 and not stripped.endswith((".", "!", "؟", "?", ":")):
                header.append((position, position + len(line)))
            else:
                header = []
        position += len(line) + 1
    return spans
