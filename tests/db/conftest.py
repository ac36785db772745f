"""Fixtures of the editors' tests: the عرمان case of issue 11, users, and the admin's change form."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point

from gazetteer.models import Place
from incidents import services
from incidents.models import Incident

ARMAN_POINT = Point(36.762, 32.487, srid=4326)  # عرمان, a town of as-Suwayda, 5 km east of Salkhad
REPORT = "قصف مدفعي على بلدة عرمان في ريف السويداء الجنوبي اليوم.\nقصفت قوات النظام بلدة عرمان بالمدفعية الثقيلة.\n"


def ingest_text(text: str, capture) -> list[Incident]:
    """Ingest a report and run its extraction and geocoding in-process."""
    with capture(execute=True):
        article, _ = services.article_ingest(data=text.encode(), title="تقرير", published_on=dt.date(2021, 8, 6))
    return list(article.incidents.all())


def as_the_issue_found_it(incident: Incident, amman: Place) -> Incident:
    """The wrong geocode of issue 11: عرمان fuzzy-matched to Amman (Jordan) at confidence 0.47."""
    incident.place, incident.point = amman, amman.point
    incident.geocode_status, incident.geocode_confidence, incident.geo_precision = "resolved", 0.47, 2
    incident.geocode_note = "fuzzy: fuzzy match of عمان (89)"
    incident.save()
    return incident


@pytest.fixture
def arman_case(django_capture_on_commit_callbacks):
    """Two articles about عرمان, both placed in Amman, with a gazetteer that lacks the village."""
    Place.objects.filter(key="arman").delete()
    amman = Place.objects.get(key="amman")
    first = ingest_text(REPORT, django_capture_on_commit_callbacks)[0]
    second = ingest_text("اشتباكات عنيفة في بلدة عرمان بين الفصائل المحلية وقوات النظام صباح اليوم.\n",
                     django_capture_on_commit_callbacks)[0]
    assert first.place_mention == second.place_mention == "عرمان"
    return as_the_issue_found_it(first, amman), as_the_issue_found_it(second, amman), amman


def editor_user(username: str) -> User:
    """A staff user in the Editors group, with no other permission: what the README tells to create."""
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor():
    return editor_user("editor")


def change_form_data(client, incident: Incident, **changes) -> dict:
    """The incident's change form as the admin renders it, with some fields changed, ready to post."""
    form = client.get(f"/admin/incidents/incident/{incident.pk}/change/").context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = getattr(value, "geojson", value)
    data.update(changes)
    return data


@pytest.fixture
def editor_client(client):
    """A client logged in as a non-superuser editor."""
    client.force_login(editor_user("chief"))
    return client


