"""The map's endpoints: aggregated cells, the time histogram, a place's incidents and the place search (thin views
over incidents.mapdata). They are throttled in a scope of their own ("map", settings.MAP_THROTTLE) instead of the
API's anonymous rate: playing the time control at its fastest asks for a view ten times a second."""

import orjson
from django.http import HttpResponse, JsonResponse
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes, throttle_classes, throttle_scope
from rest_framework.permissions import AllowAny
from rest_framework.throttling import ScopedRateThrottle

from incidents import mapdata


def map_endpoint(view):
    """A GET endpoint of the map: open to everyone, throttled in the "map" scope, the page's own (not in the
    OpenAPI schema of the public API)."""
    return extend_schema(exclude=True)(api_view(["GET"])(permission_classes([AllowAny])(
        throttle_classes([ScopedRateThrottle])(throttle_scope("map")(view)))))


def _json(payload) -> HttpResponse:
    return HttpResponse(orjson.dumps(payload), content_type="application/json")


def _answer(request, selector) -> HttpResponse:
    try:
        query = mapdata.map_query_parse(params=request.GET)
    except mapdata.MapQueryError as exc:
        return JsonResponse({"errors": exc.errors}, status=400)
    return _json(selector(query=query))


@map_endpoint
def map_cells(request):
    """Grid cells of the viewport at a zoom, with count and type mix; and the count without a place."""
    return _answer(request, mapdata.map_cells)


@map_endpoint
def map_histogram(request):
    """Dated incidents by bucket and type over their whole span (the time control)."""
    return _answer(request, mapdata.map_histogram)


@map_endpoint
def map_place_incidents(request):
    """A place's or a cell's incidents and their months; ``unplaced=1`` for those without a place."""
    placed = request.GET.get("unplaced") != "1"
    return _answer(request, lambda query: mapdata.map_place_incidents(query=query, placed=placed))


@map_endpoint
def map_place_search(request):
    """Gazetteer places a name may mean, Arabic (clitics and variants) or English."""
    return _json({"places": mapdata.place_search(text=request.GET.get("q", ""))})


urlpatterns = [
    path("cells/", map_cells, name="map-cells"),
    path("histogram/", map_histogram, name="map-histogram"),
    path("incidents/", map_place_incidents, name="map-incidents"),
    path("places/", map_place_search, name="map-place-search"),
]
