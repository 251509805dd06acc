from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, ngettext

from portal.ops.backup import ImportRefused, import_content


class Command(BaseCommand):
    help = gettext("Load a content export (from export_content) into an empty, migrated database.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help=gettext("The JSON file written by export_content."))

    def handle(self, *args, **options) -> None:
        try:
            with open(options["path"], encoding="utf-8") as file:
                count, warnings = import_content(file.read())
        except (OSError, ValueError) as error:
            message = gettext("Cannot read %(path)s: %(error)s") % {"path": options["path"], "error": error}
            raise CommandError(message) from None
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        for warning in warnings:
            self.stderr.write(gettext("Warning: %(warning)s") % {"warning": warning})
        message = ngettext(
            "Imported %(count)s row and rebuilt the search index.",
            "Imported %(count)s rows and rebuilt the search index.",
            count,
        )
        self.stdout.write(message % {"count": count})
