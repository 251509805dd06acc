from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from portal.pages.record import record_missing
from portal.publishing.signoff import publish_scheduled


class Command(BaseCommand):
    help = gettext(
        "Put live the approved changes whose go-live time has come. Run it from cron every minute: "
        "a scheduled change then goes live at most a minute after its time."
    )

    def handle(self, *args, **options) -> None:
        published = publish_scheduled()
        record_missing()  # drafts approved for a later time are live now, with no record yet
        for title in published:
            self.stdout.write(gettext("Published the approved changes to “%(title)s”.") % {"title": title})
        if not published:
            self.stdout.write(gettext("No scheduled changes are due."))
