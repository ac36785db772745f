from django.contrib import admin
from django.urls import include, path

from incidents import views
from incidents.api.views import ApiDocsView, ApiSchemaView

urlpatterns = [
    path("", views.map_page, name="map"),
    path("articles/<int:pk>/", views.article_page, name="article"),
    path("export/incidents.geojson", views.export_incidents, {"fmt": "geojson"}, name="export-geojson"),
    path("export/incidents.csv", views.export_incidents, {"fmt": "csv"}, name="export-csv"),
    path("export/incidents.html", views.export_incidents, {"fmt": "html"}, name="export-html"),
    path("api/schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("incidents.api.urls")),
    path("admin/", admin.site.urls),
]
