"""What the stages of extraction pass on: the incidents returned, the raw event mentions and the reading state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .casualties import Casualties
from .places import PlaceMention, Role
from .sentences import Sentence


@dataclass
class ExtractedIncident:
    """One incident: event type, place as written (with candidate places), day, actors, weapons, casualties."""

    event_type: str
    place_text: str
    place_start: int
    place_end: int
    place_ids: tuple
    date: dt.date | None
    date_precision: str
    evidence: str
    evidence_start: int
    evidence_end: int
    actors: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    casualties_estimated: bool = False
    geo_precision_hint: int = 1  # ACLED: 1 the place itself, 2 near or part of it (direction, home town), 3 region
    # What made the record, for the rule report of `manage.py evaluate --rules`: "trigger shelling", "place target"...
    provenance: tuple[str, ...] = ()


@dataclass
class _Raw:
    event_type: str
    place: PlaceMention
    sentence: Sentence
    sentence_index: int
    date: dt.date | None
    precision: str
    casualties: Casualties
    actors: list[str]
    weapons: list[str]
    order: int
    role: Role = Role.TARGET
    rule: str = ""  # the rule that made the mention ("trigger shooting as assassination"), for the rule report


@dataclass
class _Focus:
    places: list[PlaceMention]
    sentence: Sentence
    sentence_index: int
    paragraph: int


@dataclass
class _State:
    published_on: dt.date | None
    year_floor: int | None = None  # without a publication date: the latest year the article names
    running_date: tuple[dt.date | None, str] = (None, "")
    focus: _Focus | None = None
    facilities: dict[str, tuple[list[PlaceMention], Sentence, int]] = field(default_factory=dict)
    last_fire_type: str | None = None
    last_fire_sentence: int = -10
    raws: list[_Raw] = field(default_factory=list)
