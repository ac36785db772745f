import argparse
import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from incidents import exports, services
from incidents.models import Incident


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Export the mapped incidents as GeoJSON, CSV (ACLED columns), GeoPackage or a standalone HTML map, streamed."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(exports.EXPORT_FORMATS), default="geojson")
        parser.add_argument("--output", type=Path, help="file to write (default: standard output)")
        parser.add_argument("--event-type", action="append", choices=Incident.EventType.values, dest="event_types")
        parser.add_argument("--date-from", type=_iso_date)
        parser.add_argument("--date-to", type=_iso_date)
        parser.add_argument("--base-url", default="", help="site address for the links to articles, e.g. https://example.org")

    def handle(self, *args, format, output, event_types, date_from, date_to, base_url, **options):
        incidents = services.incident_list(event_types=event_types, date_from=date_from, date_to=date_to)
        stream, _ = exports.EXPORT_FORMATS[format]
        chunks = stream(incidents, base_url=base_url.rstrip("/"))
        if output:
            with output.open("wb") as handle:
                handle.writelines(chunks)
            self.stderr.write(f"{incidents.count()} incidents written to {output}")
        else:
            sys.stdout.buffer.writelines(chunks)
