from django import template
from django.urls import reverse

from portal.review import review_queue

register = template.Library()
PANEL_ITEMS = 10


def _admin_url(item) -> str:
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


@register.inclusion_tag("admin/portal/review_panel.html")
def review_panel() -> dict:
    queue = review_queue(limit=PANEL_ITEMS)
    return {
        "overdue": [(item, _admin_url(item)) for item in queue.overdue],
        "due_soon": [(item, _admin_url(item)) for item in queue.due_soon],
        "submitted": [(item, _admin_url(item)) for item in queue.submitted],
    }
