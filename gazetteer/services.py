"""The verbs of the gazetteer: load places, build the name index, resolve a place name."""

from __future__ import annotations

import csv
import functools
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import transaction
from django.db.models import Count, Max

from gazetteer.models import Place, PlaceName
from gazetteer.resolver import HOME_COUNTRY, NameIndex, PlaceRecord, Resolution, resolve_mention

GAZETTEER_COLUMNS = (
    "key", "name_ar", "name_en", "kind", "parent", "lat", "lon",
    "population", "geonames_id", "source", "approximate", "alt_names",
)
# Optional column: the ISO country code of the place (default SY); a place abroad must say where it lies.
COUNTRY_COLUMN = "country"
DEFAULT_COUNTRY = HOME_COUNTRY
# Next to the places file: localities known to lie inside a listed place but with no position of their own.
UNPLACED_FILENAME = "unplaced.csv"
UNPLACED_COLUMNS = ("name_ar", "name_en", "within", "alt_names", "evidence")
WITHIN_ORIGIN = "within"
EDITOR_ORIGIN = "editor"


class GazetteerFileError(ValueError):
    """A gazetteer file that cannot be loaded; the message says which row and why."""


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    names_created: int = 0


def _optional_int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


def read_csv_rows(path: Path, columns: tuple[str, ...], what: str = "gazetteer file") -> list[dict[str, str]]:
    """The rows of a CSV file, refused with a GazetteerFileError when it is missing or lacks a column."""
    if not path.exists():
        raise GazetteerFileError(f"{what} not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise GazetteerFileError(f"{path}: missing columns {', '.join(sorted(missing))}")
        return list(reader)


def _read_gazetteer_rows(path: Path) -> list[dict[str, str]]:
    """Read and check the curated CSV before anything is written."""
    rows = read_csv_rows(path, GAZETTEER_COLUMNS)
    keys = {row["key"] for row in rows}
    for line, row in enumerate(rows, start=2):
        try:
            float(row["lat"]), float(row["lon"])
            _optional_int(row["population"]), _optional_int(row["geonames_id"])
        except ValueError as exc:
            raise GazetteerFileError(f"{path}:{line}: {exc}") from exc
        for field in ("key", "name_ar", "name_en", "source"):
            limit = Place._meta.get_field(field).max_length
            if len(row[field]) > limit:
                raise GazetteerFileError(f"{path}:{line}: {field} is longer than {limit} characters")
        if row["kind"] not in Place.Kind.values:
            raise GazetteerFileError(f"{path}:{line}: unknown kind {row['kind']!r}")
        if row["parent"] and row["parent"] not in keys:
            raise GazetteerFileError(f"{path}:{line}: parent {row['parent']!r} is not a key in the file")
        country = (row.get(COUNTRY_COLUMN) or DEFAULT_COUNTRY).strip()
        if not (len(country) == 2 and country.isascii() and country.isupper()):
            raise GazetteerFileError(f"{path}:{line}: country {country!r} is not an ISO 3166 alpha-2 code")
    return rows


def _read_unplaced_rows(path: Path, keys: set[str]) -> list[dict[str, str]]:
    """The unplaced localities beside a places file (none when there is no such file), checked against its keys."""
    if not path.exists():
        return []
    rows = read_csv_rows(path, UNPLACED_COLUMNS)
    for line, row in enumerate(rows, start=2):
        if not row["name_ar"].strip():
            raise GazetteerFileError(f"{path}:{line}: empty name_ar")
        if row["within"] not in keys:
            raise GazetteerFileError(f"{path}:{line}: within {row['within']!r} is not a key of the places file")
    return rows


@transaction.atomic
def gazetteer_load(*, path: Path) -> LoadReport:
    """Create or update the places of a curated CSV and their names; loading twice changes nothing.

    Localities of ``unplaced.csv`` beside the file become "within" names of the place that contains them.
    """
    rows = _read_gazetteer_rows(path)
    unplaced = _read_unplaced_rows(path.with_name(UNPLACED_FILENAME), {row["key"] for row in rows})
    report = LoadReport()
    places: dict[str, Place] = {}
    for row in rows:
        values = {
            "name_ar": row["name_ar"].strip(),
            "name_en": row["name_en"].strip(),
            "kind": row["kind"],
            "point": Point(float(row["lon"]), float(row["lat"]), srid=4326),
            "population": _optional_int(row["population"]),
            "geonames_id": _optional_int(row["geonames_id"]),
            "source": row["source"].strip(),
            "approximate": row["approximate"].strip() == "1",
            "country": (row.get(COUNTRY_COLUMN) or DEFAULT_COUNTRY).strip(),
        }
        place, created = Place.objects.update_or_create(key=row["key"], defaults=values)
        report.created += created
        report.updated += not created
        places[row["key"]] = place
    for row in rows:
        place = places[row["key"]]
        parent = places.get(row["parent"]) if row["parent"] else None
        if place.parent_id != (parent.pk if parent else None):
            place.parent = parent
            place.save(update_fields=["parent"])
        spellings = [("ar", row["name_ar"])] + [("ar", n) for n in row["alt_names"].split("|")]
        spellings.append(("en", row["name_en"]))
        for language, name in spellings:
            name = name.strip()
            if name:
                report.names_created += place_name_add(place=place, name=name, language=language, origin="curated")[1]
    for row in unplaced:
        for name in [row["name_ar"], *row["alt_names"].split("|")]:
            if name.strip():
                place = places[row["within"]]
                report.names_created += place_name_add(place=place, name=name.strip(), origin=WITHIN_ORIGIN)[1]
    name_index_invalidate()
    return report


def place_name_add(*, place: Place, name: str, language: str = "ar", origin: str = "curated") -> tuple[PlaceName, bool]:
    """Record one spelling of a place, once."""
    existing = PlaceName.objects.filter(place=place, name=name).first()
    if existing:
        return existing, False
    place_name = PlaceName(place=place, name=name, language=language, origin=origin)
    place_name.full_clean()
    place_name.save()
    return place_name, True


def place_record(place: Place) -> PlaceRecord:
    """The pure resolver's view of a Place row."""
    return PlaceRecord(
        place_id=place.pk, name_ar=place.name_ar, name_en=place.name_en, kind=place.kind,
        lat=place.point.y, lon=place.point.x, parent_id=place.parent_id, population=place.population,
        country=place.country,
    )


_index_lock = threading.Lock()
_index_cache: dict[str, object] = {}


def _gazetteer_version() -> tuple:
    places = Place.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    names = PlaceName.objects.aggregate(n=Count("id"), last=Max("id"))
    return places["n"], places["changed"], names["n"], names["last"]


def name_index_invalidate() -> None:
    """Forget the cached index of this process (other processes notice the version change)."""
    _index_cache.clear()


def name_index_current() -> NameIndex:
    """The name index of the gazetteer as it is now, rebuilt only when places or names changed."""
    version = _gazetteer_version()
    with _index_lock:
        if _index_cache.get("version") != version:
            records = [place_record(place) for place in Place.objects.all()]
            arabic = PlaceName.objects.filter(language="ar")
            names = arabic.exclude(origin__in=[WITHIN_ORIGIN, EDITOR_ORIGIN]).values_list("place_id", "name")
            within = arabic.filter(origin=WITHIN_ORIGIN).values_list("place_id", "name")
            preferred = arabic.filter(origin=EDITOR_ORIGIN).values_list("place_id", "name")
            _index_cache["index"] = NameIndex(
                records, names, within_names=within, preferred_names=preferred,
                fuzzy_threshold=settings.GAZETTEER_FUZZY_THRESHOLD,
            )
            _index_cache["version"] = version
        return _index_cache["index"]


@functools.cache
def _online_geocoder(url: str):
    """The optional online geocoder for a configured URL (one per process, so its cache and rate limit hold)."""
    from gazetteer.geocoder import OnlineGeocoder

    return OnlineGeocoder(url=url)


def place_name_resolve(
    *, name: str, index: NameIndex, context_text: str = "", context_points: tuple = (),
    mention_start: int | None = None, candidate_ids: tuple = (), precision_hint: int | None = None,
) -> Resolution:
    """Resolve a place name with the gazetteer, then with the online geocoder if one is configured."""
    resolution = resolve_mention(
        name, index, context_text=context_text, context_points=context_points, mention_start=mention_start,
        candidate_ids=candidate_ids, precision_hint=precision_hint,
    )
    url = settings.GAZETTEER_ONLINE_GEOCODER_URL
    if resolution.place_id is None and url:
        online = _online_geocoder(url).geocode(name)
        if online is not None:
            return online
    return resolution


@dataclass
class ImportReport:
    created: int = 0
    merged: int = 0
    skipped: int = 0
    names_created: int = 0


@transaction.atomic
def geonames_import(*, records: list) -> ImportReport:
    """Merge GeoNames records into the gazetteer: a curated duplicate gains the id and names, others are added."""
    from gazetteer.geonames import match_existing

    report = ImportReport()
    existing = list(Place.objects.prefetch_related("names"))
    by_geonames_id = {place.geonames_id: place for place in existing if place.geonames_id}
    for record in records:
        if not record.names_ar:
            report.skipped += 1  # Without an Arabic name it can never match Arabic text.
            continue
        place = by_geonames_id.get(record.geonameid) or match_existing(record, existing)
        if place is None:
            place = Place(
                key=f"geonames-{record.geonameid}", name_ar=record.names_ar[0], name_en=record.name,
                kind=record.kind, point=Point(record.lon, record.lat, srid=4326),
                population=record.population or None, geonames_id=record.geonameid,
                source=f"geonames:{record.geonameid}",
            )
            place.full_clean()
            place.save()
            existing.append(place)
            report.created += 1
        else:
            if place.geonames_id is None:
                place.geonames_id = record.geonameid
                place.save(update_fields=["geonames_id", "updated_at"])
            report.merged += 1
        by_geonames_id[record.geonameid] = place
        for name in record.names_ar:
            report.names_created += place_name_add(place=place, name=name, origin="geonames")[1]
    name_index_invalidate()
    return report
