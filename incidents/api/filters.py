"""Query filters of the incidents API; a bad value is a 400 with the reason."""

import django_filters

from incidents.models import Incident


class IncidentFilter(django_filters.FilterSet):
    event_type = django_filters.MultipleChoiceFilter(choices=Incident.EventType.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    article = django_filters.NumberFilter(field_name="article_id")
    geocode_status = django_filters.MultipleChoiceFilter(choices=Incident.GeocodeStatus.choices)

    class Meta:
        model = Incident
        fields = ["event_type", "date_from", "date_to", "article", "geocode_status"]
