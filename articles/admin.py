from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article, CuratedGuide, Source
from conditions.models import Condition
from images.admin import LEAD_IMAGE_FIELDSET
from portal.admin.forms import PositionedInlineFormSet, ReviewDueFilter
from portal.admin.publishable import PublishableAdmin, add_inline


class SourceInline(admin.TabularInline):
    formset = PositionedInlineFormSet
    model = Source
    extra = 0
    fields = ["position", "title", "publisher", "url", "accessed_on"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ["title", "kind", "author_name", "status", "is_live", "published_at", "next_review_due"]
    list_filter = ["status", ReviewDueFilter, "kind", "author", "tags"]
    list_select_related = ["author", "reviewed_by"]
    search_fields = ["title", "summary", "author__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "reviewed_by", "conditions", "medications", "image"]
    inlines = [SourceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "author", "summary", "body"]}),
        (_("Topics"), {"fields": ["conditions", "medications", "tags"]}),
        LEAD_IMAGE_FIELDSET,
    ]

    @admin.display(description=_("author"), ordering="author__name")
    def author_name(self, obj: Article) -> str:
        """The name alone: with credentials the column took a third of the list's width."""
        return obj.author.name


class CuratedGuideInline(admin.TabularInline):
    formset = PositionedInlineFormSet
    model = CuratedGuide
    extra = 0
    fields = ["position", "article", "note"]
    autocomplete_fields = ["article"]
    verbose_name_plural = _("curated guides (shown first on the hub, in this order)")


# Curated guides link articles to conditions, so they are defined here and shown on the
# condition form from this side: conditions never import articles.
add_inline(Condition, CuratedGuideInline)
