"""Translations in the admin: "Translate" on any item, the language of each, and the table of
items × languages (published, in review, draft, missing) editors work from."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy, ngettext

from portal import registry
from portal.admin.signoff import compare_snapshots
from portal.admin_urls import admin_url
from portal.languages import content_languages, language_name, other_languages
from portal.plain_text import day_in_words
from portal.publishing import working_copies
from portal.publishing.translations import TranslationRefused, coverage, translate

LANGUAGE_FIELDSET = (gettext_lazy("Language"), {"fields": ["language_versions"]})


class LanguageFilter(admin.SimpleListFilter):
    title = gettext_lazy("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, language_name(code)) for code in content_languages()]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class StaleFilter(admin.SimpleListFilter):
    title = gettext_lazy("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [("stale", gettext_lazy("needs review: its source changed")), ("current", gettext_lazy("up to date"))]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(stale_since__isnull=False)
        if self.value() == "current":
            return queryset.filter(translation_of__isnull=False, stale_since__isnull=True)
        return queryset


def stale_text(item) -> str:
    """ "stale since 7 December 2026 (3 days)", for an item whose source changed since."""
    days = (timezone.now() - item.stale_since).days
    return gettext("stale since %(day)s (%(days)s)") % {
        "day": day_in_words(item.stale_since),
        "days": ngettext("%(count)d day", "%(count)d days", days) % {"count": days},
    }


class TranslationAdminMixin:
    """For a PublishableAdmin: the Language fieldset, the language filter, the
    "Translate" buttons, and no editing of the source's facts on a translation's page."""

    @admin.display(description=gettext_lazy("language versions"))
    def language_versions(self, obj) -> str:
        if obj is None or obj.pk is None:
            return gettext("Save the item first: then it can be translated.")
        source = obj.source
        versions = [source, *type(source)._default_manager.filter(translation_of=source).order_by("language")]
        lines = format_html_join(
            "",
            '<li>{}: <a href="{}">{}</a> ({}){}</li>',
            (
                (
                    language_name(version.language),
                    admin_url(version),
                    version,
                    version.get_status_display().lower() + (", " + stale_text(version) if version.stale_since else ""),
                    gettext(" — this page") if version.pk == obj.pk else "",
                )
                for version in versions
            ),
        )
        note = ""
        if obj.translation_of_id:
            note = format_html(
                "<p>{}</p>",
                gettext(
                    "Codes, brand names, components, curated guides and links to other items are the "
                    "source's: change them on the source item, and every language shows the change."
                ),
            )
            if obj.stale_since:
                note += format_html(
                    '<p><strong>{}</strong> <a href="{}">{}</a></p>',
                    gettext("The source item changed since this translation was made or checked."),
                    admin_url(obj, "source_changes"),
                    gettext("See what changed, beside this translation"),
                )
        return format_html("<ul>{}</ul>{}", lines, note)

    def get_inlines(self, request: HttpRequest, obj):
        inlines = super().get_inlines(request, obj)
        if obj is not None and obj.translation_of_id:
            # The source's facts are not edited here; a part's links (a treatment's medications) neither.
            return [
                _without_links(inline) for inline in inlines if not getattr(inline.model, "language_neutral", False)
            ]
        return inlines

    def get_exclude(self, request: HttpRequest, obj=None):
        """A translation's links to other items (an article's conditions) are the source's."""
        excluded = list(super().get_exclude(request, obj) or [])
        if obj is not None and obj.translation_of_id:
            excluded += [field.name for field in self.model._meta.many_to_many if field.name not in excluded]
        return excluded

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.translation_of_id:
            hidden = {field.name for field in self.model._meta.many_to_many} | {"translations_unaffected"}
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
                for name, options in fieldsets
            ]
        return [LANGUAGE_FIELDSET, *fieldsets]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [*super().get_readonly_fields(request, obj), "language_versions"]

    def get_list_filter(self, request: HttpRequest):
        return [*super().get_list_filter(request), LanguageFilter, StaleFilter]

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_translate"
        view = self.admin_site.admin_view(self.translate_view)
        changes = self.admin_site.admin_view(self.source_changes_view)
        return [
            path("<path:object_id>/translate/<str:language>/", view, name=name),
            path(
                "<path:object_id>/source-changes/", changes, name=f"{opts.app_label}_{opts.model_name}_source_changes"
            ),
            *super().get_urls(),
        ]

    def source_changes_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """What changed in the source item since the version this translation was made from
        (or last checked against), beside the translation's text as it is now."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not obj.translation_of_id:
            raise Http404(gettext("No such translation."))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        source = obj.translation_of
        latest = working_copies.publications_of(source).first()
        before = obj.source_publication.snapshot if obj.source_publication else None
        after = latest.snapshot if latest else working_copies.capture(source)
        fields, rows = compare_snapshots(type(source), source.pk, before, after)
        labels = {str(field.verbose_name): field.name for field in self.model._meta.concrete_fields}
        now = [(change, getattr(obj, labels.get(str(change.label), ""), "")) for change in fields]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "source": source,
            "fields": fields,
            "side_by_side": now,
            "rows": rows,
            "translated_from": obj.source_publication,
            "latest": latest,
            "title": gettext("What changed in “%(source)s”") % {"source": source},
        }
        return TemplateResponse(request, "admin/portal/source_changes.html", context)

    def translate_view(self, request: HttpRequest, object_id: str, language: str) -> HttpResponse:
        """POST: the item's version in `language`, started as a draft if it has none."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such item."))
        if not self.has_add_permission(request) or not self.has_change_permission(request, obj):
            raise PermissionDenied
        existed = type(obj)._default_manager.filter(translation_of=obj.source, language=language).exists()
        try:
            version = translate(obj, language, request.user)
        except TranslationRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(admin_url(obj))
        if existed:
            message = gettext("“%(item)s” already has a version in %(language)s: here it is.")
        else:
            message = gettext(
                "A %(language)s draft of “%(item)s” was started from its text: translate it, then send it for review."
            )
        self.message_user(request, message % {"item": obj.source, "language": language_name(language)})
        return HttpResponseRedirect(admin_url(version))

    def render_change_form(self, request: HttpRequest, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk is not None and obj.translation_of_id is None:
            opts = self.model._meta
            taken = set(type(obj)._default_manager.filter(translation_of=obj).values_list("language", flat=True))
            name = f"admin:{opts.app_label}_{opts.model_name}_translate"
            context["translate_buttons"] = [
                (reverse(name, args=[obj.pk, language]), language_name(language), language in taken)
                for language in other_languages()
            ]
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


def _without_links(inline):
    """`inline` with its many-to-many fields read-only: on a translation they were copied
    from the source's when it was translated, and change there."""
    links = [field.name for field in inline.model._meta.many_to_many]
    if not links:
        return inline
    return type(
        inline.__name__,
        (inline,),
        {
            "readonly_fields": [*inline.readonly_fields, *links],
            "autocomplete_fields": [name for name in inline.autocomplete_fields if name not in links],
        },
    )


def coverage_view(request: HttpRequest) -> HttpResponse:
    """Every source item of every content type × every language: what lacks a translation."""
    tables = []
    for model in registry.content_types():
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        tables.append((model._meta.verbose_name_plural, coverage(model)))
    context = {
        **admin.site.each_context(request),
        "title": gettext("Translations"),
        "languages": [language_name(code) for code in content_languages()],
        "tables": tables,
    }
    return render(request, "admin/portal/translations.html", context)
