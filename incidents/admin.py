from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from gazetteer.admin import OfflineBaseLayerMixin
from gazetteer.models import Place
from incidents import corrections, review, services
from incidents.forms import ArticleSubmitForm
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


PARAGRAPH_CONTEXT = 600


def mention_paragraph(incident: Incident) -> tuple[str, str, str]:
    """The article's paragraph around the mention, split into (before, mention, after), at most a few hundred
    characters each way."""
    body = incident.article.body
    start, end = incident.mention_start, incident.mention_end
    if not 0 <= start < end <= len(body):
        return "", incident.place_mention, ""
    first = max(body.rfind("\n", 0, start) + 1, start - PARAGRAPH_CONTEXT)
    last = body.find("\n", end)
    last = min(len(body) if last < 0 else last, end + PARAGRAPH_CONTEXT)
    return body[first:start], body[start:end], body[end:last]


def _text_list(values: list) -> str:
    """A list of extracted values as a bulleted list, each item escaped and written in its own direction."""
    if not values:
        return "none"
    items = format_html_join("", '<li dir="auto">{}</li>', ((str(value),) for value in values))
    return format_html('<ul class="desk-list">{}</ul>', items)


class NeedsReviewFilter(admin.SimpleListFilter):
    """The review queue: unreviewed incidents with a reason for an editor's look."""

    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("any", "for any reason"), *review.REASONS.items()]

    def queryset(self, request, queryset):
        value = self.value()
        if value in review.REASONS or value == "any":
            wanted = review.incidents_needing_review(reason=None if value == "any" else value)
            return queryset.filter(pk__in=wanted.values("pk"))
        return queryset


@admin.register(Incident)
class IncidentAdmin(OfflineBaseLayerMixin, SimpleHistoryAdmin, LeafletGeoAdmin):
    form = IncidentForm
    list_display = ["event_type", "date", "place_mention", "place", "geocode_status", "geocode_confidence",
                    "review_status", "article"]
    list_filter = [NeedsReviewFilter, "event_type", "geocode_status", "review_status", "date_precision"]
    search_fields = ["place_mention", "evidence", "place__name_ar", "place__name_en"]
    autocomplete_fields = ["place"]
    readonly_fields = ["article", "mention_start", "mention_end", "evidence_start", "evidence_end", "geocode_note",
                       "reviewed_by", "reviewed_at"]
    # What the extraction and the geocoder read is shown, not edited: an editor corrects the place, the point, the
    # type, the date and the figures, and reviews.
    extraction_fields = ["article", "mention", "paragraph", "evidence_text", "actor_list", "weapon_list",
                         "geocode_status", "geocode_confidence", "geocode_note", "corrections_link",
                         "reviewed_by", "reviewed_at"]
    change_fieldsets = [
        ("What the article says", {"fields": ["article", "mention", "paragraph", "evidence_text", "actor_list",
                                              "weapon_list"]}),
        ("The incident", {"fields": ["event_type", "date", "date_precision", "killed", "injured",
                                     "casualties_estimated"]}),
        ("Where", {"fields": ["place", "point", "new_place_kind", "geo_precision", "geocode_status",
                              "geocode_confidence", "geocode_note", "corrections_link"]}),
        ("Review", {"fields": ["review_status", "reviewed_by", "reviewed_at"]}),
    ]
    list_select_related = ["place", "article"]
    actions = ["confirm", "reject"]

    class Media:
        css = {"all": ["incidents/desk.css"]}

    def get_readonly_fields(self, request, obj=None):
        return self.extraction_fields if obj is not None else self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        return self.change_fieldsets if obj is not None else super().get_fieldsets(request, obj)

    @admin.display(description="place as written")
    def mention(self, incident: Incident):
        return format_html('<span dir="rtl" lang="ar" class="desk-arabic">{}</span>', incident.place_mention)

    @admin.display(description="paragraph of the article")
    def paragraph(self, incident: Incident):
        before, mention, after = mention_paragraph(incident)
        return format_html('<div dir="rtl" lang="ar" class="desk-paragraph">{}<mark class="desk-mention">{}</mark>{}'
                           "</div>", before, mention, after)

    @admin.display(description="evidence (the sentence read)")
    def evidence_text(self, incident: Incident):
        return format_html('<div dir="rtl" lang="ar" class="desk-paragraph">{}</div>', incident.evidence)

    @admin.display(description="actors")
    def actor_list(self, incident: Incident):
        return _text_list(incident.actors)

    @admin.display(description="weapons")
    def weapon_list(self, incident: Incident):
        return _text_list(incident.weapons)

    @admin.display(description="corrections")
    def corrections_link(self, incident: Incident):
        count = incident.corrections.count()
        if not count:
            return "none"
        url = reverse("admin:incidents_correction_changelist") + f"?incident__id__exact={incident.pk}"
        return format_html('<a href="{}">{} correction(s): see or undo them</a>', url, count)

    @admin.action(description="Confirm the selected incidents", permissions=["change"])
    def confirm(self, request, queryset):
        count = review.incidents_review(incidents=queryset, status=Incident.ReviewStatus.CONFIRMED,
                                        reviewer=request.user)
        self.message_user(request, f"Confirmed {count} incident(s).")

    @admin.action(description="Reject the selected incidents", permissions=["change"])
    def reject(self, request, queryset):
        count = review.incidents_review(incidents=queryset, status=Incident.ReviewStatus.REJECTED,
                                        reviewer=request.user)
        self.message_user(request, f"Rejected {count} incident(s).")

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
        if "review_status" in form.changed_data and obj.review_status != Incident.ReviewStatus.UNREVIEWED:
            review.incidents_review(incidents=[obj], status=obj.review_status, reviewer=request.user)


def article_progress(article: Article) -> dict:
    """Where an article's extraction and geocoding stand, with its incidents (for the progress page)."""
    incidents = list(article.incidents.select_related("place").order_by("mention_start"))
    pending = sum(incident.geocode_status == Incident.GeocodeStatus.PENDING for incident in incidents)
    return {
        "status": article.status,
        "status_label": article.get_status_display(),
        "done": article.status != Article.Status.RECEIVED and not pending,
        "pending": pending,
        "incidents": [
            {
                "id": incident.pk, "event_type": incident.get_event_type_display(), "mention": incident.place_mention,
                "date": incident.date.isoformat() if incident.date else None,
                "place": str(incident.place) if incident.place else "",
                "geocode": incident.get_geocode_status_display(),
                "lat": incident.point.y if incident.point else None,
                "lon": incident.point.x if incident.point else None,
                "change_url": reverse("admin:incidents_incident_change", args=[incident.pk]),
            }
            for incident in incidents
        ],
    }


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
    readonly_fields = ["content_hash", "created_at", "status", "error", "queued_at"]
    inlines = [IncidentInline]
    actions = ["extract_again"]

    def add_view(self, request, form_url="", extra_context=None):
        """Adding an article is submitting a report: the ingest service hashes it and queues its extraction."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleSubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            ingested = form.ingest()
            if ingested is not None:
                article, created = ingested
                link = reverse("admin:incidents_article_change", args=[article.pk])
                if created:
                    self.message_user(request, "The article is stored and its extraction is queued.")
                    return redirect("admin:incidents_article_progress", article.pk)
                self.message_user(request, format_html(
                    'This article is already there: <a href="{}">{}</a>. Nothing was added.', link, article,
                ), messages.WARNING)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
            "title": "Submit an article", "errors": form.errors, **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/incidents/article/submit.html", context)

    def get_urls(self):
        views = [
            path("<int:pk>/progress/", self.admin_site.admin_view(self.progress_view),
                 name="incidents_article_progress"),
            path("<int:pk>/progress.json", self.admin_site.admin_view(self.progress_json),
                 name="incidents_article_progress_json"),
        ]
        return views + super().get_urls()

    def _article_or_404(self, request, pk: int) -> Article:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Article, pk=pk)

    def progress_view(self, request, pk: int):
        """A submitted article: its extraction's progress, then its incidents on a small map with links to them."""
        article = self._article_or_404(request, pk)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "article": article,
            "title": f"Extraction of {article}", "progress": article_progress(article),
            "places_api": reverse("place-list"),
        }
        return TemplateResponse(request, "admin/incidents/article/progress.html", context)

    def progress_json(self, request, pk: int):
        """The progress page's data, polled by its script until the article is extracted and geocoded."""
        return JsonResponse(article_progress(self._article_or_404(request, pk)))

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
