"""A page above its target reading grade is published only with the reviewer's reason, kept in history."""

import pytest
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from portal.models import Status
from tests.forms import change_url, client_for, form_of

HARD = " ".join(
    ["Patients with a monoclonal gammopathy frequently experience considerable difficulty comprehending the "
     "multifaceted interrelationships between haematological abnormalities and peripheral neurological "
     "manifestations that characterise this exceedingly uncommon disorder."] * 5
)  # fmt: skip
PLAIN = " ".join(
    ["Some people have a group of plasma cells that all make the same antibody. It can harm the nerves."] * 8
)


def _post(user, obj, changes: dict):
    client = client_for(user)
    data = form_of(client, change_url(obj), obj._meta.model_name)
    data.update(changes)
    return client.post(change_url(obj), data)


@pytest.mark.parametrize("publish", [{"_workflow": "publish"}, {"status": "published"}])
def test_publishing_above_the_target_asks_for_a_reason(reviewer, make_article, publish):
    article = make_article(status=Status.IN_REVIEW, published_at=None, body=HARD)

    response = _post(reviewer, article, publish)

    assert response.status_code == 200
    html = response.content.decode()
    assert "above its target of 8" in html and "give the reason to publish it as it is" in html
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_the_reason_is_recorded_in_history(reviewer, make_article):
    article = make_article(status=Status.IN_REVIEW, published_at=None, body=HARD)

    response = _post(
        reviewer, article, {"_workflow": "publish", "readability_reason": "Written for specialist nurses."}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published
    messages = [entry.get_change_message() for entry in LogEntry.objects.filter(object_id=str(article.pk))]
    assert any(
        message.startswith("Approved and published at reading grade")
        and message.endswith("above the target of 8, because: Written for specialist nurses.")
        for message in messages
    ), messages
    comment = Version.objects.get_for_object(article).first().revision.get_comment()
    assert "because: Written for specialist nurses." in comment


def test_a_plain_page_publishes_without_a_reason(reviewer, make_article):
    article = make_article(status=Status.IN_REVIEW, published_at=None, body=PLAIN)

    assert _post(reviewer, article, {"_workflow": "publish"}).status_code == 302
    article.refresh_from_db()
    assert article.is_published


def test_the_changelist_action_says_why_it_left_a_hard_page_unpublished(reviewer, make_article):
    hard = make_article(status=Status.IN_REVIEW, published_at=None, body=HARD, title="Hard page")
    plain = make_article(status=Status.IN_REVIEW, published_at=None, body=PLAIN, title="Plain page")

    response = client_for(reviewer).post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [hard.pk, plain.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "“Hard page” was not published: it reads at grade" in html
    assert "Approved and published: 1 item(s)." in html
    hard.refresh_from_db()
    plain.refresh_from_db()
    assert not hard.is_published and plain.is_published


def test_the_review_queue_shows_each_pages_grade(reviewer, make_article):
    make_article(status=Status.IN_REVIEW, body=HARD, title="Hard page")
    make_article(status=Status.IN_REVIEW, body=PLAIN, title="Plain page")

    html = client_for(reviewer).get("/admin/").content.decode()

    queue = html[html.index("Medical review queue") :]
    hard_line = queue[queue.index("Hard page") :].split("</li>")[0]
    plain_line = queue[queue.index("Plain page") :].split("</li>")[0]
    assert "reading grade" in hard_line and "above its target of 8: publishing needs a reason" in hard_line
    assert "reading grade" in plain_line and "above its target" not in plain_line


def test_approving_a_harder_working_copy_takes_a_reason_on_the_sign_off_screen(editor, reviewer, make_article):
    article = make_article(status=Status.PUBLISHED, body=PLAIN)
    _post(editor, article, {"body": HARD, "_workflow": "submit"})
    signoff_url = change_url(article).removesuffix("change/") + "sign-off/"

    screen = client_for(reviewer).get(signoff_url).content.decode()
    refused = client_for(reviewer).post(signoff_url, {"_approve": "1"}, follow=True).content.decode()
    article.refresh_from_db()
    assert "Above its target: approving needs a reason" in screen and "the published version:" in screen
    assert "give the reason to publish it as it is" in refused and article.body == PLAIN

    client_for(reviewer).post(signoff_url, {"_approve": "1", "readability_reason": "For specialist nurses."})

    article.refresh_from_db()
    assert article.body == HARD
    assert LogEntry.objects.filter(
        object_id=str(article.pk), change_message__endswith="For specialist nurses."
    ).exists()


HARD_ES = " ".join(
    ["Los pacientes con gammapatía monoclonal experimentan frecuentemente considerables dificultades para "
     "comprender las multifacéticas interrelaciones entre anormalidades hematológicas y manifestaciones "
     "neurológicas periféricas características de este excepcionalmente infrecuente trastorno."] * 5
)  # fmt: skip


def test_publishing_a_spanish_page_below_its_reading_ease_asks_for_a_reason_in_its_measure(reviewer, make_article):
    source = make_article(body=PLAIN)
    version = make_article(
        translation_of=source, language="es", status=Status.IN_REVIEW, published_at=None, body=HARD_ES
    )

    response = _post(reviewer, version, {"_workflow": "publish"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Szigriszt-Pazos" in html and "below its target of at least" in html
    assert "above its target" not in html
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW
