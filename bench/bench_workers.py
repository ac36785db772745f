"""End-to-end ingest throughput through real Celery workers (1, then 2) beside the in-process run on the same database.

Run by make bench with BENCH_DATABASE_URL (PostGIS) and BENCH_REDIS_URL set by scripts/bench.sh; loads its own data:
ARTICLES numbered copies of the five sample articles. 600 of them: a worker extracts and geocodes one in about 15 ms of
CPU, so with 200 the second or so it takes to start the ingest command was a third of a run and hid the workers.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers import ROOT, manage, write_sample_copies

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "600"))
COUNT = ("SELECT (SELECT count(*) FROM incidents_article WHERE status = 'extracted'), "
         "(SELECT count(*) FROM incidents_incident WHERE geocode_status = 'pending')")


def reset(env: dict) -> None:
    manage(env, "shell", "-c", "from incidents.models import Article; Article.objects.all().delete()")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a live process and its live children (a worker and its pool processes)."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = " ".join(p.read_text() for p in Path(f"/proc/{pid}/task").glob("*/children")).split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / tick + sum(cpu_seconds(int(child)) for child in children)


def timed_run(env: dict, folder: Path, workers: int) -> tuple[float, float]:
    """Seconds from the start of ingest until every article is extracted and geocoded, and the workers' CPU seconds."""
    reset(env)
    started = []
    if workers:
        subprocess.run(["redis-cli", "-u", env["CELERY_BROKER_URL"], "flushdb"], check=True, capture_output=True)
        for n in range(workers):
            started.append(subprocess.Popen(
                [str(Path(sys.executable).with_name("celery")), "-A", "config", "worker", "--concurrency", "1",
                 "--loglevel", "WARNING", "--hostname", f"bench{n}@%h", "--without-gossip", "--without-mingle"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(4)  # workers up before the clock starts
    idle = sum(cpu_seconds(process.pid) for process in started)
    begin = time.perf_counter()
    manage(env, "ingest", str(folder))
    while workers:
        psql_url = env["DATABASE_URL"].replace("postgis://", "postgresql://", 1)
        row = subprocess.run(["psql", psql_url, "-tAF", " ", "-c", COUNT], capture_output=True, text=True, check=True)
        extracted, pending = map(int, row.stdout.split())
        if extracted == ARTICLES and not pending:
            break
        time.sleep(0.2)
    elapsed = time.perf_counter() - begin
    busy = sum(cpu_seconds(process.pid) for process in started) - idle
    for process in started:
        process.terminate()
        process.wait()
    return elapsed, busy


def main() -> None:
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": os.environ["BENCH_DATABASE_URL"]}
    base.pop("CELERY_BROKER_URL", None)
    manage(base, "migrate", "--noinput", "-v0")
    manage(base, "load_gazetteer")
    queued = {**base, "CELERY_BROKER_URL": os.environ["BENCH_REDIS_URL"]}
    with tempfile.TemporaryDirectory() as tmp:
        runs, cpu = {}, {}
        for label, env, workers in (("in-process", base, 0), ("1 worker", queued, 1), ("2 workers", queued, 2)):
            folder = Path(tmp) / label.replace(" ", "-")
            write_sample_copies(folder, ARTICLES, label[0] + str(workers))
            elapsed, busy = timed_run(env, folder, workers)
            runs[label], cpu[label] = ARTICLES / elapsed, busy / ARTICLES
    baseline = runs["in-process"]
    for label, rate in runs.items():
        # The workers' CPU per article does not depend on what else the machine runs; the rate does.
        spent = f", workers' CPU {cpu[label] * 1000:.1f} ms per article" if cpu[label] else ""
        print(f"ingest end to end, {label:10}: {rate:6.1f} articles/s  ({rate / baseline:.2f}x in-process{spent})")
    print(f"2 workers / 1 worker: {runs['2 workers'] / runs['1 worker']:.2f}x")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (other work slows the workers)")


if __name__ == "__main__":
    main()
