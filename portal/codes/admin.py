"""Admin pieces for clinical codes: an inline that shows each code's official wording, and
a look-up of ICD-10-CM codes by code or description for the code field's suggestions."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext, gettext_lazy

from portal.codes.systems import CodeSystem, icd10cm_search

LOOKUP_LIMIT = 20


def icd10cm_lookup(request: HttpRequest) -> JsonResponse:
    """Staff only (wrapped by admin_view in the URLs): ?q=polyneuropathy or ?q=G62."""
    query = request.GET.get("q", "")[:100]
    results = [{"code": code, "description": text} for code, text in icd10cm_search(query, LOOKUP_LIMIT)]
    return JsonResponse({"results": results})


class CodeInline(admin.TabularInline):
    """Codes of a condition or medication, each with its official description where known."""

    extra = 0
    fields = ["position", "system", "code", "official_description"]
    readonly_fields = ["official_description"]

    class Media:
        js = ["portal/code_lookup.js"]

    @admin.display(description=gettext_lazy("official description"))
    def official_description(self, obj) -> str:
        if obj is None or not obj.pk:
            return gettext("Shown once saved.")
        unavailable = gettext("Not available offline for this system.") if obj.system != CodeSystem.ICD10CM else ""
        return obj.description or unavailable

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "code":
            kwargs["widget"] = forms.TextInput(
                attrs={
                    "list": "icd10cm-suggestions",
                    "autocomplete": "off",
                    "data-icd10cm-lookup": reverse_lazy("admin-icd10cm-lookup"),
                    "placeholder": gettext("code, or words of its description"),
                }
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
