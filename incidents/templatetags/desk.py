"""Template tags of the editors' desk."""

from django import template
from django.urls import reverse

from incidents import review

register = template.Library()


@register.inclusion_tag("admin/incidents/review_counts.html", takes_context=True)
def review_queue(context):
    """The review queue's counts per reason, linked to the filtered incident list (for editors only)."""
    user = context["request"].user
    if not user.has_perm("incidents.change_incident"):
        return {"rows": []}
    changelist = reverse("admin:incidents_incident_changelist")
    rows = [(label, count, f"{changelist}?needs_review={reason}") for reason, label, count in review.review_counts()]
    return {"rows": rows, "total_url": f"{changelist}?needs_review=any"}
