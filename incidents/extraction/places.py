"""The role of each place mention in a sentence: where something happened, or only a qualifier, source, venue..."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import cached_property, lru_cache
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
    rule: str = ""  # the id of the role rule that decided (ROLE_RULES, QUALIFYING_RULES), "" when none did
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
_ROAD_WORDS = _cues("road")
_LOCATOR_FILLERS = _cues("locator_filler")
# "حوران الإخبارية"، "شبكة درعا الإعلامية": a media outlet's name.
_OUTLET_AFTER = compile_guarded(fold(r"[\"”»']?\s*") + "(?:" + lexicon.alternation("place_cues", "outlet_suffix")
                           + r")(?![\w])")
_CLAUSE_MARKS = "،,؛;.:!?؟"
_CLAUSE_BREAK = re.compile(f"[{_CLAUSE_MARKS}]")
_WORD = re.compile(r"\w+")
_PROCLITIC_PAIRS = ("وب", "ول", "فب", "فل", "وك", "وف")


@lru_cache(maxsize=1 << 15)
def _readings(token: str) -> tuple[str, ...]:
    """A folded token and what it is without و ف ب ل ك and ال/لل before it: the forms word_is looks up."""
    candidates = [token]
    if len(token) > 2 and token[0] in "وفبلك":
        candidates.append(token[1:])
    if len(token) > 3 and token[:2] in _PROCLITIC_PAIRS:
        candidates.append(token[2:])
    for candidate in candidates[1:] + [token]:
        if candidate.startswith("ال") and len(candidate) > 3:
            candidates.append(candidate[2:])
        if candidate.startswith("لل") and len(candidate) > 3:
            candidates.append(candidate[2:])
            candidates.append("ال" + candidate[2:])
    return tuple(candidates)


@lru_cache(maxsize=1 << 15)
def word_is(token: str, words: frozenset[str]) -> bool:
    """True when a folded token is one of the words, allowing و ف ب ل ك and ال/لل before it."""
    # Memoized (a frozenset hashes once): every mention asks it of the same few words against the same lists.
    return any(reading in words for reading in _readings(token))


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


def _clause_start(text: str, position: int) -> int:
    """Where the clause of a position starts: after the last clause mark before it (0 when there is none)."""
    return max(text.rfind(mark, 0, position) for mark in _CLAUSE_MARKS) + 1


@dataclass
class _Around:
    """What the role rules read about one mention: the folded sentence, the words of its clause before it, the
    mentions before it in the sentence, and the spans of weapons, motives and live event words."""

    item: PlaceMention
    text: str
    previous: list[PlaceMention]
    index: PlaceIndex
    blocked_spans: Sequence[tuple[int, int]]
    motive_spans: Sequence[tuple[int, int]]
    trigger_spans: Sequence[tuple[int, int]]

    def __post_init__(self) -> None:
        self.start, self.end = self.item.fstart, self.item.fend
        self.clause_start = _clause_start(self.text, self.start)
        self.words = _WORD.findall(self.text, self.clause_start, self.start)  # the clause before it, nearest last
        self.last = self.words[-1] if self.words else ""
        self.bare = _skip_generic(self.words)  # without the generic words (بلدة، مدينة) right before it
        self.cue_lists = frozenset().union(*map(cue_lists_of, self.words))  # RoleRule.needs

    @cached_property
    def spans(self) -> list[tuple[str, int]]:
        """The words of the clause before the mention with their folded offsets, nearest last."""
        return [(match.group(0), match.start()) for match in _WORD.finditer(self.text, self.clause_start, self.start)]

    def trigger_between(self, position: int) -> bool:
        """Whether a live event word stands between a position and the mention."""
        return any(position <= span_start and span_end <= self.start for span_start, span_end in self.trigger_spans)

    @cached_property
    def located(self) -> PlaceMention | None:
        """The mention before this one that this one locates ("X في Y": Y locates X)."""
        return _locator_of(self.item, self.text, self.previous)


@dataclass(frozen=True)
class RoleRule:
    """One rule of the cascade that gives a mention its role: ``decide`` gives the reason (or the reason and the place
    it names) when the rule holds; the first rule that holds decides. ``effect`` runs when it has decided. The
    mention records the rule's id (PlaceMention.rule)."""

    id: str
    role: Role
    decide: Callable[[_Around], Reason | tuple[Reason, str] | None]
    effect: Callable[[_Around], None] | None = None
    # The cue lists (CUE_LISTS) of which the rule needs a word in the clause before the mention, any of them: without
    # one the rule cannot hold and is not asked.
    needs: tuple[str, ...] = ()
    example: str = ""  # a sentence of our own where the rule decides (tests/unit/test_role_rules.py)


def _organisation(a: _Around) -> Reason | None:
    """تجمع أحرار حوران، فرقة فلوجة حوران، مجلس محافظة درعا: an organisation's name."""
    for distance in (1, 2):
        if len(a.words) >= distance and word_is(a.words[-distance], _ORG_WORDS) and not _definite(a.words[-distance]):
            between = a.words[len(a.words) - distance + 1:]
            if not any(word_is(word, _PREPOSITIONS) or word_is(word, GENERIC_WORDS) for word in between):
                return Reason.ORGANISATION
    return None


def _source(a: _Around) -> Reason | None:
    """"نقلاً عن مصادر في X": where a source speaks from; not the victim of an event word, nor what it reported."""
    if not (a.bare and a.bare[-1] in (fold("من"), fold("في"))):
        return None
    for word, position in a.spans[-8:-1]:
        # "اغتال مجهولون القيادي X في Y": right after an event word, a قيادي is its victim, not a source.
        victim = any(span_end <= position and position - span_end <= 25 for _, span_end in a.trigger_spans)
        reported = any(word_is(later, _REPORT_CONTENT_WORDS) for later, later_position in a.spans
                       if later_position > position)
        if word_is(word, _SOURCE_WORDS) and not a.trigger_between(position) and not victim and not reported:
            return Reason.SOURCE
    return None


def _axis(a: _Around) -> Reason | None:
    """"تقدم من عدة محاور (X، Y)": where the forces came from; "على محور X": a front line."""
    if a.bare and word_is(a.bare[-1], _AXIS_WORDS):
        return Reason.APPROACH_AXIS if fold("من") in a.bare[-3:-1] else Reason.FRONT_LINE_AXIS
    if len(a.words) >= 2 and (a.words[-2], _strip(a.words[-1])) in _AXIS_PAIRS:
        return Reason.APPROACH_AXIS  # "من جهة X": where the forces came from
    return None


def _axis_list(a: _Around) -> Reason | None:
    """"من عدة محاور (الصوامع، طريق السد)": the places of a parenthesised list of axes."""
    opening = a.text.rfind("(", 0, a.start)
    if opening >= 0 and ")" not in a.text[opening:a.start] and a.start - opening < 60:
        before_parenthesis = _WORD.findall(a.text, max(0, opening - 40), opening)[-2:]
        if any(word_is(word, _AXIS_WORDS) for word in before_parenthesis):
            return Reason.FRONT_LINE_AXIS_LIST
    return None


def _move_target(a: _Around) -> Reason | None:
    """"نحو X": where a move heads, unless an event word or a firing word comes first ("أطلقت قذائف باتجاه X")."""
    for offset, (word, position) in enumerate(reversed(a.spans)):
        if word_is(word, _TOWARDS_WORDS):
            if a.trigger_between(position + len(word)):
                return None
            before_cue = a.words[max(0, len(a.words) - offset - 5):len(a.words) - offset - 1]
            if any(word_is(other, _FIRING_WORDS) for other in before_cue):
                return None
            return Reason.MOVE_TARGET
    return None


def _other_side_of_border(a: _Around) -> Reason | None:
    """"الحدود مع الأردن والجولان": the next item of the list is across the border too; "قرب الشريط الفاصل مع
    الجولان": the strike fell this side."""
    listed = a.bare[:-1] if a.bare and a.bare[-1] == "و" else a.bare
    for back in (1, 2):
        if len(listed) > back and listed[-back] == fold("مع") and word_is(listed[-back - 1], _BORDER_WORDS) and (
                back == 1 or a.bare[-1] == "و"):
            return Reason.OTHER_SIDE_OF_BORDER
    return None


def _detainees_taken_to(a: _Around) -> Reason | None:
    """"اقتادوهم إلى فرع الأمن في X": not where they were seized."""
    for back, (word, position) in enumerate(reversed(a.spans[-8:-1]), start=2):
        taken_to = fold("إلى") in a.words[len(a.words) - back + 1:]
        if word_is(word, _TAKEN_WORDS) and taken_to and not a.trigger_between(position + len(word)):
            return Reason.DETAINEES_TAKEN_TO
    return None


def _displacement_end(a: _Around) -> Reason | None:
    """"نزوح العائلات من بلدتي X وY": where people fled from or to."""
    if a.bare and a.bare[-1] in (fold("من"), fold("إلى"), fold("الى"), fold("نحو"), fold("باتجاه")):
        for word, position in a.spans[-6:-1]:
            if word_is(word, _DISPLACEMENT_WORDS) and not a.trigger_between(position + len(word)):
                return Reason.DISPLACEMENT_END
    return None


def _origin_of_fire(a: _Around) -> Reason | None:
    """"قوات النظام المتمركزة في إزرع"، "من مواقعها في X": where the fire came from."""
    if any(word_is(word, _ORIGIN_WORDS) and not a.trigger_between(position)
           and not any(position < other.fstart for other in a.previous)
           for word, position in a.spans[-7:]) or _fired_from_positions(a.words):
        return Reason.ORIGIN_OF_FIRE
    return None


def _narrow_to_region(a: _Around) -> None:
    a.item.place_ids = _narrow(a.index, a.item.place_ids, ADMIN_KINDS | {"region"})
    a.item.kinds = _kinds_of(a.index, a.item.place_ids, a.item.normalized)


def _locates(a: _Around) -> tuple[Reason, str] | None:
    """"X في Y": X is located by Y, and places nothing; unless X is a facility, or a crossing said to be inside the
    settlement Y ("مبنى الجمرك القديم في درعا البلد"): then X is placed at Y, and Y decides on (a crossing or a hill
    with no settlement named stays itself). The one rule with an effect when it does not decide."""
    located = a.located
    if located is None:
        return None
    if located.role in (Role.SITE, Role.FACILITY_NAME) or (
            located.role == Role.TARGET and located.kinds and located.kinds <= {"site", "crossing"}
            and bool(a.item.kinds & SETTLEMENT_KINDS)):
        located.role, located.reason, located.rule = Role.DROPPED, Reason.FACILITY_AT_SETTLEMENT, "locates"
        a.item.notes.append(f"facility {located.text}")
        return None
    return Reason.LOCATES, located.text


# The cue lists the role rules look for, by name (RoleRule.needs).
CUE_LISTS: dict[str, frozenset[str]] = {
    "organisation": _ORG_WORDS, "hospital": _HOSPITAL_WORDS, "residence": _RESIDENCE_WORDS,
    "airspace": _AIRSPACE_WORDS, "venue": _VENUE_WORDS, "reinforcement": _REINFORCEMENT_WORDS,
    "source": _SOURCE_WORDS, "towards": _TOWARDS_WORDS, "border": _BORDER_WORDS, "taken": _TAKEN_WORDS,
    "journey": _JOURNEY_WORDS, "displacement": _DISPLACEMENT_WORDS, "origin": _ORIGIN_WORDS,
    "position": _POSITION_WORDS, "base": _BASE_WORDS, "countryside": _COUNTRYSIDE_WORDS, "region": _REGION_WORDS,
    "road": _ROAD_WORDS, "direction": _DIRECTION_WORDS, "demonym": _DEMONYM_WORDS, "person": _PERSON_WORDS,
    "hometown_verb": _HOMETOWN_VERBS, "facility": _FACILITY_WORDS,
}


def _written_forms(word: str) -> set[str]:
    """Every token of which ``word`` is a reading (_readings), the inverse of what _readings strips: و ف ب ل ك or a
    pair of them, then ال or لل (للمدينة for المدينة too)."""
    stems = {word, "ال" + word, "لل" + word}
    if word.startswith("ال"):
        stems.add("لل" + word[2:])
    tokens = {prefix + stem for stem in stems for prefix in ("", *"وفبلك", *_PROCLITIC_PAIRS)}
    return {token for token in tokens if word in _readings.__wrapped__(token)}


# The cue lists of every token that is one of their words as written (cue_lists_of), built once.
_LISTS_OF_TOKEN: dict[str, frozenset[str]] = {}
for _name, _listed in CUE_LISTS.items():
    for _word in _listed:
        for _token in _written_forms(_word):
            _LISTS_OF_TOKEN[_token] = _LISTS_OF_TOKEN.get(_token, frozenset()) | {_name}
_NO_LISTS: frozenset[str] = frozenset()


def cue_lists_of(token: str) -> frozenset[str]:
    """The names of the cue lists a folded token is a word of (word_is of each list, read at once)."""
    return _LISTS_OF_TOKEN.get(token, _NO_LISTS)


_DROP = Role.DROPPED
# The cascade, in order: the first rule that holds gives the mention its role and reason.
ROLE_RULES: tuple[RoleRule, ...] = (
    RoleRule("weapon_name", _DROP, lambda a: Reason.WEAPON_NAME if any(
        a.start < span_end and span_start < a.end for span_start, span_end in a.blocked_spans) else None,
             example="قصفت القوات نوى بصواريخ الجولان"),
    RoleRule("outlet_number", _DROP, lambda a: Reason.MEDIA_OUTLET if re.match(r"\s*\d", a.text[a.end:a.end + 4])
             and not re.search(r"\d", a.item.text) else None,
             example="نقلت درعا 24 أن القصف طال طفس"),  # "درعا 24"
    RoleRule("outlet_name", _DROP, lambda a: Reason.MEDIA_OUTLET if _OUTLET_AFTER.match(a.text[a.end:a.end + 20])
             else None,
             example="أفادت شبكة درعا الإعلامية بقصف طفس"),  # "حوران الإخبارية"، "شبكة درعا الإعلامية"
    RoleRule("organisation", _DROP, _organisation,
             needs=("organisation",), example="أصدر تجمع أحرار حوران بيانا عن قصف طفس"),
    RoleRule("hospital", _DROP, lambda a: Reason.HOSPITAL if any(
        word_is(word, _HOSPITAL_WORDS) for word in a.bare[-4:]) else None,
             needs=("hospital",), example="نقل الجرحى إلى مشفى ميداني في بلدة طفس بعد قصف نوى"),
    RoleRule("residence", _DROP, lambda a: Reason.RESIDENCE if any(
        word_is(word, _RESIDENCE_WORDS) for word in a.bare[-4:]) else None,
             needs=("residence",), example="قتل شاب مقيم في بلدة طفس بقصف على نوى"),
    RoleRule("airspace", _DROP, lambda a: Reason.AIRSPACE if any(
        word_is(word, _AIRSPACE_WORDS) for word in a.bare[-2:]) else None,
             needs=("airspace",), example="حلقت طائرة استطلاع في أجواء طفس"),
    RoleRule("venue", _DROP, lambda a: Reason.VENUE if any(
        word_is(word, _VENUE_WORDS) and not a.trigger_between(position) for word, position in a.spans[-6:])
        else None,
             needs=("venue",), example="عقد اجتماع في طفس لبحث الأوضاع"),
    # "وصلت تعزيزات من X إلى Y": forces moved, nothing happened there.
    RoleRule("reinforcements", _DROP, lambda a: Reason.REINFORCEMENTS if any(
        word_is(word, _REINFORCEMENT_WORDS) and not a.trigger_between(a.spans[0][1]) for word, _ in a.spans[-12:])
        else None,
             needs=("reinforcement",), example="وصلت تعزيزات عسكرية من درعا إلى طفس"),
    RoleRule("source", _DROP, _source,
             needs=("source",), example="قالت مصادر محلية في نوى إن القصف طال طفس"),
    RoleRule("axis", _DROP, _axis,
             example="تقدمت القوات من محور نوى"),
    RoleRule("axis_list", _DROP, _axis_list,
             example="هاجمت الفصائل من عدة محاور (طفس، نوى)"),
    RoleRule("move_target", _DROP, _move_target,
             needs=("towards",), example="توجهت الدورية نحو طفس"),
    RoleRule("motive", _DROP, lambda a: Reason.MOTIVE if any(
        span_start <= a.start < span_end for span_start, span_end in a.motive_spans) else None,
             example="قصفت الفصائل مواقع القوات ردا على قصف طفس"),
    RoleRule("other_side_of_border", _DROP, _other_side_of_border,
             needs=("border",), example="سقطت قذائف قرب الشريط الفاصل مع الجولان"),
    RoleRule("detainees_taken_to", _DROP, _detainees_taken_to,
             needs=("taken",), example="اعتقلت القوات ثلاثة شبان واقتادتهم إلى فرع الأمن في نوى"),
    RoleRule("journey_end", _DROP, lambda a: Reason.JOURNEY_END if len(a.bare) >= 2 and a.bare[-1] in (
        fold("من"), fold("إلى"), fold("الى"), fold("نحو")) and word_is(a.bare[-2], _JOURNEY_WORDS) else None,
             needs=("journey",), example="اعتقل الشاب أثناء عودته من نوى"),
    RoleRule("displacement_end", _DROP, _displacement_end,
             needs=("displacement",), example="تسببت المعارك بنزوح العائلات من طفس"),
    RoleRule("origin_of_fire", Role.QUALIFIER, _origin_of_fire,
             needs=("origin", "position"), example="قصفت قوات النظام المتمركزة في نوى بلدة طفس"),
    # "توغلت دورية من قاعدة X باتجاه Y": where the force set out from.
    RoleRule("origin_of_force", Role.QUALIFIER, lambda a: Reason.ORIGIN_OF_FORCE if len(a.bare) >= 2
             and a.bare[-2] == fold("من") and word_is(a.bare[-1], _BASE_WORDS) else None,
             needs=("base",), example="توغلت دورية من قاعدة الصنمين باتجاه جاسم"),
    RoleRule("countryside", _DROP, lambda a: Reason.COUNTRYSIDE if a.last and word_is(a.last, _COUNTRYSIDE_WORDS)
             else None,
             needs=("countryside",), example="قصفت القوات ريف درعا"),  # "ريف درعا الغربي" alone places nothing
    RoleRule("region", Role.REGION, lambda a: (
        Reason.REGION_DUAL if word_is(a.last, _REGION_DUAL_WORDS) else Reason.REGION)
        if a.last and word_is(a.last, _REGION_WORDS) else None, effect=_narrow_to_region,
             needs=("region",), example="شهدت محافظة درعا هدوءا"),
    RoleRule("admin_unit", Role.REGION, lambda a: Reason.ADMIN_UNIT if a.item.kinds and a.item.kinds <= ADMIN_KINDS
             else None,
             example="قصفت القوات القنيطرة"),
    RoleRule("second_of_between", _DROP, lambda a: (Reason.SECOND_OF_BETWEEN, a.previous[-1].text)
             if a.previous and _second_of_between(a.previous[-1], a.text, a.start) else None,
             example="اندلعت اشتباكات على الطريق بين طفس ونوى"),
    # "على الطرق الواصلة بين المدينة وبلدتي X وY": the town referred back to is the place.
    RoleRule("second_of_between_the_town", _DROP, lambda a: Reason.SECOND_OF_BETWEEN_THE_TOWN
             if _BETWEEN_ANAPHOR.search(a.text[max(0, a.start - 40):a.start]) else None,
             example="اندلعت اشتباكات على الطرق الواصلة بين المدينة وبلدة طفس"),
    RoleRule("locates", _DROP, _locates,
             example="قصفت القوات حي القبة في درعا"),
    # "في حي المخيم على طريق الرمثا": the road runs through the place before.
    RoleRule("road_through", _DROP, lambda a: (Reason.ROAD_THROUGH, a.previous[-1].text)
             if a.last and word_is(a.last, _ROAD_WORDS) and a.previous
             and _names_road_of(a.previous[-1], a.text, a.start) else None,
             needs=("road",), example="قصفت القوات حي القبة على طريق درعا"),
)
# After the cascade, for a mention it left a place of the event: the first of these that holds qualifies it.
QUALIFYING_RULES: tuple[RoleRule, ...] = (
    RoleRule("direction_reference", Role.QUALIFIER, lambda a: Reason.DIRECTION_REFERENCE if a.last and (
        word_is(a.last, _DIRECTION_WORDS) or (len(a.words) >= 2 and word_is(a.words[-2], _DIRECTION_WORDS)
                                              and word_is(a.last, GENERIC_WORDS))) and not _part_of_place(a.words)
        else None,
             needs=("direction",), example="قصفت القوات المزارع شرق طفس"),
    # "شابين من أبناء بلدة X"
    RoleRule("hometown_of_people", Role.HOMETOWN, lambda a: Reason.HOMETOWN if len(a.bare) >= 3 and word_is(
        a.bare[-1], _DEMONYM_WORDS) and a.bare[-2] == fold("من") and word_is(a.bare[-3], _PERSON_WORDS) else None,
             needs=("demonym",), example="قتل شابان من أبناء بلدة طفس"),
    RoleRule("home_of_actors", Role.DEMONYM, lambda a: Reason.HOME_OF_ACTORS if a.bare and word_is(
        a.bare[-1], _DEMONYM_WORDS) else None,
             needs=("demonym",), example="هاجم أبناء طفس الحاجز"),
    RoleRule("hometown_of_person", Role.HOMETOWN, lambda a: Reason.HOMETOWN if len(a.bare) >= 2
             and a.bare[-1] == fold("من") and (word_is(a.bare[-2], _PERSON_WORDS) or (
                 len(a.bare) >= 3 and word_is(a.bare[-3], _PERSON_WORDS))) else None,
             needs=("person",), example="استشهد رجل من طفس"),
    # "وهو ينحدر من مدينة X"
    RoleRule("hometown_verb", Role.HOMETOWN, lambda a: Reason.HOMETOWN if len(a.bare) >= 2
             and a.bare[-1] == fold("من") and word_is(a.bare[-2], _HOMETOWN_VERBS) else None,
             needs=("hometown_verb",), example="قتل الشاب وهو ينحدر من مدينة طفس"),
    # "الشاب أحمد الزعبي، من مدينة طفس، استشهد ...": the home town set off by commas after a person's name.
    RoleRule("hometown_apposition", Role.HOMETOWN, lambda a: Reason.HOMETOWN if a.bare == [fold("من")]
             and _apposition(a.text, a.spans[0][1] if a.spans else a.start, a.end) else None,
             example="الشاب أحمد الزعبي، من مدينة طفس، استشهد برصاص قناص"),
    RoleRule("facility_name", Role.FACILITY_NAME, lambda a: Reason.FACILITY_NAME if a.last and word_is(
        a.last, _FACILITY_WORDS) else None,
             needs=("facility",), example="هاجم مسلحون حاجز نوى"),
    RoleRule("site", Role.SITE, lambda a: Reason.FACILITY if a.item.kinds and a.item.kinds <= {"site"} else None,
             example="قصفت القوات الفرقة التاسعة"),
)


def _first_that_holds(rules: tuple[RoleRule, ...], around: _Around) -> bool:
    """Run a cascade: the first rule that holds sets the mention's role and reason and runs its effect."""
    for rule in rules:
        if rule.needs and around.cue_lists.isdisjoint(rule.needs):
            continue
        decision = rule.decide(around)
        if decision is None:
            continue
        reason, of = decision if isinstance(decision, tuple) else (decision, "")
        around.item.role, around.item.reason, around.item.reason_of, around.item.rule = rule.role, reason, of, rule.id
        if rule.effect is not None:
            rule.effect(around)
        return True
    return False


def _assign_role(
    item: PlaceMention,
    text: str,
    previous: list[PlaceMention],
    index: PlaceIndex,
    blocked_spans: Sequence[tuple[int, int]],
    motive_spans: Sequence[tuple[int, int]],
    trigger_spans: Sequence[tuple[int, int]],
) -> None:
    """Decide the role of one mention from the words before and after it (ROLE_RULES, then QUALIFYING_RULES)."""
    around = _Around(item, text, previous, index, blocked_spans, motive_spans, trigger_spans)
    if _first_that_holds(ROLE_RULES, around):
        return
    _first_that_holds(QUALIFYING_RULES, around)
    generic_before = around.last if around.last and word_is(around.last, GENERIC_WORDS) else ""
    if generic_before and word_is(generic_before, _CITY_WORDS):
        item.place_ids = _narrow(index, item.place_ids, SETTLEMENT_KINDS | {"site"})
    elif generic_before and word_is(generic_before, _TOWN_WORDS):
        item.place_ids = _narrow(index, item.place_ids, SETTLEMENT_KINDS)
    else:
        item.place_ids = _narrow(index, item.place_ids, None, ADMIN_KINDS)
    item.kinds = _kinds_of(index, item.place_ids, item.normalized)


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


_APPOSITION_OPEN = re.compile(r"[،,]\s*$")
_APPOSITION_CLOSE = re.compile(r"^\s*(?:[\"”»']\s*)?[،,]")


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


_LEADING_HEADER = re.compile(
    fold(r"^\W*[وف]?(?:في|ب)\s*(?:(?:مدينة|محافظة|منطقة)\s+)?$")
)


# The comma that closes the header, after a countryside locating it ("وفي حوض اليرموك بريف درعا الغربي،").
_HEADER_END = re.compile(fold(
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
