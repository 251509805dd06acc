from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from glossary.models import Term
from portal.admin.publishable import PublishableAdmin


@admin.register(Term)
class TermAdmin(PublishableAdmin):
    list_display = ["term", "definition", "status", "is_live", "next_review_due"]
    list_select_related = ["reviewed_by"]
    search_fields = ["term", "synonyms", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["reviewed_by", "condition", "medication"]
    fieldsets = [
        (None, {"fields": ["term", "slug", "definition", "synonyms"]}),
        (_("More for patients"), {"fields": ["explanation", "condition", "medication"]}),
    ]
