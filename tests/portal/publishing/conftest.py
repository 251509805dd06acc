import pytest

from portal.models import Status


@pytest.fixture
def make_item(make_condition, make_medication, make_article):
    def make(kind: str, **fields):
        fields.setdefault("status", Status.DRAFT)
        fields.setdefault("published_at", None)
        return {"condition": make_condition, "medication": make_medication, "article": make_article}[kind](**fields)

    return make
