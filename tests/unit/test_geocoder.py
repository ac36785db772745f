"""The optional online geocoder against a Nominatim-like server started on 127.0.0.1 by the test."""

import http.server
import json
import socket
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from gazetteer.geocoder import OnlineGeocoder


class FakeNominatim(http.server.BaseHTTPRequestHandler):
    """Answers /search like Nominatim's jsonv2 API; records every query."""

    queries: list[dict] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        type(self).queries.append({"path": parts.path, **query})
        if parts.path != "/search":
            self.send_error(404)
            return
        if query.get("q") == "طفس":
            body = [{
                "place_id": 1, "lat": "32.7370900", "lon": "36.0665400", "display_name": "طفس، محافظة درعا، سوريا",
                "class": "place", "type": "town", "importance": 0.45,
            }]
        else:
            body = []
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    FakeNominatim.queries = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def make_geocoder(url):
    return OnlineGeocoder(url=url, user_agent="hawran-tests", min_delay_seconds=0.0, timeout=2, proxies={})


def test_online_hit_becomes_a_low_confidence_precision_two_resolution(server):
    resolution = make_geocoder(server).geocode("طفس")
    assert resolution is not None
    assert (resolution.lat, resolution.lon) == (32.73709, 36.06654)
    assert resolution.method == "online" and resolution.geo_precision == 2
    assert 0 < resolution.confidence <= 0.6
    assert resolution.place_id is None
    assert "محافظة درعا" in resolution.note


def test_request_asks_the_search_endpoint_for_syria(server):
    make_geocoder(server).geocode("طفس")
    (query,) = FakeNominatim.queries
    assert query["path"] == "/search" and query["q"] == "طفس"
    assert query["countrycodes"] == "sy"


def test_second_call_for_the_same_name_is_served_from_the_cache(server):
    geocoder = make_geocoder(server)
    first = geocoder.geocode("طفس")
    second = geocoder.geocode("طَفَس")  # same name once normalized
    assert first == second
    assert len(FakeNominatim.queries) == 1


def test_no_result_returns_none_and_is_cached(server):
    geocoder = make_geocoder(server)
    assert geocoder.geocode("مكان لا وجود له") is None
    assert geocoder.geocode("مكان لا وجود له") is None
    assert len(FakeNominatim.queries) == 1


def test_server_down_returns_none_without_raising(caplog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    geocoder = make_geocoder(f"http://127.0.0.1:{port}")
    assert geocoder.geocode("طفس") is None
    assert any("online geocoder" in record.getMessage() for record in caplog.records)


def test_failure_is_not_cached_so_the_server_coming_back_is_used():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    geocoder = make_geocoder(f"http://127.0.0.1:{port}")
    assert geocoder.geocode("طفس") is None
    FakeNominatim.queries = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), FakeNominatim)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        assert geocoder.geocode("طفس") is not None
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert len(FakeNominatim.queries) == 1


def test_url_path_prefix_is_kept(server):
    OnlineGeocoder(url=server + "/nominatim", user_agent="t", min_delay_seconds=0, proxies={}).geocode("طفس")
    assert FakeNominatim.queries[0]["path"] == "/nominatim/search"


def test_empty_name_makes_no_request(server):
    assert make_geocoder(server).geocode(" ... ") is None
    assert FakeNominatim.queries == []
