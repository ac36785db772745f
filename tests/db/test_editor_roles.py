"""The Editors group: a staff user in it, and nothing else, can do every editor task; visitors see no error texts."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from incidents.models import Article
from tests.db.conftest import ingest_text

pytestmark = pytest.mark.django_db


def test_editors_have_exactly_the_desk_permissions():
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"change_incident", "view_place", "add_place", "add_placename", "change_correction",
            "view_historicalincident", "add_article"} <= codenames
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}
    assert "delete_incident" not in codenames


def test_the_place_picker_finds_places_for_an_editor(editor_client):
    response = editor_client.get("/admin/autocomplete/", {
        "app_label": "incidents", "model_name": "incident", "field_name": "place", "term": "طفس",
    })
    assert response.status_code == 200
    assert any("طفس" in result["text"] for result in response.json()["results"])


@pytest.mark.parametrize("page", ["/admin/incidents/incident/", "/admin/incidents/correction/",
                                  "/admin/gazetteer/place/", "/admin/gazetteer/placename/",
                                  "/admin/incidents/article/"])
def test_an_editor_opens_the_desk_pages(editor_client, page):
    assert editor_client.get(page).status_code == 200


def test_an_editor_opens_an_incident_and_its_history(editor_client, django_capture_on_commit_callbacks):
    report = "قصفت قوات النظام بلدة طفس بقذائف الهاون صباح اليوم.\n"
    (incident,) = ingest_text(report, django_capture_on_commit_callbacks)
    assert editor_client.get(f"/admin/incidents/incident/{incident.pk}/change/").status_code == 200
    assert editor_client.get(f"/admin/incidents/incident/{incident.pk}/history/").status_code == 200


def test_an_editor_cannot_manage_users(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403


@pytest.mark.parametrize("page", ["/articles/{}/", "/api/articles/{}/"])
def test_visitors_never_see_an_articles_error_text(editor_client, page):
    article = Article.objects.create(body="نص", content_hash="x" * 64, status="failed",
                                     error="extraction failed: internal detail")
    url = page.format(article.pk)
    assert "internal detail" not in Client().get(url).content.decode()
    assert "internal detail" in editor_client.get(url).content.decode()
