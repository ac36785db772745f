from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from gazetteer.models import Place, PlaceName


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1
    fields = ["name", "language", "origin", "normalized"]
    readonly_fields = ["normalized"]


@admin.register(Place)
class PlaceAdmin(LeafletGeoAdmin):
    list_display = ["name_ar", "name_en", "kind", "parent", "approximate", "source"]
    list_filter = ["kind", "approximate"]
    search_fields = ["name_ar", "name_en", "names__name", "key"]
    autocomplete_fields = ["parent"]
    inlines = [PlaceNameInline]
