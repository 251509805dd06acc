"""The review queue: content whose medical review is overdue, due soon, or asked for."""

from dataclasses import dataclass

from django.db.models import Model

from portal.registry import content_types


@dataclass(frozen=True)
class ReviewQueue:
    overdue: list[Model]
    due_soon: list[Model]
    submitted: list[Model]


def review_queue(limit: int | None = None) -> ReviewQueue:
    overdue, due_soon, submitted = [], [], []
    for model in content_types():
        overdue += model.objects.review_overdue().order_by("next_review_due")[:limit]
        due_soon += model.objects.review_due_soon().order_by("next_review_due")[:limit]
        submitted += model.objects.in_review().order_by("updated_at")[:limit]
    return ReviewQueue(
        overdue=sorted(overdue, key=lambda item: item.next_review_due),
        due_soon=sorted(due_soon, key=lambda item: item.next_review_due),
        submitted=sorted(submitted, key=lambda item: item.updated_at),
    )
