from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from images.admin import LEAD_IMAGE_FIELDSET
from medications.models import BrandName, Medication, MedicationCode
from portal.admin.forms import ReviewDueFilter
from portal.admin.publishable import PublishableAdmin
from portal.codes.admin import CodeInline


class BrandNameInline(admin.TabularInline):
    model = BrandName
    extra = 1
    fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class MedicationCodeInline(CodeInline):
    model = MedicationCode
    verbose_name_plural = _("codes (RxNorm RxCUI, ATC): how health records name this medication")


@admin.register(Medication)
class MedicationAdmin(PublishableAdmin):
    list_display = ["name", "drug_class", "prescription_status", "status", "is_live", "next_review_due"]
    list_filter = ["status", ReviewDueFilter, "prescription_status", "drug_class"]
    list_select_related = ["reviewed_by"]
    search_fields = ["name", "brand_names__name", "drug_class"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BrandNameInline, MedicationCodeInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "drug_class", "prescription_status", "summary"]}),
        (_("Patient information"), {"fields": ["body", "side_effects", "warnings", "dosing"]}),
        LEAD_IMAGE_FIELDSET,
    ]
    autocomplete_fields = ["reviewed_by", "image"]
