"""Public pages rendered in Spanish: the interface is translated and dates are in words."""

import pytest
from django.utils import translation
from django.utils.formats import date_format

from tests.conftest import PAST
from tests.i18n.conftest import REVIEWED


def test_dates_are_in_words_in_each_language():
    with translation.override("en-gb"):
        assert date_format(PAST.date(), "DATE_FORMAT") == "18 October 2025"
    with translation.override("es"):
        assert date_format(PAST.date(), "DATE_FORMAT") == "18 de octubre de 2025"


def test_a_condition_hub_in_spanish(render_in, hub):
    status, html = render_in("es", hub.get_absolute_url())

    assert status == 200
    assert '<html lang="es">' in html
    assert '<meta property="og:locale" content="es_ES">' in html
    for spanish in [
        "Saltar al contenido principal",
        ">Enfermedades</a>",
        ">Medicamentos</a>",
        ">Guías</a>",
        ">Palabras médicas</a>",
        'aria-label="Ruta de navegación"',
        ">Inicio</a>",
        "También conocida como: Crow–Fukase syndrome",
        "Tratamiento y control de los síntomas",
        "Alivio de los síntomas",  # the treatment category, a model choice
        "Medicamentos: ",
        "Palabras médicas en esta página",
        "Este sitio ofrece información general, no consejos médicos.",
    ]:
        assert spanish in html, spanish
    # Dates in words, in Spanish, with the machine-readable date beside them.
    assert '<time datetime="2025-10-18">18 de octubre de 2025</time>' in html  # the guide's card
    assert f'Última revisión de la página: <time datetime="{REVIEWED.isoformat()}">1 de octubre de 2025</time>' in html
    assert "Próxima revisión prevista: " in html
    assert 'Revisión médica a cargo de <a href="/es/autores/dr-rivera/">Dr Ana Rivera</a>, MD, el <time' in html
    # Content is not translated in this step, and no English interface text is left.
    assert "POEMS syndrome" in html
    for english in ["Skip to main content", "Page last reviewed", "Medically reviewed", "October", "Also known as"]:
        assert english not in html, english


def test_the_same_hub_in_english_is_unchanged(render_in, hub):
    status, html = render_in("en-gb", hub.get_absolute_url())

    assert status == 200
    assert '<html lang="en-GB">' in html and '<meta property="og:locale" content="en_GB">' in html
    assert '<time datetime="2025-10-18">18 October 2025</time>' in html
    assert 'Page last reviewed: <time datetime="2025-10-01">1 October 2025</time>' in html
    assert "Next review due: <time" in html
    assert 'Medically reviewed by <a href="/authors/dr-rivera/">Dr Ana Rivera</a>, MD on <time' in html
    assert "Treatment and symptom management" in html and "Symptom relief" in html


@pytest.mark.parametrize(
    ("path", "spanish"),
    [
        ("/", ["Información revisada sobre enfermedades raras y sus medicamentos", "Últimas guías"]),
        ("/conditions/", ["Enfermedades de la A a la Z", "(otro nombre de POEMS syndrome)"]),
        ("/medications/", ["Medicamentos de la A a la Z", "(marca comercial de gabapentin)"]),
        ("/medications/gabapentin/", ["Marcas comerciales: Neurontin", "Cómo conseguirlo", "Solo con receta médica"]),
        ("/articles/", ["Guías y artículos", "Todos los tipos", "Comparación de medicamentos", "1 artículo"]),
        ("/articles/living-with-poems/", ['Publicado el <time datetime="2025-10-18">18 de octubre de 2025</time>']),
        ("/glossary/", ["Palabras médicas", "Las palabras médicas que usan nuestras páginas"]),
        ("/glossary/polyneuropathy/", ["Polyneuropathy: qué significa", "Todas las palabras médicas de la A a la Z"]),
        ("/search/?q=gabapentin", ["Resultados de búsqueda para «gabapentin»", "1 resultado"]),
        ("/search/?q=zzzz", ["No encontramos nada para «zzzz»"]),
        ("/medications/compare/", ["Comparar medicamentos", "Elija de 2 a 4 medicamentos"]),
        ("/conditions/poems-syndrome/guides/", ["Guías sobre POEMS syndrome", "1 guía"]),
        ("/no-such-page/", ["No encontramos esa página", "enfermedades de la A a la Z"]),
    ],
)
def test_public_pages_in_spanish(render_in, hub, path, spanish):
    _, html = render_in("es", path)

    assert '<html lang="es">' in html
    for text in spanish:
        assert text in html, text


def test_compare_in_spanish_lists_names_and_rows_in_spanish(render_in, hub, make_medication):
    make_medication(slug="furosemide", name="furosemide")
    make_medication(slug="melphalan", name="melphalan")

    _, html = render_in("es", "/medications/compare/?m=gabapentin&m=furosemide&m=melphalan")

    assert "<title>Comparar gabapentin y furosemide y melphalan · " in html
    assert "<h1>Comparar gabapentin, furosemide y melphalan</h1>" in html
    for row in ["Clase de medicamento", "Se usa para", "Efectos secundarios frecuentes", "No se indica"]:
        assert row in html, row

    status, html = render_in("es", "/medications/compare/?m=gabapentin")
    assert status == 400
    assert "Elija entre 2 y 4 medicamentos para comparar; usted eligió 1." in html


def test_the_server_error_page_in_spanish():
    from django.template.loader import render_to_string

    with translation.override("es"):
        html = render_to_string("500.html")

    assert '<html lang="es">' in html and "Algo salió mal por nuestra parte" in html


def test_the_site_name_and_the_json_ld_breadcrumbs_follow_the_language(render_in, hub):
    _, spanish = render_in("es", hub.get_absolute_url())
    _, english = render_in("en-gb", hub.get_absolute_url())

    assert "<title>POEMS syndrome · Portal de salud</title>" in spanish
    assert '<meta property="og:site_name" content="Portal de salud">' in spanish
    assert '"position":1,"name":"Inicio"' in spanish and '"name":"Home"' not in spanish
    assert "<title>POEMS syndrome · Health portal</title>" in english
    assert '<meta property="og:site_name" content="Health portal">' in english
    assert '"position":1,"name":"Home"' in english


def test_the_page_chrome_rendered_once_keeps_each_language_apart(render_in, hub, client):
    """Header and footer are rendered once per language and reused: a Spanish page never
    lends its chrome to an English one, nor the reverse, whichever comes first."""
    for language, words, other in [
        ("es", "Saltar al contenido principal", "Skip to main content"),
        ("en-gb", "Skip to main content", "Saltar al contenido principal"),
        ("es", "Saltar al contenido principal", "Skip to main content"),
    ]:
        status, html = render_in(language, "/conditions/")
        assert status == 200 and words in html and other not in html
    page = client.get("/conditions/?q=nerve%22%3E").content.decode()
    assert "Skip to main content" in page


def test_the_search_box_shows_each_visitors_own_words(client, db):
    first = client.get("/search/", {"q": "gabapentin"}).content.decode()
    second = client.get("/search/", {"q": "nerve pain"}).content.decode()
    assert 'value="gabapentin"' in first and 'value="nerve pain"' in second
