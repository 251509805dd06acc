from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conditions.models import CareTeamMember, Condition, ConditionCode, ConditionRelation, Specialty, Treatment
from images.admin import LEAD_IMAGE_FIELDSET
from portal.admin.forms import MarkdownAdminMixin, PositionedInlineFormSet
from portal.admin.publishable import PublishableAdmin
from portal.codes.admin import CodeInline


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]


class CareTeamInline(admin.TabularInline):
    formset = PositionedInlineFormSet
    model = CareTeamMember
    extra = 0
    fields = ["position", "specialty", "focus"]
    autocomplete_fields = ["specialty"]
    verbose_name_plural = _("care team (specialties involved)")


class ComponentInline(admin.TabularInline):
    formset = PositionedInlineFormSet
    model = ConditionRelation
    fk_name = "condition"
    extra = 0
    fields = ["position", "related", "role"]
    autocomplete_fields = ["related"]
    verbose_name_plural = _("components and related conditions (each shown with its own definition)")


class TreatmentInline(MarkdownAdminMixin, admin.StackedInline):
    formset = PositionedInlineFormSet
    model = Treatment
    extra = 0
    fields = [("position", "category"), "name", "description", "medications"]
    autocomplete_fields = ["medications"]


class ConditionCodeInline(CodeInline):
    model = ConditionCode
    verbose_name_plural = _("codes (ICD-10-CM, SNOMED CT): how health records name this condition")


@admin.register(Condition)
class ConditionAdmin(PublishableAdmin):
    list_display = ["name", "short_name", "status", "is_live", "last_reviewed", "next_review_due"]
    list_select_related = ["reviewed_by"]
    search_fields = ["name", "short_name", "also_known_as"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CareTeamInline, ComponentInline, TreatmentInline, ConditionCodeInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "short_name", "also_known_as", "definition"]}),
        (_("For patients"), {"fields": ["summary", "typical_onset", "overview"]}),
        LEAD_IMAGE_FIELDSET,
    ]
    autocomplete_fields = ["reviewed_by", "image"]
