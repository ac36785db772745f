from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from gazetteer.admin import OfflineBaseLayerMixin
from gazetteer.models import Place
from incidents import corrections, services
from incidents.models import Article, Correction, Incident


class IncidentForm(forms.ModelForm):
    """The incident form, with the editor's choice of what a moved point means."""

    new_place_kind = forms.ChoiceField(
        label="A moved point is",
        required=False,
        choices=[("", "this incident's point only (the gazetteer learns nothing)")]
        + [(kind, f"a new place named as written, of kind {label}") for kind, label in Place.Kind.choices],
        help_text="Choose a place above to make the mention its alias; or move the point and say here whether "
        "it marks a place missing from the gazetteer.",
    )

    class Meta:
        model = Incident
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("new_place_kind")
        if kind and "point" not in self.changed_data:
            self.add_error("point", "Move the marker to where the new place is.")
        if kind and "place" in self.changed_data and cleaned.get("place") is not None:
            self.add_error("place", "Choose a gazetteer place or create a new one, not both.")
        return cleaned


@admin.register(Incident)
class IncidentAdmin(OfflineBaseLayerMixin, SimpleHistoryAdmin, LeafletGeoAdmin):
    form = IncidentForm
    list_display = ["event_type", "date", "place_mention", "place", "geocode_status", "geocode_confidence",
                    "review_status", "article"]
    list_filter = ["event_type", "geocode_status", "review_status", "date_precision"]
    search_fields = ["place_mention", "evidence", "place__name_ar", "place__name_en"]
    autocomplete_fields = ["place"]
    readonly_fields = ["article", "mention_start", "mention_end", "evidence_start", "evidence_end", "geocode_note"]
    list_select_related = ["place", "article"]

    def save_model(self, request, obj, form, change):
        place = obj.place if "place" in form.changed_data else None
        point = obj.point if "point" in form.changed_data else None
        if change and (place is not None or point is not None):
            correction = corrections.incident_correct(
                incident=obj, editor=request.user, place=place, point=point,
                new_place_kind=form.cleaned_data.get("new_place_kind", ""),
            )
            link = reverse("admin:incidents_correction_change", args=[correction.pk])
            followed = len(correction.followers)
            self.message_user(request, format_html(
                '{} ({} other incident(s) followed). <a href="{}">Undo it from the correction\'s page</a>.',
                correction.get_kind_display(), followed, link,
            ))
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


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Editors' corrections, each with what it changed; the Undo action puts everything back."""

    list_display = ["id", "incident", "kind", "editor", "created_at", "followers_count", "undone_at", "undone_by"]
    list_filter = ["kind", "undone_at"]
    search_fields = ["incident__place_mention"]
    list_select_related = ["incident", "editor", "undone_by"]
    readonly_fields = [f.name for f in Correction._meta.fields]
    actions = ["undo"]

    @admin.display(description="followers")
    def followers_count(self, correction: Correction) -> int:
        return len(correction.followers)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Undo the selected corrections (their followers too)", permissions=["change"])
    def undo(self, request, queryset):
        for correction in queryset.order_by("-pk"):
            try:
                corrections.correction_undo(correction=correction, editor=request.user)
            except corrections.CorrectionError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, f"Undone: {correction}.")
