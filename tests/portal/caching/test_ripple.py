"""A change reaches exactly the pages it touches: the pages that showed the changed item, and
the lists of its type, are rendered again at once; every other cached page stays a hit."""

import threading
import time

import pytest
from django.core.cache import cache

from articles.models import Article, CuratedGuide
from conditions.models import Condition, Treatment
from medications.models import Medication
from portal.caching import dependencies
from portal.caching import generation as cache_generation
from portal.caching import store as page_store
from portal.caching.local import local_pages
from portal.models import ContentGeneration, Status
from portal.publishing import working_copies


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.RENDERED_ONCE_SECONDS = 60
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def site(make_condition, make_medication, make_article, make_curated_guide):
    spironolactone = make_medication(name="spironolactone", slug="spironolactone")
    other_medicine = make_medication(name="insulin", slug="insulin")
    hub = make_condition(name="Ripple syndrome", slug="ripple-syndrome")
    treatment = Treatment.objects.create(condition=hub, name="Fluid control", category="supportive")
    treatment.medications.add(spironolactone)
    unrelated = make_condition(name="Unrelated condition", slug="unrelated-condition")
    Treatment.objects.create(condition=unrelated, name="Sugar control", category="supportive").medications.add(
        other_medicine
    )
    guide = make_article(title="Water tablets compared", body="Read about [it](medication:spironolactone).")
    make_curated_guide(hub, guide)
    return {
        "medication": spironolactone,
        "pages": {
            "medication": spironolactone.get_absolute_url(),
            "hub": hub.get_absolute_url(),
            "medications A–Z": "/medications/",
            "guide": guide.get_absolute_url(),
            "unrelated condition": unrelated.get_absolute_url(),
            "other medicine": other_medicine.get_absolute_url(),
            "conditions A–Z": "/conditions/",
        },
    }


def _warm(client, pages):
    for url in pages.values():
        client.get(url)
    assert {name: client.get(url)["X-Cache"] for name, url in pages.items()} == dict.fromkeys(pages, "hit")


def test_a_change_to_one_medication_renders_again_only_the_pages_that_show_it(client, caching, site):
    pages = site["pages"]
    _warm(client, pages)

    medication = Medication.objects.get(pk=site["medication"].pk)
    medication.summary = "Spironolactone keeps potassium in and lets water out."
    medication.save()

    after = {name: client.get(url) for name, url in pages.items()}
    assert {name: response["X-Cache"] for name, response in after.items()} == {
        "medication": "miss",
        "hub": "miss",
        "medications A–Z": "miss",
        "guide": "miss",
        "unrelated condition": "hit",
        "other medicine": "hit",
        "conditions A–Z": "hit",
    }
    assert "keeps potassium in" in after["medication"].content.decode()


def test_the_changed_items_key_is_on_exactly_the_pages_that_show_it(client, caching, site):
    key = f"medication-{site['medication'].pk}"
    showing = {name for name, url in site["pages"].items() if key in client.get(url)["Surrogate-Key"].split()}
    assert showing == {"medication", "hub", "medications A–Z", "guide"}
    response = client.get(site["pages"]["hub"])
    assert response["Cache-Tag"].split(",") == response["Surrogate-Key"].split()


def test_archiving_an_item_refreshes_its_page_its_list_and_the_pages_that_link_to_it(client, caching, site):
    pages = site["pages"]
    _warm(client, pages)

    medication = Medication.objects.get(pk=site["medication"].pk)
    medication.status = Status.ARCHIVED
    medication.save()

    assert client.get(pages["medication"]).status_code == 404
    assert "spironolactone" not in client.get(pages["medications A–Z"]).content.decode()
    assert 'href="/medications/spironolactone/"' not in client.get(pages["guide"]).content.decode()
    assert client.get(pages["unrelated condition"])["X-Cache"] == "hit"


def test_a_working_copy_saved_refreshes_nothing_public(client, caching, site, django_user_model):
    pages = site["pages"]
    _warm(client, pages)
    editor = django_user_model.objects.create_superuser("ripple-editor", password="pw-ripple-123")

    snapshot = working_copies.capture(site["medication"])
    snapshot["records"][0]["fields"]["summary"] = "Not yet reviewed."
    working_copies.submit(working_copies.save_copy(site["medication"], snapshot, editor))

    assert {name: client.get(url)["X-Cache"] for name, url in pages.items()} == dict.fromkeys(pages, "hit")


def test_a_new_item_published_joins_its_list_at_once(client, caching, site, make_medication):
    pages = site["pages"]
    _warm(client, pages)

    make_medication(name="furosemide", slug="furosemide")

    assert "furosemide" in client.get(pages["medications A–Z"]).content.decode()
    assert client.get(pages["unrelated condition"])["X-Cache"] == "hit"


def test_a_page_another_request_is_rendering_is_waited_for_not_rendered_again(client, caching, site):
    """After a change, one request renders each forgotten page; the others wait for it (here
    with no grace: see the tests of PAGE_CACHE_GRACE_MS below)."""
    caching.PAGE_CACHE_GRACE_MS = 0
    url = site["pages"]["medication"]
    first = client.get(url)
    _path_key, key = page_store.page_keys(first.wsgi_request.META)
    medication = Medication.objects.get(pk=site["medication"].pk)
    medication.summary = "Rendered by the request that came first."
    medication.save()
    assert page_store.claim_render(key)  # as if another server were rendering it now

    def store_it_elsewhere():
        time.sleep(0.2)
        _generation, _page, purged = page_store._read(key)
        tag = f"{cache_generation.current_generation()}:{cache_generation.database_generation()}"
        page = page_store.encode_page(tag, 200, [("Content-Type", "text/html")], b"rendered elsewhere")
        page_store.write_page(key, page, 60, {f"medication-{medication.pk}"}, purged)
        page_store.release_render(key)

    elsewhere = threading.Thread(target=store_it_elsewhere)
    elsewhere.start()
    waited = client.get(url)
    elsewhere.join()
    assert waited["X-Cache"] == "hit" and waited.content == b"rendered elsewhere"


def test_a_render_that_never_arrives_is_waited_for_only_so_long(client, caching, site, settings):
    settings.PAGE_CACHE_RENDER_WAIT_MS = 200
    settings.PAGE_CACHE_GRACE_MS = 0
    url = site["pages"]["medication"]
    _path_key, key = page_store.page_keys(client.get(url).wsgi_request.META)
    Medication.objects.filter(pk=site["medication"].pk).update(summary="Changed quietly.")
    Medication.objects.get(pk=site["medication"].pk).save()
    assert page_store.claim_render(key)  # a server that took the render and died

    started = time.monotonic()
    response = client.get(url)
    assert response["X-Cache"] == "miss" and "Changed quietly." in response.content.decode()
    assert 0.2 <= time.monotonic() - started < 5


def _forget_while_another_renders(client, site, summary):
    url = site["pages"]["medication"]
    _path_key, key = page_store.page_keys(client.get(url).wsgi_request.META)
    assert client.get(url)["X-Cache"] == "hit"
    medication = Medication.objects.get(pk=site["medication"].pk)
    medication.summary = summary
    medication.save()
    assert page_store.claim_render(key)  # as if another request, on any server, were rendering it now
    return url, key


def test_while_a_forgotten_page_renders_the_others_are_answered_the_page_it_replaces(client, caching, site):
    """Within PAGE_CACHE_GRACE_MS of a change, requests that arrive while one request renders
    the page are answered the page it replaces at once, marked stale, instead of waiting."""
    caching.PAGE_CACHE_GRACE_MS = 5000
    before = client.get(site["pages"]["medication"]).content
    url, key = _forget_while_another_renders(client, site, "The summary the render will show.")

    started = time.monotonic()
    answered = client.get(url)
    assert answered["X-Cache"] == "stale" and answered.content == before
    assert time.monotonic() - started < 0.5  # not the render wait
    assert answered.has_header("ETag")
    assert answered["Cache-Control"] == "no-store"  # a CDN in front would keep it past the change

    page_store.release_render(key)  # that render is over: the next request renders the new page
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss" and "The summary the render will show." in fresh.content.decode()
    assert client.get(url)["X-Cache"] == "hit"


def test_the_page_a_change_replaced_is_kept_no_longer_than_the_grace(client, caching, site):
    caching.PAGE_CACHE_GRACE_MS = 150
    caching.PAGE_CACHE_RENDER_WAIT_MS = 200
    url, _key = _forget_while_another_renders(client, site, "Past the grace.")
    time.sleep(0.3)
    response = client.get(url)  # waits out the render that never arrives, then renders
    assert response["X-Cache"] == "miss" and "Past the grace." in response.content.decode()


def test_a_page_that_went_is_never_answered_from_the_page_it_replaced(client, caching, site):
    """A render that stores nothing (the item withdrawn: a 404) drops the old page with it."""
    caching.PAGE_CACHE_GRACE_MS = 5000
    url, key = _forget_while_another_renders(client, site, "About to go.")
    medication = Medication.objects.get(pk=site["medication"].pk)
    medication.status = Status.ARCHIVED
    medication.save()
    page_store.release_render(key)  # the render of the withdrawn page stored nothing
    assert page_store.claim_render(key)  # another request renders it again
    caching.PAGE_CACHE_RENDER_WAIT_MS = 100
    assert client.get(url).status_code == 404


def test_a_change_that_refreshes_everything_leaves_no_page_it_replaced(client, caching, site):
    """The fallback (a new content generation) makes the kept copies out of date too."""
    caching.PAGE_CACHE_GRACE_MS = 5000
    caching.PAGE_CACHE_RENDER_WAIT_MS = 100
    url, _key = _forget_while_another_renders(client, site, "After a restore.")
    cache_generation.content_changed()
    response = client.get(url)
    assert response["X-Cache"] == "miss" and "After a restore." in response.content.decode()


# Found by the coherence test (test_coherence.py): each a sequence after which a cached answer
# differed from a fresh one.


def test_a_guide_curated_on_a_hub_shows_at_once_on_its_page(client, caching, site, make_article):
    """The hub's main part is rendered once from the condition read before it: a change to
    the condition's rows must forget the part, not only the page around it."""
    pages = site["pages"]
    _warm(client, pages)
    unrelated = Condition.objects.get(slug="unrelated-condition")

    CuratedGuide.objects.create(condition=unrelated, article=make_article(title="Sugar and you"), position=1)

    assert "Sugar and you" in client.get(pages["unrelated condition"]).content.decode()


def test_a_hubs_overview_edited_shows_at_once(client, caching, site):
    pages = site["pages"]
    _warm(client, pages)

    hub = Condition.objects.get(slug="ripple-syndrome")
    hub.overview = "A new overview of the ripple."
    hub.save()

    assert "A new overview of the ripple." in client.get(pages["hub"]).content.decode()


def test_a_list_keyed_by_its_types_shows_an_edit_at_once(client, caching, site, monkeypatch):
    """A page that read more rows than MOST_KEYS is keyed by their types: an edit to any row
    of a type reaches it, not only a change of name or state (an article's summary on the
    articles list)."""
    monkeypatch.setattr(dependencies, "MOST_KEYS", 2)
    pages = {"articles": "/articles/", **site["pages"]}
    _warm(client, pages)
    guide = Article.objects.get(title="Water tablets compared")
    assert client.get(pages["articles"])["Surrogate-Key"].split() == ["article-any", "article-list", "author-any"]

    guide.summary = "Which water tablet suits whom."
    guide.save()

    assert "Which water tablet suits whom." in client.get(pages["articles"]).content.decode()


def test_a_search_that_found_nothing_finds_an_item_edited_to_match(client, caching, site):
    """Which items a search finds is decided by every search document: an edit that makes an
    item match refreshes the search, though the page read none of its rows before."""
    search = "/search/?q=potassium"
    assert "We found nothing" in client.get(search).content.decode()
    assert client.get(search)["X-Cache"] == "hit"

    medication = Medication.objects.get(pk=site["medication"].pk)
    medication.summary = "Spironolactone keeps potassium in."
    medication.save()

    assert "We found nothing" not in client.get(search).content.decode()


def test_a_language_version_renamed_changes_the_other_versions_alternates_at_once(client, caching, site):
    source = Medication.objects.get(pk=site["medication"].pk)
    spanish = Medication(translation_of=source, language="es", name="espironolactona", slug="espironolactona")
    spanish.summary, spanish.status, spanish._signed_off = "Retiene potasio.", Status.PUBLISHED, True
    spanish.save()
    pages = {"english": source.get_absolute_url(), "spanish": spanish.get_absolute_url()}
    _warm(client, pages)

    spanish.slug = "espironolactona-oral"
    spanish.save()
    source.slug = "spironolactone-oral"
    source.save()

    assert "/es/medicamentos/espironolactona-oral/" in client.get("/medications/spironolactone-oral/").content.decode()
    assert "/medications/spironolactone-oral/" in client.get("/es/medicamentos/espironolactona-oral/").content.decode()


def test_a_draft_asked_for_then_published_has_the_same_page_as_rendered_afresh(
    client, caching, make_condition, approve, settings
):
    """The language links are rendered once per address and item: the 404 of a draft's
    address (no item) must not lend its links to the item's page once it is published."""
    draft = make_condition(name="Oedema", slug="oedema", status=Status.DRAFT, published_at=None)
    assert client.get("/conditions/oedema/").status_code == 404

    approve(draft)

    cached = client.get("/conditions/oedema/").content.decode()
    settings.PAGE_CACHE_SECONDS, settings.RENDERED_ONCE_SECONDS = 0, 0
    assert cached == client.get("/conditions/oedema/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_process_that_keeps_no_pages_still_tells_the_servers_that_do(settings, make_medication):
    """A command or worker run without the page cache (a scheduled publish, a shell) changes
    content that app servers with other settings have cached: the database's content
    generation tells them, within DATABASE_GENERATION_SECONDS."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.RENDERED_ONCE_SECONDS = 0
    settings.CDN_PURGE = ""
    medication = make_medication(name="spironolactone", slug="spironolactone")
    before = ContentGeneration.objects.filter(pk=1).values_list("number", flat=True).first() or 0
    medication.name = "Spironolactone tablets"
    medication.save()
    after = ContentGeneration.objects.filter(pk=1).values_list("number", flat=True).first() or 0
    assert after > before


def test_a_part_another_process_changed_is_never_stored_in_a_page_rendered_after(client, caching, site):
    """A change made in another process reaches this one's parts rendered once through the
    purge log, read at most every PAGE_CACHE_LOCAL_MS. A page looked up after that purge
    must not be stored with a part rendered before it, however recently the log was read."""
    caching.PAGE_CACHE_LOCAL_MS = 60_000  # this process read the purge log just now
    url = site["pages"]["medication"]
    _path_key, key = page_store.page_keys(client.get(url).wsgi_request.META)
    medication = site["medication"]
    Medication.objects.filter(pk=medication.pk).update(summary="Changed by another process.")
    page_store.forget_pages({f"medication-{medication.pk}"})  # what that process's purge did here
    local_pages.drop(key)  # this process did not serve the page lately

    response = client.get(url)
    assert response["X-Cache"] == "miss"
    main = response.content.decode().split("<main", 1)[1]
    assert '<p class="lead">Changed by another process.</p>' in main
