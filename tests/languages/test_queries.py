"""Query counts stay flat per language: a Spanish page costs the same whether it shows three
items or thirty, translated or shown in English."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import CuratedGuide
from conditions.models import ConditionRelation
from tests.languages.test_content import spanish


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@pytest.fixture
def build(make_condition, make_medication, make_article):
    hub = make_condition(name="POEMS syndrome", slug="poems-syndrome")
    spanish(hub, name="Síndrome POEMS", slug="sindrome-poems", summary="Una.")
    version = hub.translations.get()
    shown = version.treatments.create(name="Tratamiento", category="symptom_relief")

    def grow(count: int) -> None:
        start = hub.relations.count()
        for index in range(start, start + count):
            component = make_condition(name=f"Component {index}", slug=f"component-{index}")
            ConditionRelation.objects.create(condition=hub, related=component, position=index)
            medication = make_medication(
                name=f"medication {index}", slug=f"medication-{index}", brands=(f"Brand{index}",)
            )
            shown.medications.add(medication)
            article = make_article(title=f"Guide {index}")
            article.conditions.add(hub)
            CuratedGuide.objects.create(condition=hub, article=article, position=index)
            if index % 2:  # half of them have a published Spanish version
                spanish(component, name=f"Componente {index}", slug=f"componente-{index}", summary="Uno.")
                spanish(medication, name=f"medicamento {index}", slug=f"medicamento-{index}", summary="Uno.")
                spanish(article, title=f"Guía {index}", slug=f"guia-{index}", summary="Una.", author=article.author)

    return grow


@pytest.mark.parametrize(
    "path",
    [
        "/es/condiciones/sindrome-poems/",
        "/es/condiciones/sindrome-poems/guias/",
        "/es/condiciones/",
        "/es/medicamentos/",
        "/es/articulos/",
        "/es/",
        "/es/buscar/?q=component",
    ],
)
def test_a_spanish_page_costs_the_same_queries_as_its_lists_grow(client, build, path):
    build(3)
    few = _queries(client, path)
    build(27)
    assert _queries(client, path) == few
