"""The role of each place mention in a sentence: where something happened, or only a qualifier, source, venue..."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import lru_cache
from typing import Any, Protocol

from . import lexicon
from .prefilter import compile_guarded
from .textnorm import FoldedText, fold

ADMIN_KINDS = frozenset({"governorate", "district", "subdistrict"})
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "quarter", "camp"})


class Role(IntEnum):
    """How a place mention relates to the events of its clause; lower is a better incident place."""

    TARGET = 0  # where it happened
    DEMONYM = 1  # the home of the actors (أبناء صيدا) - the place when nothing better is named
    SITE = 2  # a facility or base found in the gazetteer, placed at its settlement when that is named
    FACILITY_NAME = 3  # the name of a checkpoint or unit (حاجز المساكن)
    HOMETOWN = 4  # a victim's home town (شاب من بلدة X): the place only when no other location is given
    QUALIFIER = 5  # a reference for a direction (شرقي درعا)
    REGION = 6  # a governorate or countryside (ريف درعا): the place only of a distinct incident
    DROPPED = 9  # not where anything happened: an organisation, a source, a venue, a motive, an axis, a target afar


class Reason(StrEnum):
    """Why a place mention has its role, as the provenance of a record states it; ``{}`` is the place it names."""

    WEAPON_NAME = "weapon name"
    MEDIA_OUTLET = "media outlet name"
    ORGANISATION = "organisation name"
    HOSPITAL = "hospital"
    RESIDENCE = "residence"
    AIRSPACE = "airspace"
    VENUE = "venue"
    REINFORCEMENTS = "reinforcements"
    SOURCE = "source of the report"
    APPROACH_AXIS = "approach axis"
    FRONT_LINE_AXIS = "front-line axis"
    FRONT_LINE_AXIS_LIST = "front-line axis list"
    MOVE_TARGET = "target of a move towards it"
    MOTIVE = "motive"
    OTHER_SIDE_OF_BORDER = "the other side of a border"
    DETAINEES_TAKEN_TO = "where detainees were taken"
    JOURNEY_END = "start or end of a journey"
    DISPLACEMENT_END = "start or end of a displacement"
    ORIGIN_OF_FIRE = "origin of the fire"
    ORIGIN_OF_FORCE = "origin of the force"
    COUNTRYSIDE = "countryside only"
    REGION_DUAL = "region-dual"
    REGION = "region"
    ADMIN_UNIT = "administrative unit"
    SECOND_OF_BETWEEN_THE_TOWN = "second end of 'between the town and ...'"
    FACILITY_AT_SETTLEMENT = "facility placed at its settlement"
    DIRECTION_REFERENCE = "direction reference"
    HOMETOWN = "home town of a person"
    HOME_OF_ACTORS = "home of the actors"
    FACILITY_NAME = "name of a facility"
    FACILITY = "facility"
    SCENE = "scene of the sentence"
    INSIDE_DEMAND = "inside a demand, denial or threat"
    SECOND_OF_BETWEEN = "second end of 'between {} and ...'"
    LOCATES = "locates {}"
    ROAD_THROUGH = "names the road through {}"


class MentionLike(Protocol):
    """What the extractor needs of a name index's mention (gazetteer.resolver.Mention)."""

    start: int
    end: int
    text: str
    normalized: str
    place_ids: tuple


class PlaceIndex(Protocol):
    """What the extractor needs of a name index (gazetteer.resolver.NameIndex)."""

    def find_mentions(self, text: str) -> list[Any]: ...  # noqa: D102

    def place(self, place_id: Any) -> Any: ...  # noqa: D102

    def named_inside(self, place_id: Any, normalized_name: str) -> bool: ...  # noqa: D102


@dataclass
class PlaceMention:
    """A place mention of a sentence with its role; start/end index the sentence, fstart/fend its folded form."""

    start: int
    end: int
    fstart: int
    fend: int
    text: str
    normalized: str
    place_ids: tuple
    kinds: frozenset[str]
    role: Role = Role.TARGET
    reason: Reason | None = None
    reason_of: str = ""  # the other place a reason names ("locates X")
    # A locality that the gazetteer keeps only inside the unit of its one place id: neither that unit nor a container.
    inside: bool = False
    # Where the mention's sentence starts in the article: a place reused by a later sentence keeps its own offsets.
    sentence_start: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        """The reason for the role in words, "" when the role needs none."""
        return self.reason.format(self.reason_of) if self.reason else ""


def _words(*groups: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(word) for group in groups for word in group)


def _cues(*kinds: str) -> frozenset[str]:
    """The folded words of some kinds of lexicon/place_cues.tsv."""
    return _words(lexicon.forms("place_cues", *kinds))


# The generic word before a name (بلدة، مدينة); a city word or a town word also narrows the name's candidates.
GENERIC_WORDS = _cues("generic", "city", "town")
_CITY_WORDS = _cues("city")
_TOWN_WORDS = _cues("town")
# An organisation's name (تجمع أحرار حوران), also an office named after its area: "محافظ درعا"، "قائد شرطة القنيطرة".
_ORG_WORDS = _cues("organisation")
_PREPOSITIONS = _cues("preposition")
_HOSPITAL_WORDS = _cues("hospital")
_VENUE_WORDS = _cues("venue")
_SOURCE_WORDS = _cues("source")
# "أفاد مراسلنا بوقوع دمار في X": a word that opens what the source reported; a place after it is in the report,
# not where the source is.
_REPORT_CONTENT_WORDS = _words(lexicon.forms("report_content"))
_BASE_WORDS = _words(lexicon.forms("origin_bases"))  # "من قاعدة X": where a force sets out from
_HOMETOWN_VERBS = _words(lexicon.forms("hometown_verbs"))  # "ينحدر من": where a person comes from
_AXIS_WORDS = _cues("axis")
# "من جهة X"، "عبر مناطق X": where the forces came from (the two words before the name, the article stripped).
_AXIS_PAIRS = {tuple(fold(word) for word in phrase.split()) for phrase in lexicon.forms("place_cues", "approach")}
# "وصلت تعزيزات من X إلى Y": a clause about forces sent, with no event word before the place, places nothing.
_REINFORCEMENT_WORDS = _cues("reinforcement")
# "نحو X", and "الطريق المؤدي إلى X": X is where the move or the road heads, not where anything happened.
_TOWARDS_WORDS = _cues("towards")
# "تحليق في أجواء X": X only lies under the flight.
_AIRSPACE_WORDS = _cues("airspace")
# "استشهد رجل من بلدة X", "مقاتل من مدينة X": the victim's home town, the place only when nothing else is named.
_PERSON_WORDS = _cues("person")
# "تقيم حاليا في مخيم X"، "يعيش في Y": where a person lives now, named in passing.
_RESIDENCE_WORDS = _cues("residence")
# "الحدود مع الأردن": the place after مع is across the border.
_BORDER_WORDS = _cues("border")
# "أثناء عودته من دمشق"، "منعوا من الخروج إلى مدينة درعا": where a journey started or was headed, not where the
# event happened.
_JOURNEY_WORDS = _cues("journey")
# "تسببت المعارك بنزوح مئات العائلات من بلدتي X وY": where people fled from or to; displacement is no incident.
_DISPLACEMENT_WORDS = _cues("displacement")
# "اقتادوهم إلى فرع الأمن في X": where detainees were taken, not where they were seized.
_TAKEN_WORDS = _cues("taken")
# "أطلقت قذائف باتجاه X": a firing word before a towards word keeps X the target.
_FIRING_WORDS = _cues("firing")
_COUNTRYSIDE_WORDS = _cues("countryside")
_REGION_WORDS = _cues("region", "region_dual")
_REGION_DUAL_WORDS = _cues("region_dual")
_DIRECTION_WORDS = _cues("direction")
_DIRECTION_FEMININE = _cues("direction_adjective")
_DEMONYM_WORDS = _cues("demonym")
_FACILITY_WORDS = _cues("facility")
# "قوات النظام المتمركزة في إزرع": the origin of the fire.
_ORIGIN_WORDS = _cues("origin")
_POSITION_WORDS = _cues("position")
# "X في Y"، "X التابعة لY"; "تل أحمر الغربي القريب من بلدة X": the adjective places the named spot near X.
_LOCATOR_WORDS = _cues("locator")
_LOCATOR_FILLERS = _cues("locator_filler")
# "حوران الإخبارية"، "شبكة درعا الإعلامية": a media outlet's name.
_OUTLET_AFTER = compile_guarded(fold(r"[\"”»']?\s*") + "(?:" + lexicon.alternation("place_cues", "outlet_suffix")
                           + r")(?![\w])")
_CLAUSE_MARKS = "،,؛;.:!?؟"
_CLAUSE_BREAK = compile_guarded(f"[{_CLAUSE_MARKS}]")
_WORD = re.compile(r"\w+")
_PROCLITIC_PAIRS = ("وب", "ول", "فب", "فل", "وك", "وف")


@lru_cache(maxsize=1 << 15)
def word_is(token: str, words: frozenset[str]) -> bool:
    """True when a folded token is one of the words, allowing و ف ب ل ك and ال/لل before it."""
    # Memoized (a frozenset hashes once): every mention asks it of the same few words against the same lists.
    if token in words:
        return True
    candidates = []
    if len(token) > 2 and token[0] in "وفبلك":
        candidates.append(token[1:])
    if len(token) > 3 and token[:2] in _PROCLITIC_PAIRS:
        candidates.append(token[2:])
    for candidate in list(candidates) + [token]:
        if candidate.startswith("ال") and len(candidate) > 3:
            candidates.append(candidate[2:])
        if candidate.startswith("لل") and len(candidate) > 3:
            candidates.append(candidate[2:])
            candidates.append("ال" + candidate[2:])
    return any(candidate in words for candidate in candidates)


def _kinds_of(index: PlaceIndex, place_ids: Iterable[Any], normalized: str) -> frozenset[str]:
    kinds = set()
    for place_id in place_ids:
        try:
            # A locality the gazetteer keeps only inside a unit is a village of it, not the unit.
            kinds.add("village" if _named_inside(index, place_id, normalized) else index.place(place_id).kind)
        except (KeyError, AttributeError):
            continue
    return frozenset(kinds)


def _named_inside(index: PlaceIndex, place_id: Any, normalized: str) -> bool:
    try:
        return index.named_inside(place_id, normalized)
    except (KeyError, AttributeError):
        return False


def _narrow(index: PlaceIndex, place_ids: tuple, keep: frozenset[str] | None, drop: frozenset[str] = frozenset()
            ) -> tuple:
    """The candidate ids of the wanted kinds (or without the unwanted ones), all of them when none is left."""
    chosen = []
    for place_id in place_ids:
        try:
            kind = index.place(place_id).kind
        except (KeyError, AttributeError):
            chosen.append(place_id)
            continue
        if (keep is None or kind in keep) and kind not in drop:
            chosen.append(place_id)
    return tuple(chosen) or place_ids


def classify_mentions(
    folded: FoldedText,
    mentions: Sequence[MentionLike],
    index: PlaceIndex,
    *,
    blocked_spans: Sequence[tuple[int, int]] = (),
    motive_spans: Sequence[tuple[int, int]] = (),
    trigger_spans: Sequence[tuple[int, int]] = (),
) -> list[PlaceMention]:
    """Place mentions of a sentence (offsets in the sentence) with their role for incident placing."""
    text = folded.folded
    result: list[PlaceMention] = []
    for mention in mentions:
        fstart = folded.to_folded(mention.start)
        fend = folded.to_folded(mention.end)
        place_ids = tuple(mention.place_ids)
        item = PlaceMention(mention.start, mention.end, fstart, fend, mention.text, mention.normalized, place_ids,
                            _kinds_of(index, place_ids, mention.normalized))
        item.inside = len(place_ids) == 1 and _named_inside(index, place_ids[0], mention.normalized)
        _assign_role(item, text, result, index, blocked_spans, motive_spans, trigger_spans)
        result.append(item)
    _inherit_list_roles(result, text)
    _demote_leading_header(result, text)
    return result


def _clause_words(text: str, position: int) -> list[tuple[str, int]]:
    """The words (with their folded offsets) of the clause before a position, nearest last."""
    clause_start = max(text.rfind(mark, 0, position) for mark in _CLAUSE_MARKS) + 1  # 0 when there is none
    return [(match.group(0), match.start()) for match in _WORD.finditer(text, clause_start, position)]


def _assign_role(
    item: PlaceMention,
    text: str,
    previous: list[PlaceMention],
    index: PlaceIndex,
    blocked_spans: Sequence[tuple[int, int]],
    motive_spans: Sequence[tuple[int, int]],
    trigger_spans: Sequence[tuple[int, int]],
) -> None:
    """Decide the role of one mention from the words before and after it."""
    start, end = item.fstart, item.fend

    def drop(reason: Reason, of: str = "") -> None:
        item.role, item.reason, item.reason_of = Role.DROPPED, reason, of

    def trigger_between(position: int) -> bool:
        return any(position <= span_start and span_end <= start for span_start, span_end in trigger_spans)

    if any(start < span_end and span_start < end for span_start, span_end in blocked_spans):
        return drop(Reason.WEAPON_NAME)
    if re.match(r"\s*\d", text[end:end + 4]) and not re.search(r"\d", item.text):
        return drop(Reason.MEDIA_OUTLET)  # "درعا 24"
    if _OUTLET_AFTER.match(text[end:end + 20]):
        return drop(Reason.MEDIA_OUTLET)  # "حوران الإخبارية"، "شبكة درعا الإعلامية"
    spans = _clause_words(text, start)
    words = [word for word, _ in spans]
    last = words[-1] if words else ""
    # An organisation's name: تجمع أحرار حوران، فرقة فلوجة حوران، مجلس محافظة درعا.
    for distance in (1, 2):
        if len(words) >= distance and word_is(words[-distance], _ORG_WORDS) and not _definite(words[-distance]):
            between = words[len(words) - distance + 1:]
            if not any(word_is(word, _PREPOSITIONS) or word_is(word, GENERIC_WORDS) for word in between):
                return drop(Reason.ORGANISATION)
    if any(word_is(word, _HOSPITAL_WORDS) for word in _skip_generic(words)[-4:]):
        return drop(Reason.HOSPITAL)  # "نقلوا إلى مشفى ميداني في بلدة X"
    if any(word_is(word, _RESIDENCE_WORDS) for word in _skip_generic(words)[-4:]):
        return drop(Reason.RESIDENCE)
    if any(word_is(word, _AIRSPACE_WORDS) for word in _skip_generic(words)[-2:]):
        return drop(Reason.AIRSPACE)
    for word, position in spans[-6:]:
        if word_is(word, _VENUE_WORDS) and not trigger_between(position):
            return drop(Reason.VENUE)
    for word, _position in spans[-12:]:
        if word_is(word, _REINFORCEMENT_WORDS) and not trigger_between(spans[0][1]):
            return drop(Reason.REINFORCEMENTS)  # "وصلت تعزيزات من X إلى Y": forces moved, nothing happened there
    bare = _skip_generic(words)
    if bare and bare[-1] in (fold("من"), fold("في")):
        for word, position in spans[-8:-1]:
            # "اغتال مجهولون القيادي X في Y": right after an event word, a قيادي is its victim, not a source.
            victim = any(span_end <= position and position - span_end <= 25 for _, span_end in trigger_spans)
            reported = any(word_is(later, _REPORT_CONTENT_WORDS) for later, later_position in spans
                           if later_position > position)
            if word_is(word, _SOURCE_WORDS) and not trigger_between(position) and not victim and not reported:
                return drop(Reason.SOURCE)
    if bare and word_is(bare[-1], _AXIS_WORDS):
        if fold("من") in bare[-3:-1]:
            return drop(Reason.APPROACH_AXIS)  # "تقدم من عدة محاور (X، Y)": where the forces came from
        return drop(Reason.FRONT_LINE_AXIS)
    if len(words) >= 2 and (words[-2], _strip(words[-1])) in _AXIS_PAIRS:
        return drop(Reason.APPROACH_AXIS)  # "من جهة X": where the forces came from
    opening = text.rfind("(", 0, start)
    if opening >= 0 and ")" not in text[opening:start] and start - opening < 60:
        before_parenthesis = re.findall(r"\w+", text[max(0, opening - 40):opening])[-2:]
        if any(word_is(word, _AXIS_WORDS) for word in before_parenthesis):
            return drop(Reason.FRONT_LINE_AXIS_LIST)  # "من عدة محاور (الصوامع، طريق السد)"
    for offset, (word, position) in enumerate(reversed(spans)):
        if word_is(word, _TOWARDS_WORDS):
            if trigger_between(position + len(word)):
                break
            before_cue = words[max(0, len(words) - offset - 5):len(words) - offset - 1]
            if any(word_is(other, _FIRING_WORDS) for other in before_cue):
                break
            return drop(Reason.MOVE_TARGET)
    if any(span_start <= start < span_end for span_start, span_end in motive_spans):
        return drop(Reason.MOTIVE)
    listed = bare[:-1] if bare and bare[-1] == "و" else bare
    for back in (1, 2):  # "الحدود مع الأردن والجولان": the next item of the list is across the border too
        if len(listed) > back and listed[-back] == fold("مع") and word_is(listed[-back - 1], _BORDER_WORDS) and (
                back == 1 or bare[-1] == "و"):
            return drop(Reason.OTHER_SIDE_OF_BORDER)  # "قرب الشريط الفاصل مع الجولان": the strike fell this side
    for back, (word, position) in enumerate(reversed(spans[-8:-1]), start=2):
        taken_to = fold("إلى") in words[len(words) - back + 1:]
        if word_is(word, _TAKEN_WORDS) and taken_to and not trigger_between(position + len(word)):
            return drop(Reason.DETAINEES_TAKEN_TO)  # "اقتادوهم إلى فرع الأمن في X": not where they were seized
    if len(bare) >= 2 and bare[-1] in (fold("من"), fold("إلى"), fold("الى"), fold("نحو")) and word_is(
            bare[-2], _JOURNEY_WORDS):
        return drop(Reason.JOURNEY_END)
    if bare and bare[-1] in (fold("من"), fold("إلى"), fold("الى"), fold("نحو"), fold("باتجاه")):
        for word, position in spans[-6:-1]:
            if word_is(word, _DISPLACEMENT_WORDS) and not trigger_between(position + len(word)):
                return drop(Reason.DISPLACEMENT_END)
    if any(word_is(word, _ORIGIN_WORDS) and not trigger_between(position)
           and not any(position < other.fstart for other in previous)
           for word, position in spans[-7:]) or _fired_from_positions(words):
        item.role, item.reason = Role.QUALIFIER, Reason.ORIGIN_OF_FIRE  # "قوات النظام المتمركزة في إزرع"
        return None
    if len(bare) >= 2 and bare[-2] == fold("من") and word_is(bare[-1], _BASE_WORDS):
        item.role, item.reason = Role.QUALIFIER, Reason.ORIGIN_OF_FORCE  # "توغلت دورية من قاعدة X باتجاه Y"
        return None
    if last and word_is(last, _COUNTRYSIDE_WORDS):
        return drop(Reason.COUNTRYSIDE)  # "ريف درعا الغربي" alone places nothing
    if last and word_is(last, _REGION_WORDS):
        item.role, item.reason = Role.REGION, (
            Reason.REGION_DUAL if word_is(last, _REGION_DUAL_WORDS) else Reason.REGION)
        item.place_ids = _narrow(index, item.place_ids, ADMIN_KINDS | {"region"})
        item.kinds = _kinds_of(index, item.place_ids, item.normalized)
        return None
    if item.kinds and item.kinds <= ADMIN_KINDS:
        item.role, item.reason = Role.REGION, Reason.ADMIN_UNIT
        return None

    if previous and _second_of_between(previous[-1], text, start):
        return drop(Reason.SECOND_OF_BETWEEN, previous[-1].text)
    if _BETWEEN_ANAPHOR.search(text[max(0, start - 40):start]):
        return drop(Reason.SECOND_OF_BETWEEN_THE_TOWN)  # the town referred back to is the place
    located = _locator_of(item, text, previous)
    if located is not None:
        # A facility, or a crossing said to be inside a settlement ("مبنى الجمرك القديم في درعا البلد"), is placed
        # at that settlement; a crossing or hill with no settlement named stays itself.
        facility = located.role in (Role.SITE, Role.FACILITY_NAME) or (
            located.role == Role.TARGET and located.kinds and located.kinds <= {"site", "crossing"}
            and bool(item.kinds & SETTLEMENT_KINDS))
        if facility:
            located.role, located.reason = Role.DROPPED, Reason.FACILITY_AT_SETTLEMENT
            item.notes.append(f"facility {located.text}")
        else:
            return drop(Reason.LOCATES, located.text)
    if last and word_is(last, _ROAD_WORDS) and previous and _names_road_of(previous[-1], text, start):
        return drop(Reason.ROAD_THROUGH, previous[-1].text)  # "في حي المخيم على طريق الرمثا"
    generic_before = last if last and word_is(last, GENERIC_WORDS) else ""
    if last and (word_is(last, _DIRECTION_WORDS) or (len(words) >= 2 and word_is(words[-2], _DIRECTION_WORDS)
                                                   and word_is(last, GENERIC_WORDS))) and not _part_of_place(words):
        item.role, item.reason = Role.QUALIFIER, Reason.DIRECTION_REFERENCE
    elif len(bare) >= 3 and word_is(bare[-1], _DEMONYM_WORDS) and bare[-2] == fold("من") and (
        word_is(bare[-3], _PERSON_WORDS)
    ):
        item.role, item.reason = Role.HOMETOWN, Reason.HOMETOWN  # "شابين من أبناء بلدة X"
    elif bare and word_is(bare[-1], _DEMONYM_WORDS):
        item.role, item.reason = Role.DEMONYM, Reason.HOME_OF_ACTORS
    elif len(bare) >= 2 and bare[-1] == fold("من") and (
        word_is(bare[-2], _PERSON_WORDS) or (len(bare) >= 3 and word_is(bare[-3], _PERSON_WORDS))
    ):
        item.role, item.reason = Role.HOMETOWN, Reason.HOMETOWN
    elif len(bare) >= 2 and bare[-1] == fold("من") and word_is(bare[-2], _HOMETOWN_VERBS):
        item.role, item.reason = Role.HOMETOWN, Reason.HOMETOWN  # "وهو ينحدر من مدينة X"
    elif bare == [fold("من")] and _apposition(text, spans[0][1] if spans else start, end):
        # "الشاب أحمد الزعبي، من مدينة طفس، استشهد ...": the home town set off by commas after a person's name.
        item.role, item.reason = Role.HOMETOWN, Reason.HOMETOWN
    elif last and word_is(last, _FACILITY_WORDS):
        item.role, item.reason = Role.FACILITY_NAME, Reason.FACILITY_NAME
    elif item.kinds and item.kinds <= {"site"}:
        item.role, item.reason = Role.SITE, Reason.FACILITY
    if generic_before and word_is(generic_before, _CITY_WORDS):
        item.place_ids = _narrow(index, item.place_ids, SETTLEMENT_KINDS | {"site"})
    elif generic_before and word_is(generic_before, _TOWN_WORDS):
        item.place_ids = _narrow(index, item.place_ids, SETTLEMENT_KINDS)
    else:
        item.place_ids = _narrow(index, item.place_ids, None, ADMIN_KINDS)
    item.kinds = _kinds_of(index, item.place_ids, item.normalized)
    return None


def _definite(word: str) -> bool:
    """"الجيش"، "والمجلس": a definite noun, which cannot head a name in a construct ("جيش الثورة")."""
    return bool(re.match(fold(r"^[وف]?(?:ال|بال|لل)"), word))


def _fired_from_positions(words: list[str]) -> bool:
    """"من مواقعها"، "من مواقع الفرقة الرابعة في X": X is where the fire came from, not where it fell."""
    for back in range(2, min(len(words), 7) + 1):
        if words[-back] == fold("من") and word_is(words[-back + 1], _POSITION_WORDS):
            between = words[len(words) - back + 2:]
            return all(not word_is(word, _PREPOSITIONS) or word == fold("في") for word in between)
    return False


_ROAD = compile_guarded(fold(r"(?<![\w])[وفبل]?(?:ال)?(?:طريق|أوتوستراد|اوتوستراد|طرق)\s+$"))
# "على الطرق الواصلة بين المدينة وبلدتي X وY": the first end is the town already named.
_BETWEEN_ANAPHOR = compile_guarded(fold(
    r"(?<![\w])بين\s+(?:ال)(?:مدينة|بلدة|قرية|منطقة)\s+و(?:(?:ال)?(?:مدينة|بلدة|قرية|بلدتي|قريتي|مدينتي|بلدات|قرى)\s+)?$"
))
_BETWEEN = compile_guarded(fold(r"(?<![\w])بين\s+(?:(?:مدينتي|بلدتي|قريتي|حيي|مدينة|بلدة|قرية|حي)\s+)?$"))


def _second_of_between(first: PlaceMention, text: str, start: int) -> bool:
    """True for Y in "بين X و Y" and "طريق X – Y" (the road, the clashes between two places): the place is X."""
    between = text[first.fend:start]
    if _ROAD.search(text[max(0, first.fstart - 30):first.fstart]) and re.fullmatch(r"\s*[-–—]\s*", between):
        return True
    if not _BETWEEN.search(text[max(0, first.fstart - 30):first.fstart]):
        return False
    tokens = re.findall(r"\w+", between)
    return bool(tokens) and tokens[0].startswith("و") and all(
        token == "و" or word_is(token, GENERIC_WORDS) for token in tokens
    ) and not re.search(r"[.!?؟؛،,]", between)


def _strip(word: str) -> str:
    return word[2:] if word.startswith("ال") else word


_PART_NOUNS = _cues("part")


def _part_of_place(words: list[str]) -> bool:
    """"المدخل الشمالي لمدينة X"، "الأحياء الغربية من X": a definite direction adjective names a part of X."""
    trimmed = _skip_generic(words)
    if trimmed and trimmed[-1] in (fold("من"), fold("في")):
        trimmed = trimmed[:-1]
    if len(trimmed) < 2:
        return False
    direction = trimmed[-1]
    plain = direction[1:] if direction[:1] in "ل" and direction[1:3] == "ال" else direction
    return plain.startswith("ال") and word_is(plain, _DIRECTION_WORDS | _DIRECTION_FEMININE) and word_is(
        trimmed[-2], _PART_NOUNS)


def _skip_generic(words: list[str]) -> list[str]:
    """The words before a mention without the generic words (بلدة، مدينة) right before it."""
    trimmed = list(words)
    while trimmed and word_is(trimmed[-1], GENERIC_WORDS):
        trimmed.pop()
    return trimmed


_ROAD_WORDS = _cues("road")
_APPOSITION_OPEN = compile_guarded(r"[،,]\s*$")
_APPOSITION_CLOSE = compile_guarded(r"^\s*(?:[\"”»']\s*)?[،,]")


def _apposition(text: str, clause_start: int, end: int) -> bool:
    """"، من مدينة X،": a phrase opened by a comma and closed by one right after the name."""
    return bool(_APPOSITION_OPEN.search(text[max(0, clause_start - 3):clause_start])
                and _APPOSITION_CLOSE.match(text[end:end + 4]))


def _names_road_of(before: PlaceMention, text: str, start: int) -> bool:
    """"حاجز في حي المخيم على طريق الرمثا القديم": a settlement already placed, and the road after it is named
    for where it leads."""
    if before.role != Role.TARGET or not before.kinds & SETTLEMENT_KINDS:
        return False
    between = text[before.fend:start]
    if _CLAUSE_BREAK.search(between):
        return False
    tokens = re.findall(r"\w+", between)
    return 1 <= len(tokens) <= 3 and not tokens[0].startswith("و")


def _locator_of(item: PlaceMention, text: str, previous: list[PlaceMention]) -> PlaceMention | None:
    """The place a mention locates ("قرية العالية في محيط مدينة جاسم": جاسم locates العالية), else None."""
    if not previous:
        return None
    before = previous[-1]
    axis = before.role == Role.DROPPED and before.reason is Reason.FRONT_LINE_AXIS  # "على محور X قرب Y": Y locates X
    # "X المقابلة لبلدة Y في الجولان": a place locating a locator locates the same place.
    chained = before.role == Role.DROPPED and before.reason is Reason.LOCATES
    # "المتمركزة في تل الخضر القريب من بلدة X": X locates where the fire came from, it is not a target.
    origin = before.role == Role.QUALIFIER and before.reason is Reason.ORIGIN_OF_FIRE
    if before.role not in (Role.TARGET, Role.DEMONYM, Role.SITE, Role.FACILITY_NAME, Role.HOMETOWN) and not (
            axis or chained or origin):
        return None
    between = text[before.fend:item.fstart]
    if _CLAUSE_BREAK.search(between.replace(")", "").replace("(", "")) and not re.fullmatch(r"[\s(]*", between):
        return None
    tokens = re.findall(r"\w+", between)
    if len(tokens) > 5:
        return None
    if not tokens:
        return None
    if tokens == ["ب"] and not re.search(r"\sب\s", between):
        return before  # "حي المنشية بدرعا البلد": the preposition is written on the name
    # A direction adjective right after the first name is part of it ("تل أحمر الغربي القريب من X").
    if len(tokens) > 1 and tokens[0] in _DIRECTION_FEMININE:
        tokens = tokens[1:]
    meaningful = [token for token in tokens if not word_is(token, GENERIC_WORDS)]
    if not all(word_is(token, _LOCATOR_WORDS) or word_is(token, _LOCATOR_FILLERS) for token in meaningful):
        return None
    first = tokens[0]
    # "X ومحيط Y" and "X وY" continue a list; "X في Y", "X بمدينة Y", "X التابعة لY" locate X.
    if first.startswith("و") and not word_is(first[1:], _LOCATOR_WORDS):
        return None
    if first.startswith("و") and first[1:] in (fold("محيط"),):
        return None
    if not meaningful:
        # Only generic words between: "حي المنشية بمدينة درعا" locates; "والصورة ومدينة الحارة" lists.
        if first[:1] in ("ب", "ل") and first[1:] in GENERIC_WORDS:  # بمدينة، لبلدة (not بلدة itself)
            return before
        return None
    return before


def _inherit_list_roles(mentions: list[PlaceMention], text: str) -> None:
    """The next items of a list share the role of the first: "من مناطق قصاد والقبة والنخلة" are all axes."""
    inheritable = {Reason.FRONT_LINE_AXIS, Reason.APPROACH_AXIS, Reason.FRONT_LINE_AXIS_LIST, Reason.MOVE_TARGET,
                   Reason.MOTIVE, Reason.REGION_DUAL, Reason.ORGANISATION,
                   Reason.HOME_OF_ACTORS, Reason.COUNTRYSIDE, Reason.VENUE, Reason.AIRSPACE, Reason.REINFORCEMENTS,
                   Reason.OTHER_SIDE_OF_BORDER, Reason.DISPLACEMENT_END,
                   Reason.SECOND_OF_BETWEEN_THE_TOWN}
    for previous, current in zip(mentions, mentions[1:], strict=False):
        if previous.reason not in inheritable or current.role == Role.DROPPED:
            continue
        between = text[previous.fend:current.fstart]
        tokens = re.findall(r"\w+", between)
        if re.search(r"[.!?؟؛:]", between) or len(tokens) > 2:
            continue
        if previous.reason in (Reason.COUNTRYSIDE, Reason.REGION_DUAL) and any(token != "و" for token in tokens):
            continue  # "في ريف درعا ومدينة طفس": a named town is no longer part of the countryside phrase
        if all(token == "و" or word_is(token, GENERIC_WORDS) for token in tokens):
            current.role, current.reason, current.reason_of = previous.role, previous.reason, previous.reason_of


_LEADING_HEADER = compile_guarded(
    fold(r"^\W*[وف]?(?:في|ب)\s*(?:(?:مدينة|محافظة|منطقة)\s+)?$")
)


# The comma that closes the header, after a countryside locating it ("وفي حوض اليرموك بريف درعا الغربي،").
_HEADER_END = compile_guarded(fold(
    r"\s*(?:(?:ب|في\s+)ريف\s+\S+(?:\s+(?:ال)?(?:شرقي|غربي|شمالي|جنوبي|أوسط|الشرقي|الغربي|الشمالي|الجنوبي|الأوسط))?"
    r"\s*)?[،,]"
))


def _demote_leading_header(mentions: list[PlaceMention], text: str) -> None:
    """"وفي القنيطرة، انفجرت سيارة في بلدة خان أرنبة": a place heading the sentence only sets the scene."""
    if len(mentions) < 2:
        return
    first = mentions[0]
    if first.role != Role.TARGET or not _LEADING_HEADER.match(text[:first.fstart]):
        return
    if not _HEADER_END.match(text[first.fend:first.fend + 40]):
        return
    # A wide area heading the sentence ("وفي حوض اليرموك، تصدى أهالي بلدة X") also yields to the town of the actors:
    # a settlement inside it is the more precise place.
    precise = (Role.TARGET, Role.DEMONYM) if first.kinds and first.kinds <= {"region"} else (Role.TARGET,)
    if any(other.role in precise and not other.kinds & {"region"} for other in mentions[1:]):
        first.role, first.reason = Role.QUALIFIER, Reason.SCENE
