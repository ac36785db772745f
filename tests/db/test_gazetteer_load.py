"""Loading the curated gazetteer into the database."""

import pytest
from django.core.management import CommandError, call_command

from gazetteer.models import Place, PlaceName
from gazetteer.services import GazetteerFileError, gazetteer_load, name_index_current

pytestmark = pytest.mark.django_db

HEADER = "key,name_ar,name_en,kind,parent,lat,lon,population,geonames_id,source,approximate,alt_names\n"


def test_every_sample_place_is_in_the_loaded_gazetteer():
    for name in ["درعا البلد", "الصنمين", "طفس", "المنشية", "طريق السد", "ناحتة", "المزيريب", "أم المياذن"]:
        assert PlaceName.objects.filter(name=name).exists(), name


def test_loading_the_seed_file_twice_creates_nothing_new(settings):
    places, names = Place.objects.count(), PlaceName.objects.count()
    call_command("load_gazetteer")
    assert (Place.objects.count(), PlaceName.objects.count()) == (places, names)


def test_quarters_of_daraa_have_the_city_as_parent():
    quarter = Place.objects.get(names__name="درعا البلد")
    assert quarter.kind == Place.Kind.QUARTER
    assert quarter.parent.name_en.lower().startswith("daraa")


def test_normalized_form_drops_hamza_for_matching_but_keeps_the_written_name():
    place = Place.objects.filter(kind__in=["city", "town", "village"]).first()
    name = PlaceName.objects.create(place=place, name="إزرعِ", normalized="")
    name.full_clean()
    assert name.normalized == "ازرع"
    assert name.name == "إزرعِ"


def test_file_with_unknown_parent_is_rejected_before_anything_is_written(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "x,س,X,town,nowhere,32.6,36.1,,,approximate: test,1,\n", encoding="utf-8")
    before = Place.objects.count()
    with pytest.raises(GazetteerFileError, match="parent 'nowhere'"):
        gazetteer_load(path=bad)
    assert Place.objects.count() == before


def test_source_longer_than_its_column_is_rejected_on_every_database(tmp_path):
    bad = tmp_path / "long.csv"
    bad.write_text(HEADER + f"x,س,X,town,,32.6,36.1,,,approximate: {'x' * 300},1,\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError, match="source is longer than 300"):
        gazetteer_load(path=bad)


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="not found"):
        call_command("load_gazetteer", str(tmp_path / "none.csv"))


def test_name_index_is_rebuilt_when_a_name_is_added():
    index = name_index_current()
    assert [m.place_ids for m in index.find_mentions("قصف على بلدة زيزفونة")] == [()]
    place = Place.objects.get(names__name="طفس")
    PlaceName.objects.create(place=place, name="زيزفونة", normalized="زيزفونه")
    mentions = name_index_current().find_mentions("قصف على بلدة زيزفونة")
    assert [(m.text, m.place_ids) for m in mentions] == [("زيزفونة", (place.pk,))]


def test_unplaced_localities_become_within_names_of_their_container():
    lajat = Place.objects.get(key="lajat")
    assert PlaceName.objects.filter(place=lajat, name="الشومرة", origin="within").exists()
    index = name_index_current()
    assert [m.place_ids for m in index.find_mentions("قصف على قرية الشومرة")] == [(lajat.pk,)]


def test_unplaced_file_naming_an_unknown_container_is_rejected_before_anything_is_written(tmp_path):
    places = tmp_path / "places.csv"
    places.write_text(HEADER + "x,س,X,town,,32.6,36.1,,,approximate: test,1,\n", encoding="utf-8")
    (tmp_path / "unplaced.csv").write_text(
        "name_ar,name_en,within,alt_names,evidence\nص,Y,nowhere,,test\n", encoding="utf-8"
    )
    before = Place.objects.count()
    with pytest.raises(GazetteerFileError, match="within 'nowhere'"):
        gazetteer_load(path=places)
    assert Place.objects.count() == before
