"""Run read-only SPARQL on the embedded store; every answer comes back in one neutral shape.

Local queries never reach the network: ``SERVICE`` is refused before the engine sees the query
(pyoxigraph would otherwise follow it), and so is every SPARQL Update.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import BadInputError
from .results import ResultTable, table_from_oxigraph
from .savedqueries import tokens

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "LOAD", "COPY", "MOVE", "ADD",
                "WITH")


@dataclass
class Answer:
    """A SELECT table, an ASK boolean, or CONSTRUCT/DESCRIBE triples as Turtle bytes."""

    form: str
    table: ResultTable | None = None
    boolean: bool | None = None
    rdf: bytes | None = None


def query_form(text: str) -> str:
    """The form of a query, read from its tokens (comments and strings cannot fool it)."""
    in_declaration = False  # PREFIX/BASE: everything up to the IRI is the declaration
    for kind, token in tokens(text):
        if kind == "comment" or token.isspace():
            continue
        if in_declaration:
            in_declaration = kind != "iri"
            continue
        if kind == "word":
            upper = token.upper()
            if upper in ("PREFIX", "BASE"):
                in_declaration = True
                continue
            if upper in QUERY_FORMS:
                return upper
            if upper in UPDATE_WORDS:
                raise BadInputError(
                    f"updates are refused: samverkan runs read-only queries (got {upper})"
                )
        break
    raise BadInputError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def check_local(text: str) -> str:
    """Refuse what a local query must not do; return the query form."""
    form = query_form(text)
    for kind, token in tokens(text):
        if kind == "word" and token.upper() == "SERVICE":
            raise BadInputError(
                "SERVICE is refused in local queries (no network access); "
                "run the query on an endpoint with --endpoint URL instead"
            )
    return form


def run_local(store: object, text: str) -> Answer:
    """Run a query on the embedded store with the default graph as the union of named graphs."""
    import pyoxigraph as ox

    form = check_local(text)
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise BadInputError(f"SPARQL syntax error: {error}") from error
    if form == "ASK":
        return Answer(form, boolean=bool(result))
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Answer(form, rdf=result.serialize(format=ox.RdfFormat.TURTLE))
    return Answer(form, table=table_from_oxigraph(result))
