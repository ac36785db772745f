"""Shared fixtures: the sample articles and, for database tests, a loaded gazetteer."""

import csv
import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLES = ROOT / "seeds" / "articles"
SEED_GAZETTEER = ROOT / "seeds" / "gazetteer" / "places.csv"


@pytest.fixture(scope="session")
def sample_articles() -> list[dict]:
    """The five sample articles with their manifest rows and text."""
    with (SEED_ARTICLES / "articles.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["text"] = (SEED_ARTICLES / row["file"]).read_text(encoding="utf-8")
        row["published_on"] = dt.date.fromisoformat(row["published_on"])
    return rows


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the curated gazetteer once into the test database; tests roll back their own changes."""
    from gazetteer.services import gazetteer_load

    with django_db_blocker.unblock():
        gazetteer_load(path=SEED_GAZETTEER)
