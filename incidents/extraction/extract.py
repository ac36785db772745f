"""Incidents of an article: clean, split, find triggers, place and date them, count casualties, merge duplicates."""

from __future__ import annotations

import datetime as dt

from .clauses import _read_sentence
from .cleaning import clean_text, headline_span, read_metadata
from .dates import parse_date_line, year_floor
from .lexicon import pattern
from .merge import _merge
from .places import PlaceIndex
from .records import ExtractedIncident, _State
from .sentences import split_sentences
from .textnorm import fold_with_offsets

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
    state = _State(published_on, year_floor(cleaned) if published_on is None else None)
    event_day = event_date_header(cleaned)
    if event_day is not None:
        # A chronology's "تاريخ الحدث" header dates every event the entry reports without a time word of its own.
        state.running_date = (event_day, "day")
    sentences = [
        sentence for sentence in split_sentences(cleaned)
        if not any(start <= sentence.start < end for start, end in skipped)
    ]
    for number, sentence in enumerate(sentences):
        _read_sentence(sentence, number, state, index)
    return _merge(state.raws, index, published_on)


_EVENT_DATE_LABEL = pattern("event_date_labels", anchored=True)  # at the start of a line: "تاريخ الحدث:"


def event_date_header(cleaned: str) -> dt.date | None:
    """The day a header near the top gives as the date of the events reported ("تاريخ الحدث" then a date)."""
    lines = [line for line in cleaned.split("\n") if line.strip()][:8]
    for number, line in enumerate(lines):
        folded = fold_with_offsets(line)
        match = _EVENT_DATE_LABEL.search(folded.folded)
        if match is None:
            continue
        rest = line[folded.to_original(0, match.end())[1]:].strip(" :-–")
        if rest and (same_line := parse_date_line(rest)) is not None:
            return same_line
        return parse_date_line(lines[number + 1]) if number + 1 < len(lines) else None
    return None


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
