"""Small factories with sensible defaults, one per content type."""

import datetime
import importlib
import itertools
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.utils import timezone

from articles.models import Article, CuratedGuide
from conditions.models import Condition
from glossary.models import Term
from medications.models import BrandName, Medication
from portal.caching import backend as cache_backend
from portal.caching import generation as cache_generation
from portal.caching import local as local_memory
from portal.caching import render_once
from portal.models import Author, Status
from tests.processes import run_manage

_counter = itertools.count(1)

PAST = timezone.make_aware(datetime.datetime(2025, 10, 18, 9, 0))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (local memory, or Redis when REDIS_URL is set),
    and none of an earlier test's page cache state: its Redis outage, its copy of the
    database's content generation (maybe from a rolled-back transaction), the pages a
    process keeps in memory, a content change still being sent to a cache that test had
    configured."""
    resender = cache_generation.resender
    if resender is not None:
        resender.join(timeout=10)  # it now reaches this test's cache and ends
    cache_backend.ResilientRedisCache._down_until = 0.0
    cache_backend.ResilientRedisCache._last_warning = 0.0
    cache_generation._database_generation["read_at"] = float("-inf")
    local_memory.local_pages.clear()
    render_once.forget()
    cache.clear()


def _unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def signed_off(model, **fields):
    """Create an item as if a medical reviewer had signed it off (portal.publishing.signoff): factories
    make content in any state, published included."""
    obj = model(**fields)
    obj._signed_off = True
    obj.save()
    return obj


def create_generated_articles(author: Author, count: int, published_at=lambda index: PAST, start: int = 0) -> None:
    """`count` published articles about fluid balance, numbered from `start`, in bulk inserts
    (no signals, no search index). bench/serve.py loads its corpus with it too."""
    Article.objects.bulk_create(
        (
            Article(
                slug=f"generated-{index}",
                title=f"Generated guide {index} on fluid balance",
                summary="A generated summary about diuretics and fluid.",
                body="## Salt\n\nGenerated body text about salt, water and kidneys.\n\n## Water\n\nMore text.",
                author=author,
                status=Status.PUBLISHED,
                published_at=published_at(index),
            )
            for index in range(start, start + count)
        ),
        batch_size=2000,
    )


@pytest.fixture
def make_author(db):
    def make(**fields) -> Author:
        slug = fields.pop("slug", None) or _unique("author")
        fields.setdefault("name", slug.replace("-", " ").title())
        fields.setdefault("credentials", "MD")
        return Author.objects.create(slug=slug, **fields)

    return make


@pytest.fixture
def make_condition(db):
    def make(**fields) -> Condition:
        slug = fields.pop("slug", None) or _unique("condition")
        fields.setdefault("name", slug.replace("-", " ").capitalize())
        fields.setdefault("summary", f"Summary of {fields['name']}.")
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("published_at", PAST)
        return signed_off(Condition, slug=slug, **fields)

    return make


@pytest.fixture
def make_medication(db):
    def make(brands: tuple[str, ...] = (), **fields) -> Medication:
        slug = fields.pop("slug", None) or _unique("medication")
        fields.setdefault("name", slug)
        fields.setdefault("summary", f"Summary of {fields['name']}.")
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("published_at", PAST)
        medication = signed_off(Medication, slug=slug, **fields)
        for brand in brands:
            BrandName.objects.create(medication=medication, name=brand)
        return medication

    return make


@pytest.fixture
def make_article(db, make_author):
    def make(**fields) -> Article:
        slug = fields.pop("slug", None) or _unique("article")
        fields.setdefault("title", slug.replace("-", " ").capitalize())
        fields.setdefault("summary", f"Summary of {fields['title']}.")
        fields.setdefault("body", "## Heading\n\nBody text.")
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("published_at", PAST)
        if "author" not in fields:
            fields["author"] = make_author()
        return signed_off(Article, slug=slug, **fields)

    return make


@pytest.fixture
def make_curated_guide(db):
    def make(condition: Condition, article: Article, position: int = 0, note: str = "") -> CuratedGuide:
        return CuratedGuide.objects.create(condition=condition, article=article, position=position, note=note)

    return make


@pytest.fixture
def editor(django_user_model, db):
    """A staff member in the Editors group (created by a migration)."""
    user = django_user_model.objects.create_user("edna", password="pw-editor-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reviewer(django_user_model, make_author, db):
    """A staff member in the Medical reviewers group, linked to an author: may sign off."""
    user = django_user_model.objects.create_user("rhys", password="pw-reviewer-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    make_author(name="Dr Rhys Morgan", credentials="MD, pharmacologist", user=user)
    return user


@pytest.fixture
def approve(db, django_user_model, make_author):
    """Sign off an item's pending changes as a second medical reviewer (four eyes), once
    they are submitted for review: a working copy still being edited is submitted first."""
    from portal.models import WorkingCopyState
    from portal.publishing import signoff, working_copies

    def approve_it(item, go_live_at=None) -> str:
        copy = working_copies.copy_of(item)
        if copy is not None and copy.state == WorkingCopyState.EDITING:
            working_copies.submit(copy)
        user = django_user_model.objects.filter(username="second-reviewer").first()
        if user is None:  # a superuser: transactional tests may have emptied the groups
            user = django_user_model.objects.create_superuser("second-reviewer", password="pw-second-123")
            make_author(name="Dr Second Reviewer", credentials="MD", user=user, reviews_in=["en", "es"])
        return signoff.publish(item, user, go_live_at)

    return approve_it


@pytest.fixture
def make_term(db):
    def make(term: str | None = None, **fields) -> Term:
        slug = fields.pop("slug", None) or _unique("term")
        fields.setdefault("definition", f"What {term or slug} means, in plain words.")
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("published_at", PAST)
        return signed_off(Term, slug=slug, term=term or slug.replace("-", " "), **fields)

    return make


@pytest.fixture
def editorial_roles(transactional_db):
    """The Editors and Medical reviewers groups. A migration creates them, but tests that
    commit (a live server, threads) empty every table after each test: create them again,
    the same way."""
    from django.apps import apps

    roles = importlib.import_module("portal.migrations.0005_editorial_roles")
    images = importlib.import_module("images.migrations.0002_editorial_roles")
    # SQLite's shared in-memory database answers "table is locked" at once, without waiting,
    # while the live server's thread still reads it for the previous test's last request.
    for attempt in itertools.count(1):
        try:
            with transaction.atomic():
                roles.create_roles(apps, None)
                images.grant(apps, None)
            break
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 50:
                raise
            time.sleep(0.1)


@pytest.fixture
def manage():
    return run_manage
