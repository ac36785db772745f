"""Incidents of an article: clean, split, find triggers, place and date them, count casualties, merge duplicates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .actors import find_actors
from .casualties import Casualties, parse_casualties
from .cleaning import clean_text, headline_span, read_metadata
from .dates import TimeExpression, find_time_expressions, parse_date_line
from .events import (
    _UNKNOWN_GUNMEN,
    GOVERNING_CUES,
    LOCAL_CUES,
    Trigger,
    checkpoint_action,
    find_triggers,
    motive_spans,
    resolve_kinds,
    split_segments,
)
from .places import ADMIN_KINDS, PlaceIndex, PlaceMention, Role, classify_mentions, word_is
from .sentences import Sentence, split_sentences
from .textnorm import FoldedText, fold, fold_with_offsets
from .weapons import find_weapons, weapon_name_spans


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


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(fold(pattern))


# A sentence that opens with one of these steps out of the day's report (background, an earlier event, a recap):
# it does not inherit the day of the sentences before it, nor pass its own on. "وفي سياق آخر" only changes the
# subject, not the day, so it is not one of them.
_RESET_OPENERS = _rx(
    r"^\W*[وف]?(?:يأتي|تأتي|يشار|يُشار|يذكر|ويذكر|كان|كانت|منذ|سبق|في\s+وقت\s+سابق|يعد|يعتبر|تعد|تعتبر|يعيش|"
    r"تعيش|تشهد\s+المنطقة|يسيطر|تسيطر)(?![\w])"
)
# "وكانت قوات النظام قد سيطرت ...": an earlier event recalled, an incident only when dated to recent days.
_PLUPERFECT = _rx(r"^\W*[وف]?(?:كان|كانت|كانوا)\s+(?:\S+\s+){0,5}?قد(?![\w])")
_RECENT_VAGUE = _rx(r"(?<![\w])(?:قبل\s+(?:أيام|ساعات|يومين)|(?:ال)?أسبوع\s+(?:الماضي|المنصرم|الفائت))(?![\w])")
_ATTEMPT = _rx(r"(?<![\w])[وفبل]?(?:محاولة|محاولات|نجا|نجاة|ينجو|نجت|فشل\w*)(?![\w])")
_ANAPHOR = _rx(
    r"(?<![\w])[وفبل]?(?:ال|لل)(?:مدينة|بلدة|قرية|منطقة|حي|أحياء|مخيم|بلدتين|قريتين)(?![\w])"
    r"|(?<![\w])[وفبل]?(?:فيها|عليها|إليها|منها|هناك|ذاتها|نفسها|داخلها|محيطها)(?![\w])"
    # "القوات المقتحمة": the forces of the storming just reported, so the place of that report.
    r"|(?<![\w])[وفبل]?(?:ال|لل)(?:مقتحمة|مداهمة|مهاجمة|مهاجمين|مقتحمين|مهاجمون)(?![\w])"
)
# Places dropped for these reasons are not antecedents: they name a reporter, an outlet or an organisation.
_NOT_ANTECEDENT = ("source of the report", "media outlet name", "organisation name")
# "منذ مساء الجمعة": the event began that day and went on; only a siege is dated to when it was imposed.
_SINCE_BEFORE = _rx(r"(?<![\w])[وف]?منذ\s*$")
_FACILITY_NOUN = _rx(
    r"(?<![\w])(?P<pre>[وفبل]?(?:ال|لل)?)(?P<noun>كتيبة|مقر|حاجز|مفرزة|ثكنة|فرع|مطار|فوج|لواء|سجن|مشفى|مسجد|جامع|"
    r"مدرسة|قاعدة|نقطة|سرية)(?![\w])"
)
_FIRE_TYPES = ("shelling", "airstrike")


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


@dataclass
class _Focus:
    places: list[PlaceMention]
    sentence: Sentence
    sentence_index: int
    paragraph: int


@dataclass
class _State:
    published_on: dt.date | None
    running_date: tuple[dt.date | None, str] = (None, "")
    focus: _Focus | None = None
    facilities: dict[str, tuple[list[PlaceMention], Sentence, int]] = field(default_factory=dict)
    last_fire_type: str | None = None
    last_fire_sentence: int = -10
    raws: list[_Raw] = field(default_factory=list)


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


def _read_sentence(sentence: Sentence, number: int, state: _State, index: PlaceIndex) -> None:
    """Find the incidents of one sentence and update what later sentences inherit (day, focus place)."""
    folded = fold_with_offsets(sentence.text)
    text = folded.folded
    aside = bool(_RESET_OPENERS.search(text))
    # "وكانت طائرات قد قصفت قبل أيام": a recalled event of the last few days is news, only its day is vague.
    pluperfect = bool(_PLUPERFECT.search(text)) and not _RECENT_VAGUE.search(text)
    triggers = find_triggers(text)
    motives = motive_spans(text)
    triggers = [
        _negate(trigger) if any(start <= trigger.start < end for start, end in motives) else trigger
        for trigger in triggers
    ]
    times = [_folded_time(_in_story_year(expression, state), folded)
             for expression in find_time_expressions(sentence.text, state.published_on)]
    segments = split_segments(text)
    # A denial, call or threat governs what follows it in the sentence; a promise or the terms of a deal, the rest
    # of its clause. Event words there did not happen.
    governing = GOVERNING_CUES.search(text)
    suppressed_from = governing.start() if governing is not None else len(text) + 1
    for start, end in segments:
        for cue in LOCAL_CUES.finditer(text, start, end):
            triggers = [_negate(t) if cue.start() < t.start < end else t for t in triggers]
            break
    triggers = [_negate(t) if t.start > suppressed_from else t for t in triggers]
    has_checkpoint_action = checkpoint_action(text[:suppressed_from])
    mentions = index.find_mentions(sentence.text)
    places = classify_mentions(
        folded, mentions, index,
        blocked_spans=weapon_name_spans(sentence.text),
        motive_spans=motives,
        trigger_spans=[(trigger.start, trigger.end) for trigger in triggers if not trigger.negated],
    )
    for place in places:
        place.sentence_start = sentence.start
        if place.fstart > suppressed_from and place.role != Role.DROPPED:
            # "تظاهرة طالبت بفك الحصار عن X": X is the object of a demand, denial or threat, not where the events
            # before the cue happened.
            place.role, place.reason = Role.DROPPED, "inside a demand, denial or threat"
    _register_facilities(places, text, segments, sentence, number, state)

    attempt_reported = any(trigger.kind == "assassination" and not trigger.negated for trigger in triggers)
    segment_places: list[list[PlaceMention]] = [_best_places(places, start, end) for start, end in segments]
    produced_focus: list[PlaceMention] = []
    event_focus = False  # whether the focus comes from a clause that reported an event
    previous_clause_raws: list[_Raw] = []
    for position, (start, end) in enumerate(segments):
        clause = text[start:end]
        clause_triggers = [trigger for trigger in triggers if start <= trigger.start < end]
        fire_context = state.last_fire_type if number - state.last_fire_sentence <= 3 else None
        kinds = resolve_kinds(clause_triggers, clause, has_checkpoint_action, fire_context)
        if attempt_reported and _UNKNOWN_GUNMEN.search(clause):
            # "نجا من محاولة اغتيال بعد أن أطلق مجهولون النار على سيارته": the gunfire is the assassination.
            kinds = [(trigger, "assassination" if kind == "assault" and trigger.kind == "shooting" else kind)
                     for trigger, kind in kinds]
        chosen = segment_places[position]
        if kinds and not chosen and previous_clause_raws and all(trigger.definite for trigger, _ in kinds):
            kinds = []  # "ثم لاذوا بالفرار دون أن يسفر الهجوم عن إصابات": the event of the clause before, named again
        if chosen and chosen[0].role <= Role.QUALIFIER and not (kinds or event_focus):
            # A clause that reports nothing ("ما دفع العائلات في قرية X إلى المغادرة") is the focus of a later "the
            # town" only when no clause of the sentence reported an event.
            produced_focus = chosen
        if not kinds:
            if previous_clause_raws and start < suppressed_from:
                # "...، مضيفاً أن قتلى النظام بلغوا 20": a toll in a clause of its own belongs to the events before it.
                original_start, original_end = folded.to_original(start, end)
                extra = parse_casualties(sentence.text[original_start:original_end])
                if extra.killed is not None or extra.injured is not None:
                    combined = _add_casualties(previous_clause_raws[0].casualties, extra)
                    for raw in previous_clause_raws:
                        raw.casualties = combined
            continue
        if chosen and all(place.reason == "origin of the fire" for place in chosen) and _ANAPHOR.search(clause):
            chosen = []  # "سقطت على البلدة قذائف مصدرها كتيبة في X": the fire fell on the town referred back to
        chosen = _with_facility_anaphora(chosen, clause, state)
        if not chosen and not any(segment_places[:position]):
            antecedents = _reported_antecedents(kinds, clause, start, end, times, number, state)
            if antecedents:
                original_start, original_end = folded.to_original(start, end)
                toll = parse_casualties(sentence.text[original_start:original_end])
                # "وتزامن القصف مع ...": the definite word names the shelling already reported, its place and day.
                for antecedent in antecedents:
                    state.raws.append(_Raw(antecedent.event_type, antecedent.place, sentence, number, antecedent.date,
                                           antecedent.precision, toll, antecedent.actors,
                                           antecedent.weapons, len(state.raws), antecedent.role))
                continue
        if not chosen:
            chosen = _fallback_places(position, segment_places, clause, start, clause_triggers, sentence, places,
                                      state)
        if not chosen:
            continue
        # An event recalled in the pluperfect or in background prose is dated only by its own time words: it is
        # reported as having happened (GUIDELINES), on a day the running report does not give.
        date, precision, since = _choose_date(start, end, kinds, times,
                                              (None, "") if aside or pluperfect else state.running_date)
        original_start, original_end = folded.to_original(start, end)
        clause_text = sentence.text[original_start:original_end]
        casualties = parse_casualties(clause_text)
        if casualties.killed is None and any(kind == "assassination" for _, kind in kinds) and not (
            _ATTEMPT.search(clause) or _ATTEMPT.search(text)
        ):
            casualties = Casualties(1, casualties.injured, casualties.estimated)  # a targeted killing: one dead
        actors = find_actors(clause_text) or find_actors(sentence.text)
        weapons = find_weapons(clause_text) or find_weapons(sentence.text)
        seen: set[str] = set()
        previous_clause_raws = []
        places_of_kind = _places_by_nearest_trigger(kinds, chosen, start, end)
        for trigger, kind in kinds:
            if kind in seen:
                continue
            seen.add(kind)
            kind_date, kind_precision = (None, "") if kind == "siege" and trigger.state else (date, precision)
            if kind in ("siege", "checkpoint") and kind_date is None:
                kind_date, kind_precision = _imposition_day(text, times, kind_date, kind_precision)
            if since and kind != "siege" and kind_date != state.published_on:
                kind_date, kind_precision = None, ""  # went on since an earlier day: no single day
            for place in places_of_kind[kind]:
                raw = _Raw(kind, place, sentence, number, kind_date, kind_precision, casualties, actors, weapons,
                           len(state.raws), place.role)
                state.raws.append(raw)
                previous_clause_raws.append(raw)
            if kind in _FIRE_TYPES:
                state.last_fire_type, state.last_fire_sentence = kind, number
        if chosen[0].role <= Role.QUALIFIER:
            produced_focus = chosen
            event_focus = True
    if produced_focus:
        state.focus = _Focus(produced_focus, sentence, number, sentence.paragraph)
    running = [time for time in times if time.date is not None
               and not (time.vague or time.background or time.future or time.since)]
    if running and not (aside or pluperfect):
        state.running_date = (running[-1].date, running[-1].precision)


# Imposing a siege, setting up a checkpoint ("الحاجز الذي أقامته القوات الثلاثاء"), with any object pronoun.
_IMPOSED = _rx(r"(?<![\w])[وف]?(?:فرض\w*|يفرض\w*|تفرض\w*|أطبق\w*|ضرب\w*\s+طوق\w*|أقام\w*|يقيم\w*|تقيم\w*|"
               r"نصب\w*|ينصب\w*|تنصب\w*)(?![\w])")


def _in_story_year(expression: TimeExpression, state: _State) -> TimeExpression:
    """A day and month written without a year, in a story told about an earlier year ("فجر 23 آذار 2011 ... وفي
    الخامس والعشرين من نيسان"), is in the year of the story's running day, not of the publication."""
    running = state.running_date[0]
    if not expression.year_inferred or expression.date is None or running is None:
        return expression
    if abs((expression.date - running).days) <= 183:
        return expression
    candidates = [
        day for year in (running.year - 1, running.year, running.year + 1)
        if (day := _safe_day(year, expression.date.month, expression.date.day)) is not None
        and (state.published_on is None or day <= state.published_on)
    ]
    if not candidates:
        return expression
    nearest = min(candidates, key=lambda day: abs((day - running).days))
    return dataclasses.replace(expression, date=nearest)


def _safe_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _imposition_day(text: str, times: list[_FoldedTime], date: dt.date | None, precision: str
                    ) -> tuple[dt.date | None, str]:
    """A siege or checkpoint still in place is dated to when it was imposed or set up, when the sentence says so
    ("بعدما فرضت يوم الأحد طوقاً"، "لا يزال الحاجز الذي نصبته الفرقة الأحد")."""
    for match in _IMPOSED.finditer(text):
        for time in times:
            if (match.start() <= time.start <= match.end() + 40 and time.date is not None and not time.vague
                    and not time.future and time.precision == "day"):
                return time.date, time.precision
    return date, precision


def _reported_antecedents(kinds: list[tuple[Trigger, str]], clause: str, start: int, end: int,
                          times: list[_FoldedTime], number: int, state: _State) -> list[_Raw]:
    """The incidents a placeless clause refers back to with a definite event word (القصف، الاشتباكات), if any.

    Only when every event word of the clause is definite, the clause has no time word and no place word of its own
    (المدينة، فيها), and an incident of each type was reported in the last few sentences.
    """
    if not kinds or not all(trigger.definite for trigger, _ in kinds) or _ANAPHOR.search(clause):
        return []
    if any(start <= time.start < end for time in times):
        return []
    found = []
    for _, kind in kinds:
        recent = [raw for raw in state.raws if raw.event_type == kind and number - raw.sentence_index <= 3]
        if not recent:
            return []
        found.append(recent[-1])
    return found


def _places_by_nearest_trigger(kinds: list[tuple[Trigger, str]], chosen: list[PlaceMention], start: int,
                               end: int) -> dict[str, list[PlaceMention]]:
    """Which places each event type of a clause goes with.

    With several types and several places in one clause ("قصفت بلدة طفس واعتقلت شاباً في نوى"), a place goes with
    the nearest event word before it (or the first after it); a type left without a place takes its nearest place.
    """
    distinct = {kind for _, kind in kinds}
    inside = [place for place in chosen if start <= place.fstart < end]
    if len(distinct) < 2 or len(inside) < 2 or len(inside) != len(chosen):
        return {kind: list(chosen) for kind in distinct}
    assigned: dict[str, list[PlaceMention]] = {kind: [] for kind in distinct}
    for place in chosen:
        before = [(trigger, kind) for trigger, kind in kinds if trigger.start < place.fstart]
        after = [(trigger, kind) for trigger, kind in kinds if trigger.start >= place.fstart]
        _, kind = before[-1] if before else after[0]
        assigned[kind].append(place)
    for kind, places in assigned.items():
        if not places:
            positions = [trigger.start for trigger, other in kinds if other == kind]
            nearest = min(chosen, key=lambda place: min(abs(place.fstart - position) for position in positions))
            places.append(nearest)
    return assigned


def _add_casualties(first: Casualties, second: Casualties) -> Casualties:
    """The toll of two clauses about one event: separate victims add up."""
    return Casualties(
        _sum((first.killed, second.killed)), _sum((first.injured, second.injured)),
        first.estimated or second.estimated,
    )


def _negate(trigger: Trigger) -> Trigger:
    return Trigger(trigger.kind, trigger.start, trigger.end, trigger.definite, trigger.weak, trigger.state, True)


@dataclass(frozen=True)
class _FoldedTime:
    start: int
    end: int
    expression: TimeExpression
    since: bool = False  # "منذ مساء الجمعة": the start of something that went on

    @property
    def date(self) -> dt.date | None:
        return self.expression.date

    @property
    def precision(self) -> str:
        return self.expression.precision

    @property
    def vague(self) -> bool:
        return self.expression.vague

    @property
    def background(self) -> bool:
        return self.expression.background

    @property
    def future(self) -> bool:
        return self.expression.future


def _folded_time(expression: TimeExpression, folded: FoldedText) -> _FoldedTime:
    start = folded.to_folded(expression.start)
    since = bool(_SINCE_BEFORE.search(folded.folded[max(0, start - 12):start]))
    return _FoldedTime(start, folded.to_folded(expression.end), expression, since)


def _best_places(places: list[PlaceMention], start: int, end: int) -> list[PlaceMention]:
    """The mentions of a clause with the best role (all of them when several share it)."""
    inside = [place for place in places if start <= place.fstart < end and place.role != Role.DROPPED]
    if not inside:
        # Axes fold into the main place; a clause whose only place is an axis ("اشتباكات على محور X") is at X.
        return [place for place in places if start <= place.fstart < end and place.reason == "front-line axis"][:1]
    best = min(place.role for place in inside)
    return [place for place in inside if place.role == best]


def _register_facilities(places: list[PlaceMention], text: str, segments: list[tuple[int, int]], sentence: Sentence,
                         number: int, state: _State) -> None:
    """Remember where a facility introduced with its place is ("كتيبة الصواريخ داخل حي المنشية"), first one wins."""
    for start, end in segments:
        for match in _FACILITY_NOUN.finditer(text, start, end):
            if "ال" in match.group("pre"):
                continue
            located = [
                place for place in places
                if match.end() <= place.fstart < end and place.role == Role.TARGET
                and place.fstart - match.end() <= 60
            ]
            noun = match.group("noun")
            if located and noun not in state.facilities:
                state.facilities[noun] = ([located[0]], sentence, number)


def _with_facility_anaphora(chosen: list[PlaceMention], clause: str, state: _State) -> list[PlaceMention]:
    """Add the place of a facility referred back to ("الكتيبة") when the clause names no better place."""
    if chosen and chosen[0].role == Role.TARGET and len(chosen) > 1:
        return chosen
    for match in _FACILITY_NOUN.finditer(clause):
        if "ال" not in match.group("pre"):
            continue
        following = clause[match.end():match.end() + 3]
        if following.strip().startswith(tuple("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")) and not following.startswith(" و"):
            # "الكتيبة" followed by a name or adjective may be a new facility; only the bare word refers back.
            words_after = clause[match.end():].split()
            if words_after and not word_is(words_after[0], _FOLLOWERS_OF_BARE_FACILITY):
                continue
        registered = state.facilities.get(match.group("noun"))
        if registered:
            places = registered[0]
            if not chosen or chosen[0].role > Role.TARGET:
                return list(places)
            return chosen + [place for place in places if place.normalized not in {c.normalized for c in chosen}]
    return chosen


_FOLLOWERS_OF_BARE_FACILITY = frozenset(fold(word) for word in (
    "و", "في", "من", "على", "إلى", "بعد", "قبل", "خلال", "لأكثر", "لمدة", "حيث", "التي", "الذي", "وكافة", "وكامل",
    "المجاورة", "نفسها", "ذاتها", "بالكامل", "مجددا", "مجدداً", "إضافة", "بعد", "عقب", "تمكنت",
))


def _fallback_places(position: int, segment_places: list[list[PlaceMention]], clause: str, clause_start: int,
                     clause_triggers: list[Trigger], sentence: Sentence, sentence_places: list[PlaceMention],
                     state: _State) -> list[PlaceMention]:
    """Where a clause that names no place happened: an earlier clause's place, or the place referred back to."""
    anaphor = bool(_ANAPHOR.search(clause))
    definite = any(trigger.definite for trigger in clause_triggers if not trigger.negated)
    for other in range(position - 1, -1, -1):
        if segment_places[other]:
            return segment_places[other]
    if anaphor and any(place.fstart < clause_start and place.reason not in _NOT_ANTECEDENT
                       for place in sentence_places):
        return []  # "ويعيش ريف درعا الغربي ...، إذ تشهد المنطقة": the antecedent is in the sentence and places nothing
    focus = state.focus
    if focus is not None and (anaphor or definite) and sentence.paragraph - focus.paragraph <= 2:
        return [place for place in focus.places if place.role <= Role.QUALIFIER]
    if definite:
        # A definite event word may point at the clause that places it: "القصف أسفر عن ...، جراء القصف على X".
        for other in range(position + 1, len(segment_places)):
            if segment_places[other]:
                return segment_places[other]
    return []


def _choose_date(start: int, end: int, kinds: list[tuple[Trigger, str]], times: list[_FoldedTime],
                 running: tuple[dt.date | None, str]) -> tuple[dt.date | None, str, bool]:
    """The day of a clause's events: its own time words, else its sentence's, else the running day.

    The third value tells whether the day is the start of something that went on (منذ مساء الجمعة).
    """
    relevant = [time for time in times if not (time.background or time.future)]
    anchor = kinds[0][0].start if kinds else start
    inside = [time for time in relevant if start <= time.start < end]
    if inside:
        # The time word nearest before the event word governs it; else the first one after it.
        before = [time for time in inside if time.start <= anchor]
        chosen = before[-1] if before else inside[0]
        if chosen.vague or chosen.date is None:
            return None, "", False
        return chosen.date, chosen.precision, chosen.since
    # Else the time of an earlier clause of the sentence, else the day the report is on.
    before = [time for time in relevant if time.date is not None and not time.vague and not time.since
              and time.start < start]
    if before:
        return before[-1].date, before[-1].precision, False
    return running[0], running[1], False


# -- merging ------------------------------------------------------------------------------------------------------


@dataclass
class _Group:
    event_type: str
    key: str
    region: bool
    date: dt.date | None
    precision: str
    raws: list[_Raw]
    own: list[_Raw] = field(default_factory=list)  # the mentions of the group's own place (before merging)

    @property
    def first(self) -> _Raw:
        """The first mention of the group's own place: its evidence and place as written."""
        return min(self.own or self.raws, key=lambda raw: raw.order)


def _place_key(place: PlaceMention, aliases: dict[str, str] | None = None) -> str:
    """The same place however it is spelt ("خربة غزالة"، "خربة الغزالة"): its gazetteer place when the mention has
    only one, else the place another mention of the same name was narrowed to, else the name."""
    name = place.normalized or fold(place.text)
    if len(place.place_ids) == 1:
        return f"#{place.place_ids[0]}"
    return (aliases or {}).get(name, name)


def _merge(raws: list[_Raw], index: PlaceIndex, published_on: dt.date | None) -> list[ExtractedIncident]:
    """One incident per (type, place, day): undated mentions join the dated one, a city joins its quarter..."""
    groups: dict[tuple[str, str, bool, dt.date | None], _Group] = {}
    aliases: dict[str, str] = {}
    for raw in raws:
        if len(raw.place.place_ids) == 1:
            aliases.setdefault(raw.place.normalized or fold(raw.place.text), _place_key(raw.place))
    for raw in raws:
        region = raw.role == Role.REGION
        key = (raw.event_type, _place_key(raw.place, aliases), region, raw.date)
        if key not in groups:
            groups[key] = _Group(raw.event_type, key[1], region, raw.date, raw.precision, [], [])
        groups[key].raws.append(raw)
        groups[key].own.append(raw)
    merged = list(groups.values())
    merged = _merge_undated(merged)
    merged = _fold_containers(merged, index)
    merged = _assaults_met_by_resistance(merged)
    merged = _drop_vague_regions(merged)
    incidents = [_incident(group) for group in sorted(merged, key=lambda group: group.first.order)]
    return incidents


def _merge_undated(groups: list[_Group]) -> list[_Group]:
    """An undated mention of an event at a place joins the dated report of the same event there."""
    dated: dict[tuple[str, str, bool], _Group] = {}
    for group in sorted(groups, key=lambda group: group.first.order):
        if group.date is not None:
            dated.setdefault((group.event_type, group.key, group.region), group)
    kept = []
    for group in groups:
        target = dated.get((group.event_type, group.key, group.region))
        if group.date is None and target is not None:
            target.raws.extend(group.raws)
        else:
            kept.append(group)
    return kept


def _ancestors(index: PlaceIndex, place_id: Any) -> set[Any]:
    """Parent, grandparent... of a place in the index."""
    chain: set[Any] = set()
    current = place_id
    for _ in range(8):
        try:
            parent = index.place(current).parent_id
        except (KeyError, AttributeError):
            break
        if parent is None or parent in chain:
            break
        chain.add(parent)
        current = parent
    return chain


def _contains(index: PlaceIndex, outer: PlaceMention, inner: PlaceMention) -> bool:
    """Whether the place of one mention contains the other's (by the gazetteer's parents, or by the name)."""
    if _place_key(outer) == _place_key(inner):
        return False
    outer_ids = set(outer.place_ids)
    if outer_ids and any(outer_ids & _ancestors(index, place_id) for place_id in inner.place_ids):
        return True
    outer_name, inner_name = fold(outer.text), fold(inner.text)
    return inner_name.startswith(outer_name + " ") and not outer.kinds & ADMIN_KINDS


def _fold_containers(groups: list[_Group], index: PlaceIndex) -> list[_Group]:
    """Same event, same day: a city joins its named quarter, a facility joins its named settlement."""
    removed: set[int] = set()
    for i, group in enumerate(groups):
        if group.region:
            continue
        place = group.first.place
        for j, other in enumerate(groups):
            if i == j or j in removed or other.region or other.event_type != group.event_type:
                continue
            if other.date != group.date and other.date is not None and group.date is not None:
                continue
            other_place = other.first.place
            inner_is_site = other_place.role == Role.SITE or other_place.kinds <= {"site"}
            outer_is_site = place.role == Role.SITE or place.kinds <= {"site"}
            if _contains(index, place, other_place) and not inner_is_site and not outer_is_site:
                other.raws.extend(group.raws)  # the city into its quarter
                removed.add(i)
                break
            if _contains(index, other_place, place) and outer_is_site:
                other.raws.extend(group.raws)  # the facility into its settlement
                removed.add(i)
                break
    return [group for i, group in enumerate(groups) if i not in removed]


def _assaults_met_by_resistance(groups: list[_Group]) -> list[_Group]:
    """A storming attempt that met resistance is the clash at that place, not a separate assault."""
    clashes = [group for group in groups if group.event_type == "clash"]
    kept = []
    for group in groups:
        if group.event_type == "assault":
            partner = next(
                (clash for clash in clashes if clash.key == group.key and (
                    clash.date == group.date or clash.date is None or group.date is None)),
                None,
            )
            if partner is not None:
                partner.raws.extend(group.raws)
                continue
        kept.append(group)
    return kept


def _drop_vague_regions(groups: list[_Group]) -> list[_Group]:
    """A governorate or countryside is the place only of an incident that has no more precise place of its type."""
    precise_types = {group.event_type for group in groups if not group.region}
    return [group for group in groups if not (group.region and group.event_type in precise_types)]


def _incident(group: _Group) -> ExtractedIncident:
    """The incident of a merged group: first evidence, merged casualties, actors and weapons of all mentions."""
    first = group.first
    sentence = first.sentence
    place = first.place
    killed, injured, estimated = _merge_casualties(group.raws)
    actors: list[str] = []
    weapons: list[str] = []
    for raw in sorted(group.raws, key=lambda raw: raw.order):
        actors.extend(actor for actor in raw.actors if actor not in actors)
        weapons.extend(weapon for weapon in raw.weapons if weapon not in weapons)
    place_ids = place.place_ids
    for raw in group.raws:
        narrower = set(place_ids) & set(raw.place.place_ids)
        if narrower and len(narrower) < len(place_ids) and raw.place.normalized == place.normalized:
            place_ids = tuple(pid for pid in place_ids if pid in narrower)
    precision_hint = {Role.REGION: 3, Role.QUALIFIER: 2, Role.DEMONYM: 2, Role.HOMETOWN: 2}.get(first.role, 1)
    return ExtractedIncident(
        event_type=group.event_type,
        place_text=place.text,
        place_start=place.sentence_start + place.start,
        place_end=place.sentence_start + place.end,
        place_ids=place_ids,
        date=group.date,
        date_precision=group.precision if group.date is not None else "",
        evidence=sentence.text,
        evidence_start=sentence.start,
        evidence_end=sentence.end,
        actors=actors,
        weapons=weapons,
        killed=killed,
        injured=injured,
        casualties_estimated=estimated,
        geo_precision_hint=precision_hint,
    )


def _merge_casualties(raws: list[_Raw]) -> tuple[int | None, int | None, bool]:
    """Victims of the clauses of one sentence add up; repeated reports across sentences count once (the largest)."""
    per_sentence: dict[int, list[Casualties]] = {}
    seen_clauses: set[tuple[int, int | None, int | None]] = set()
    for raw in raws:
        marker = (raw.sentence_index, id(raw.casualties))
        if marker in seen_clauses:
            continue
        seen_clauses.add(marker)
        per_sentence.setdefault(raw.sentence_index, []).append(raw.casualties)
    killed: int | None = None
    injured: int | None = None
    estimated = False
    for values in per_sentence.values():
        sentence_killed = _sum(value.killed for value in values)
        sentence_injured = _sum(value.injured for value in values)
        if sentence_killed is not None and (killed is None or sentence_killed > killed):
            killed = sentence_killed
            estimated = estimated or any(value.estimated for value in values)
        if sentence_injured is not None and (injured is None or sentence_injured > injured):
            injured = sentence_injured
            estimated = estimated or any(value.estimated for value in values)
    return killed, injured, estimated


def _sum(values: Any) -> int | None:
    numbers = [value for value in values if value is not None]
    return sum(numbers) if numbers else None
