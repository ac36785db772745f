"""Read-only GeoJSON of gazetteer places, used as the map's offline context layer."""

import django_filters
from rest_framework import viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from gazetteer.models import Place


class PlaceSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Place
        geo_field = "point"
        fields = ["id", "name_ar", "name_en", "kind", "parent", "population", "approximate", "source"]
        read_only_fields = fields


class PlaceFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Place.Kind.choices)

    class Meta:
        model = Place
        fields = ["kind"]


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    """Places of the gazetteer, filterable by kind."""

    queryset = Place.objects.all()
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilter
