"""slug_url gives exactly what reverse() gives, only faster."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from portal.urls_fast import slug_url


@pytest.mark.parametrize("viewname", ["articles:detail", "articles:author", "conditions:detail", "medications:detail"])
@pytest.mark.parametrize("slug", ["poems-syndrome", "a", "under_score-2"])
def test_the_same_address_as_reverse(viewname, slug):
    assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


def test_the_script_prefix_is_kept():
    try:
        set_script_prefix("/portal/")
        assert slug_url("articles:detail", "x") == "/portal/articles/x/" == reverse("articles:detail", args=["x"])
    finally:
        set_script_prefix("/")
    assert slug_url("articles:detail", "x") == "/articles/x/"


def test_a_slug_the_address_cannot_hold_fails_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        slug_url("articles:detail", "not/a slug")
