"""One bad manifest row or file never stops the others; who may write, and logins that guess passwords are stopped."""

import base64
import datetime as dt
import os
import signal

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from rest_framework.throttling import AnonRateThrottle

from incidents import services
from incidents.models import Article

pytestmark = pytest.mark.django_db
GOOD_TEXT = "عنوان\nقصفت قوات النظام اليوم مدينة طفس بالمدفعية.\n"
HEADER = "file,source,published_on,url,title\n"


def _folder_with_one_bad_row(tmp_path, bad_row: bytes):
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_text("عنوان\nقصفت قوات النظام اليوم بلدة نوى بالمدفعية.\n", encoding="utf-8")
    good_row = "good.txt,السورية نت,2021-07-29,https://example.org/a,عنوان\n"
    (tmp_path / "articles.csv").write_bytes((HEADER + good_row).encode() + bad_row)
    return tmp_path


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (b"bad.txt,x,2021-07-29,javascript:alert(1),t\n", "url"),
        ("bad.txt,{},2021-07-29,,t\n".format("م" * 201).encode(), "source"),
        (b"bad.txt,x\n", "fewer columns"),
        ("bad.txt,مصدر,2021-07-29,,".encode() + b"\xff\xfe\n", "UTF-8"),
        (b"bad.txt,x,0000-00-00,,t\n", "ISO date"),
    ],
    ids=["javascript-url", "long-source", "short-row", "invalid-utf8", "bad-date"],
)
def test_bad_manifest_row_rejects_that_file_only(tmp_path, capsys, django_capture_on_commit_callbacks, bad_row, reason):
    folder = _folder_with_one_bad_row(tmp_path, bad_row)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(folder))
    assert list(Article.objects.values_list("filename", "source")) == [("good.txt", "السورية نت")]
    err = capsys.readouterr().err
    assert "rejected" in err and "bad.txt" in err and reason in err


def test_manifest_without_a_file_column_is_reported_and_stores_nothing(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "articles.csv").write_text("name,source\na.txt,x\n", encoding="utf-8")
    results = services.articles_ingest_paths(paths=[tmp_path])
    assert "needs a 'file' column" in results[0].error
    assert all(r.error for r in results) and not Article.objects.exists()


def test_fifo_named_like_an_article_is_rejected_without_hanging(tmp_path, django_capture_on_commit_callbacks):
    os.mkfifo(tmp_path / "x.txt")
    (tmp_path / "y.txt").write_text(GOOD_TEXT, encoding="utf-8")

    def hung(signum, frame):
        raise TimeoutError("ingest hung on the FIFO")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            results = services.articles_ingest_paths(paths=[tmp_path])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    by_name = {os.path.basename(r.path): r for r in results}
    assert "not a regular file" in by_name["x.txt"].error
    assert by_name["y.txt"].created


def test_utf8_file_with_one_bad_byte_is_stored_as_utf8(django_capture_on_commit_callbacks):
    data = GOOD_TEXT[:12].encode() + b"\xff" + GOOD_TEXT[12:].encode()
    with django_capture_on_commit_callbacks(execute=True):
        article, created = services.article_ingest(data=data, filename="b.txt")
    assert created and article.body.replace("\ufffd", "") == GOOD_TEXT


@pytest.mark.parametrize("published_on", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_article_dated_at_the_ends_of_the_calendar_is_extracted(django_capture_on_commit_callbacks, published_on):
    text = "قصف على طفس\nقصفت قوات النظام أمس مدينة طفس، وغداً تتجدد الاشتباكات في نوى.\n"
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = services.article_ingest(data=text.encode(), filename="d.txt", published_on=published_on)
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED, article.error
    assert article.incidents.exists()


def test_editors_group_has_exactly_the_editing_permissions():
    granted = set(Group.objects.get(name="Editors").permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        ("incidents", "view_article"), ("incidents", "add_article"), ("incidents", "change_article"),
        ("incidents", "view_incident"), ("incidents", "change_incident"),
        ("gazetteer", "view_place"), ("gazetteer", "add_place"), ("gazetteer", "change_place"),
        ("gazetteer", "view_placename"), ("gazetteer", "add_placename"), ("gazetteer", "change_placename"),
        ("gazetteer", "delete_placename"),
        # The desk: corrections (made and undone by editors) and the history of what they changed.
        ("incidents", "view_correction"), ("incidents", "change_correction"),
        ("incidents", "view_historicalincident"),
        ("gazetteer", "view_historicalplace"), ("gazetteer", "view_historicalplacename"),
    }
    assert not any(app == "auth" for app, _ in granted)


def test_logged_in_user_without_the_add_permission_cannot_post_articles(client):
    client.force_login(User.objects.create_user("reader", password="x", is_staff=True))
    response = client.post("/api/articles/", {"text": GOOD_TEXT}, content_type="application/json")
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_user_given_only_add_article_may_post(client, django_capture_on_commit_callbacks):
    user = User.objects.create_user("poster", password="x")
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/articles/", {"text": GOOD_TEXT}, content_type="application/json")
    assert response.status_code == 201


def test_admin_login_is_locked_out_after_repeated_wrong_passwords(client, settings):
    User.objects.create_superuser("admin", password="right-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    response = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": "right-password"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_api_basic_auth_is_locked_out_after_repeated_wrong_passwords(client, settings):
    user = User.objects.create_user("editor", password="right-password")
    user.groups.add(Group.objects.get(name="Editors"))

    def post(password: str):
        token = base64.b64encode(f"editor:{password}".encode()).decode()
        return client.post("/api/articles/", {"text": GOOD_TEXT}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Basic {token}")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert post("wrong").status_code in (401, 403)
    assert post("right-password").status_code in (401, 403, 429)
    assert not Article.objects.exists()


def test_anonymous_api_clients_are_throttled(client, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "3/min"})
    statuses = [client.get("/api/incidents/").status_code for _ in range(5)]
    cache.clear()
    assert statuses[:3] == [200] * 3 and statuses[3:] == [429, 429]


@pytest.mark.parametrize("path", ["/", "/api/incidents/", "/admin/login/"])
def test_every_page_has_a_strict_content_security_policy_and_permissions_policy(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "unsafe-inline" not in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_proxy_header_is_trusted_only_when_configured():
    import subprocess
    import sys

    from tests.conftest import ROOT

    def proxy_header(**env):
        environment = {k: v for k, v in os.environ.items() if k != "SECURE_PROXY_SSL_HEADER"} | env
        code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
        return subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=environment,
                              capture_output=True, text=True, timeout=60, check=True).stdout.splitlines()[-1]

    assert proxy_header() == "None"
    assert proxy_header(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto") == "('HTTP_X_FORWARDED_PROTO', 'https')"
