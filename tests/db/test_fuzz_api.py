"""Property-based fuzzing of the HTTP API and exports: any parameters, any body, never a server error."""

import pytest
from django.contrib.auth.models import Group, User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle

from incidents import services
from tests.conftest import SEED_ARTICLES

pytestmark = pytest.mark.django_db
# Bounded so make test stays quick; the database is shared by the examples of one test (they only read, or post).
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

PARAMETERS = ["event_type", "date_from", "date_to", "geocode_status", "page", "page_size", "format", "bbox", "q"]
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.dates().map(str),
    st.sampled_from(["shelling", "clash", "resolved", "pending", "json", "api", "2021-02-30", "-1", "0", "1e9"]),
)
QUERIES = st.dictionaries(st.sampled_from(PARAMETERS) | st.text(max_size=10), VALUES, max_size=5)
READ_PATHS = ["/api/incidents/", "/api/places/", "/export/incidents.geojson", "/export/incidents.csv",
              "/export/incidents.html"]
ARTICLE_IDS = st.integers(min_value=-(10**4), max_value=10**9)


@pytest.fixture
def fuzz_client(client, monkeypatch, django_capture_on_commit_callbacks):
    """A client on a database with the sample articles, with throttling lifted so every example is served."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    with django_capture_on_commit_callbacks(execute=True):
        services.articles_ingest_paths(paths=[SEED_ARTICLES])
    return client


@FUZZ
@given(path=st.sampled_from(["/api/articles/", *READ_PATHS]), article=st.integers().map(str), query=QUERIES)
def test_article_filter_and_article_list_are_answered_without_a_server_error(fuzz_client, path, article, query):
    response = fuzz_client.get(path, {**query, "article": article})
    _assert_no_server_error(response, f"GET {path} {query!r} article={article}")


def _assert_no_server_error(response, what):
    assert response.status_code < 500, f"{what} -> {response.status_code}"


@FUZZ
@given(path=st.sampled_from(READ_PATHS), query=QUERIES)
def test_any_query_on_the_api_and_exports_is_answered_without_a_server_error(fuzz_client, path, query):
    response = fuzz_client.get(path, query)
    _assert_no_server_error(response, f"GET {path} {query!r}")
    if response.status_code == 400 and path.startswith("/api/"):
        if response["Content-Type"].startswith("application/json"):
            assert response.json(), "a 400 says why"
        else:  # ?format=api asks for the browsable API: the 400 is its HTML page, which names the error
            assert b"400 Bad Request" in response.content, "a 400 says why"


@FUZZ
@given(article_id=ARTICLE_IDS)
def test_any_article_id_in_a_path_is_a_page_or_a_404(fuzz_client, article_id):
    for path in (f"/api/articles/{article_id}/", f"/articles/{article_id}/", f"/api/incidents/{article_id}/"):
        response = fuzz_client.get(path)
        _assert_no_server_error(response, f"GET {path}")
        assert response.status_code in (200, 404)


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=60)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
ARTICLE_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "text": st.text(max_size=300) | st.just("قصفت قوات النظام اليوم مدينة طفس.") | JSON_VALUES,
        "title": st.text(max_size=600) | JSON_VALUES,
        "source": st.text(max_size=250) | JSON_VALUES,
        "url": st.sampled_from(["javascript:alert(1)", "https://example.org/a", "", "http://[::1"]) | st.text(),
        "published_on": st.dates().map(str) | st.sampled_from(["0001-01-01", "9999-12-31", "2021-02-30"])
        | JSON_VALUES,
    },
)


@FUZZ
@given(body=ARTICLE_BODIES | JSON_VALUES)
def test_any_article_body_an_editor_posts_is_stored_or_refused_with_a_4xx(
    fuzz_client, django_capture_on_commit_callbacks, body
):
    editor, _ = User.objects.get_or_create(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    fuzz_client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = fuzz_client.post("/api/articles/", body, content_type="application/json")
    _assert_no_server_error(response, f"POST /api/articles/ {body!r}")
    assert response.status_code in (200, 201, 400)


@FUZZ
@given(raw=st.binary(max_size=200), content_type=st.sampled_from(
    ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]))
def test_any_raw_body_is_refused_with_a_4xx(fuzz_client, raw, content_type):
    editor, _ = User.objects.get_or_create(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    fuzz_client.force_login(editor)
    response = fuzz_client.generic("POST", "/api/articles/", raw, content_type=content_type)
    _assert_no_server_error(response, f"POST /api/articles/ {content_type} {raw!r}")
