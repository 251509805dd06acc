"""Authors in the admin: writers and medical reviewers, linked to their staff accounts."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from portal.models import Author


@admin.register(Author)
class AuthorAdmin(VersionAdmin):
    list_display = ["name", "credentials", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "credentials", "translated_credentials", "bio"]}),
        (
            _("Sign-in"),
            {"fields": ["user"], "description": _("Link a reviewer's staff account to mark content as reviewed.")},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user")
