"""Requests/s and p99 latency of the API through gunicorn (as make run serves it) at 1, 8 and 32 concurrent clients.

The baseline, measured in the same run against the same gunicorn: a small static file (whitenoise), i.e. what the
server, the client and the machine cost before the application does anything. Run by make bench with
BENCH_DATABASE_URL (PostGIS) and BENCH_REDIS_URL set by scripts/bench.sh; loads its own data (BENCH_API_ARTICLES
numbered copies of the five sample articles, ingested in-process). The client is asyncio in one process: each
request a new connection (gunicorn's sync workers close it), as many in flight as there are clients.
"""

import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

from helpers import ROOT, free_port, manage, write_sample_copies

ARTICLES = int(os.environ.get("BENCH_API_ARTICLES", "100"))
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "4"))
CLIENTS = (1, 8, 32)
WEB_WORKERS = os.environ.get("WEB_WORKERS", "2")  # make run's default
BASELINE = ("static file", "/static/incidents/desk.css")
ENDPOINTS = (
    ("API incidents page", "/api/incidents/"),
    ("API map cells", "/api/map/cells/?zoom=9"),
)


def load_data(env: dict) -> str:
    """Migrate, load the gazetteer and ingest the articles in-process; return the number of incidents."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_gazetteer")
    manage(env, "shell", "-v0", "-c", "from incidents.models import Article; Article.objects.all().delete()")
    with tempfile.TemporaryDirectory() as tmp:
        write_sample_copies(Path(tmp), ARTICLES, "api")
        manage(env, "ingest", tmp)
    count = "from incidents.models import Incident; print(Incident.objects.count())"
    return manage(env, "shell", "-v0", "-c", count).strip()


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    """gunicorn as make run starts it (sync workers, DEBUG off, whitenoise), once it answers."""
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", WEB_WORKERS, "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{BASELINE[1]}", timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None:
                sys.exit("gunicorn exited before answering")
            time.sleep(0.3)
    process.terminate()
    sys.exit("gunicorn did not answer within 60 s")


async def fetch(port: int, path: str) -> int:
    """One GET on a new connection; the response's status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    response = await reader.read()
    writer.close()
    return int(response[9:12] or 0)


async def load(port: int, path: str, clients: int, seconds: float) -> tuple[float, float, Counter]:
    """Requests/s, p99 seconds and the statuses other than 200 of `clients` clients for `seconds`."""
    latencies: list[float] = []
    failures: Counter = Counter()
    stop = time.perf_counter() + seconds

    async def client() -> None:
        while time.perf_counter() < stop:
            began = time.perf_counter()
            status = await fetch(port, path)
            latencies.append(time.perf_counter() - began)
            if status != 200:
                failures[status] += 1

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return len(latencies) / elapsed, latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], failures


def main() -> None:
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": os.environ["BENCH_DATABASE_URL"]}
    base.pop("CELERY_BROKER_URL", None)
    incidents = load_data(base)
    manage(base, "collectstatic", "--noinput", "-v0")
    port = free_port()
    served = {
        **base, "CELERY_BROKER_URL": os.environ["BENCH_REDIS_URL"], "DEBUG": "0", "SECURE_SSL_REDIRECT": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        # Every client is 127.0.0.1: the per-client throttles (an anonymous client counts for both) would answer 429
        # to the load instead of measuring the server; they still run, with rates the load never reaches.
        "API_THROTTLE_ANON": "100000000/min", "API_THROTTLE_USER": "100000000/min",
    }
    server = start_gunicorn(served, port)
    try:
        for _, path in (BASELINE, *ENDPOINTS):
            asyncio.run(load(port, path, 2, 1.0))  # warm every worker's caches first
        print(f"API through gunicorn ({WEB_WORKERS} sync workers, PostGIS, {incidents} incidents), {SECONDS:.0f} s a "
              f"figure, beside the {BASELINE[0]} {BASELINE[1]} served by the same gunicorn:")
        for clients in CLIENTS:
            rate, p99, failed = asyncio.run(load(port, BASELINE[1], clients, SECONDS))
            print(f"  {clients:2} clients  {BASELINE[0]:18}: {rate:7.1f} requests/s  p99 {p99 * 1000:7.1f} ms"
                  + (f"  (not 200: {dict(failed)})" if failed else ""))
            for label, path in ENDPOINTS:
                api_rate, api_p99, failed = asyncio.run(load(port, path, clients, SECONDS))
                print(f"  {clients:2} clients  {label:18}: {api_rate:7.1f} requests/s  p99 {api_p99 * 1000:7.1f} ms"
                      f"  ({api_rate / rate:.2f}x the static file's rate, p99 {api_p99 / p99:.1f}x)"
                      + (f"  (not 200: {dict(failed)})" if failed else ""))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
