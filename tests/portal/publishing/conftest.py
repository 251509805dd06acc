import pytest
from django.contrib.auth.models import Group

from portal.models import Status


@pytest.fixture
def editor(django_user_model, db):
    user = django_user_model.objects.create_user("edna", password="pw-editor-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reviewer(django_user_model, make_author, db):
    user = django_user_model.objects.create_user("rhys", password="pw-reviewer-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    make_author(name="Dr Rhys Morgan", credentials="MD, pharmacologist", user=user)
    return user


@pytest.fixture
def make_item(make_condition, make_medication, make_article):
    def make(kind: str, **fields):
        fields.setdefault("status", Status.DRAFT)
        fields.setdefault("published_at", None)
        return {"condition": make_condition, "medication": make_medication, "article": make_article}[kind](**fields)

    return make
