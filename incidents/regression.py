"""The regression gate of extraction: every development set run without a database, its output as a snapshot.

Pure Python, no Django. ``run_set`` gives the same predictions as ``services.evaluation_run`` (ingest into a scratch
database, extract, geocode): the gazetteer CSV is read into the name index the database would build, and the
incidents of an article are geocoded in the order the database hands them out. Snapshots hold no article text.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazetteer.resolver import DEFAULT_FUZZY_THRESHOLD, HOME_COUNTRY, NameIndex, PlaceRecord, resolve_mention
from incidents.evaluation import load_gold, score
from incidents.extraction import ExtractedIncident, decode_article, extract_incidents, read_metadata

ROOT = Path(__file__).resolve().parents[1]
SEED_GAZETTEER = ROOT / "seeds" / "gazetteer" / "places.csv"
SNAPSHOT_DIR = ROOT / "tests" / "snapshots"
FLOORS_FILE = SNAPSHOT_DIR / "floors.json"
REGENERATE = "make snapshot   (= .venv/bin/python manage.py snapshot_extraction)"
ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}  # as services.ARTICLE_SUFFIXES
FLOOR_MARGIN = 0.02
FIGURE_KEYS = ("precision", "recall", "f1", "date_accuracy", "n_pred", "n_gold", "matched")
RECORD_KEYS = ("article", "event_type", "place", "date", "date_precision", "lat", "lon", "geo_precision",
               "confidence", "killed", "injured", "matched")


@dataclass(frozen=True)
class DevSet:
    """A development set: a folder of articles (with articles.csv) and its gold incidents."""

    name: str
    articles: Path
    gold: Path


def development_sets(root: Path = ROOT) -> list[DevSet]:
    """The samples, every ``seeds/*`` set with articles and gold, and ``../shared/eval/real-dev``."""
    shared = root.parent / "shared" / "eval"
    sets = [DevSet("samples", root / "seeds" / "articles", shared / "seeds_gold.jsonl")]
    for folder in sorted((root / "seeds").iterdir()):
        if (folder / "articles").is_dir() and (folder / "gold.jsonl").is_file():
            sets.append(DevSet(folder.name, folder / "articles", folder / "gold.jsonl"))
    sets.append(DevSet("real-dev", shared / "real-dev" / "articles", shared / "real-dev" / "gold.jsonl"))
    return sets


def missing_files(dev_set: DevSet) -> list[str]:
    """The files of a set that are not there (the shared data is a sibling checkout of the project)."""
    return [str(path) for path in (dev_set.articles, dev_set.gold) if not path.exists()]


# -- the pipeline without a database -----------------------------------------------------------------------------


def seed_name_index(path: Path = SEED_GAZETTEER, *, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD) -> NameIndex:
    """The name index that ``gazetteer_load`` of this CSV into an empty database gives (ids 1, 2... in file order)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ids = {row["key"]: number for number, row in enumerate(rows, start=1)}
    records = [
        PlaceRecord(ids[row["key"]], row["name_ar"].strip(), row["name_en"].strip(), row["kind"],
                    float(row["lat"]), float(row["lon"]), ids.get(row["parent"]) if row["parent"] else None,
                    int(row["population"]) if row["population"].strip() else None,
                    (row.get("country") or HOME_COUNTRY).strip())  # as gazetteer_load: the border rule needs it
        for row in rows
    ]
    records.sort(key=lambda record: (record.name_en, record.name_ar))  # Place.Meta.ordering
    seen: set[tuple[int, str]] = set()
    names: list[tuple[int, str]] = []
    within: list[tuple[int, str]] = []

    def add(place_id: int, name: str, language: str, into: list[tuple[int, str]]) -> None:
        name = name.strip()
        if name and (place_id, name) not in seen:  # place_name_add: one spelling of a place once
            seen.add((place_id, name))
            if language == "ar":
                into.append((place_id, name))

    for row in rows:
        for name in [row["name_ar"], *row["alt_names"].split("|")]:
            add(ids[row["key"]], name, "ar", names)
        add(ids[row["key"]], row["name_en"], "en", names)
    unplaced = path.with_name("unplaced.csv")
    if unplaced.exists():
        with unplaced.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for name in [row["name_ar"], *row["alt_names"].split("|")]:
                    add(ids[row["within"]], name, "ar", within)
    return NameIndex(records, names, within_names=within, fuzzy_threshold=fuzzy_threshold)


@dataclass
class Prediction:
    """One extracted and geocoded incident of a set, with what made it."""

    article: str
    incident: ExtractedIncident
    lat: float | None
    lon: float | None
    geo_precision: int | None
    confidence: float

    def as_dict(self) -> dict[str, Any]:
        """The prediction as ``evaluation.score`` reads it."""
        date = self.incident.date
        return {"article": self.article, "event_type": self.incident.event_type,
                "place": self.incident.place_text[:200], "lat": self.lat, "lon": self.lon,
                "date": date.isoformat() if date else None}


def _read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    manifest = folder / "articles.csv"
    if not manifest.exists():
        return {}
    with manifest.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _geocode_order(incidents: list[ExtractedIncident]) -> list[int]:
    """Indexes in the order the database geocodes an article's incidents: by date (undated first), then id."""
    def key(i: int) -> tuple[bool, dt.date, int]:
        return incidents[i].date is not None, incidents[i].date or dt.date.min, i

    return sorted(range(len(incidents)), key=key)


def run_articles(folder: Path, index: NameIndex) -> list[Prediction]:
    """Extract and geocode every article of a folder as ``evaluation_run`` does, without a database."""
    manifest = _read_manifest(folder)
    hashes: set[str] = set()
    predictions: list[Prediction] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES):
        body = decode_article(path.read_bytes(), path.name)
        content_hash = hashlib.sha256(body.encode("utf-8")).hexdigest()
        if content_hash in hashes:
            continue  # the database stores a text once
        hashes.add(content_hash)
        published = (manifest.get(path.name, {}).get("published_on") or "").strip()
        published_on = dt.date.fromisoformat(published) if published else read_metadata(body).published_on
        incidents = extract_incidents(body, published_on, index)
        resolved: dict[int, Prediction] = {}
        context_points: list[tuple[float, float]] = []
        for i in _geocode_order(incidents):
            incident = incidents[i]
            resolution = resolve_mention(incident.place_text[:200], index, context_text=body,
                                         context_points=tuple(context_points), mention_start=incident.place_start,
                                         candidate_ids=incident.place_ids,
                                         precision_hint=incident.geo_precision_hint)
            resolved[i] = Prediction(path.name, incident, resolution.lat, resolution.lon, resolution.geo_precision,
                                     resolution.confidence)
            if resolution.lat is not None and resolution.lon is not None:
                context_points.append((resolution.lat, resolution.lon))
        order = sorted(range(len(incidents)), key=lambda i: (incidents[i].place_start, i))
        predictions.extend(resolved[i] for i in order)
    return predictions


@dataclass
class SetRun:
    """A set's predictions, its figures and which predictions matched gold."""

    dev_set: DevSet
    predictions: list[Prediction]
    figures: dict[str, Any]
    matched: set[int] = field(default_factory=set)


def run_set(dev_set: DevSet, index: NameIndex) -> SetRun:
    """Run extraction and geocoding over a set and score it against its gold."""
    predictions = run_articles(dev_set.articles, index)
    figures = score([p.as_dict() for p in predictions], load_gold(dev_set.gold))
    return SetRun(dev_set, predictions, figures, {pair["prediction"] for pair in figures["pairs"]})


# -- snapshots ---------------------------------------------------------------------------------------------------


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def snapshot_of(run: SetRun) -> dict[str, Any]:
    """The snapshot of a set run: figures, then one record per prediction (no evidence, no article text)."""
    records = []
    for number, prediction in enumerate(run.predictions):
        incident = prediction.incident
        records.append({
            "article": prediction.article, "event_type": incident.event_type, "place": incident.place_text[:200],
            "date": incident.date.isoformat() if incident.date else None, "date_precision": incident.date_precision,
            "lat": _round(prediction.lat), "lon": _round(prediction.lon), "geo_precision": prediction.geo_precision,
            "confidence": _round(prediction.confidence), "killed": incident.killed, "injured": incident.injured,
            "matched": number in run.matched,
        })
    return {"set": run.dev_set.name, "figures": {key: run.figures.get(key) for key in FIGURE_KEYS},
            "records": records}


def dumps_snapshot(snapshot: dict[str, Any]) -> str:
    """The snapshot as JSON with one record a line, so that a git diff shows the records that changed."""
    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=False)

    lines = ["{", f'"set": {one(snapshot["set"])},', f'"figures": {one(snapshot["figures"])},', '"records": [']
    records = snapshot["records"]
    lines.extend(one(record) + ("," if number < len(records) - 1 else "") for number, record in enumerate(records))
    lines.extend(["]", "}"])
    return "\n".join(lines) + "\n"


def snapshot_path(name: str, directory: Path = SNAPSHOT_DIR) -> Path:
    """Where the snapshot of a set is kept."""
    return directory / f"{name}.json"


def load_snapshot(path: Path) -> dict[str, Any]:
    """A stored snapshot."""
    return json.loads(path.read_text(encoding="utf-8"))


def _label(record: dict[str, Any]) -> str:
    return f"{record['article']} {record['event_type']} {record['place']} {record['date'] or 'undated'}"


def diff_snapshots(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Lines saying which figures and records differ: removed (-), added (+) and changed (~); empty when equal.

    Identical records pair first; the rest pair by (article, event type, place) in order, and a pair is a change.
    """
    lines = []
    for key in sorted(set(expected.get("figures", {})) | set(actual.get("figures", {}))):
        before, after = expected.get("figures", {}).get(key), actual.get("figures", {}).get(key)
        if before != after:
            lines.append(f"  figure {key}: {before} -> {after}")
    old = Counter(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in expected.get("records", []))
    new = Counter(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in actual.get("records", []))
    removed = [json.loads(text) for text in (old - new).elements()]
    added = [json.loads(text) for text in (new - old).elements()]
    changes = []
    for before in list(removed):
        key = (before["article"], before["event_type"], before["place"])
        after = next((r for r in added if (r["article"], r["event_type"], r["place"]) == key), None)
        if after is None:
            continue
        removed.remove(before)
        added.remove(after)
        fields = ", ".join(f"{k} {before.get(k)} -> {after.get(k)}"
                           for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k))
        changes.append(f"  ~ {_label(before)}: {fields}")
    lines.extend(f"  - {_label(record)}" for record in removed)
    lines.extend(f"  + {_label(record)}" for record in added)
    lines.extend(changes)
    return lines


def write_snapshots(runs: list[SetRun], directory: Path = SNAPSHOT_DIR) -> list[Path]:
    """Write the snapshot of each run; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for run in runs:
        path = snapshot_path(run.dev_set.name, directory)
        path.write_text(dumps_snapshot(snapshot_of(run)), encoding="utf-8")
        paths.append(path)
    return paths


# -- floors ------------------------------------------------------------------------------------------------------


def floor_for(f1: float, margin: float = FLOOR_MARGIN) -> float:
    """The F1 floor of a set: its F1 less the margin, rounded down to two decimals."""
    return max(0.0, math.floor(round((f1 - margin) * 100, 6)) / 100)


def load_floors(path: Path = FLOORS_FILE) -> dict[str, float]:
    """The F1 floor of each set (none when the file is absent)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def raised_floors(runs: list[SetRun], floors: dict[str, float]) -> dict[str, float]:
    """Floors after a run: a new set gets one, an existing floor only ever goes up."""
    result = dict(floors)
    for run in runs:
        floor = floor_for(run.figures["f1"])
        result[run.dev_set.name] = max(floor, floors.get(run.dev_set.name, 0.0))
    return dict(sorted(result.items()))


def write_floors(floors: dict[str, float], path: Path = FLOORS_FILE) -> None:
    """Store the floors, one set a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(floors, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def below_floor(runs: list[SetRun], floors: dict[str, float]) -> list[str]:
    """Sets whose F1 is under their floor, or that have none, each as a line."""
    lines = []
    for run in runs:
        floor = floors.get(run.dev_set.name)
        if floor is None:
            lines.append(f"  {run.dev_set.name}: no F1 floor in {FLOORS_FILE.name} (manage.py snapshot_extraction "
                         "--floors adds it)")
        elif run.figures["f1"] < floor:
            lines.append(f"  {run.dev_set.name}: F1 {run.figures['f1']:.4f} is below its floor {floor:.2f}")
    return lines


# -- which rules made which records ------------------------------------------------------------------------------

_ARABIC = re.compile(r"[\u0600-\u06FF][\u0600-\u06FF\s]*[\u0600-\u06FF]|[\u0600-\u06FF]")


def rule_kind(step: str) -> str:
    """A provenance step as a kind: place names and other Arabic words replaced by '…'."""
    return _ARABIC.sub("…", step).strip()


def rule_report(runs: list[SetRun]) -> list[dict[str, Any]]:
    """Per rule kind: how many records it made, how many matched gold, and the records (article, type, place)."""
    rows: dict[str, dict[str, Any]] = {}
    for run in runs:
        for number, prediction in enumerate(run.predictions):
            kinds = dict.fromkeys(rule_kind(step) for step in prediction.incident.provenance)
            for kind in kinds or ("(none)",):
                row = rows.setdefault(kind, {"rule": kind, "records": 0, "matched": 0, "unmatched": 0,
                                             "examples": []})
                row["records"] += 1
                hit = number in run.matched
                row["matched" if hit else "unmatched"] += 1
                row["examples"].append({"set": run.dev_set.name, "article": prediction.article,
                                        "event_type": prediction.incident.event_type,
                                        "place": prediction.incident.place_text, "matched": hit})
    return sorted(rows.values(), key=lambda row: (-row["records"], row["rule"]))


def snapshot_differences(runs: list[SetRun], directory: Path = SNAPSHOT_DIR) -> list[str]:
    """Per set, the differences from its stored snapshot, plus stored snapshots of sets that no longer exist."""
    lines = []
    names = {run.dev_set.name for run in runs}
    for run in runs:
        path = snapshot_path(run.dev_set.name, directory)
        if not path.exists():
            lines.append(f"{run.dev_set.name}: no snapshot {path.name}")
            continue
        changes = diff_snapshots(load_snapshot(path), snapshot_of(run))
        if changes:
            lines.append(f"{run.dev_set.name}: {len(changes)} difference(s) from {path.name}")
            lines.extend(changes)
    for path in sorted(directory.glob("*.json")):
        if path != FLOORS_FILE and path.stem not in names:
            lines.append(f"{path.stem}: snapshot {path.name} of a set that is not there")
    return lines


def gate_report(runs: list[SetRun]) -> list[str]:
    """Everything the gate objects to: snapshot differences, then F1 floors; empty when it holds."""
    lines = snapshot_differences(runs)
    if lines:
        lines.append(f"If the change is meant, regenerate the snapshots: {REGENERATE}")
    floors = below_floor(runs, load_floors())
    if floors:
        lines.append("F1 floors (tests/snapshots/floors.json):")
        lines.extend(floors)
    return lines


def format_rule_report(rows: list[dict[str, Any]], *, examples: int = 3) -> str:
    """The rule report as text: one rule a line with its counts, then a few of the records it made."""
    lines = [f"{'records':>7} {'matched':>7} {'unmatched':>9}  rule"]
    for row in rows:
        lines.append(f"{row['records']:>7} {row['matched']:>7} {row['unmatched']:>9}  {row['rule']}")
        shown = sorted(row["examples"], key=lambda example: example["matched"])[:examples]
        lines.extend(
            f"{'':>27}{'ok ' if ex['matched'] else 'no '} {ex['article']} {ex['event_type']} {ex['place']}"
            for ex in shown
        )
    return "\n".join(lines)
