"""The exports (GeoJSON read back with GDAL, ACLED CSV read with the csv module, standalone HTML) and the API's
paging and filters: bad values are 400s, never 500s."""

import csv
import datetime as dt
import io
import json
import re

import orjson
import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import Point

from gazetteer.models import Place
from incidents import exports, services
from incidents.models import Article, Incident
from tests.conftest import SEED_ARTICLES

pytestmark = pytest.mark.django_db
EXPORTS = ["/export/incidents.geojson", "/export/incidents.csv", "/export/incidents.html", "/export/incidents.gpkg"]
ENDPOINTS = ["/api/incidents/", *EXPORTS]
SHELLING_TAFAS = "قصفت قوات النظام اليوم مدينة طفس بقذائف الهاون."


@pytest.fixture
def ingested(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.articles_ingest_paths(paths=[SEED_ARTICLES])


def ingest_text(django_capture_on_commit_callbacks, text: str, **fields) -> Article:
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = services.article_ingest(data=text.encode(), filename="x.txt", published_on=dt.date(2021, 8, 6),
                                             **fields)
    return article


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response) -> list[dict]:
    content = body(response)
    assert content.startswith("\ufeff".encode()), "UTF-8 with a BOM, so that spreadsheets read the Arabic"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_articles_api_lists_articles(client, ingested):
    response = client.get("/api/articles/")
    assert response.status_code == 200
    assert {item["id"] for item in response.json()["results"]} == set(Article.objects.values_list("id", flat=True))


@pytest.mark.parametrize("path", ENDPOINTS)
def test_an_article_id_past_the_database_range_is_a_400_that_says_so(client, path):
    response = client.get(f"{path}?article=99999999999999999999")
    assert response.status_code == 400
    assert "article" in json.dumps(response.json())


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("query", [
    "article=abc", "article=-5", "bbox=1,2,3", "bbox=a,b,c,d", "bbox=36,33,35,32", "bbox=0,0,200,10",
    "place=0", "place=1e400", "min_confidence=2", "min_confidence=nan", "min_confidence=x", "review_status=maybe",
    "geocode_status=lost", "geo_precision=4", "geo_precision=x", "event_type=picnic", "date_from=2021-02-30",
    "actor=" + "x" * 101, "q=" + "y" * 201,
])
def test_a_bad_filter_value_is_a_400_on_the_api_and_every_export(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400, body(response)[:300]
    assert response.json()


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, django_capture_on_commit_callbacks):
    ingest_text(django_capture_on_commit_callbacks, f"عنوان\n{SHELLING_TAFAS}\n", source="=cmd|' /C calc'!A0")
    rows = read_csv(client.get("/export/incidents.csv"))
    assert rows and {row["source"] for row in rows} == {"'=cmd|' /C calc'!A0"}
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert exports.spreadsheet_safe(start + "1+1") == "'" + start + "1+1"
    assert exports.spreadsheet_safe("طفس") == "طفس" and exports.spreadsheet_safe(-3) == -3


def test_html_map_embeds_backslashes_and_closing_script_tags_as_data(client, django_capture_on_commit_callbacks):
    text = "عنوان\nقصفت قوات النظام اليوم مدينة طفس \\u00zz </script><script>alert(1)</script> بقذائف الهاون.\n"
    ingest_text(django_capture_on_commit_callbacks, text)
    html = body(client.get("/export/incidents.html")).decode()
    assert "<script>alert(1)</script>" not in html
    embedded = re.search(r'<script id="incident-data" type="application/json">(.*?)</script>', html, re.S)[1]
    evidence = json.loads(embedded)["features"][0]["properties"]["evidence"]
    assert "\\u00zz </script><script>alert(1)</script>" in evidence, "the text arrives unaltered"


def test_html_map_has_a_title_with_its_filters_a_legend_and_links_to_articles(client, ingested):
    html = body(client.get("/export/incidents.html?event_type=shelling&date_from=2021-01-01")).decode()
    title = re.search(r"<h1>(.*?)</h1>", html)[1]
    assert "event type: shelling" in title and "date from: 2021-01-01" in title
    assert 'class="legend"' in html and "Shelling (" in html and "Clash (" not in html
    assert re.search(r"exported \d{4}-\d\d-\d\d \d\d:\d\d UTC", html)
    data = json.loads(re.search(r'<script id="incident-data" type="application/json">(.*?)</script>', html, re.S)[1])
    assert data["base_url"] == "http://testserver"
    assert {f["properties"]["article_url"] for f in data["features"]} <= {f"/articles/{pk}/" for pk in
                                                                            Article.objects.values_list("id", flat=1)}


def test_geojson_export_reads_back_in_gdal_with_typed_fields(client, ingested, tmp_path):
    content = body(client.get("/export/incidents.geojson"))
    data = json.loads(content)
    assert "crs" not in data and data["type"] == "FeatureCollection"
    ids = [feature["id"] for feature in data["features"]]
    assert sorted(ids) == sorted(services.incident_list().values_list("id", flat=True))
    unknown = [f for f in data["features"] if f["properties"]["injured"] is None]
    assert unknown, "the samples have incidents with no injured count; they must be null, not an empty string"
    path = tmp_path / "incidents.geojson"
    path.write_bytes(content)
    layer = DataSource(str(path))[0]
    types = dict(zip(layer.fields, (t.__name__ for t in layer.field_types), strict=True))
    assert types["killed"] == "OFTInteger" and types["injured"] == "OFTInteger"
    assert types["date"] == "OFTDate" and types["geocode_confidence"] == "OFTReal"
    assert types["casualties_estimated"] in {"OFTInteger", "OFTBoolean"}
    assert len(layer) == len(ids)


@pytest.mark.parametrize("query", ["", "?bbox=35.5,32.4,36.5,33.4&q=%D9%82%D8%B5%D9%81", "?event_type=shelling"])
def test_geojson_export_writes_the_python_built_features_in_the_model_order(client, ingested, query):
    """On PostGIS the database writes the features; they are those incident_feature builds, in the same order."""
    from django.http import QueryDict

    from incidents.api.filters import IncidentFilter

    exported = json.loads(body(client.get(f"/export/incidents.geojson{query}")))["features"]
    filtered = IncidentFilter(QueryDict(query.lstrip("?")), queryset=services.incident_list()).qs
    built = [json.loads(orjson.dumps(exports.incident_feature(row)))
             for row in exports.incident_feature_rows(filtered)]
    assert exported == built and built


def test_geopackage_export_reads_back_in_gdal_as_the_geojson_typed(client, ingested, tmp_path):
    response = client.get("/export/incidents.gpkg?event_type=shelling&event_type=clash")
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    path = tmp_path / "incidents.gpkg"
    path.write_bytes(body(response))
    source = DataSource(str(path))
    assert source.driver.name == "GPKG" and [layer.name for layer in source] == ["incidents"]
    layer = source[0]
    features = {f["id"]: f for f in json.loads(body(client.get(
        "/export/incidents.geojson?event_type=shelling&event_type=clash")))["features"]}
    assert features and sorted(feature.fid for feature in layer) == sorted(features)
    types = dict(zip(layer.fields, (t.__name__ for t in layer.field_types), strict=True))
    assert types["killed"] == types["injured"] == types["article"] == "OFTInteger"
    assert types["date"] == "OFTDate" and types["geocode_confidence"] == "OFTReal"
    assert types["actors"] == types["weapons"] == "OFTString"
    assert layer.geom_type.name == "Point" and layer.srs.srid == 4326
    for feature in layer:
        expected = features[feature.fid]
        assert [feature.geom.x, feature.geom.y] == expected["geometry"]["coordinates"]
        assert feature.get("event_type") == expected["properties"]["event_type"]
        assert feature.get("killed") == expected["properties"]["killed"]
        for name in ("actors", "weapons"):
            assert json.loads(feature.get(name)) == expected["properties"][name]
        date = expected["properties"]["date"]
        assert (feature.get("date") and feature.get("date").isoformat()) == date


def test_api_features_are_the_exports_features_and_the_serializers(client, ingested):
    listed = client.get("/api/incidents/?page_size=1000").json()["features"]
    exported = json.loads(body(client.get("/export/incidents.geojson")))["features"]
    assert sorted(listed, key=lambda f: f["id"]) == sorted(exported, key=lambda f: f["id"])
    detail = client.get(f"/api/incidents/{listed[0]['id']}/").json()
    assert detail == listed[0]


def test_cursor_pages_walk_every_incident_once_in_id_order(client, ingested):
    seen, url = [], "/api/incidents/?page_size=3"
    while url:
        page = client.get(url).json()
        assert page["type"] == "FeatureCollection" and len(page["features"]) <= 3
        seen += [feature["id"] for feature in page["features"]]
        url = page["next"]
    assert seen == sorted(services.incident_list().values_list("id", flat=True))
    assert client.get("/api/incidents/?cursor=bad").status_code == 404


def _admin_hierarchy() -> Place:
    point = Point(36.0, 32.7, srid=4326)
    governorate = Place.objects.create(key="t-gov", name_ar="درعا", name_en="Daraa", kind="governorate", point=point,
                                       pcode="SY12", source="test")
    district = Place.objects.create(key="t-dis", name_ar="درعا", name_en="Daraa", kind="district", point=point,
                                    pcode="SY1200", parent=governorate, source="test")
    return Place.objects.create(key="t-sub", name_ar="المزيريب", name_en="Muzayrib", kind="subdistrict", point=point,
                                pcode="SY120003", parent=district, source="test")


def test_csv_has_acled_columns_in_order_then_ours(client, ingested):
    subdistrict = _admin_hierarchy()
    incident = services.incident_list().first()
    Place.objects.filter(pk=incident.place_id).update(admin_unit=subdistrict)
    rows = read_csv(client.get("/export/incidents.csv"))
    assert list(rows[0]) == exports.ACLED_COLUMNS + exports.EXTRA_COLUMNS
    assert list(rows[0])[:31] == (
        "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 "
        "inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 "
        "location latitude longitude geo_precision source source_scale notes fatalities tags timestamp").split()
    by_id = {int(row["incident_id"]): row for row in rows}
    row = by_id[incident.pk]
    assert (row["admin1"], row["admin2"], row["admin3"]) == ("Daraa", "Daraa", "Muzayrib")
    assert (row["admin1_pcode"], row["admin3_pcode"]) == ("SY12", "SY120003")
    assert row["event_id_cnty"] == f"SYRHWR{incident.pk}" and row["iso"] == "760" and row["country"] == "Syria"
    assert row["source_url"] == incident.article.url and int(row["timestamp"]) > 0
    for row in rows:
        assert row["time_precision"] in {"1", "2", "3"} and row["geo_precision"] in {"1", "2", "3"}
        assert row["event_type"] in {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                     "Strategic developments"}
        if row["incident_type"] in {"siege", "checkpoint"}:
            assert row["tags"] == row["incident_type"] and row["sub_event_type"] == "Other"
        if row["actor1"]:
            assert row["inter1"] and row["interaction"].startswith(min(row["inter1"], row["inter2"] or "9"))
    assert any(row["incident_type"] == "shelling" and row["sub_event_type"] == "Shelling/artillery/missile attack"
               for row in rows)


def ids_of(client, query: str) -> set[int]:
    return {feature["id"] for feature in client.get(f"/api/incidents/?page_size=1000&{query}").json()["features"]}


def test_bbox_place_actor_text_review_and_confidence_filters(client, ingested):
    mapped = services.incident_list()
    everything = ids_of(client, "")
    inside = ids_of(client, "bbox=36.0,32.6,36.2,32.8")
    assert inside == {i.pk for i in mapped if 36.0 <= i.point.x <= 36.2 and 32.6 <= i.point.y <= 32.8}
    assert inside and inside != everything
    some = mapped.first()
    assert ids_of(client, f"place={some.place_id}") == set(mapped.filter(place=some.place_id).values_list("id", flat=1))
    subdistrict = _admin_hierarchy()
    Place.objects.filter(pk=some.place_id).update(admin_unit=subdistrict)
    assert some.pk in ids_of(client, f"place={subdistrict.parent.parent_id}")
    named = {i.pk for i in mapped if any("regime" in actor.lower() for actor in i.actors)}
    assert named and ids_of(client, "actor=REGIME") == named
    word = some.place_mention
    assert some.pk in ids_of(client, f"q={word}")
    assert ids_of(client, f"q={word}") == {i.pk for i in mapped if word in i.evidence or word in i.place_mention
                                           or word in i.article.title}
    Incident.objects.filter(pk=some.pk).update(review_status="confirmed")
    assert ids_of(client, "review_status=confirmed") == {some.pk}
    confident = {i.pk for i in mapped if i.geocode_confidence is not None and i.geocode_confidence >= 0.9}
    assert ids_of(client, "min_confidence=0.9") == confident and confident != everything


@pytest.mark.parametrize("path", EXPORTS)
def test_every_export_applies_the_new_filters(client, ingested, path, tmp_path):
    response = client.get(f"{path}?bbox=36.0,32.6,36.2,32.8&actor=regime&min_confidence=0.5")
    assert response.status_code == 200 and response.streaming
    content = body(response)
    expected = ids_of(client, "bbox=36.0,32.6,36.2,32.8&actor=regime&min_confidence=0.5")
    if path.endswith(".csv"):
        assert {int(row["incident_id"]) for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))} == expected
    elif path.endswith(".geojson"):
        assert {f["id"] for f in json.loads(content)["features"]} == expected
    elif path.endswith(".gpkg"):
        (tmp_path / "incidents.gpkg").write_bytes(content)
        assert {feature.fid for feature in DataSource(str(tmp_path / "incidents.gpkg"))[0]} == expected
    else:
        embedded = re.search(rb'<script id="incident-data" type="application/json">(.*?)</script>', content, re.S)[1]
        assert {f["id"] for f in json.loads(embedded)["features"]} == expected


def exported_ids(client, path: str, query: str, folder) -> set[int]:
    """The incident ids of one export, read as each format is read."""
    content = body(client.get(f"{path}?{query}"))
    if path.endswith(".csv"):
        return {int(row["incident_id"]) for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
    if path.endswith(".gpkg"):
        (folder / "incidents.gpkg").write_bytes(content)
        return {feature.fid for feature in DataSource(str(folder / "incidents.gpkg"))[0]}
    if path.endswith(".html"):
        content = re.search(rb'<script id="incident-data" type="application/json">(.*?)</script>', content, re.S)[1]
    return {feature["id"] for feature in json.loads(content)["features"]}


@pytest.mark.parametrize("path", ["/api/incidents/", *EXPORTS])
def test_the_maps_geo_precision_boxes_narrow_the_api_and_every_export(client, ingested, path, tmp_path):
    """The map's export links carry geo_precision when a precision box is unchecked: the exports must apply it."""
    mapped = services.incident_list()
    coarse = set(mapped.filter(geo_precision__in=[2, 3]).values_list("id", flat=True))
    assert coarse and coarse != set(mapped.values_list("id", flat=True))
    query = "geo_precision=2&geo_precision=3"
    got = ids_of(client, query) if path.startswith("/api/") else exported_ids(client, path, query, tmp_path)
    assert got == coarse


def test_openapi_schema_is_valid_and_describes_every_incident_filter(client, tmp_path):
    from django.core.management import call_command

    from incidents.api.filters import IncidentFilter

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = client.get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    parameters = {p["name"]: p for p in schema["paths"]["/api/incidents/"]["get"]["parameters"]}
    assert set(IncidentFilter.base_filters) <= set(parameters)
    assert all(parameters[name].get("description") for name in IncidentFilter.base_filters)
    assert "cursor" in parameters and "page_size" in parameters


def test_docs_page_serves_swagger_ui_locally_with_no_inline_code(client):
    html = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="/' in attributes for attributes in scripts), "every script is a file of our own"
    assert "<style" not in html and "swagger-ui-bundle.js" in html and "//cdn" not in html
    setup = client.get("/api/docs/?script=")
    assert setup.status_code == 200 and b"SwaggerUIBundle" in setup.content
