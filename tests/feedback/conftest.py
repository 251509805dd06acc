import pytest
from django.contrib.auth.models import Group

from portal.publishing.signoff import record_publication


@pytest.fixture
def make_reviewer(db, django_user_model, make_author):
    """A medical reviewer's staff account and author profile, reviewing in `languages`."""

    def make(username: str, languages: list[str]):
        user = django_user_model.objects.create_user(username, password=f"pw-{username}-123", is_staff=True)
        user.groups.add(Group.objects.get(name="Medical reviewers"))
        author = make_author(name=f"Dr {username.title()}", user=user, reviews_in=languages)
        return user, author

    return make


@pytest.fixture
def hub(make_condition, make_reviewer):
    """The POEMS hub in English and Spanish, each signed off by its own reviewer and with its
    published version recorded, as sign-off does."""
    en_user, en_author = make_reviewer("rhea", ["en"])
    es_user, es_author = make_reviewer("ines", ["es"])
    english = make_condition(name="POEMS syndrome", slug="poems-syndrome", reviewed_by=en_author)
    spanish = make_condition(
        name="Síndrome POEMS", slug="sindrome-poems", language="es", translation_of=english, reviewed_by=es_author
    )
    return {
        "en": (english, record_publication(english, en_author), en_user),
        "es": (spanish, record_publication(spanish, es_author), es_user),
    }


@pytest.fixture
def answer(client):
    """Post an answer about `item` as a browser on this site would."""

    def send(item, version=None, origin="http://testserver", address="192.0.2.1", **fields):
        data = {"page": f"{item._meta.label_lower}:{item.pk}", "helpful": "no", **fields}
        if version is not None:
            data["version"] = version.pk
        headers = {"REMOTE_ADDR": address}
        if origin:
            headers["HTTP_ORIGIN"] = origin
        return client.post("/feedback/", data, **headers)

    return send
