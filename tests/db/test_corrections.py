"""Editors' corrections: a chosen place teaches an alias, a moved point never does, and every correction undoes."""

import pytest
from django.contrib.gis.geos import Point

from gazetteer.models import Place, PlaceName
from incidents.corrections import CorrectionError, correction_undo, incident_correct
from incidents.models import Correction
from tests.db.conftest import ARMAN_POINT, as_the_issue_found_it, change_form_data, ingest_text

pytestmark = pytest.mark.django_db

def test_moving_the_point_off_a_cross_border_match_teaches_amman_nothing(arman_case, editor,
                                                                        django_capture_on_commit_callbacks):
    first, second, amman = arman_case
    correction = incident_correct(incident=first, editor=editor, point=ARMAN_POINT)
    assert correction.kind == Correction.Kind.POINT and correction.alias is None and correction.followers == []
    assert not PlaceName.objects.filter(name="عرمان").exists()
    first.refresh_from_db()
    # The point is in Syria, so the place is no longer Amman: an export row says nothing about Jordan.
    assert (first.place, first.point, first.geocode_status) == (None, ARMAN_POINT, "corrected")
    second.refresh_from_db()
    assert second.place == amman and second.geocode_confidence == 0.47  # a point-only correction has no followers
    # The next article about عرمان is not put in Jordan.
    report = "قصف صاروخي استهدف بلدة عرمان في ريف السويداء مساء أمس.\n"
    (later,) = ingest_text(report, django_capture_on_commit_callbacks)
    later.refresh_from_db()
    assert later.place_mention == "عرمان" and later.place != amman


def test_a_point_nudged_inside_the_incidents_place_keeps_the_place(arman_case, editor):
    first, _, amman = arman_case
    nudged = Point(amman.point.x + 0.005, amman.point.y, srid=4326)
    incident_correct(incident=first, editor=editor, point=nudged)
    first.refresh_from_db()
    assert first.place == amman and first.point == nudged


def test_a_confirmed_new_place_is_created_and_unreviewed_incidents_follow_it(arman_case, editor,
                                                                            django_capture_on_commit_callbacks):
    first, second, amman = arman_case
    (reviewed,) = ingest_text("غارة جوية على بلدة عرمان في ريف السويداء الشرقي صباح اليوم.\n",
                          django_capture_on_commit_callbacks)
    reviewed = as_the_issue_found_it(reviewed, amman)
    reviewed.review_status = "confirmed"
    reviewed.save()
    correction = incident_correct(incident=first, editor=editor, point=ARMAN_POINT, new_place_kind="town")
    place = correction.new_place
    assert (place.name_ar, place.kind, place.point, place.country) == ("عرمان", "town", ARMAN_POINT, "SY")
    assert list(PlaceName.objects.filter(name="عرمان").values_list("place", "origin")) == [(place.pk, "editor")]
    assert not amman.names.filter(name="عرمان").exists()
    second.refresh_from_db()
    assert second.place == place and second.point == ARMAN_POINT
    assert "follows the correction of incident" in second.geocode_note and "by user editor" in second.geocode_note
    assert [entry["id"] for entry in correction.followers] == [second.pk]
    reviewed.refresh_from_db()
    assert reviewed.place == amman  # a reviewed incident is the editors': it does not follow


def test_a_new_place_falls_in_the_subdistrict_whose_centre_is_nearest(arman_case, editor):
    first, _, _ = arman_case
    unit = Place.objects.create(key="test-subdistrict", name_ar="ناحية صلخد", kind="subdistrict", pcode="SY140200",
                                point=Point(36.71, 32.49, srid=4326), source="test")
    correction = incident_correct(incident=first, editor=editor, point=ARMAN_POINT, new_place_kind="town")
    assert correction.new_place.admin_unit == unit


def test_undoing_a_new_place_removes_it_and_restores_the_followers(arman_case, editor):
    first, second, amman = arman_case
    correction = incident_correct(incident=first, editor=editor, point=ARMAN_POINT, new_place_kind="town")
    place_pk = correction.new_place.pk
    correction_undo(correction=correction, editor=editor)
    assert not Place.objects.filter(pk=place_pk).exists() and not PlaceName.objects.filter(name="عرمان").exists()
    for incident in (first, second):
        incident.refresh_from_db()
        assert (incident.place, incident.point, incident.geocode_confidence) == (amman, amman.point, 0.47)
        assert incident.geocode_status == "resolved"
    correction.refresh_from_db()
    assert correction.undone_at is not None and correction.undone_by == editor


def test_undo_geocodes_again_what_was_placed_with_the_correction_since(arman_case, editor,
                                                                     django_capture_on_commit_callbacks):
    first, _, _ = arman_case
    correction = incident_correct(incident=first, editor=editor, point=ARMAN_POINT, new_place_kind="town")
    report = "قصف صاروخي استهدف بلدة عرمان في ريف السويداء مساء أمس.\n"
    (later,) = ingest_text(report, django_capture_on_commit_callbacks)
    later.refresh_from_db()
    assert later.place == correction.new_place
    correction_undo(correction=correction, editor=editor)
    later.refresh_from_db()
    assert (later.place, later.point, later.geocode_status) == (None, None, "unresolved")


def test_choosing_a_place_aliases_the_mention_and_undo_takes_the_alias_back(arman_case, editor):
    first, second, amman = arman_case
    salkhad = Place.objects.get(key="salkhad")
    correction = incident_correct(incident=first, editor=editor, place=salkhad)
    assert correction.kind == Correction.Kind.PLACE
    assert correction.alias.place == salkhad and correction.alias.origin == "editor"
    second.refresh_from_db()
    assert second.place == salkhad
    correction_undo(correction=correction, editor=editor)
    assert not salkhad.names.filter(name="عرمان").exists()
    second.refresh_from_db()
    assert second.place == amman


def test_a_correction_is_undone_once_and_the_latest_first(arman_case, editor):
    first, _, _ = arman_case
    earlier = incident_correct(incident=first, editor=editor, point=ARMAN_POINT)
    later = incident_correct(incident=first, editor=editor, place=Place.objects.get(key="salkhad"))
    with pytest.raises(CorrectionError, match="later correction"):
        correction_undo(correction=earlier, editor=editor)
    correction_undo(correction=later, editor=editor)
    with pytest.raises(CorrectionError, match="already undone"):
        correction_undo(correction=later, editor=editor)
    correction_undo(correction=earlier, editor=editor)
    first.refresh_from_db()
    assert first.place.key == "amman"


def test_a_correction_needs_a_place_or_a_point(arman_case, editor):
    first, _, _ = arman_case
    with pytest.raises(CorrectionError):
        incident_correct(incident=first, editor=editor)
    with pytest.raises(CorrectionError):
        incident_correct(incident=first, editor=editor, new_place_kind="town")


def test_admin_moving_the_point_corrects_that_incident_alone(arman_case, editor_client):
    first, second, amman = arman_case
    data = change_form_data(editor_client, first, point=ARMAN_POINT.geojson)
    response = editor_client.post(f"/admin/incidents/incident/{first.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    first.refresh_from_db()
    assert first.place is None and first.point.equals_exact(ARMAN_POINT, 1e-9)
    assert not PlaceName.objects.filter(name="عرمان").exists()
    assert Correction.objects.get(incident=first).editor.username == "chief"


def test_admin_new_place_needs_a_moved_point(arman_case, editor_client):
    first, _, _ = arman_case
    data = change_form_data(editor_client, first, new_place_kind="town")
    response = editor_client.post(f"/admin/incidents/incident/{first.pk}/change/", data)
    assert response.status_code == 200 and "Move the marker" in response.content.decode()
    assert not Correction.objects.exists()


def test_admin_undo_action_restores_the_incident(arman_case, editor_client):
    first, _, amman = arman_case
    data = change_form_data(editor_client, first, point=ARMAN_POINT.geojson, new_place_kind="village")
    assert editor_client.post(f"/admin/incidents/incident/{first.pk}/change/", data).status_code == 302
    correction = Correction.objects.get(incident=first)
    assert correction.new_place.kind == "village"
    response = editor_client.post("/admin/incidents/correction/", {
        "action": "undo", "_selected_action": [correction.pk],
    })
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.place == amman
