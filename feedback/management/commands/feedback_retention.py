"""For a daily cron job: delete patients' free text, and the address hashes that collapse
repeats, from feedback older than FEEDBACK_RETENTION_DAYS (180 by default). The answer itself
(yes or no, the reason, the page and version, what staff did) stays for the counts."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from feedback.models import Feedback


def forget_old_text(now: datetime.datetime | None = None) -> int:
    """Blank the free text and address hash of feedback sent before the retention period; how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.FEEDBACK_RETENTION_DAYS)
    old = Feedback.objects.filter(created_at__lt=cutoff).filter(~Q(text="") | ~Q(address_hash=""))
    return old.update(text="", address_hash="")


class Command(BaseCommand):
    help = gettext("Delete the free text of feedback older than FEEDBACK_RETENTION_DAYS (run daily from cron).")

    def handle(self, *args, **options) -> None:
        count = forget_old_text()
        self.stdout.write(
            ngettext(
                "Deleted the text of %(count)s piece of feedback older than %(days)s days.",
                "Deleted the text of %(count)s pieces of feedback older than %(days)s days.",
                count,
            )
            % {"count": count, "days": settings.FEEDBACK_RETENTION_DAYS}
        )
