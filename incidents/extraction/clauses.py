"""Reading an article sentence by sentence, clause by clause: raw event mentions and what later sentences inherit."""

from __future__ import annotations

import datetime as dt

from . import lexicon
from .actors import find_actors
from .casualties import Casualties, parse_casualties
from .clause_dates import _choose_date, _folded_time, _imposition_day, _in_story_year, _rx
from .clause_places import (
    _ANAPHOR,
    _best_places,
    _fallback_places,
    _generic_attack_names_back,
    _places_by_nearest_trigger,
    _register_facilities,
    _reported_antecedents,
    _with_facility_anaphora,
)
from .dates import NEXT_DAY, find_time_expressions
from .events import (
    _KILLING,
    _UNKNOWN_GUNMEN,
    FIRE_TYPES,
    GOVERNING_CUES,
    LOCAL_CUES,
    Trigger,
    checkpoint_action,
    failed_storming_is_clash,
    find_triggers,
    incursion_drew_fire,
    motive_spans,
    resolve_kinds,
    split_segments,
)
from .merge import _sum
from .places import PlaceIndex, PlaceMention, Reason, Role, classify_mentions
from .records import _Focus, _Raw, _State
from .sentences import Sentence
from .textnorm import fold_with_offsets
from .weapons import find_weapons, weapon_name_spans

_ONGOING = lexicon.pattern("trends", "ongoing", proclitics=False)

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
             for expression in find_time_expressions(sentence.text, state.published_on,
                                                       year_floor=state.year_floor)]
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
            place.role, place.reason = Role.DROPPED, Reason.INSIDE_DEMAND
    _register_facilities(places, text, segments, sentence, number, state)

    attempt_reported = any(trigger.kind == "assassination" and not trigger.negated for trigger in triggers)
    just_assassinated = bool(state.raws) and state.raws[-1].event_type == "assassination" and (
        number - state.raws[-1].sentence_index <= 1)
    segment_places: list[list[PlaceMention]] = [_best_places(places, start, end) for start, end in segments]
    produced_focus: list[PlaceMention] = []
    event_focus = False  # whether the focus comes from a clause that reported an event
    previous_clause_raws: list[_Raw] = []
    for position, (start, end) in enumerate(segments):
        clause = text[start:end]
        clause_triggers = [trigger for trigger in triggers if start <= trigger.start < end]
        fire_context = state.last_fire_type if number - state.last_fire_sentence <= 3 else None
        kinds = resolve_kinds(clause_triggers, clause, has_checkpoint_action, fire_context)
        kinds = incursion_drew_fire(kinds, clause, text, triggers)
        kinds = failed_storming_is_clash(kinds, text)
        kinds = _generic_attack_names_back(kinds, text, number, state)
        if (attempt_reported and _UNKNOWN_GUNMEN.search(clause)) or (
                just_assassinated and _KILLING.search(clause)):
            # "نجا من محاولة اغتيال بعد أن أطلق مجهولون النار على سيارته": the gunfire is the assassination; so is
            # "أطلق مسلحون النار عليه أمام منزله ما أدى إلى مقتله" right after the assassination was reported.
            kinds = [(trigger, "assassination" if kind == "assault" and trigger.kind == "shooting" else kind)
                     for trigger, kind in kinds]
        chosen = segment_places[position]
        if kinds and chosen and chosen[0].role == Role.REGION and _ONGOING.search(clause):
            continue  # "لا تزال محافظة درعا تشهد اشتباكات": a state of a whole region, no distinct incident
        if kinds and chosen and chosen[0].role == Role.HOMETOWN:
            # "في محيط قرية X، حيث دارت اشتباكات أدت إلى مقتل Y، وهو ينحدر من مدينة Z": a home town is the place only
            # when no other location is given; the sentence gave one before.
            located = [places for places in segment_places[:position] if places and places[0].role < Role.HOMETOWN]
            if located:
                chosen = located[-1]
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
        if chosen and all(place.reason is Reason.ORIGIN_OF_FIRE for place in chosen) and _ANAPHOR.search(clause):
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
                                           antecedent.weapons, len(state.raws), antecedent.role,
                                           "definite word names an earlier report"))
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
                rule = f"trigger {trigger.kind}" + (f" as {kind}" if kind != trigger.kind else "")
                raw = _Raw(kind, place, sentence, number, kind_date, kind_precision, casualties, actors, weapons,
                           len(state.raws), place.role, rule)
                state.raws.append(raw)
                previous_clause_raws.append(raw)
            if kind in FIRE_TYPES:
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
    elif any(time.precision == NEXT_DAY for time in times) and state.running_date[1] == "day":
        # "وفي اليوم التالي ...": the report moves on a day, for this sentence and the ones that continue it.
        state.running_date = (state.running_date[0] + dt.timedelta(days=1), "day")


def _add_casualties(first: Casualties, second: Casualties) -> Casualties:
    """The toll of two clauses about one event: separate victims add up."""
    return Casualties(
        _sum((first.killed, second.killed)), _sum((first.injured, second.injured)),
        first.estimated or second.estimated,
    )


def _negate(trigger: Trigger) -> Trigger:
    return Trigger(trigger.kind, trigger.start, trigger.end, trigger.definite, trigger.weak, trigger.state, True)
