from django import template

from feedback.models import Feedback
from feedback.routing import editors_pages
from portal.models import Author

register = template.Library()
PANEL_ITEMS = 10


@register.inclusion_tag("admin/feedback/panel.html", takes_context=True)
def feedback_panel(context) -> dict:
    """On the admin home: the reports of possible medical errors this reviewer answers (their
    pages', and overdue ones in their languages), and the pages editors have reports on."""
    user = context["request"].user
    if not user.has_perm("feedback.view_feedback"):
        return {"shown": False}
    author = Author.objects.filter(user=user).first()
    medical = list(Feedback.objects.medical_queue(author)[:PANEL_ITEMS]) if author else []
    pages = editors_pages(limit=PANEL_ITEMS)
    return {"shown": True, "medical": medical, "pages": pages, "is_reviewer": author is not None}
