"""The map's endpoints (incidents.api.map): cells by zoom and viewport, the histogram, a place's panel, the search."""

import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from gazetteer.models import Place
from incidents import mapdata
from incidents.models import Article, Incident

pytestmark = pytest.mark.django_db

NAWA = (36.03905, 32.88646)
JASIM = (36.06093, 32.99125)


@pytest.fixture
def article():
    return Article.objects.create(title="t", body="نص", source="Enab Baladi", url="https://example.org/a",
                                  content_hash="map-test")


def make(article, event_type="shelling", at=NAWA, day=dt.date(2018, 2, 21), **fields):
    place = fields.pop("place", None)
    precision = fields.pop("date_precision", "day" if day else "")
    return Incident.objects.create(
        article=article, event_type=event_type, date=day, date_precision=precision,
        place_mention="نوى", mention_start=0, mention_end=3, place=place, point=Point(*at, srid=4326) if at else None,
        geo_precision=fields.pop("geo_precision", 1 if at else None), geocode_status="resolved" if at else "unresolved",
        evidence="قصف مدفعي على مدينة نوى <b>", **fields,
    )


def cells(client, query: str) -> dict:
    response = client.get("/api/map/cells/?" + query)
    assert response.status_code == 200, response.content
    return response.json()


def test_incidents_at_one_place_make_one_cell_with_their_type_mix(client, article):
    make(article, "shelling")
    make(article, "shelling")
    make(article, "clash")
    body = cells(client, "zoom=10")
    assert body["total"] == 3
    assert len(body["cells"]) == 1
    assert body["cells"][0]["types"] == {"shelling": 2, "clash": 1}
    assert body["cells"][0]["count"] == 3


def test_zooming_in_splits_a_cluster_of_two_towns(client, article):
    make(article, at=NAWA)
    make(article, at=JASIM)
    assert len(cells(client, "zoom=7")["cells"]) == 1
    assert len(cells(client, "zoom=12")["cells"]) == 2


def test_viewport_time_window_and_filters_narrow_the_cells(client, article):
    make(article, at=NAWA, day=dt.date(2018, 2, 21), actors=["Hezbollah"], geocode_confidence=0.9)
    make(article, at=JASIM, day=dt.date(2019, 5, 1), actors=["Syrian regime forces"], geocode_confidence=0.4,
         geo_precision=2)
    assert cells(client, "zoom=12&bbox=36.0,32.85,36.05,32.9")["total"] == 1
    assert cells(client, "date_from=2019-01-01&date_to=2019-12-31")["total"] == 1
    assert cells(client, "actor=Hezbollah")["cells"][0]["lat"] == pytest.approx(NAWA[1])
    assert cells(client, "min_confidence=0.5")["total"] == 1
    assert cells(client, "geo_precision=2")["total"] == 1
    assert cells(client, "event_type=clash")["total"] == 0


def test_rejected_incidents_are_left_out_and_those_without_a_place_are_counted(client, article):
    make(article)
    make(article, review_status="rejected")
    make(article, at=None)
    make(article, at=None, event_type="clash")
    body = cells(client, "zoom=9")
    assert (body["total"], body["unplaced"]) == (1, 2)
    assert cells(client, "event_type=clash")["unplaced"] == 1
    panel = client.get("/api/map/incidents/?unplaced=1").json()
    assert panel["total"] == 2


def test_a_cell_of_one_place_names_the_place(client, article):
    nawa = Place.objects.get(key="nawa")
    make(article, place=nawa)
    make(article, place=nawa, event_type="clash")
    assert cells(client, "zoom=12")["cells"][0]["place"] == nawa.pk


def test_imprecise_incidents_are_flagged_for_a_halo(client, article):
    make(article, geo_precision=3)
    cell = cells(client, "zoom=10")["cells"][0]
    assert (cell["imprecise"], cell["precision"]) == (1, 3)


def test_histogram_covers_the_whole_span_by_type_whatever_the_window(client, article):
    make(article, "shelling", day=dt.date(2018, 2, 21))
    make(article, "clash", day=dt.date(2018, 2, 21))
    make(article, "clash", day=dt.date(2018, 3, 2))
    make(article, "clash", day=None)
    body = client.get("/api/map/histogram/?date_from=2018-03-01").json()
    assert body["unit"] == "day"
    assert body["buckets"] == [{"start": "2018-02-21", "types": {"shelling": 1, "clash": 1}},
                               {"start": "2018-03-02", "types": {"clash": 1}}]
    assert client.get("/api/map/histogram/?event_type=shelling").json()["buckets"] == [
        {"start": "2018-02-21", "types": {"shelling": 1}}]


def test_histogram_buckets_a_long_span_by_month():
    assert mapdata.histogram_unit(dt.date(2011, 1, 1), dt.date(2024, 1, 1)) == "month"
    assert mapdata.histogram_unit(dt.date(2017, 1, 1), dt.date(2019, 1, 1)) == "week"
    assert mapdata.bucket_start(dt.date(2018, 2, 21), "week") == dt.date(2018, 2, 17)  # a Saturday
    assert mapdata.bucket_start(dt.date(2018, 2, 21), "month") == dt.date(2018, 2, 1)


def test_place_panel_lists_the_incidents_with_their_details_and_months(client, article):
    nawa = Place.objects.get(key="nawa")
    make(article, place=nawa, day=dt.date(2018, 2, 21), actors=["Hezbollah"], weapons=["mortar"], killed=2)
    make(article, place=nawa, day=dt.date(2018, 4, 2), date_precision="month")
    make(article, at=JASIM, day=dt.date(2018, 4, 3))
    body = client.get(f"/api/map/incidents/?place={nawa.pk}&date_from=2018-04-01").json()
    assert body["total"] == 1
    assert body["months"] == [{"month": "2018-02", "count": 1}, {"month": "2018-04", "count": 1}]
    first = client.get(f"/api/map/incidents/?place={nawa.pk}").json()["incidents"][-1]
    assert first["actors"] == ["Hezbollah"] and first["weapons"] == ["mortar"] and first["killed"] == 2
    assert first["outlet"] == "Enab Baladi" and first["original_url"] == "https://example.org/a"
    assert first["evidence"] == "قصف مدفعي على مدينة نوى <b>"  # Arabic text is data: returned unaltered
    assert first["place_name_en"] == "Nawa"


@pytest.mark.parametrize("query", ["zoom=40", "bbox=1,2,3", "bbox=10,10,5,20", "date_from=21-02-2018",
                                   "event_type=picnic", "min_confidence=2", "geo_precision=5"])
def test_bad_map_query_is_a_400_that_names_the_parameter(client, query):
    response = client.get("/api/map/cells/?" + query)
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


@pytest.mark.parametrize(("text", "key"), [("نوى", "nawa"), ("بنوى", "nawa"), ("وبنوى", "nawa"), ("نوا", "nawa"),
                                           ("Nawa", "nawa"), ("jasi", "jasim")])
def test_place_search_knows_clitics_variants_and_english(client, text, key):
    places = client.get("/api/map/places/", {"q": text}).json()["places"]
    assert key in {Place.objects.get(pk=place["id"]).key for place in places}


def test_place_search_of_nothing_finds_nothing(client):
    assert client.get("/api/map/places/?q=").json()["places"] == []


@pytest.mark.parametrize(("path", "lang", "direction", "words"), [
    ("/", "en", "ltr", ["Event types", "Find a place", "shelling"]),
    ("/ar/", "ar", "rtl", ["أنواع الأحداث", "ابحث عن مكان", "قصف"]),
])
def test_map_page_in_each_language(client, path, lang, direction, words):
    page = client.get(path).content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in page
    for word in words:
        assert word in page
    assert "style=" not in page  # no inline styles for the CSP
    assert "<script>" not in page  # no inline script either (the strings are a JSON data block)


def _mixed_incidents(article):
    nawa = Place.objects.get(key="nawa")
    make(article, "shelling", place=nawa)
    make(article, "clash", place=nawa, geo_precision=2)
    make(article, "clash", at=JASIM, day=dt.date(2019, 5, 1), geo_precision=3)
    make(article, "siege", at=(36.1, 32.6), day=None)
    make(article, "airstrike", at=(35.9, 33.1), day=dt.date(2020, 1, 3), review_status="rejected")
    make(article, at=None)


@pytest.mark.parametrize("query", ["zoom=7", "zoom=12", "zoom=10&event_type=clash", "zoom=10&geo_precision=2",
                                   "zoom=12&bbox=36.0,32.85,36.05,32.9", "event_type=clash&geo_precision=3"])
def test_the_summary_answers_as_the_incidents_themselves_would(client, article, monkeypatch, query):
    _mixed_incidents(article)
    from_summary = (cells(client, query), client.get("/api/map/histogram/?" + query).json())
    assert mapdata._summaries[connection.alias].version == mapdata.map_data_version()  # built from these incidents
    monkeypatch.setattr(mapdata, "_summary_answers", lambda query, timed: False)
    from_incidents = (cells(client, query), client.get("/api/map/histogram/?" + query).json())
    assert from_summary == from_incidents
    assert from_summary[0]["total"] > 0 or "bbox" in query


def test_the_summary_follows_added_changed_and_deleted_incidents(client, article):
    first = make(article)
    assert cells(client, "zoom=9")["total"] == 1
    second = make(article, "clash")
    assert cells(client, "zoom=9")["cells"][0]["types"] == {"shelling": 1, "clash": 1}
    second.review_status = "rejected"
    second.save()
    assert cells(client, "zoom=9")["total"] == 1
    make(article, "siege")
    first.delete()
    body = cells(client, "zoom=9")
    assert (body["total"], body["cells"][0]["types"]) == (1, {"siege": 1})
    assert client.get("/api/map/histogram/").json()["buckets"][0]["types"] == {"siege": 1}


def test_the_map_endpoints_have_their_own_throttle_scope_that_lets_playback_run(client, monkeypatch):
    import re

    from django.conf import settings
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    # Fast enough for the time control: the fastest speed the page offers, with as much again for panning.
    fastest_ms = min(int(ms) for ms in re.findall(r'<option value="(\d+)">×', client.get("/").content.decode()))
    requests, seconds = ScopedRateThrottle().parse_rate(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["map"])
    assert requests / seconds >= 2 * 1000 / fastest_ms
    # And it is applied: at 3 a minute, the fourth request of a client is refused, whichever endpoint.
    cache.clear()
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"map": "3/min"})
    paths = ["/api/map/cells/", "/api/map/histogram/", "/api/map/places/?q=نوى", "/api/map/incidents/?unplaced=1",
             "/api/map/cells/"]
    statuses = [client.get(path).status_code for path in paths]
    cache.clear()
    assert statuses == [200, 200, 200, 429, 429]
