"""The map's data version (MapDataVersion, kept by the database's triggers) moves with every write of incidents,
whichever way it comes, so the summary the map draws from always matches the incidents themselves."""

import pytest
from django.db import connection, transaction

from incidents import mapdata
from incidents.corrections import correction_undo, incident_correct
from incidents.models import Incident
from incidents.review import incidents_review
from tests.db.conftest import ARMAN_POINT, ingest_text

pytestmark = pytest.mark.django_db

QUERIES = ["zoom=7", "zoom=11&event_type=clash", "zoom=9&geo_precision=2"]


def _views(client) -> list:
    return [(client.get("/api/map/cells/?" + query).json(), client.get("/api/map/histogram/?" + query).json())
            for query in QUERIES]


def assert_summary_is_current(client, monkeypatch) -> tuple:
    """The map drawn from its summary equals the map aggregated from the incidents; returns the version."""
    from_summary = _views(client)
    with monkeypatch.context() as patch:
        patch.setattr(mapdata, "_summary_answers", lambda query, timed: False)
        from_incidents = _views(client)
    assert from_summary == from_incidents
    return mapdata.map_data_version()


def test_every_kind_of_write_moves_the_version_and_the_summary_follows(client, monkeypatch, arman_case, editor,
                                                                      django_capture_on_commit_callbacks):
    first, second, _ = arman_case  # created by ingest and geocoding, then placed in Amman as the issue found them
    versions = [assert_summary_is_current(client, monkeypatch)]

    def changed():
        versions.append(assert_summary_is_current(client, monkeypatch))
        assert versions[-1] != versions[-2]

    (third,) = ingest_text("قصف مدفعي على مدينة نوى في ريف درعا الغربي صباح اليوم.\n",
                           django_capture_on_commit_callbacks)
    changed()
    correction = incident_correct(incident=first, editor=editor, point=ARMAN_POINT, new_place_kind="town")
    changed()
    correction_undo(correction=correction, editor=editor)
    changed()
    # A queryset update changes no updated_at and adds no row: only the triggers see it.
    assert Incident.objects.filter(pk__in=[first.pk, third.pk]).update(event_type="clash", geo_precision=2) == 2
    changed()
    # A review saves only its own fields (updated_at stays as it was).
    incidents_review(incidents=[second], status="rejected", reviewer=editor)
    changed()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_incident SET event_type = 'siege' WHERE id = %s", [third.pk])
    changed()
    Incident.objects.filter(pk=first.pk).delete()
    changed()
    Incident.objects.all().delete()
    changed()
    assert mapdata.map_cells(query=mapdata.MapQuery())["total"] == 0


def test_a_write_that_changes_no_row_or_is_rolled_back_keeps_the_version(arman_case):
    first, _, _ = arman_case
    before = mapdata.map_data_version()
    assert Incident.objects.filter(pk=-1).update(event_type="clash") == 0
    Incident.objects.filter(pk=-1).delete()
    assert mapdata.map_data_version() == before
    with pytest.raises(RuntimeError), transaction.atomic():
        Incident.objects.filter(pk=first.pk).update(event_type="clash")
        assert mapdata.map_data_version() != before  # the writing transaction sees its own change
        raise RuntimeError
    assert mapdata.map_data_version() == before
