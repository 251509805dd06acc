import reversion
from django.contrib import admin
from django.db import models

from articles.models import Article, CuratedGuide, Source
from conditions.admin import ConditionAdmin as BaseConditionAdmin
from conditions.models import Condition
from portal.admin import PUBLISHING_FIELDSET, REVIEW_FIELDSET, WHERE_USED_FIELDSET, PublishableAdmin, ReviewDueFilter


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["position", "title", "publisher", "url", "accessed_on"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ["title", "kind", "author", "status", "is_live", "published_at", "next_review_due"]
    list_filter = ["status", ReviewDueFilter, "kind", "author", "tags"]
    list_select_related = ["author", "reviewed_by"]
    search_fields = ["title", "summary", "author__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "reviewed_by", "conditions", "medications"]
    inlines = [SourceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "author", "summary", "body"]}),
        ("Topics", {"fields": ["conditions", "medications", "tags"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
        WHERE_USED_FIELDSET,
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


class CuratedGuideInline(admin.TabularInline):
    model = CuratedGuide
    extra = 0
    fields = ["position", "article", "note"]
    autocomplete_fields = ["article"]
    verbose_name_plural = "curated guides (shown first on the hub, in this order)"


# Curated guides link articles to conditions, so they are defined here and added to the
# condition admin from this side: conditions never import articles. History then follows
# the curated guides too, so a revert brings deleted ones back.
admin.site.unregister(Condition)
reversion.unregister(Condition)


@admin.register(Condition)
class ConditionAdmin(BaseConditionAdmin):
    inlines = [*BaseConditionAdmin.inlines, CuratedGuideInline]
