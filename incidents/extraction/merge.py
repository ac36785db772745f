"""Merging raw event mentions into incidents: one per (type, place, day), undated and container places folded in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .casualties import Casualties
from .places import ADMIN_KINDS, PlaceIndex, PlaceMention, Role
from .records import ExtractedIncident, _Raw
from .textnorm import fold


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
    if len(place.place_ids) == 1 and not place.inside:
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
    outer_ids = set() if outer.inside else set(outer.place_ids)
    # A locality kept only inside a unit lies in that unit too.
    if outer_ids and any(outer_ids & (_ancestors(index, place_id) | ({place_id} if inner.inside else set()))
                         for place_id in inner.place_ids):
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
        provenance=_provenance(group.raws),
    )


def _provenance(raws: list[_Raw]) -> tuple[str, ...]:
    """The rules behind a merged record: each mention's rule and its place's role and reason, once each."""
    steps: dict[str, None] = {}
    for raw in sorted(raws, key=lambda raw: raw.order):
        if raw.rule:
            steps[raw.rule] = None
        place = f"place {raw.role.name.lower()}"
        steps[f"{place}: {raw.place.explanation}" if raw.place.reason else place] = None
    return tuple(steps)


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
