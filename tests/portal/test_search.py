import pytest

from portal.models import Status


@pytest.fixture
def catalogue(make_condition, make_medication, make_article):
    make_condition(
        slug="poems-syndrome", name="POEMS syndrome", short_name="POEMS", also_known_as="Crow–Fukase syndrome"
    )
    make_medication(slug="gabapentin", name="gabapentin", drug_class="gabapentinoid", brands=("Neurontin",))
    make_medication(slug="spironolactone", name="spironolactone", brands=("Aldactone",))
    make_article(title="Comparing diuretics").tags.add("fluid")
    make_article(title="Secret diuretic draft", status=Status.DRAFT)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("neurontin", "/medications/gabapentin/"),
        ("ALDACTONE", "/medications/spironolactone/"),
        ("poems", "/conditions/poems-syndrome/"),
        ("Crow–Fukase", "/conditions/poems-syndrome/"),
        ("diuretics", "Comparing diuretics"),
        ("fluid", "Comparing diuretics"),
    ],
)
def test_search_finds_names_brands_aliases_and_titles(client, catalogue, query, expected):
    html = client.get("/search/", {"q": query}).content.decode()

    assert expected in html


def test_search_never_finds_drafts(client, catalogue):
    html = client.get("/search/", {"q": "secret"}).content.decode()

    assert "Secret diuretic draft" not in html
    assert "No published pages match" in html


@pytest.mark.parametrize(
    "query",
    ["", " ", "\x00", "a\x00b", "' OR 1=1 --", '"', "\\", "%", "_", "a & !b | c:*", "<script>alert(1)</script>"],
)
def test_hostile_search_input_gets_a_clear_answer(client, catalogue, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_overlong_search_is_a_400_with_a_message(client, db):
    response = client.get("/search/", {"q": "x" * 1000})

    assert response.status_code == 400
    assert "limited to 200 characters" in response.content.decode()


def test_broken_percent_encoding_is_not_an_error(client, db):
    response = client.get("/search/?q=%E0%A4%A")

    assert response.status_code == 200
