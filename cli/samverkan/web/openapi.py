"""The OpenAPI 3 document of the saved-query API, generated from the queries' headers."""

from __future__ import annotations

from collections.abc import Iterable

from . import backend

_SCHEMAS = {
    "iri": {"type": "string", "format": "uri"},
    "xsd:integer": {"type": "integer"},
    "xsd:decimal": {"type": "number"},
    "xsd:date": {"type": "string", "format": "date"},
    "xsd:boolean": {"type": "boolean"},
}
_RESULTS = {
    "application/sparql-results+json": {"schema": {"type": "object"}},
    "application/sparql-results+xml": {"schema": {"type": "string"}},
    "text/csv": {"schema": {"type": "string"}},
    "text/tab-separated-values": {"schema": {"type": "string"}},
}
_ERROR = {"text/plain": {"schema": {"type": "string"}}}


def openapi_document(queries: Iterable, server_url: str) -> dict:
    """One GET path per saved query; parameters, defaults and enumerations from the header."""
    paths: dict[str, dict] = {}
    for query in queries:
        parameters = []
        for p in query.parameters:
            schema: dict[str, object] = dict(_SCHEMAS.get(p.type_label, {"type": "string"}))
            if p.default is not None:
                schema["default"] = p.default
            if p.values:
                schema["enum"] = list(p.values)
            parameters.append({
                "name": p.name,
                "in": "query",
                "required": p.required and p.default is None,
                "description": f"{p.type_label}; "
                + ("required" if p.required else "optional")
                + ("; short IRIs such as id:kommun/1278 are accepted" if p.type_label == "iri"
                   else ""),
                "schema": schema,
            })
        parameters.append({"name": "format", "in": "query", "required": False,
                           "description": "csv, json, tsv or xml (instead of Accept)",
                           "schema": {"type": "string", "enum": ["json", "xml", "csv", "tsv"]}})
        paths[f"/api/{query.name}"] = {"get": {
            "operationId": query.name.replace("-", "_"),
            "summary": query.summary,
            "description": query.description,
            "tags": list(query.tags),
            "parameters": parameters,
            "responses": {
                "200": {"description": "SPARQL 1.1 query results", "content": _RESULTS},
                "400": {"description": "a bad or missing parameter (the CLI's message)",
                        "content": _ERROR},
                "404": {"description": "no such saved query", "content": _ERROR},
                "422": {"description": "the result is larger than the server's limit",
                        "content": _ERROR},
                "503": {"description": "the time limit was reached, or the server is busy",
                        "content": _ERROR},
            },
        }}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "samverkan saved queries",
            "version": backend.VERSION,
            "description": "Saved SPARQL queries of samverkan as a web API (grlc-style paths "
            "and parameter names); values are bound as escaped RDF terms.",
            "license": {"name": "CC BY 4.0 (data), MIT (code)"},
        },
        "servers": [{"url": server_url}],
        "paths": paths,
    }
