"""The review queue: what needs review and why, its counts on the admin index, bulk confirm and reject."""

import pytest
from django.contrib.gis.geos import Point

from incidents import review
from incidents.models import Incident
from tests.db.conftest import ingest_text

pytestmark = pytest.mark.django_db

TAFAS = "قصفت قوات النظام بلدة طفس بقذائف الهاون صباح اليوم ما أدى إلى مقتل {} مدنيين.\n"


@pytest.fixture
def queue(django_capture_on_commit_callbacks, arman_case):
    """Incidents with each reason for review, and one that needs none."""
    first, second, _ = arman_case  # fuzzy, low confidence (0.47), a place abroad (Amman)
    capture = django_capture_on_commit_callbacks
    (three,) = ingest_text(TAFAS.format("ثلاثة"), capture)
    (five,) = ingest_text(TAFAS.format("خمسة"), capture)
    (unknown,) = ingest_text("قصفت قوات النظام بلدة زغبرينة بالمدفعية الثقيلة صباح اليوم.\n", capture)
    (moved,) = ingest_text("اشتباكات عنيفة في بلدة الشيخ مسكين بين الفصائل وقوات النظام.\n", capture)
    moved.point, moved.place = Point(35.95, 32.30, srid=4326), None  # a point in Jordan, with no place
    moved.save()
    for incident in (three, five):
        incident.refresh_from_db()
    return {"first": first, "second": second, "three": three, "five": five, "unknown": unknown, "moved": moved}


def _ids(reason):
    return set(review.incidents_needing_review(reason=reason).values_list("pk", flat=True))


def test_each_reason_lists_its_incidents(queue):
    q = {name: incident.pk for name, incident in queue.items()}
    assert queue["three"].killed == 3 and queue["five"].killed == 5 and queue["three"].place_id
    assert {q["first"], q["second"]} <= _ids("fuzzy") and q["three"] not in _ids("fuzzy")
    assert {q["first"], q["second"]} <= _ids("low_confidence")
    assert {q["first"], q["second"]} <= _ids("abroad") and q["moved"] not in _ids("abroad")
    assert q["unknown"] in _ids("unresolved")
    assert _ids("outside") == {q["first"], q["second"], q["moved"]}
    assert _ids("casualties") == {q["three"], q["five"]}


def test_the_admin_index_shows_the_counts_and_the_filter_lists_them(queue, editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "Needs review" in html and "?needs_review=casualties" in html
    changelist = editor_client.get("/admin/incidents/incident/?needs_review=casualties")
    assert {incident.pk for incident in changelist.context["cl"].result_list} == {queue["three"].pk, queue["five"].pk}


def test_bulk_confirm_records_the_reviewer_and_leaves_the_queue(queue, editor_client):
    ids = [queue["first"].pk, queue["second"].pk]
    response = editor_client.post("/admin/incidents/incident/", {"action": "confirm", "_selected_action": ids})
    assert response.status_code == 302
    for incident in Incident.objects.filter(pk__in=ids):
        assert incident.review_status == "confirmed" and incident.reviewed_by.username == "chief"
        assert incident.reviewed_at is not None
        assert incident.history.first().history_change_reason == "confirmed by chief"
    assert not set(ids) & _ids("fuzzy")


def test_bulk_reject_hides_incidents_from_the_map(queue, editor_client, client):
    editor_client.post("/admin/incidents/incident/", {"action": "reject", "_selected_action": [queue["moved"].pk]})
    assert Incident.objects.get(pk=queue["moved"].pk).review_status == "rejected"
    ids = {feature["id"] for feature in client.get("/api/incidents/").json()["features"]}
    assert queue["moved"].pk not in ids and queue["three"].pk in ids


def test_confirming_in_the_change_form_records_the_reviewer(queue, editor_client):
    from tests.db.conftest import change_form_data

    incident = queue["three"]
    data = change_form_data(editor_client, incident, review_status="confirmed")
    assert editor_client.post(f"/admin/incidents/incident/{incident.pk}/change/", data).status_code == 302
    incident.refresh_from_db()
    assert incident.reviewed_by.username == "chief"


def test_an_unknown_reason_lists_everything(queue, editor_client):
    response = editor_client.get("/admin/incidents/incident/?needs_review=picnic")
    assert response.status_code == 200 and response.context["cl"].result_count == Incident.objects.count()
