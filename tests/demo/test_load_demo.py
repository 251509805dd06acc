import io

from django.core.management import call_command

from articles.models import Article
from conditions.models import Condition
from medications.models import Medication

CONTENT_APPS = ["portal", "medications", "conditions", "articles", "glossary", "taggit"]


def _snapshot() -> str:
    out = io.StringIO()
    call_command("dumpdata", *CONTENT_APPS, stdout=out)
    return out.getvalue()


def test_loading_twice_changes_nothing(db):
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()

    output = io.StringIO()
    call_command("load_demo", stdout=output)

    assert _snapshot() == first
    assert "0 new items" in output.getvalue()


def test_an_editors_change_survives_a_reload(db):
    call_command("load_demo", stdout=io.StringIO())
    Condition.objects.filter(slug="poems-syndrome").update(typical_onset="Edited by an editor")

    call_command("load_demo", stdout=io.StringIO())

    assert Condition.objects.get(slug="poems-syndrome").typical_onset == "Edited by an editor"


def test_demo_hub_has_what_the_design_asks_for(db):
    call_command("load_demo", stdout=io.StringIO())

    poems = Condition.objects.published().get(slug="poems-syndrome")
    assert "Crow–Fukase syndrome" in poems.aliases
    assert poems.typical_onset
    assert [m.specialty.name for m in poems.care_team.all()][:4] == [
        "Haematology",
        "Neurology",
        "Endocrinology",
        "Dermatology",
    ]
    components = [relation.related for relation in poems.relations.all()]
    assert len(components) == 5
    assert all(component.definition and component.is_published for component in components)
    treatment_medications = {m.slug for t in poems.treatments.all() for m in t.medications.all()}
    assert {"melphalan", "lenalidomide", "bortezomib", "gabapentin", "levocetirizine", "spironolactone"} <= (
        treatment_medications
    )
    assert {t.category for t in poems.treatments.all()} >= {"transplant", "radiation", "monitoring"}


def test_demo_medications_and_brands(db):
    call_command("load_demo", stdout=io.StringIO())

    medications = {m.slug: m for m in Medication.objects.published().with_brands()}
    assert {"lenalidomide", "bortezomib", "melphalan", "gabapentin", "levocetirizine", "spironolactone"} <= set(
        medications
    )
    assert any(m.drug_class == "corticosteroid" for m in medications.values())
    assert [b.name for b in medications["gabapentin"].brand_names.all()] == ["Neurontin"]
    assert [b.name for b in medications["spironolactone"].brand_names.all()] == ["Aldactone"]
    assert all(m.drug_class and m.summary for m in medications.values())


def test_demo_articles_with_draft_and_scheduled_kept_private(db):
    call_command("load_demo", stdout=io.StringIO())

    published = Article.objects.published()
    assert published.count() >= 6
    assert {"drug_comparison", "dosage_guide", "safety_tips", "self_care"} <= set(
        published.values_list("kind", flat=True)
    )
    guide = published.get(title="Lenalidomide for POEMS Syndrome: Mechanism, Benefits, and Risks")
    assert guide.author.name == "Ruaridh Wood"
    assert guide.published_at.date().isoformat() == "2025-10-18"
    first_curated = Condition.objects.get(slug="poems-syndrome").curated_guides.first()
    assert first_curated.article == guide
    private = Article.objects.exclude(pk__in=Article.objects.published_in_any_language())
    assert {article.status for article in private} == {"draft", "published"}  # a draft and a scheduled one
    assert all(article.is_scheduled for article in private if article.status == "published")


def test_demo_glossary_has_the_poems_words_published(db):
    call_command("load_demo", stdout=io.StringIO())

    from glossary.models import Term

    published = {term.slug for term in Term.objects.published()}
    assert {
        "polyneuropathy",
        "organomegaly",
        "endocrinopathy",
        "monoclonal-gammopathy",
        "plasma-cell",
        "plasmacytoma",
        "vegf",
        "serum-protein-electrophoresis",
        "autologous-stem-cell-transplant",
    } <= published
    assert Term.objects.get(slug="polyneuropathy").condition.slug == "polyneuropathy"
