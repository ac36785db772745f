"""The optional online geocoder answers only for names the gazetteer cannot resolve, and only when configured."""

import http.server
import json
import threading

import pytest

from gazetteer.services import name_index_current, place_name_resolve

pytestmark = pytest.mark.django_db


class OneTownNominatim(http.server.BaseHTTPRequestHandler):
    """Answers every /search with one town, in Nominatim's JSON format, and counts the queries."""

    queries = 0

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).queries += 1
        body = json.dumps([{"lat": "32.70000", "lon": "36.20000", "display_name": "خربة زغلول، درعا",
                            "class": "place", "type": "village", "importance": 0.3}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim(settings):
    OneTownNominatim.queries = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OneTownNominatim)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.GAZETTEER_ONLINE_GEOCODER_URL = f"http://127.0.0.1:{server.server_port}"
    yield OneTownNominatim
    server.shutdown()
    server.server_close()


def test_unknown_name_is_resolved_online_with_low_confidence(nominatim):
    resolution = place_name_resolve(name="خربة زغلول", index=name_index_current())
    assert resolution.method == "online"
    assert (resolution.lat, resolution.lon) == (32.7, 36.2)
    assert resolution.confidence <= 0.6 and resolution.geo_precision == 2
    assert nominatim.queries == 1


def test_gazetteer_name_never_asks_the_online_service(nominatim):
    resolution = place_name_resolve(name="طفس", index=name_index_current())
    assert resolution.method != "online" and resolution.place_id is not None
    assert nominatim.queries == 0


def test_without_a_configured_url_an_unknown_name_stays_unresolved(settings):
    settings.GAZETTEER_ONLINE_GEOCODER_URL = ""
    resolution = place_name_resolve(name="خربة زغلول", index=name_index_current())
    assert resolution.method == "unresolved" and resolution.lat is None and resolution.confidence == 0
