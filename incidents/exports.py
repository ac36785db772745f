"""Exports of incidents, streamed row by row at constant memory: GeoJSON (RFC 7946), ACLED-compatible CSV and a
standalone HTML map. The GeoJSON features are the API's features (same builder, same field names)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import orjson
from django.db import connections
from django.db.models import F, FloatField, Func, QuerySet, TextField
from django.db.models.functions import Cast

from incidents.acled import acled_code

# Rows read from the database per round trip, and rows per chunk written to the response.
CHUNK_ROWS = 2000
# API field name -> what it is read from; the GeoJSON properties in this order, as the API's serializer writes them.
INCIDENT_FIELDS = {
    "event_type": "event_type", "date": "date", "date_precision": "date_precision", "place_mention": "place_mention",
    "place": "place", "place_name": F("place__name_ar"), "place_name_en": F("place__name_en"),
    "geo_precision": "geo_precision", "geocode_status": "geocode_status", "geocode_confidence": "geocode_confidence",
    "actors": "actors", "weapons": "weapons", "killed": "killed", "injured": "injured",
    "casualties_estimated": "casualties_estimated", "evidence": "evidence", "review_status": "review_status",
    "article": "article", "article_title": F("article__title"),
}
_CSV_EXTRA_VALUES = {
    "source": F("article__source"), "source_url": F("article__url"), "published_on": F("article__published_on"),
    "place_pcode": F("place__pcode"), "place_admin_unit": F("place__admin_unit"), "place_country": F("place__country"),
    "updated_at": "updated_at",
}


class _Coordinate(Func):
    output_field = FloatField()


def _with_coordinates(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(lon=_Coordinate("point", function="ST_X"), lat=_Coordinate("point", function="ST_Y"))


def incident_values(queryset: QuerySet, *, extra: dict | None = None) -> QuerySet:
    """The queryset as plain dicts of the API's fields plus lon/lat (read in SQL, no geometry objects)."""
    fields = {"id": "id", **INCIDENT_FIELDS, **(extra or {})}
    plain = [lookup for name, lookup in fields.items() if isinstance(lookup, str)]
    renamed = {name: lookup for name, lookup in fields.items() if not isinstance(lookup, str)}
    return _with_coordinates(queryset).values(*plain, "lon", "lat", **renamed)


# The JSON list fields are read as their JSON text and written as it is (orjson.Fragment): no decode, no re-encode.
_JSON_TEXT_FIELDS = ("actors", "weapons")


def incident_feature_rows(queryset: QuerySet) -> QuerySet:
    """The queryset as named rows (id, lon, lat, then the API's fields in order) for incident_feature."""
    annotations = {name: lookup for name, lookup in INCIDENT_FIELDS.items() if not isinstance(lookup, str)}
    annotations |= {f"{name}_json": Cast(name, TextField()) for name in _JSON_TEXT_FIELDS}
    columns = [f"{name}_json" if name in _JSON_TEXT_FIELDS else name for name in INCIDENT_FIELDS]
    return _with_coordinates(queryset).annotate(**annotations).values_list("id", "lon", "lat", *columns, named=True)


def article_path(article_id: int) -> str:
    """The path of an incident's article page."""
    return f"/articles/{article_id}/"


def incident_feature(row) -> dict:
    """One row of incident_feature_rows as a GeoJSON Feature, as the API writes it (serialize with orjson)."""
    properties = dict(zip(INCIDENT_FIELDS, row[3:], strict=True))
    for name in _JSON_TEXT_FIELDS:
        properties[name] = orjson.Fragment(properties[name] or "[]")
    properties["article_url"] = article_path(properties["article"])
    return {
        "type": "Feature", "id": row[0], "geometry": {"type": "Point", "coordinates": [row[1], row[2]]},
        "properties": properties,
    }


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _python_features(queryset: QuerySet) -> Iterator[bytes]:
    """The features, comma-separated, in batches: named rows built into dicts and serialized with orjson."""
    for batch in _batches(incident_feature_rows(queryset).iterator(chunk_size=CHUNK_ROWS), CHUNK_ROWS):
        # One orjson call per batch: the list's brackets dropped, its commas kept.
        yield orjson.dumps([incident_feature(row) for row in batch])[1:-1]


# PostgreSQL writes each feature itself: row_to_json names the properties as the columns of `p` (in INCIDENT_FIELDS'
# order) and writes them compact, jsonb lists as their text, floats shortest-exact, dates ISO, as incident_feature.
# The rows are sorted outside the subquery so that the planner flattens it: the features are then built below the sort,
# by parallel workers where the server has them.
_FEATURE_SQL = """
SELECT '{{"type":"Feature","id":' || r.f_id || ',"geometry":{{"type":"Point","coordinates":'
       || array_to_json(ARRAY[r.f_lon, r.f_lat]) || '}},"properties":' || row_to_json(p) || '}}'
FROM ({rows}) AS r, LATERAL (SELECT {properties}, %s || r.f_article || %s AS article_url) AS p
ORDER BY {ordering}
"""


def feature_sql(queryset: QuerySet) -> tuple[str, tuple]:
    """The statement that reads the queryset (its filters and its order, by the features' own columns) as one
    GeoJSON Feature text per row, for PostGIS."""
    fields = {"id": "id", **INCIDENT_FIELDS}
    rows = _with_coordinates(queryset).annotate(**{
        f"f_{name}": F(lookup) if isinstance(lookup, str) else lookup for name, lookup in fields.items()
    }).annotate(f_lon=F("lon"), f_lat=F("lat")).order_by().values(
        *(f"f_{name}" for name in fields), "f_lon", "f_lat")
    ordering = []
    for term in queryset.query.order_by or queryset.model._meta.ordering:
        name = term.lstrip("-")
        if not isinstance(fields.get(name), str):
            raise ValueError(f"feature_sql orders by the features' columns only, not {term!r}")
        ordering.append(f"r.f_{name}{' DESC' if term.startswith('-') else ''}")
    rows_sql, params = rows.query.sql_with_params()
    properties = ", ".join(f'r.f_{name} AS "{name}"' for name in INCIDENT_FIELDS)
    before, after = article_path(0).split("0")
    sql = _FEATURE_SQL.format(rows=rows_sql, properties=properties, ordering=", ".join(ordering))
    return sql, (*params, before, after)


def _database_features(queryset: QuerySet) -> Iterator[bytes]:
    """The features, comma-separated, in batches: built by PostgreSQL and streamed (libpq's chunked rows, which
    unlike a server-side cursor let the server build them in parallel)."""
    sql, params = feature_sql(queryset)
    connection = connections[queryset.db]
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        for batch in _batches(cursor.stream(sql, params, size=CHUNK_ROWS), CHUNK_ROWS):
            yield ",".join(feature for (feature,) in batch).encode("utf-8")


def geojson_stream(queryset: QuerySet, **context) -> Iterator[bytes]:
    """The incidents as one RFC 7946 FeatureCollection, in chunks of UTF-8 bytes; on PostGIS the features are
    written by the database (faster), elsewhere in Python; both write the same features as the API."""
    postgis = connections[queryset.db].vendor == "postgresql"
    yield b'{"type":"FeatureCollection","features":['
    separator = b""
    for chunk in (_database_features if postgis else _python_features)(queryset):
        yield separator + chunk
        separator = b","
    yield b"]}\n"


# --- CSV with ACLED's columns -----------------------------------------------------------------------------------

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso",
    "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]
EXTRA_COLUMNS = [
    "incident_id", "incident_type", "evidence", "geocode_confidence", "killed", "injured", "casualties_estimated",
    "weapons", "place_mention", "location_ar", "admin1_pcode", "admin2_pcode", "admin3_pcode", "date_precision",
    "review_status", "source_url", "article_id", "article_url",
]
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
# ISO 3166 numeric codes and ACLED's country names of the countries a place of the gazetteer can lie in.
COUNTRIES = {"SY": (760, "Syria"), "JO": (400, "Jordan"), "LB": (422, "Lebanon"), "IL": (376, "Israel"),
             "IQ": (368, "Iraq"), "TR": (792, "Turkey")}
ADMIN_LEVELS = {"governorate": 1, "district": 2, "subdistrict": 3}
TIME_PRECISION = {"day": 1, "month": 3, "year": 3}
# A cell starting with one of these is read by spreadsheets as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def spreadsheet_safe(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe; other values as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def admin_units() -> dict[int, tuple[int, str, str, int | None]]:
    """Every administrative unit of the gazetteer: id -> (level 1-3, English name, OCHA P-code, parent id)."""
    from gazetteer.models import Place

    units = Place.objects.exclude(pcode="").filter(kind__in=ADMIN_LEVELS)
    return {pk: (ADMIN_LEVELS[kind], name_en or name_ar, pcode, parent)
            for pk, kind, name_en, name_ar, pcode, parent in units.values_list(
                "id", "kind", "name_en", "name_ar", "pcode", "parent")}


def admin_columns(units: dict, *, place_id: int | None, admin_unit_id: int | None) -> dict[str, str]:
    """admin1-3 and their P-codes for a place: the place itself if it is a unit, else its unit, then the parents."""
    columns = {f"admin{level}{suffix}": "" for level in (1, 2, 3) for suffix in ("", "_pcode")}
    unit_id = place_id if place_id in units else admin_unit_id
    seen: set[int] = set()
    while unit_id in units and unit_id not in seen:
        seen.add(unit_id)
        level, name, pcode, parent = units[unit_id]
        columns[f"admin{level}"], columns[f"admin{level}_pcode"] = name, pcode
        unit_id = parent
    return columns


def _notes(row: dict, location: str) -> str:
    toll = [f"{row[key]} {key}" for key in ("killed", "injured") if row[key] is not None]
    text = f"{row['event_type'].replace('_', ' ').capitalize()} reported at {location}"
    return text + (f" ({', '.join(toll)})" if toll else "") + "."


def acled_row(row: dict, units: dict, *, base_url: str = "") -> dict:
    """One incident row (incident_values with the CSV extras) as the CSV's columns; units as csv_stream makes it
    (the admin units under "units", and the admin columns of each place seen so far)."""
    date = row["date"] or row["published_on"]
    time_precision = TIME_PRECISION.get(row["date_precision"], 2) if row["date"] else 3
    coding = acled_code(incident_type=row["event_type"], actors=row["actors"] or [])
    iso, country = COUNTRIES.get(row["place_country"] or "SY", COUNTRIES["SY"])
    location = row["place_name_en"] or row["place_name"] or row["place_mention"]
    admin = units.get((row["place"], row["place_admin_unit"]))
    if admin is None:
        admin = units[(row["place"], row["place_admin_unit"])] = admin_columns(
            units["units"], place_id=row["place"], admin_unit_id=row["place_admin_unit"])
    return {
        "event_id_cnty": f"SYRHWR{row['id']}", "event_date": date.isoformat() if date else "",
        "year": date.year if date else "", "time_precision": time_precision,
        "disorder_type": coding.disorder_type, "event_type": coding.event_type,
        "sub_event_type": coding.sub_event_type, "actor1": coding.actor1, "assoc_actor_1": coding.assoc_actor_1,
        "inter1": coding.inter1, "actor2": coding.actor2, "assoc_actor_2": coding.assoc_actor_2,
        "inter2": coding.inter2, "interaction": coding.interaction, "civilian_targeting": coding.civilian_targeting,
        "iso": iso, "region": "Middle East", "country": country, **admin, "location": location,
        "latitude": round(row["lat"], 5), "longitude": round(row["lon"], 5), "geo_precision": row["geo_precision"],
        "source": row["source"], "source_scale": "", "notes": _notes(row, location),
        "fatalities": row["killed"] or 0, "tags": coding.tags, "timestamp": int(row["updated_at"].timestamp()),
        "incident_id": row["id"], "incident_type": row["event_type"], "evidence": row["evidence"],
        "geocode_confidence": row["geocode_confidence"], "killed": row["killed"], "injured": row["injured"],
        "casualties_estimated": int(row["casualties_estimated"]), "weapons": "; ".join(row["weapons"] or []),
        "place_mention": row["place_mention"], "location_ar": row["place_name"] or "",
        "date_precision": row["date_precision"], "review_status": row["review_status"],
        "source_url": row["source_url"], "article_id": row["article"],
        "article_url": base_url + article_path(row["article"]),
    }


class _Lines:
    """A file-like object that keeps what csv.writer writes until it is taken."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> bytes:
        text, self.parts = "".join(self.parts), []
        return text.encode("utf-8")


def csv_stream(queryset: QuerySet, *, base_url: str = "", **context) -> Iterator[bytes]:
    """The incidents as CSV with ACLED's columns first, then ours; UTF-8 with a BOM, formulas neutralised."""
    units: dict = {"units": admin_units()}
    lines = _Lines()
    writer = csv.writer(lines)
    lines.write(BOM)
    writer.writerow(CSV_COLUMNS)
    yield lines.take()
    rows = incident_values(queryset, extra=_CSV_EXTRA_VALUES).iterator(chunk_size=CHUNK_ROWS)
    for batch in _batches(rows, CHUNK_ROWS):
        for row in batch:
            values = acled_row(row, units, base_url=base_url)
            writer.writerow([spreadsheet_safe("" if values[c] is None else values[c]) for c in CSV_COLUMNS])
        yield lines.take()


# --- Standalone HTML map --------------------------------------------------------------------------------------------

TYPE_COLOURS = {
    "shelling": "#d7301f", "airstrike": "#7a0177", "siege": "#525252", "checkpoint": "#2b8cbe", "clash": "#fd8d3c",
    "assault": "#e7298a", "territorial_change": "#31a354", "arrest": "#756bb1", "assassination": "#000000",
    "explosion": "#feb24c", "other": "#999999",
}
_ASSETS = Path(__file__).parent / "export_assets"
# As Django's json_script: <, > and & escaped, so that no text of an article can close the script element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_for_script(value) -> str:
    """JSON (orjson) that can stand inside a <script type="application/json"> element."""
    return orjson.dumps(value).decode("utf-8").translate(_SCRIPT_ESCAPES)

_LEAFLET = ("leaflet/leaflet.js", "leaflet/leaflet.css")


def html_map_stream(queryset: QuerySet, *, base_url: str = "", title_filters: str = "", **context) -> Iterator[bytes]:
    """A standalone HTML map (Leaflet inlined, data embedded as escaped JSON) that opens offline."""
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string

    from incidents.models import Incident

    features = [incident_feature(row) for row in incident_feature_rows(queryset).iterator(chunk_size=CHUNK_ROWS)]
    counts: dict[str, int] = {}
    for feature in features:
        counts[feature["properties"]["event_type"]] = counts.get(feature["properties"]["event_type"], 0) + 1
    labels = dict(Incident.EventType.choices)
    legend = [(TYPE_COLOURS[value], labels[value], counts[value]) for value in TYPE_COLOURS if value in counts]
    data = {"type": "FeatureCollection", "features": features, "colours": TYPE_COLOURS, "base_url": base_url,
            "labels": labels}
    leaflet_js, leaflet_css = (Path(finders.find(path)).read_text(encoding="utf-8") for path in _LEAFLET)
    page = render_to_string("incidents/standalone_map.html", {
        "title_filters": title_filters, "exported_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "count": len(features), "legend": legend, "base_url": base_url,
        "data_json": json_for_script(data),
        "leaflet_js": leaflet_js, "leaflet_css": leaflet_css,
        "map_js": (_ASSETS / "standalone-map.js").read_text(encoding="utf-8"),
        "map_css": (_ASSETS / "standalone-map.css").read_text(encoding="utf-8"),
    })
    yield page.encode("utf-8")


# --- GeoPackage, converted by GDAL from the GeoJSON stream ----------------------------------------------------------

GEOPACKAGE_LAYER = "incidents"
_FILE_CHUNK = 1 << 20


class ExportUnavailable(RuntimeError):
    """An export that this installation cannot make (a tool it needs is missing); the message says what to install."""


def geopackage_stream(queryset: QuerySet, **context) -> Iterator[bytes]:
    """The incidents as a GeoPackage (one point layer "incidents", the GeoJSON's fields typed by GDAL: integers, reals,
    dates, the lists as JSON text). GDAL's ogr2ogr converts the GeoJSON stream written to a temporary file; the
    conversion runs before the first byte is returned, so that a failure is an error response, not a truncated file."""
    import shutil
    import subprocess
    import tempfile

    ogr2ogr = shutil.which("ogr2ogr")
    if ogr2ogr is None:
        raise ExportUnavailable("The GeoPackage export needs GDAL's ogr2ogr (Debian package gdal-bin).")
    with tempfile.TemporaryDirectory(prefix="hawran-gpkg-") as folder:
        source, target = Path(folder) / "incidents.geojson", Path(folder) / "incidents.gpkg"
        with source.open("wb") as handle:
            handle.writelines(geojson_stream(queryset))
        done = subprocess.run(
            # The lists (actors, weapons) as JSON text fields: GDAL's StringList has no GeoPackage type and writes an
            # empty list as "(0:)".
            [ogr2ogr, "-f", "GPKG", "-oo", "ARRAY_AS_STRING=YES", "-nln", GEOPACKAGE_LAYER, "-lco", "FID=id",
             "-preserve_fid", "-gt", "65536", str(target), str(source)], capture_output=True, text=True)
        if done.returncode != 0:
            raise ExportUnavailable(f"ogr2ogr could not write the GeoPackage: {done.stderr.strip()[-500:]}")
        # Open, then let the folder go: the open file is read to its end after its name is removed.
        result = target.open("rb")
    return _read_to_end(result)


def _read_to_end(handle) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(_FILE_CHUNK):
            yield chunk


EXPORT_FORMATS = {
    "geojson": (geojson_stream, "application/geo+json"),
    "gpkg": (geopackage_stream, "application/geopackage+sqlite3"),
    "csv": (csv_stream, "text/csv; charset=utf-8"),
    "html": (html_map_stream, "text/html; charset=utf-8"),
}
