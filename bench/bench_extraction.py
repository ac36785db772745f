"""Throughput of full extraction + resolution over every development text, beside a baseline measured in the same run.

The work is what ingesting, extracting and geocoding an article does (incidents/services.py), minus the database:
decode the file, extract_incidents, then resolve every incident's place mention in its article's context, in the
order the geocoding task reads them. The baseline is a plain pass over the same texts (sentence splitting and
folding one character at a time, written in this file), so the ratio is comparable across machines.

Run: .venv/bin/python bench/bench_extraction.py [--repeat N] [--dump outputs.txt]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import gc
import os
import re
import statistics
import sys
import time
import unicodedata
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gazetteer.resolver import NameIndex, PlaceRecord, Resolution, resolve_mention  # noqa: E402
from incidents.extraction import decode_article, extract_incidents  # noqa: E402
from incidents.extraction.records import ExtractedIncident  # noqa: E402

ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}  # as incidents/services.py ingests them
FUZZY_THRESHOLD = 88.0  # the default of GAZETTEER_FUZZY_THRESHOLD in config/settings.py

Article = tuple[str, str, dt.date | None]  # (set/file, body, published_on)


def load_index(places_csv: Path) -> NameIndex:
    """The index name_index_current() builds after gazetteer_load: names, alt_names, and unplaced "within" names."""
    with places_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    places = [
        PlaceRecord(row["key"], row["name_ar"].strip(), row["name_en"].strip(), row["kind"], float(row["lat"]),
                    float(row["lon"]), row["parent"] or None, int(row["population"]) if row["population"] else None)
        for row in rows
    ]
    names = [(row["key"], name.strip()) for row in rows for name in [row["name_ar"], *row["alt_names"].split("|")]
             if name.strip()]
    within: list[tuple[str, str]] = []
    unplaced = places_csv.with_name("unplaced.csv")
    if unplaced.exists():
        with unplaced.open(encoding="utf-8", newline="") as handle:
            within = [(row["within"], name.strip()) for row in csv.DictReader(handle)
                      for name in [row["name_ar"], *row["alt_names"].split("|")] if name.strip()]
    return NameIndex(places, names, within_names=within, fuzzy_threshold=FUZZY_THRESHOLD)


def article_folders() -> list[Path]:
    """Every development set: the samples, seeds/dev*, seeds/heldout*, and the shared real-dev set when present."""
    folders = [REPO / "seeds" / "articles"]
    folders += sorted(REPO.glob("seeds/dev*/articles")) + sorted(REPO.glob("seeds/heldout*/articles"))
    folders.append(REPO.parent / "shared" / "eval" / "real-dev" / "articles")
    return [folder for folder in folders if folder.is_dir()]


def load_articles(folders: list[Path]) -> list[Article]:
    """Decoded bodies with the manifest's publication date, as article_ingest stores them."""
    articles = []
    for folder in folders:
        manifest: dict[str, dict[str, str]] = {}
        if (folder / "articles.csv").exists():
            with (folder / "articles.csv").open(encoding="utf-8", newline="") as handle:
                manifest = {row["file"]: row for row in csv.DictReader(handle)}
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES):
            published = (manifest.get(path.name, {}).get("published_on") or "").strip()
            articles.append((f"{folder.parent.name}/{path.name}", decode_article(path.read_bytes(), path.name),
                             dt.date.fromisoformat(published) if published else None))
    return articles


def process(article: Article, index: NameIndex) -> list[tuple[ExtractedIncident, Resolution]]:
    """Extract an article's incidents and resolve each mention as incidents_geocode does (context points chained)."""
    _, body, published_on = article
    extracted = extract_incidents(body, published_on, index)
    # The geocoding task reads the incidents in the model's order: date (missing last), then creation order.
    order = sorted(range(len(extracted)),
                   key=lambda i: (extracted[i].date is None, extracted[i].date or dt.date.min, i))
    points: list[tuple[float, float]] = []
    results = []
    for i in order:
        item = extracted[i]
        resolution = resolve_mention(item.place_text[:200], index, context_text=body, context_points=tuple(points),
                                     mention_start=item.place_start, candidate_ids=item.place_ids,
                                     precision_hint=item.geo_precision_hint)
        if resolution.lat is not None and resolution.lon is not None:
            points.append((resolution.lat, resolution.lon))
        results.append((item, resolution))
    return results


_BASELINE_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|\n+")


def baseline(article: Article) -> int:
    """The yardstick: split into sentences, fold each one character at a time, split into words.

    Written here and not with the project's functions, so that making those faster does not move the baseline.
    """
    words = 0
    for sentence in _BASELINE_SENTENCE_END.split(article[1]):
        folded = "".join(
            "" if unicodedata.category(char) in ("Mn", "Cf") else char.lower() for char in unicodedata.normalize(
                "NFKC", sentence)
        )
        words += len(folded.split())
    return words


def forget_caches(index: NameIndex) -> None:
    """Empty every memo of the project's code, so each repetition sees the texts as new articles."""
    for obj in gc.get_objects():
        if isinstance(obj, functools._lru_cache_wrapper) and getattr(obj, "__module__", "").startswith(
            ("gazetteer.", "incidents.")
        ):
            obj.cache_clear()
    index._context_cache.clear()


def timed(run, articles: list[Article], index: NameIndex, repeat: int) -> list[float]:
    """Seconds per cold pass over all articles, once per repetition."""
    seconds = []
    for _ in range(repeat):
        forget_caches(index)
        gc.collect()
        started = time.perf_counter()
        for article in articles:
            run(article)
        seconds.append(time.perf_counter() - started)
    return seconds


def dump(articles: list[Article], index: NameIndex, path: Path) -> None:
    """Every field of every incident and its resolution, one article after another, to compare runs byte for byte."""
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(f"# {article[0]}\n")
            for item, resolution in process(article, index):
                handle.write(f"{asdict(item)!r}\n  -> {asdict(resolution)!r}\n")


def main(argv: list[str] | None = None) -> None:
    """Load the gazetteer and texts, time both passes on one core and print articles/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--places", type=Path, default=REPO / "seeds" / "gazetteer" / "places.csv")
    parser.add_argument("--dump", type=Path, help="write every output to this file instead of timing")
    args, _unknown = parser.parse_known_args(argv)  # make bench passes the same arguments to every bench

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, whatever the machine has
    index = load_index(args.places)
    folders = article_folders()
    articles = load_articles(folders)
    if args.dump:
        dump(articles, index, args.dump)
        print(f"wrote the outputs of {len(articles)} articles to {args.dump}")
        return
    incidents = sum(len(process(article, index)) for article in articles)  # also warms imports and compiled regexes
    print(f"texts: {len(articles)} articles from {len(folders)} sets, {incidents} incidents; "
          f"{args.repeat} cold passes each, median")
    work = statistics.median(timed(lambda article: process(article, index), articles, index, args.repeat))
    base = statistics.median(timed(baseline, articles, index, args.repeat))
    rate, base_rate = len(articles) / work, len(articles) / base
    print(f"extraction+resolution: {rate:.0f} articles/s ({work:.2f} s per pass)  "
          f"baseline(split+fold per character): {base_rate:.0f} articles/s ({base:.3f} s)  "
          f"ratio: {rate / base_rate:.3f}")


if __name__ == "__main__":
    main()
