"""Personal data out of feedback, measured on the labelled examples (bench/scrubbing.py prints
the same numbers, kept in bench/results.md)."""

import importlib.util
from pathlib import Path

import pytest

from feedback.scrubbing import KINDS, REMOVED, scrub

BENCH = Path(__file__).resolve().parents[2] / "bench" / "scrubbing.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_scrubbing", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_labelled_set_is_big_enough_and_covers_every_kind():
    examples = _bench().load_examples()
    assert len(examples) >= 200
    labelled = {kind for example in examples for kind, _ in example["remove"]}
    assert labelled == set(KINDS)
    assert sum(1 for example in examples if not example["remove"]) >= 60  # tricky negatives


def test_recall_and_false_positives_meet_their_thresholds():
    result = _bench().measure(_bench().load_examples())
    for kind in KINDS:
        assert result.recall(kind) >= 0.9, (kind, result.missed)
    assert sum(result.removed.values()) / sum(result.labelled.values()) >= 0.97, result.missed
    assert sum(result.false_positives.values()) <= 2, result.wrongly_removed
    assert result.negatives_touched <= 1, result.wrongly_removed


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("NHS 943 476 5919", "nhs"),
        ("DNI 12345678Z", "dni_nie"),
        ("NIE X1234567L", "dni_nie"),
    ],
)
def test_check_digits_are_checked(text, kind):
    assert scrub(text).counts == {kind: 1}
    wrong = text[:-1] + ("0" if text[-1].isdigit() and text[-1] != "0" else "1" if text[-1].isdigit() else "A")
    assert kind not in scrub(wrong).counts


def test_what_is_removed_is_marked_and_counted():
    result = scrub("Write to a@b.com or c@d.org, tel 020 7946 0958.")
    assert result.text == f"Write to {REMOVED} or {REMOVED}, tel {REMOVED}."
    assert result.counts == {"email": 2, "phone": 1}


def test_clinical_numbers_stay():
    text = "Lenalidomide 25 mg days 1-21, D47.2, VEGF 1200 pg/mL, since 2024, BP 120/80, 1,000 units."
    assert scrub(text).text == text
