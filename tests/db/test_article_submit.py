"""Submitting an article: the admin's add form and the API go through the ingest service, duplicates say so."""

import re

import pytest

from incidents.models import Article

pytestmark = pytest.mark.django_db

ONE_LINE = "قصفت قوات النظام بلدة طفس بقذائف الهاون صباح اليوم"  # no full stop: alone, it reads like a headline


def test_the_admin_add_form_stores_the_article_with_its_hash_and_extracts_it(editor_client,
                                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/admin/incidents/article/add/", {
            "text": ONE_LINE, "title": "قصف على طفس", "source": "Test outlet", "url": "https://example.org/a",
            "published_on": "2021-08-06",
        })
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/incidents/article/{article.pk}/progress/"
    assert len(article.content_hash) == 64 and article.status == "extracted"
    assert (article.title, article.source, str(article.published_on)) == ("قصف على طفس", "Test outlet", "2021-08-06")
    # The one line is read as the report, since the title was given apart from it.
    assert [incident.place_mention for incident in article.incidents.all()] == ["طفس"]


def test_a_duplicate_in_the_add_form_links_to_the_article_already_there(editor_client,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post("/admin/incidents/article/add/", {"text": ONE_LINE, "title": "أ"})
        response = editor_client.post("/admin/incidents/article/add/", {"text": ONE_LINE, "title": "ب"})
    article = Article.objects.get()
    html = response.content.decode()
    assert response.status_code == 200 and "already there" in html
    assert f'href="/admin/incidents/article/{article.pk}/change/"' in html


@pytest.mark.parametrize("payload, reason", [({"text": ""}, "required"), ({"text": "   \n "}, "empty"),
                                             ({"text": ONE_LINE, "url": "not a url"}, "valid URL"),
                                             ({"text": ONE_LINE, "published_on": "2021-13-40"}, "valid date")])
def test_bad_input_in_the_add_form_is_a_form_error_and_stores_nothing(editor_client, payload, reason):
    response = editor_client.post("/admin/incidents/article/add/", payload)
    assert response.status_code == 200 and reason in response.content.decode()
    assert not Article.objects.exists()


def test_a_one_line_report_with_a_title_is_read_as_body_through_the_api(editor_client,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/api/articles/", {"text": ONE_LINE, "title": "قصف"},
                                      content_type="application/json")
    assert response.status_code == 201
    assert Article.objects.get().incidents.count() == 1


def test_a_headline_above_a_report_is_still_skipped(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post("/api/articles/", {"text": f"{ONE_LINE}\nقالت مصادر محلية إن الأهالي نزحوا."},
                           content_type="application/json")
    assert Article.objects.get().incidents.count() == 0


def _no_inline_script_or_style(html: str) -> bool:
    return not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and " style=" not in html and "<style" not in html


def test_the_progress_page_lists_the_incidents_with_links_to_correct_them(editor_client,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/admin/incidents/article/add/", {"text": ONE_LINE, "title": "قصف"})
    article = Article.objects.get()
    (incident,) = article.incidents.all()
    html = editor_client.get(response.url).content.decode()
    assert f'href="/admin/incidents/incident/{incident.pk}/change/"' in html and "طفس" in html
    assert 'data-progress-url="/admin/incidents/article/' in html and _no_inline_script_or_style(html)
    progress = editor_client.get(f"/admin/incidents/article/{article.pk}/progress.json").json()
    assert progress["done"] and progress["status"] == "extracted" and progress["pending"] == 0
    assert progress["incidents"][0]["mention"] == "طفس" and progress["incidents"][0]["lat"] is not None


def test_the_submit_page_has_no_inline_script_or_style(editor_client):
    html = editor_client.get("/admin/incidents/article/add/").content.decode()
    assert 'name="text"' in html and 'dir="rtl"' in html and _no_inline_script_or_style(html)


def test_visitors_cannot_follow_an_articles_progress(client):
    article = Article.objects.create(body="نص", content_hash="y" * 64)
    assert client.get(f"/admin/incidents/article/{article.pk}/progress.json").status_code == 302
