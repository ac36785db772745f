"""Pages: the map, an article with its incidents highlighted, and the exports."""

from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from incidents import exports, map_ui, services
from incidents.api.filters import IncidentFilter
from incidents.models import Article


def map_page(request):
    """The Leaflet map of incidents over time."""
    context = {
        "event_types": list(map_ui.event_type_labels().items()),
        "actors": map_ui.actor_choices(),
        "script_strings": {"types": map_ui.event_type_labels(), **map_ui.script_strings()},
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "incidents/map.html", context)


def article_page(request, pk: int):
    """An article's original text, right-to-left, with each incident's place mention highlighted."""
    article = get_object_or_404(Article, pk=pk)
    incidents = list(article.incidents.select_related("place").order_by("mention_start"))
    segments = services.article_segments(article=article, incidents=incidents)
    return render(request, "incidents/article.html", {"article": article, "incidents": incidents, "segments": segments})


def export_incidents(request, fmt: str):
    """Download the incidents (optionally filtered) as GeoJSON, CSV, GeoPackage or a standalone HTML map, streamed."""
    # The same filters, and the same 400 for a bad value, as the API.
    filters = IncidentFilter(request.GET, queryset=services.incident_list())
    if not filters.is_valid():
        return JsonResponse({"errors": filters.errors}, status=400)
    stream, content_type = exports.EXPORT_FORMATS[fmt]
    try:
        chunks = stream(filters.qs, base_url=request.build_absolute_uri("/").rstrip("/"),
                        title_filters=filters.describe())
    except exports.ExportUnavailable as exc:
        return JsonResponse({"detail": str(exc)}, status=503)
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="incidents.{fmt}"'
    return response
