"""The map in headless Chromium: first paint, one step of the time control, JS heap, at scale beside a baseline.

Each figure at N incidents (1,000,000 on PostGIS, 100,000 on SpatiaLite) is printed next to the same figure for the
same page on the same database engine with 10 incidents, measured in the same run. The bench loads the data itself
(one INSERT ... SELECT on PostGIS, one executemany on SpatiaLite) and serves it with Django's server.

Run: make bench   (starts a throwaway PostGIS and sets HAWRAN_BENCH_POSTGIS)
  or .venv/bin/python bench/bench_map.py [--postgis postgis://postgres@127.0.0.1:PORT] [--postgis-n N]
       [--spatialite-n N] [--only spatialite|postgis]
The first paint is printed twice: the first load after the server started (it builds the server's summary of the
incidents) and the median of the next three. Figures come from the page's own marks:
performance.mark("map-first-ready") (navigation start to the first view fully drawn, #map[data-ready]) and
performance.measure("map-redraw") (a click on "step forward" to the view drawn).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers import free_port, manage

REPO = Path(__file__).resolve().parents[1]
TYPES = ["shelling", "airstrike", "siege", "checkpoint", "clash", "assault", "territorial_change", "arrest",
         "assassination", "explosion", "other"]
FIRST_DAY = "2011-03-15"
DAYS = 13 * 365
BASELINE_N = 10
ARTICLES = 200
EVIDENCE = "قصفت قوات النظام بالمدفعية الثقيلة الأحياء السكنية في البلدة صباح اليوم"


def _env(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1",
            "CELERY_BROKER_URL": "", "MAP_TILE_URL": ""}


def load_spatialite(path: Path, count: int) -> dict:
    """A fresh SpatiaLite file with the gazetteer and `count` synthetic incidents at its settlements."""
    path.unlink(missing_ok=True)
    env = _env(f"spatialite:///{path}")
    manage(env, "migrate", "--noinput")
    manage(env, "load_gazetteer")
    db = sqlite3.connect(path)
    db.enable_load_extension(True)
    db.load_extension("mod_spatialite")
    places = db.execute("SELECT id, X(point), Y(point) FROM gazetteer_place "
                        "WHERE kind IN ('city', 'town', 'village', 'quarter')").fetchall()
    db.executemany("INSERT INTO incidents_article (title, body, source, url, filename, published_on, date_missing, "
                   "content_hash, status, error, created_at) VALUES (?, ?, 'bench', '', '', '2018-01-01', 0, ?, "
                   "'extracted', '', '2018-01-01')",
                   [(f"article {i}", EVIDENCE, f"bench-{i}") for i in range(ARTICLES)])
    first_article = db.execute("SELECT min(id) FROM incidents_article").fetchone()[0]
    rng = random.Random(7)

    def rows():
        for i in range(count):
            place_id, lon, lat = places[rng.randrange(len(places))]
            precision = rng.choices((1, 2, 3), (85, 12, 3))[0]
            yield (first_article + i % ARTICLES, TYPES[rng.randrange(len(TYPES))], rng.randrange(DAYS),
                   place_id, lon, lat, precision, round(rng.random(), 2),
                   '["Syrian regime forces"]' if i % 3 else '["Hezbollah"]', rng.randrange(5))

    db.executemany(
        "INSERT INTO incidents_incident (article_id, event_type, date, date_precision, place_mention, mention_start, "
        "mention_end, place_id, point, geo_precision, geocode_status, geocode_confidence, geocode_note, actors, "
        "weapons, killed, injured, casualties_estimated, evidence, evidence_start, evidence_end, review_status, "
        "updated_at, place_candidates) "
        f"VALUES (?, ?, date('{FIRST_DAY}', '+' || ? || ' days'), 'day', 'درعا', 0, 4, ?, "
        "MakePoint(?, ?, 4326), ?, 'resolved', ?, '', ?, '[]', ?, NULL, 0, '" + EVIDENCE + "', 0, 10, "
        "'unreviewed', '2018-01-01', '[]')", rows())
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return env


def load_postgis(server_url: str, name: str, count: int) -> dict:
    """A fresh PostGIS database on the server with the gazetteer and `count` synthetic incidents."""
    import psycopg

    admin_url = server_url.replace("postgis://", "postgresql://")
    with psycopg.connect(admin_url + "/postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name}")
        db.execute(f"CREATE DATABASE {name}")
    with psycopg.connect(f"{admin_url}/{name}", autocommit=True) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    env = _env(f"{server_url}/{name}")
    manage(env, "migrate", "--noinput")
    manage(env, "load_gazetteer")
    with psycopg.connect(f"{admin_url}/{name}", autocommit=True) as db:
        db.execute("INSERT INTO incidents_article (title, body, source, url, filename, published_on, date_missing, "
                   "content_hash, status, error, created_at) SELECT 'article ' || i, %s, 'bench', '', '', "
                   "'2018-01-01', false, 'bench-' || i, 'extracted', '', now() FROM generate_series(1, %s) i",
                   (EVIDENCE, ARTICLES))
        db.execute("SELECT setseed(0.7)")
        db.execute(
            "WITH p AS (SELECT array_agg(id) AS ids, array_agg(point) AS points, count(*) AS n FROM gazetteer_place "
            "WHERE kind IN ('city', 'town', 'village', 'quarter')), a AS (SELECT min(id) AS first FROM "
            "incidents_article), r AS (SELECT i, 1 + floor(random() * p.n)::int AS k, random() AS q FROM "
            "generate_series(1, %(n)s) i, p) "
            "INSERT INTO incidents_incident (article_id, event_type, date, date_precision, place_mention, "
            "mention_start, mention_end, place_id, point, geo_precision, geocode_status, geocode_confidence, "
            "geocode_note, actors, weapons, killed, injured, casualties_estimated, evidence, evidence_start, "
            "evidence_end, review_status, updated_at, place_candidates) "
            "SELECT a.first + r.i %% %(articles)s, (%(types)s::text[])[1 + floor(random() * %(ntypes)s)::int], "
            "%(first)s::date + floor(random() * %(days)s)::int, 'day', 'درعا', 0, 4, p.ids[r.k], p.points[r.k], "
            "CASE WHEN r.q < 0.85 THEN 1 WHEN r.q < 0.97 THEN 2 ELSE 3 END, 'resolved', round(random()::numeric, 2), "
            "'', CASE WHEN r.i %% 3 = 0 THEN '[\"Hezbollah\"]' ELSE '[\"Syrian regime forces\"]' END::jsonb, "
            "'[]'::jsonb, floor(random() * 5)::int, NULL, false, %(evidence)s, 0, 10, 'unreviewed', now(), '[]'::jsonb "
            "FROM r, p, a",
            {"n": count, "articles": ARTICLES, "types": TYPES, "ntypes": len(TYPES), "first": FIRST_DAY,
             "days": DAYS, "evidence": EVIDENCE})
        db.execute("VACUUM ANALYZE incidents_incident")
    return env


class Server:
    """Django's development server on a free port, for one database."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}",
                                         "--noreload"], cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--window-size=1280,900",
                 "--enable-precise-memory-info"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def _wait_ready(driver, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script("return document.getElementById('map').dataset.ready === 'true'"):
            return
        time.sleep(0.01)
    raise SystemExit("the map never became ready")


def measure(driver, base_url: str, loads: int = 3, steps: int = 10) -> dict:
    """First paint (median of loads after one warm-up), one week's step (median), JS heap after the steps."""
    paints = []
    for _ in range(loads + 1):
        driver.get(base_url + "/")
        _wait_ready(driver)
        paints.append(driver.execute_script("return performance.getEntriesByName('map-first-ready')[0].startTime"))
    # The first load after the server started builds the server's summary of the incidents (incidents.mapdata);
    # the later ones, like any visitor's after the first, find it built.
    cold, paints = paints[0], paints[1:]
    total = int(driver.execute_script("return document.getElementById('map').dataset.total"))
    driver.get(base_url + "/?date_from=2017-01-07&date_to=2017-02-05")
    _wait_ready(driver)
    step_times = []
    for _ in range(steps):
        driver.execute_script("performance.clearMeasures('map-redraw');"
                              "document.getElementById('map').removeAttribute('data-ready');"
                              "document.getElementById('step-forward').click()")
        _wait_ready(driver)
        step_times.append(driver.execute_script("return performance.getEntriesByName('map-redraw').pop().duration"))
    driver.execute_cdp_cmd("Performance.enable", {})
    metrics = {m["name"]: m["value"] for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
    driver.execute_cdp_cmd("HeapProfiler.collectGarbage", {})
    after_gc = driver.execute_cdp_cmd("Runtime.getHeapUsage", {})["usedSize"]
    return {"incidents": total, "cold_paint_ms": cold, "first_paint_ms": statistics.median(paints),
            "step_ms": statistics.median(step_times), "heap_mb": metrics["JSHeapUsedSize"] / 2**20,
            "heap_gc_mb": after_gc / 2**20}


def run(engine: str, loader, count: int, driver) -> None:
    figures = {}
    for label, n in (("baseline", BASELINE_N), ("scale", count)):
        started = time.monotonic()
        env = loader(n, label)
        loaded = time.monotonic() - started
        server = Server(env)
        try:
            figures[label] = measure(driver, server.url)
        finally:
            server.stop()
        print(f"  {engine}: {n:,} incidents loaded and migrated in {loaded:.0f} s", flush=True)
    base, big = figures["baseline"], figures["scale"]
    print(f"{engine}, {big['incidents']:,} incidents on the map (baseline: the same page with "
          f"{base['incidents']:,}, same run):")
    for key, name in (("cold_paint_ms", "first paint, server just started, ms"),
                      ("first_paint_ms", "first paint (median of 3), ms"),
                      ("step_ms", "one week's step of the time control, ms"),
                      ("heap_mb", "JS heap used, MB"), ("heap_gc_mb", "JS heap after GC, MB")):
        ratio = big[key] / base[key] if base[key] else float("nan")
        print(f"  {name:42s} {big[key]:9.1f}   baseline {base[key]:9.1f}   x{ratio:5.2f}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgis", default=os.environ.get("HAWRAN_BENCH_POSTGIS", ""))
    parser.add_argument("--postgis-n", type=int, default=int(os.environ.get("BENCH_MAP_POSTGIS_N", 1_000_000)))
    parser.add_argument("--spatialite-n", type=int, default=int(os.environ.get("BENCH_MAP_SPATIALITE_N", 100_000)))
    parser.add_argument("--only", choices=["spatialite", "postgis"])
    args, _ = parser.parse_known_args()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, check=True)
    workdir = Path(tempfile.mkdtemp(prefix="hawran-bench-map-"))
    driver = browser()
    try:
        if args.only != "postgis":
            run("SpatiaLite", lambda n, label: load_spatialite(workdir / f"{label}.sqlite3", n), args.spatialite_n,
                driver)
        if args.only != "spatialite":
            if not args.postgis:
                print("PostGIS: skipped (no --postgis URL; make bench starts one)")
            else:
                run("PostGIS", lambda n, label: load_postgis(args.postgis, f"bench_map_{label}", n), args.postgis_n,
                    driver)
    finally:
        driver.quit()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
