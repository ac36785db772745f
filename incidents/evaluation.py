"""Scoring of extracted incidents against hand annotations (eval/README.md). Pure Python, no Django."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import statistics
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geopy.distance import geodesic

from gazetteer.arabic import normalize_for_matching

EVENT_TYPES = (
    "shelling", "airstrike", "siege", "checkpoint", "clash", "assault", "territorial_change", "arrest",
    "assassination", "explosion", "other",
)
MATCH_KM = 3.0
# Generic words ignored when place names are compared (README: حي، مدينة، بلدة، قرية، plus منطقة).
GENERIC_PLACE_WORDS = frozenset(normalize_for_matching(word) for word in ("حي", "مدينة", "بلدة", "قرية", "منطقة"))
REQUIRED_GOLD_KEYS = ("article", "event_type", "place", "lat", "lon", "date")


class GoldFileError(ValueError):
    """A gold file line that does not follow the format; the message names the file and line."""


GoldFormatError = GoldFileError  # the name the tests and older callers use


def place_key(name: str | None) -> str:
    """A place name in comparable form: normalized, generic words dropped."""
    words = normalize_for_matching(name or "").split()
    return " ".join(word for word in words if word not in GENERIC_PLACE_WORDS)


def _point(record: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = record.get("lat"), record.get("lon")
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def _iso_date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def _article(record: dict[str, Any]) -> str:
    return os.path.basename(str(record.get("article") or ""))


def match_distance(prediction: dict[str, Any], gold: dict[str, Any]) -> float | None:
    """How far a prediction is from a gold incident when they match (same article and type assumed), else None.

    With a gold point: the km between the points, up to MATCH_KM. Without one: 0 when the place names are equal
    and MATCH_KM when one only contains the other, so that point matches and exact names are paired first.
    """
    gold_point = _point(gold)
    if gold_point is not None:
        predicted_point = _point(prediction)
        if predicted_point is None:
            return None
        km = geodesic(predicted_point, gold_point).km
        return km if km <= MATCH_KM else None
    predicted_name, gold_name = place_key(prediction.get("place")), place_key(gold.get("place"))
    if not predicted_name or not gold_name:
        return None
    if predicted_name == gold_name:
        return 0.0
    if predicted_name in gold_name or gold_name in predicted_name:
        return MATCH_KM
    return None


def _match(predictions: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching, closest pairs first, within (article, event type).

    Between pairs equally close, one whose dates agree goes first, so that two reports at one place
    (a capture in 2015 and its recapture in 2018) are not crossed by the order they were listed in.
    """
    gold_by_group: dict[tuple[str, str], list[int]] = {}
    for j, record in enumerate(gold):
        gold_by_group.setdefault((_article(record), record.get("event_type", "")), []).append(j)
    pairs: list[tuple[float, bool, int, int]] = []
    for i, prediction in enumerate(predictions):
        for j in gold_by_group.get((_article(prediction), prediction.get("event_type", "")), ()):
            distance = match_distance(prediction, gold[j])
            if distance is not None:
                dates_differ = _iso_date(prediction.get("date")) != _iso_date(gold[j].get("date"))
                pairs.append((distance, dates_differ, i, j))
    pairs.sort()
    used_predictions: set[int] = set()
    used_gold: set[int] = set()
    matched = []
    for distance, _, i, j in pairs:
        if i in used_predictions or j in used_gold:
            continue
        used_predictions.add(i)
        used_gold.add(j)
        matched.append((i, j, distance))
    return matched


def _figures(
    predictions: list[dict[str, Any]], gold: list[dict[str, Any]], matched: list[tuple[int, int, float]]
) -> dict[str, Any]:
    n_pred, n_gold, n_matched = len(predictions), len(gold), len(matched)
    precision = n_matched / n_pred if n_pred else 0.0
    recall = n_matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    dated = [(i, j) for i, j, _ in matched if _iso_date(gold[j].get("date")) is not None]
    date_accuracy = (
        sum(_iso_date(predictions[i].get("date")) == _iso_date(gold[j].get("date")) for i, j in dated) / len(dated)
        if dated else None
    )
    errors = [distance for _, j, distance in matched if _point(gold[j]) is not None]
    return {
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "date_accuracy": round(date_accuracy, 4) if date_accuracy is not None else None,
        "geo_error_km_median": round(statistics.median(errors), 3) if errors else None,
        "geo_error_km_max": round(max(errors), 3) if errors else None,
        "n_pred": n_pred, "n_gold": n_gold, "matched": n_matched, "dated_pairs": len(dated),
    }


def score(predictions: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision, recall, F1, date accuracy and geocoding error of predictions against gold, overall and per type.

    Undefined figures (no dated pair, no pair with a gold point) are None. ``pairs`` lists the matches as
    {"prediction": index, "gold": index, "km": distance or None when matched by name}.
    """
    matched = _match(predictions, gold)
    result = _figures(predictions, gold, matched)
    per_type: dict[str, dict[str, Any]] = {}
    types = sorted({record.get("event_type", "") for record in [*gold, *predictions]})
    for event_type in types:
        pred_index = [i for i, record in enumerate(predictions) if record.get("event_type") == event_type]
        gold_index = [j for j, record in enumerate(gold) if record.get("event_type") == event_type]
        pred_position = {i: k for k, i in enumerate(pred_index)}
        gold_position = {j: k for k, j in enumerate(gold_index)}
        type_matched = [
            (pred_position[i], gold_position[j], distance) for i, j, distance in matched if j in gold_position
        ]
        per_type[event_type] = _figures(
            [predictions[i] for i in pred_index], [gold[j] for j in gold_index], type_matched
        )
    result["per_type"] = per_type
    result["pairs"] = [
        {"prediction": i, "gold": j, "km": round(distance, 3) if _point(gold[j]) is not None else None}
        for i, j, distance in matched
    ]
    return result


def _check_number(record: dict[str, Any], key: str, low: float, high: float, where: str) -> None:
    value = record[key]
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GoldFileError(f"{where}: {key} must be a number or null, got {value!r}")
    if not low <= value <= high:
        raise GoldFileError(f"{where}: {key} {value} is outside [{low}, {high}]")


def validate_gold_record(record: Any, where: str) -> dict[str, Any]:
    """Check one gold incident; raises GoldFileError naming ``where`` (file:line) and the problem."""
    if not isinstance(record, dict):
        raise GoldFileError(f"{where}: expected a JSON object, got {type(record).__name__}")
    missing = [key for key in REQUIRED_GOLD_KEYS if key not in record]
    if missing:
        raise GoldFileError(f"{where}: missing {', '.join(missing)}")
    for key in ("article", "place"):
        if not isinstance(record[key], str) or not record[key].strip():
            raise GoldFileError(f"{where}: {key} must be a non-empty string")
    if record["event_type"] not in EVENT_TYPES:
        raise GoldFileError(
            f"{where}: unknown event_type {record['event_type']!r} (expected one of {', '.join(EVENT_TYPES)})"
        )
    _check_number(record, "lat", -90.0, 90.0, where)
    _check_number(record, "lon", -180.0, 180.0, where)
    if (record["lat"] is None) != (record["lon"] is None):
        raise GoldFileError(f"{where}: lat and lon must both be numbers or both be null")
    if record["date"] is not None:
        try:
            dt.date.fromisoformat(str(record["date"]))
        except ValueError as exc:
            raise GoldFileError(f"{where}: date must be YYYY-MM-DD or null, got {record['date']!r}") from exc
    for key in ("killed", "injured"):
        value = record.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise GoldFileError(f"{where}: {key} must be a non-negative integer or null, got {value!r}")
    for key in ("place_en", "evidence"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise GoldFileError(f"{where}: {key} must be a string or null")
    return record


def load_gold(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Gold incidents of a JSON Lines file, validated; GoldFileError names the line of the first bad record."""
    records = []
    with Path(path).open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{line_number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFileError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
            records.append(validate_gold_record(record, where))
    return records


def predictions_from(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Prediction dicts (article, event_type, place, lat, lon, date) from dicts or objects with those attributes."""
    keys = ("article", "event_type", "place", "lat", "lon", "date")
    out = []
    for record in records:
        if isinstance(record, dict):
            out.append({key: record.get(key) for key in keys})
        else:
            out.append({key: getattr(record, key, None) for key in keys})
    return out
