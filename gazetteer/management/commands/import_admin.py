from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gazetteer.admin_units import admin_import
from gazetteer.services import GazetteerFileError


class Command(BaseCommand):
    help = (
        "Import the OCHA admin hierarchy (governorate, district, subdistrict with P-codes and Arabic names) from an "
        "OpenSyria admin CSV (default: GAZETTEER_ADMIN_PATH) and link every place to its administrative unit."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=settings.GAZETTEER_ADMIN_PATH)

    def handle(self, *args, path, **options):
        try:
            report = admin_import(path=Path(path))
        except GazetteerFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"admin units {path}: {report.matched} matched to gazetteer places, {report.created} added, "
            f"{report.names_created} names added, {report.linked} places linked to their unit"
        )
