from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from gazetteer.admin import OfflineBaseLayerMixin
from incidents import services
from incidents.models import Article, Incident


@admin.register(Incident)
class IncidentAdmin(OfflineBaseLayerMixin, LeafletGeoAdmin):
    list_display = ["event_type", "date", "place_mention", "place", "geocode_status", "geocode_confidence",
                    "review_status", "article"]
    list_filter = ["event_type", "geocode_status", "review_status", "date_precision"]
    search_fields = ["place_mention", "evidence", "place__name_ar", "place__name_en"]
    autocomplete_fields = ["place"]
    readonly_fields = ["article", "mention_start", "mention_end", "evidence_start", "evidence_end", "geocode_note"]
    list_select_related = ["place", "article"]

    def save_model(self, request, obj, form, change):
        geocode_changed = change and ({"place", "point"} & set(form.changed_data))
        if geocode_changed and (obj.place or obj.point):
            # The correction service records the alias and re-geocodes incidents with the same mention.
            point = obj.point if "point" in form.changed_data else None
            services.incident_correct(incident=obj, place=obj.place, point=point)
        else:
            super().save_model(request, obj, form, change)


class IncidentInline(admin.TabularInline):
    model = Incident
    extra = 0
    fields = ["event_type", "date", "place_mention", "place", "geocode_status", "review_status"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_on", "date_missing", "status"]
    list_filter = ["status", "date_missing", "source"]
    search_fields = ["title", "body"]
    readonly_fields = ["content_hash", "created_at", "status", "error"]
    inlines = [IncidentInline]
    actions = ["extract_again"]

    @admin.action(description="Extract incidents again")
    def extract_again(self, request, queryset):
        for article in queryset:
            services.article_extract(article=article)
