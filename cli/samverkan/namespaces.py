"""The project's prefixes: one table for export, display, validation reports and the importer.

Own namespaces sit under https://w3id.org/samverkan/ (docs/model.md); the others are the
vocabularies samverkan reuses.
"""

from __future__ import annotations

PREFIXES = {
    "sam": "https://w3id.org/samverkan/ontology#",
    "id": "https://w3id.org/samverkan/id/",
    "graph": "https://w3id.org/samverkan/graph/",
    "role": "https://w3id.org/samverkan/vocab/role/",
    "orgtype": "https://w3id.org/samverkan/vocab/org-type/",
    "agrtype": "https://w3id.org/samverkan/vocab/agreement-type/",
    "plantype": "https://w3id.org/samverkan/vocab/plan-type/",
    "eventtype": "https://w3id.org/samverkan/vocab/event-type/",
    "area": "https://w3id.org/samverkan/vocab/work-area/",
    "status": "https://w3id.org/samverkan/vocab/status/",
    "precision": "https://w3id.org/samverkan/vocab/precision/",
    "form": "https://w3id.org/samverkan/vocab/cooperation-form/",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}
