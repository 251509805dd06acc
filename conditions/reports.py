"""Editors' report on how conditions are pictured: skin looks different on different skin,
and a condition shown only on one skin tone is harder to recognise on the others."""

from dataclasses import dataclass

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from conditions.models import Condition
from images.models import Image
from portal.admin_urls import admin_url
from portal.models import Status
from portal.text.embeds import embeds_in
from portal.text.markdown import to_html

ENOUGH_SKIN_TONES = 2


@dataclass(frozen=True)
class SkinToneGap:
    condition: Condition
    url: str
    photographs: list[Image]

    @property
    def skin_tones(self) -> list[str]:
        return sorted({image.get_skin_tone_display() for image in self.photographs})


def skin_tone_gaps() -> list[SkinToneGap]:
    """Conditions (not archived, every language) whose clinical photographs, as lead image or
    in the overview, show fewer than two Fitzpatrick skin tones. Conditions without any
    clinical photograph are not listed. Two queries, however many conditions there are."""
    conditions = list(
        Condition.objects.exclude(status=Status.ARCHIVED)
        .select_related("image")
        .only("pk", "name", "slug", "language", "status", "overview", "image")
        .order_by("name", "language")
    )
    embedded = {
        condition.pk: [embed.slug for embed in embeds_in(to_html(condition.overview).html)] for condition in conditions
    }
    slugs = {slug for found in embedded.values() for slug in found}
    photographs = {image.slug: image for image in Image.objects.clinical_photographs().filter(slug__in=slugs)}
    gaps = []
    for condition in conditions:
        shown = [photographs[slug] for slug in embedded[condition.pk] if slug in photographs]
        if condition.image is not None and condition.image.skin_tone:
            shown.insert(0, condition.image)
        shown = list({image.pk: image for image in shown}.values())
        if shown and len({image.skin_tone for image in shown}) < ENOUGH_SKIN_TONES:
            gaps.append(SkinToneGap(condition, admin_url(condition), shown))
    return gaps


def skin_tone_report(request: HttpRequest) -> HttpResponse:
    """Staff only: config/urls.py wraps it in the admin's view."""
    context = {
        **admin.site.each_context(request),
        "report": skin_tone_gaps(),
        "title": gettext("Skin tones in clinical photographs"),
    }
    return render(request, "admin/conditions/skin_tones.html", context)
