from django import forms
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from gazetteer.models import Place, PlaceName


class OfflineBaseLayerMixin:
    """Point widgets without a tile server get the gazetteer's settlements as a base layer, so an editor can see
    where a point lies. With MAP_TILE_URL set, the tiles are the base layer and nothing is added."""

    @property
    def media(self):
        media = super().media
        if settings.MAP_TILE_URL:
            return media
        return media + forms.Media(
            css={"all": ["gazetteer/places-layer.css"]},
            js=[
                "gazetteer/places-layer.js",
                forms.Script("gazetteer/admin-places.js", **{"data-places-api": reverse("place-list")}),
            ],
        )


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1
    fields = ["name", "language", "origin", "normalized"]
    readonly_fields = ["normalized"]


@admin.register(Place)
class PlaceAdmin(OfflineBaseLayerMixin, SimpleHistoryAdmin, LeafletGeoAdmin):
    list_display = ["name_ar", "name_en", "kind", "parent", "country", "pcode", "approximate", "source"]
    list_filter = ["kind", "country", "approximate"]
    search_fields = ["name_ar", "name_en", "names__name", "key", "pcode"]
    autocomplete_fields = ["parent", "admin_unit"]
    inlines = [PlaceNameInline]


@admin.register(PlaceName)
class PlaceNameAdmin(SimpleHistoryAdmin):
    """The names one by one, for their history (who added an alias, and which correction did)."""

    list_display = ["name", "place", "language", "origin"]
    list_filter = ["origin", "language"]
    search_fields = ["name", "place__name_ar", "place__name_en"]
    autocomplete_fields = ["place"]
    readonly_fields = ["normalized"]
