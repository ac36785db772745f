from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from incidents import views
from incidents.api.views import ApiDocsView, ApiSchemaView

urlpatterns = [
    path("export/incidents.geojson", views.export_incidents, {"fmt": "geojson"}, name="export-geojson"),
    path("export/incidents.csv", views.export_incidents, {"fmt": "csv"}, name="export-csv"),
    path("export/incidents.gpkg", views.export_incidents, {"fmt": "gpkg"}, name="export-gpkg"),
    path("export/incidents.html", views.export_incidents, {"fmt": "html"}, name="export-html"),
    path("api/schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/map/", include("incidents.api.map")),
    path("api/", include("incidents.api.urls")),
    path("admin/", admin.site.urls),
]
# The pages in English at / and in Arabic at /ar/: the language is part of a shared link.
urlpatterns += i18n_patterns(
    path("", views.map_page, name="map"),
    path("articles/<int:pk>/", views.article_page, name="article"),
    prefix_default_language=False,
)
