"""The review queue: content whose medical review is overdue, due soon, or asked for."""

from dataclasses import dataclass

from django.db.models import Model

from portal.models import Author, SourceChange, WorkingCopy, WorkingCopyState
from portal.registry import content_types


@dataclass(frozen=True)
class ReviewQueue:
    overdue: list[Model]
    due_soon: list[Model]
    submitted: list[Model]
    stale: list[Model]  # translations whose source changed since, longest waiting first


def review_queue(limit: int | None = None) -> ReviewQueue:
    overdue, due_soon, submitted, stale = [], [], [], []
    for model in content_types():
        overdue += model.objects.review_overdue().order_by("next_review_due")[:limit]
        due_soon += model.objects.review_due_soon().order_by("next_review_due")[:limit]
        submitted += model.objects.in_review().order_by("updated_at")[:limit]
        stale += model.objects.filter(stale_since__isnull=False).order_by("stale_since")[:limit]
    return ReviewQueue(
        overdue=sorted(overdue, key=lambda item: item.next_review_due),
        due_soon=sorted(due_soon, key=lambda item: item.next_review_due),
        submitted=sorted(submitted, key=lambda item: item.updated_at),
        stale=sorted(stale, key=lambda item: item.stale_since)[:limit],
    )


@dataclass(frozen=True)
class CopyQueues:
    waiting_for_me: list[WorkingCopy]  # submitted by someone else: this reviewer may sign them off
    mine: list[WorkingCopy]  # copies this user changed last
    scheduled: list[WorkingCopy]  # approved, going live later


def copy_queues(user, limit: int | None = None) -> CopyQueues:
    copies = WorkingCopy.objects.select_related("content_type", "changed_by", "approved_by", "taken_by")
    waiting = copies.filter(state=WorkingCopyState.SUBMITTED).exclude(changed_by=user).order_by("submitted_at")
    return CopyQueues(
        waiting_for_me=[
            copy
            for copy in waiting[:limit]
            if user.has_perm(f"{copy.content_type.app_label}.publish_{copy.content_type.model}")
        ],
        mine=list(
            copies.filter(changed_by=user).exclude(state=WorkingCopyState.APPROVED).order_by("-updated_at")[:limit]
        ),
        scheduled=list(copies.filter(state=WorkingCopyState.APPROVED).order_by("go_live_at")[:limit]),
    )


def _may_approve(user, copy: WorkingCopy) -> bool:
    return user.has_perm(f"{copy.content_type.app_label}.publish_{copy.content_type.model}")


def sources_changed(author: Author | None, limit: int | None = None) -> list[SourceChange]:
    """Pages whose sources changed in a clinically significant way, waiting for this reviewer
    (portal/publishing/rereview.py), longest waiting first: one query however many."""
    return list(SourceChange.objects.for_reviewer(author).order_by("created_at", "pk")[:limit])
