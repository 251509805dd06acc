"""The editors' admin shared by every content type: the publishable admin (`publishable`) with
its forms (`forms`), history (`history`) and sign-off screens (`signoff`), editors' reports
(`reports`) and authors (`authors`). Importing the package registers the core's own admin
pages (authors) with Django's admin."""

from django.contrib import admin

from portal.admin import authors  # noqa: F401 - registers AuthorAdmin

admin.site.site_header = "Health portal editing"
admin.site.site_title = "Health portal editing"
admin.site.index_title = "Content"
admin.site.index_template = "admin/portal/index.html"
