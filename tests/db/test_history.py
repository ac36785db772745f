"""Field-level history of incidents, places and names: old and new values, who, when and why, in the admin."""

import pytest

from gazetteer.models import PlaceName
from incidents.models import Correction
from tests.db.conftest import ARMAN_POINT, change_form_data

pytestmark = pytest.mark.django_db


def _correct_by_new_place(client, incident):
    data = change_form_data(client, incident, point=ARMAN_POINT.geojson, new_place_kind="town")
    response = client.post(f"/admin/incidents/incident/{incident.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Correction.objects.get(incident=incident)


def test_a_correction_is_recorded_with_the_old_and_new_values_and_who(arman_case, editor_client):
    first, _, amman = arman_case
    _correct_by_new_place(editor_client, first)
    latest = first.history.first()
    assert latest.history_user.username == "chief"
    delta = latest.diff_against(latest.prev_record)
    changes = {change.field: (change.old, change.new) for change in delta.changes}
    assert changes["place"][0] == amman.pk and changes["geocode_confidence"] == (0.47, 1.0)
    assert changes["geocode_status"] == ("resolved", "corrected")
    html = editor_client.get(f"/admin/incidents/incident/{first.pk}/history/").content.decode()
    assert "geocode confidence" in html.lower() and "0.47" in html and "chief" in html


def test_followers_record_the_correction_they_follow(arman_case, editor_client):
    first, second, _ = arman_case
    _correct_by_new_place(editor_client, first)
    cause = f"follows the correction of incident {first.pk} by user chief"
    assert second.history.first().history_change_reason == cause
    html = editor_client.get(f"/admin/incidents/incident/{second.pk}/history/").content.decode()
    assert cause in html


def test_new_places_and_names_have_their_history_and_undo_is_recorded(arman_case, editor_client):
    first, second, _ = arman_case
    correction = _correct_by_new_place(editor_client, first)
    place, alias = correction.new_place, correction.alias
    assert place.history.get().history_type == "+" and place.history.get().history_user.username == "chief"
    html = editor_client.get(f"/admin/gazetteer/placename/{alias.pk}/history/").content.decode()
    assert "chief" in html
    response = editor_client.post("/admin/incidents/correction/", {"action": "undo",
                                                                       "_selected_action": [correction.pk]})
    assert response.status_code == 302
    assert PlaceName.history.filter(id=alias.pk, history_type="-").exists()
    assert second.history.first().history_change_reason == f"undo of correction {correction.pk} by user chief"
