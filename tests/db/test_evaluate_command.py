"""The evaluate command scores extraction and geocoding against a gold file, in a scratch database."""

import json
import os
import sqlite3
import subprocess
import sys

from tests.conftest import ROOT

ARTICLE = "قصف على طفس\nقصفت قوات النظام صباح اليوم مدينة طفس في ريف درعا الغربي بقذائف الهاون.\n"


def _evaluate(articles, gold, *extra, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", "evaluate", "--articles", str(articles), "--gold", str(gold), *extra],
        cwd=ROOT, env={**os.environ, "CELERY_BROKER_URL": "", **(env or {})}, capture_output=True, text=True,
        timeout=300,
    )


def _folder(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "articles.csv").write_text("file,source,published_on\na.txt,test,2021-08-07\n", encoding="utf-8")
    return tmp_path


def test_json_figures_for_a_matching_and_a_missed_incident(tmp_path):
    folder = _folder(tmp_path)
    gold = tmp_path / "gold.jsonl"
    records = [
        {"article": "a.txt", "event_type": "shelling", "place": "طفس", "place_en": "Tafas", "lat": 32.73709,
         "lon": 36.06654, "date": "2021-08-07", "killed": None, "injured": None, "evidence": "..."},
        {"article": "a.txt", "event_type": "airstrike", "place": "نوى", "place_en": "Nawa", "lat": 32.88,
         "lon": 36.04, "date": "2021-08-07", "killed": None, "injured": None, "evidence": "..."},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    result = _evaluate(folder, gold, "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert {"precision", "recall", "f1", "date_accuracy", "geo_error_km_median", "geo_error_km_max",
            "per_type"} <= set(figures)
    assert figures["recall"] == 0.5
    assert figures["precision"] == 1.0
    assert figures["date_accuracy"] == 1.0
    assert figures["geo_error_km_max"] < 3
    assert figures["per_type"]["shelling"]["f1"] == 1.0


def test_bad_gold_line_is_reported_with_its_line_number(tmp_path):
    folder = _folder(tmp_path)
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"article": "a.txt"}\nnot json\n', encoding="utf-8")
    result = _evaluate(folder, gold)
    assert result.returncode != 0
    assert "gold.jsonl:1" in result.stderr


def test_evaluation_leaves_the_configured_database_alone(tmp_path):
    database = tmp_path / "real.sqlite3"
    env = {"DATABASE_URL": f"spatialite:///{database}"}
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**os.environ, **env},
                             capture_output=True, text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    result = _evaluate(_folder(tmp_path / "articles"), gold, env=env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM incidents_article").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM gazetteer_place").fetchone() == (0,)


def test_rule_report_and_the_database_free_run_agree_with_the_scratch_database():
    from incidents import regression

    for dev_set in [s for s in regression.development_sets() if s.name in ("samples", "dev7", "real-dev")]:
        assert not regression.missing_files(dev_set), regression.missing_files(dev_set)
        result = _evaluate(dev_set.articles, dev_set.gold, "--json", "--rules")
        assert result.returncode == 0, result.stderr
        figures = json.loads(result.stdout)
        pure = regression.run_set(dev_set, regression.seed_name_index()).figures
        for key in ("precision", "recall", "f1", "date_accuracy", "geo_error_km_median", "geo_error_km_max"):
            assert figures[key] == pure[key], (dev_set.name, key)
        rules = figures["rules"]
        made_by = [row for row in rules if row["rule"].startswith("trigger ") or row["rule"].startswith("definite ")]
        assert sum(row["matched"] for row in made_by) >= figures["matched"]
        assert all(row["records"] == row["matched"] + row["unmatched"] for row in rules)
