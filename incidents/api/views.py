"""API views: incidents as GeoJSON, articles submitted by editors."""

from rest_framework import mixins, permissions, status, viewsets
from rest_framework.response import Response

from incidents import services
from incidents.api.filters import IncidentFilter
from incidents.api.serializers import ArticleSerializer, ArticleSubmitSerializer, IncidentSerializer
from incidents.models import Article


class IncidentViewSet(viewsets.ReadOnlyModelViewSet):
    """Geocoded incidents as a GeoJSON FeatureCollection, filtered by type and date range."""

    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter

    def get_queryset(self):
        return services.incident_list()


class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Articles; a user with the add-article permission (the Editors group) POSTs a text to have it ingested."""

    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]

    def create(self, request, *args, **kwargs):
        submitted = ArticleSubmitSerializer(data=request.data)
        submitted.is_valid(raise_exception=True)
        values = dict(submitted.validated_data)
        try:
            article, created = services.article_ingest(data=values.pop("text").encode("utf-8"), **values)
        except services.IngestError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            ArticleSerializer(article).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
