"""Checks of the curated gazetteer seed file (seeds/gazetteer/places.csv): pure csv, no Django, no database."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

PLACES_CSV = Path(__file__).resolve().parents[2] / "seeds" / "gazetteer" / "places.csv"
UNPLACED_CSV = PLACES_CSV.with_name("unplaced.csv")

COLUMNS = [
    "key", "name_ar", "name_en", "kind", "parent", "lat", "lon",
    "population", "geonames_id", "source", "approximate", "alt_names", "country",
]
KINDS = {
    "governorate", "district", "subdistrict", "city", "town", "village",
    "quarter", "camp", "site", "hill", "crossing", "region",
}
SETTLEMENT_KINDS = {"city", "town", "village"}
# Syria and its neighbours (Aleppo, Amman, Sidon all fall inside).
LAT_RANGE = (31.5, 37.5)
LON_RANGE = (35.0, 42.5)
# Syria's extent; a place outside it must say which country it is in.
SYRIA_BOX = ((32.3, 37.35), (35.6, 42.4))  # the Golan reaches 35.62
NEIGHBOURS = {"JO", "LB", "IL", "IQ", "TR"}
# Places the press names outside the south (issue 8): quarters of Damascus and Aleppo, towns of Rif Dimashq and
# as-Suwayda, with the parent that places them.
SYRIA_WIDE = [
    ("جوبر", "damascus"), ("القابون", "damascus"), ("برزة", "damascus"), ("التضامن", "damascus"),
    ("باب توما", "damascus"), ("المزة", "damascus"),
    ("صلاح الدين", "aleppo"), ("سيف الدولة", "aleppo"), ("بستان القصر", "aleppo"), ("الصاخور", "aleppo"),
    ("الشيخ مقصود", "aleppo"), ("هنانو", "aleppo"), ("السكري", "aleppo"), ("الأنصاري", "aleppo"),
    ("كرم الجبل", "aleppo"), ("الكلاسة", "aleppo"), ("باب النيرب", "aleppo"),
    ("داريا", "rif-dimashq-governorate"), ("دوما", "rif-dimashq-governorate"), ("حرستا", "rif-dimashq-governorate"),
    ("زملكا", "rif-dimashq-governorate"), ("عين ترما", "rif-dimashq-governorate"),
    ("معضمية الشام", "rif-dimashq-governorate"), ("قدسيا", "rif-dimashq-governorate"),
    ("التل", "rif-dimashq-governorate"), ("الزبداني", "rif-dimashq-governorate"), ("مضايا", "rif-dimashq-governorate"),
    ("يبرود", "rif-dimashq-governorate"), ("خان الشيح", "rif-dimashq-governorate"),
    ("الكسوة", "rif-dimashq-governorate"), ("صحنايا", "rif-dimashq-governorate"),
    ("جديدة عرطوز", "rif-dimashq-governorate"),
    ("شهبا", "suwayda-governorate"), ("صلخد", "suwayda-governorate"), ("القريا", "suwayda-governorate"),
    ("عرمان", "suwayda-governorate"), ("عريقة", "suwayda-governorate"), ("المزرعة", "suwayda-governorate"),
    ("الثعلة", "suwayda-governorate"),
]
DARAA_BOX = ((32.3, 33.2), (35.75, 36.6))
QUNEITRA_BOX = ((32.7, 33.35), (35.6, 36.0))
# The requirement is every Daraa community (about 150). The file does not reach that yet; this is the count it
# reached with sourced rows, so a drop below it means rows were lost. Raise it towards 150 as villages are added.
DARAA_SETTLEMENTS_MINIMUM = 102
DARAA_QUARTERS = [
    "درعا البلد", "درعا المحطة", "المنشية", "طريق السد", "المخيم", "السحاري", "الكاشف", "القبة",
    "سجنة", "الأربعين", "قصاد", "النخلة", "البحار", "الشياح", "المطار", "الضاحية", "الصوامع",
]


def _read_rows() -> tuple[list[str], list[dict]]:
    with PLACES_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    """All data rows of the seed file."""
    return _read_rows()[1]


@pytest.fixture(scope="module")
def by_key(rows) -> dict[str, dict]:
    """Rows indexed by key."""
    return {row["key"]: row for row in rows}


def _ancestors(row: dict, by_key: dict[str, dict]) -> list[dict]:
    chain, seen = [], {row["key"]}
    while row["parent"]:
        row = by_key[row["parent"]]
        assert row["key"] not in seen, f"parent cycle through {row['key']}"
        seen.add(row["key"])
        chain.append(row)
    return chain


def _governorate(row: dict, by_key: dict[str, dict]) -> str | None:
    for candidate in [row, *_ancestors(row, by_key)]:
        if candidate["kind"] == "governorate":
            return candidate["key"]
    return None


def test_header_has_exactly_the_required_columns():
    header, _ = _read_rows()
    assert header == COLUMNS


def test_every_row_has_a_value_for_every_column(rows):
    for row in rows:
        assert None not in row, f"{row.get('key')}: more fields than columns"
        assert all(value is not None for value in row.values()), f"{row.get('key')}: fewer fields than columns"


def test_keys_are_unique_ascii_slugs(rows):
    keys = [row["key"] for row in rows]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert not duplicates
    for key in keys:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key), key


def test_every_parent_key_exists_and_no_parent_chain_loops(rows, by_key):
    missing = [(row["key"], row["parent"]) for row in rows if row["parent"] and row["parent"] not in by_key]
    assert not missing
    for row in rows:
        _ancestors(row, by_key)


def test_governorates_have_no_parent(rows):
    for row in rows:
        if row["kind"] == "governorate":
            assert row["parent"] == "", row["key"]


def test_coordinates_are_numeric_and_inside_southern_syria_and_neighbours(rows):
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        assert LAT_RANGE[0] <= lat <= LAT_RANGE[1], (row["key"], lat)
        assert LON_RANGE[0] <= lon <= LON_RANGE[1], (row["key"], lon)


def test_coordinates_have_five_decimals(rows):
    for row in rows:
        assert re.fullmatch(r"-?\d+\.\d{5}", row["lat"]), (row["key"], row["lat"])
        assert re.fullmatch(r"-?\d+\.\d{5}", row["lon"]), (row["key"], row["lon"])


@pytest.mark.parametrize(
    ("governorate", "box"), [("daraa-governorate", DARAA_BOX), ("quneitra-governorate", QUNEITRA_BOX)]
)
def test_places_under_a_governorate_lie_inside_it(rows, by_key, governorate, box):
    (lat_min, lat_max), (lon_min, lon_max) = box
    inside = [row for row in rows if _governorate(row, by_key) == governorate]
    assert inside
    for row in inside:
        assert lat_min <= float(row["lat"]) <= lat_max, (row["key"], row["lat"])
        assert lon_min <= float(row["lon"]) <= lon_max, (row["key"], row["lon"])


def test_kind_is_one_of_the_allowed_kinds(rows):
    assert {row["kind"] for row in rows} <= KINDS


def test_every_row_names_a_source_that_fits_the_database_column(rows):
    for row in rows:
        assert row["source"].strip(), row["key"]
        assert len(row["source"]) <= 300, row["key"]  # Place.source; SQLite would not say, PostgreSQL would


def test_approximate_is_binary_and_set_for_approximate_sources(rows):
    for row in rows:
        assert row["approximate"] in {"0", "1"}, row["key"]
        if row["source"].startswith("approximate"):
            assert row["approximate"] == "1", row["key"]


def test_geonames_sources_match_the_geonames_id_column(rows):
    for row in rows:
        if row["source"].startswith("geonames:"):
            assert row["source"] == f"geonames:{row['geonames_id']}", row["key"]
        if row["geonames_id"]:
            assert row["geonames_id"].isdigit(), row["key"]


def test_population_is_empty_or_a_positive_integer(rows):
    for row in rows:
        assert row["population"] == "" or (row["population"].isdigit() and int(row["population"]) > 0), row["key"]


def test_names_are_arabic_without_the_generic_word_hayy(rows):
    for row in rows:
        assert re.search(r"[\u0600-\u06FF]", row["name_ar"]), row["key"]
        assert not row["name_ar"].startswith("حي "), row["key"]
        for alt in filter(None, row["alt_names"].split("|")):
            assert alt == alt.strip() and re.search(r"[\u0600-\u06FF]", alt), (row["key"], alt)


def test_daraa_has_at_least_the_reached_number_of_cities_towns_and_villages(rows, by_key):
    settlements = [
        row for row in rows
        if row["kind"] in SETTLEMENT_KINDS and _governorate(row, by_key) == "daraa-governorate"
    ]
    assert len(settlements) >= DARAA_SETTLEMENTS_MINIMUM


@pytest.mark.parametrize("name", DARAA_QUARTERS)
def test_daraa_city_quarter_exists_with_parent_daraa(rows, name):
    matches = [
        row for row in rows
        if row["kind"] == "quarter"
        and (row["name_ar"] == name or name in row["alt_names"].split("|"))
    ]
    assert matches, name
    assert all(row["parent"] == "daraa" for row in matches), name


def test_daraa_city_row_is_a_city_in_daraa_governorate(by_key):
    daraa = by_key["daraa"]
    assert daraa["kind"] == "city" and daraa["name_ar"] == "درعا"
    assert _governorate(daraa, by_key) == "daraa-governorate"


@pytest.mark.parametrize(("name", "minimum"), [("صيدا", 2), ("الشجرة", 2), ("عقربا", 2), ("الطيبة", 2)])
def test_homonyms_are_separate_rows(rows, name, minimum):
    keys = {row["key"] for row in rows if row["name_ar"] == name}
    assert len(keys) >= minimum, (name, keys)


def test_required_districts_exist_under_their_governorates(by_key):
    expected = {
        "daraa-district": "daraa-governorate",
        "izra-district": "daraa-governorate",
        "sanamayn-district": "daraa-governorate",
        "quneitra-district": "quneitra-governorate",
        "fiq-district": "quneitra-governorate",
    }
    for key, governorate in expected.items():
        assert by_key[key]["kind"] == "district"
        assert by_key[key]["parent"] == governorate


def test_unplaced_localities_name_an_existing_container_and_their_evidence(by_key):
    with UNPLACED_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["name_ar", "name_en", "within", "alt_names", "evidence"]
        unplaced = list(reader)
    assert unplaced
    placed_names = {name for row in by_key.values() for name in [row["name_ar"], *row["alt_names"].split("|")]}
    for row in unplaced:
        assert row["within"] in by_key, row["name_ar"]
        assert re.search(r"[\u0600-\u06FF]", row["name_ar"]) and row["evidence"].strip(), row["name_ar"]
        # A locality that has a row of its own is no longer unplaced.
        assert row["name_ar"] not in placed_names, row["name_ar"]


def test_country_is_an_iso_code_and_places_abroad_are_neighbours(rows):
    for row in rows:
        assert re.fullmatch(r"[A-Z]{2}", row["country"]), row["key"]
        assert row["country"] == "SY" or row["country"] in NEIGHBOURS, row["key"]


def test_places_outside_syria_say_so(rows):
    (lat_min, lat_max), (lon_min, lon_max) = SYRIA_BOX
    for row in rows:
        inside = lat_min <= float(row["lat"]) <= lat_max and lon_min <= float(row["lon"]) <= lon_max
        if not inside:
            assert row["country"] != "SY", row["key"]
        if row["country"] != "SY":
            assert row["parent"] == "", row["key"]  # no Syrian unit contains a place abroad


@pytest.mark.parametrize(("name", "parent"), SYRIA_WIDE)
def test_places_the_press_names_across_syria_exist_under_their_parent(rows, name, parent):
    matches = [row for row in rows if row["name_ar"] == name or name in row["alt_names"].split("|")]
    assert any(row["parent"] == parent and row["country"] == "SY" for row in matches), (name, matches)
