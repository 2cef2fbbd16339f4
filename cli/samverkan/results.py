"""Query results in one neutral shape, written as table, CSV, TSV, JSON or Markdown.

Results from the embedded store, from rdflib and from a remote endpoint are all turned into a
``ResultTable`` first, so every engine prints the same bytes for the same answer.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from .namespaces import PREFIXES

OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "md")

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Shown compacted in the human formats (table, md); CSV/TSV/JSON keep full IRIs.
DISPLAY_PREFIXES = {
    namespace: f"{prefix}:"
    for prefix, namespace in PREFIXES.items()
    if prefix not in ("dct", "owl", "rdf", "rdfs", "xsd")
}


@dataclass(frozen=True)
class Term:
    """An RDF term as the SPARQL JSON results format describes it."""

    kind: str  # "uri" | "literal" | "bnode" | "triple"
    value: str
    datatype: str | None = None
    lang: str | None = None

    def to_json(self) -> dict:
        out: dict = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype and self.datatype != XSD_STRING and self.kind == "literal":
            out["datatype"] = self.datatype
        return out

    def display(self) -> str:
        if self.kind == "uri":
            for namespace, prefix in DISPLAY_PREFIXES.items():
                if self.value.startswith(namespace):
                    return prefix + self.value[len(namespace):]
        if self.kind == "bnode":
            return "_:" + self.value
        return self.value

    def turtle(self) -> str:
        """The term in Turtle/N-Triples syntax, as the SPARQL TSV format wants it."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        escaped = (
            self.value.replace("\\", "\\\\").replace('"', '\\"')
            .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        )
        if self.lang:
            return f'"{escaped}"@{self.lang}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{escaped}"^^<{self.datatype}>'
        return f'"{escaped}"'


@dataclass
class ResultTable:
    """SELECT results: variable names and rows of terms (None where unbound)."""

    variables: list[str]
    rows: list[list[Term | None]]


def term_from_oxigraph(term: object | None) -> Term | None:
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


def table_from_oxigraph(solutions: object) -> ResultTable:
    variables = [v.value for v in solutions.variables]
    rows = [[term_from_oxigraph(row[name]) for name in variables] for row in solutions]
    return ResultTable(variables, rows)


def table_from_json(data: dict) -> ResultTable:
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
    bindings = [
        {
            name: term.to_json()
            for name, term in zip(table.variables, row, strict=True)
            if term is not None
        }
        for row in table.rows
    ]
    doc = {"head": {"vars": table.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_csv(table: ResultTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.variables)
    for row in table.rows:
        writer.writerow(["" if t is None else t.value for t in row])
    return out.getvalue()


def to_tsv(table: ResultTable) -> str:
    lines = ["\t".join("?" + v for v in table.variables)]
    lines += ["\t".join("" if t is None else t.turtle() for t in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def _cells(table: ResultTable) -> list[list[str]]:
    return [
        ["" if t is None else t.display().replace("\n", " ") for t in row] for row in table.rows
    ]


def to_text_table(table: ResultTable) -> str:
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
    def esc(value: str) -> str:
        return value.replace("|", "\\|")
    out = ["| " + " | ".join(table.variables) + " |",
           "|" + "|".join("---" for _ in table.variables) + "|"]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in _cells(table)]
    return "\n".join(out) + "\n"


def render(table: ResultTable, fmt: str) -> str:
    """The result table in one of OUTPUT_FORMATS."""
    writers = {"table": to_text_table, "csv": to_csv, "tsv": to_tsv, "json": to_json,
               "md": to_markdown}
    return writers[fmt](table)


def render_boolean(value: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    return ("true" if value else "false") + "\n"
