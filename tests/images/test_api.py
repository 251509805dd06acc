"""Images in the API and the feed: alt text, credit, licence and renditions; an image whose
licence forbids passing it on never leaves the site."""

import pytest

from images.models import Licence


@pytest.fixture
def pictures(make_image):
    return {
        "open": make_image(slug="nerve-diagram", licence=Licence.CC_BY),
        "closed": make_image(slug="library-photo", title="Licensed photo", licence=Licence.ALL_RIGHTS_RESERVED),
        "nc": make_image(slug="nc-photo", licence=Licence.CC_BY_NC),
    }


def test_an_article_answer_carries_its_images(client, pictures, make_article):
    make_article(
        slug="nerves",
        body="![Nerves of the legs](image:nerve-diagram)\n\n![A rash](image:library-photo)",
        image=pictures["open"],
        image_alt="A nerve diagram",
    )

    data = client.get("/api/v1/articles/nerves").json()

    assert data["image"]["alt"] == "A nerve diagram" and data["image"]["decorative"] is False
    assert (data["image"]["credit"], data["image"]["licence"], data["image"]["licence_label"]) == (
        "Health portal project",
        "cc-by-4.0",
        "CC BY 4.0",
    )
    rendition = data["image"]["renditions"][0]
    assert rendition["url"].startswith("http://testserver/images/nerve-diagram/")
    assert (rendition["width"], rendition["height"], rendition["type"]) == (400, 225, "image/jpeg")
    assert client.get(rendition["url"]).status_code == 200
    assert [image["slug"] for image in data["images"]] == ["nerve-diagram"]
    assert data["images"][0]["alt"] == "Nerves of the legs"
    assert "library-photo" not in str(data)
    assert 'srcset="http://testserver/images/nerve-diagram/' in data["body_html"]


@pytest.mark.parametrize("closed", ["closed", "nc"])
@pytest.mark.parametrize("kind", ["condition", "medication", "article"])
def test_an_image_others_may_not_pass_on_is_left_out(
    client, pictures, make_condition, make_medication, make_article, kind, closed
):
    image = pictures[closed]
    text = f"![A rash](image:{image.slug})"
    field = {"condition": "overview", "medication": "body", "article": "body"}[kind]
    factory = {"condition": make_condition, "medication": make_medication, "article": make_article}[kind]
    item = factory(slug="item", image=image, image_alt="A rash", **{field: text})
    plural = {"condition": "conditions", "medication": "medications", "article": "articles"}[kind]

    answer = client.get(f"/api/v1/{plural}/item")
    page = client.get(item.get_absolute_url()).content.decode()

    assert answer.status_code == 200
    assert answer.json()["image"] is None and answer.json()["images"] == []
    assert image.slug not in answer.content.decode()
    assert f"/images/{image.slug}/" in page  # our own page shows it, as the licence allows
    assert "og:image" not in page


def test_the_feed_never_carries_an_image_others_may_not_pass_on(client, pictures, make_article):
    make_article(title="Rash care", body="![A rash](image:library-photo)", image=pictures["closed"], image_alt="A rash")

    feed = client.get("/feeds/articles/").content.decode()

    assert "Rash care" in feed and "library-photo" not in feed


def test_the_api_answer_of_an_article_without_images(client, make_article):
    make_article(slug="plain")

    data = client.get("/api/v1/articles/plain").json()

    assert data["image"] is None and data["images"] == []
