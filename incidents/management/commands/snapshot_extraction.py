from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from incidents import regression


class Command(BaseCommand):
    help = (
        "Run extraction and geocoding over every development set (no database) and write their snapshots to "
        "tests/snapshots/, the expected output the regression gate of `make test` compares against."
    )

    def add_arguments(self, parser):
        parser.add_argument("--floors", action="store_true",
                            help="also raise the F1 floors (tests/snapshots/floors.json): never lowers one")
        parser.add_argument("--check", action="store_true",
                            help="write nothing; list the differences and fail if there are any")

    def handle(self, *args, floors: bool, check: bool, **options):
        sets = regression.development_sets()
        missing = [path for dev_set in sets for path in regression.missing_files(dev_set)]
        if missing:
            raise CommandError(f"missing development data: {', '.join(missing)}")
        index = regression.seed_name_index(fuzzy_threshold=settings.GAZETTEER_FUZZY_THRESHOLD)
        runs = [regression.run_set(dev_set, index) for dev_set in sets]
        if check:
            report = regression.gate_report(runs)
            if report:
                raise CommandError("\n".join(report))
            self.stdout.write("snapshots and floors hold")
            return
        for path in regression.write_snapshots(runs):
            self.stdout.write(f"wrote {path.relative_to(regression.ROOT)}")
        if floors:
            regression.write_floors(regression.raised_floors(runs, regression.load_floors()))
            self.stdout.write(f"wrote {regression.FLOORS_FILE.relative_to(regression.ROOT)}")
        for run in runs:
            figures = run.figures
            self.stdout.write(f"  {run.dev_set.name:<10} F1 {figures['f1']:.4f}  P {figures['precision']:.4f}  "
                              f"R {figures['recall']:.4f}  dates {figures['date_accuracy']}")
