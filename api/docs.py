"""A readable API guide rendered on the server from the OpenAPI schema.

django-ninja's own docs page loads Swagger UI from a CDN, which the site's
Content-Security-Policy (scripts from our own origin only) rightly blocks; this page needs
no script at all.
"""

import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from ninja import NinjaAPI


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return components.get(ref.rsplit("/", 1)[-1], {})
    return schema


def _or(first: str, second: str) -> str:
    # Translators: a value of either type, e.g. "string or null".
    return gettext("%(first)s or %(second)s") % {"first": first, "second": second}


def _type_name(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return functools.reduce(_or, (_type_name(option) for option in schema["anyOf"]))
    if schema.get("type") == "array":
        # Translators: the type of a list, e.g. "list of MedicationSummary".
        return gettext("list of %(type)s") % {"type": _type_name(schema.get("items", {}))}
    if "enum" in schema:
        # Translators: followed by the values allowed, e.g. "one of guide, news".
        return gettext("one of %(values)s") % {"values": ", ".join(str(value) for value in schema["enum"])}
    return schema.get("type", "object")


def docs_page(request: HttpRequest, api: NinjaAPI) -> HttpResponse:
    openapi = api.get_openapi_schema(path_prefix=request.path.rsplit("docs", 1)[0].rstrip("/"))
    components = openapi.get("components", {}).get("schemas", {})
    operations = []
    for address, methods in openapi["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _type_name(parameter.get("schema", {})),
                    "description": parameter.get("description", "")
                    or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = []
            for status, answer in operation.get("responses", {}).items():
                content = answer.get("content", {}).get("application/json", {})
                responses.append({"status": status, "type": _type_name(content.get("schema", {})) if content else "—"})
            operations.append(
                {
                    "method": method.upper(),
                    "address": address,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    schemas = [
        {
            "name": name,
            "fields": [
                {"name": field, "type": _type_name(spec), "required": field in schema.get("required", [])}
                for field, spec in _resolve(schema, components).get("properties", {}).items()
            ],
        }
        for name, schema in sorted(components.items())
    ]
    context = {
        "title": openapi["info"]["title"],
        "operations": operations,
        "schemas": schemas,
        "openapi_url": request.build_absolute_uri(request.path.rsplit("docs", 1)[0] + "openapi.json"),
        "base_url": request.build_absolute_uri("/").rstrip("/"),  # the schema's paths are absolute
    }
    return render(request, "api/docs.html", context)
