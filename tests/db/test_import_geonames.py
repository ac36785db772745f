"""Importing a GeoNames country dump and merging it with the curated gazetteer."""

import functools
import http.server
import socket
import threading

import pytest
from django.core.management import CommandError, call_command

from gazetteer.models import Place, PlaceName

pytestmark = pytest.mark.django_db


def _dump_line(geonameid, name, alternates, lat, lon, admin1="06", population=0, code="PPL"):
    columns = [str(geonameid), name, name, ",".join(alternates), str(lat), str(lon), "P", code, "SY", "",
               admin1, "", "", "", str(population), "", "600", "Asia/Damascus", "2024-01-01"]
    return "\t".join(columns) + "\n"


@pytest.fixture
def dump(tmp_path):
    kahil = Place.objects.get(key="kahil")
    path = tmp_path / "SY.txt"
    path.write_text(
        # The curated Kahil (no GeoNames id yet), with another spelling, 0.5 km away: a duplicate to merge.
        _dump_line(9900001, "Kahil", ["Kahil", "كحيل", "كْحيل"], round(kahil.point.y + 0.004, 5),
                   round(kahil.point.x, 5))
        + _dump_line(9900002, "Khirbat Zaghlul", ["Khirbat Zaghlul", "خربة زغلول", "خربه زغلول"], 32.70, 36.20)
        + _dump_line(9900003, "Aleppo test", ["حلب"], 36.2, 37.15, admin1="09")
        + _dump_line(9900004, "No Arabic", ["No Arabic"], 32.71, 36.21),
        encoding="utf-8",
    )
    return path


def test_import_merges_duplicates_and_adds_new_places(dump):
    before = Place.objects.count()
    call_command("import_geonames", str(dump))
    assert Place.objects.count() == before + 1
    kahil = Place.objects.get(geonames_id=9900001)
    assert kahil.key == "kahil"
    assert PlaceName.objects.filter(place=kahil, name="كحيل").count() == 1
    assert PlaceName.objects.filter(place=kahil, name="كْحيل", origin="geonames").exists()
    new = Place.objects.get(geonames_id=9900002)
    assert new.name_ar == "خربة زغلول" and new.source == "geonames:9900002"
    assert not Place.objects.filter(geonames_id=9900003).exists(), "outside Daraa and Quneitra by default"


def test_importing_twice_changes_nothing(dump):
    call_command("import_geonames", str(dump))
    counts = Place.objects.count(), PlaceName.objects.count()
    call_command("import_geonames", str(dump))
    assert (Place.objects.count(), PlaceName.objects.count()) == counts


def test_imported_names_resolve_in_text(dump):
    from gazetteer.services import name_index_current

    call_command("import_geonames", str(dump))
    mentions = name_index_current().find_mentions("قصفت قوات النظام بلدة خربة زغلول اليوم")
    assert [m.text for m in mentions] == ["خربة زغلول"]


def test_url_that_cannot_be_reached_fails_with_a_clear_message():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(CommandError, match="could not download .*pass a local file instead"):
        call_command("import_geonames", f"http://127.0.0.1:{port}/SY.zip")


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_geonames", str(tmp_path / "SY.txt"))


def test_url_is_downloaded_then_imported(dump):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(dump.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        call_command("import_geonames", f"http://127.0.0.1:{server.server_port}/{dump.name}")
    finally:
        server.shutdown()
        server.server_close()
    assert Place.objects.filter(geonames_id=9900002).exists()
