"""Issue 12 item 1: `sparql --engine rdflib` ran `SERV\\u0049CE <http://…>` and called the server.
The check now runs on the query as the engine decodes it, on every engine, and rdflib's own
SERVICE evaluation is switched off, so no spelling reaches the network."""

from __future__ import annotations

import pytest
from conftest import CannedEndpoint, run_cli

from samverkan.errors import BadInputError
from samverkan.sparql import disable_rdflib_network

REFUSED = ("Error: SERVICE is refused in local queries (no network access); run the query on an "
           "endpoint with --endpoint URL instead\n")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("spelling", ["SERV\\u0049CE", "\\u0053ERVICE", "serv\\U00000069ce",
                                      "SERVICE"])
def test_escaped_service_is_refused_on_every_engine(engine, spelling, isolated_cache):
    with CannedEndpoint(200, b"{}", "application/sparql-results+json") as fake:
        query = f"SELECT * WHERE {{ {spelling} <{fake.url}> {{ ?s ?p ?o }} }}"
        result = run_cli("sparql", "--engine", engine, query)
        assert (result.exit_code, result.stderr) == (3, REFUSED)
        assert fake.requests == []  # the server never heard of it


def test_rdflib_service_evaluation_is_disabled_outright():
    from rdflib import Dataset

    disable_rdflib_network()
    with CannedEndpoint(200, b"{}", "application/sparql-results+json") as fake:
        with pytest.raises(BadInputError, match="SERVICE is refused"):
            list(Dataset().query(f"SELECT * WHERE {{ SERVICE <{fake.url}> {{ ?s ?p ?o }} }}"))
        assert fake.requests == []
