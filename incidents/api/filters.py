"""Query filters of the incidents API and of every export; a bad value is a 400 that says what is wrong."""

import django_filters
from django import forms
from django.contrib.gis.geos import Polygon
from django.db.models import Q

from incidents.models import Incident

# The largest id the databases hold (a 64-bit signed integer): a larger one is a bad value, not a database error.
MAX_ID = 2**63 - 1


def bbox_bounds(value: str) -> tuple[float, float, float, float]:
    """min_lon,min_lat,max_lon,max_lat in degrees (WGS 84), checked; a ValidationError that says what is wrong."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise forms.ValidationError("Give four numbers: min_lon,min_lat,max_lon,max_lat.") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise forms.ValidationError(
            "Longitudes must lie in -180..180 and latitudes in -90..90, each minimum below its maximum."
        )
    return west, south, east, north


class BoundingBoxField(forms.CharField):
    """min_lon,min_lat,max_lon,max_lat in degrees (WGS 84) -> a Polygon."""

    def clean(self, value):
        value = super().clean(value)
        return Polygon.from_bbox(bbox_bounds(value)) if value else None


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class BoundingBoxFilter(django_filters.Filter):
    field_class = BoundingBoxField


class IncidentFilter(django_filters.FilterSet):
    event_type = django_filters.MultipleChoiceFilter(choices=Incident.EventType.choices, help_text="Incident type.")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text="On or after (YYYY-MM-DD).")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text="On or before (YYYY-MM-DD).")
    article = IdFilter(field_name="article_id", help_text="Id of the article that reports the incident.")
    geocode_status = django_filters.MultipleChoiceFilter(choices=Incident.GeocodeStatus.choices,
                                                         help_text="How the place was geocoded.")
    review_status = django_filters.MultipleChoiceFilter(choices=Incident.ReviewStatus.choices,
                                                        help_text="An editor's review of the incident.")
    geo_precision = django_filters.TypedMultipleChoiceFilter(
        choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int,
        help_text="ACLED geo precision (repeatable): 1 the exact place, 2 near or part of it, 3 the region only.",
    )
    bbox = BoundingBoxFilter(field_name="point", lookup_expr="within",
                             help_text="Bounding box min_lon,min_lat,max_lon,max_lat (WGS 84 degrees).")
    place = IdFilter(method="filter_place",
                     help_text="Gazetteer place id: incidents at that place or in that administrative unit.")
    actor = django_filters.CharFilter(method="filter_actor", max_length=100,
                                      help_text="Part of an actor's name, e.g. 'regime' or 'Hezbollah'.")
    q = django_filters.CharFilter(method="filter_text", max_length=200,
                                  help_text="Text in the evidence sentence, the place as written or the article title.")
    min_confidence = django_filters.NumberFilter(
        field_name="geocode_confidence", lookup_expr="gte", min_value=0, max_value=1,
        help_text="Minimum geocoding confidence, 0 to 1.",
    )

    class Meta:
        model = Incident
        fields = ["event_type", "date_from", "date_to", "article", "geocode_status", "review_status", "geo_precision",
                  "bbox", "place", "actor", "q", "min_confidence"]

    def filter_place(self, queryset, name, value):
        """The place itself, or any place whose administrative unit (or that unit's parents) it is."""
        return queryset.filter(
            Q(place=value) | Q(place__admin_unit=value) | Q(place__admin_unit__parent=value)
            | Q(place__admin_unit__parent__parent=value)
        )

    def filter_actor(self, queryset, name, value):
        """Incidents naming an actor whose label contains the text."""
        return queryset.filter(actors__icontains=value)

    def filter_text(self, queryset, name, value):
        """Incidents whose evidence, place as written or article title contains the text."""
        return queryset.filter(
            Q(evidence__icontains=value) | Q(place_mention__icontains=value) | Q(article__title__icontains=value)
        )

    def describe(self) -> str:
        """The filters in force, in words, for the title of an export."""
        parts = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []):
                continue
            if isinstance(value, Polygon):
                value = ",".join(f"{number:g}" for number in value.extent)
            elif isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            parts.append(f"{name.replace('_', ' ')}: {value}")
        return "; ".join(parts)
