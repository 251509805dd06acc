import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Status
from portal.text.markdown import broken_links, render, render_many, to_html, unsafe_links

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<img src=x onerror="alert(1)">',
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x](vbscript:msgbox(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name=password></form>',
    "<!-- <script>alert(1)</script> -->",
    '[x](https://example.org "title" onmouseover="alert(1)")',
    "<<script>script>alert(1)<</script>/script>",
    "```\n<script>alert(1)</script>\n```",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
]

SAFE_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip


class ElementCollector(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def unsafe_parts(html: str) -> list[str]:
    collector = ElementCollector()
    collector.feed(html)
    found = []
    for tag, attrs in collector.elements:
        if tag not in SAFE_TAGS:
            found.append(f"tag <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"attribute {name} on <{tag}>")
            if name in {"href", "src"} and re.match(r"\s*(javascript|vbscript|data):", value, re.IGNORECASE):
                found.append(f"{name}={value}")
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_never_reaches_the_page(text):
    html = render(text)

    assert unsafe_parts(html) == [], html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_a_link_whose_address_the_sanitiser_removed_is_plain_text(address):
    text = f"See [the *leaflet*]({address}) first."

    html = render(text)

    assert html == "<p>See the <em>leaflet</em> first.</p>"  # no <a> that looks like a link and goes nowhere
    assert unsafe_links(text) == [address.replace("&#106;", "j")]


@pytest.mark.django_db
def test_links_the_sanitiser_keeps_are_not_called_unsafe(make_medication):
    make_medication(slug="gabapentin")
    text = "[NHS](https://www.nhs.uk/), [here](#risks), [us](/about/), [gaba](medication:gabapentin), <a@b.org>"

    assert unsafe_links(text) == []
    assert render(text).count("<a href=") == 5


@pytest.mark.django_db
def test_raw_html_is_shown_as_text_not_markup():
    html = render("Some <b>bold</b> claim")

    assert "<b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.django_db
def test_markdown_features_editors_use_survive_sanitising():
    html = render(
        "# Title\n\n## Section\n\n**bold** and *emphasis*\n\n- one\n- two\n\n"
        "| Drug | Dose |\n| --- | ---: |\n| gabapentin | 300 mg |\n\n"
        "[NHS](https://www.nhs.uk/) and ![chart](/media/chart.png)"
    )

    assert '<h2 id="title">Title</h2>' in html  # the page's h1 is its title
    assert '<h2 id="section">Section</h2>' in html
    assert "<strong>bold</strong>" in html and "<em>emphasis</em>" in html
    assert "<li>one</li>" in html
    assert '<td align="right">300 mg</td>' in html
    assert '<a href="https://www.nhs.uk/">NHS</a>' in html
    assert '<img alt="chart" src="/media/chart.png">' in html


def test_headings_are_collected_for_a_table_of_contents():
    rendered = to_html("## How it works\n\ntext\n\n### Detail\n\n#### Too deep\n\n## Risks")

    assert [(h.level, h.anchor, h.title) for h in rendered.headings] == [
        (2, "how-it-works", "How it works"),
        (3, "detail", "Detail"),
        (2, "risks", "Risks"),
    ]


@pytest.mark.django_db
def test_internal_links_resolve_to_published_objects(make_condition, make_medication, make_article):
    make_condition(slug="poems-syndrome")
    make_medication(slug="gabapentin", brands=("Neurontin",))
    make_article(slug="a-guide")

    html = render(
        "[POEMS](condition:poems-syndrome), [gaba](medication:gabapentin), "
        "[Neurontin](medication:neurontin) and [guide](article:a-guide)"
    )

    assert '<a href="/conditions/poems-syndrome/">POEMS</a>' in html
    assert '<a href="/medications/gabapentin/">gaba</a>' in html
    assert '<a href="/medications/gabapentin/">Neurontin</a>' in html
    assert '<a href="/articles/a-guide/">guide</a>' in html


@pytest.mark.django_db
def test_links_to_missing_or_unpublished_objects_become_plain_text(make_article):
    make_article(slug="draft-guide", status=Status.DRAFT)

    html = render("See [the draft](article:draft-guide) and [nothing](condition:nowhere).")

    assert html == "<p>See the draft and nothing.</p>"
    assert broken_links("[the draft](article:draft-guide) [x](condition:nowhere)") == {
        ("article", "draft-guide"),
        ("condition", "nowhere"),
    }


@pytest.mark.django_db
def test_all_links_of_a_page_resolve_in_one_query(make_condition, make_medication, make_article):
    texts = []
    for index in range(10):
        make_condition(slug=f"c-{index}")
        make_medication(slug=f"m-{index}")
        make_article(slug=f"a-{index}")
        texts.append(f"[c](condition:c-{index}) [m](medication:m-{index}) [a](article:a-{index})")

    with CaptureQueriesContext(connection) as queries:
        rendered = render_many(texts)

    assert len(queries) == 1
    assert all(html.count("<a href=") == 3 for html in rendered)


@pytest.mark.django_db
def test_text_without_internal_links_needs_no_query():
    with CaptureQueriesContext(connection) as queries:
        render("Plain [web link](https://example.org).")

    assert len(queries) == 0


def test_the_safety_check_itself_spots_unsafe_html():
    assert unsafe_parts('<p onclick="x"><script></script><a href=" JavaScript:x">y</a></p>') == [
        "attribute onclick on <p>",
        "tag <script>",
        "href= JavaScript:x",
    ]


@pytest.mark.django_db
def test_internal_links_in_any_letter_case_are_resolved_or_made_plain(make_medication):
    make_medication(slug="gabapentin")

    html = render("[a](Medication:gabapentin) [b](ARTICLE:nowhere) ![c](article:x)")

    assert '<a href="/medications/gabapentin/">a</a>' in html
    assert "ARTICLE:" not in html and "<img" not in html and "b" in html
