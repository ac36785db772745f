from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gazetteer.services import GazetteerFileError, gazetteer_load


class Command(BaseCommand):
    help = "Load the curated gazetteer CSV (default: seeds/gazetteer/places.csv); loading twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=settings.GAZETTEER_PATH)

    def handle(self, *args, path, **options):
        try:
            report = gazetteer_load(path=Path(path))
        except GazetteerFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"gazetteer {path}: {report.created} places created, {report.updated} updated, "
            f"{report.names_created} names added"
        )
