"""E-mails about the review conversation, sent through Django's mail settings.

Three events: changes requested (to the item's editors), changes submitted for review (to
the reviewers of that content type and language), a comment (to the people in the thread).
A mail names the item and the kind of event, and links to the screen; it never carries the
reason, the comment or any other medical content, which stay behind the admin's log-in.
Each is sent once the transaction that made the event commits, in the recipient's
language when it is known (the language they last used in a conversation).
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _
from reversion.models import Version

from portal.models import Author, ReviewComment, ReviewRequest
from portal.publishing import working_copies
from portal.publishing.signoff import can_publish

logger = logging.getLogger(__name__)


def changes_requested(item: Model, actor, link: str) -> None:
    _send(editors_of(item) - {actor}, item, actor, link, _changes_requested_text)


def submitted(item: Model, actor, link: str) -> None:
    _send(reviewers_of(item) - {actor}, item, actor, link, _submitted_text)


def commented(item: Model, actor, people: set, link: str) -> None:
    _send(people - {actor}, item, actor, link, _commented_text)


def editors_of(item: Model) -> set:
    """Who changed the pending version: the working copy's last editor and everyone who saved
    the item since it last went live."""
    copy = working_copies.copy_of(item)
    last = working_copies.publications_of(item).first()
    versions = Version.objects.get_for_object(item).filter(revision__user__isnull=False)
    if last is not None:
        versions = versions.filter(revision__date_created__gt=last.published_at)
    people = {version.revision.user for version in versions.select_related("revision__user")}
    if copy is not None and copy.changed_by is not None:
        people.add(copy.changed_by)
    return {person for person in people if person.is_active}


def reviewers_of(item: Model) -> set:
    """Medical reviewers who may sign off the item: its type, its language."""
    language = getattr(item, "language", None)
    authors = Author.objects.filter(user__isnull=False, user__is_active=True).select_related("user")
    return {
        author.user
        for author in authors
        if (language is None or language in (author.reviews_in or [])) and can_publish(author.user, type(item))
    }


def _changes_requested_text(item: Model, who: str) -> tuple[str, str]:
    kind = item._meta.verbose_name
    return (
        _("Changes requested: %(title)s") % {"title": item},
        _("%(who)s asked for changes to the %(kind)s “%(title)s” before it can be approved.")
        % {"who": who, "kind": kind, "title": item},
    )


def _submitted_text(item: Model, who: str) -> tuple[str, str]:
    kind = item._meta.verbose_name
    return (
        _("Waiting for your sign-off: %(title)s") % {"title": item},
        _("%(who)s submitted changes to the %(kind)s “%(title)s” for medical review.")
        % {"who": who, "kind": kind, "title": item},
    )


def _commented_text(item: Model, who: str) -> tuple[str, str]:
    kind = item._meta.verbose_name
    return (
        _("New comment: %(title)s") % {"title": item},
        _("%(who)s commented on the changes to the %(kind)s “%(title)s”.") % {"who": who, "kind": kind, "title": item},
    )


def language_of(user) -> str:
    """The language the user last wrote in the conversation, or the site's."""
    said = [
        ReviewComment.objects.filter(author=user).exclude(language="").order_by("-created_at").first(),
        ReviewRequest.objects.filter(requested_by=user).exclude(language="").order_by("-requested_at").first(),
    ]
    said = [entry for entry in said if entry is not None]
    if not said:
        return settings.LANGUAGE_CODE
    latest = max(said, key=lambda entry: getattr(entry, "requested_at", None) or entry.created_at)
    return latest.language


def _send(recipients: set, item: Model, actor, link: str, text) -> None:
    messages = []
    for person in sorted((person for person in recipients if person.email), key=lambda person: person.pk):
        with translation.override(language_of(person)):
            who = actor.get_full_name() or actor.get_username()
            subject, line = text(item, who)
            body = "\n\n".join(
                [
                    _("Hello,"),
                    line,
                    _("Open it in the admin (log-in needed): %(link)s") % {"link": link},
                    _("You receive this because you work on this page in the health portal's admin."),
                ]
            )
        messages.append(EmailMessage(" ".join(subject.split())[:200], body + "\n", to=[person.email]))
    if messages:
        transaction.on_commit(lambda: _deliver(messages))


def _deliver(messages: list[EmailMessage]) -> None:
    """Send after the change is saved; a mail server that is down is logged, and the person
    who acted is not shown an error for a change that was made."""
    try:
        get_connection().send_messages(messages)
    except (OSError, smtplib.SMTPException):
        logger.exception("Review e-mails not sent (%s)", ", ".join(message.subject for message in messages))
