"""The regression gate: every development set's output equals its snapshot, and no set's F1 is under its floor."""

import pytest

from incidents import regression
from incidents.evaluation import load_gold, score


@pytest.fixture(scope="module")
def runs() -> list[regression.SetRun]:
    sets = regression.development_sets()
    missing = [path for dev_set in sets for path in regression.missing_files(dev_set)]
    if missing:
        pytest.fail("the regression gate needs every development set; missing (../shared is a sibling checkout of "
                    f"the project): {', '.join(missing)}", pytrace=False)
    index = regression.seed_name_index()
    return [regression.run_set(dev_set, index) for dev_set in sets]


def test_every_development_set_has_a_snapshot_and_a_floor(runs):
    names = {run.dev_set.name for run in runs}
    assert {"samples", "dev", "dev7", "heldout8", "real-dev"} <= names
    assert names <= set(regression.load_floors())


def test_output_of_every_development_set_equals_its_snapshot(runs):
    differences = regression.snapshot_differences(runs)
    if differences:
        pytest.fail("extraction output changed:\n" + "\n".join(differences)
                    + f"\nIf the change is meant, regenerate the snapshots: {regression.REGENERATE}", pytrace=False)


def test_no_development_set_falls_below_its_f1_floor(runs):
    below = regression.below_floor(runs, regression.load_floors())
    if below:
        pytest.fail("F1 under the floor of tests/snapshots/floors.json:\n" + "\n".join(below), pytrace=False)


def test_a_snapshot_holds_no_article_text(runs):
    for run in runs:
        for record in regression.snapshot_of(run)["records"]:
            assert set(record) == set(regression.RECORD_KEYS)


def test_the_rule_report_accounts_for_every_record(runs):
    report = regression.rule_report(runs)
    assert report
    for row in report:
        assert row["records"] == row["matched"] + row["unmatched"] == len(row["examples"])
    for run in runs:
        for prediction in run.predictions:  # every record names the rule that made it
            assert any(step.startswith("trigger ") or step == "definite word names an earlier report"
                       for step in prediction.incident.provenance), prediction.as_dict()
    assert all("\u0600" > ch or ch > "\u06ff" for row in report for ch in row["rule"])


def test_samples_scored_without_a_database_are_perfect():
    dev_set = regression.development_sets()[0]
    run = regression.run_set(dev_set, regression.seed_name_index())
    assert score([p.as_dict() for p in run.predictions], load_gold(dev_set.gold))["f1"] == 1.0


# -- the diff -----------------------------------------------------------------------------------------------------


def record(place="طفس", event_type="shelling", date="2021-08-07", lat=32.7371, article="a.txt", **extra):
    return {"article": article, "event_type": event_type, "place": place, "date": date, "lat": lat, "lon": 36.0665,
            **extra}


def snapshot(*records, f1=1.0):
    return {"set": "x", "figures": {"f1": f1}, "records": list(records)}


def test_equal_snapshots_have_no_differences():
    assert regression.diff_snapshots(snapshot(record(), record("نوى")), snapshot(record(), record("نوى"))) == []


def test_record_order_alone_is_no_difference():
    assert regression.diff_snapshots(snapshot(record(), record("نوى")), snapshot(record("نوى"), record())) == []


def test_added_and_removed_records_are_listed_by_article_type_place_and_date():
    lines = regression.diff_snapshots(snapshot(record(), record("نوى")), snapshot(record(), record("جاسم", "clash")))
    assert "  - a.txt shelling نوى 2021-08-07" in lines
    assert "  + a.txt clash جاسم 2021-08-07" in lines
    assert len(lines) == 2


def test_a_record_with_the_same_place_and_type_but_another_date_is_a_change():
    lines = regression.diff_snapshots(snapshot(record()), snapshot(record(date="2021-08-06", lat=32.8)))
    assert lines == ["  ~ a.txt shelling طفس 2021-08-07: date 2021-08-07 -> 2021-08-06, lat 32.7371 -> 32.8"]


def test_a_duplicate_record_more_or_less_is_a_difference():
    lines = regression.diff_snapshots(snapshot(record()), snapshot(record(), record()))
    assert lines == ["  + a.txt shelling طفس 2021-08-07"]


def test_changed_figures_are_listed():
    assert regression.diff_snapshots(snapshot(f1=1.0), snapshot(f1=0.9)) == ["  figure f1: 1.0 -> 0.9"]


def test_dumped_snapshot_reads_back_with_one_record_a_line():
    data = snapshot(record(), record("نوى", date=None))
    text = regression.dumps_snapshot(data)
    assert sum("طفس" in line for line in text.splitlines()) == 1
    import json

    assert json.loads(text) == data


def test_floor_is_f1_less_the_margin_rounded_down():
    assert regression.floor_for(1.0) == 0.98
    assert regression.floor_for(0.6804) == 0.66
    assert regression.floor_for(0.9307) == 0.91
    assert regression.floor_for(0.01) == 0.0


def test_floors_only_rise():
    class Run:
        def __init__(self, name, f1):
            self.dev_set = regression.DevSet(name, None, None)
            self.figures = {"f1": f1}

    floors = regression.raised_floors([Run("a", 0.5), Run("b", 0.9), Run("c", 0.7)], {"a": 0.6, "b": 0.8})
    assert floors == {"a": 0.6, "b": 0.88, "c": 0.68}
    assert regression.below_floor([Run("a", 0.5)], floors) == ["  a: F1 0.5000 is below its floor 0.60"]


def test_rule_kind_replaces_place_names():
    assert regression.rule_kind("place dropped: locates درعا البلد") == "place dropped: locates …"
    assert regression.rule_kind("trigger shooting as assassination") == "trigger shooting as assassination"
