import pytest
from django.db import IntegrityError, transaction

from articles.models import CuratedGuide
from conditions.models import ConditionRelation, Treatment


def test_a_condition_cannot_be_its_own_component(make_condition):
    condition = make_condition()

    with pytest.raises(IntegrityError), transaction.atomic():
        ConditionRelation.objects.create(condition=condition, related=condition)


def test_a_component_is_linked_only_once(make_condition):
    hub, component = make_condition(), make_condition()
    ConditionRelation.objects.create(condition=hub, related=component)

    with pytest.raises(IntegrityError), transaction.atomic():
        ConditionRelation.objects.create(condition=hub, related=component, role="related")


def test_an_article_is_curated_only_once_per_condition(make_condition, make_article, make_curated_guide):
    hub, article = make_condition(), make_article()
    make_curated_guide(hub, article)

    with pytest.raises(IntegrityError), transaction.atomic():
        CuratedGuide.objects.create(condition=hub, article=article, position=2)


def test_treatments_keep_the_editors_order(make_condition, make_medication):
    hub = make_condition()
    Treatment.objects.create(condition=hub, name="Second", category="monitoring", position=2)
    Treatment.objects.create(condition=hub, name="First", category="transplant", position=1)

    assert [t.name for t in hub.treatments.all()] == ["First", "Second"]


def test_aliases_are_read_one_per_line(make_condition):
    condition = make_condition(also_known_as="Crow–Fukase syndrome\n\n  Takatsuki syndrome  \n")

    assert condition.aliases == ["Crow–Fukase syndrome", "Takatsuki syndrome"]
