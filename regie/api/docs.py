"""The API's documentation page, rendered by Regie from its own OpenAPI
document: no scripts, no CDN, nothing the CSP has to allow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(ref: dict[str, Any] | None) -> str:
    if not ref:
        return ""
    target = ref.get("$ref") or ref.get("items", {}).get("$ref", "")
    name = str(target).rsplit("/", 1)[-1]
    return f"[{name}]" if "items" in ref and name else name


def _first_schema(content: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of the first media type of a request body or answer."""
    for media in content.values():
        found: dict[str, Any] | None = media.get("schema")
        return found
    return None


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per operation, in the document's order, for the page."""
    rows = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            ok_schema = [
                (status, _schema_name(_first_schema(answer.get("content", {}))))
                for status, answer in responses.items()
                if status.startswith("2")
            ]
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "parameters": [
                        (p["name"], p["in"], p.get("required", False))
                        for p in operation.get("parameters", [])
                    ],
                    "body": _schema_name(_first_schema(body)),
                    "ok": ok_schema,
                    "errors": sorted(k for k in responses if k[0] in "45"),
                }
            )
    return rows


def schema_rows(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per schema with its fields as a list (a template cannot walk a
    dict that has a key named "items", such as the list routes' pages)."""
    return [
        {
            "name": name,
            "fields": list(spec.get("properties", {}).items()),
            "required": spec.get("required", []),
        }
        for name, spec in sorted(schema.get("components", {}).get("schemas", {}).items())
    ]


class PlainDocs(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "api/docs.html",
            {
                "title": api.title,
                "version": api.version,
                "description": api.description,
                "operations": operations(schema),
                "schemas": schema_rows(schema),
                "openapi_url": reverse(f"{api.urls_namespace}:openapi-json"),
            },
        )
