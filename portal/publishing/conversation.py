"""The exchange between a medical reviewer and an item's editors before sign-off.

A reviewer who finds a problem sends the pending changes back with a reason ("Request
changes"): a submitted working copy goes to "changes requested", a draft in review goes
back to being a draft. Either leaves the reviewers' queue; the request (a `ReviewRequest`)
is shown at the top of the item's form until the editor's next "Submit for review"
answers it (working_copies.submit, and the draft's own submit). A working copy sent back
cannot be approved until then (signoff.check_submitted).

A reviewer may also take a submitted copy or a draft in review ("I am reviewing this") so
that the others know; they may still act on it, and are told. Approving or requesting
changes releases it.

Editors and reviewers comment on the pending changes (`ReviewComment`): on the whole copy,
on one field of the item, or on one row edited with it, named by its model and number
("conditions.treatment:12"). A comment keeps a fingerprint of what it was about, so that it
says when that changed under it, and lasts while the field or row exists. Resolving and
reopening are recorded with who and when. When a version goes live, the requests and
comments before it are kept with it (signoff.record_publication).

Staff only: nothing here is ever shown to patients or exported with the content.
"""

import hashlib
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import (
    COMMENT_MAX_LENGTH,
    REASON_MAX_LENGTH,
    CommentKind,
    Publication,
    Publishable,
    ReviewClaim,
    ReviewComment,
    ReviewRequest,
    Status,
    WorkingCopy,
    WorkingCopyState,
)
from portal.publishing import working_copies
from portal.publishing.history import SKIPPED_FIELDS
from portal.publishing.signoff import SignOffRefused, reviewer_for

WHOLE = ""  # the target of a comment on the whole copy
# Fields every content type shares that are publishing state, not content to comment on.
PUBLISHING_FIELDS = SKIPPED_FIELDS | {model_field.name for model_field in Publishable._meta.get_fields()}


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


def request_changes(item: Model, user, reason: str, language: str = "") -> ReviewRequest:
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
            _claims(live).delete()
        return ReviewRequest.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=item.pk,
            on_working_copy=copy is not None,
            reason=reason,
            requested_by=user,
            language=language[:10],
        )


def open_request(item: Model) -> ReviewRequest | None:
    """The latest request for changes the item's editors have not answered yet."""
    return ReviewRequest.objects.for_item(item).unanswered().select_related("requested_by").first()


def history_line(request: ReviewRequest) -> str:
    """The request in the page's history (with who and when, as every history line)."""
    return _("Changes requested: %(reason)s") % {"reason": request.reason}


def _claims(item: Model):
    return ReviewClaim.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


@dataclass(frozen=True)
class Taken:
    """Who said they are reviewing the pending changes, and since when."""

    by: object
    at: object


def taken(item: Model, copy: WorkingCopy | None) -> Taken | None:
    if copy is not None:
        return Taken(copy.taken_by, copy.taken_at) if copy.taken_by_id else None
    claim = _claims(item).select_related("taken_by").first()
    return Taken(claim.taken_by, claim.taken_at) if claim else None


def claims_of(items: list[Model]) -> dict:
    """(model, pk) → the ReviewClaim on each draft among `items` that a reviewer took; one query."""
    if not items:
        return {}
    wanted = Q(pk__in=[])
    for item in items:
        wanted |= Q(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
    claims = ReviewClaim.objects.filter(wanted).select_related("taken_by", "content_type")
    return {(claim.content_type.model_class(), claim.object_id): claim for claim in claims}


def take(item: Model, copy: WorkingCopy | None, user) -> None:
    """`user` says they are reviewing the submitted copy or the draft in review;
    SignOffRefused when they may not."""
    reviewer_for(user, item)
    with transaction.atomic():
        if copy is None:
            live = type(item)._default_manager.select_for_update().filter(pk=item.pk).first()
            if live is None or live.status != Status.IN_REVIEW:
                raise SignOffRefused(_("Only a draft waiting for sign-off can be taken."))
            _claims(item).delete()
            ReviewClaim.objects.create(
                content_type=ContentType.objects.get_for_model(item), object_id=item.pk, taken_by=user
            )
            return
        locked = WorkingCopy.objects.select_for_update().filter(pk=copy.pk).first()
        if locked is None or locked.state != WorkingCopyState.SUBMITTED:
            raise SignOffRefused(_("Only a working copy waiting for sign-off can be taken."))
        locked.taken_by, locked.taken_at = user, timezone.now()
        locked.save(update_fields=["taken_by", "taken_at"])


def release(item: Model, copy: WorkingCopy | None, user) -> None:
    """Nobody is reviewing the copy any more. Any reviewer may release it (a colleague away)."""
    reviewer_for(user, item)
    if copy is None:
        _claims(item).delete()
        return
    WorkingCopy.objects.filter(pk=copy.pk).update(taken_by=None, taken_at=None)


# Comments.


class CommentRefused(Exception):
    """A comment, resolution or reopening that cannot be made; the message says why."""


@dataclass(frozen=True)
class Target:
    key: str  # "", "field:<name>" or "row:<app.model>:<number>"
    label: str
    fingerprint: str


@dataclass
class Remark:
    """A comment as shown now: what it is on, whether that changed or went since."""

    comment: ReviewComment
    key: str
    changed: bool
    gone: bool


@dataclass
class Thread:
    remarks: list[Remark]
    targets: list[Target]

    def on(self, key: str) -> list[Remark]:
        return [remark for remark in self.remarks if remark.key == key]

    @property
    def general(self) -> list[Remark]:
        """Comments on the whole copy, and those whose field or row no longer exists."""
        return [remark for remark in self.remarks if remark.key == WHOLE or remark.gone]

    @property
    def open_count(self) -> int:
        return sum(1 for remark in self.remarks if not remark.comment.is_resolved)

    def people(self) -> set:
        return {remark.comment.author for remark in self.remarks if remark.comment.author is not None}


def field_key(name: str) -> str:
    return f"field:{name}"


def row_key(row: Model) -> str:
    return f"row:{row._meta.label_lower}:{row.pk}"


def _fingerprint(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def has_pending_changes(item: Model) -> bool:
    """A working copy, or an item that is not live yet (a draft, in review): something to discuss."""
    return item.status != Status.PUBLISHED or working_copies.copy_of(item) is not None


def commentable_fields(model: type[Model]) -> list:
    """The item's own content fields (not its publishing state)."""
    return [
        model_field
        for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if model_field.name not in PUBLISHING_FIELDS and model_field.editable
    ]


def field_label(model_field) -> str:
    return str(model_field.verbose_name).capitalize()


def row_label(row: Model) -> str:
    return f"{str(row._meta.verbose_name).capitalize()}: {row}"


def pending_targets(item: Model) -> list[Target]:
    """What a comment can be on in the changes waiting now (the working copy, or the draft):
    the whole copy, each field of the item, each row, with a fingerprint of its value."""
    model = type(item)
    copy = working_copies.copy_of(item)
    snapshot = copy.snapshot if copy is not None else working_copies.capture(item)
    item_key = (ContentType.objects.get_for_model(model).pk, str(item.pk))
    states = working_copies.field_dicts(model, snapshot)
    values = states.get(item_key, (model, "", {}))[2]
    targets = [Target(WHOLE, _("The whole page"), "")]
    for model_field in commentable_fields(model):
        name = model_field.attname if model_field.many_to_one else model_field.name
        if name in values:
            targets.append(Target(field_key(model_field.name), field_label(model_field), _fingerprint(values[name])))
    for key, (row_model, title, row_values) in states.items():
        if key == item_key:
            continue
        row_values = {name: value for name, value in row_values.items() if name not in SKIPPED_FIELDS}
        label = f"{str(row_model._meta.verbose_name).capitalize()}: {title}"  # row_label, from the snapshot
        targets.append(Target(f"row:{row_model._meta.label_lower}:{key[1]}", label, _fingerprint(row_values)))
    return targets


def _comments(item: Model):
    return ReviewComment.objects.for_item(item).filter(kind=CommentKind.COMMENT).select_related("author", "resolved_by")


def thread(item: Model, targets: list[Target] | None = None) -> Thread:
    """The comments on the changes waiting now, each told whether its field changed since.
    `targets` (pending_targets) when the caller has them; else found only if there are comments."""
    comments = list(_comments(item).pending())
    if not comments:
        return Thread([], targets or [])
    targets = targets if targets is not None else pending_targets(item)
    by_key = {target.key: target for target in targets}
    remarks = []
    for comment in comments:
        key = _key_of(comment)
        target = by_key.get(key)
        remarks.append(
            Remark(
                comment,
                key,
                changed=target is not None and key != WHOLE and target.fingerprint != comment.value_hash,
                gone=target is None,
            )
        )
    return Thread(remarks, targets)


def _key_of(comment: ReviewComment) -> str:
    if comment.row_model:
        return f"row:{comment.row_model}:{comment.row_key}"
    return field_key(comment.field) if comment.field else WHOLE


def clean_body(body: str) -> str:
    """The comment's text, or CommentRefused saying why not. NUL and lone surrogates (from a
    mis-encoded paste) are dropped: no database keeps them."""
    body = (body or "").replace("\x00", "").encode("utf-8", "replace").decode("utf-8").strip()
    if not body:
        raise CommentRefused(_("Write the comment first."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise CommentRefused(
            _("Keep a comment under %(limit)s characters (it has %(length)s).")
            % {"limit": COMMENT_MAX_LENGTH, "length": len(body)}
        )
    return body


def add_comment(item: Model, user, body: str, target_key: str = WHOLE, language: str = "") -> ReviewComment:
    """Comment on the item's pending changes; CommentRefused when the target does not exist."""
    body = clean_body(body)
    if not has_pending_changes(item):
        raise CommentRefused(
            _("This page has no changes waiting for sign-off: comments are on a working copy or a draft.")
        )
    target = next((target for target in pending_targets(item) if target.key == target_key), None)
    if target is None:
        raise CommentRefused(_("That field or row is not part of this page any more: choose another."))
    field_name, row_model, row_number = "", "", ""
    if target.key.startswith("field:"):
        field_name = target.key.removeprefix("field:")
    elif target.key.startswith("row:"):
        row_model, row_number = target.key.removeprefix("row:").rsplit(":", 1)
    return ReviewComment.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        field=field_name,
        row_model=row_model,
        row_key=row_number,
        target_label=target.label[:300],
        value_hash=target.fingerprint,
        body=body,
        author=user,
        language=language[:10],
    )


def _pending_comment(item: Model, comment_id) -> ReviewComment:
    try:
        return ReviewComment.objects.for_item(item).pending().get(pk=int(comment_id), kind=CommentKind.COMMENT)
    except (TypeError, ValueError, ReviewComment.DoesNotExist):
        raise CommentRefused(_("That comment is not part of the current conversation.")) from None


def resolve(item: Model, comment_id, user) -> ReviewComment:
    """Mark a comment resolved; recorded with who and when."""
    with transaction.atomic():
        comment = _pending_comment(item, comment_id)
        if comment.is_resolved:
            raise CommentRefused(_("That comment is already resolved."))
        comment.resolved_at, comment.resolved_by = timezone.now(), user
        comment.save(update_fields=["resolved_at", "resolved_by"])
        _event(comment, CommentKind.RESOLVED, user)
    return comment


def reopen(item: Model, comment_id, user) -> ReviewComment:
    with transaction.atomic():
        comment = _pending_comment(item, comment_id)
        if not comment.is_resolved:
            raise CommentRefused(_("That comment is open already."))
        comment.resolved_at, comment.resolved_by = None, None
        comment.save(update_fields=["resolved_at", "resolved_by"])
        _event(comment, CommentKind.REOPENED, user)
    return comment


def _event(comment: ReviewComment, kind: str, user) -> ReviewComment:
    return ReviewComment.objects.create(
        content_type_id=comment.content_type_id,
        object_id=comment.object_id,
        kind=kind,
        comment=comment,
        target_label=comment.target_label,
        author=user,
    )


# The record.


@dataclass(frozen=True)
class Entry:
    """One line of the review record: when, who, what happened, on what, and what was said."""

    when: object
    who: str
    what: str
    on: str = ""
    text: str = ""
    entry_id: str = ""


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else _("someone")


def record(item: Model) -> tuple[list[tuple[Publication, list[Entry]]], list[Entry]]:
    """The review record of every version that went live, newest first, each with what was
    said before it, oldest first, and ending with its approval; then what is said about the
    changes waiting now. Three queries whatever the number of versions and comments."""
    publications = list(working_copies.publications_of(item).select_related("approved_by", "approved_by_user"))
    entries: dict[int | None, list[Entry]] = {publication.pk: [] for publication in publications}
    entries[None] = []
    for request in ReviewRequest.objects.for_item(item).select_related("requested_by").order_by("requested_at", "pk"):
        kept = entries.setdefault(request.publication_id, [])
        kept.append(
            Entry(request.requested_at, _name(request.requested_by), _("Changes requested"), "", request.reason)
        )
        if request.answered_at is not None:
            kept.append(Entry(request.answered_at, "", _("Changes submitted again, answering the request")))
    for comment in ReviewComment.objects.for_item(item).select_related("author").order_by("created_at", "pk"):
        what = {
            CommentKind.COMMENT: _("Comment"),
            CommentKind.RESOLVED: _("Comment resolved"),
            CommentKind.REOPENED: _("Comment reopened"),
        }[comment.kind]
        entry_id = f"comment-{comment.pk}" if comment.kind == CommentKind.COMMENT else ""
        entries.setdefault(comment.publication_id, []).append(
            Entry(comment.created_at, _name(comment.author), what, comment.target_label, comment.body, entry_id)
        )
    kept = []
    for publication in publications:
        lines = sorted(entries[publication.pk], key=lambda entry: entry.when)
        approver = publication.approved_by.name if publication.approved_by else _name(publication.approved_by_user)
        lines.append(Entry(publication.published_at, approver, _("Approved; live from then"), "", publication.note))
        kept.append((publication, lines))
    return kept, sorted(entries[None], key=lambda entry: entry.when)
