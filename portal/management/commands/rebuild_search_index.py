from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext, ngettext

from portal.search import engine as search


class Command(BaseCommand):
    help = gettext("Rebuild the site-search documents of every condition, medication and article.")

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            count = search.rebuild()
        message = ngettext("Indexed %(count)s item(s) for search.", "Indexed %(count)s item(s) for search.", count)
        self.stdout.write(message % {"count": count})
