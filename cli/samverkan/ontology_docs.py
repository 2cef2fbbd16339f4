"""HTML documentation of the ontology and its SKOS vocabularies (`make docs`).

pyLODE prints every label of a term in a row, so a term labelled in Swedish and English reads
"kommun (myndighet)municipality (authority)"; and pyLODE 3.3.4 does not render SKOS concepts.
So the ontology page is made once per language from a copy of the ontology that keeps only
that language's texts (``index.html`` in English, ``index.sv.html`` in Swedish, each linking to
the other and to the vocabularies), and the vocabularies get their own page,
``vocabularies.html``, one table per concept scheme with the Swedish and English labels side by
side. Run as ``python -m samverkan.ontology_docs OUT_DIR``.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import resource_dir, write_atomically

if TYPE_CHECKING:  # rdflib is imported only by the functions that use it
    import rdflib

LANGUAGES = {"en": ("index.html", "English"), "sv": ("index.sv.html", "svenska")}
VOCABULARIES_PAGE = "vocabularies.html"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def ontology_graph(name: str = "samverkan.ttl") -> rdflib.Graph:
    """One shipped ontology file as an rdflib Graph."""
    import rdflib

    return rdflib.Graph().parse(resource_dir("ontology") / name, format="turtle")


OWN = "https://w3id.org/samverkan/"


def in_language(graph: rdflib.Graph, language: str) -> rdflib.Graph:
    """A copy of ``graph`` with only one language's texts and without the declarations of
    reused terms (OWL 2 DL needs them; on the page they would look like samverkan's own)."""
    import rdflib

    copy = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.language and o.language != language:
            continue
        if (p == rdflib.RDF.type and isinstance(s, rdflib.URIRef)
                and not str(s).startswith(OWN)):
            continue
        copy.add((s, p, o))
    return copy


def _switcher(current: str) -> str:
    links = [f'<a href="{page}" hreflang="{lang}">{name}</a>'
             for lang, (page, name) in LANGUAGES.items() if lang != current]
    links.append(f'<a href="{VOCABULARIES_PAGE}">'
                 f'{"vokabulär" if current == "sv" else "vocabularies"}</a>')
    return f'<nav id="samverkan-languages">{" · ".join(links)}</nav>'


def ontology_page(graph: rdflib.Graph, language: str) -> str:
    """The pyLODE page for one language, with links to the other language and the vocabularies."""
    import logging

    from pylode import OntPub

    logging.disable(logging.INFO)  # pyLODE logs each step at INFO
    try:
        page = OntPub(in_language(graph, language)).make_html()
    finally:
        logging.disable(logging.NOTSET)
    page = page.replace("<html>", f'<html lang="{language}">', 1)
    return page.replace('<div id="content">', f'{_switcher(language)}<div id="content">', 1)


def vocabularies_page(graph: rdflib.Graph) -> str:
    """One table per SKOS concept scheme: concept, labels and definitions in both languages."""
    from rdflib.query import ResultRow

    rows = graph.query(f"""
        PREFIX skos: <{SKOS}>
        SELECT ?scheme ?schemeSv ?schemeEn ?concept ?sv ?en ?broader ?defSv ?defEn
               (GROUP_CONCAT(DISTINCT STR(?alt); separator=", ") AS ?variants)
        WHERE {{
          ?scheme a skos:ConceptScheme ; skos:prefLabel ?schemeSv, ?schemeEn .
          ?concept skos:inScheme ?scheme ; skos:prefLabel ?sv, ?en .
          FILTER(lang(?schemeSv) = "sv" && lang(?schemeEn) = "en")
          FILTER(lang(?sv) = "sv" && lang(?en) = "en")
          OPTIONAL {{ ?concept skos:altLabel ?alt }}
          OPTIONAL {{ ?concept skos:definition ?defSv FILTER(lang(?defSv) = "sv") }}
          OPTIONAL {{ ?concept skos:definition ?defEn FILTER(lang(?defEn) = "en") }}
          OPTIONAL {{ ?concept skos:broader/skos:prefLabel ?broader FILTER(lang(?broader) = "sv") }}
        }}
        GROUP BY ?scheme ?schemeSv ?schemeEn ?concept ?sv ?en ?broader ?defSv ?defEn
        ORDER BY ?scheme ?sv ?concept""")
    e = html.escape
    parts = ['<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">',
             "<title>samverkan: vokabulär / vocabularies</title>",
             "<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
             "table{border-collapse:collapse;width:100%;margin-bottom:2em}"
             "th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
             "th{background:#eef}code{font-size:.9em}</style></head><body>",
             "<h1>samverkan: vokabulär / vocabularies</h1>",
             '<p><a href="index.sv.html" hreflang="sv">ontologin (svenska)</a> · '
             '<a href="index.html" hreflang="en">the ontology (English)</a></p>']
    current = None
    for row in rows:
        if not isinstance(row, ResultRow):  # a SELECT gives rows, never a boolean or triples
            raise TypeError("the vocabularies query must be a SELECT")
        if row.scheme != current:
            if current is not None:
                parts.append("</tbody></table>")
            current = row.scheme
            parts.append(f'<h2 id="{e(str(row.scheme).rstrip("/").rsplit("/", 1)[-1])}">'
                         f'{e(str(row.schemeSv))} / <span lang="en">{e(str(row.schemeEn))}'
                         f'</span></h2><p><code>{e(str(row.scheme))}</code></p>')
            parts.append("<table><thead><tr><th>begrepp / concept</th><th>svenska</th>"
                         "<th>English</th><th>varianter / variants</th>"
                         "<th>bredare / broader</th><th>definition</th></tr></thead><tbody>")
        parts.append(
            f"<tr><td><code>{e(str(row.concept))}</code></td><td>{e(str(row.sv))}</td>"
            f'<td lang="en">{e(str(row.en))}</td><td>{e(str(row.variants or ""))}</td>'
            f"<td>{e(str(row.broader or ''))}</td><td>{e(str(row.defSv or ''))}"
            f'<br><span lang="en">{e(str(row.defEn or ""))}</span></td></tr>')
    if current is not None:
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_docs(out_dir: Path) -> list[Path]:
    """Write the two ontology pages and the vocabularies page into ``out_dir``."""
    graph = ontology_graph()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for language, (page, _name) in LANGUAGES.items():
        path = out_dir / page
        write_atomically(path, ontology_page(graph, language).encode("utf-8"))
        written.append(path)
    path = out_dir / VOCABULARIES_PAGE
    write_atomically(path, vocabularies_page(ontology_graph("vocabularies.ttl")).encode("utf-8"))
    written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - `make docs`
    for written_path in write_docs(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/ontology")):
        print(f"wrote {written_path}")
