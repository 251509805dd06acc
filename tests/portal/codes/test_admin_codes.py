"""Editors see each ICD-10-CM code with its official wording, and find codes by description."""

import pytest
from django.urls import reverse

from conditions.models import ConditionCode
from portal.codes.systems import CodeSystem
from tests.forms import read_form


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password"))
    return client


def test_condition_admin_shows_each_code_with_its_official_description(staff_client, make_condition):
    condition = make_condition()
    ConditionCode.objects.create(condition=condition, system=CodeSystem.ICD10CM, code="G62.9")

    html = staff_client.get(reverse("admin:conditions_condition_change", args=[condition.pk])).content.decode()

    assert "Polyneuropathy, unspecified" in html
    assert 'data-icd10cm-lookup="/admin/codes/icd10cm/"' in html
    assert "portal/code_lookup.js" in html


def test_code_lookup_finds_codes_by_description_and_by_code(staff_client):
    by_words = staff_client.get("/admin/codes/icd10cm/?q=monoclonal gammopathy").json()["results"]
    by_code = staff_client.get("/admin/codes/icd10cm/?q=d47.z").json()["results"]

    assert {"code": "D47.2", "description": "Monoclonal gammopathy"} in by_words
    assert [row["code"] for row in by_code][:3] == ["D47.Z", "D47.Z1", "D47.Z2"]


def test_code_lookup_is_for_staff_only(client, db):
    response = client.get("/admin/codes/icd10cm/?q=polyneuropathy")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_bad_code_in_the_admin_inline_is_refused_with_a_message(staff_client, make_condition):
    condition = make_condition()
    url = reverse("admin:conditions_condition_change", args=[condition.pk])
    data = read_form(staff_client.get(url).content.decode(), "condition_form")
    new_row = {"codes-0-system": ["icd10cm"], "codes-0-code": ["D47.Z8"], "codes-0-position": ["1"]}
    data.update({"codes-TOTAL_FORMS": ["1"], **new_row})

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "D47.Z8 is not in the ICD-10-CM code set" in response.content.decode()
    assert not ConditionCode.objects.exists()
