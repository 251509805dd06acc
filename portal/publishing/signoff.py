"""Medical sign-off: the only way anything goes live.

A medical reviewer (publish permission, and a staff account linked to an Author) approves
a working copy or a draft; the approver may not be the person who changed it last (four
eyes), unless SIGN_OFF_SELF_APPROVAL is on for a one-person team. Approving writes the
copy over the live rows at once, or at a time the reviewer chooses (`publish_scheduled`,
run by cron). Every version that goes live is kept as a `Publication`, with its approver,
so staff can see a page exactly as patients saw it on any date.

`Publishable.save()` refuses a save that would put an item live without this module's
say-so, so no admin button, list action, revert, recovery, forged request or script can
skip it.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from portal.languages import language_name
from portal.models import (
    Author,
    Publication,
    ReviewClaim,
    ReviewComment,
    ReviewRequest,
    Status,
    WorkingCopy,
    WorkingCopyState,
    next_review_after,
)
from portal.plain_text import day_in_words, time_in_words
from portal.publishing import rereview, translations, working_copies
from portal.text import embeds
from portal.text.markdown import to_html

# Sent with `item` when a version of it has gone live, inside the go-live transaction: its
# dependency record is rebuilt (portal/pages/record.py, connected from PortalConfig.ready()).
went_live = Signal()


class SignOffRefused(Exception):
    """A sign-off that the rules do not allow; the message is for the user."""


def can_publish(user, model: type[Model]) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def reviewer_author(user) -> Author | None:
    return Author.objects.filter(user=user).first() if user.is_authenticated else None


def last_changer(item: Model):
    """Who changed the item's pending content last: its working copy's last editor, or for
    a draft the user of its latest saved version (None when nobody is recorded)."""
    copy = working_copies.copy_of(item)
    if copy is not None:
        return copy.changed_by
    version = Version.objects.get_for_object(item).select_related("revision__user").first()
    return version.revision.user if version else None


def approver_for(user, item: Model) -> Author:
    """The Author who signs off `item` for `user`, or SignOffRefused saying why not."""
    author = reviewer_for(user, item)
    if not settings.SIGN_OFF_SELF_APPROVAL and last_changer(item) == user:
        raise SignOffRefused(_("You made the last change to this page: another medical reviewer must approve it."))
    return author


def reviewer_for(user, item: Model) -> Author:
    """The Author who reviews `item` for `user` (publish permission, a linked author profile,
    the item's language among theirs), or SignOffRefused saying why not. Approving also
    needs four eyes (`approver_for`); sending changes back or taking a copy does not."""
    if not can_publish(user, type(item)):
        raise SignOffRefused(_("Only medical reviewers can approve changes for patients."))
    author = reviewer_author(user)
    if author is None:
        raise SignOffRefused(
            _("Link your staff account to your author profile before approving: patients see who approved.")
        )
    language = getattr(item, "language", None)
    if language is not None and language not in (author.reviews_in or []):
        raise SignOffRefused(
            _(
                "This page is in %(language)s: it needs a medical reviewer who reviews in %(language)s "
                "(“reviews in” on the reviewer's author profile)."
            )
            % {"language": language_name(language)}
        )
    return author


def check_submitted(copy: WorkingCopy | None) -> None:
    """A working copy is approved only once its editor has submitted it: one still being
    edited is not finished, and the reviewer would sign off changes still under way."""
    if copy is not None and copy.state == WorkingCopyState.EDITING:
        raise SignOffRefused(
            _(
                "This working copy is still being edited: it can be approved once it has been submitted "
                "for review (“Submit for review” on the page's form)."
            )
        )
    if copy is not None and copy.state == WorkingCopyState.CHANGES_REQUESTED:
        raise SignOffRefused(
            _(
                "A medical reviewer asked for changes to this working copy: it can be approved once its editor "
                "has made them and submitted it for review again."
            )
        )


def check_images(item: Model) -> None:
    """Nothing goes live with an informative image that lacks alt text, or an image that lacks
    a credit or a licence, in its Markdown or as its lead image (portal/text/embeds.py)."""
    fragments = {
        str(type(item)._meta.get_field(field).verbose_name): to_html(getattr(item, field) or "").html
        for field in item.markdown_fields
    }
    problems = embeds.problems(item, fragments)
    if problems:
        raise SignOffRefused(" ".join([_("This page cannot go live yet:"), *problems]))


def publish(
    item: Model,
    user,
    go_live_at=None,
    note: str = "",
    translations_unaffected: str = "",
    clinically_significant: bool = False,
) -> str:
    """Approve the item's working copy (or the draft itself) and put it live now or at
    `go_live_at`. Returns what happened, for the user; SignOffRefused when not allowed.

    Publishing a new version of a source item marks its translations stale, in the same
    transaction, unless the reviewer says why they are unaffected (`translations_unaffected`:
    a typo, a link), which the history keeps. A change to a clinical field, or one the
    reviewer marks `clinically_significant`, sends the pages that show the item to their
    reviewers' queue (portal/publishing/rereview.py), in the same transaction.

    Two reviewers approving at once publish it once: the copy row (or the draft row) is
    locked, and the second finds nothing left to approve.
    """
    now = timezone.now()
    go_live_at = go_live_at if go_live_at and go_live_at > now else None
    model = type(item)
    with transaction.atomic():
        live = model._default_manager.select_for_update().filter(pk=item.pk).first()
        if live is None:
            raise SignOffRefused(_("This page no longer exists."))
        copy = (
            WorkingCopy.objects.select_for_update()
            .filter(content_type=ContentType.objects.get_for_model(model), object_id=item.pk)
            .first()
        )
        if copy is None and live.is_published:
            raise SignOffRefused(_("There are no changes waiting for sign-off: patients already see this version."))
        check_submitted(copy)
        approver = approver_for(user, live)
        check_images(working_copies.pending_version(live) if copy is not None else live)
        if copy is not None and go_live_at is not None:
            copy.state, copy.approved_by, copy.approved_by_user, copy.go_live_at = (
                WorkingCopyState.APPROVED,
                approver,
                user,
                go_live_at,
            )
            copy.taken_by, copy.taken_at = None, None  # approving releases it
            copy.translations_unaffected = translations_unaffected[:300]
            copy.clinically_significant = clinically_significant
            copy.save()
            return _("Approved: the changes go live at %(time)s on %(day)s") % {
                "time": time_in_words(go_live_at),
                "day": day_in_words(go_live_at, padded=True),
            }
        if copy is not None:
            if not WorkingCopy.objects.filter(pk=copy.pk).delete()[0]:
                raise SignOffRefused(_("Someone else has just published these changes."))
            live = working_copies.write(model, item.pk, copy.snapshot)
            live.status = Status.PUBLISHED
        else:
            live.status = Status.PUBLISHED
            live.published_at = go_live_at or now
            ReviewRequest.objects.for_item(live).answer()  # a request on the draft is settled by its approval
            ReviewClaim.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id=live.pk
            ).delete()
        _go_live(
            live,
            approver,
            user,
            live_from=go_live_at or now,
            note=note,
            unaffected=translations_unaffected,
            significant=clinically_significant,
        )
    if go_live_at:
        return _("Scheduled for %(day)s %(time)s, approved") % {
            "day": day_in_words(go_live_at, padded=True),
            "time": time_in_words(go_live_at),
        }
    return _("Approved and published")


def _go_live(
    item: Model, approver: Author, user, live_from, note: str = "", unaffected: str = "", significant: bool = False
) -> None:
    """Save the item live with its sign-off and keep the version patients will see; a
    translation records the source version it now matches, a source's translations go stale,
    and a clinically significant change sends the pages that show the item to re-review."""
    today = timezone.localdate()
    item.reviewed_by = approver
    item.last_reviewed = today
    item.next_review_due = next_review_after(today)
    item._signed_off = True
    translation_of = getattr(item, "translation_of", None)
    if translation_of is not None:  # caught up with the source as published now
        item.source_publication = working_copies.publications_of(translation_of).first()
        item.stale_since = None
    item.save()
    if unaffected:
        # Translators: added to a history line, after the reviewer's note if any.
        note = " ".join(filter(None, [note, _("Translations unaffected: %(reason)s") % {"reason": unaffected}]))
    if significant:
        # Translators: added to a history line, after the reviewer's note if any.
        note = " ".join(filter(None, [note, _("Marked as clinically significant.")]))
    previous = working_copies.publications_of(item).first()
    publication = record_publication(item, approver, user, live_from, note[:500])
    if translation_of is None and hasattr(item, "translations"):
        mark_translations(item, publication, unaffected=bool(unaffected))
        translations.sync_links(item)
    rereview.went_live(item, previous, publication, user, significant=significant)
    went_live.send(sender=type(item), item=item)


def mark_translations(source: Model, publication: Publication, unaffected: bool) -> int:
    """A new published version of `source`: its up-to-date translations become stale, or,
    when the reviewer said the change does not affect them, are recorded as checked against
    it. Returns how many were marked stale."""
    current = type(source)._default_manager.filter(translation_of=source, stale_since__isnull=True)
    if unaffected:
        current.update(source_publication=publication)
        return 0
    return current.update(stale_since=timezone.now())


def record_publication(item: Model, approver: Author | None, user=None, live_from=None, note: str = "") -> Publication:
    """Keep the version patients will see, with the conversation that led to it."""
    snapshot = working_copies.capture(item)
    publication = Publication.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        snapshot=snapshot,
        title=str(item)[:300],
        published_at=live_from or item.published_at or timezone.now(),
        approved_by=approver,
        approved_by_user=user,
        note=note,
    )
    ReviewRequest.objects.for_item(item).filter(publication=None).update(publication=publication)
    ReviewComment.objects.for_item(item).pending().update(publication=publication)
    return publication


def publish_scheduled(now=None) -> list[str]:
    """Put live every approved copy whose time has come (the `publish_scheduled` command)."""
    now = now or timezone.now()
    done = []
    for copy in WorkingCopy.objects.filter(state=WorkingCopyState.APPROVED, go_live_at__lte=now).select_related(
        "content_type"
    ):
        model = copy.content_type.model_class()
        with transaction.atomic():
            if not WorkingCopy.objects.filter(pk=copy.pk, state=WorkingCopyState.APPROVED).delete()[0]:
                continue
            live = working_copies.write(model, copy.object_id, copy.snapshot)
            live.status = Status.PUBLISHED
            _go_live(
                live,
                copy.approved_by,
                copy.approved_by_user,
                live_from=copy.go_live_at,
                unaffected=copy.translations_unaffected,
                significant=copy.clinically_significant,
            )
        done.append(str(live))
    return done


def as_published_on(item: Model, moment) -> Publication | None:
    """The version patients were shown at `moment`, if the item was live then."""
    return working_copies.publications_of(item).filter(published_at__lte=moment).order_by("-published_at").first()
