"""Articles and the incidents extracted from them."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Article(models.Model):
    """A news article as received; the text stored is the original, never altered."""

    class Status(models.TextChoices):
        RECEIVED = "received"
        EXTRACTED = "extracted"
        FAILED = "failed"

    title = models.CharField(max_length=500, blank=True)
    body = models.TextField(help_text="The article text as received (HTML converted to text).")
    source = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    filename = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    date_missing = models.BooleanField(default=False, help_text="No usable publication date was found.")
    content_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a task for this article was last queued (stale work is queued again)."
    )

    class Meta:
        ordering = ["-published_on", "id"]

    def __str__(self) -> str:
        return self.title or self.filename or f"Article {self.pk}"


# The incidents the map counts: placed and not rejected (mapdata.map_incidents asks for the same).
MAP_COUNTED = Q(point__isnull=False) & ~Q(review_status="rejected")


class Incident(models.Model):
    """One event of one type at one place on one day, as an article reports it."""

    class EventType(models.TextChoices):
        SHELLING = "shelling"
        AIRSTRIKE = "airstrike"
        SIEGE = "siege"
        CHECKPOINT = "checkpoint"
        CLASH = "clash"
        ASSAULT = "assault"
        TERRITORIAL_CHANGE = "territorial_change", "territorial change"
        ARREST = "arrest"
        ASSASSINATION = "assassination"
        EXPLOSION = "explosion"
        OTHER = "other"

    class DatePrecision(models.TextChoices):
        DAY = "day"
        MONTH = "month"
        YEAR = "year"
        UNKNOWN = "", "unknown"

    class GeocodeStatus(models.TextChoices):
        PENDING = "pending"
        RESOLVED = "resolved"
        UNRESOLVED = "unresolved"
        CORRECTED = "corrected", "corrected by an editor"
        FAILED = "failed"

    class ReviewStatus(models.TextChoices):
        UNREVIEWED = "unreviewed"
        CONFIRMED = "confirmed"
        REJECTED = "rejected"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="incidents")
    event_type = models.CharField(max_length=30, choices=EventType.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, blank=True)
    place_mention = models.CharField(max_length=200, help_text="The place as written in the article.")
    mention_start = models.PositiveIntegerField()
    mention_end = models.PositiveIntegerField()
    place = models.ForeignKey(
        "gazetteer.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    point = models.PointField(srid=4326, null=True, blank=True)
    # What extraction learned of the place, for the geocoding step: the gazetteer places it read the mention as (after
    # narrowing by the words around it) and the coarsest precision its role allows (a home town or a direction: 2).
    place_candidates = models.JSONField(default=list, blank=True, editable=False)
    precision_hint = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    geo_precision = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="ACLED: 1 exact place, 2 near or part of a place, 3 region only."
    )
    geocode_status = models.CharField(max_length=20, choices=GeocodeStatus.choices, default=GeocodeStatus.PENDING)
    geocode_confidence = models.FloatField(null=True, blank=True)
    geocode_note = models.CharField(max_length=300, blank=True)
    actors = models.JSONField(default=list, blank=True)
    weapons = models.JSONField(default=list, blank=True)
    killed = models.PositiveIntegerField(null=True, blank=True)
    injured = models.PositiveIntegerField(null=True, blank=True)
    casualties_estimated = models.BooleanField(default=False)
    evidence = models.TextField(help_text="The sentence that reports the incident.")
    evidence_start = models.PositiveIntegerField(default=0)
    evidence_end = models.PositiveIntegerField(default=0)
    review_status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.UNREVIEWED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The editor who confirmed or rejected the incident.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Every change of every field, with who, when and why (a follower records the correction it follows).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(mention_end__gt=models.F("mention_start")), name="mention_not_empty"),
            models.CheckConstraint(
                condition=Q(geo_precision__isnull=True) | Q(geo_precision__in=[1, 2, 3]), name="geo_precision_acled"
            ),
        ]
        # date, id: the exports stream in the model's order from this index instead of sorting every row first.
        indexes = [
            models.Index(fields=["event_type", "date"]),
            models.Index(fields=["date", "id"], name="incident_date_id"),
            # The map: a time window of every type, the version of its summary, the count of incidents without a place.
            models.Index(fields=["date"], name="incident_map_date"),
            models.Index(fields=["updated_at"], name="incident_map_updated"),
            models.Index(fields=["id"], condition=Q(point__isnull=True), name="incident_map_unplaced"),
            # The incidents the map counts (placed, not rejected), covered so that PostgreSQL answers from the index
            # alone: a time window's cells and the summary's days in date order, the summary's points by place.
            models.Index(fields=["date", "event_type", "geo_precision"], include=["place", "point", "id"],
                         condition=MAP_COUNTED, name="incident_map_window"),
            models.Index(fields=["place", "event_type", "geo_precision"], include=["point"], condition=MAP_COUNTED,
                         name="incident_map_points"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} at {self.place_mention} ({self.date or 'undated'})"


class MapDataVersion(models.Model):
    """One row counting the changes to incidents, kept by database triggers (migration 0012_map_data_version: once per
    writing transaction on PostgreSQL, at its commit, by a deferred constraint trigger; per row on SQLite), so that the
    map learns that its summary is stale from one row instead of counting every incident. Bumped in the writing
    transaction, it is seen with the change it counts."""

    counter = models.BigIntegerField(default=0)


class Correction(models.Model):
    """One editor's correction of an incident's geocode, with what it changed, so that it can be undone."""

    class Kind(models.TextChoices):
        PLACE = "place", "chose a gazetteer place (the mention became its alias)"
        POINT = "point", "moved this incident's point only"
        NEW_PLACE = "new_place", "created an editor's new place"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(help_text="The incident's geocode before the correction.")
    followers = models.JSONField(
        default=list, blank=True, help_text="The incidents that followed the correction, each with its geocode before."
    )
    alias = models.ForeignKey(
        "gazetteer.PlaceName", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The alias this correction added to the gazetteer (removed on undo).",
    )
    new_place = models.ForeignKey(
        "gazetteer.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The place this correction created (removed on undo).",
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Correction {self.pk} of incident {self.incident_id} ({self.get_kind_display()})"
