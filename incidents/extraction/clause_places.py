"""Where a clause's events happened: its best places, facilities and places referred back to, earlier reports."""

from __future__ import annotations

from . import lexicon
from .clause_dates import _FoldedTime, _rx
from .events import FIRE_TYPES, Trigger
from .places import PlaceMention, Reason, Role, word_is
from .records import _Raw, _State
from .sentences import Sentence
from .textnorm import fold

_ANAPHOR = _rx(
    r"(?<![\w])[وفبل]?(?:ال|لل)(?:مدينة|بلدة|قرية|منطقة|حي|أحياء|مخيم|بلدتين|قريتين)(?![\w])"
    r"|(?<![\w])[وفبل]?(?:فيها|عليها|إليها|منها|هناك|ذاتها|نفسها|داخلها|محيطها)(?![\w])"
    # "القوات المقتحمة": the forces of the storming just reported, so the place of that report.
    r"|(?<![\w])[وفبل]?(?:ال|لل)(?:مقتحمة|مداهمة|مهاجمة|مهاجمين|مقتحمين|مهاجمون)(?![\w])"
)
# Places dropped for these reasons are not antecedents: they name a reporter, an outlet or an organisation.
_NOT_ANTECEDENT = (Reason.SOURCE, Reason.MEDIA_OUTLET, Reason.ORGANISATION)
_FACILITY_NOUN = _rx(
    r"(?<![\w])(?P<pre>[وفبل]?(?:ال|لل)?)(?P<noun>كتيبة|مقر|حاجز|مفرزة|ثكنة|فرع|مطار|فوج|لواء|سجن|مشفى|مسجد|جامع|"
    r"مدرسة|قاعدة|نقطة|سرية)(?![\w])"
)


def _best_places(places: list[PlaceMention], start: int, end: int) -> list[PlaceMention]:
    """The mentions of a clause with the best role (all of them when several share it)."""
    inside = [place for place in places if start <= place.fstart < end and place.role != Role.DROPPED]
    if not inside:
        # Axes fold into the main place; a clause whose only place is an axis ("اشتباكات على محور X") is at X.
        return [place for place in places if start <= place.fstart < end and place.reason is Reason.FRONT_LINE_AXIS][:1]
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


_ON_ARRIVAL = ("arrest", "checkpoint", "siege", "assault")  # what forces sent to a place go on to do there


def _fallback_places(position: int, segment_places: list[list[PlaceMention]], clause: str, clause_start: int,
                     clause_triggers: list[Trigger], sentence: Sentence, sentence_places: list[PlaceMention],
                     state: _State) -> list[PlaceMention]:
    """Where a clause that names no place happened: an earlier clause's place, or the place referred back to."""
    anaphor = bool(_ANAPHOR.search(clause))
    definite = any(trigger.definite for trigger in clause_triggers if not trigger.negated)
    for other in range(position - 1, -1, -1):
        if segment_places[other]:
            return segment_places[other]
    live = [trigger.start for trigger in clause_triggers if not trigger.negated and trigger.kind in _ON_ARRIVAL]
    arrived = [place for place in sentence_places
               if live and place.fstart < min(live) and place.reason is Reason.REINFORCEMENTS]
    if arrived and not definite and not anaphor:
        # "انتشر عناصر الأمن بعد استقدام تعزيزات في نوى وجاسم، وقاموا بحملة مداهمات": what the forces sent there then
        # did, in a clause of its own, happened where they arrived (the arrival itself is no incident).
        return arrived
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


_GENERIC_ATTACK = lexicon.pattern("event_anaphora", "generic_attack", proclitics=False, anchored=True)


def _generic_attack_names_back(kinds: list[tuple[Trigger, str]], text: str, number: int,
                               state: _State) -> list[tuple[Trigger, str]]:
    """"قتلى الهجوم، الذي وقع في حي X": a definite generic attack word names the act last reported in the two sentences
    before (a shelling, an air strike, a blast): the clause's place gets that act's type, not an assault (one type per
    act)."""
    if not kinds or not all(kind == "assault" and trigger.definite and _GENERIC_ATTACK.match(
            text[trigger.start:trigger.end]) for trigger, kind in kinds):
        return kinds
    before = [raw for raw in state.raws if 1 <= number - raw.sentence_index <= 2]
    if not before or before[-1].event_type not in (*FIRE_TYPES, "explosion"):
        return kinds
    return [(trigger, before[-1].event_type) for trigger, _ in kinds]


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
        before = [trigger for trigger, _ in kinds if trigger.start < place.fstart]
        after = [trigger for trigger, _ in kinds if trigger.start >= place.fstart]
        nearest = before[-1] if before else after[0]
        # One event word can carry two types ("القصف من المدفعية والطيران"): the place goes with both.
        for kind in {kind for trigger, kind in kinds if trigger is nearest}:
            assigned[kind].append(place)
    for kind, places in assigned.items():
        if not places:
            positions = [trigger.start for trigger, other in kinds if other == kind]
            nearest = min(chosen, key=lambda place: min(abs(place.fstart - position) for position in positions))
            places.append(nearest)
    return assigned
