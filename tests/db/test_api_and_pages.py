"""The incidents API, the exports, the article page and the admin."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.contrib.auth.models import Group, User

from incidents import services
from incidents.models import Incident
from tests.conftest import SEED_ARTICLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.articles_ingest_paths(paths=[SEED_ARTICLES])


def test_incidents_api_is_a_geojson_feature_collection(client, ingested):
    body = client.get("/api/incidents/").json()
    assert body["type"] == "FeatureCollection"
    feature = body["features"][0]
    assert feature["geometry"]["type"] == "Point"
    assert {"event_type", "date", "place_mention", "evidence", "geo_precision"} <= set(feature["properties"])
    assert body["count"] == Incident.objects.filter(point__isnull=False).count()


def test_type_filter_keeps_only_that_type(client, ingested):
    features = client.get("/api/incidents/?event_type=clash").json()["features"]
    assert features and {f["properties"]["event_type"] for f in features} == {"clash"}


def test_date_range_filter(client, ingested):
    features = client.get("/api/incidents/?date_from=2021-08-01&date_to=2021-08-31").json()["features"]
    assert features and all("2021-08-01" <= f["properties"]["date"] <= "2021-08-31" for f in features)


@pytest.mark.parametrize("query", ["date_from=yesterday", "event_type=picnic", "date_to=2021-13-40"])
def test_bad_query_parameter_is_a_400_with_the_reason(client, query):
    response = client.get(f"/api/incidents/?{query}")
    assert response.status_code == 400
    assert response.json()


def test_posting_an_article_needs_an_editor(client):
    response = client.post("/api/articles/", {"text": "قصفت قوات النظام طفس اليوم."})
    assert response.status_code == 403


def test_editor_posts_an_article_and_it_is_ingested_once(client, django_capture_on_commit_callbacks):
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    payload = {"text": "قصف على طفس\nقصفت قوات النظام اليوم مدينة طفس بقذائف الهاون.", "published_on": "2021-08-06"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/api/articles/", payload, content_type="application/json")
    assert first.status_code == 201, first.content
    second = client.post("/api/articles/", payload, content_type="application/json")
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    bad = client.post("/api/articles/", {"text": "no arabic here"}, content_type="application/json")
    assert bad.status_code == 400 and "Arabic" in bad.json()["detail"]


def test_csv_export_has_a_row_per_mapped_incident(client, ingested):
    response = client.get("/export/incidents.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == Incident.objects.filter(point__isnull=False).count()
    assert {"event_date", "event_type", "latitude", "longitude", "notes"} <= set(rows[0])


def test_geojson_export_filters_by_type(client, ingested):
    data = json.loads(client.get("/export/incidents.geojson?event_type=shelling").content)
    assert data["features"] and {f["properties"]["event_type"] for f in data["features"]} == {"shelling"}
    assert client.get("/export/incidents.geojson?date_from=nope").status_code == 400


def test_map_page_serves_leaflet_locally(client):
    html = client.get("/").content.decode()
    assert "/static/leaflet/leaflet.js" in html and "/static/incidents/map.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_article_page_escapes_markup_and_shows_text_rtl(client, django_capture_on_commit_callbacks):
    text = "عنوان <script>alert(1)</script>\nقصفت قوات النظام اليوم مدينة طفس <b>بقذائف</b> الهاون.\n"
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = services.article_ingest(data=text.encode(), filename="x.txt")
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'class="article-text" dir="rtl"' in html
    assert "<mark" in html


def test_admin_incident_page_has_a_map_widget_for_the_point(client, ingested):
    client.force_login(User.objects.create_superuser("admin", "a@example.org", "x"))
    incident = Incident.objects.first()
    html = client.get(f"/admin/incidents/incident/{incident.pk}/change/").content.decode()
    assert "leaflet" in html.lower() and 'name="point"' in html


@pytest.mark.parametrize(("tile_url", "base_layer"), [("", True), ("https://tiles.example.org/{z}/{x}/{y}.png", False)])
def test_admin_point_widgets_get_the_settlements_layer_only_without_tiles(client, settings, tile_url, base_layer):
    settings.MAP_TILE_URL = tile_url
    client.force_login(User.objects.create_superuser("admin", "a@example.org", "x"))
    for page in ("/admin/gazetteer/place/add/", "/admin/incidents/incident/add/"):
        html = client.get(page).content.decode()
        assert 'name="point"' in html
        assert ('src="/static/gazetteer/admin-places.js" data-places-api="/api/places/"' in html) is base_layer


def test_standalone_html_map_needs_no_network_and_escapes_text(client, django_capture_on_commit_callbacks):
    text = "عنوان\nقصفت قوات النظام اليوم مدينة طفس <img src=x onerror=alert(1)> بقذائف الهاون ${x}.\n"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_ingest(data=text.encode(), filename="x.txt", published_on=dt.date(2021, 8, 6))
    html = client.get("/export/incidents.html").content.decode()
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html), "every asset is inline"
    assert "L.circleMarker" in html and html.count("L.circleMarker(") == Incident.objects.count()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "${x}" not in html


def test_export_command_writes_a_filtered_csv(ingested, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "out.csv"
    call_command("export", "--format", "csv", "--event-type", "clash", "--output", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows and {row["event_type"] for row in rows} == {"clash"}
    assert len(rows) == Incident.objects.filter(event_type="clash", point__isnull=False).count()
