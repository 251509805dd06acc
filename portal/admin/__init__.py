"""The editors' admin shared by every content type: the publishable admin (`publishable`) with
its forms (`forms`), history (`history`) and sign-off screens (`signoff`), editors' reports
(`reports`) and authors (`authors`). Importing the package registers the core's own admin
pages (authors) with Django's admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import authors  # noqa: F401 - registers AuthorAdmin

admin.site.site_header = _("Health portal editing")
admin.site.site_title = _("Health portal editing")
admin.site.index_title = _("Content")
admin.site.index_template = "admin/portal/index.html"
