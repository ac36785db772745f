"""Selectors of the map: incidents aggregated by zoom, viewport and time window, so a browser never loads them all.

The grid is computed in SQL (``ST_X``/``ST_Y`` exist on PostGIS and SpatiaLite alike), grouped by cell and event
type; one cell becomes one symbol with its count, its mix of types and its worst geo precision.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.contrib.gis.geos import Polygon
from django.db import connection, transaction
from django.db.models import Avg, Count, FloatField, Func, Max, Min, Q, QuerySet
from django.db.models.functions import Floor

from gazetteer.models import Place
from gazetteer.services import name_index_current, place_record
from incidents.api.filters import bbox_bounds
from incidents.models import Incident, MapDataVersion

# A cell is about this many screen pixels wide at every zoom (256-pixel Web Mercator tiles).
CELL_PIXELS = 56
MAX_ZOOM = 18
# Histogram buckets: days for a span up to this many days, weeks up to WEEK_SPAN_DAYS, months beyond.
DAY_SPAN_DAYS = 400
WEEK_SPAN_DAYS = 6 * 366
PLACE_PANEL_LIMIT = 100


class PointX(Func):
    function = "ST_X"
    output_field = FloatField()


class PointY(Func):
    function = "ST_Y"
    output_field = FloatField()


class MapQueryError(ValueError):
    """A bad map query parameter; ``errors`` maps each parameter to what is wrong with it."""

    def __init__(self, errors: dict):
        super().__init__(str(errors))
        self.errors = errors


class _MapQueryForm(forms.Form):
    event_type = forms.MultipleChoiceField(choices=Incident.EventType.choices, required=False)
    date_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    actor = forms.CharField(required=False, max_length=100)
    min_confidence = forms.FloatField(required=False, min_value=0, max_value=1)
    geo_precision = forms.TypedMultipleChoiceField(choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int,
                                                   required=False)
    place = forms.IntegerField(required=False, min_value=1)
    bbox = forms.CharField(required=False)
    zoom = forms.IntegerField(required=False, min_value=0, max_value=MAX_ZOOM)

    def clean_bbox(self) -> tuple[float, float, float, float] | None:
        value = self.cleaned_data["bbox"]
        return bbox_bounds(value) if value else None


@dataclass(frozen=True)
class MapQuery:
    """What the map shows: filters, the time window, the viewport and the zoom."""

    event_types: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""
    min_confidence: float | None = None
    geo_precisions: tuple[int, ...] = ()
    place: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    zoom: int = 9


def map_query_parse(*, params) -> MapQuery:
    """Read a MapQuery from query parameters (a QueryDict); raise MapQueryError saying which is wrong."""
    form = _MapQueryForm(params)
    if not form.is_valid():
        raise MapQueryError({name: [str(error) for error in errors] for name, errors in form.errors.items()})
    data = form.cleaned_data
    return MapQuery(
        event_types=tuple(data["event_type"]), date_from=data["date_from"], date_to=data["date_to"],
        actor=data["actor"].strip(), min_confidence=data["min_confidence"],
        geo_precisions=tuple(data["geo_precision"]), place=data["place"], bbox=data["bbox"],
        zoom=9 if data["zoom"] is None else data["zoom"],
    )


def _with_actor(queryset: QuerySet, actor: str) -> QuerySet:
    if connection.vendor == "postgresql":
        return queryset.filter(actors__contains=[actor])
    # SQLite has no JSON containment lookup: look the label up among the list's elements.
    table = Incident._meta.db_table
    return queryset.extra(where=[f"EXISTS (SELECT 1 FROM json_each({table}.actors) WHERE json_each.value = %s)"],
                          params=[actor])


def map_incidents(*, query: MapQuery, placed: bool = True, timed: bool = True, located: bool = True) -> QuerySet:
    """Incidents the map counts: not rejected, with the query's filters (time window and viewport optional)."""
    queryset = Incident.objects.exclude(review_status=Incident.ReviewStatus.REJECTED)
    queryset = queryset.filter(point__isnull=not placed)
    if query.event_types:
        queryset = queryset.filter(event_type__in=query.event_types)
    if query.actor:
        queryset = _with_actor(queryset, query.actor)
    if query.min_confidence is not None:
        queryset = queryset.filter(geocode_confidence__gte=query.min_confidence)
    if query.geo_precisions and placed:
        queryset = queryset.filter(geo_precision__in=query.geo_precisions)
    if timed and query.date_from:
        queryset = queryset.filter(date__gte=query.date_from)
    if timed and query.date_to:
        queryset = queryset.filter(date__lte=query.date_to)
    if located and placed and query.place:
        queryset = queryset.filter(place_id=query.place)
    if located and placed and query.bbox:
        queryset = queryset.filter(point__bboverlaps=Polygon.from_bbox(query.bbox))
    return queryset


def cell_size_degrees(zoom: int) -> float:
    """The side of a grid cell in degrees of longitude, CELL_PIXELS wide on screen at this zoom."""
    return CELL_PIXELS * 360 / (256 * 2**zoom)


@dataclass
class MapCell:
    """One symbol on the map: the incidents of one grid cell."""

    gx: int
    gy: int
    lon: float = 0.0
    lat: float = 0.0
    count: int = 0
    types: dict[str, int] = field(default_factory=dict)
    imprecise: int = 0
    worst_precision: int = 1
    place: int | None = None

    def as_json(self) -> dict:
        return {"gx": self.gx, "gy": self.gy, "lon": round(self.lon, 5), "lat": round(self.lat, 5),
                "count": self.count, "types": self.types, "imprecise": self.imprecise,
                "precision": self.worst_precision, "place": self.place}


@dataclass(frozen=True)
class MapSummary:
    """The placed, non-rejected incidents counted once per point, place, type and geo precision (the map of the whole
    range at any zoom and viewport) and per day, type and precision (the histogram): far fewer rows than incidents."""

    version: tuple
    points: list[tuple[float, float, int | None, str, int | None, int]]
    days: list[tuple[dt.date, str, int | None, int]]
    # Per filter of types and precisions: the points with their counts merged, and the histogram (built on demand).
    merged: dict = field(default_factory=dict)


_summaries: dict[str, MapSummary] = {}
_summary_lock = threading.Lock()


def map_data_version() -> tuple:
    """What changes whenever an incident is added, changed or deleted: the counter the database's triggers keep
    (MapDataVersion), with the highest id and last update so that a database emptied and filled again (tests) never
    repeats a version. Three lookups of one row or index entry each."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Inside a transaction that may have written incidents (tests; the map's views run in autocommit): count its
        # changes now rather than at its commit, and again for what it writes after.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS incident_map_changed IMMEDIATE")
            cursor.execute("SET CONSTRAINTS incident_map_changed DEFERRED")
            cursor.execute("SELECT set_config('incidents.map_counted', '', true)")
    incidents = Incident.objects.order_by()
    counter = MapDataVersion.objects.filter(pk=1).values_list("counter", flat=True).first()
    return (counter, incidents.aggregate(top=Max("id"))["top"], incidents.aggregate(last=Max("updated_at"))["last"])


def map_summary() -> MapSummary:
    """The summary of the current data, rebuilt in this process only when the data changed (by one thread: the
    requests that arrive meanwhile wait for it rather than build it again)."""
    version = map_data_version()
    summary = _summaries.get(connection.alias)
    if summary is not None and summary.version == version:
        return summary
    with _summary_lock:
        summary = _summaries.get(connection.alias)
        if summary is None or summary.version != version:
            summary = _summary_build(version)
            _summaries[connection.alias] = summary
    return summary


def _summary_build(version: tuple) -> MapSummary:
    """Two aggregations of the whole table; on PostgreSQL each an index-only scan (incident_map_points and
    incident_map_window, hence COUNT(*)), without JIT compilation, which costs more than it saves here."""
    placed = map_incidents(query=MapQuery())
    points = placed.annotate(x=PointX("point"), y=PointY("point")).values_list(
        "x", "y", "place_id", "event_type", "geo_precision").annotate(n=Count("*")).order_by()
    days = placed.filter(date__isnull=False).values_list("date", "event_type", "geo_precision").annotate(
        n=Count("*")).order_by()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return MapSummary(version=version, points=list(points), days=list(days))


def _summary_answers(query: MapQuery, *, timed: bool) -> bool:
    """Whether the summary holds what the query asks: no actor or confidence filter, no place, no time window."""
    return not (query.actor or query.min_confidence is not None or (timed and (query.date_from or query.date_to))
                or query.place)


def _summary_keeps(query: MapQuery, event_type: str, precision: int | None) -> bool:
    return ((not query.event_types or event_type in query.event_types)
            and (not query.geo_precisions or precision in query.geo_precisions))


def _summary_points(query: MapQuery) -> list[tuple[float, float, int | None, dict, int, int]]:
    """The summary's points under the query's type and precision filters: lon, lat, place, counts by type, worst
    precision, imprecise count; one row per point and place (memoized per filter in the summary)."""
    summary = map_summary()
    key = ("points", query.event_types, query.geo_precisions)
    if key not in summary.merged:
        merged: dict[tuple, list] = {}
        for lon, lat, place, event_type, precision, n in summary.points:
            if not _summary_keeps(query, event_type, precision):
                continue
            row = merged.setdefault((lon, lat, place), [{}, 1, 0])
            row[0][event_type] = row[0].get(event_type, 0) + n
            row[1] = max(row[1], precision or 1)
            row[2] += n if (precision or 1) >= 2 else 0
        summary.merged[key] = [(lon, lat, place, *row) for (lon, lat, place), row in merged.items()]
    return summary.merged[key]


def _cell_rows(query: MapQuery, size: float):
    """(gx, gy, type, count, mean lon, mean lat, worst precision, imprecise count, places) per cell and type."""
    if _summary_answers(query, timed=True):
        west, south, east, north = query.bbox or (-180, -90, 180, 90)
        for lon, lat, place, types, worst, imprecise in _summary_points(query):
            if west <= lon <= east and south <= lat <= north:
                gx, gy = math.floor(lon / size), math.floor(lat / size)
                for index, (event_type, n) in enumerate(types.items()):
                    # The imprecise count and worst precision go with the point's first type only (they add up).
                    yield gx, gy, event_type, n, lon, lat, worst, imprecise if index == 0 else 0, {place}
        return
    rows = (
        map_incidents(query=query)
        .annotate(gx=Floor(PointX("point") / size), gy=Floor(PointY("point") / size))
        .values_list("gx", "gy", "event_type")
        .annotate(n=Count("id"), x=Avg(PointX("point")), y=Avg(PointY("point")), worst=Max("geo_precision"),
                  imprecise=Count("id", filter=Q(geo_precision__gte=2)), first_place=Min("place_id"),
                  last_place=Max("place_id"), placeless=Count("id", filter=Q(place__isnull=True)))
        .order_by()
    )
    for gx, gy, event_type, n, x, y, worst, imprecise, first_place, last_place, placeless in rows:
        # A point without a gazetteer place counts as a place of its own (so the cell names no place).
        places = {first_place, last_place} - {None} | ({None} if placeless else set())
        yield int(gx), int(gy), event_type, n, x, y, worst or 1, imprecise, places


def map_cells(*, query: MapQuery) -> dict:
    """The grid cells of the view with their counts and type mix, the total, and the count without a place."""
    size = cell_size_degrees(query.zoom)
    cells: dict[tuple[int, int], MapCell] = {}
    places: dict[tuple[int, int], set] = defaultdict(set)
    for gx, gy, event_type, n, x, y, worst, imprecise, row_places in _cell_rows(query, size):
        cell = cells.setdefault((gx, gy), MapCell(gx, gy))
        # The symbol sits at the mean position of the cell's incidents, weighted by count.
        total = cell.count + n
        cell.lon = (cell.lon * cell.count + x * n) / total
        cell.lat = (cell.lat * cell.count + y * n) / total
        cell.count = total
        cell.types[event_type] = cell.types.get(event_type, 0) + n
        cell.imprecise += imprecise
        cell.worst_precision = max(cell.worst_precision, worst)
        places[(gx, gy)].update(row_places)
    for key, cell in cells.items():
        # One place in the cell: the panel can name it; otherwise the cell is a cluster of places.
        cell.place = next(iter(places[key])) if len(places[key]) == 1 else None
    ordered = sorted(cells.values(), key=lambda cell: (-cell.count, cell.gx, cell.gy))
    return {
        "zoom": query.zoom, "cell_degrees": size, "cells": [cell.as_json() for cell in ordered],
        "total": sum(cell.count for cell in ordered),
        "unplaced": map_incidents(query=query, placed=False).count(),
    }


def histogram_unit(first: dt.date, last: dt.date) -> str:
    """The bucket of the time histogram for a span: day, week or month."""
    span = (last - first).days
    if span <= DAY_SPAN_DAYS:
        return "day"
    return "week" if span <= WEEK_SPAN_DAYS else "month"


def bucket_start(day: dt.date, unit: str) -> dt.date:
    """The first day of the bucket a day falls in (weeks start on Saturday, as in Syria's week)."""
    if unit == "day":
        return day
    if unit == "week":
        return day - dt.timedelta(days=(day.weekday() - 5) % 7)
    return day.replace(day=1)


def map_histogram(*, query: MapQuery) -> dict:
    """Dated incidents over their whole span by bucket and type, under the filters but not the time window."""
    if _summary_answers(query, timed=False):
        summary = map_summary()
        key = ("histogram", query.event_types, query.geo_precisions)
        if key not in summary.merged:
            rows = [(day, event_type, n) for day, event_type, precision, n in summary.days
                    if _summary_keeps(query, event_type, precision)]
            summary.merged[key] = _histogram_of(rows)
        return summary.merged[key]
    rows = list(
        map_incidents(query=query, timed=False, located=False).filter(date__isnull=False)
        .values_list("date", "event_type").annotate(n=Count("id")).order_by()
    )
    return _histogram_of(rows)


def _histogram_of(rows: list[tuple[dt.date, str, int]]) -> dict:
    """Counts per day and type bucketed by the unit their span calls for."""
    if not rows:
        return {"unit": "day", "first": None, "last": None, "buckets": []}
    first = min(row[0] for row in rows)
    last = max(row[0] for row in rows)
    unit = histogram_unit(first, last)
    buckets: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, event_type, count in rows:
        buckets[bucket_start(day, unit)][event_type] += count
    return {
        "unit": unit, "first": first.isoformat(), "last": last.isoformat(),
        "buckets": [{"start": start.isoformat(), "types": dict(buckets[start])} for start in sorted(buckets)],
    }


def _incident_json(incident: Incident) -> dict:
    place = incident.place
    return {
        "id": incident.pk, "event_type": incident.event_type,
        "date": incident.date.isoformat() if incident.date else None, "date_precision": incident.date_precision,
        "place_mention": incident.place_mention, "place_name_ar": place.name_ar if place else None,
        "place_name_en": place.name_en if place else None, "geo_precision": incident.geo_precision,
        "confidence": incident.geocode_confidence, "killed": incident.killed, "injured": incident.injured,
        "casualties_estimated": incident.casualties_estimated, "actors": incident.actors,
        "weapons": incident.weapons, "evidence": incident.evidence, "outlet": incident.article.source,
        "article_title": incident.article.title, "article_id": incident.article_id,
        "original_url": incident.article.url,
    }


def month_counts(queryset: QuerySet) -> list[dict]:
    """Dated incidents of a queryset per month, in order (the place panel's small chart)."""
    counts: dict[str, int] = defaultdict(int)
    for row in queryset.filter(date__isnull=False).values("date").annotate(n=Count("id")).order_by():
        counts[row["date"].strftime("%Y-%m")] += row["n"]
    return [{"month": month, "count": counts[month]} for month in sorted(counts)]


def map_place_incidents(*, query: MapQuery, placed: bool = True) -> dict:
    """The incidents of a place or cell (newest first, at most PLACE_PANEL_LIMIT) and their months over all time."""
    in_window = map_incidents(query=query, placed=placed)
    incidents = in_window.select_related("article", "place").order_by("-date", "-id")[:PLACE_PANEL_LIMIT]
    return {
        "total": in_window.count(),
        "incidents": [_incident_json(incident) for incident in incidents],
        "months": month_counts(map_incidents(query=query, placed=placed, timed=False)),
    }


def place_search(*, text: str, limit: int = 10) -> list[dict]:
    """Places a searched name may mean: the gazetteer's resolver first (clitics, spelling variants, fuzzy Arabic),
    then English names containing the text."""
    text = text.strip()[:100]
    if not text:
        return []
    found = {candidate.place_id: candidate.place for candidate in name_index_current().candidates(text)}
    if len(found) < limit:
        for place in Place.objects.filter(name_en__icontains=text).order_by("name_en")[: limit - len(found)]:
            found.setdefault(place.pk, place_record(place))
    return [{"id": record.place_id, "name_ar": record.name_ar, "name_en": record.name_en, "kind": record.kind,
             "lat": record.lat, "lon": record.lon} for record in list(found.values())[:limit]]
