"""Scoring predictions against gold incidents, and reading the gold JSON Lines file."""

import json

import pytest

from incidents.evaluation import GoldFileError, load_gold, place_key, score


def gold(place="درعا البلد", lat=32.61222, lon=36.10083, date="2021-07-29", event_type="shelling",
         article="seed001.txt"):
    return {"article": article, "event_type": event_type, "place": place, "lat": lat, "lon": lon, "date": date}


def pred(place="درعا البلد", lat=32.61222, lon=36.10083, date="2021-07-29", event_type="shelling",
         article="seed001.txt"):
    return {"article": article, "event_type": event_type, "place": place, "lat": lat, "lon": lon, "date": date}


def test_identical_predictions_score_perfectly():
    records = [gold(), gold(event_type="clash"), gold(place="طفس", lat=32.737, lon=36.066, date=None)]
    result = score(records, records)
    assert (result["precision"], result["recall"], result["f1"]) == (1.0, 1.0, 1.0)
    assert result["date_accuracy"] == 1.0
    assert result["geo_error_km_median"] == 0.0 and result["geo_error_km_max"] == 0.0


def test_point_within_three_km_matches_and_beyond_does_not():
    near = pred(lat=32.63, lon=36.10083)  # ~2 km north
    far = pred(lat=32.65, lon=36.10083)  # ~4.2 km north
    assert score([near], [gold()])["matched"] == 1
    assert score([far], [gold()])["matched"] == 0


def test_geo_error_is_reported_in_km_over_matched_pairs():
    result = score([pred(lat=32.63, lon=36.10083)], [gold()])
    assert result["geo_error_km_median"] == pytest.approx(1.97, abs=0.05)
    assert result["geo_error_km_max"] == result["geo_error_km_median"]


def test_prediction_without_point_cannot_match_a_gold_point():
    assert score([pred(lat=None, lon=None)], [gold()])["matched"] == 0


def test_other_event_type_or_article_does_not_match():
    assert score([pred(event_type="clash")], [gold()])["matched"] == 0
    assert score([pred(article="seed002.txt")], [gold()])["matched"] == 0


def test_gold_without_point_matches_on_contained_name_ignoring_generic_words():
    target = gold(place="بلدة العجمي", lat=None, lon=None, date=None)
    assert score([pred(place="العجمي", lat=32.7, lon=36.0)], [target])["matched"] == 1
    assert score([pred(place="قرية العجمي الشرقية", lat=None, lon=None)], [target])["matched"] == 1
    assert score([pred(place="طفس", lat=32.7, lon=36.0)], [target])["matched"] == 0


def test_generic_words_alone_do_not_match_everything():
    target = gold(place="العالية", lat=None, lon=None)
    assert score([pred(place="بلدة", lat=None, lon=None)], [target])["matched"] == 0
    assert place_key("حي المنشية") == "المنشيه"
    assert place_key("مخيم درعا") == "مخيم درعا"  # only the listed generic words are dropped


def test_each_gold_matches_one_prediction_the_closest():
    far = pred(lat=32.63, lon=36.10083, date="2021-07-28")  # ~2 km, wrong date
    close = pred(lat=32.6125, lon=36.10083)  # ~0.03 km, right date
    result = score([far, close], [gold()])
    assert result["matched"] == 1 and result["precision"] == 0.5 and result["recall"] == 1.0
    assert result["pairs"] == [{"prediction": 1, "gold": 0, "km": pytest.approx(0.031, abs=0.01)}]
    assert result["date_accuracy"] == 1.0


def test_prediction_matches_at_most_one_gold():
    result = score([pred()], [gold(), gold(lat=32.6125)])
    assert result["matched"] == 1 and result["recall"] == 0.5 and result["precision"] == 1.0
    assert result["f1"] == pytest.approx(2 / 3, abs=1e-4)


def test_date_accuracy_counts_only_matched_pairs_whose_gold_has_a_date():
    golds = [gold(), gold(place="طفس", lat=32.737, lon=36.066, date=None), gold(event_type="clash")]
    preds = [pred(), pred(place="طفس", lat=32.737, lon=36.066, date="2021-07-29"),
             pred(event_type="clash", date="2021-07-28")]
    result = score(preds, golds)
    assert result["matched"] == 3 and result["dated_pairs"] == 2
    assert result["date_accuracy"] == 0.5


def test_dates_may_be_date_objects():
    import datetime

    assert score([pred(date=datetime.date(2021, 7, 29))], [gold()])["date_accuracy"] == 1.0


def test_per_type_figures_are_computed_separately():
    golds = [gold(), gold(event_type="clash")]
    preds = [pred(), pred(event_type="airstrike")]
    per_type = score(preds, golds)["per_type"]
    assert per_type["shelling"]["f1"] == 1.0
    assert per_type["clash"]["recall"] == 0.0 and per_type["clash"]["n_gold"] == 1
    assert per_type["airstrike"]["precision"] == 0.0 and per_type["airstrike"]["n_pred"] == 1


def test_empty_inputs_give_zero_scores_and_undefined_errors():
    result = score([], [])
    assert (result["precision"], result["recall"], result["f1"]) == (0.0, 0.0, 0.0)
    assert result["date_accuracy"] is None and result["geo_error_km_median"] is None


def write_lines(tmp_path, lines):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_valid_lines_and_skips_blank_ones(tmp_path):
    record = dict(gold(), place_en="Daraa al-Balad", killed=None, injured=1, evidence="...")
    path = write_lines(tmp_path, [json.dumps(record, ensure_ascii=False), "", json.dumps(gold(lat=None, lon=None))])
    assert [r["place"] for r in load_gold(path)] == ["درعا البلد", "درعا البلد"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({"article": "a.txt"}), "missing event_type, place, lat, lon, date"),
        (json.dumps(gold(event_type="bombing")), "unknown event_type 'bombing'"),
        (json.dumps(gold(lat=None)), "lat and lon must both be numbers or both be null"),
        (json.dumps(gold(lat=132.0)), "lat 132.0 is outside"),
        (json.dumps(gold(date="29/07/2021")), "date must be YYYY-MM-DD"),
        (json.dumps(dict(gold(), killed=-1)), "killed must be a non-negative integer"),
    ],
)
def test_load_gold_names_the_line_of_a_bad_record(tmp_path, bad, message):
    path = write_lines(tmp_path, [json.dumps(gold()), bad])
    with pytest.raises(GoldFileError) as error:
        load_gold(path)
    assert f"{path}:2:" in str(error.value)
    assert message in str(error.value)


def test_shared_seed_gold_file_loads_and_scores_itself_perfectly():
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "shared" / "eval" / "seeds_gold.jsonl"
    if not path.exists():
        pytest.skip("shared eval data not present")
    records = load_gold(path)
    assert len(records) > 10
    assert score(records, records)["f1"] == 1.0


def test_equally_close_pairs_are_matched_by_agreeing_dates():
    gold = [
        {"article": "a.txt", "event_type": "territorial_change", "place": "نصيب", "lat": None, "lon": None,
         "date": "2018-07-06"},
        {"article": "a.txt", "event_type": "territorial_change", "place": "نصيب", "lat": None, "lon": None,
         "date": None},
    ]
    predictions = [
        {"article": "a.txt", "event_type": "territorial_change", "place": "نصيب", "lat": None, "lon": None,
         "date": "2015-04-01"},
        {"article": "a.txt", "event_type": "territorial_change", "place": "نصيب", "lat": None, "lon": None,
         "date": "2018-07-06"},
    ]
    figures = score(predictions, gold)
    assert figures["f1"] == 1.0
    assert figures["date_accuracy"] == 1.0
