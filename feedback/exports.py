"""Feedback as CSV for editors' spreadsheets, safe to open in one."""

import csv
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext

from feedback.models import Feedback
from feedback.scrubbing import KINDS

# A cell starting with one of these is a formula to a spreadsheet: "=HYPERLINK(…)" in a comment
# would run when an editor opens the file. Such cells are written with a quote in front.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(reports: Iterable[Feedback]) -> Iterator[str]:
    """The header, then one line per report, each cell made safe."""
    writer = csv.writer(_Echo())
    header = [
        gettext("Sent at"),
        gettext("Page"),
        gettext("Content type"),
        gettext("Item id"),
        gettext("Language"),
        gettext("Version read"),
        gettext("Helpful"),
        gettext("What was wrong"),
        gettext("Comment"),
        gettext("Times sent"),
        gettext("State"),
        gettext("Answer due"),
        gettext("Outcome"),
        gettext("What was done and why"),
        gettext("Fixed in version"),
        *(gettext("Removed: %(kind)s") % {"kind": kind} for kind in KINDS),
    ]
    yield writer.writerow([safe_cell(cell) for cell in header])
    for report in reports:
        row = [
            report.created_at.isoformat(),
            report.page_title,
            report.content_type.model,
            report.object_id,
            report.language,
            report.publication_id or "",
            gettext("yes") if report.helpful else gettext("no"),
            report.get_reason_display() if report.reason else "",
            report.text,
            report.repeats,
            report.get_state_display(),
            report.due_at.isoformat() if report.due_at else "",
            report.get_outcome_display() if report.outcome else "",
            report.outcome_reason,
            report.fixed_by_id or "",
            *(report.removed.get(kind, 0) for kind in KINDS),
        ]
        yield writer.writerow([safe_cell(cell) for cell in row])
