import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from portal.models import Status
from tests.forms import read_form


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


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def make_item(make_condition, make_medication, make_article):
    def make(kind: str, **fields):
        fields.setdefault("status", Status.DRAFT)
        fields.setdefault("published_at", None)
        return {"condition": make_condition, "medication": make_medication, "article": make_article}[kind](**fields)

    return make


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def form_of(client: Client, url: str, model_name: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    return read_form(response.content.decode(), f"{model_name}_form")
