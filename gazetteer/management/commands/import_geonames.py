import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gazetteer import geonames
from gazetteer.services import geonames_import

DARAA_QUNEITRA = ("06", "03")


class Command(BaseCommand):
    help = (
        "Import a GeoNames country dump (e.g. SY.txt or SY.zip, given as a file or a URL) and merge it with the "
        "curated places without duplicating them. Arabic names come from the dump's alternatenames and, "
        "if given, from an alternateNames file."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="path or http(s) URL of a GeoNames dump")
        parser.add_argument("--alternate-names", help="path or URL of the alternateNames file (optional)")
        parser.add_argument("--admin1", nargs="*", default=list(DARAA_QUNEITRA),
                            help="admin1 codes to keep (default: 06 Daraa, 03 Quneitra); pass none for all")

    def handle(self, *args, source, alternate_names, admin1, **options):
        with tempfile.TemporaryDirectory() as workdir:
            dump = self._local(source, Path(workdir))
            try:
                records = list(geonames.iter_geonames(dump, admin1_codes=admin1 or None))
                if alternate_names:
                    alternates = geonames.iter_alternate_names(
                        self._local(alternate_names, Path(workdir)), geonameids={r.geonameid for r in records}
                    )
                    records = geonames.with_alternate_names(records, alternates)
            except (OSError, geonames.GeonamesFormatError) as exc:
                raise CommandError(f"cannot read {source}: {exc}") from exc
        report = geonames_import(records=records)
        self.stdout.write(
            f"{len(records)} GeoNames records: {report.created} places added, {report.merged} merged into existing "
            f"places, {report.skipped} skipped (no Arabic name), {report.names_created} names added"
        )

    def _local(self, source: str, workdir: Path) -> Path:
        """A local path for source, downloading it first when it is a URL."""
        if source.startswith(("http://", "https://")):
            name = source.rstrip("/").rsplit("/", 1)[-1] or "geonames.txt"
            try:
                return geonames.download(source, workdir / name)
            except geonames.GeonamesDownloadError as exc:
                raise CommandError(str(exc)) from exc
        path = Path(source)
        if not path.exists():
            raise CommandError(f"{source}: no such file")
        return path
