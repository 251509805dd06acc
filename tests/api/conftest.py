"""Helpers for the API tests: every JSON answer is checked against the app's own OpenAPI schema."""

import functools

import jsonschema
import pytest
from django.core.management import call_command
from django.test import Client


@functools.cache
def openapi() -> dict:
    return Client().get("/api/v1/openapi.json").json()


def assert_matches_schema(response, path: str, method: str = "get") -> dict:
    """Validate a response body against the schema the API publishes for it; return the body."""
    document = openapi()
    operation = document["paths"][path][method]
    answer = operation["responses"][str(response.status_code)]
    schema = answer["content"]["application/json"]["schema"]
    validator = jsonschema.Draft202012Validator({**schema, "components": document["components"]})
    body = response.json()
    validator.validate(body)
    return body


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
