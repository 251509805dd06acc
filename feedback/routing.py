"""Where a report goes: a possible medical error to the medical reviewer accountable for the
page read, with an answer due a number of working days later; anything else to the editors,
grouped per page."""

import datetime

from django.conf import settings
from django.db.models import Count, Max, Model

from feedback.models import Feedback, Reason, State
from portal.models import Author


def due_after(moment: datetime.datetime, working_days: int | None = None) -> datetime.datetime:
    """`moment` plus `working_days` (FEEDBACK_RESPONSE_WORKING_DAYS) days from Monday to Friday,
    at the same time of day. Sent on a weekend, the count starts on the Monday."""
    days = settings.FEEDBACK_RESPONSE_WORKING_DAYS if working_days is None else working_days
    due = moment
    while due.weekday() >= 5:
        due += datetime.timedelta(days=1)
    while days:
        due += datetime.timedelta(days=1)
        if due.weekday() < 5:
            days -= 1
    return due


def accountable_reviewer(item: Model) -> Author | None:
    """The medical reviewer who signed off the page, if they still review its language."""
    reviewer = getattr(item, "reviewed_by", None)
    if reviewer is None or item.language not in (reviewer.reviews_in or []):
        return None
    return reviewer


def route(report: Feedback, item: Model) -> None:
    """Set what a new report asks of staff, before it is saved."""
    if report.helpful or not (report.reason or report.text):
        report.state = State.COUNTED
        return
    report.state = State.OPEN
    if report.reason == Reason.MEDICAL_ERROR:
        report.reviewer = accountable_reviewer(item)
        report.due_at = due_after(report.created_at)


def editors_pages(limit: int | None = None) -> list[dict]:
    """Pages with open reports other than possible medical errors, most reports first: one
    row per page, with its title, language, how many and the latest."""
    rows = (
        Feedback.objects.open()
        .exclude(reason=Reason.MEDICAL_ERROR)
        .values("content_type", "object_id", "page_title", "language")
        .annotate(reports=Count("pk"), latest=Max("created_at"))
        .order_by("-reports", "-latest")
    )
    return list(rows[:limit])
