from django import template

from portal.admin import admin_url
from portal.readability import grade_of
from portal.review import review_queue

register = template.Library()
PANEL_ITEMS = 10


@register.inclusion_tag("admin/portal/review_panel.html")
def review_panel() -> dict:
    queue = review_queue(limit=PANEL_ITEMS)
    return {
        "overdue": [(item, admin_url(item), grade_of(item)) for item in queue.overdue],
        "due_soon": [(item, admin_url(item), grade_of(item)) for item in queue.due_soon],
        "submitted": [(item, admin_url(item), grade_of(item)) for item in queue.submitted],
    }
