import re

import pytest

from portal.models import Status


@pytest.mark.parametrize("count", [10, 200])
def test_home_shows_featured_conditions_and_latest_guides(
    client, django_assert_num_queries, make_condition, make_article, count
):
    for index in range(count):
        make_condition(name=f"Featured {index:03d}", featured=True)
        make_article(title=f"Guide {index:03d}")
    make_condition(name="Draft featured", featured=True, status=Status.DRAFT)

    # 1 featured published conditions, 2 the latest published articles with authors.
    with django_assert_num_queries(2):
        html = client.get("/").content.decode()

    assert "Featured 000" in html and "Draft featured" not in html
    assert html.count('<article class="card">') == 6


def test_pages_have_one_h1_a_skip_link_and_landmarks(client, db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    for url in [
        "/",
        "/conditions/",
        "/conditions/poems-syndrome/",
        "/medications/",
        "/medications/gabapentin/",
        "/articles/",
        "/articles/lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks/",
        "/authors/ruaridh-wood/",
        "/tags/poems/",
        "/no-such-page/",
    ]:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html, url
        assert '<nav aria-label="Main">' in html and "<footer" in html, url
        assert '<form role="search"' in html and '<label for="site-search"' in html, url
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
        assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False)), (url, levels)


def test_the_500_page_is_friendly_and_needs_no_database(rf, db, django_assert_num_queries):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/anything/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
