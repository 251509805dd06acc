"""Differences between versions of an article with tags, a condition and a medication."""

from reversion.models import Version

from portal.models import Status
from tests.forms import client_for
from tests.portal.publishing.test_history import _save, history_url


def _compare(client, obj) -> str:
    older, newer = Version.objects.get_for_object(obj).order_by("pk")[:2]
    response = client.get(history_url(obj) + f"compare/?from={older.pk}&to={newer.pk}")
    assert response.status_code == 200
    return response.content.decode()


def test_differences_of_an_article_with_tags(reviewer, make_article):
    client = client_for(reviewer)
    article = make_article(title="Salt and fluid", status=Status.DRAFT, published_at=None)  # edited in place
    _save(client, article, {"tags": "fluid"})
    _save(client, article, {"tags": "fluid, diuretics", "summary": "Why salt matters for fluid."})

    html = _compare(client, article)

    assert "<ins>" in html and "matters" in html


def test_differences_of_a_condition(reviewer, make_condition):
    client = client_for(reviewer)
    condition = make_condition(summary="A rare nerve condition.", status=Status.DRAFT, published_at=None)
    _save(client, condition, {"summary": "A rare nerve condition."})
    _save(client, condition, {"summary": "A rare blood and nerve condition."})

    html = _compare(client, condition)

    assert "A rare <ins>blood and </ins>nerve condition." in html


def test_history_radios_name_their_version(reviewer, make_medication):
    client = client_for(reviewer)
    medication = make_medication(status=Status.DRAFT, published_at=None)
    _save(client, medication, {"summary": "One."})
    _save(client, medication, {"summary": "Two."})

    html = client.get(history_url(medication)).content.decode()

    assert "Compare from this version" not in html
    assert html.count('aria-label="Compare from the version of ') == 2
