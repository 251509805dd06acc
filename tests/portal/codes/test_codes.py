"""Codes on conditions and medications, validated as editors enter them."""

import pytest
from django.core.exceptions import ValidationError

from conditions.models import ConditionCode
from medications.models import MedicationCode
from portal.codes.systems import (
    CodeSystem,
    icd10cm_ancestors,
    icd10cm_description,
    icd10cm_search,
    is_well_formed,
    normalize,
)


def test_icd10cm_codes_are_checked_against_the_code_set(make_condition):
    condition = make_condition()

    ConditionCode(condition=condition, system=CodeSystem.ICD10CM, code="d47z9").full_clean()  # normalised, valid

    with pytest.raises(ValidationError, match="not in the ICD-10-CM code set"):
        ConditionCode(condition=condition, system=CodeSystem.ICD10CM, code="D47.Z8").full_clean()


def test_an_icd10cm_code_is_stored_upper_case_with_its_dot(make_condition):
    code = ConditionCode(condition=make_condition(), system=CodeSystem.ICD10CM, code=" d47z9 ")
    code.full_clean()

    assert code.code == "D47.Z9"
    assert code.description.startswith("Other specified neoplasms of uncertain behavior of lymphoid")


@pytest.mark.parametrize(
    ("code", "valid"), [("22298006", True), ("22298007", False), ("12345", False), ("0298006", False)]
)
def test_snomed_ct_ids_need_a_valid_verhoeff_check_digit(make_condition, code, valid):
    row = ConditionCode(condition=make_condition(), system=CodeSystem.SNOMEDCT, code=code)
    if valid:
        row.full_clean()
    else:
        with pytest.raises(ValidationError):
            row.full_clean()


@pytest.mark.parametrize(
    ("system", "code", "valid"),
    [
        (CodeSystem.RXNORM, "25480", True),
        (CodeSystem.RXNORM, "25480a", False),
        (CodeSystem.RXNORM, "0", False),
        (CodeSystem.ATC, "N03AX12", True),
        (CodeSystem.ATC, "N03A", True),
        (CodeSystem.ATC, "N3AX12", False),
        (CodeSystem.ATC, "N03AX1", False),
    ],
)
def test_rxcui_and_atc_codes_are_checked_by_format(make_medication, system, code, valid):
    row = MedicationCode(medication=make_medication(), system=system, code=code)
    if valid:
        row.full_clean()
    else:
        with pytest.raises(ValidationError):
            row.full_clean()


def test_a_condition_takes_no_medication_code_system(make_condition):
    row = ConditionCode(condition=make_condition(), system=CodeSystem.RXNORM, code="25480")

    with pytest.raises(ValidationError):
        row.full_clean()


def test_the_same_code_twice_on_one_item_is_refused(make_medication):
    medication = make_medication()
    MedicationCode.objects.create(medication=medication, system=CodeSystem.RXNORM, code="25480")

    with pytest.raises(ValidationError):
        MedicationCode(medication=medication, system=CodeSystem.RXNORM, code="25480").full_clean()


def test_icd10cm_helpers():
    assert icd10cm_ancestors("D47.Z9") == ["D47.Z9", "D47.Z", "D47"]
    assert icd10cm_ancestors("d47z9") == ["D47.Z9", "D47.Z", "D47"]
    assert icd10cm_description("D47").startswith("Other neoplasms of uncertain behavior of lymphoid")
    assert icd10cm_description("D47.Z8") is None
    assert ("G62.9", "Polyneuropathy, unspecified") in icd10cm_search("polyneuropathy unspecified")
    assert icd10cm_search("D47.Z")[0][0] == "D47.Z"
    assert normalize(CodeSystem.ICD10CM, "g629") == "G62.9"
    assert is_well_formed(CodeSystem.ICD10CM, "D47.Z9") and not is_well_formed(CodeSystem.ICD10CM, "47.Z9")


def test_demo_content_carries_real_codes_and_keeps_editors_changes(db):
    from django.core.management import call_command

    from conditions.models import Condition

    call_command("load_demo", verbosity=0)
    poems = Condition.objects.get(slug="poems-syndrome")
    assert [code.code for code in poems.codes.all()] == ["D47.Z9"]
    assert set(MedicationCode.objects.filter(system="rxnorm").values_list("medication__slug", "code")) >= {
        ("gabapentin", "25480"),
        ("bortezomib", "358258"),
        ("melphalan", "6718"),
    }
    poems.codes.all().delete()
    ConditionCode.objects.create(condition=poems, system=CodeSystem.ICD10CM, code="D47.Z")

    call_command("load_demo", verbosity=0)

    assert [code.code for code in poems.codes.all()] == ["D47.Z"]
