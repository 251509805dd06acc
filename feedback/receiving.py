"""Taking in one answer: personal data out of its text, a repeat counted on the first
answer, routed (feedback/routing.py), stored."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Model
from django.utils import timezone
from django.utils.crypto import salted_hmac

from feedback import routing
from feedback.models import Feedback
from feedback.scrubbing import scrub
from portal.models import Publication


def address_hash(address: str, day: datetime.date | None = None) -> str:
    """A keyed hash of the sender's address and the day: it tells a repeat from the same
    address apart, and cannot be turned back into the address nor followed across days."""
    day = day or timezone.localdate()
    return salted_hmac("feedback.address", f"{address}|{day.isoformat()}").hexdigest()


@dataclass(frozen=True)
class Answer:
    item: Model
    publication: Publication | None
    helpful: bool
    reason: str
    text: str
    address: str


def receive(answer: Answer) -> Feedback:
    """Store the answer, or count it on the same answer sent from the same address lately."""
    now = timezone.now()
    scrubbed = scrub(answer.text.strip())
    sender = address_hash(answer.address)
    reason = "" if answer.helpful else answer.reason
    content_type = ContentType.objects.get_for_model(answer.item)
    repeat = (
        Feedback.objects.filter(
            address_hash=sender,
            content_type=content_type,
            object_id=answer.item.pk,
            publication=answer.publication,
            helpful=answer.helpful,
            reason=reason,
            text=scrubbed.text,
            created_at__gte=now - datetime.timedelta(seconds=settings.FEEDBACK_REPEAT_SECONDS),
        )
        .order_by("-created_at")
        .first()
    )
    if repeat is not None:
        Feedback.objects.filter(pk=repeat.pk).update(repeats=F("repeats") + 1)
        return repeat
    report = Feedback(
        content_type=content_type,
        object_id=answer.item.pk,
        language=answer.item.language,
        publication=answer.publication,
        page_title=str(answer.item.title_text)[:300],
        helpful=answer.helpful,
        reason=reason,
        text=scrubbed.text,
        removed=scrubbed.counts,
        created_at=now,
        address_hash=sender,
    )
    routing.route(report, answer.item)
    report.save()
    return report
