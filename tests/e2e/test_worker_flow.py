"""Articles go through a real Celery worker on a real Redis and come out on the map API."""

import re
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds" / "articles"


def _features(stack, query: str = "") -> list[dict]:
    return stack.get_json(f"/api/incidents/?page_size=1000{query}")["features"]


def test_sample_folder_is_extracted_and_geocoded_by_the_worker(live_stack):
    result = live_stack.manage("ingest", str(SEEDS), "--wait", "180")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 articles processed by the workers" in result.stdout
    worker_log = live_stack.log("worker")
    # The work was done by the worker process, not in-process by the command.
    # One task per article extracts and geocodes it (geocode_article is the sweep's, for work a lost message left).
    assert "incidents.tasks.extract_article" in worker_log and "succeeded" in worker_log
    features = _features(live_stack)
    articles = {f["properties"]["article"] for f in features}
    assert len(articles) == 5
    balad = [f for f in features if f["properties"]["place_mention"] == "درعا البلد"]
    assert balad, "Daraa al-Balad incidents are on the map"
    lon, lat = balad[0]["geometry"]["coordinates"]
    assert 32.55 < lat < 32.7 and 36.0 < lon < 36.2


def _ingest_while_no_worker_runs(stack, path, text: str) -> int:
    """Stop the worker, ingest one article (its task waits in Redis) and return the article id."""
    stack.stop("worker")
    path.write_text(text, encoding="utf-8")
    result = stack.manage("ingest", str(path))
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().rsplit(" ", 1)[-1])


def test_article_queued_while_no_worker_runs_is_processed_when_one_starts(live_stack, tmp_path):
    article_id = _ingest_while_no_worker_runs(
        live_stack, tmp_path / "late.txt",
        "قصف على طفس\nقصفت قوات النظام صباح اليوم بلدة طفس في ريف درعا الغربي بقذائف الهاون.\n",
    )
    assert live_stack.get_json(f"/api/articles/{article_id}/")["status"] == "received"
    live_stack.start_worker()
    live_stack.wait_for(
        lambda: _features(live_stack, f"&article={article_id}"), 90, "the restarted worker to process the article"
    )
    feature = _features(live_stack, f"&article={article_id}")[0]
    assert feature["properties"]["event_type"] == "shelling"
    assert feature["properties"]["place_mention"] == "طفس"


def test_type_and_date_filters_apply_on_the_live_api(live_stack):
    everything = _features(live_stack)
    shelling = _features(live_stack, "&event_type=shelling")
    assert shelling and len(shelling) < len(everything)
    assert {f["properties"]["event_type"] for f in shelling} == {"shelling"}
    in_2021 = _features(live_stack, "&date_from=2021-01-01&date_to=2021-12-31")
    assert in_2021 and all(f["properties"]["date"].startswith("2021") for f in in_2021)


def test_worker_killed_mid_task_loses_nothing(live_stack, tmp_path):
    article_id = _ingest_while_no_worker_runs(
        live_stack, tmp_path / "killed.txt",
        "اشتباكات في نوى\n"
        "دارت اشتباكات عنيفة صباح اليوم بين قوات النظام ومقاتلين محليين في مدينة نوى بريف درعا الغربي.\n",
    )
    # Hold the database so the task is surely in flight, not finished, when its worker dies.
    lock = sqlite3.connect(live_stack.database, timeout=30, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        live_stack.start_worker("doomed")
        live_stack.wait_for(lambda: re.search(r"incidents\.tasks\.extract_article\[[^]]+\] received",
                                              live_stack.log("doomed")), 60, "the worker to take the task")
        live_stack.kill("doomed")
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert "succeeded" not in live_stack.log("doomed")
    assert live_stack.get_json(f"/api/articles/{article_id}/")["status"] == "received"
    live_stack.start_worker()
    live_stack.wait_for(
        lambda: _features(live_stack, f"&article={article_id}"), 120, "the task to be redelivered to a new worker"
    )
    feature = _features(live_stack, f"&article={article_id}")[0]
    assert (feature["properties"]["event_type"], feature["properties"]["place_mention"]) == ("clash", "نوى")


def test_article_ingested_while_redis_is_down_is_stored_and_queued_later_by_the_sweep(live_stack, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    path = tmp_path / "offline.txt"
    path.write_text("قصف على الحراك\nقصفت قوات النظام صباح اليوم بلدة الحراك في ريف درعا الشرقي بالمدفعية.\n",
                    encoding="utf-8")
    env = {**live_stack.env, "CELERY_BROKER_URL": f"redis://127.0.0.1:{closed_port}/15"}
    for expected in ("ingested", "already present"):
        result = subprocess.run([sys.executable, "manage.py", "ingest", str(path)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith(expected) and "Traceback" not in result.stderr
    assert "the periodic sweep will queue it again" in result.stderr or expected == "already present"
    article_id = int(result.stdout.strip().rsplit(" ", 1)[-1])
    assert live_stack.get_json(f"/api/articles/{article_id}/")["status"] == "received"
    live_stack.start_beat()
    try:
        live_stack.wait_for(
            lambda: _features(live_stack, f"&article={article_id}"), 90, "the sweep to queue the stored article"
        )
    finally:
        live_stack.stop("beat")
    assert "requeue_unfinished" in live_stack.log("beat")
    feature = _features(live_stack, f"&article={article_id}")[0]
    assert (feature["properties"]["event_type"], feature["properties"]["place_mention"]) == ("shelling", "الحراك")
