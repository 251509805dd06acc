from django.core.management.base import BaseCommand
from django.db import transaction

from portal.search import engine as search


class Command(BaseCommand):
    help = "Rebuild the site-search documents of every condition, medication and article."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            count = search.rebuild()
        self.stdout.write(f"Indexed {count} item(s) for search.")
