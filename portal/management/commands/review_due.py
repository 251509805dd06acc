"""For a daily cron job: list published content whose medical review is overdue or due soon.

Exits with status 1 when something is overdue, so the job's failure is noticed.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext, ngettext

from portal.models import REVIEW_SOON_DAYS
from portal.publishing.review import review_queue


class Command(BaseCommand):
    help = gettext("Print content whose medical review is overdue or due within 30 days; exit 1 if any is overdue.")

    def handle(self, *args, **options) -> None:
        queue = review_queue()
        for heading, items in [
            (gettext("Review overdue"), queue.overdue),
            (gettext("Due within %(days)s days") % {"days": REVIEW_SOON_DAYS}, queue.due_soon),
        ]:
            self.stdout.write(f"{heading}: {len(items)}")
            for item in items:
                kind = item._meta.verbose_name
                self.stdout.write(f"  {item.next_review_due:%Y-%m-%d}  {kind:<10}  {item}  {item.get_absolute_url()}")
        if queue.overdue:
            count = len(queue.overdue)
            message = ngettext(
                "%(count)s item(s) are overdue for medical review.",
                "%(count)s item(s) are overdue for medical review.",
                count,
            )
            self.stderr.write(message % {"count": count})
            raise SystemExit(1)
