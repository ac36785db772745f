"""Ingesting articles, extracting and geocoding their incidents (tasks run in-process here)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from incidents import services
from incidents.models import Article, Incident
from tests.conftest import SEED_ARTICLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        results = services.articles_ingest_paths(paths=[SEED_ARTICLES])
    return results


def test_sample_folder_creates_five_articles_with_manifest_dates(ingested):
    assert [r.error for r in ingested] == [""] * 5
    article = Article.objects.get(filename="seed001.txt")
    assert article.published_on == dt.date(2021, 7, 29)
    assert article.source == "السورية نت"
    assert article.status == Article.Status.EXTRACTED
    assert article.body == (SEED_ARTICLES / "seed001.txt").read_text(encoding="utf-8")


def test_ingesting_the_same_articles_twice_creates_nothing(ingested, django_capture_on_commit_callbacks):
    incidents = Incident.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.articles_ingest_paths(paths=[SEED_ARTICLES])
    assert [r.created for r in again] == [False] * 5
    assert Article.objects.count() == 5
    assert Incident.objects.count() == incidents


def test_incidents_come_from_the_text_and_are_geocoded(ingested):
    article = Article.objects.get(filename="seed001.txt")
    incidents = list(article.incidents.all())
    assert incidents
    for incident in incidents:
        assert article.body[incident.mention_start:incident.mention_end] == incident.place_mention
        assert incident.evidence in article.body
    balad = [i for i in incidents if i.place_mention == "درعا البلد"]
    assert balad and all(i.geocode_status == Incident.GeocodeStatus.RESOLVED for i in balad)
    assert balad[0].point.distance(balad[0].place.point) < 1e-9
    assert {i.event_type for i in balad} >= {"clash", "shelling"}


def test_unknown_place_is_left_unresolved_for_an_editor(django_capture_on_commit_callbacks):
    text = "قصف على قرية\nقصفت قوات النظام اليوم قرية زغلولستان بقذائف الهاون.\n"
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = services.article_ingest(data=text.encode(), filename="x.txt", published_on=dt.date(2021, 1, 2))
    incident = article.incidents.get(place_mention="زغلولستان")
    assert incident.geocode_status == Incident.GeocodeStatus.UNRESOLVED
    assert incident.point is None and incident.place is None and incident.geocode_confidence == 0


def test_village_known_without_a_position_is_placed_at_its_container_at_low_precision(
    django_capture_on_commit_callbacks,
):
    from gazetteer.models import Place

    text = "قصف على اللجاة\nقصفت قوات النظام اليوم قرية الشومرة بقذائف الهاون.\n"
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = services.article_ingest(data=text.encode(), filename="x.txt", published_on=dt.date(2021, 1, 2))
    incident = article.incidents.get(place_mention="الشومرة")
    lajat = Place.objects.get(key="lajat")
    assert incident.geocode_status == Incident.GeocodeStatus.RESOLVED
    assert (incident.place, incident.point, incident.geo_precision) == (lajat, lajat.point, 3)
    assert incident.geocode_confidence == 0.5 and incident.geocode_note.startswith("within:")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"\x00\x01\x02\x03binary\x00", "binary"), (b"Only English text here.", "Arabic")],
)
def test_bad_input_is_rejected_with_a_reason_and_stores_nothing(data, reason):
    with pytest.raises(services.IngestError, match=f"(?i){reason}"):
        services.article_ingest(data=data, filename="bad.txt")
    assert not Article.objects.exists()


def test_ingest_command_reports_a_bad_file_and_keeps_the_good_one(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "good.txt").write_text("عنوان\nقصفت قوات النظام اليوم مدينة طفس بالمدفعية.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(tmp_path))
    assert Article.objects.filter(filename="good.txt").exists()
    assert not Article.objects.filter(filename="bad.txt").exists()


def test_ingest_command_with_nothing_ingestable_fails(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path))


def test_manifest_with_a_bad_date_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("عنوان\nقصف على طفس اليوم.\n", encoding="utf-8")
    (tmp_path / "articles.csv").write_text("file,source,published_on\na.txt,x,21/02/2018\n", encoding="utf-8")
    results = services.articles_ingest_paths(paths=[tmp_path])
    assert "not an ISO date" in results[0].error


def test_article_without_a_date_is_accepted_and_flagged(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article, created = services.article_ingest(data="خبر\nقصفت قوات النظام طفس.\n".encode(), filename="n.txt")
    assert created and article.published_on is None and article.date_missing


def test_editor_correction_becomes_an_alias_and_moves_same_named_incidents(ingested):
    from gazetteer.models import Place, PlaceName
    from incidents.corrections import incident_correct

    incident = Incident.objects.filter(place_mention="درعا البلد").first()
    target = Place.objects.get(names__name="المنشية")
    correction = incident_correct(incident=incident, place=target)
    assert PlaceName.objects.filter(place=target, name="درعا البلد", origin="editor").exists()
    incident.refresh_from_db()
    assert incident.geocode_status == Incident.GeocodeStatus.CORRECTED
    assert incident.point == target.point
    others = Incident.objects.filter(place_mention="درعا البلد").exclude(pk=incident.pk)
    assert others and len(correction.followers) == others.count()
    assert {other.place_id for other in others} == {target.pk}


def test_html_article_is_read_as_text_without_markup(tmp_path, django_capture_on_commit_callbacks):
    page = tmp_path / "news.html"
    page.write_text(
        "<html><head><title>قصف على طفس</title><script>var x = 1;</script></head><body>"
        "<nav>الرئيسية</nav><article><h1>قصف على طفس</h1>"
        "<p>قصفت قوات النظام صباح اليوم مدينة طفس بقذائف الهاون &amp; المدفعية.</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "articles.csv").write_text("file,source,published_on\nnews.html,test,2021-08-06\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        [result] = services.articles_ingest_paths(paths=[tmp_path])
    article = result.article
    assert "<p>" not in article.body and "var x" not in article.body and "&amp;" not in article.body
    incident = article.incidents.get()
    assert (incident.event_type, incident.place_mention, incident.date) == ("shelling", "طفس", dt.date(2021, 8, 6))


def test_article_of_many_megabytes_is_rejected():
    data = ("قصفت قوات النظام مدينة طفس. " * 200_000).encode("utf-8")
    with pytest.raises(services.IngestError, match="(?i)too large|MB|bytes"):
        services.article_ingest(data=data, filename="huge.txt")
    assert not Article.objects.exists()


def test_geocoding_that_fails_leaves_the_incidents_marked_failed(ingested, settings):
    article = Article.objects.get(filename="seed001.txt")
    article.incidents.update(geocode_status=Incident.GeocodeStatus.PENDING)
    from gazetteer.services import name_index_invalidate

    settings.GAZETTEER_FUZZY_THRESHOLD = "not a number"  # the resolver fails on it
    name_index_invalidate()
    try:
        with pytest.raises(TypeError):
            services.article_geocode(article=article)
    finally:
        name_index_invalidate()
    assert set(article.incidents.values_list("geocode_status", flat=True)) == {Incident.GeocodeStatus.FAILED}


def test_extracting_again_keeps_reviewed_incidents_and_adds_no_duplicate(ingested, django_capture_on_commit_callbacks):
    article = Article.objects.get(filename="seed001.txt")
    reviewed = article.incidents.first()
    reviewed.review_status = Incident.ReviewStatus.CONFIRMED
    reviewed.save()
    before = article.incidents.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_extract(article=article)
    assert article.incidents.count() == before
    assert article.incidents.filter(pk=reviewed.pk, review_status=Incident.ReviewStatus.CONFIRMED).exists()


def test_a_task_message_delivered_again_leaves_an_extracted_article_as_it_is(ingested):
    from incidents import tasks

    article = Article.objects.get(filename="seed001.txt")
    before = sorted(article.incidents.values_list("pk", "geocode_status"))
    assert before and all(status != Incident.GeocodeStatus.PENDING for _, status in before)
    assert tasks.extract_article(article.pk) == 0  # what the broker hands out again after a worker died
    assert sorted(article.incidents.values_list("pk", "geocode_status")) == before
    Article.objects.filter(pk=article.pk).update(status=Article.Status.RECEIVED)
    assert tasks.extract_article(article.pk) == len(before)  # not extracted yet: the message does its work


def test_a_message_delivered_again_geocodes_what_its_first_delivery_left_pending(ingested):
    from incidents import tasks

    article = Article.objects.get(filename="seed001.txt")
    done = sorted(article.incidents.values_list("pk", "place_id"))
    # The worker died after the extraction committed, before its geocoding did (or that failed on a passing error).
    article.incidents.update(geocode_status=Incident.GeocodeStatus.PENDING, place=None, point=None)
    article.incidents.filter(pk=done[0][0]).update(geocode_status=Incident.GeocodeStatus.FAILED)
    assert tasks.extract_article(article.pk) == 0  # nothing extracted again
    assert sorted(article.incidents.values_list("pk", "place_id")) == done
    assert not article.incidents.filter(geocode_status__in=["pending", "failed"]).exists()


def test_what_extraction_read_of_a_place_travels_to_geocoding(django_capture_on_commit_callbacks):
    from gazetteer.models import Place

    text = ("قصف على بلدات\nقصفت قوات النظام اليوم بلدتي الغارية الغربية و الشرقية بقذائف الهاون.\n"
            "واعتقلت القوات اليوم شاباً من أبناء بلدة طفس.\n")
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = services.article_ingest(data=text.encode(), filename="x.txt", published_on=dt.date(2021, 1, 2))
    east = Place.objects.get(name_ar="الغارية الشرقية")
    elliptic = article.incidents.get(place_mention="الشرقية")  # the bare adjective, read as the town's name
    assert elliptic.place_candidates == [east.pk]
    assert (elliptic.place, elliptic.geo_precision) == (east, 1)
    hometown = article.incidents.get(event_type="arrest")  # placed only by the young man's home town
    assert hometown.precision_hint == 2
    assert hometown.place.name_ar == "طفس" and hometown.geo_precision == 2


def test_incidents_geocoded_after_the_map_summary_was_built_reach_the_map(django_capture_on_commit_callbacks):
    from incidents.mapdata import map_summary

    text = "قصف على بلدة\nقصفت قوات النظام اليوم بلدة طفس بقذائف الهاون.\n"
    with django_capture_on_commit_callbacks(execute=False):  # extracted, its geocoding not queued yet
        article, _ = services.article_ingest(data=text.encode(), filename="x.txt", published_on=dt.date(2021, 1, 2))
        services.article_extract(article=article)
    assert article.incidents.filter(geocode_status=Incident.GeocodeStatus.PENDING).exists()
    assert map_summary().points == []  # a map page asked for between extraction and geocoding
    services.article_geocode(article=article)
    assert sum(point[-1] for point in map_summary().points) == article.incidents.filter(point__isnull=False).count() > 0


def test_geocoding_records_each_incidents_geocode_in_its_history(ingested):
    article = Article.objects.get(filename="seed001.txt")
    for incident in article.incidents.all():
        latest = incident.history.first()
        assert latest.history_type == "~"
        assert (latest.geocode_status, latest.place_id, latest.point) == (
            incident.geocode_status, incident.place_id, incident.point)
