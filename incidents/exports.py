"""Exports of incidents: GeoJSON FeatureCollection and CSV with ACLED-like columns."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable
from pathlib import Path

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


_STANDALONE_ASSETS = {
    # folium's default assets come from CDNs; a standalone map carries these files inline instead.
    "js": [("jquery", "admin/js/vendor/jquery/jquery.min.js"), ("leaflet", "leaflet/leaflet.js")],
    "css": [("leaflet_css", "leaflet/leaflet.css")],
}
TYPE_COLOURS = {
    "shelling": "#d7301f", "airstrike": "#7a0177", "siege": "#525252", "checkpoint": "#2b8cbe", "clash": "#fd8d3c",
    "assault": "#e7298a", "territorial_change": "#31a354", "arrest": "#756bb1", "assassination": "#000000",
    "explosion": "#feb24c", "other": "#999999",
}


def _escape(text: str) -> str:
    # Also $ and `, because folium places popup HTML inside a JavaScript template literal.
    return html.escape(text).replace("$", "&#36;").replace("`", "&#96;")


def _popup_html(row: dict) -> str:
    toll = ""
    if row["fatalities"] != "" or row["injured"] != "":
        toll = f"<div>killed: {row['fatalities'] or '?'}, injured: {row['injured'] or '?'}</div>"
    return (
        f"<h4>{_escape(row['event_type'].replace('_', ' '))}</h4>"
        f"<div>{_escape(row['event_date'] or 'date unknown')}</div>"
        f'<div dir="rtl" lang="ar">{_escape(row["place_mention"])}</div>{toll}'
        f'<p dir="rtl" lang="ar" style="text-align:right">{_escape(row["notes"])}</p>'
    )


def incidents_html_map(incidents: Iterable[Incident]) -> str:
    """A standalone HTML map (folium) of the incidents that opens offline: Leaflet is inlined, no tiles."""
    import folium
    from django.contrib.staticfiles import finders

    rows = [row for row in _incident_rows(incidents) if row["latitude"] != ""]
    fmap = folium.Map(location=[32.8, 36.1], zoom_start=9, tiles=None)
    fmap.default_js = [(name, f"inline:{name}") for name, _ in _STANDALONE_ASSETS["js"]]
    fmap.default_css = [(name, f"inline:{name}") for name, _ in _STANDALONE_ASSETS["css"]]
    for row in rows:
        folium.CircleMarker(
            [row["latitude"], row["longitude"]], radius=7, color="#222", weight=1, fill=True, fill_opacity=0.85,
            fill_color=TYPE_COLOURS.get(row["event_type"], "#999999"),
            popup=folium.Popup(_popup_html(row), max_width=360),
        ).add_to(fmap)
    if rows:
        fmap.fit_bounds([[min(r["latitude"] for r in rows), min(r["longitude"] for r in rows)],
                         [max(r["latitude"] for r in rows), max(r["longitude"] for r in rows)]])
    page = fmap.get_root().render()
    for kind, assets in _STANDALONE_ASSETS.items():
        for name, path in assets:
            content = Path(finders.find(path)).read_text(encoding="utf-8")
            if kind == "js":
                page = page.replace(f'<script src="inline:{name}"></script>', f"<script>{content}</script>")
            else:
                page = page.replace(f'<link rel="stylesheet" href="inline:{name}"/>', f"<style>{content}</style>")
    return page


EXPORT_FORMATS = {
    "geojson": (incidents_geojson, "application/geo+json"),
    "csv": (incidents_csv, "text/csv; charset=utf-8"),
    "html": (incidents_html_map, "text/html; charset=utf-8"),
}
