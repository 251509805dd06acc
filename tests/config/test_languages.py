"""Public pages stay in English whatever the browser asks for; the admin follows it."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from config.languages import StaffLanguageMiddleware


def test_the_admin_log_in_page_follows_the_browser_language(client, db):
    response = client.get("/admin/login/", headers={"accept-language": "es-ES,es;q=0.9,en;q=0.5"})
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="es"' in html and "Iniciar sesión" in html and "Log in" not in html
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]
    assert "private" in response["Cache-Control"]  # never kept by a shared cache


def test_the_admin_stays_in_english_for_an_english_or_unknown_browser(client, db):
    for accept in ["en-GB,en;q=0.8", "fr-FR,fr;q=0.9", ""]:
        response = client.get("/admin/login/", headers={"accept-language": accept})
        html = response.content.decode()
        assert "Log in" in html and "Iniciar sesión" not in html, accept
        assert response["Content-Language"] == "en-gb"


def test_a_public_page_ignores_accept_language(client, make_article):
    article = make_article(title="Fluid and salt")
    for url in ["/", "/conditions/", "/articles/", article.get_absolute_url(), "/no-such-page/"]:
        plain = client.get(url)
        spanish = client.get(url, headers={"accept-language": "es"})

        assert spanish.status_code == plain.status_code, url
        assert spanish.content == plain.content, url  # byte for byte
        assert '<html lang="en-GB">' in spanish.content.decode(), url
        assert "Accept-Language" not in spanish.get("Vary", ""), url
        assert spanish["Content-Language"] == "en-gb", url  # the address's language, not the browser's


def test_a_spanish_browser_cannot_put_a_spanish_page_in_the_page_cache(client, settings, make_article):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    article = make_article(title="Cached in English")

    first = client.get(article.get_absolute_url(), headers={"accept-language": "es"})
    second = client.get(article.get_absolute_url())

    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content and "Skip to main content" in second.content.decode()
    cache.clear()


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/admin/", "es"),
        ("/admin/conditions/condition/", "es"),
        ("/markdownx/markdownify/", "es"),
        ("/", "en-gb"),
        ("/conditions/", "en-gb"),
        ("/api/v1/conditions", "en-gb"),
        ("/administration/", "en-gb"),
    ],
)
def test_only_staff_paths_follow_the_browser(path, language):
    seen = []

    def view(request):
        seen.append(translation.get_language())
        return HttpResponse()

    request = RequestFactory().get(path, headers={"accept-language": "es"})
    with translation.override("en-gb"):
        StaffLanguageMiddleware(view)(request)
        assert translation.get_language() == "en-gb"  # restored once answered

    assert seen == [language]


def test_the_language_is_restored_after_an_admin_request(client, db):
    with translation.override("en-gb"):
        client.get("/admin/login/", headers={"accept-language": "es"})
        assert translation.get_language() == "en-gb"


def test_the_content_forms_speak_the_staff_members_language(admin_client):
    spanish = admin_client.get("/admin/conditions/condition/add/", headers={"accept-language": "es"}).content.decode()
    english = admin_client.get("/admin/conditions/condition/add/").content.decode()

    for label in ["Añadir enfermedad", "Nombre corto", "Una abreviatura que los pacientes pueden buscar", "Trasplante"]:
        assert label in spanish, label
    for label in ["Add condition", "Short name", "An abbreviation patients may search for", "Transplant"]:
        assert label in english and label not in spanish, label
