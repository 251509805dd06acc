"""Images where they meet content: Markdown embeds on every content type in both languages,
lead images on cards and in OpenGraph, the preview's warnings, sign-off and where used."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from images.models import Licence
from portal.models import Status
from portal.publishing import references, signoff
from portal.text import readability
from portal.text.markdown import render
from portal.text.preview import render_preview
from tests.forms import change_url, client_for, form_of


def test_an_embed_is_a_figure_with_a_responsive_image_and_its_credit(make_image):
    image = make_image(size=(1600, 900))

    html = render('Before.\n\n![Nerves branching from the spine](image:nerve-diagram "The nerves of the legs")')

    assert re.match(r"<p>Before.</p>\s*<figure", html)
    img = re.search(r"<img [^>]*>", html)[0]
    assert 'alt="Nerves branching from the spine"' in img
    assert 'width="1200" height="675"' in img  # the largest rendition offered; no layout shift
    assert 'loading="lazy"' in img and 'sizes="' in img
    assert f"/images/nerve-diagram/{image.digest}/width-400.jpg 400w" in img
    assert '<source type="image/webp"' in html
    assert "<figcaption>" in html and "The nerves of the legs" in html
    assert "Image: Health portal project, CC BY 4.0" in html


def _attributes(html: str) -> list[tuple[str, str]]:
    """(tag, attribute name) of every attribute a browser would see."""
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend((tag, name) for name, _ in attrs)

    Parser().feed(html)
    return found


def test_a_decorative_embed_has_an_empty_alt(make_image):
    make_image(purpose="decorative")

    assert 'alt=""' in render("![](image:nerve-diagram)")


def test_hostile_alt_and_caption_stay_text(make_image):
    make_image(credit='<script>alert("credit")</script>')

    html = render('![x" onerror="alert(1)](image:nerve-diagram "<b onclick=alert(2)>c</b>")')

    assert "<script>" not in html and "<b " not in html
    assert not {name for _, name in _attributes(html)} & {"onerror", "onclick"}
    assert "&lt;script&gt;" in html


def test_an_unknown_image_is_nothing_for_patients_and_a_warning_for_editors(db):
    text = "Look:\n\n![A rash](image:no-such-image)\n\nAfter."

    assert re.sub(r"\s", "", render(text)) == "<p>Look:</p><p>After.</p>"
    preview = render_preview(text)
    assert "No image “no-such-image” in the image library" in preview


def test_the_preview_asks_for_alt_text_credit_and_licence(make_image):
    make_image(credit="", licence="")

    preview = render_preview("![](image:nerve-diagram)")

    assert "has no alt text" in preview and "has no credit" in preview and "has no licence" in preview
    assert "has no alt text" not in render("![](image:nerve-diagram)")


def test_image_links_are_not_links(make_image):
    make_image()

    assert render("[see](image:nerve-diagram)") == "<p>see</p>"


@pytest.mark.parametrize("kind", ["condition", "medication", "article", "term"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_content_type_shows_embeds_in_both_languages(
    client, make_image, make_condition, make_medication, make_article, make_term, kind, language
):
    make_image()
    text = "![Nerves branching from the spine](image:nerve-diagram)"
    field = {"condition": "overview", "medication": "body", "article": "body", "term": "explanation"}[kind]
    factory = {"condition": make_condition, "medication": make_medication, "article": make_article,
               "term": make_term}[kind]  # fmt: skip
    source = factory(**{field: text})
    item = source
    if language == "es":
        item = factory(**{field: "![Nervios que salen de la columna](image:nerve-diagram)"}, language="es",
                       translation_of=source)  # fmt: skip

    page = client.get(item.get_absolute_url()).content.decode()

    alt = "Nerves branching from the spine" if language == "en" else "Nervios que salen de la columna"
    assert f'alt="{alt}"' in page and "<figure" in page
    assert "Health portal project, CC BY 4.0</span></figcaption>" in page


def test_a_lead_image_shows_on_cards_and_in_opengraph(client, make_image, make_article):
    image = make_image()
    article = make_article(slug="living-with-poems", image=image, image_alt="A nerve diagram")

    home = client.get("/").content.decode()
    page = client.get(article.get_absolute_url()).content.decode()

    assert re.search(r'<div class="card-image"><picture>.*alt="A nerve diagram" loading="lazy"', home)
    assert (
        f'<meta property="og:image" content="http://testserver/images/nerve-diagram/{image.digest}/width-1200.jpg">'
        in page
    )
    assert '<meta property="og:image:alt" content="A nerve diagram">' in page


def test_an_image_others_may_not_pass_on_stays_out_of_opengraph(client, make_image, make_condition):
    image = make_image(licence=Licence.ALL_RIGHTS_RESERVED)
    condition = make_condition(image=image, image_alt="Skin thickening")

    page = client.get(condition.get_absolute_url()).content.decode()

    assert "og:image" not in page
    assert image.redistribution_allowed is False


def test_cards_with_images_cost_no_query_per_card(client, make_image, make_article, make_author,
                                                  django_assert_max_num_queries):  # fmt: skip
    author = make_author()
    for number in range(3):
        make_article(image=make_image(slug=f"image-{number}"), image_alt="A diagram", author=author)
    client.get("/articles/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/articles/")
    for number in range(3, 12):
        make_article(image=make_image(slug=f"image-{number}"), image_alt="A diagram", author=author)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/articles/").content.decode()

    assert html.count('class="card-image"') == 12
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("markdown", "lead", "message"),
    [
        ("![](image:nerve-diagram)", {}, "has no alt text"),
        ("![A diagram](image:no-credit)", {}, "has no credit"),
        ("![A diagram](image:no-licence)", {}, "has no licence"),
        ("![A diagram](image:not-there)", {}, "is not in the image library"),
        ("", {"image": "nerve-diagram"}, "has no alt text"),
    ],
)
def test_sign_off_refuses_an_image_without_alt_text_credit_or_licence(
    make_image, make_condition, reviewer, approve, markdown, lead, message
):
    images = {
        "nerve-diagram": make_image(),
        "no-credit": make_image(slug="no-credit", credit=""),
        "no-licence": make_image(slug="no-licence", licence=""),
    }
    fields = {"image": images[lead["image"]]} if lead else {}
    condition = make_condition(status=Status.IN_REVIEW, published_at=None, overview=markdown, **fields)

    with pytest.raises(signoff.SignOffRefused, match=message):
        approve(condition)

    condition.refresh_from_db()
    assert condition.status == Status.IN_REVIEW


def test_a_decorative_use_and_a_complete_image_may_go_live(make_image, make_article, approve):
    make_image()
    make_image(slug="flourish", purpose="decorative")
    article = make_article(
        status=Status.IN_REVIEW,
        published_at=None,
        body="![](image:flourish)\n\n![Nerves of the legs](image:nerve-diagram)",
        image=make_image(slug="lead"),
        image_decorative=True,
    )

    assert approve(article) == "Approved and published"


def test_the_admin_says_why_a_page_with_an_unlabelled_image_waits(reviewer, make_image, make_article):
    make_image()
    article = make_article(status=Status.IN_REVIEW, published_at=None, body="Text.\n\n![](image:nerve-diagram)")
    client = client_for(reviewer)
    data = form_of(client, change_url(article), "article")
    data["_workflow"] = "publish"

    response = client.post(change_url(article), data, follow=True)

    assert "has no alt text" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_a_changed_lead_image_on_a_live_page_waits_in_its_working_copy(client, editor, make_image, make_condition):
    condition = make_condition(slug="poems", image=make_image(), image_alt="Old picture")
    new = make_image(slug="new-picture")
    editor_client = client_for(editor)
    data = form_of(editor_client, change_url(condition), "condition")
    data.update({"image": str(new.pk), "image_alt": "New picture"})

    editor_client.post(change_url(condition), data)

    page = client.get("/conditions/poems/").content.decode()
    assert "Old picture" in page and "New picture" not in page


def test_where_used_lists_pages_embedding_or_leading_with_an_image(admin_client, make_image, make_condition,
                                                                   make_article):  # fmt: skip
    image = make_image()
    make_condition(name="POEMS syndrome", overview="![Nerves](image:nerve-diagram)")
    make_article(title="Living with POEMS", image=image, image_alt="Nerves")
    make_article(title="Unrelated guide")

    uses = {(how, str(item)) for how, item in references.where_used(image)}
    page = admin_client.get(f"/admin/images/image/{image.pk}/change/").content.decode()

    assert uses == {("Shown in the text of", "POEMS syndrome"), ("Lead image of", "Living with POEMS")}
    assert "POEMS syndrome" in page and "Living with POEMS" in page and "Unrelated guide" not in page


def test_a_change_to_an_image_reaches_exactly_the_cached_pages_that_show_it(
    client, settings, make_image, make_condition, make_article
):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    image = make_image()
    hub = make_condition(name="Pictured syndrome", overview=f"![Nerves](image:{image.slug})")
    guide = make_article(title="Pictured guide", image=image, image_alt="Nerves")
    unrelated = make_article(title="Unrelated guide")
    pages = [hub.get_absolute_url(), guide.get_absolute_url(), unrelated.get_absolute_url()]
    for url in pages:
        client.get(url)

    image.credit = "Someone else"
    image.save()

    assert [client.get(url)["X-Cache"] for url in pages] == ["miss", "miss", "hit"]
    assert "Someone else" in client.get(hub.get_absolute_url()).content.decode()
    cache.clear()


def test_a_page_embedding_an_image_not_yet_in_the_library_shows_it_once_it_is(
    client, settings, make_image, make_condition
):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    hub = make_condition(name="Waiting syndrome", overview="![Nerves](image:drawn-later)")
    client.get(hub.get_absolute_url())

    make_image(slug="drawn-later")

    assert "drawn-later" in client.get(hub.get_absolute_url()).content.decode()
    cache.clear()


@pytest.mark.parametrize(
    ("markdown", "problem"),
    [
        ("![IMG_2041.jpg](image:nerve-diagram)", "file_name"),
        ("![scan.png](image:nerve-diagram)", "file_name"),
        ('![The nerves of the legs](image:nerve-diagram "The nerves of the legs.")', "repeats_caption"),
    ],
)
def test_the_readability_panel_warns_on_poor_alt_text(make_image, markdown, problem):
    make_image()

    report = readability.analyse(markdown)

    assert [item["problem"] for item in report.alt_text] == [problem]


def test_good_alt_text_gets_no_warning(admin_client, make_image):
    make_image()
    text = '![Nerves branching from the spine to the feet](image:nerve-diagram "The nerves of the legs")'

    data = admin_client.post("/markdownx/readability/", {"content": text}).json()
    bad = admin_client.post("/markdownx/readability/", {"content": "![DSC0042](image:nerve-diagram)"}).json()

    assert data["alt_text"] == []
    assert bad["alt_text"] == [{"alt": "DSC0042", "problem": "file_name"}]
    assert bad["text"]["alt_text_notes"] == ["(a file name: say what the picture shows)"]


def test_the_demo_draws_its_images_and_uses_them_in_both_languages(client, db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # again: nothing drawn twice

    from images.models import Image

    assert sorted(Image.objects.values_list("slug", flat=True)) == ["lenalidomide-cycle", "nerve-diagram"]
    assert {(image.credit, image.licence) for image in Image.objects.all()} == {("OpenPOEMS contributors", "cc-by-4.0")}
    hub = client.get("/conditions/poems-syndrome/").content.decode()
    hub_es = client.get("/es/condiciones/sindrome-poems/").content.decode()
    guide_es = client.get(
        "/es/articulos/lenalidomida-para-el-sindrome-poems-mecanismo-beneficios-y-riesgos/"
    ).content.decode()
    assert 'alt="Drawing of a person with nerves running from the spine to the feet.' in hub
    assert 'alt="Dibujo de una persona con los nervios que van de la columna a los pies.' in hub_es
    assert "Un ciclo de lenalidomida de 28 días." in guide_es
    assert '<meta property="og:image" content="http://testserver/images/nerve-diagram/' in hub_es
