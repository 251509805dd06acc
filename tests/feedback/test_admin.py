"""Feedback in the admin: hostile text stays text, closing records what was done, counts per
page and version, the CSV export, and retention."""

import csv
import datetime
import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.exports import safe_cell
from feedback.models import Feedback, Outcome, State
from portal.publishing.signoff import record_publication

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _export(client) -> list[list[str]]:
    response = client.get("/admin/feedback/feedback/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_hostile_markup_is_inert_in_lists_queue_and_form(hub, answer, client, admin_user):
    english, version, rhea = hub["en"]
    answer(english, version, reason="medical_error", text=HOSTILE)
    report = Feedback.objects.get()
    client.force_login(admin_user)
    for url in ("/admin/feedback/feedback/", f"/admin/feedback/feedback/{report.pk}/change/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    client.force_login(rhea)
    queue = client.get("/admin/").content.decode()
    assert "<script>alert(1)" not in queue and "&lt;script&gt;" in queue


def test_the_export_defuses_spreadsheet_formulas(hub, answer, client, admin_user):
    english, version, _ = hub["en"]
    answer(english, version, reason="other", text='=HYPERLINK("http://evil.example","click")')
    answer(english, version, reason="other", text="@SUM(1+1)", address="192.0.2.5")
    answer(english, version, reason="other", text="+1 cell", address="192.0.2.6")
    answer(english, version, reason="other", text=HOSTILE, address="192.0.2.7")
    client.force_login(admin_user)
    rows = _export(client)
    comments = {row[8] for row in rows[1:]}
    assert comments == {'\'=HYPERLINK("http://evil.example","click")', "'@SUM(1+1)", "'+1 cell", HOSTILE}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert rows[1][5] == str(version.pk) and rows[1][4] == "en"


def test_safe_cell():
    assert [safe_cell(v) for v in ["=1+1", "-2", "+3", "@x", "\tA", "plain", None, 5]] == [
        "'=1+1",
        "'-2",
        "'+3",
        "'@x",
        "'\tA",
        "plain",
        "",
        "5",
    ]


def test_the_export_needs_the_view_permission(client, django_user_model):
    stranger = django_user_model.objects.create_user("staff", password="pw-staff-123", is_staff=True)
    client.force_login(stranger)
    assert client.get("/admin/feedback/feedback/export.csv").status_code == 403
    assert client.get("/admin/feedback/feedback/counts/").status_code == 403


def _close(client, report, **data):
    return client.post(f"/admin/feedback/feedback/{report.pk}/change/", data)


def test_closing_records_the_outcome_and_the_version_that_fixed_it(hub, answer, client):
    english, version, rhea = hub["en"]
    answer(english, version, reason="medical_error", text="Wrong dose")
    report = Feedback.objects.get()
    client.force_login(rhea)

    refused = _close(client, report, outcome=Outcome.CHANGED)
    assert refused.status_code == 200 and "Choose the published version" in refused.content.decode()
    refused = _close(client, report, outcome=Outcome.NO_CHANGE, outcome_reason=" ")
    assert "Say why no change is needed" in refused.content.decode()

    fix = record_publication(english, rhea.author, live_from=timezone.now(), note="Dose corrected")
    assert (
        _close(client, report, outcome=Outcome.CHANGED, outcome_reason="Dose corrected", fixed_by=fix.pk).status_code
        == 302
    )
    report.refresh_from_db()
    assert (report.state, report.fixed_by, report.closed_by) == (State.CLOSED, fix, rhea)
    assert "Wrong dose" not in client.get("/admin/").content.decode()  # out of the queue


def test_a_version_of_another_page_cannot_be_the_fix(hub, answer, client):
    english, version, rhea = hub["en"]
    spanish, spanish_version, _ = hub["es"]
    answer(english, version, reason="medical_error")
    client.force_login(rhea)
    report = Feedback.objects.get()
    response = _close(client, report, outcome=Outcome.CHANGED, outcome_reason="x", fixed_by=spanish_version.pk)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == State.OPEN


def test_a_medical_error_is_closed_by_a_reviewer_of_its_language(hub, answer, client, editor):
    english, version, _ = hub["en"]
    _, _, ines = hub["es"]
    answer(english, version, reason="medical_error")
    report = Feedback.objects.get()
    for user in (editor, ines):
        client.force_login(user)
        response = _close(client, report, outcome=Outcome.NO_CHANGE, outcome_reason="The dose is right")
        assert "closed by a medical reviewer" in response.content.decode()
    report.refresh_from_db()
    assert report.state == State.OPEN


def test_editors_close_other_reports(hub, answer, client, editor):
    english, version, _ = hub["en"]
    answer(english, version, reason="hard_to_understand")
    report = Feedback.objects.get()
    client.force_login(editor)
    assert _close(client, report, outcome=Outcome.NO_CHANGE, outcome_reason="Rewritten last week").status_code == 302
    report.refresh_from_db()
    assert report.state == State.CLOSED


def test_counts_per_page_and_version(hub, answer, client, admin_user):
    english, old, rhea = hub["en"]
    spanish, spanish_version, _ = hub["es"]
    answer(english, old, helpful="yes", address="192.0.2.1")
    answer(english, old, reason="medical_error", address="192.0.2.2")
    new = record_publication(english, rhea.author, live_from=timezone.now())
    answer(english, new, helpful="yes", address="192.0.2.3")
    answer(english, new, helpful="yes", address="192.0.2.4")
    answer(spanish, spanish_version, reason="missing", address="192.0.2.5")
    client.force_login(admin_user)
    html = client.get("/admin/feedback/feedback/counts/").content.decode()
    table = html.split('<table id="feedback-counts">')[1].split("</table>")[0]
    rows = table.split("<tr>")[2:]
    cells = [[cell.split(">", 1)[1].split("<")[0] for cell in row.split("<td")[1:]] for row in rows]
    assert len(rows) == 3
    # language, version, yes, no, then one column per reason (hard, out of date, medical, missing, other)
    assert cells[0][2:] == ["2", "0", "0", "0", "0", "0", "0"]  # the newer English version
    assert cells[1][2:] == ["1", "1", "0", "0", "1", "0", "0"]
    assert cells[2][0] == "es" and cells[2][2:] == ["0", "1", "0", "0", "0", "1", "0"]


def _many(english, version, count: int, start: int = 0) -> None:
    Feedback.objects.bulk_create(
        Feedback(
            content_type_id=version.content_type_id,
            object_id=english.pk,
            language="en",
            publication=version,
            page_title=f"Page {n}",
            helpful=False,
            reason="medical_error" if n % 2 else "missing",
            text=f"comment {n}",
            state=State.OPEN,
            reviewer=english.reviewed_by,
            due_at=timezone.now() - datetime.timedelta(hours=1),
        )
        for n in range(start, start + count)
    )


def test_admin_pages_cost_the_same_however_much_feedback(hub, client, admin_user):
    english, version, rhea = hub["en"]
    _many(english, version, 3)
    urls = ["/admin/feedback/feedback/", "/admin/feedback/feedback/counts/", "/admin/"]

    def queries(user) -> list[int]:
        client.force_login(user)
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries(admin_user), queries(rhea)
    _many(english, version, 40, start=3)
    assert (queries(admin_user), queries(rhea)) == few


def test_retention_deletes_old_free_text_and_keeps_the_counts(hub, answer, settings):
    settings.FEEDBACK_RETENTION_DAYS = 30
    english, version, _ = hub["en"]
    answer(english, version, reason="missing", text="old words", address="192.0.2.1")
    answer(english, version, reason="missing", text="new words", address="192.0.2.2")
    Feedback.objects.filter(text="old words").update(created_at=timezone.now() - datetime.timedelta(days=31))
    out = io.StringIO()
    call_command("feedback_retention", stdout=out)
    assert "1 piece of feedback" in out.getvalue()
    assert sorted(Feedback.objects.values_list("text", "address_hash"))[0] == ("", "")
    assert set(Feedback.objects.values_list("reason", flat=True)) == {"missing"}
    assert Feedback.objects.filter(text="new words").exclude(address_hash="").exists()
