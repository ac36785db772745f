"""Editors' corrections of geocodes: what each may teach the gazetteer, who follows it, and how it is undone.

Choosing a gazetteer place makes the mention an alias of that place, and the unreviewed incidents with the same
mention follow it. Moving a point without choosing a place never teaches the gazetteer anything about the place the
incident had: it corrects that incident alone, or, when the editor confirms it, creates an editor's new place (the
name as written, its kind, the administrative unit it falls in) that the mention becomes a name of.
"""

from __future__ import annotations

import uuid

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone
from geopy.distance import geodesic

from gazetteer.models import Place
from gazetteer.resolver import HOME_COUNTRY
from gazetteer.services import EDITOR_ORIGIN, place_name_add
from incidents.models import Correction, Incident
from incidents.services import incidents_geocode

GEOCODE_FIELDS = ("place", "point", "geo_precision", "geocode_status", "geocode_confidence", "geocode_note")
# A point moved less than this from the incident's place is a nudge inside that place: the place is kept.
KEEP_PLACE_KM = 2.0
# The administrative unit a new place falls in: the nearest subdistrict centre, if one is this close.
ADMIN_UNIT_KM = 25.0
EDITOR_PRECISION = 1


class CorrectionError(ValueError):
    """A correction that cannot be made or undone; the message says why."""


def _snapshot(incident: Incident) -> dict:
    """The incident's geocode as JSON, to restore on undo."""
    point = incident.point
    return {
        "place": incident.place_id,
        "point": [point.x, point.y] if point is not None else None,
        "geo_precision": incident.geo_precision,
        "geocode_status": incident.geocode_status,
        "geocode_confidence": incident.geocode_confidence,
        "geocode_note": incident.geocode_note,
    }


def _restore(incident: Incident, before: dict, reason: str) -> None:
    """Put back a snapshot taken by _snapshot (a place deleted since is left empty)."""
    place_id = before["place"]
    incident.place_id = place_id if place_id and Place.objects.filter(pk=place_id).exists() else None
    incident.point = Point(*before["point"], srid=4326) if before["point"] else None
    for name in ("geo_precision", "geocode_status", "geocode_confidence", "geocode_note"):
        setattr(incident, name, before[name])
    incident._change_reason = reason
    incident.full_clean(exclude=["article"])
    incident.save(update_fields=list(GEOCODE_FIELDS))


def follower_cause(incident: Incident, editor) -> str:
    """The cause recorded on incidents that followed a correction."""
    who = getattr(editor, "username", "") or "an unknown user"
    return f"follows the correction of incident {incident.pk} by user {who}"


def place_admin_unit_at(point: Point) -> Place | None:
    """The subdistrict whose centre is nearest to a point (units have centres, not outlines), within ADMIN_UNIT_KM."""
    units = Place.objects.filter(kind=Place.Kind.SUBDISTRICT).exclude(pcode="")
    nearest, best = None, ADMIN_UNIT_KM
    for unit in units:
        distance = geodesic((point.y, point.x), (unit.point.y, unit.point.x)).km
        if distance < best:
            nearest, best = unit, distance
    return nearest


def place_create_for_mention(*, incident: Incident, point: Point, kind: str, editor) -> Place:
    """An editor's new place: the mention as written, at the point, in the administrative unit it falls in."""
    if kind not in Place.Kind.values:
        raise CorrectionError(f"unknown kind of place {kind!r}")
    unit = place_admin_unit_at(point)
    who = getattr(editor, "username", "") or "an editor"
    place = Place(
        key=f"editor-{uuid.uuid4().hex[:16]}", name_ar=incident.place_mention.strip(), kind=kind, point=point,
        parent=unit, admin_unit=unit, country=HOME_COUNTRY,
        source=f"editor {who}: correction of incident {incident.pk}",
    )
    place.full_clean()
    place.save()
    return place


def _followers(incident: Incident) -> list[Incident]:
    """Incidents that follow a correction: the same mention, not reviewed, not corrected by an editor themselves."""
    return list(
        Incident.objects.filter(place_mention=incident.place_mention, review_status=Incident.ReviewStatus.UNREVIEWED)
        .exclude(pk=incident.pk)
        .exclude(geocode_status=Incident.GeocodeStatus.CORRECTED)
        .select_related("article")
    )


def incident_correct(
    *, incident: Incident, editor=None, place: Place | None = None, point: Point | None = None, new_place_kind: str = ""
) -> Correction:
    """Apply an editor's geocode (a chosen place, a moved point, or a new place) and record how to undo it.

    ``incident`` may carry other edits of the same form; they are saved with the geocode.
    """
    if place is None and point is None:
        raise CorrectionError("a correction needs a place or a point")
    if place is not None and new_place_kind:
        raise CorrectionError("choose a gazetteer place or create a new one, not both")
    if new_place_kind and point is None:
        raise CorrectionError("a new place needs its point: move the marker to where the place is")
    stored = Incident.objects.get(pk=incident.pk)
    correction = Correction(incident=incident, editor=editor, before=_snapshot(stored))
    with transaction.atomic():
        if new_place_kind:
            place = place_create_for_mention(incident=incident, point=point, kind=new_place_kind, editor=editor)
            correction.kind, correction.new_place = Correction.Kind.NEW_PLACE, place
        elif place is not None:
            correction.kind = Correction.Kind.PLACE
        else:
            correction.kind = Correction.Kind.POINT
            kept = stored.place
            near = kept is not None and geodesic((point.y, point.x), (kept.point.y, kept.point.x)).km <= KEEP_PLACE_KM
            # Never leave a point in one country under the name of a place in another (Amman with a Syrian point).
            place = kept if near else None
        incident.place = place
        incident.point = point or place.point
        incident.geocode_status = Incident.GeocodeStatus.CORRECTED
        incident.geocode_confidence = 1.0
        incident.geo_precision = EDITOR_PRECISION if point is not None else (stored.geo_precision or EDITOR_PRECISION)
        incident.geocode_note = f"corrected by {getattr(editor, 'username', '') or 'an editor'}: {correction.kind}"
        incident._change_reason = f"correction ({correction.get_kind_display()})"
        incident.full_clean(exclude=["article"])
        incident.save()
        if correction.kind != Correction.Kind.POINT:
            alias, created = place_name_add(place=place, name=incident.place_mention, origin=EDITOR_ORIGIN)
            correction.alias = alias if created else None
            followers = _followers(incident)
            correction.followers = [{"id": f.pk, "before": _snapshot(f)} for f in followers]
            incidents_geocode(incidents=followers, cause=follower_cause(incident, editor))
        correction.save()
    return correction


def correction_undo(*, correction: Correction, editor=None) -> Correction:
    """Undo a correction: the incident and its followers get their geocodes back, its alias or new place goes."""
    if correction.undone_at is not None:
        raise CorrectionError(f"correction {correction.pk} was already undone")
    later = correction.incident.corrections.filter(pk__gt=correction.pk, undone_at__isnull=True)
    if later.exists():
        raise CorrectionError(f"undo the later correction {later.order_by('pk').last().pk} of this incident first")
    who = getattr(editor, "username", "") or "an editor"
    reason = f"undo of correction {correction.pk} by user {who}"
    with transaction.atomic():
        # What was taught goes (the history of places and names keeps a record of it).
        if correction.alias is not None:
            correction.alias.delete()
        if correction.new_place is not None:
            correction.new_place.delete()
        correction.alias, correction.new_place = None, None
        _restore(correction.incident, correction.before, reason)
        followers = Incident.objects.in_bulk([entry["id"] for entry in correction.followers])
        for entry in correction.followers:
            follower = followers.get(entry["id"])
            # A follower reviewed or corrected since then is the editors' now: it is left as it is.
            if follower is not None and follower.review_status == Incident.ReviewStatus.UNREVIEWED and (
                follower.geocode_status != Incident.GeocodeStatus.CORRECTED
            ):
                _restore(follower, entry["before"], reason)
        # Incidents geocoded since the correction, with what it taught, are geocoded again without it.
        restored = {entry["id"] for entry in correction.followers}
        since = [incident for incident in _followers(correction.incident) if incident.pk not in restored]
        incidents_geocode(incidents=since, cause=reason)
        correction.undone_at, correction.undone_by = timezone.now(), editor
        correction.save(update_fields=["undone_at", "undone_by", "alias", "new_place"])
    return correction
