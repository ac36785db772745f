"""Pages: the map, an article with its incidents highlighted, and the exports."""

from django import forms
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from incidents import exports, services
from incidents.models import Article, Incident


class ExportFilterForm(forms.Form):
    event_type = forms.MultipleChoiceField(choices=Incident.EventType.choices, required=False)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)


def map_page(request):
    """The Leaflet map of incidents over time."""
    context = {
        "event_types": Incident.EventType.choices,
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
    """Download the incidents (optionally filtered) as GeoJSON, CSV or a standalone HTML map."""
    form = ExportFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    filters = form.cleaned_data
    incidents = services.incident_list(
        event_types=filters["event_type"], date_from=filters["date_from"], date_to=filters["date_to"]
    )
    if fmt == "csv":
        response = HttpResponse(exports.incidents_csv(incidents), content_type="text/csv; charset=utf-8")
    elif fmt == "html":
        response = HttpResponse(exports.incidents_html_map(incidents), content_type="text/html; charset=utf-8")
    else:
        response = HttpResponse(exports.incidents_geojson(incidents), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="incidents.{fmt}"'
    return response
