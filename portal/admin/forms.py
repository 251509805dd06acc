"""Form pieces of the editors' admin: wide and multi-line text, labelled date and time,
the Markdown editor, ordered inline rows and the review-due filter."""

import reversion
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime, AdminTextInputWidget
from django.db import models
from django.utils.translation import gettext, gettext_lazy
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

# One-line texts this long (definitions, onsets, treatment names) get a wide input.
WIDE_TEXT = 100


class MultilineTextField(forms.CharField):
    """Browsers send line breaks as CRLF; store plain newlines, so an untouched field stays unchanged."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each named for screen readers ("Published at: date")."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        label = self.attrs.get("data-label", name)
        # Translators: the names screen readers give a date and time field's two inputs, "Published at: date".
        parts = (gettext("%(label)s: date"), gettext("%(label)s: time"))
        for subwidget, part in zip(context["widget"]["subwidgets"], parts, strict=True):
            subwidget["attrs"]["aria-label"] = part % {"label": label}
        return context


class MarkdownAdminMixin:
    """Every Markdown field gets the markdownx editor with its live preview; text keeps plain newlines.
    Date and time halves are labelled, and one-line text inputs are wide enough for their text."""

    formfield_overrides = {
        MarkdownxField: {"widget": AdminMarkdownxWidget, "form_class": MultilineTextField},
        models.TextField: {"form_class": MultilineTextField},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs["widget"] = LabelledSplitDateTime(attrs={"data-label": str(db_field.verbose_name).capitalize()})
        elif type(db_field) is models.CharField and not db_field.choices and (db_field.max_length or 0) >= WIDE_TEXT:
            kwargs["widget"] = AdminTextInputWidget(attrs={"class": "vTextField vWideTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PositionedInlineFormSet(forms.BaseInlineFormSet):
    """Rows ordered by a `position` field always read 1..n after a save.

    A row entered at a taken position goes before the row that held it, which moves down
    with the ones after it; a new row left at 0 goes last. Works without JavaScript.
    """

    def save(self, commit: bool = True):
        saved = super().save(commit)
        if commit:
            self._renumber()
        return saved

    def _renumber(self) -> None:
        placed = {form.instance.pk: form.instance for form in self.forms if form.instance.pk}
        moved = {form.instance.pk for form in self.forms if form.instance.pk and "position" in form.changed_data}
        rows = [
            placed.get(row.pk, row)
            for row in self.model._default_manager.filter(**{self.fk.name: self.instance}).order_by("position", "pk")
        ]
        last = max((row.position for row in rows), default=0) + 1
        rows.sort(key=lambda row: (row.position or last, row.pk not in moved, row.pk))
        renumbered = []
        for position, row in enumerate(rows, start=1):
            if row.position != position:
                row.position = position
                renumbered.append(row)
        self.model._default_manager.bulk_update(renumbered, ["position"])
        if reversion.is_active():  # history records the order patients will see
            for row in renumbered:
                reversion.add_to_revision(row)


class ReviewDueFilter(admin.SimpleListFilter):
    title = gettext_lazy("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", gettext("Review overdue")),
            ("soon", gettext("Due within 30 days")),
            ("never", gettext("Never reviewed")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "soon":
            return queryset.review_due_soon()
        if self.value() == "never":
            return queryset.filter(last_reviewed__isnull=True)
        return queryset
