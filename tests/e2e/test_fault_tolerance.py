"""Faults under load: 200 articles, 2 workers, SIGKILLs and a Redis restart; nothing lost, nothing doubled."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, LiveStack, _free_port

pytestmark = pytest.mark.e2e
SEEDS = ROOT / "seeds" / "articles"
ARTICLES = 200
# Every incident, in a form both databases print the same way (points rounded to a metre or so).
DUMP = (
    "import json; from incidents.models import Incident; print(json.dumps(sorted("
    "[i.article.filename, i.event_type, i.place_mention, i.mention_start, str(i.date), i.geocode_status, "
    "round(i.point.x, 5) if i.point else None, round(i.point.y, 5) if i.point else None] "
    "for i in Incident.objects.select_related('article'))))"
)


class PersistentRedis:
    """A Redis of the test's own that keeps its queue in an append-only file (fsync on every write)."""

    def __init__(self, workdir: Path):
        self.port, self.dir, self.process = _free_port(), workdir / "redis", None
        self.dir.mkdir()

    def start(self) -> None:
        log = open(self.dir / "redis.log", "a")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
             "--appendfsync", "always", "--dir", str(self.dir)], stdout=log, stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("Redis did not start")

    def crash(self) -> None:
        self.process.kill()
        self.process.wait()


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


def _write_articles(folder: Path) -> None:
    """200 distinct articles: the five samples, each numbered by a closing line, with the samples' manifest rows."""
    folder.mkdir()
    manifest = (SEEDS / "articles.csv").read_text(encoding="utf-8").splitlines()
    rows = [manifest[0]]
    for number in range(ARTICLES):
        seed = sorted(SEEDS.glob("*.txt"))[number % 5]
        name = f"a{number:03d}.txt"
        (folder / name).write_text(seed.read_text(encoding="utf-8") + f"\n\nرقم التقرير {number}\n", encoding="utf-8")
        seed_row = next(row for row in manifest if row.startswith(seed.name + ","))
        rows.append(name + seed_row[len(seed.name):])
    (folder / "articles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _pool_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


@pytest.fixture
def stacks(tmp_path):
    """A stack on a persistent Redis of its own, and the environment of an in-process run on another database."""
    redis = PersistentRedis(tmp_path)
    redis.start()
    stack = LiveStack(tmp_path, f"redis://127.0.0.1:{redis.port}")
    stack.env.update({"INCIDENTS_REQUEUE_INTERVAL": "2", "INCIDENTS_REQUEUE_AFTER": "20"})
    in_process = {k: v for k, v in stack.env.items() if k != "CELERY_BROKER_URL"}
    in_process["DATABASE_URL"] = f"spatialite:///{tmp_path / 'in-process.sqlite3'}"
    for env in (stack.env, in_process):
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_gazetteer")
    yield redis, stack, in_process
    for name, process in list(stack.processes.items()):
        if process.poll() is None:
            stack.stop(name)
        # A worker's pool children outlive a SIGKILLed main process: end its whole group.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    redis.crash()


def _progress(database: Path) -> tuple[int, int]:
    """(articles extracted, incidents still waiting for a geocode)."""
    with sqlite3.connect(database, timeout=30) as connection:
        extracted = connection.execute("SELECT count(*) FROM incidents_article WHERE status = 'extracted'")
        pending = connection.execute("SELECT count(*) FROM incidents_incident WHERE geocode_status = 'pending'")
        return extracted.fetchone()[0], pending.fetchone()[0]


def test_killed_workers_and_a_redis_restart_lose_and_double_nothing(stacks, tmp_path):
    redis, stack, in_process = stacks
    folder = tmp_path / "articles"
    _write_articles(folder)
    _manage(in_process, "ingest", str(folder))
    expected = json.loads(_manage(in_process, "shell", "-c", DUMP).splitlines()[-1])

    workers = [f"worker{n}" for n in (1, 2)]
    for name in workers:
        stack.start(name, str(Path(sys.executable).with_name("celery")), "-A", "config", "worker", "--concurrency",
                    "2", "--loglevel", "INFO", "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle")
    stack.start_beat()
    ingest = stack.start("ingest", sys.executable, "manage.py", "ingest", str(folder))

    def reached(count):
        return lambda: _progress(stack.database)[0] >= count

    stack.wait_for(reached(20), 240, "20 articles extracted")
    os.kill(stack.processes["worker1"].pid, signal.SIGKILL)  # the main process only; its pool children are orphaned
    stack.start("worker1b", str(Path(sys.executable).with_name("celery")), "-A", "config", "worker", "--concurrency",
                "2", "--loglevel", "INFO", "--hostname", "worker1b@%h", "--without-gossip", "--without-mingle")
    stack.wait_for(reached(60), 240, "60 articles extracted")
    child = stack.wait_for(lambda: _pool_children(stack.processes["worker2"].pid), 30, "a pool child of worker2")[0]
    os.kill(child, signal.SIGKILL)
    stack.wait_for(reached(100), 240, "100 articles extracted")
    redis.crash()
    time.sleep(2)
    redis.start()
    assert ingest.wait(timeout=600) == 0, stack.log("ingest")[-3000:]
    stack.wait_for(lambda: _progress(stack.database) == (ARTICLES, 0), 600, "every article extracted and geocoded")

    got = json.loads(_manage(stack.env, "shell", "-c", DUMP).splitlines()[-1])
    with sqlite3.connect(stack.database) as connection:
        articles = connection.execute("SELECT count(*) FROM incidents_article").fetchone()[0]
    lost = ARTICLES - _progress(stack.database)[0]
    duplicated = sum(n - 1 for n in Counter(map(tuple, got)).values())
    print(f"\nfault test: {articles} articles stored, {lost} lost, {duplicated} incidents duplicated, "
          f"{len(got)} incidents (in-process run: {len(expected)})")
    assert (articles, lost, duplicated) == (ARTICLES, 0, 0)
    assert Counter(map(tuple, got)) == Counter(map(tuple, expected))
