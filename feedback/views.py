"""The endpoint every content page's feedback form posts to (templates/feedback/form.html)."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from feedback import limits
from feedback.forms import AnswerForm
from feedback.receiving import Answer, address_hash, receive
from portal.models import Publication
from portal.ops.security import client_address
from portal.registry import content_types

THANKS_FRAGMENT = "feedback-thanks"


# Exempt from CSRF on purpose: the form is on every content page, and those pages are cached
# and shared by every visitor, so they cannot carry a per-visitor token or set a cookie.
# An answer changes nothing but a feedback count, and what defends the endpoint instead is:
# the Origin (else Referer) must be this site (feedback/limits.py), a small body, a honeypot
# field, limits per address and for everyone in the shared cache, and repeats collapsed.
@csrf_exempt
@never_cache
@require_POST
def send(request: HttpRequest) -> HttpResponse:
    if not limits.same_site(request):
        return _refused(request, gettext("Please send your answer from the page it is about."), 403)
    if len(request.body) > limits.MAX_BODY_BYTES:  # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE
        return _refused(request, gettext("Your answer is too long to send."), 400)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        message = form.errors.get("text", [gettext("Your answer could not be read.")])[0]
        return _refused(request, message, 400)
    data = form.cleaned_data
    item, publication = _page_and_version(data["page"], data["version"])
    if item is None:
        return _refused(request, gettext("That page is not available."), 400)
    thanks = HttpResponseRedirect(f"{item.get_absolute_url()}#{THANKS_FRAGMENT}", status=303)
    if data["website"]:  # a bot: thanked, not stored
        return thanks
    address = client_address(request)
    if not limits.allowed(address_hash(address)):
        return _refused(request, gettext("We have had a lot of answers just now. Please try again later."), 429)
    receive(Answer(item, publication, data["helpful"] == "yes", data["reason"], data["text"], address))
    return thanks


def _page_and_version(page: str, version: int | None):
    """The published item the form names, and the published version of it the patient read
    (the live one when the form names none); (None, None) when either is not what is live."""
    label, _, pk = page.partition(":")
    model = next((m for m in content_types() if m._meta.label_lower == label), None)
    if model is None:
        return None, None
    item = model._default_manager.published_in_any_language().filter(pk=pk).first()
    if item is None:
        return None, None
    # A version that went live for this item: the live one, or an earlier one still in a cache.
    versions = Publication.objects.filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=item.pk,
        published_at__lte=timezone.now(),
    )
    if version is None:
        return item, versions.order_by("-published_at", "-pk").first()
    publication = versions.filter(pk=version).first()
    return (item, publication) if publication is not None else (None, None)


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "feedback/refused.html", {"message": message}, status=status)
