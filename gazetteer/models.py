"""Places and the names they are written with."""

from django.contrib.gis.db import models
from simple_history.models import HistoricalRecords

from gazetteer.arabic import normalize_for_matching


class Place(models.Model):
    """A named place: a governorate, town, quarter, military site, hill or crossing."""

    class Kind(models.TextChoices):
        GOVERNORATE = "governorate"
        DISTRICT = "district"
        SUBDISTRICT = "subdistrict"
        CITY = "city"
        TOWN = "town"
        VILLAGE = "village"
        QUARTER = "quarter"
        CAMP = "camp"
        SITE = "site"
        HILL = "hill"
        CROSSING = "crossing"
        REGION = "region"

    key = models.SlugField(max_length=120, unique=True, help_text="Stable identifier from the source file.")
    name_ar = models.CharField("Arabic name", max_length=200)
    name_en = models.CharField("English name", max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    point = models.PointField(srid=4326)
    population = models.PositiveIntegerField(null=True, blank=True)
    geonames_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    source = models.CharField(max_length=300, help_text="Where the coordinates come from.")
    approximate = models.BooleanField(default=False, help_text="The point is placed from what is known, not surveyed.")
    country = models.CharField(max_length=2, default="SY", help_text="ISO 3166 code of the country the place lies in.")
    pcode = models.CharField("OCHA P-code", max_length=20, blank=True, db_index=True,
                             help_text="OCHA P-code of an administrative unit (SY12, SY1200, SY120000).")
    admin_unit = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="administered_places",
        help_text="The smallest OCHA administrative unit (subdistrict, district or governorate) the place lies in.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name_en", "name_ar"]

    def __str__(self) -> str:
        return f"{self.name_ar} ({self.name_en})" if self.name_en else self.name_ar

    def admin_chain(self) -> list["Place"]:
        """The administrative units of the place, smallest first (subdistrict, district, governorate)."""
        chain: list[Place] = []
        unit = self if self.pcode else self.admin_unit
        while unit is not None and unit not in chain:
            chain.append(unit)
            unit = unit.parent if unit.parent is not None and unit.parent.pcode else None
        return chain


class PlaceName(models.Model):
    """One spelling of a place as it is written, with its normalized form for matching."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True, editable=False)
    language = models.CharField(max_length=8, default="ar")
    origin = models.CharField(
        max_length=40,
        default="curated",
        help_text="curated, geonames, editor (a correction), online, or within: the name of a locality inside this "
        "place that has no position of its own",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="unique_place_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.normalized = normalize_for_matching(self.name)
