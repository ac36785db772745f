"""The verbs of the incidents domain: ingest, extract, geocode (corrections: incidents/corrections.py)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
import statistics
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from gazetteer.resolver import NameIndex
from gazetteer.services import name_index_current, place_name_resolve
from incidents.extraction import ArticleRejected, decode_article, extract_incidents, read_metadata
from incidents.extraction.reading import DEFAULT_MAX_BYTES
from incidents.models import Article, Incident

ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}
MANIFEST_NAME = "articles.csv"
logger = logging.getLogger(__name__)


class IngestError(ValueError):
    """An article or manifest that cannot be ingested; the message says why."""


@dataclass
class IngestResult:
    article: Article | None
    created: bool
    path: str = ""
    error: str = ""


def _parse_iso_date(value: str, where: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise IngestError(f"{where}: published_on {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def article_ingest(
    *,
    data: bytes,
    filename: str = "",
    source: str = "",
    published_on: dt.date | None = None,
    url: str = "",
    title: str = "",
) -> tuple[Article, bool]:
    """Store an article once (by content hash) and queue its extraction; returns (article, created)."""
    try:
        body = decode_article(data, filename)
    except ArticleRejected as exc:
        raise IngestError(f"{filename or 'article'}: {exc}") from exc
    content_hash = hashlib.sha256(body.encode("utf-8")).hexdigest()
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing:
        return existing, False
    metadata = read_metadata(body)
    published_on = published_on or metadata.published_on
    article = Article(
        title=(title or metadata.title or filename)[:500],
        body=body,
        source=source,
        url=url,
        filename=filename,
        published_on=published_on,
        date_missing=published_on is None,
        content_hash=content_hash,
        queued_at=timezone.now(),
    )
    try:
        article.full_clean(validate_unique=False)
    except ValidationError as exc:
        reasons = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
        raise IngestError(f"{filename or 'article'}: {reasons}") from exc
    try:
        with transaction.atomic():
            article.save()
            transaction.on_commit(lambda: _queue_extraction(article.pk))
    except IntegrityError:
        # Another process stored the same text between the lookup and the insert.
        return Article.objects.get(content_hash=content_hash), False
    return article, True


def _queue(task_name: str, article_id: int) -> bool:
    """Publish one task for an article; a broker that is away is logged, not raised: the sweep queues it later."""
    from incidents import tasks

    try:
        getattr(tasks, task_name).delay(article_id)
    except (BrokerError, OSError) as exc:
        logger.warning("could not queue %s for article %s (%s); the periodic sweep will queue it again",
                       task_name, article_id, exc)
        return False
    return True


def _queue_extraction(article_id: int) -> None:
    _queue("extract_article", article_id)


MANIFEST_COLUMNS = ("file", "source", "published_on", "url", "title")


@dataclass
class Manifest:
    """The rows of a folder's articles.csv by file name, and why any row (or the whole file) was rejected."""

    rows: dict[str, dict[str, str]]
    row_errors: dict[str, str]
    error: str = ""
    unnamed_row_errors: list[str] = field(default_factory=list)


def _read_manifest(folder: Path) -> Manifest:
    """Read a folder's manifest; a bad row is rejected with its reason, a manifest without a 'file' column entirely."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return Manifest({}, {})
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        return Manifest({}, {}, f"{path}: cannot be read ({exc.strerror or exc})")
    reader = csv.DictReader(text.splitlines(), restkey="_extra")
    if "file" not in (reader.fieldnames or ()):
        return Manifest({}, {}, f"{path}: the manifest needs a 'file' column (columns: {', '.join(MANIFEST_COLUMNS)})")
    manifest = Manifest({}, {})
    for line_number, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        where = f"{path} line {line_number}"
        if not name or "\ufffd" in name:
            manifest.unnamed_row_errors.append(f"{where}: no readable file name")
            continue
        row_errors = manifest.row_errors
        if "\ufffd" in "".join(v for v in row.values() if isinstance(v, str)):
            row_errors[name] = f"{where}: not valid UTF-8"
        elif None in row.values():
            row_errors[name] = f"{where}: fewer columns than the header"
        elif "_extra" in row:
            row_errors[name] = f"{where}: more columns than the header"
        else:
            manifest.rows[name] = {key: value.strip() for key, value in row.items() if key in MANIFEST_COLUMNS}
    return manifest


def _read_article_file(file: Path) -> bytes:
    """The bytes of a regular file, read up to just over the article size limit (a FIFO or device is refused)."""
    if not file.is_file():
        raise IngestError(f"{file}: not a regular file")
    try:
        with file.open("rb") as handle:
            return handle.read(DEFAULT_MAX_BYTES + 1)
    except OSError as exc:
        raise IngestError(f"{file}: cannot be read ({exc.strerror or exc})") from exc


def _article_ingest_file(file: Path, manifest: Manifest) -> IngestResult:
    """Ingest one file with its manifest row; any problem is the result's error, never an exception."""
    if file.name in manifest.row_errors:
        return IngestResult(None, False, str(file), manifest.row_errors[file.name])
    row = manifest.rows.get(file.name, {})
    try:
        article, created = article_ingest(
            data=_read_article_file(file),
            filename=file.name,
            source=row.get("source", ""),
            published_on=_parse_iso_date(row.get("published_on", ""), f"{MANIFEST_NAME} row {file.name}"),
            url=row.get("url", ""),
            title=row.get("title", ""),
        )
    except IngestError as exc:
        return IngestResult(None, False, str(file), str(exc))
    return IngestResult(article, created, str(file))


def articles_ingest_paths(*, paths: list[Path]) -> list[IngestResult]:
    """Ingest article files and folders (with an optional articles.csv manifest); bad files are reported, not fatal."""
    results = []
    for path in paths:
        if path.is_dir():
            folder = path
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
        elif path.exists():
            folder, files = path.parent, [path]
        else:
            results.append(IngestResult(None, False, str(path), "no such file or folder"))
            continue
        manifest = _read_manifest(folder)
        if manifest.error:
            # Without its manifest a folder's articles would be stored without their dates and sources for good.
            results.append(IngestResult(None, False, str(folder / MANIFEST_NAME), manifest.error))
            results.extend(IngestResult(None, False, str(f), "not ingested: its manifest is unusable") for f in files)
            continue
        results.extend(IngestResult(None, False, str(folder / MANIFEST_NAME), e) for e in manifest.unnamed_row_errors)
        results.extend(_article_ingest_file(file, manifest) for file in files)
    return results


def _report_without_headline(article: Article) -> bool:
    """A report of one line: that line is the report (with or without a title sent apart), not a headline to skip."""
    return sum(1 for line in article.body.splitlines() if line.strip()) == 1


def article_extract(
    *, article: Article, replace: bool = True, queue_geocoding: bool = True, index: NameIndex | None = None
) -> list[Incident]:
    """Replace the article's machine-made incidents with a fresh extraction and queue their geocoding.

    With ``replace=False`` (a task message, which the broker may deliver again after a worker died or Redis came
    back) an article already extracted is left as it is: its incidents may be geocoded or reviewed by then.
    """
    index = name_index_current() if index is None else index
    try:
        extracted = extract_incidents(
            article.body, article.published_on, index, skip_headline=not _report_without_headline(article)
        )
    except Exception as exc:
        article.status, article.error = Article.Status.FAILED, f"extraction failed: {exc}"
        article.save(update_fields=["status", "error"])
        raise
    with transaction.atomic():
        # One extraction of an article at a time (a redelivered task may run beside the first): the second waits for
        # the first to commit, then replaces its incidents, so they are never doubled.
        locked = Article.objects.select_for_update().filter(pk=article.pk).first()
        if not replace and locked is not None and locked.status == Article.Status.EXTRACTED:
            return []
        # Incidents an editor touched are kept; everything else is derived and rebuilt.
        article.incidents.filter(review_status=Incident.ReviewStatus.UNREVIEWED).exclude(
            geocode_status=Incident.GeocodeStatus.CORRECTED
        ).delete()
        kept = set(article.incidents.values_list("event_type", "place_mention", "date"))
        incidents = []
        for item in extracted:
            if (item.event_type, item.place_text[:200], item.date) in kept:
                continue
            incident = Incident(
                article=article,
                event_type=item.event_type,
                date=item.date,
                date_precision=item.date_precision or "",
                place_mention=item.place_text[:200],
                mention_start=item.place_start,
                mention_end=item.place_end,
                place_candidates=list(item.place_ids),
                precision_hint=item.geo_precision_hint,
                actors=list(item.actors),
                weapons=list(item.weapons),
                killed=item.killed,
                injured=item.injured,
                casualties_estimated=item.casualties_estimated,
                evidence=item.evidence,
                evidence_start=item.evidence_start,
                evidence_end=item.evidence_end,
            )
            # The check constraints are the database's (a query each per incident if validated here).
            incident.full_clean(exclude=["article"], validate_constraints=False)
            incidents.append(incident)
        Incident.objects.bulk_create(incidents)
        article.status, article.error, article.queued_at = Article.Status.EXTRACTED, "", timezone.now()
        article.save(update_fields=["status", "error", "queued_at"])
        if queue_geocoding:
            transaction.on_commit(lambda: _queue_geocoding(article.pk))
    return incidents


def _queue_geocoding(article_id: int) -> None:
    _queue("geocode_article", article_id)


def article_process(*, article: Article) -> list[Incident]:
    """What a task message for an article does: extract it once, then geocode its incidents not geocoded yet.

    One task per article, not an extraction task and then a geocoding task: the second would load again the article,
    the index's version and the incidents the first had in hand. A message delivered again (a worker died, Redis came
    back) finds the article extracted and geocodes only what is left (pending, or failed on a passing error); work a
    lost message left is queued again by the sweep (articles_requeue_unfinished).
    """
    index = name_index_current()
    extracted = article_extract(article=article, replace=False, queue_geocoding=False, index=index)
    unfinished = article.incidents.filter(
        geocode_status__in=[Incident.GeocodeStatus.PENDING, Incident.GeocodeStatus.FAILED]
    )
    _article_geocode(article, list(unfinished), index)
    return extracted


def articles_requeue_unfinished(*, older_than: float) -> dict[str, int]:
    """Queue again every article left unextracted, or with incidents left ungeocoded, by a lost task message."""
    stale = timezone.now() - dt.timedelta(seconds=older_than)
    waiting = Article.objects.filter(queued_at__lt=stale)
    pending = Incident.objects.filter(article=OuterRef("pk"), geocode_status=Incident.GeocodeStatus.PENDING)
    to_extract = list(waiting.filter(status=Article.Status.RECEIVED).values_list("pk", flat=True))
    to_geocode = list(
        waiting.filter(status=Article.Status.EXTRACTED).filter(Exists(pending)).values_list("pk", flat=True)
    )
    Article.objects.filter(pk__in=to_extract + to_geocode).update(queued_at=timezone.now())
    counts = {
        "extract": sum(_queue("extract_article", article_id) for article_id in to_extract),
        "geocode": sum(_queue("geocode_article", article_id) for article_id in to_geocode),
    }
    if to_extract or to_geocode:
        logger.info("re-queued unfinished work: %s", counts)
    return counts


def incidents_geocode(
    *, incidents: QuerySet[Incident] | list[Incident], cause: str = "", index: NameIndex | None = None
) -> list[Incident]:
    """Resolve each incident's place mention with the gazetteer, using its article as context (and why, if asked)."""
    index = name_index_current() if index is None else index
    by_article: dict[int, list[Incident]] = {}
    for incident in incidents:
        if incident.geocode_status != Incident.GeocodeStatus.CORRECTED:
            by_article.setdefault(incident.article_id, []).append(incident)
    done = []
    for article_incidents in by_article.values():
        context_text = article_incidents[0].article.body
        context_points: list[tuple[float, float]] = []
        for incident in article_incidents:
            resolution = place_name_resolve(
                name=incident.place_mention, index=index, context_text=context_text,
                context_points=tuple(context_points), mention_start=incident.mention_start,
                candidate_ids=tuple(incident.place_candidates), precision_hint=incident.precision_hint,
            )
            _apply_resolution(incident, resolution, cause)
            if incident.point is not None:
                context_points.append((incident.point.y, incident.point.x))
            done.append(incident)
    with transaction.atomic():
        _rows_update(done, GEOCODE_FIELDS)
        # Their history rows in one INSERT, with each incident's reason and the request's user, as save() records them.
        Incident.history.bulk_history_create(done, update=True, batch_size=500)
    return done


def _rows_update(instances: list, field_names: list[str]) -> None:
    """Write these fields of these rows as one prepared UPDATE run for every row (executemany).

    Django's bulk_update builds a CASE of every row for every field, about a millisecond of Python per incident;
    saving each costs a query built each time. Values and placeholders come from the fields, so a geometry is written
    as the backend writes it (PostGIS or SpatiaLite).
    """
    if not instances:
        return
    model = type(instances[0])
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    statements: dict[str, list[list]] = {}
    for instance in instances:
        values = [getattr(instance, field.attname) for field in fields]
        placeholders = [
            field.get_placeholder(value, None, connection) if hasattr(field, "get_placeholder") else "%s"
            for field, value in zip(fields, values, strict=True)
        ]
        assignments = ", ".join(f"{quote(f.column)} = {p}" for f, p in zip(fields, placeholders, strict=True))
        sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
        params = [field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True)]
        statements.setdefault(sql, []).append([*params, instance.pk])
    with connection.cursor() as cursor:
        for sql, rows in statements.items():
            cursor.executemany(sql, rows)


GEOCODE_FIELDS = [
    "place", "point", "geocode_status", "geo_precision", "geocode_confidence", "geocode_note", "updated_at",
]
UNGEOCODED_FIELDS = ["place", *(f.name for f in Incident._meta.fields if f.name not in GEOCODE_FIELDS)]


def _apply_resolution(incident: Incident, resolution, cause: str = "") -> None:
    if resolution.lat is None or resolution.lon is None:
        incident.place, incident.point = None, None
        incident.geocode_status = Incident.GeocodeStatus.UNRESOLVED
    else:
        incident.place_id = resolution.place_id if isinstance(resolution.place_id, int) else None
        incident.point = Point(resolution.lon, resolution.lat, srid=4326)
        incident.geocode_status = Incident.GeocodeStatus.RESOLVED
    incident.geo_precision = resolution.geo_precision
    incident.geocode_confidence = resolution.confidence
    note = f"{resolution.method}: {resolution.note}" if resolution.note else resolution.method
    incident.geocode_note = f"{note}; {cause}"[:300] if cause else note[:300]
    incident._change_reason = cause or None
    # updated_at by hand: a bulk update sets no auto_now field, and the map's summary version reads it.
    incident.updated_at = timezone.now()
    # The place comes from the gazetteer's index and the check constraints are the database's own: validating them
    # here would cost three queries per incident (a foreign key or a constraint broken still fails, as an
    # IntegrityError, and the whole article's geocoding with it).
    incident.full_clean(exclude=UNGEOCODED_FIELDS, validate_constraints=False)


def article_geocode(*, article: Article) -> list[Incident]:
    """Geocode every incident of one article (one task per article, not per name)."""
    # The related manager gives each incident this article (no join that would read its text once per incident).
    return _article_geocode(article, list(article.incidents.all()))


def _article_geocode(article: Article, incidents: list[Incident], index: NameIndex | None = None) -> list[Incident]:
    try:
        return incidents_geocode(incidents=incidents, index=index)
    except Exception as exc:
        # Left visible to editors (filter by geocode status) instead of pending for ever.
        article.incidents.filter(geocode_status=Incident.GeocodeStatus.PENDING).update(
            geocode_status=Incident.GeocodeStatus.FAILED, geocode_note=f"geocoding failed: {exc}"[:300]
        )
        raise


def incident_list(*, event_types: list[str] | None = None, date_from=None, date_to=None) -> QuerySet[Incident]:
    """Incidents on the map: geocoded, not rejected, optionally filtered."""
    queryset = Incident.objects.filter(point__isnull=False).exclude(review_status=Incident.ReviewStatus.REJECTED)
    if event_types:
        queryset = queryset.filter(event_type__in=event_types)
    if date_from:
        queryset = queryset.filter(date__gte=date_from)
    if date_to:
        queryset = queryset.filter(date__lte=date_to)
    return queryset.select_related("article", "place")


@dataclass
class TextSegment:
    text: str
    incident: Incident | None = None


def article_segments(*, article: Article, incidents: list[Incident]) -> list[TextSegment]:
    """Split the article text into plain runs and highlighted place mentions (first incident per span)."""
    segments, position = [], 0
    for incident in sorted(incidents, key=lambda i: i.mention_start):
        if incident.mention_start < position or incident.mention_end > len(article.body):
            continue
        segments.append(TextSegment(article.body[position:incident.mention_start]))
        segments.append(TextSegment(article.body[incident.mention_start:incident.mention_end], incident))
        position = incident.mention_end
    segments.append(TextSegment(article.body[position:]))
    return segments


@contextmanager
def _scratch_database():
    """A throw-away database built like a test database, with tasks in-process: the real one is never touched."""
    from django.db import connection

    from config.celery import app
    from gazetteer.services import name_index_invalidate

    old_name = connection.settings_dict["NAME"]
    eager = app.conf.task_always_eager
    if connection.vendor != "sqlite":
        # Never the name of a test database that a test run may be using at the same time.
        connection.settings_dict["TEST"]["NAME"] = f"{old_name}_evaluate_scratch"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    app.conf.task_always_eager = True
    name_index_invalidate()
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
        name_index_invalidate()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _gold_places_resolved(gold: list[dict], bodies: dict[str, str]) -> dict:
    """How many gold places the gazetteer resolves, in their article's context, and how far from the gold point."""
    from geopy.distance import geodesic

    index = name_index_current()
    resolved, errors = 0, []
    for record in gold:
        body = bodies.get(record["article"], "")
        start = body.find(record["place"])
        resolution = place_name_resolve(
            name=record["place"], index=index, context_text=body, mention_start=start if start >= 0 else None
        )
        if resolution.lat is None:
            continue
        resolved += 1
        if record.get("lat") is not None:
            errors.append(geodesic((record["lat"], record["lon"]), (resolution.lat, resolution.lon)).km)
    errors.sort()
    return {
        "places": len(gold),
        "resolved": resolved,
        "resolved_share": resolved / len(gold) if gold else None,
        "error_km_median": statistics.median(errors) if errors else None,
        "error_km_max": errors[-1] if errors else None,
    }


def evaluation_run(*, articles_dir: Path, gold: list[dict]) -> tuple[dict, list[dict]]:
    """Ingest a folder into a scratch database, extract and geocode in-process; return the figures and predictions."""
    from django.conf import settings as django_settings

    from gazetteer.services import gazetteer_load
    from incidents.evaluation import score

    with _scratch_database():
        gazetteer_load(path=Path(django_settings.GAZETTEER_PATH))
        results = articles_ingest_paths(paths=[articles_dir])
        errors = [f"{r.path}: {r.error}" for r in results if r.error]
        if errors:
            raise IngestError("; ".join(errors))
        predictions = [
            {
                "article": incident.article.filename,
                "event_type": incident.event_type,
                "place": incident.place_mention,
                "lat": incident.point.y if incident.point else None,
                "lon": incident.point.x if incident.point else None,
                "date": incident.date.isoformat() if incident.date else None,
            }
            for incident in Incident.objects.select_related("article").order_by("article_id", "mention_start")
        ]
        figures = score(predictions, gold)
        bodies = {article.filename: article.body for article in Article.objects.all()}
        figures["gazetteer"] = _gold_places_resolved(gold, bodies)
    return figures, predictions
