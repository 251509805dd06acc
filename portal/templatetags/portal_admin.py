from django import template
from django.core.exceptions import NON_FIELD_ERRORS

from portal.admin import admin_url
from portal.review import review_queue

register = template.Library()
PANEL_ITEMS = 10
# Headings on the admin home for apps whose own names mean nothing to editors.
APP_HEADINGS = {"portal": "Authors", "taggit": "Tags"}


@register.filter
def app_heading(app: dict) -> str:
    return APP_HEADINGS.get(app["app_label"], app["name"])


@register.filter
def is_stale(form) -> bool:
    """The form was refused because someone saved the page after it was opened."""
    return form.has_error(NON_FIELD_ERRORS, "stale")


@register.inclusion_tag("admin/portal/review_panel.html")
def review_panel() -> dict:
    queue = review_queue(limit=PANEL_ITEMS)
    return {
        "overdue": [(item, admin_url(item)) for item in queue.overdue],
        "due_soon": [(item, admin_url(item)) for item in queue.due_soon],
        "submitted": [(item, admin_url(item)) for item in queue.submitted],
    }
