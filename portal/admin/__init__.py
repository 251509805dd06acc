"""The editors' admin shared by every content type: the publishable admin and its forms
(`publishable`), the sign-off screens (`signoff`) and links into the admin (`links`).
Importing the package registers the core's own admin pages (authors) with Django's admin."""

from portal.admin import publishable  # noqa: F401 - registers AuthorAdmin
