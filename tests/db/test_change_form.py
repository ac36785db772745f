"""The incident's change form: Arabic right-to-left, the article's paragraph with the mention, readable lists."""

import re

import pytest

from tests.db.conftest import change_form_data, ingest_text

pytestmark = pytest.mark.django_db

REPORT = ("عنوان الخبر\nقصفت قوات النظام بلدة طفس بقذائف الهاون والصواريخ صباح اليوم.\n"
          "وقالت مصادر محلية إن الأهالي نزحوا.\n")


@pytest.fixture
def incident(django_capture_on_commit_callbacks):
    (incident,) = ingest_text(REPORT, django_capture_on_commit_callbacks)
    incident.actors = ["قوات النظام", "<b>not markup</b>"]
    incident.save()
    return incident


def test_the_mention_is_highlighted_in_its_paragraph_right_to_left(editor_client, incident):
    html = editor_client.get(f"/admin/incidents/incident/{incident.pk}/change/").content.decode()
    paragraph = re.search(r'<div dir="rtl" lang="ar" class="desk-paragraph">(.*?)</div>', html, re.S).group(1)
    assert paragraph.startswith("قصفت قوات النظام بلدة ") and '<mark class="desk-mention">طفس</mark>' in paragraph
    assert "عنوان الخبر" not in paragraph and "الأهالي" not in paragraph
    assert '<span dir="rtl" lang="ar" class="desk-arabic">طفس</span>' in html


def test_actors_and_weapons_are_lists_with_their_text_escaped(editor_client, incident):
    html = editor_client.get(f"/admin/incidents/incident/{incident.pk}/change/").content.decode()
    assert '<li dir="auto">قوات النظام</li>' in html and "&lt;b&gt;not markup&lt;/b&gt;" in html
    assert '["قوات النظام"' not in html


def test_confidence_and_the_extractions_fields_are_read_only(editor_client, incident):
    data = change_form_data(editor_client, incident, geocode_confidence="0.01", evidence="changed",
                            place_mention="changed", actors='["x"]')
    assert editor_client.post(f"/admin/incidents/incident/{incident.pk}/change/", data).status_code == 302
    before = (incident.geocode_confidence, incident.evidence, incident.place_mention, incident.actors)
    incident.refresh_from_db()
    assert (incident.geocode_confidence, incident.evidence, incident.place_mention, incident.actors) == before

