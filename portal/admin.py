"""Admin pieces shared by every content type, and the Author admin."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from portal.models import Author
from portal.security import ThrottledAdminAuthenticationForm

admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_header = "Health portal editing"
admin.site.site_title = "Health portal editing"
admin.site.index_title = "Content"

PUBLISHING_FIELDSET = (
    "Publishing",
    {
        "fields": ["status", "published_at"],
        "description": "Patients see an item only when it is published and its publication time "
        "has passed. Set a future time to schedule it.",
    },
)
REVIEW_FIELDSET = (
    "Medical review",
    {
        "fields": ["reviewed_by", "last_reviewed", "next_review_due"],
        "description": "Who checked this content for medical accuracy, and when it must be checked again.",
    },
)


class MarkdownAdminMixin:
    """Every Markdown field gets the markdownx editor with its live preview."""

    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}


class PublishableAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    """Defaults for conditions, medications and articles."""

    list_filter = ["status", "next_review_due"]
    date_hierarchy = None
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields = ["reviewed_by"]
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description="public", boolean=True)
    def is_live(self, obj) -> bool:
        return obj.is_published


class MarkdownInline(MarkdownAdminMixin, admin.StackedInline):
    pass


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "credentials", "bio"]}),
        ("Sign-in", {"fields": ["user"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user")
