"""Load the demo content. Safe to run again: it only adds what is missing.

Items are matched by slug (specialties by name). An item that already exists is left
exactly as it is, with its inlines, so editors' changes survive `make run`.
"""

import datetime

import reversion
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from articles.models import Article, CuratedGuide, Source
from conditions.models import CareTeamMember, Condition, ConditionCode, ConditionRelation, Specialty, Treatment
from demo import content, content_es
from demo import images as drawings
from feedback.receiving import Answer, receive
from glossary.models import Term
from images import processing
from images.models import Image, Licence
from medications.models import BrandName, Medication, MedicationCode
from portal.models import Author, Status, next_review_after
from portal.pages.record import record_all
from portal.publishing import working_copies
from portal.publishing.signoff import record_publication
from portal.publishing.translations import translate


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment)


def _review(reviewer: Author | None) -> dict:
    if reviewer is None:
        return {}
    return {
        "reviewed_by": reviewer,
        "last_reviewed": content.REVIEWED_ON,
        "next_review_due": next_review_after(content.REVIEWED_ON),
    }


class Command(BaseCommand):
    help = gettext("Load the POEMS syndrome demo hub, its medicines and guides. Adds only what is missing.")

    def handle(self, *args, **options) -> None:
        self.created = 0
        self.new_objects = []
        with transaction.atomic():
            self.images = self.load_images()
            authors = {data["slug"]: self.ensure(Author, **data)[0] for data in content.AUTHORS}
            specialties = {
                name: Specialty.objects.get_or_create(name=name, defaults={"description": text})[0]
                for name, text in content.SPECIALTIES.items()
            }
            reviewer = authors["amira-haddad"]
            medications = {data["slug"]: self.load_medication(data, reviewer) for data in content.MEDICATIONS}
            conditions = {data["slug"]: self.load_condition(data, reviewer) for data in content.COMPONENTS}
            poems, poems_created = self.load_condition(content.POEMS, reviewer, with_created=True)
            conditions[poems.slug] = poems
            if poems_created:
                self.fill_hub(poems, conditions, specialties, medications)
            articles = {}
            for data in [*content.ARTICLES, content.DRAFT_ARTICLE, content.SCHEDULED_ARTICLE]:
                articles[data["slug"]] = self.load_article(data, authors, conditions, medications)
            if poems_created:
                CuratedGuide.objects.bulk_create(
                    CuratedGuide(condition=poems, article=articles[slug], position=position)
                    for position, slug in enumerate(content.CURATED_GUIDES, start=1)
                )
            terms = {data["slug"]: self.load_term(data, reviewer, conditions, medications) for data in content.TERMS}
            self.load_spanish(authors, specialties, medications, conditions, articles, terms)
            # A first version in each new item's history, so the first edit can be compared and reverted,
            # and the record of what patients were shown from its publication time.
            loaded = gettext("Demo content loaded")  # the history line of each new item
            for obj in self.new_objects:
                with reversion.create_revision():
                    reversion.add_to_revision(obj)
                    reversion.set_comment(loaded)
                if getattr(obj, "status", None) == Status.PUBLISHED:
                    record_publication(obj, obj.reviewed_by, note=loaded)
                if getattr(obj, "translation_of_id", None):  # translated from the source as published
                    obj.source_publication = working_copies.publications_of(obj.translation_of).first()
                    obj.save(update_fields=["source_publication"])
            if poems_created:
                self.load_feedback(poems)
        if self.created:
            record_all()  # which items each live page shows, for re-review when one changes
        message = ngettext(
            "Demo content loaded: %(count)d new item; existing items left untouched.",
            "Demo content loaded: %(count)d new items; existing items left untouched.",
            self.created,
        )
        self.stdout.write(message % {"count": self.created})

    @staticmethod
    def load_feedback(poems: Condition) -> None:
        """A few patients' answers on the hub, in each language, so the reviewer's and the
        editors' feedback queues have something in them."""
        answers = {"en": content.FEEDBACK, "es": content_es.FEEDBACK}
        for page in [poems, *poems.translations.filter(language="es")]:
            version = working_copies.publications_of(page).first()
            for number, (helpful, reason, text) in enumerate(answers[page.language]):
                receive(Answer(page, version, helpful, reason, text, address=f"demo-{page.language}-{number}"))

    def load_images(self) -> dict[str, Image]:
        """The project's own drawings (demo/images.py), drawn now and uploaded as an editor's
        file would be: through the library's checks, without metadata."""
        found = {}
        for slug, (title, description, draw) in drawings.DRAWINGS.items():
            image = Image.objects.filter(slug=slug).first()
            if image is None:
                image = Image(
                    slug=slug,
                    title=title,
                    description=description,
                    credit=drawings.CREDIT,
                    licence=Licence.CC_BY,
                )
                image.set_file(processing.clean_upload(ContentFile(draw())))
                image.save()
            found[slug] = image
        return found

    def ensure(self, model, slug: str, **fields):
        existing = model.objects.filter(slug=slug, **self._sources(model)).first()
        if existing is not None:
            return existing, False
        if isinstance(fields.get("image"), str):  # a demo drawing, by its slug
            fields["image"] = self.images[fields["image"]]
        obj = model(slug=slug, **fields)
        obj.full_clean()
        # Demo items go live signed off by the reviewer the demo names for them.
        obj._signed_off = getattr(obj, "reviewed_by_id", None) is not None
        obj.save()
        self.created += 1
        self.new_objects.append(obj)
        return obj, True

    @staticmethod
    def _sources(model) -> dict:
        """Demo items are matched by slug among source-language items (a Spanish slug may be the same)."""
        return {"translation_of__isnull": True} if hasattr(model, "translation_of") else {}

    def load_spanish(self, authors, specialties, medications, conditions, articles, terms) -> None:
        """The Spanish versions of the hub, its components, the medications of its treatments,
        two guides and the glossary, signed off by a reviewer who reviews in Spanish."""
        reviewer = self.ensure(Author, **content_es.REVIEWER, reviews_in=["es"])[0]
        for slug, credentials in content_es.AUTHOR_CREDENTIALS.items():
            author = authors[slug]
            if "es" not in author.translated_credentials:
                author.translated_credentials = {**author.translated_credentials, "es": credentials}
                author.save(update_fields=["translated_credentials"])
        spanish_specialties = {
            english: Specialty.objects.get_or_create(name=name, language="es", defaults={"description": text})[0]
            for english, (name, text) in content_es.SPECIALTIES.items()
        }
        for slug, data in content_es.MEDICATIONS.items():
            self.load_version(medications[slug], data, reviewer)
        for slug, data in content_es.CONDITIONS.items():
            version = self.load_version(conditions[slug], data, reviewer)
            if version is not None and "treatments" in data:
                for treatment, text in zip(version.treatments.order_by("position"), data["treatments"], strict=True):
                    treatment.name, treatment.description = text["name"], text["description"]
                    treatment.save()
                for member, focus in zip(version.care_team.order_by("position"), data["care_team"], strict=True):
                    member.specialty, member.focus = spanish_specialties[member.specialty.name], focus
                    member.save()
        for slug, data in content_es.ARTICLES.items():
            self.load_version(articles[slug], data, reviewer)
        for slug, data in content_es.TERMS.items():
            self.load_version(terms[slug], data, reviewer)

    def load_version(self, source, data: dict, reviewer: Author):
        """`source`'s Spanish version from `data`, published as its source was; None when it
        existed already (left as editors made it)."""
        if source.translations.filter(language="es").exists():
            return None
        version = translate(source, "es")
        for key, value in data.items():
            if key not in {"treatments", "care_team"}:
                setattr(version, key, value)
        version.status, version.published_at = source.status, source.published_at
        for key, value in _review(reviewer).items():
            setattr(version, key, value)
        version.full_clean()
        version._signed_off = version.status == Status.PUBLISHED
        version.save()
        self.created += 1
        self.new_objects.append(version)
        return version

    def load_medication(self, data: dict, reviewer: Author) -> Medication:
        fields = {key: value for key, value in data.items() if key not in {"slug", "brands", "codes"}}
        medication, created = self.ensure(
            Medication,
            data["slug"],
            status=Status.PUBLISHED,
            published_at=_aware(datetime.datetime(2025, 3, 1, 9, 0)),
            **fields,
            **_review(reviewer),
        )
        if created:
            for brand in data["brands"]:
                BrandName(medication=medication, name=brand).save()
            self.add_codes(MedicationCode, medication=medication, codes=data["codes"])
        return medication

    def load_condition(self, data: dict, reviewer: Author, with_created: bool = False):
        fields = {
            key: value
            for key, value in data.items()
            if key not in {"slug", "care_team", "components", "treatments", "codes"}
        }
        condition, created = self.ensure(
            Condition,
            data["slug"],
            status=Status.PUBLISHED,
            published_at=_aware(datetime.datetime(2025, 3, 1, 9, 0)),
            featured=data["slug"] == content.POEMS["slug"],
            **fields,
            **_review(reviewer),
        )
        if created:
            self.add_codes(ConditionCode, condition=condition, codes=data["codes"])
        return (condition, created) if with_created else condition

    def add_codes(self, model, codes: list[tuple[str, str]], **subject) -> None:
        """A new item's codes, each validated as the admin would (ICD-10-CM against the code set)."""
        for position, (system, code) in enumerate(codes, start=1):
            row = model(system=system, code=code, position=position, **subject)
            row.full_clean()
            row.save()

    def fill_hub(self, hub: Condition, conditions: dict, specialties: dict, medications: dict) -> None:
        CareTeamMember.objects.bulk_create(
            CareTeamMember(condition=hub, specialty=specialties[name], focus=focus, position=position)
            for position, (name, focus) in enumerate(content.POEMS["care_team"], start=1)
        )
        ConditionRelation.objects.bulk_create(
            ConditionRelation(condition=hub, related=conditions[slug], position=position)
            for position, slug in enumerate(content.POEMS["components"], start=1)
        )
        for position, (name, category, description, slugs) in enumerate(content.POEMS["treatments"], start=1):
            treatment = Treatment.objects.create(
                condition=hub, name=name, category=category, description=description, position=position
            )
            treatment.medications.set([medications[slug] for slug in slugs])

    def load_article(self, data: dict, authors: dict, conditions: dict, medications: dict) -> Article:
        published_at = data["published_at"]
        if published_at == "in 30 days":
            published_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
        elif published_at is not None:
            published_at = _aware(published_at)
        reviewer = authors[data["reviewed_by"]] if data["reviewed_by"] else None
        article, created = self.ensure(
            Article,
            data["slug"],
            title=data["title"],
            kind=data["kind"],
            status=data.get("status", Status.PUBLISHED),
            published_at=published_at,
            author=authors[data["author"]],
            summary=data["summary"],
            body=data["body"],
            **{key: data[key] for key in ("image", "image_alt") if key in data},
            **_review(reviewer),
        )
        if created:
            article.conditions.set([conditions[slug] for slug in data["conditions"]])
            article.medications.set([medications[slug] for slug in data["medications"]])
            article.tags.set(data["tags"])
            Source.objects.bulk_create(
                Source(
                    article=article,
                    title=title,
                    publisher=publisher,
                    url=url,
                    accessed_on=content.SOURCES_ACCESSED_ON,
                    position=position,
                )
                for position, (title, publisher, url) in enumerate(data["sources"], start=1)
            )
        return article

    def load_term(self, data: dict, reviewer: Author, conditions: dict, medications: dict) -> Term:
        fields = {key: value for key, value in data.items() if key not in {"slug", "condition", "medication"}}
        term, _ = self.ensure(
            Term,
            data["slug"],
            status=Status.PUBLISHED,
            published_at=_aware(datetime.datetime(2025, 10, 1, 9, 0)),
            condition=conditions.get(data.get("condition")),
            medication=medications.get(data.get("medication")),
            **fields,
            **_review(reviewer),
        )
        return term
