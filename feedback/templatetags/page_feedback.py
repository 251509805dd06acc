from django import template
from django.db.models import Model
from django.urls import reverse

from feedback.models import TEXT_MAX_LENGTH, Reason

register = template.Library()


@register.inclusion_tag("feedback/form.html")
def feedback_form(item: Model) -> dict:
    """ "Was this page helpful?" for a content page. The same HTML for every visitor (the page is
    cached and shared): the page, the version shown and nothing about the visitor. No query:
    the version came with the item (portal.pages.views.get_published_or_preview)."""
    return {
        "action": reverse("feedback:send"),
        "page": f"{item._meta.label_lower}:{item.pk}",
        "version": getattr(item, "live_publication_id", None),
        "reasons": Reason.choices,
        "text_max_length": TEXT_MAX_LENGTH,
    }
