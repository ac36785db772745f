"""The editors' review queue: which incidents need a look, and recording who confirmed or rejected them."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gazetteer.resolver import HOME_COUNTRY
from incidents.models import Incident

HOME_A3 = "SYR"
REASONS = {
    "fuzzy": "fuzzy name match",
    "low_confidence": "confidence below the threshold",
    "unresolved": "unresolved or failed",
    "outside": "point outside Syria",
    "abroad": "place abroad",
    "casualties": "conflicting casualty figures",
}


# Syria lies north of 32.3 N and east of 35.7 E: anything south of 32 N or west of 35.4 E is abroad.
SURELY_ABROAD = ((30.0, 25.0, 45.0, 32.0), (30.0, 25.0, 35.4, 38.0))


@functools.cache
def _abroad(path: str) -> GEOSGeometry | None:
    """Where a point is outside Syria: the base map's box less Syria's outline, and what lies south and west of it.

    The countries file covers a box around southern Syria; beyond it to the north and east nothing is said.
    """
    file = Path(path)
    if not file.is_file():
        return None
    features = json.loads(file.read_text(encoding="utf-8"))["features"]
    geometries = {f["properties"].get("A3"): GEOSGeometry(json.dumps(f["geometry"]), srid=4326) for f in features}
    if HOME_A3 not in geometries:
        return None
    box = Polygon.from_bbox(MultiPolygon(*[Polygon.from_bbox(g.extent) for g in geometries.values()]).extent)
    abroad = box.difference(geometries[HOME_A3])
    for extent in SURELY_ABROAD:
        abroad = abroad.union(Polygon.from_bbox(extent))
    abroad.srid = 4326
    return abroad


def _conflicting_casualties() -> Q:
    """Another report of the same event (type, day, place) gives a different number of killed or injured."""
    same_event = Incident.objects.filter(
        event_type=OuterRef("event_type"), date=OuterRef("date"), place=OuterRef("place")
    ).exclude(pk=OuterRef("pk")).exclude(review_status=Incident.ReviewStatus.REJECTED)
    killed = Exists(same_event.filter(killed__isnull=False).exclude(killed=OuterRef("killed")))
    injured = Exists(same_event.filter(injured__isnull=False).exclude(injured=OuterRef("injured")))
    return Q(place__isnull=False, date__isnull=False) & (
        (Q(killed__isnull=False) & killed) | (Q(injured__isnull=False) & injured)
    )


def review_condition(reason: str) -> Q:
    """The condition of one reason for review (KeyError for an unknown one)."""
    if reason == "fuzzy":
        return Q(geocode_note__startswith="fuzzy") | Q(geocode_note__contains="fuzzy match")
    if reason == "low_confidence":
        threshold = settings.INCIDENTS_REVIEW_CONFIDENCE
        return Q(geocode_status=Incident.GeocodeStatus.RESOLVED, geocode_confidence__lt=threshold)
    if reason == "unresolved":
        return Q(geocode_status__in=[Incident.GeocodeStatus.UNRESOLVED, Incident.GeocodeStatus.FAILED])
    if reason == "outside":
        abroad = _abroad(settings.INCIDENTS_BORDERS_PATH)
        return Q(point__within=abroad) if abroad is not None else Q(pk__in=[])
    if reason == "abroad":
        return Q(place__isnull=False) & ~Q(place__country=HOME_COUNTRY)
    if reason == "casualties":
        return _conflicting_casualties()
    raise KeyError(reason)


def incidents_needing_review(*, reason: str | None = None) -> QuerySet[Incident]:
    """Unreviewed incidents with one reason for review, or with any when no reason is given."""
    reasons = [reason] if reason else list(REASONS)
    condition = Q()
    for name in reasons:
        condition |= review_condition(name)
    return Incident.objects.filter(review_status=Incident.ReviewStatus.UNREVIEWED).filter(condition)


def review_counts() -> list[tuple[str, str, int]]:
    """How many unreviewed incidents need review, per reason: (reason, label, count)."""
    return [(reason, label, incidents_needing_review(reason=reason).count()) for reason, label in REASONS.items()]


def incidents_review(*, incidents: QuerySet[Incident] | list[Incident], status: str, reviewer) -> int:
    """Confirm or reject incidents, recording the reviewer and when (one history entry per incident)."""
    if status not in (Incident.ReviewStatus.CONFIRMED, Incident.ReviewStatus.REJECTED):
        raise ValueError(f"not a review decision: {status!r}")
    now = timezone.now()
    count = 0
    for incident in incidents:
        incident.review_status, incident.reviewed_by, incident.reviewed_at = status, reviewer, now
        incident._change_reason = f"{status} by {getattr(reviewer, 'username', '') or 'an editor'}"
        incident.save(update_fields=["review_status", "reviewed_by", "reviewed_at"])
        count += 1
    return count
