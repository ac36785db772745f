"""Exports of incidents: GeoJSON FeatureCollection and CSV with ACLED-like columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import orjson

from incidents.models import Incident

CSV_COLUMNS = [
    "event_id", "event_date", "date_precision", "event_type", "actors", "location", "location_en", "place_mention",
    "latitude", "longitude", "geo_precision", "geocode_confidence", "weapons", "fatalities", "injured",
    "casualties_estimated", "source", "source_url", "article_id", "notes",
]


def _incident_rows(incidents: Iterable[Incident]) -> Iterable[dict]:
    for incident in incidents:
        place = incident.place
        yield {
            "event_id": incident.pk,
            "event_date": incident.date.isoformat() if incident.date else "",
            "date_precision": incident.date_precision,
            "event_type": incident.event_type,
            "actors": "; ".join(incident.actors),
            "location": place.name_ar if place else incident.place_mention,
            "location_en": place.name_en if place else "",
            "place_mention": incident.place_mention,
            "latitude": round(incident.point.y, 5) if incident.point else "",
            "longitude": round(incident.point.x, 5) if incident.point else "",
            "geo_precision": incident.geo_precision or "",
            "geocode_confidence": incident.geocode_confidence if incident.geocode_confidence is not None else "",
            "weapons": "; ".join(incident.weapons),
            "fatalities": incident.killed if incident.killed is not None else "",
            "injured": incident.injured if incident.injured is not None else "",
            "casualties_estimated": int(incident.casualties_estimated),
            "source": incident.article.source,
            "source_url": incident.article.url,
            "article_id": incident.article_id,
            "notes": incident.evidence,
        }


def incidents_csv(incidents: Iterable[Incident]) -> str:
    """The incidents as CSV text, one row per incident."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(_incident_rows(incidents))
    return buffer.getvalue()


def incidents_geojson(incidents: Iterable[Incident]) -> bytes:
    """The incidents as one GeoJSON FeatureCollection (UTF-8 bytes)."""
    features = []
    for row in _incident_rows(incidents):
        if row["latitude"] == "":
            continue
        geometry = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
        features.append({"type": "Feature", "id": row["event_id"], "geometry": geometry, "properties": row})
    return orjson.dumps({"type": "FeatureCollection", "features": features})
