"""The admin's live preview: the page as patients will see it, and a warning for editors
about internal links that patients will see as plain text."""

from django.utils.html import format_html, format_html_join

from portal.markdown import broken_links, render


def render_preview(text: str) -> str:
    html = render(text)
    broken = sorted(broken_links(text))
    if not broken:
        return html
    warning = format_html(
        '<div class="preview-warning" role="note"><p><strong>Links not linked for patients:</strong> {}. '
        "These pages are missing or not published, so patients see this text without a link. "
        "Check the address, or publish the page first.</p></div>",
        format_html_join(", ", "<code>{}:{}</code>", broken),
    )
    return warning + html
