import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.models import Article
from incidents.services import articles_ingest_paths


class Command(BaseCommand):
    help = "Ingest article files or folders (a folder may carry an articles.csv manifest); duplicates are skipped."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                            help="wait up to SECONDS for the workers to extract and geocode the new articles")

    def handle(self, *args, paths, wait, **options):
        results = articles_ingest_paths(paths=paths)
        for result in results:
            if result.error:
                self.stderr.write(f"rejected {result.path}: {result.error}")
            else:
                verb = "ingested" if result.created else "already present"
                self.stdout.write(f"{verb}: {result.path} -> article {result.article.pk}")
        ids = [r.article.pk for r in results if r.article]
        if wait and ids:
            self._wait_for_workers(ids, wait)
        if not ids:
            raise CommandError("no article was ingested")

    def _wait_for_workers(self, ids, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            articles = Article.objects.filter(pk__in=ids)
            pending = articles.filter(status=Article.Status.RECEIVED).count()
            ungeocoded = articles.filter(incidents__geocode_status="pending").count()
            if not pending and not ungeocoded:
                total = sum(a.incidents.count() for a in articles)
                self.stdout.write(f"{len(ids)} articles processed by the workers: {total} incidents")
                return
            time.sleep(0.5)
        raise CommandError(f"the workers did not finish within {timeout:.0f} s (is a Celery worker running?)")
