"""`make demo-accounts`: an editor, a medical reviewer and an admin to try the workflow with."""

import io
import re
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from conditions.models import Condition
from portal.models import Author
from portal.publishing import signoff
from tests.processes import ROOT, STRONG_KEY, run_manage

ACCOUNT = re.compile(r"username: (\S+)\s+password: (\S+)")


def _run() -> tuple[str, dict[str, str]]:
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    return out.getvalue(), dict(ACCOUNT.findall(out.getvalue()))


def _logs_in(username: str, password: str) -> bool:
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == "/admin/" and "_auth_user_id" in client.session


def test_the_accounts_log_in_with_their_roles_and_the_reviewer_can_sign_off(db, settings, django_user_model):
    settings.DEBUG = True

    output, passwords = _run()

    assert set(passwords) == {"demo-editor", "demo-reviewer", "demo-revisora", "demo-admin"}
    assert "only once" in output
    for username, password in passwords.items():
        assert _logs_in(username, password), username
    editor, reviewer, admin = (
        django_user_model.objects.get(username=f"demo-{role}") for role in ("editor", "reviewer", "admin")
    )
    assert [group.name for group in editor.groups.all()] == ["Editors"]
    assert [group.name for group in reviewer.groups.all()] == ["Medical reviewers"]
    assert editor.has_perm("articles.change_article") and not editor.has_perm("articles.publish_article")
    assert reviewer.has_perm("articles.publish_article") and admin.is_superuser
    assert Author.objects.get(user=editor).slug == "elin-carver"
    assert signoff.approver_for(reviewer, Condition.objects.get(slug="poems-syndrome")).credentials
    assert "Dr Amira Haddad" in output
    # The Spanish reviewer signs off Spanish pages; the English one does not.
    revisora = django_user_model.objects.get(username="demo-revisora")
    spanish_hub = Condition.objects.get(language="es", slug="sindrome-poems")
    assert signoff.approver_for(revisora, spanish_hub).slug == "ines-valdivia"
    with pytest.raises(signoff.SignOffRefused, match="reviews in Español"):
        signoff.approver_for(reviewer, spanish_hub)


def test_running_it_again_resets_the_passwords_and_says_so(db, settings, django_user_model):
    settings.DEBUG = True
    _, first = _run()

    output, second = _run()

    assert "reset" in output and set(second) == set(first)
    assert django_user_model.objects.filter(username__startswith="demo-").count() == 4
    for username in first:
        assert first[username] != second[username]
        assert _logs_in(username, second[username]) and not _logs_in(username, first[username])


def test_it_refuses_to_run_with_debug_off(db, settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_accounts", stdout=io.StringIO())

    assert not django_user_model.objects.filter(username__startswith="demo-").exists()


def test_from_the_command_line_with_debug_off_it_exits_with_an_error():
    done = run_manage("demo_accounts", env={"DEBUG": "0", "SECRET_KEY": STRONG_KEY})

    assert done.returncode != 0
    assert "DEBUG" in done.stderr and "password" not in done.stdout


def test_make_demo_accounts_runs_it_with_debug_on_like_make_run():
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "demo-accounts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    assert "DEBUG=${DEBUG:-1} .venv/bin/python manage.py demo_accounts" in dry_run.stdout
