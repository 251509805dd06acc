import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from portal.ops.backup import export_content


class Command(BaseCommand):
    help = gettext(
        "Write all content (conditions, medications, articles, authors, tags, curated order, review data) as JSON."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help=gettext("File to write; standard output when omitted."))

    def handle(self, *args, **options) -> None:
        text = export_content()
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as file:
                file.write(text)
            self.stderr.write(gettext("Content exported to %(path)s.") % {"path": options["output"]})
        else:
            sys.stdout.write(text)
