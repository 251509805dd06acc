"""Glossary terms follow the same workflow as other content."""

from django.contrib.admin.models import LogEntry

from portal.models import Status
from tests.forms import change_url, client_for, form_of


def _post(user, term, changes: dict):
    client = client_for(user)
    data = form_of(client, change_url(term), "term")
    data.update(changes)
    return client.post(change_url(term), data)


def test_an_editor_writes_and_submits_a_term_but_cannot_publish_it(editor, make_term):
    term = make_term("plasmacytoma", status=Status.DRAFT, published_at=None)

    assert _post(editor, term, {"definition": "A lump of plasma cells.", "_workflow": "submit"}).status_code == 302
    refused = _post(editor, term, {"_workflow": "publish"})

    assert refused.status_code == 200 and "Only medical reviewers can" in refused.content.decode()
    term.refresh_from_db()
    assert term.status == Status.IN_REVIEW and term.definition == "A lump of plasma cells."


def test_a_reviewer_publishes_a_term_and_history_records_it(reviewer, make_term, client):
    term = make_term("plasmacytoma", slug="plasmacytoma", status=Status.IN_REVIEW, published_at=None)

    assert _post(reviewer, term, {"_workflow": "publish"}).status_code == 302

    term.refresh_from_db()
    assert term.is_published
    assert LogEntry.objects.filter(object_id=str(term.pk), change_message="Approved and published").exists()
    assert client.get("/glossary/plasmacytoma/").status_code == 200


def test_a_term_links_a_condition_or_a_medication_not_both(reviewer, make_term, make_condition, make_medication):
    term = make_term("organomegaly", status=Status.DRAFT, published_at=None)

    response = _post(reviewer, term, {"condition": str(make_condition().pk), "medication": str(make_medication().pk)})

    assert response.status_code == 200
    assert "Link a term to a condition or a medication, not both." in response.content.decode()
