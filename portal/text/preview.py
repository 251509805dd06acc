"""The admin's live preview: the page as patients will see it, and warnings for editors
about links that patients will see as plain text: internal links to pages that are missing
or not published, and links whose address was removed as unsafe."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.text.markdown import broken_links, render, unsafe_links


def render_preview(text: str) -> SafeString:
    html = render(text, preview=True)
    warnings = []
    broken = sorted(broken_links(text))
    if broken:
        warnings.append(
            format_html(
                '<div class="preview-warning" role="note"><p><strong>{}</strong> {}. {}</p></div>',
                _("Links not linked for patients:"),
                format_html_join(", ", "<code>{}:{}</code>", broken),
                _(
                    "These pages are missing or not published, so patients see this text without a link. "
                    "Check the address, or publish the page first."
                ),
            )
        )
    unsafe = unsafe_links(text)
    if unsafe:
        warnings.append(
            format_html(
                '<div class="preview-warning" role="note"><p><strong>{}</strong> {}. {}</p></div>',
                _("Links removed as unsafe:"),
                format_html_join(", ", "<code>{}</code>", ((address,) for address in unsafe)),
                _(
                    "Patients see this text without a link. Link to a web address that starts with "
                    "https://, or to a page of this site such as (condition:poems-syndrome)."
                ),
            )
        )
    return mark_safe("".join([*warnings, html]))  # noqa: S308 - every part is escaped above
