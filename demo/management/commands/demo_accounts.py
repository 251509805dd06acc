"""Accounts to try the editorial workflow with: an editor, a medical reviewer and an admin.

Each is put in its role's group (created by a migration) and linked to a demo author, so
that the reviewer (and the admin) can sign off. Passwords are random and printed once;
running the command again resets them and prints the new ones. Development only: it
refuses to run with DEBUG off, where known accounts with printed passwords have no place.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Author


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Promise  # translated when printed
    group: str | None  # None: a superuser, who needs no group
    author_slug: str


ACCOUNTS = [
    DemoAccount("demo-editor", gettext_lazy("Editor"), "Editors", "elin-carver"),
    DemoAccount("demo-reviewer", gettext_lazy("Medical reviewer"), "Medical reviewers", "amira-haddad"),
    DemoAccount("demo-revisora", gettext_lazy("Medical reviewer, in Spanish"), "Medical reviewers", "ines-valdivia"),
    DemoAccount("demo-admin", gettext_lazy("Admin (superuser)"), None, "tomasz-nowak"),
]


class Command(BaseCommand):
    help = _(
        "Create (or reset) an editor, a medical reviewer and an admin for trying the workflow, "
        "with random passwords printed once. DEBUG only."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "demo_accounts creates accounts whose passwords it prints: it runs only with DEBUG on "
                    "(make demo-accounts, or DEBUG=1 python manage.py demo_accounts), never in production."
                )
            )
        self._check_roles()
        if Author.objects.filter(slug__in=[account.author_slug for account in ACCOUNTS]).count() < len(ACCOUNTS):
            self.stdout.write(_("Loading the demo content first: the accounts are linked to its authors."))
            call_command("load_demo", stdout=self.stdout)
        with transaction.atomic():
            lines = [self._ensure(account) for account in ACCOUNTS]
        self.stdout.write(
            _("Demo accounts (sign in at /admin/). The passwords are shown only once: note them now.") + "\n"
        )
        for line in lines:
            self.stdout.write(line)

    def _check_roles(self) -> None:
        missing = {account.group for account in ACCOUNTS if account.group} - set(
            Group.objects.values_list("name", flat=True)
        )
        if missing:
            raise CommandError(
                _("The groups %(groups)s are missing: run python manage.py migrate first.")
                % {"groups": ", ".join(sorted(missing))}
            )

    def _ensure(self, account: DemoAccount) -> str:
        """Create or reset one account; returns its line for the person at the terminal."""
        user, created = get_user_model().objects.get_or_create(username=account.username)
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_active = user.is_staff = True
        user.is_superuser = account.group is None
        user.save()
        user.groups.set(Group.objects.filter(name=account.group) if account.group else [])
        author = self._link(user, account.author_slug)
        what = _("created") if created else _("already there: password reset")
        line = _("%(role)s — username: %(username)s  password: %(password)s  (%(what)s)") % {
            "role": account.role,
            "username": account.username,
            "password": password,
            "what": what,
        }
        if author is not None:
            line += "\n    " + _("linked to the author %(author)s") % {"author": author}
        return line

    def _link(self, user, slug: str) -> Author | None:
        """Link the account to its demo author, unless someone else's account already is."""
        author = Author.objects.select_related("user").get(slug=slug)
        if author.user_id not in (None, user.pk):
            self.stderr.write(
                _(
                    "%(author)s is linked to the account “%(other)s”: left as it is, so %(username)s has "
                    "no author profile and cannot sign off."
                )
                % {"author": author, "other": author.user, "username": user.get_username()}
            )
            return None
        Author.objects.filter(user=user).exclude(pk=author.pk).update(user=None)
        author.user = user
        author.save(update_fields=["user"])
        return author
