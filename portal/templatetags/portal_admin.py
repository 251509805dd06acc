from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils.html import json_script
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.admin.translations import stale_text
from portal.admin_urls import admin_url, admin_url_of
from portal.plain_text import day_and_time_in_words
from portal.publishing import conversation, rereview, signoff, working_copies
from portal.publishing.review import copy_queues, review_queue, sources_changed
from portal.text.readability import grade_of

register = template.Library()
PANEL_ITEMS = 10
# Headings on the admin home for apps whose own names mean nothing to editors.
APP_HEADINGS = {"portal": _("Authors"), "taggit": _("Tags")}


@register.filter(name="stale_text")
def stale_text_filter(item) -> str:
    """ "stale since 7 December 2026 (3 days)" for a translation whose source changed."""
    return stale_text(item)


@register.filter
def change_url(obj) -> str:
    """The admin page of an object."""
    return admin_url(obj)


@register.filter
def app_heading(app: dict) -> str:
    return APP_HEADINGS.get(app["app_label"], app["name"])


@register.filter
def day_and_time(moment) -> str:
    """When something happened, in the staff member's language: "5 March 2026, 14:05"."""
    return day_and_time_in_words(moment) if moment else ""


@register.simple_tag
def script_texts() -> SafeString:
    """What the admin's own scripts say (static/portal/*.js), in the staff member's language,
    as a JSON block they read: <script id="portal-admin-texts" type="application/json">."""
    texts = {
        "move_up": gettext("Move up"),
        "move_down": gettext("Move down"),
        # Translators: the name screen readers give the search box of a list to choose from, "Search Reviewed by".
        "search": gettext("Search %(label)s"),
        "readability": gettext("Readability"),
        "readability_failed": gettext("The readability check failed."),
        "readability_unavailable": gettext("The readability check is not available right now."),
    }
    return json_script(texts, "portal-admin-texts")


@register.filter
def is_stale(form) -> bool:
    """The form was refused because someone saved the page after it was opened."""
    return form.has_error(NON_FIELD_ERRORS, "stale")


@register.inclusion_tag("admin/portal/review_panel.html", takes_context=True)
def review_panel(context) -> dict:
    queue = review_queue(limit=PANEL_ITEMS)
    user = context["request"].user
    copies = copy_queues(user, limit=PANEL_ITEMS)
    claims = conversation.claims_of(queue.submitted)
    return {
        "overdue": [(item, admin_url(item), grade_of(item)) for item in queue.overdue],
        "due_soon": [(item, admin_url(item), grade_of(item)) for item in queue.due_soon],
        "submitted": [
            (item, admin_url(item, "signoff"), grade_of(item), claims.get((type(item), item.pk)))
            for item in queue.submitted
        ],
        "stale": [(item, admin_url(item, "source_changes")) for item in queue.stale],
        "waiting_for_me": [(copy, _copy_url(copy, "signoff"), *_grades(copy)) for copy in copies.waiting_for_me],
        "my_copies": [(copy, _copy_url(copy, "change")) for copy in copies.mine],
        "scheduled": [(copy, _copy_url(copy, "signoff")) for copy in copies.scheduled],
        "sources_changed": [
            (entry, reverse("admin-source-change", args=[entry.pk]), _clinical_labels(entry))
            for entry in sources_changed(signoff.reviewer_author(user), limit=PANEL_ITEMS)
        ],
    }


def _clinical_labels(entry) -> str:
    model = ContentType.objects.get_for_id(entry.changed_type_id).model_class()
    return ", ".join(rereview.field_label(model, name) for name in entry.fields) if model else ""


def _grades(copy) -> tuple:
    """The copy's reading grade, and the published version's, to show the change."""
    live = copy.content_type.model_class()._default_manager.filter(pk=copy.object_id).first()
    if live is None:
        return None, None
    return grade_of(working_copies.pending_version(live)), grade_of(live)


def _copy_url(copy, view: str) -> str:
    return admin_url_of(copy.content_type, copy.object_id, view)


@register.inclusion_tag("admin/portal/remarks.html", takes_context=True)
def remarks(context, thread, key: str, label: str = "") -> dict:
    """The review comments on one field or row ("field:summary", "row:conditions.treatment:3"),
    beside it, with a link to comment on it; nothing when it cannot be commented on."""
    if not label and thread and key:
        label = next((target.label for target in thread.targets if target.key == key), "")
    return {
        "remarks": thread.on(key) if thread else [],
        "key": key,
        "label": label,
        "conversation_url": context.get("conversation_url"),
        "comment_return": context.get("comment_return", "change"),
    }


@register.inclusion_tag("admin/portal/remarks.html", takes_context=True)
def field_remarks(context, thread, name: str) -> dict:
    """Beside a field of the item's change form (`opts` is the item's model)."""
    model_field = next(
        (
            model_field
            for model_field in conversation.commentable_fields(context["opts"].model)
            if model_field.name == name
        ),
        None,
    )
    label = conversation.field_label(model_field) if model_field is not None else ""
    return (
        remarks(context, thread, conversation.field_key(name), label)
        if label
        else {"remarks": thread.on(f"field:{name}")}
    )


@register.inclusion_tag("admin/portal/remarks.html", takes_context=True)
def row_remarks(context, thread, row) -> dict:
    """Under a saved row of the change form's lists."""
    if row is None or not row.pk:
        return remarks(context, None, "")
    return remarks(context, thread, conversation.row_key(row), conversation.row_label(row))


@register.inclusion_tag("admin/portal/remark.html")
def remark(remark, show_target: bool = False) -> dict:
    return {"remark": remark, "show_target": show_target}
