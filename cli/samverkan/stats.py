"""Counts that tell a user what the graph holds: by graph, by class, by source article."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import SamverkanError
from .results import ResultTable
from .sparql import run_local

if TYPE_CHECKING:
    import pyoxigraph as ox

_QUERIES = {
    "triples by graph": """
        SELECT ?graph (COUNT(*) AS ?triples)
        WHERE { GRAPH ?graph { ?s ?p ?o } }
        GROUP BY ?graph ORDER BY ?graph""",
    "instances by class": """
        SELECT ?class (COUNT(DISTINCT ?s) AS ?instances)
        WHERE {
          GRAPH ?g { ?s a ?class }
          FILTER(?g != <https://w3id.org/samverkan/graph/ontology>
                 && ?g != <https://w3id.org/samverkan/graph/description>)
        }
        GROUP BY ?class ORDER BY DESC(?instances) ?class""",
    "claims by source": """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX schema: <https://schema.org/>
        SELECT ?source ?headline (COUNT(DISTINCT ?claim) AS ?claims)
        WHERE {
          ?source a schema:NewsArticle .
          OPTIONAL { ?source schema:headline ?headline }
          OPTIONAL {
            ?claim prov:wasDerivedFrom ?source .
            FILTER(!STRSTARTS(STR(?claim), "https://w3id.org/samverkan/graph/"))
          }
        }
        GROUP BY ?source ?headline ORDER BY ?source""",
}


def graph_statistics(store: ox.Store) -> list[tuple[str, ResultTable]]:
    tables = []
    for title, text in _QUERIES.items():
        table = run_local(store, text).table
        if table is None:  # every query above is a SELECT
            raise SamverkanError(f"the statistics query {title!r} gave no table")
        tables.append((title, table))
    return tables
