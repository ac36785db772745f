"""Exports and API paging at scale, on SpatiaLite and PostGIS, beside baselines measured in the same run.

For each database and row count the bench loads its own incidents (one INSERT ... SELECT computed in SQL), then
measures, each in a fresh process so that the peak RSS is that of the one measurement:
- baseline: a `.values()` + orjson loop over the same rows (the API's columns and the point's lon/lat);
- the GeoJSON, CSV and GeoPackage exports, read through the view (`/export/incidents.*`) as a client would (the
  GeoPackage's peak RSS is the bench's process, ogr2ogr's apart);
- the API: a page of 1,000 (keyset cursor) at the start, the middle and the end, and the walk over every page;
  beside it the OFFSET + COUNT paging it replaced, timed on the same rows at the same depths.

Run: .venv/bin/python bench/bench_exports.py [--spatialite 100000] [--postgis 100000,1000000]
(or EXPORT_BENCH_SPATIALITE / EXPORT_BENCH_POSTGIS; 0 or an empty list skips a database). PostGIS is started
through scripts/common.sh in a data folder of the bench's own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PAGE = 1000


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_child_rss_mb() -> float:
    """The peak resident memory of the largest child process ended so far (ogr2ogr for the GeoPackage), in MB; it
    includes what the child shared with this process before it ran ogr2ogr, so it bounds ogr2ogr's from above."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# --- inside a child process (Django set up against the bench's database) ------------------------------------------

def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


# --- loading: one INSERT ... SELECT over a series of row numbers (generate_series on PostGIS, a recursive CTE on
# SpatiaLite); every value is computed in SQL from the row number n and its hash h, so no row passes through Python.

ACTORS = ["[]", '["Syrian regime forces"]', '["Opposition factions", "4th Division"]', '["Unknown gunmen"]']
EVIDENCE = "قصفت قوات النظام بقذائف الهاون الأحياء السكنية في المدينة صباح اليوم، ما أدى إلى أضرار."
# What differs between the two databases; the rest of the statements is shared.
DIALECTS = {
    "postgresql": {
        "series": "SELECT n FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n",
        "json": "::jsonb", "false": "false",
        "date": "DATE '2011-03-01' + (h %% 5000)::int",
        "point": "ST_SetSRID(ST_MakePoint(ST_X(p.point) + ((h / 60) %% 2000 - 1000) / 100000.0, ST_Y(p.point)), 4326)",
    },
    "sqlite": {
        "series": "WITH RECURSIVE s(n) AS (SELECT %(first)s UNION ALL SELECT n + 1 FROM s WHERE n < %(last)s) "
                  "SELECT n FROM s",
        "json": "", "false": "0",
        "date": "date('2011-03-01', '+' || (h %% 5000) || ' days')",
        "point": "MakePoint(ST_X(p.point) + ((h / 60) %% 2000 - 1000) / 100000.0, ST_Y(p.point), 4326)",
    },
}
ARTICLES_SQL = """
INSERT INTO incidents_article (title, body, source, url, filename, published_on, date_missing, content_hash, status,
                               error, created_at)
SELECT 'تقرير ' || n, 'نص', 'bench', 'https://example.org/' || n, '', %(start)s, {false}, 'bench-' || n,
       'extracted', '', %(now)s
FROM ({series}) AS series
WHERE true
ON CONFLICT (content_hash) DO NOTHING
"""
INCIDENTS_SQL = """
INSERT INTO incidents_incident (article_id, event_type, date, date_precision, place_mention, mention_start, mention_end,
    place_id, point, geo_precision, geocode_status, geocode_confidence, geocode_note, actors, weapons, killed, injured,
    casualties_estimated, evidence, evidence_start, evidence_end, review_status, updated_at, place_candidates)
SELECT a.id, t.value, CASE WHEN n %% 9 = 0 THEN NULL ELSE {date} END, 'day', p.name_ar, 0, 5,
       p.id, {point}, 1, 'resolved', (h %% 1000) / 1000.0, '', ac.value{json},
       CASE WHEN n %% 3 = 0 THEN '["mortar"]' ELSE '[]' END{json}, CASE WHEN n %% 2 = 1 THEN h %% 5 END,
       CASE WHEN n %% 4 = 0 THEN 2 END, {false}, %(evidence)s, 0, 0, 'unreviewed', %(now)s, '[]'{json}
FROM (SELECT n, (n * 2654435761) %% 4294967296 AS h FROM ({series}) AS series) AS numbered
JOIN incidents_article AS a ON a.content_hash = 'bench-' || (n / 20)
JOIN gazetteer_place AS p ON p.key = 'bench-' || ((h / 7) %% 60)
JOIN ({types}) AS t ON t.i = n %% {type_count}
JOIN ({actors}) AS ac ON ac.i = n %% 4
"""


def load(target: int) -> None:
    """Top the database up to `target` mapped incidents, with an article for every 20 and 60 places: one INSERT
    ... SELECT per table, computed in SQL."""
    import datetime as dt

    from django.contrib.gis.geos import Point
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from gazetteer.models import Place
    from incidents.models import Incident

    if not Place.objects.filter(key__startswith="bench-").exists():
        Place.objects.bulk_create(
            Place(key=f"bench-{n}", name_ar=f"قرية {n}", name_en=f"Village {n}", kind="village", source="bench",
                  point=Point(35.8 + n / 100, 32.5 + n / 150, srid=4326)) for n in range(60))
    have = Incident.objects.count()
    if have >= target:
        return
    dialect = DIALECTS[connection.vendor]
    types = [choice for choice, _ in Incident.EventType.choices]
    selects = {
        "types": " UNION ALL ".join(f"SELECT {i} AS i, '{value}' AS value" for i, value in enumerate(types)),
        "actors": " UNION ALL ".join(f"SELECT {i} AS i, '{value}' AS value" for i, value in enumerate(ACTORS)),
    }
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic(), connection.cursor() as cursor:
        start = connection.ops.adapt_datefield_value(dt.date(2011, 3, 1))
        cursor.execute(ARTICLES_SQL.format(**dialect),
                       {"first": have // 20, "last": (target - 1) // 20, "now": now, "start": start})
        cursor.execute(INCIDENTS_SQL.format(**dialect, **selects, type_count=len(types)),
                       {"first": have, "last": target - 1, "now": now, "evidence": EVIDENCE})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE incidents_incident; ANALYZE incidents_article")


def measure(kind: str) -> dict:
    """One measurement in this process: rows, seconds, peak RSS (and pages for the API)."""
    import orjson
    from django.test import Client

    from incidents import exports, services

    total = services.incident_list().count()
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    result: dict = {"kind": kind}
    if kind == "baseline":
        rows, size = 0, 0
        for row in exports.incident_values(services.incident_list()).iterator(chunk_size=exports.CHUNK_ROWS):
            size += len(orjson.dumps(row))
            rows += 1
        result |= {"rows": rows, "bytes": size}
    elif kind in ("geojson", "csv", "gpkg"):
        response = Client(HTTP_HOST="localhost").get(f"/export/incidents.{kind}")
        assert response.status_code == 200, response.status_code
        size = sum(len(chunk) for chunk in response.streaming_content)
        result |= {"rows": total, "bytes": size}
    elif kind == "api":
        client = Client(HTTP_HOST="localhost")
        # The process's first request loads the URL conf, the views and the renderers: timed apart from the pages.
        tick = time.perf_counter()
        client.get("/api/incidents/?page_size=1")
        result["warm_up_ms"] = (time.perf_counter() - tick) * 1000
        started = time.perf_counter()
        times, url, rows = [], f"/api/incidents/?page_size={PAGE}", 0
        while url:
            tick = time.perf_counter()
            page = client.get(url).json()
            times.append(time.perf_counter() - tick)
            rows += len(page["features"])
            url = page["next"]
        result |= {"rows": rows, "pages": len(times), "first_ms": times[0] * 1000,
                   "middle_ms": times[len(times) // 2] * 1000, "last_ms": times[-1] * 1000}
    elif kind == "offset":
        # The paging it replaced: COUNT(*) plus OFFSET over the sorted rows, for the same features.
        queryset = exports.incident_feature_rows(services.incident_list()).order_by("id")
        depths = {"first_ms": 0, "middle_ms": (total // PAGE // 2) * PAGE, "last_ms": max(total - PAGE, 0)}
        for name, offset in depths.items():
            tick = time.perf_counter()
            services.incident_list().count()
            orjson.dumps([exports.incident_feature(row) for row in queryset[offset:offset + PAGE]])
            result[name] = (time.perf_counter() - tick) * 1000
        result["rows"] = total
    result |= {"seconds": time.perf_counter() - started, "rss_start_mb": rss_before, "peak_rss_mb": peak_rss_mb(),
               "peak_child_rss_mb": peak_child_rss_mb()}
    return result


# --- the orchestrating process -----------------------------------------------------------------------------------

def _child(env: dict, *args: str) -> dict | None:
    output = subprocess.run([sys.executable, __file__, *args], env=env, cwd=REPO, capture_output=True, text=True)
    if output.returncode != 0:
        raise SystemExit(f"bench child {args} failed:\n{output.stderr[-3000:]}")
    lines = [line for line in output.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def _report(database: str, rows: int, env: dict) -> None:
    tick = time.perf_counter()
    _child(env, "--child-load", str(rows))
    print(f"\n{database}, {rows:,} incidents (loaded in {time.perf_counter() - tick:.0f} s)")
    baseline = _child(env, "--child-measure", "baseline")
    base_rate = baseline["rows"] / baseline["seconds"]
    print(f"  {'values()+orjson baseline':26} {base_rate:10,.0f} rows/s  peak RSS {baseline['peak_rss_mb']:6.0f} MB"
          f"  (process start {baseline['rss_start_mb']:.0f} MB)")
    for kind in ("geojson", "csv", "gpkg"):
        figure = _child(env, "--child-measure", kind)
        rate = figure["rows"] / figure["seconds"]
        # A child's peak counts the bench's memory it was forked with: ogr2ogr's own is at most this.
        child = f"  (ogr2ogr peak RSS <= {figure['peak_child_rss_mb']:.0f} MB)" if kind == "gpkg" else ""
        print(f"  {kind + ' export (streamed view)':26} {rate:10,.0f} rows/s  peak RSS {figure['peak_rss_mb']:6.0f} MB"
              f"  {rate / base_rate:5.2f}x baseline  {figure['bytes'] / 1e6:,.0f} MB written{child}")
    api = _child(env, "--child-measure", "api")
    offset = _child(env, "--child-measure", "offset")
    print(f"  API keyset page of {PAGE:,} (after a {api['warm_up_ms']:.0f} ms first request): "
          f"first {api['first_ms']:.0f} ms, middle {api['middle_ms']:.0f} ms, "
          f"last {api['last_ms']:.0f} ms; walk of {api['pages']:,} pages {api['seconds']:.1f} s "
          f"({api['rows'] / api['seconds']:,.0f} rows/s), peak RSS {api['peak_rss_mb']:.0f} MB")
    print(f"  OFFSET+COUNT baseline page: first {offset['first_ms']:.0f} ms, middle {offset['middle_ms']:.0f} ms, "
          f"last {offset['last_ms']:.0f} ms  (last page keyset/offset {api['last_ms'] / offset['last_ms']:.2f}x)")


def _postgis(action: str, value: str) -> str:
    script = f'source scripts/common.sh; {action}'
    done = subprocess.run(["bash", "-c", script, "bench", value], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"PostGIS: {action} failed: {done.stderr}")
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spatialite", default=os.environ.get("EXPORT_BENCH_SPATIALITE", "100000"))
    parser.add_argument("--postgis", default=os.environ.get("EXPORT_BENCH_POSTGIS", "100000,1000000"))
    parser.add_argument("--child-load", type=int)
    parser.add_argument("--child-measure")
    args, _ = parser.parse_known_args()
    if args.child_load is not None:
        _setup()
        load(args.child_load)
        return
    if args.child_measure:
        _setup()
        print(json.dumps(measure(args.child_measure)))
        return
    # Both DRF throttles count an anonymous client (the user one by its address): neither may stop the walk.
    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "API_THROTTLE_ANON": "1000000/min",
                "API_THROTTLE_USER": "1000000/min",
                "CELERY_BROKER_URL": ""}
    base_env.pop("DATABASE_URL", None)
    counts = {name: [int(n) for n in value.split(",") if n.strip() and int(n)]
              for name, value in (("SpatiaLite", args.spatialite), ("PostGIS", args.postgis))}
    with tempfile.TemporaryDirectory(prefix="hawran-bench-") as folder:
        for rows in counts["SpatiaLite"]:
            env = {**base_env, "DATABASE_URL": f"spatialite:///{folder}/bench-{rows}.sqlite3"}
            _report("SpatiaLite", rows, env)
    if counts["PostGIS"]:
        port = _postgis('"$PY" -c "import socket; s=socket.socket(); s.bind((\'127.0.0.1\', 0)); '
                        'print(s.getsockname()[1])"', "")
        pg_dir = _postgis('start_postgis "$1" >&2 && echo "$PG_DIR"', port)
        try:
            env = {**base_env, "DATABASE_URL": f"postgis://postgres@127.0.0.1:{port}/hawran"}
            for rows in sorted(counts["PostGIS"]):
                _report("PostGIS", rows, env)
        finally:
            _postgis('PG_DIR="$1"; stop_postgis', pg_dir)


if __name__ == "__main__":
    main()
