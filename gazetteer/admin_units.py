"""Import of the OCHA administrative hierarchy (governorate, district, subdistrict, with P-codes) into the gazetteer."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import transaction

from gazetteer.arabic import normalize_for_matching
from gazetteer.models import Place
from gazetteer.services import GazetteerFileError, name_index_invalidate, place_name_add, read_csv_rows

ADMIN_COLUMNS = ("level", "id", "ocha_pcode", "name_en", "name_ar", "alt_ar", "lat", "lon", "governorate", "district")
LEVEL_KINDS = {"adm1": Place.Kind.GOVERNORATE, "adm2": Place.Kind.DISTRICT, "adm3": Place.Kind.SUBDISTRICT}
ADMIN_ORIGIN = "ocha"
# Generic words written before the name of a unit; "مركز" marks the central subdistrict of a district.
_GENERIC = frozenset(normalize_for_matching(word) for word in ("محافظة", "منطقة", "ناحية", "مركز"))
_ARTICLE = normalize_for_matching("ال")
# The generic word the gazetteer writes before a unit's name (ناحية داعل): bare names stay the towns'.
KIND_PREFIX = {Place.Kind.GOVERNORATE: "محافظة", Place.Kind.DISTRICT: "منطقة", Place.Kind.SUBDISTRICT: "ناحية"}


@dataclass(frozen=True)
class AdminRow:
    """One administrative unit of the OCHA file."""

    level: str
    uid: str
    pcode: str
    name_en: str
    name_ar: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    parent_uid: str

    @property
    def kind(self) -> str:
        """The gazetteer kind of the unit."""
        return LEVEL_KINDS[self.level]

    @property
    def written_name(self) -> str:
        """The unit's Arabic name with its generic word (ناحية مزيريب, منطقة إزرع, محافظة درعا)."""
        words = self.name_ar.split(" ")
        if normalize_for_matching(words[0]) in _GENERIC:
            words = words[1:]
        return f"{KIND_PREFIX[self.kind]} {' '.join(words)}"

    def index_names(self) -> list[str]:
        """Spellings to index: only those with a generic word, so that a bare name still means the town."""
        names = [self.written_name]
        for name in (self.name_ar, *self.aliases):
            first = normalize_for_matching(name.split(" ", 1)[0])
            if first in _GENERIC and first != normalize_for_matching("مركز") and name not in names:
                names.append(name)
        return names


@dataclass
class AdminReport:
    matched: int = 0
    created: int = 0
    names_created: int = 0
    linked: int = 0


def read_admin_rows(path: Path) -> list[AdminRow]:
    """The units of an OCHA admin CSV, governorates first, checked before anything is written."""
    raw = read_csv_rows(path, ADMIN_COLUMNS, "admin file")
    rows = []
    for line, row in enumerate(raw, start=2):
        if row["level"] not in LEVEL_KINDS:
            raise GazetteerFileError(f"{path}:{line}: unknown level {row['level']!r}")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError as exc:
            raise GazetteerFileError(f"{path}:{line}: {exc}") from exc
        parent = {"adm1": "", "adm2": row["governorate"], "adm3": row["district"]}[row["level"]]
        rows.append(AdminRow(row["level"], row["id"], row["ocha_pcode"].strip(), row["name_en"].strip(),
                             row["name_ar"].strip(), tuple(a.strip() for a in row["alt_ar"].split("|") if a.strip()),
                             lat, lon, parent))
    uids = {row.uid for row in rows}
    for row in rows:
        if not row.pcode:
            raise GazetteerFileError(f"{path}: {row.uid} has no P-code")
        if row.parent_uid and row.parent_uid not in uids:
            raise GazetteerFileError(f"{path}: parent {row.parent_uid!r} of {row.uid} is not in the file")
    return sorted(rows, key=lambda row: row.level)


def _core(name: str) -> str:
    """A unit's name without generic words or the article, for matching a curated row (ناحية المزيريب = مزيريب)."""
    words = [word for word in normalize_for_matching(name).split(" ") if word and word not in _GENERIC]
    if words and words[0].startswith(_ARTICLE) and len(words[0]) > len(_ARTICLE) + 2:
        words[0] = words[0][len(_ARTICLE):]
    return " ".join(words)


def _names_of(place: Place) -> set[str]:
    return {_core(place.name_ar), *(_core(name) for name in place.names.values_list("name", flat=True))} - {""}


def _match(row: AdminRow, parent: Place | None) -> Place | None:
    """The gazetteer place of a unit: the one with its P-code, else a place of its kind and name under its parent."""
    existing = Place.objects.filter(pcode=row.pcode).first()
    if existing is not None:
        return existing
    wanted = {_core(name) for name in (row.name_ar, *row.aliases)} - {""}
    same_kind = Place.objects.filter(kind=row.kind, pcode="", country="SY")
    for scope in ([same_kind.filter(parent=parent)] if parent is not None else []) + [same_kind]:
        for place in scope:
            if _names_of(place) & wanted:
                return place
    return None


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in km, enough to choose the nearest of a few centroids."""
    mean_lat = math.radians((a[0] + b[0]) / 2.0)
    return 111.2 * math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(mean_lat))


@transaction.atomic
def admin_import(*, path: Path) -> AdminReport:
    """Store the OCHA units of a file (P-codes, Arabic and English names) and link every place to its unit.

    A curated unit of the same kind and name gains the P-code and names and keeps its point; a unit the gazetteer
    lacks is added at the file's centroid. Importing twice changes nothing.
    """
    rows = read_admin_rows(path)
    report = AdminReport()
    units: dict[str, Place] = {}
    centroids: dict[int, tuple[float, float]] = {}
    for row in rows:
        parent = units.get(row.parent_uid) if row.parent_uid else None
        place = _match(row, parent)
        if place is None:
            place = Place(key=f"ocha-{row.pcode.lower()}", name_ar=row.written_name, name_en=row.name_en, kind=row.kind,
                          parent=parent, point=Point(row.lon, row.lat, srid=4326), approximate=True,
                          source=f"opensyria-admin:{row.uid} (OCHA COD-AB boundary centroid)", pcode=row.pcode)
            place.full_clean()
            place.save()
            report.created += 1
        else:
            report.matched += 1
            if place.pcode != row.pcode:
                place.pcode = row.pcode
                place.save(update_fields=["pcode", "updated_at"])
        units[row.uid] = place
        centroids[place.pk] = (row.lat, row.lon)
        for name in row.index_names():
            report.names_created += place_name_add(place=place, name=name, origin=ADMIN_ORIGIN)[1]
        if row.name_en:
            report.names_created += place_name_add(place=place, name=row.name_en, language="en",
                                                   origin=ADMIN_ORIGIN)[1]
    report.linked = _link_places(list(units.values()), centroids)
    name_index_invalidate()
    return report


def _link_places(units: list[Place], centroids: dict[int, tuple[float, float]]) -> int:
    """Set each place's admin unit: the nearest unit in its parent chain, refined to the subdistrict whose centroid
    is nearest among those under that unit (a region spans several: it keeps the unit of its chain). Places outside
    the file's governorates are left unlinked."""
    by_pk = {unit.pk: unit for unit in units}
    children: dict[int, list[Place]] = {}
    for unit in units:
        if unit.parent_id in by_pk:
            children.setdefault(unit.parent_id, []).append(unit)
    places = {place.pk: place for place in Place.objects.all()}
    linked = 0
    for place in places.values():
        unit = _admin_ancestor(place, places, by_pk)
        if unit is not None:
            point = (place.point.y, place.point.x)
            while children.get(unit.pk) and place.kind != Place.Kind.REGION:
                unit = min(children[unit.pk], key=lambda child: _distance_km(point, centroids[child.pk]))
        if place.pk in by_pk:
            unit = None  # a unit is its own level; its chain is its parents
        if place.admin_unit_id != (unit.pk if unit else None):
            place.admin_unit = unit
            place.save(update_fields=["admin_unit", "updated_at"])
        linked += unit is not None
    return linked


def _admin_ancestor(place: Place, places: dict[int, Place], units: dict[int, Place]) -> Place | None:
    """The nearest place in the parent chain (the place itself first) that is an imported unit."""
    seen: set[int] = set()
    current: Place | None = place
    while current is not None and current.pk not in seen:
        if current.pk in units:
            return units[current.pk]
        seen.add(current.pk)
        current = places.get(current.parent_id) if current.parent_id else None
    return None
