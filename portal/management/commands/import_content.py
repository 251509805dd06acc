from django.core.management.base import BaseCommand, CommandError

from portal.ops.backup import ImportRefused, import_content


class Command(BaseCommand):
    help = "Load a content export (from export_content) into an empty, migrated database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="The JSON file written by export_content.")

    def handle(self, *args, **options) -> None:
        try:
            with open(options["path"], encoding="utf-8") as file:
                count, warnings = import_content(file.read())
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {options['path']}: {error}") from None
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        for warning in warnings:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(f"Imported {count} rows and rebuilt the search index.")
