import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from incidents import regression
from incidents.evaluation import GoldFileError, load_gold
from incidents.services import IngestError, evaluation_run


class Command(BaseCommand):
    help = (
        "Ingest the articles of DIR into a scratch database, extract and geocode them, and score the incidents "
        "against a gold JSON Lines file (precision, recall, F1, dates, geocoding error)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", required=True, type=Path, help="folder of articles with articles.csv")
        parser.add_argument("--gold", required=True, type=Path, help="gold incidents, JSON Lines")
        parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
        parser.add_argument("--rules", action="store_true",
                            help="also report per rule how many records it made and how many matched gold "
                                 "(in the JSON as 'rules', with every record)")

    def handle(self, *args, articles, gold, json: bool, rules: bool, **options):
        if not articles.is_dir():
            raise CommandError(f"--articles {articles} is not a folder")
        try:
            gold_records = load_gold(gold)
        except (OSError, GoldFileError) as exc:
            raise CommandError(f"cannot read the gold file: {exc}") from exc
        try:
            figures, predictions = evaluation_run(articles_dir=articles, gold=gold_records)
        except IngestError as exc:
            raise CommandError(str(exc)) from exc
        rule_rows = _rule_rows(articles, gold) if rules else None
        if json:
            self.stdout.write(_dumps(figures if rule_rows is None else {**figures, "rules": rule_rows}))
        else:
            self.stdout.write(_report(figures, len(predictions), len(gold_records)))
            if rule_rows is not None:
                self.stdout.write("rules (extraction without a database, same predictions):")
                self.stdout.write(regression.format_rule_report(rule_rows))


def _rule_rows(articles: Path, gold: Path) -> list[dict]:
    index = regression.seed_name_index(Path(settings.GAZETTEER_PATH),
                                       fuzzy_threshold=settings.GAZETTEER_FUZZY_THRESHOLD)
    return regression.rule_report([regression.run_set(regression.DevSet(articles.name, articles, gold), index)])


def _dumps(figures: dict) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=None, default=str)


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _report(figures: dict, predicted: int, gold: int) -> str:
    lines = [
        f"predicted incidents: {predicted}   gold incidents: {gold}",
        f"precision {_fmt(figures['precision'])}   recall {_fmt(figures['recall'])}   F1 {_fmt(figures['f1'])}",
        f"date accuracy (matched, gold dated): {_fmt(figures['date_accuracy'])}",
        f"geocoding error km: median {_fmt(figures['geo_error_km_median'])}"
        f"   worst {_fmt(figures['geo_error_km_max'])}",
        "per type:",
    ]
    for event_type, row in sorted(figures["per_type"].items()):
        lines.append(
            f"  {event_type:<20} P {_fmt(row.get('precision'))}  R {_fmt(row.get('recall'))}  F1 {_fmt(row.get('f1'))}"
        )
    places = figures["gazetteer"]
    lines.append(
        f"gazetteer: {places['resolved']}/{places['places']} gold places resolved "
        f"({_fmt(places['resolved_share'])}), error km median {_fmt(places['error_km_median'])}"
        f"   worst {_fmt(places['error_km_max'])}"
    )
    return "\n".join(lines)
