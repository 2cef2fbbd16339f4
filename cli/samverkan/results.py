"""Query results in one neutral shape, written as table, CSV, TSV, JSON, Markdown or XML.

Results from the embedded store, from rdflib and from a remote endpoint are all turned into a
``ResultTable`` first, so every engine prints the same bytes for the same answer.
"""

from __future__ import annotations

from .errors import UsageError
from .namespaces import DISPLAY_PREFIXES, PREFIXES, XSD_STRING, shorten

TYPE_CHECKING = False  # the typing and dataclasses modules cost `samverkan query` start-up
if TYPE_CHECKING:
    from typing import Any

TABLE_FORMATS = ("table", "csv", "tsv", "json", "md", "xml")
"""Formats of SELECT and ASK results (IRIs are shortened in table and md, for people)."""
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
"""Formats of CONSTRUCT and DESCRIBE results (``table``, the default, gives Turtle too)."""
OUTPUT_FORMATS = TABLE_FORMATS + GRAPH_FORMATS
FORMAT_HELP = ("Output format: table (for people), csv, tsv, json (SPARQL results), md or xml "
               "(SPARQL XML results); for CONSTRUCT/DESCRIBE ttl (the default), nt or jsonld.")


class Term:
    """An RDF term as the SPARQL JSON results format describes it (a value: equal by content)."""

    __slots__ = ("kind", "value", "datatype", "lang")

    def __init__(self, kind: str, value: str, datatype: str | None = None,
                 lang: str | None = None) -> None:
        self.kind = kind  # "uri" | "literal" | "bnode" | "triple"
        self.value = value
        self.datatype = datatype
        self.lang = lang

    def _key(self) -> tuple[str, str, str | None, str | None]:
        return (self.kind, self.value, self.datatype, self.lang)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Term) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Term(kind={self.kind!r}, value={self.value!r}, datatype={self.datatype!r}, "
                f"lang={self.lang!r})")

    def to_json(self) -> dict[str, str]:
        """The term as SPARQL 1.1 JSON results write it."""
        out: dict[str, str] = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype and self.datatype != XSD_STRING and self.kind == "literal":
            out["datatype"] = self.datatype
        return out

    def display(self) -> str:
        """The term as people read it: a short IRI (``id:kommun/1278``) or the plain value."""
        if self.kind == "uri":
            return shorten(self.value, DISPLAY_PREFIXES) or self.value
        if self.kind == "bnode":
            return "_:" + self.value
        return self.value

    def turtle(self) -> str:
        """The term in Turtle/N-Triples syntax, as the SPARQL TSV format wants it."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        from .rdfwrite import escape_literal

        escaped = escape_literal(self.value)
        if self.lang:
            return f'"{escaped}"@{self.lang}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{escaped}"^^<{self.datatype}>'
        return f'"{escaped}"'


class ResultTable:
    """SELECT results: variable names and rows of terms (None where unbound)."""

    def __init__(self, variables: list[str], rows: list[list[Term | None]]) -> None:
        self.variables = variables
        self.rows = rows

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResultTable):
            return NotImplemented
        return (self.variables, self.rows) == (other.variables, other.rows)

    def __repr__(self) -> str:
        return f"ResultTable(variables={self.variables!r}, rows={self.rows!r})"


def term_from_oxigraph(term: Any) -> Term | None:
    """Convert a pyoxigraph term without importing pyoxigraph here (duck-typed)."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return Term("uri", term.value)
    if kind == "BlankNode":
        return Term("bnode", term.value)
    if kind == "Literal":
        lang = term.language
        datatype = None if lang else term.datatype.value
        return Term("literal", term.value, datatype, lang)
    return Term("triple", str(term))


def table_from_oxigraph(solutions: Any) -> ResultTable:
    """A ResultTable from pyoxigraph's QuerySolutions."""
    variables = [v.value for v in solutions.variables]
    rows = [[term_from_oxigraph(row[name]) for name in variables] for row in solutions]
    return ResultTable(variables, rows)


def table_from_json(data: dict[str, Any]) -> ResultTable:
    """Read a SPARQL 1.1 Query Results JSON document (as remote endpoints return it)."""
    variables = list(data["head"]["vars"])
    rows = []
    for binding in data["results"]["bindings"]:
        row: list[Term | None] = []
        for name in variables:
            cell = binding.get(name)
            if cell is None:
                row.append(None)
                continue
            kind = "literal" if cell["type"] == "typed-literal" else cell["type"]
            lang = cell.get("xml:lang")
            datatype = cell.get("datatype")
            if kind == "literal" and not lang and not datatype:
                datatype = XSD_STRING
            row.append(Term(kind, cell["value"], datatype, lang))
        rows.append(row)
    return ResultTable(variables, rows)


def to_json(table: ResultTable) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [
        {
            name: term.to_json()
            for name, term in zip(table.variables, row, strict=True)
            if term is not None
        }
        for row in table.rows
    ]
    doc = {"head": {"vars": table.variables}, "results": {"bindings": bindings}}
    import json  # json (and the re it imports) only for this format: `query` start-up

    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _csv_field(value: str) -> str:
    """One CSV field as the csv module's default dialect writes it: quoted (quotes doubled)
    when it holds a comma, a double quote, CR or LF."""
    if "," in value or '"' in value or "\r" in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_line(fields: list[str]) -> str:
    if fields == [""]:
        return '""\r\n'  # a lone empty field is quoted, or the line would read as no field
    return ",".join([_csv_field(f) for f in fields]) + "\r\n"


def to_csv(table: ResultTable) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends.

    Written here with the csv module's rules (tests/test_startup.py compares the two): the csv
    module imports ``re``, which would cost ``samverkan query --format csv`` a fifth of its time.
    """
    lines = [_csv_line(table.variables)]
    lines += [_csv_line(["" if t is None else t.value for t in row]) for row in table.rows]
    return "".join(lines)


def to_tsv(table: ResultTable) -> str:
    """SPARQL 1.1 Query Results TSV: terms in Turtle syntax."""
    lines = ["\t".join("?" + v for v in table.variables)]
    lines += ["\t".join("" if t is None else t.turtle() for t in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def _cells(table: ResultTable) -> list[list[str]]:
    return [
        ["" if t is None else t.display().replace("\n", " ") for t in row] for row in table.rows
    ]


def to_text_table(table: ResultTable) -> str:
    """An aligned table for people, with short IRIs and a row count."""
    cells = _cells(table)
    widths = [len(v) for v in table.variables]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
    out = [line(table.variables), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    count = len(cells)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"


def to_markdown(table: ResultTable) -> str:
    """A Markdown table, with short IRIs."""
    def esc(value: str) -> str:
        return value.replace("|", "\\|")
    out = ["| " + " | ".join(table.variables) + " |",
           "|" + "|".join("---" for _ in table.variables) + "|"]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in _cells(table)]
    return "\n".join(out) + "\n"


def to_xml(table: ResultTable) -> str:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    out += [f'    <variable name="{_xml(v)}"/>' for v in table.variables]
    out += ["  </head>", "  <results>"]
    for row in table.rows:
        out.append("    <result>")
        for name, term in zip(table.variables, row, strict=True):
            if term is not None:
                out.append(f'      <binding name="{_xml(name)}">{_xml_term(term)}</binding>')
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _xml(text: str) -> str:
    """Text escaped for XML content and attributes (as xml.sax.saxutils.escape with the double
    quote added, which costs the xml format 40 ms of imports)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _xml_term(term: Term) -> str:
    if term.kind == "uri":
        return f"<uri>{_xml(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{_xml(term.value)}</bnode>"
    if term.lang:
        return f'<literal xml:lang="{_xml(term.lang)}">{_xml(term.value)}</literal>'
    if term.datatype and term.datatype != XSD_STRING:
        return f'<literal datatype="{_xml(term.datatype)}">{_xml(term.value)}</literal>'
    return f"<literal>{_xml(term.value)}</literal>"


def render(table: ResultTable, fmt: str) -> str:
    """The result table in one of TABLE_FORMATS."""
    writers = {"table": to_text_table, "csv": to_csv, "tsv": to_tsv, "json": to_json,
               "md": to_markdown, "xml": to_xml}
    if fmt not in writers:
        raise UsageError(f"--format {fmt} is for CONSTRUCT/DESCRIBE results; SELECT and ASK "
                         f"give {', '.join(TABLE_FORMATS)}")
    return writers[fmt](table)


def render_boolean(value: bool, fmt: str) -> str:
    """An ASK answer: true/false, or the JSON and XML results documents."""
    if fmt == "json":
        import json

        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"\n  <head/>\n  <boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n")
    if fmt not in TABLE_FORMATS:
        raise UsageError(f"--format {fmt} is for CONSTRUCT/DESCRIBE results; SELECT and ASK "
                         f"give {', '.join(TABLE_FORMATS)}")
    return ("true" if value else "false") + "\n"


def render_triples(ntriples: bytes, fmt: str) -> str:
    """CONSTRUCT/DESCRIBE triples, sorted, as Turtle (``table`` or ``ttl``), N-Triples or
    JSON-LD; the result formats of SELECT are refused with one line."""
    import pyoxigraph as ox

    if fmt not in ("table",) + GRAPH_FORMATS:
        raise UsageError(f"--format {fmt} is for SELECT and ASK results; CONSTRUCT and "
                         f"DESCRIBE give {', '.join(GRAPH_FORMATS)}")
    triples = sorted(set(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)), key=str)
    if fmt == "nt":
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    elif fmt == "jsonld":
        data = (ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"") + b"\n"
    else:
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return (data or b"").decode("utf-8")
