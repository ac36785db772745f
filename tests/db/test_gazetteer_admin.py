"""Importing the OCHA admin hierarchy (P-codes, Arabic names) and linking places to their units."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from gazetteer.admin_units import admin_import, read_admin_rows
from gazetteer.models import Place, PlaceName
from gazetteer.resolver import resolve_mention
from gazetteer.services import GazetteerFileError, name_index_current

pytestmark = pytest.mark.django_db

HEADER = "level,id,ocha_pcode,name_en,name_ar,alt_ar,lat,lon,governorate,district,geonames,wikidata\n"
# A small hand-written file in the OpenSyria layout (not the shared data): one governorate, district, 2 subdistricts.
SMALL = HEADER + (
    "adm1,g,SY12,Daraa,درعا,محافظة درعا,32.85,36.2,g,,,\n"
    "adm2,g-d,SY1203,Izra,إزرع,منطقة إزرع,32.9,36.16,g,,,\n"
    "adm3,g-d-nawa,SY120303,Nawa,نوى,ناحية نوى,32.87,36.04,g,g-d,,\n"
    "adm3,g-d-new,SY120399,Test Subdistrict,مركز تجريبي,,32.95,36.30,g,g-d,,\n"
)
SHARED = Path(settings.GAZETTEER_ADMIN_PATH)


@pytest.fixture()
def small(tmp_path) -> Path:
    path = tmp_path / "admin.csv"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_curated_units_gain_their_pcode_and_keep_their_point(small):
    point = Place.objects.get(key="izra-district").point
    report = admin_import(path=small)
    assert (report.matched, report.created) == (3, 1)
    izra = Place.objects.get(key="izra-district")
    assert izra.pcode == "SY1203" and izra.point == point
    assert Place.objects.get(key="daraa-governorate").pcode == "SY12"
    assert Place.objects.get(key="nawa-subdistrict").pcode == "SY120303"


def test_a_unit_the_gazetteer_lacks_is_added_under_its_district_with_its_generic_word(small):
    admin_import(path=small)
    unit = Place.objects.get(pcode="SY120399")
    assert (unit.kind, unit.parent.key, unit.name_ar, unit.name_en) == ("subdistrict", "izra-district",
                                                                      "ناحية تجريبي", "Test Subdistrict")
    assert unit.approximate and unit.source.startswith("opensyria-admin:")


def test_places_are_linked_to_their_unit_by_parent_chain(small):
    admin_import(path=small)
    nawa = Place.objects.get(key="nawa")
    assert nawa.admin_unit.pcode == "SY120303"
    assert [unit.pcode for unit in nawa.admin_chain()] == ["SY120303", "SY1203", "SY12"]
    # Rif Dimashq is not in the file: its places stay unlinked.
    assert Place.objects.get(key="darayya").admin_unit is None


def test_importing_twice_changes_nothing(small):
    admin_import(path=small)
    counts = (Place.objects.count(), PlaceName.objects.count())
    report = admin_import(path=small)
    assert report.created == 0 and report.names_created == 0
    assert (Place.objects.count(), PlaceName.objects.count()) == counts


def test_bare_names_still_mean_the_town_after_the_import(small):
    admin_import(path=small)
    resolution = resolve_mention("نوى", name_index_current(), context_text="قصف على مدينة نوى")
    assert Place.objects.get(pk=resolution.place_id).key == "nawa"


def test_a_file_with_an_unknown_level_or_parent_is_rejected(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "adm4,x,SY1,X,س,,32,36,,,,\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError):
        read_admin_rows(bad)
    bad.write_text(HEADER + "adm2,x,SY1200,X,س,,32,36,nowhere,,,\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError):
        read_admin_rows(bad)
    with pytest.raises(CommandError):
        call_command("import_admin", str(tmp_path / "missing.csv"))


@pytest.mark.skipif(not SHARED.exists(), reason="the OpenSyria admin file is not present")
def test_the_shared_opensyria_file_covers_every_curated_unit_of_daraa_and_quneitra():
    call_command("import_admin")
    curated = Place.objects.filter(kind__in=["governorate", "district", "subdistrict"], key__regex=r"^(?!ocha-)")
    southern = [place for place in curated if place.key.split("-")[0] not in ("rif", "suwayda", "aleppo")]
    assert all(place.pcode for place in southern), [p.key for p in southern if not p.pcode]
    assert Place.objects.filter(pcode__startswith="SY", kind="subdistrict").count() == 23
    assert Place.objects.get(key="tafas").admin_unit.key == "muzayrib-subdistrict"
    assert Place.objects.get(key="daraa-subdistrict").pcode == "SY120000"
