"""The readability check editors see beside the preview: grades, words, long sentences, unexplained words."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from portal.models import Status
from portal.text.readability import MAX_TEXT_LENGTH, analyse

JARGON = (
    "Patients with a monoclonal gammopathy frequently experience considerable difficulty comprehending the "
    "multifaceted interrelationships between haematological abnormalities and peripheral neurological "
    "manifestations that characterise this exceedingly uncommon disorder. Organomegaly is frequently "
    "demonstrated radiologically."
)
PLAIN = (
    "Some people have a group of plasma cells that all make the same antibody. "
    "It can harm the nerves. The liver or spleen may grow. Scans can show this."
)
ENDPOINT = "/markdownx/readability/"


def test_long_sentences_and_jargon_read_at_a_higher_grade_than_short_plain_ones():
    hard, easy = analyse(JARGON, terms=[]), analyse(PLAIN, terms=[])

    assert hard.grade > 14
    assert easy.grade < 6
    assert hard.long_sentences == [JARGON.split(". ")[0] + "."]
    assert easy.long_sentences == []
    assert (easy.words, easy.sentences) == (29, 4)


def test_headings_list_markers_and_link_addresses_are_not_read():
    report = analyse(
        "## A heading of many long complicated words\n\n"
        "- first\n- second\n\n"
        "Read [this](https://example.org/a/very/long/address-with-many-words-in-it) now.\n\n"
        "```\ncode is not prose\n```",
        terms=[],
    )

    assert report.words == 5  # first, second, Read, this, now
    assert report.sentences == 3  # each list item ends a sentence


def test_smog_needs_three_sentences():
    assert analyse("One short sentence. And another.", terms=[]).smog is None
    assert analyse(PLAIN, terms=[]).smog is not None


@pytest.mark.parametrize(
    ("text", "unexplained"),
    [
        ("Organomegaly can happen.", ["organomegaly"]),
        ("Organomegaly, the growth of organs such as the liver, can happen.", []),
        ("Organomegaly (bigger organs) can happen.", []),
        ("Organomegaly means that organs grow.", []),
        ("Doctors call it organomegaly when organs grow.", ["organomegaly"]),
        ("Organs can grow, which is called organomegaly.", []),
        ("Read about [organomegaly](https://example.org/) first.", []),
        ("## Organomegaly\n\nNothing else.", []),  # headings are not read
        ("Plasma cells and a monoclonal gammopathy.", ["plasma cell", "monoclonal gammopathy"]),
        ("Your prognosis depends on it.", ["prognosis"]),  # the built-in list
    ],
)
def test_medical_words_without_an_explanation_are_listed(text, unexplained):
    terms = ["organomegaly", "plasma cell", "monoclonal gammopathy"]

    assert analyse(text, terms=terms).unexplained_terms == unexplained


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("edna", password="pw-editor-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_the_endpoint_answers_staff_with_the_panels_figures(staff_client, make_term):
    make_term("organomegaly", status=Status.DRAFT)  # editors are warned about any term in the glossary

    response = staff_client.post(
        ENDPOINT, {"content": JARGON, "format": "markdown", "model": "articles.article", "kind": "guide"}
    )

    assert response.status_code == 200
    data = response.json()
    assert data["grade"] > 14 and data["target"] == 8
    assert data["above_target"] is False and data["too_short_to_judge"] is True  # under 100 words
    assert data["words"] == 31
    assert data["long_sentences"][0]["words"] == 26
    assert {"term": "organomegaly", "in_glossary": True} in data["unexplained_terms"]


def test_a_long_hard_text_is_above_its_target_and_a_plain_one_is_not(staff_client):
    hard = staff_client.post(ENDPOINT, {"content": " ".join([JARGON] * 4), "model": "articles.article"}).json()
    easy = staff_client.post(ENDPOINT, {"content": " ".join([PLAIN] * 4), "model": "articles.article"}).json()

    assert hard["above_target"] is True
    assert easy["above_target"] is False and easy["grade"] < hard["grade"]


@pytest.mark.parametrize(
    ("fields", "target"),
    [
        ({"model": "articles.article", "kind": "guide"}, 8),
        ({"model": "articles.article", "kind": "news"}, 10),
        ({"model": "articles.article", "kind": "no-such-kind"}, 8),
        ({"model": "conditions.condition"}, 9),
        ({"model": "glossary.term"}, 8),
        ({}, 8),
    ],
)
def test_the_target_grade_follows_the_content_type_and_article_kind(staff_client, fields, target):
    response = staff_client.post(ENDPOINT, {"content": PLAIN, **fields})

    assert response.json()["target"] == target


def test_the_summary_is_checked_as_plain_text(staff_client):
    data = staff_client.post(ENDPOINT, {"content": "## Not a heading here.", "format": "plain"}).json()

    assert data["words"] == 4  # "##" is not a word; a summary is never Markdown


@pytest.mark.parametrize(
    "fields",
    [
        {"content": "x" * (MAX_TEXT_LENGTH + 1)},
        {"content": "Text.", "format": "html"},
        {"content": "Text.", "model": "auth.user"},
    ],
)
def test_bad_input_is_a_400_with_a_reason(staff_client, fields):
    response = staff_client.post(ENDPOINT, fields)

    assert response.status_code == 400
    assert response.json()["error"]


def test_the_endpoint_is_for_staff_and_posts_only(staff_client, django_user_model):
    anonymous, patient = Client(), Client()
    patient.force_login(django_user_model.objects.create_user("pat", password="pw-patient-123"))

    assert anonymous.post(ENDPOINT, {"content": "Text."}).status_code == 302  # to the log-in page
    assert patient.post(ENDPOINT, {"content": "Text."}).status_code == 302
    assert staff_client.get(ENDPOINT).status_code == 405


def test_the_admin_form_loads_the_panel_as_a_file_under_the_strict_policy(staff_client, make_article):
    article = make_article(status=Status.DRAFT)

    response = staff_client.get(f"/admin/articles/article/{article.pk}/change/")

    html = response.content.decode()
    assert '<script src="/static/portal/readability.js"' in html
    assert 'href="/static/portal/readability.css"' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
