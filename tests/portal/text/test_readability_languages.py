"""Readability in the item's language: Flesch–Kincaid grades for English, Szigriszt-Pazos on the
INFLESZ scale for Spanish, with targets per article kind and the glossary of that language."""

import threading

import pytest
import textstat
from django.contrib.auth.models import Group

from articles.models import Article
from portal.models import Author, Status
from portal.text import readability
from portal.text.readability import analyse, spanish_syllables
from tests.forms import change_url, client_for

ENDPOINT = "/markdownx/readability/"

JARGON = (
    "Patients with a monoclonal gammopathy frequently experience considerable difficulty comprehending the "
    "multifaceted interrelationships between haematological abnormalities and peripheral neurological "
    "manifestations that characterise this exceedingly uncommon disorder. Organomegaly is frequently "
    "demonstrated radiologically."
)
PLAIN = (
    "Some people have a group of plasma cells that all make the same antibody. "
    "It can harm the nerves. The liver or spleen may grow. Scans can show this."
)
PLAIN_ES = (
    "El síndrome POEMS es raro. Afecta a los nervios y a la sangre. Muchas personas notan que les pesan "
    "los pies. Otras sienten hormigueo en las manos. El médico le hará unas pruebas. Con ellas sabrá qué "
    "pasa. ¿Hay un tratamiento? Sí, y ayuda a casi todos. Pregunte todo lo que quiera. Su familia también "
    "puede venir."
)
DENSE_ES = (
    "Los pacientes con gammapatía monoclonal experimentan frecuentemente considerables dificultades para "
    "comprender las multifacéticas interrelaciones existentes entre las alteraciones hematológicas y las "
    "manifestaciones neurológicas periféricas que caracterizan este excepcionalmente infrecuente trastorno. "
    "La organomegalia se demuestra habitualmente mediante exploraciones radiológicas complementarias."
)


def _long(text: str) -> str:
    """Enough copies of a text to pass the 100 words from which a target applies."""
    return " ".join([text] * 4)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("agua", 2),  # a-gua: a hyphenation dictionary never leaves one letter alone
        ("día", 2),  # dí-a: an accented weak vowel breaks the diphthong
        ("país", 2),
        ("neuropatía", 5),
        ("aeropuerto", 5),  # a-e: two strong vowels are two syllables
        ("ciudadano", 4),
        ("quimioterapia", 5),
        ("muy", 1),
        ("y", 1),
        ("ayuda", 3),  # y before a vowel is a consonant
        ("buey", 1),
        ("pingüino", 3),
        ("2025", 1),
    ],
)
def test_spanish_syllables_are_counted_as_spoken(word, syllables):
    assert spanish_syllables(word) == syllables


def test_a_plain_spanish_text_is_within_its_target_and_a_dense_one_is_not():
    plain, dense = analyse(_long(PLAIN_ES), terms=[], language="es"), analyse(_long(DENSE_ES), terms=[], language="es")
    target = readability.target_grade(Article, "guide", language="es")

    assert plain.measure.code == dense.measure.code == "szigriszt_pazos"
    assert plain.score >= target > dense.score
    assert plain.score > 70 and dense.score < 40  # "fairly easy" or easier, and "very difficult"
    assert plain.grade is None and plain.smog is None  # no school grades for Spanish text
    assert not readability.judged(plain.score, plain.words, target, plain.measure)
    assert readability.judged(dense.score, dense.words, target, dense.measure)


def test_the_spanish_score_is_the_szigriszt_pazos_formula():
    report = analyse("Los gatos comen pescado. El perro duerme mucho tiempo.", terms=[], language="es")
    # 9 words, 2 sentences, 17 syllables: 206.835 - 62.3 * 17/9 - 9/2
    assert report.score == round(206.835 - 62.3 * 17 / 9 - 9 / 2, 1)


def test_a_spanish_question_or_exclamation_starts_a_new_sentence():
    report = analyse("Es raro. ¿Tiene cura? Sí. ¡Pregunte! Él le dirá.", terms=[], language="es")

    assert report.sentences == 5


def test_the_english_grades_of_english_text_are_unchanged():
    for language in (None, "en"):
        assert (analyse(JARGON, terms=[], language=language).grade, analyse(JARGON, terms=[]).smog) == (28.2, None)
        plain = analyse(PLAIN, terms=[], language=language)
        assert (plain.grade, plain.smog, plain.score, plain.measure.code) == (1.4, 6.0, 1.4, "flesch_kincaid")
    assert analyse(_long(JARGON), terms=[]).smog == 21.6


def test_the_measure_does_not_leak_between_languages():
    english_before = analyse(PLAIN, terms=[]).grade
    spanish_before = analyse(PLAIN_ES, terms=[], language="es").score

    for _ in range(3):
        assert analyse(PLAIN_ES, terms=[], language="es").score == spanish_before
        assert analyse(PLAIN, terms=[]).grade == english_before
    # textstat's shared instance is never switched to Spanish, and switching it does not move our numbers.
    assert textstat.textstat._textstatistics__lang == "en_US"
    try:
        textstat.set_lang("es")
        assert analyse(PLAIN, terms=[]).grade == english_before
        assert analyse(PLAIN_ES, terms=[], language="es").score == spanish_before
    finally:
        textstat.set_lang("en_US")


def test_languages_measured_at_once_in_threads_keep_their_own_numbers():
    expected = {"en": analyse(PLAIN, terms=[]).grade, "es": analyse(PLAIN_ES, terms=[], language="es").score}
    wrong = []

    def measure(language: str, text: str) -> None:
        for _ in range(30):
            report = analyse(text, terms=[], language=language)
            if report.score != expected[language]:
                wrong.append((language, report.score))

    threads = [threading.Thread(target=measure, args=pair) for pair in [("en", PLAIN), ("es", PLAIN_ES)] * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "unexplained"),
    [
        ("La organomegalia puede aparecer.", ["organomegalia"]),
        ("La organomegalia, es decir, el aumento de tamaño de los órganos, puede aparecer.", []),
        ("La organomegalia (órganos más grandes) puede aparecer.", []),
        ("La organomegalia es cuando los órganos crecen.", []),
        ("La organomegalia significa que los órganos crecen.", []),
        ("Los órganos crecen, lo que se llama organomegalia.", []),
        ("Su pronóstico depende de ello.", ["pronóstico"]),  # the built-in Spanish list
        ("Your prognosis depends on it.", []),  # English words are not Spanish medical words
    ],
)
def test_spanish_medical_words_and_their_explanations(text, unexplained):
    assert analyse(text, terms=["organomegalia"], language="es").unexplained_terms == unexplained


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("edna", password="pw-editor-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_the_endpoint_measures_spanish_text_with_the_spanish_measure_and_target(staff_client):
    plain = staff_client.post(
        ENDPOINT, {"content": _long(PLAIN_ES), "model": "articles.article", "kind": "guide", "language": "es"}
    ).json()
    dense = staff_client.post(
        ENDPOINT, {"content": _long(DENSE_ES), "model": "articles.article", "kind": "guide", "language": "es"}
    ).json()

    assert plain["language"] == "es" and plain["measure"] == "szigriszt_pazos"
    assert plain["grade"] is None and plain["score"] > 70
    assert plain["target"] == 55 and plain["higher_is_easier"] is True
    assert plain["above_target"] is False and dense["above_target"] is True
    assert "Szigriszt-Pazos" in plain["text"]["summary"] and "INFLESZ" in plain["text"]["summary"]
    assert "at least 55" in plain["text"]["summary"]
    assert dense["text"]["verdict"].startswith("Below the target")


@pytest.mark.parametrize(
    ("fields", "target"),
    [
        ({"model": "articles.article", "kind": "guide"}, 55),
        ({"model": "articles.article", "kind": "self_care"}, 55),
        ({"model": "articles.article", "kind": "news"}, 45),
        ({"model": "articles.article", "kind": "drug_comparison"}, 50),
        ({"model": "conditions.condition"}, 50),
        ({"model": "medications.medication"}, 50),
        ({"model": "glossary.term"}, 55),
        ({}, 55),
    ],
)
def test_the_spanish_target_follows_the_article_kind(staff_client, fields, target):
    data = staff_client.post(ENDPOINT, {"content": PLAIN_ES, "language": "es", **fields}).json()

    assert data["target"] == target


def test_without_a_language_the_endpoint_measures_the_source_language(staff_client):
    data = staff_client.post(ENDPOINT, {"content": PLAIN, "model": "articles.article"}).json()

    assert data["language"] == "en" and data["measure"] == "flesch_kincaid" and data["grade"] == data["score"]
    assert data["target"] == 8 and "Flesch–Kincaid" in data["text"]["summary"]


def test_an_unknown_language_is_a_400(staff_client):
    response = staff_client.post(ENDPOINT, {"content": PLAIN, "language": "xx"})

    assert response.status_code == 400 and response.json()["error"]


def test_the_glossary_of_the_items_language_counts(staff_client, make_term):
    make_term("plasma", status=Status.DRAFT)  # an English term that is also a Spanish word
    neuropathy = make_term("neuropathy")
    make_term("neuropatía", translation_of=neuropathy, language="es", status=Status.DRAFT)
    content = "El plasma es la parte líquida de la sangre. La neuropatía daña los nervios."

    spanish = staff_client.post(ENDPOINT, {"content": content, "language": "es"}).json()
    english = staff_client.post(ENDPOINT, {"content": "The neuropathy and the plasma."}).json()

    assert spanish["unexplained_terms"] == [{"term": "neuropatía", "in_glossary": True}]
    assert {"term": "neuropatía", "in_glossary": True} not in english["unexplained_terms"]
    assert {"term": "plasma", "in_glossary": True} in english["unexplained_terms"]


def test_the_admin_form_tells_the_panel_the_items_language(staff_client, make_article):
    source = make_article(status=Status.DRAFT)
    spanish = make_article(status=Status.DRAFT, translation_of=source, language="es")

    assert 'data-language="es"' in staff_client.get(change_url(spanish)).content.decode()
    assert 'data-language="en"' in staff_client.get(change_url(source)).content.decode()


def test_a_spanish_items_grade_and_sign_off_screen_use_the_spanish_measure(reviewer, make_article):
    source = make_article(status=Status.DRAFT, body=_long(PLAIN))
    spanish = make_article(
        status=Status.IN_REVIEW, published_at=None, translation_of=source, language="es", body=_long(DENSE_ES)
    )
    signoff_url = change_url(spanish).removesuffix("change/") + "sign-off/"
    Author.objects.filter(user=reviewer).update(reviews_in=["en", "es"])  # may sign off Spanish pages

    grade = readability.grade_of(spanish)
    screen = client_for(reviewer).get(signoff_url).content.decode()
    refused = client_for(reviewer).post(signoff_url, {"_approve": "1"}, follow=True).content.decode()

    assert grade.measure.code == "szigriszt_pazos" and grade.target == 55 and grade.above_target
    assert readability.grade_of(source).measure.code == "flesch_kincaid"
    assert "Szigriszt-Pazos" in screen and "INFLESZ" in screen and "at least 55" in screen
    assert "Below its target: approving needs a reason." in screen
    assert "Reason to publish below the target reading ease:" in screen
    assert "below its target of at least 55" in refused
    spanish.refresh_from_db()
    assert spanish.status == Status.IN_REVIEW


def test_publishing_a_spanish_item_below_its_target_notes_the_measure(make_article):
    source = make_article(status=Status.DRAFT)
    spanish = make_article(status=Status.DRAFT, translation_of=source, language="es", body=_long(DENSE_ES))

    note = readability.publish_note(readability.grade_of(spanish), "Para especialistas.")

    assert "Szigriszt-Pazos" in note and "below the target of at least 55" in note
    assert note.endswith("because: Para especialistas.")
