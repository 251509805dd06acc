"""The exchange between a medical reviewer and an item's editors before sign-off.

A reviewer who finds a problem sends the pending changes back with a reason ("Request
changes"): a submitted working copy goes to "changes requested", a draft in review goes
back to being a draft. Either leaves the reviewers' queue; the request (a `ReviewRequest`)
is shown at the top of the item's form until the editor's next "Submit for review"
answers it (working_copies.submit, and the draft's own submit). A working copy sent back
cannot be approved until then (signoff.check_submitted).

A reviewer may also take a submitted copy ("I am reviewing this") so that the others know;
they may still act on it, and are told. Approving or requesting changes releases it.

Staff only: nothing here is ever shown to patients or exported with the content.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import REASON_MAX_LENGTH, ReviewRequest, Status, WorkingCopy, WorkingCopyState
from portal.publishing.signoff import SignOffRefused, reviewer_for


def can_be_sent_back(item: Model, copy: WorkingCopy | None) -> bool:
    """Pending changes a reviewer is asked to look at: a submitted copy, or a draft in review."""
    if copy is not None:
        return copy.state == WorkingCopyState.SUBMITTED
    return item.status == Status.IN_REVIEW


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise SignOffRefused(_("Say what needs to change: the editor sees your reason at the top of the form."))
    if len(reason) > REASON_MAX_LENGTH:
        raise SignOffRefused(
            _("Keep the reason under %(limit)s characters (it has %(length)s).")
            % {"limit": REASON_MAX_LENGTH, "length": len(reason)}
        )
    return reason


def request_changes(item: Model, user, reason: str) -> ReviewRequest:
    """Send the item's pending changes back to its editors with `reason`; SignOffRefused
    when the user may not, or there is nothing waiting for review. The caller records it in
    the page's history (a draft is saved: wrap the call in a reversion revision)."""
    reason = clean_reason(reason)
    model = type(item)
    with transaction.atomic():
        live = model._default_manager.select_for_update().filter(pk=item.pk).first()
        if live is None:
            raise SignOffRefused(_("This page no longer exists."))
        reviewer_for(user, live)
        copy = (
            WorkingCopy.objects.select_for_update()
            .filter(content_type=ContentType.objects.get_for_model(model), object_id=item.pk)
            .first()
        )
        if not can_be_sent_back(live, copy):
            raise SignOffRefused(
                _("Only changes submitted for review can be sent back: these are not waiting for a reviewer.")
            )
        if copy is not None:
            copy.state, copy.submitted_at, copy.taken_by, copy.taken_at = (
                WorkingCopyState.CHANGES_REQUESTED,
                None,
                None,
                None,
            )
            copy.save(update_fields=["state", "submitted_at", "taken_by", "taken_at"])
        else:
            live.status = Status.DRAFT
            live.save()
        return ReviewRequest.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=item.pk,
            on_working_copy=copy is not None,
            reason=reason,
            requested_by=user,
        )


def open_request(item: Model) -> ReviewRequest | None:
    """The latest request for changes the item's editors have not answered yet."""
    return ReviewRequest.objects.for_item(item).unanswered().select_related("requested_by").first()


def history_line(request: ReviewRequest) -> str:
    """The request in the page's history (with who and when, as every history line)."""
    return _("Changes requested: %(reason)s") % {"reason": request.reason}


def take(item: Model, copy: WorkingCopy, user) -> None:
    """`user` says they are reviewing the submitted copy; SignOffRefused when they may not."""
    reviewer_for(user, item)
    with transaction.atomic():
        locked = WorkingCopy.objects.select_for_update().filter(pk=copy.pk).first()
        if locked is None or locked.state != WorkingCopyState.SUBMITTED:
            raise SignOffRefused(_("Only a working copy waiting for sign-off can be taken."))
        locked.taken_by, locked.taken_at = user, timezone.now()
        locked.save(update_fields=["taken_by", "taken_at"])


def release(item: Model, copy: WorkingCopy, user) -> None:
    """Nobody is reviewing the copy any more. Any reviewer may release it (a colleague away)."""
    reviewer_for(user, item)
    WorkingCopy.objects.filter(pk=copy.pk).update(taken_by=None, taken_at=None)
