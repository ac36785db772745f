"""API views: incidents as GeoJSON, articles submitted by editors."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from incidents import exports, services
from incidents.api.filters import IncidentFilter
from incidents.api.pagination import ArticleCursorPagination, IncidentCursorPagination
from incidents.api.renderers import OrjsonRenderer
from incidents.api.serializers import ArticleSerializer, ArticleSubmitSerializer, IncidentSerializer
from incidents.models import Article


class IncidentViewSet(viewsets.ReadOnlyModelViewSet):
    """Geocoded incidents as GeoJSON FeatureCollection pages (keyset pagination), with the exports' filters."""

    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    pagination_class = IncidentCursorPagination
    renderer_classes = [OrjsonRenderer, BrowsableAPIRenderer]

    def get_queryset(self):
        return services.incident_list()

    def list(self, request, *args, **kwargs):
        # Rows as plain values, built into the same features the exports write: no model instance per row.
        page = self.paginate_queryset(exports.incident_feature_rows(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response([exports.incident_feature(row) for row in page])


class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Articles; a user with the add-article permission (the Editors group) POSTs a text to have it ingested."""

    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    pagination_class = ArticleCursorPagination

    @extend_schema(request=ArticleSubmitSerializer, responses={200: ArticleSerializer, 201: ArticleSerializer})
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


class ApiSchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema of the API."""


class ApiDocsView(SpectacularSwaggerSplitView):
    """The API's documentation page (Swagger UI from our static files; its set-up script is a file, as the CSP asks)."""

    template_name = "incidents/api_docs.html"
