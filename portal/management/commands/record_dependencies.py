from django.core.management.base import BaseCommand
from django.utils.translation import gettext, ngettext

from portal.pages.record import record_all


class Command(BaseCommand):
    help = gettext(
        "Rebuild the dependency record of every live page, in every language: which items each page shows. "
        "Each page's record is rebuilt when it goes live; run this after a deploy or an import."
    )

    def handle(self, *args, **options) -> None:
        pages = record_all()
        self.stdout.write(
            ngettext("Recorded what %(count)d live page shows.", "Recorded what %(count)d live pages show.", pages)
            % {"count": pages}
        )
