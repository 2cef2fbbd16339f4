"""The pages as HTML strings: one renderer for the server and for the static site.

Each ``*_page`` method runs the page's queries and fills a Jinja2 template (autoescape on, so a
label containing markup is shown as text). Links to IRIs under https://w3id.org/samverkan/ go
to the local path of the IRI; the static site writes them with a trailing slash (its folders).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import jinja2

from . import backend
from .pages import (
    ACTIVITY_NAMES,
    BASE,
    KIND_NAMES,
    SAM,
    SCHEMA,
    SKOS,
    PageQueries,
    SearchIndex,
    activities,
    all_sources,
    page_kind,
    required,
    tenures,
    value,
)

if TYPE_CHECKING:
    import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
WIKIDATA = "http://www.wikidata.org/entity/"
LOCAL_ROOTS = ("id/", "ontology", "vocab/", "graph/", "dataset", "catalog")

PROPERTY_NAMES = {
    SKOS + "prefLabel": "namn",
    SKOS + "altLabel": "annat namn",
    SAM + "officialName": "officiellt namn",
    "http://www.w3.org/ns/org#classification": "typ",
    SAM + "orgnr": "organisationsnummer",
    SAM + "wikidata": "Wikidata",
    SAM + "dataportalOrganisation": "dataportal.se",
    "http://www.w3.org/ns/org#unitOf": "del av",
    SAM + "coversCounty": "omfattar län",
    SAM + "inCounty": "län",
    SAM + "abbreviation": "förkortning",
    SAM + "koladaId": "Kolada",
    SAM + "municipalityCode": "kommunkod",
    SAM + "countyCode": "länskod",
    SAM + "policeRegion": "polisregion",
    SAM + "iso3166_2": "ISO 3166-2",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "klass",
    SCHEMA + "headline": "rubrik",
    SCHEMA + "author": "författare",
    SCHEMA + "publisher": "utgivare",
    SCHEMA + "datePublished": "publicerad",
    SCHEMA + "inLanguage": "språk",
    SCHEMA + "identifier": "nyckel",
    SCHEMA + "sha256": "SHA-256 av texten",
    SCHEMA + "url": "adress",
    SCHEMA + "mentions": "nämner",
}


def external_href(iri: str) -> str | None:
    """Where a link out points: Wikidata items to their page, other http(s) IRIs as they are."""
    if iri.startswith(WIKIDATA):
        return "https://www.wikidata.org/wiki/" + iri[len(WIKIDATA):]
    if iri.startswith(("http://", "https://")):
        return iri
    return None


class Views:
    """Renders every page; ``static`` switches links to the static site's folder layout."""

    def __init__(self, store: ox.Store, *, static: bool = False, max_rows: int = 10_000,
                 timeout: float = 10.0) -> None:
        self.store = store
        self.static = static
        self.max_rows = max_rows
        self.timeout = timeout
        self.queries = PageQueries()
        self.saved = backend.list_saved_queries()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(HERE / "templates")),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            link=self.link, short=backend.short_iri, external=external_href,
            page_href=self.page_href, kinds=KIND_NAMES, activity_names=ACTIVITY_NAMES,
            static=static, version=backend.VERSION, property_name=self.property_name,
            local=self.is_local,
        )
        self._index: SearchIndex | None = None

    # ---- helpers -----------------------------------------------------------------------------

    def rows(self, name: str, deadline: float | None = None, **values: str) -> list[dict]:
        text = self.queries.text(name, **values)
        return backend.select_rows(self.store, text, max_rows=self.max_rows,
                                   deadline=deadline or time.monotonic() + self.timeout)

    @staticmethod
    def is_local(iri: str) -> bool:
        return iri.startswith(BASE) and iri[len(BASE):].startswith(LOCAL_ROOTS)

    def link(self, iri: str | None) -> str | None:
        """The href for an IRI: its local path when it is ours, else its page outside."""
        if not iri:
            return None
        if self.is_local(iri):
            path, _, fragment = iri[len(BASE):].partition("#")
            href = "/" + quote(path, safe="/-._~")
            if self.static and not href.endswith("/"):
                href += "/"
            return href + ("#" + quote(fragment, safe="-._~") if fragment else "")
        return external_href(iri)

    def page_href(self, page: str, params: dict | None = None) -> str:
        """The href of a page of the site ('' for the start page, 'queries/NAME', …)."""
        href = "/" + page
        if self.static and page and not page.endswith((".csv", ".json", ".css")):
            href += "/"
        if params:
            href += "?" + urlencode(params)
        return href

    @staticmethod
    def property_name(iri: str) -> str:
        return PROPERTY_NAMES.get(iri) or backend.short_iri(iri)

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.rows("search-index"))
        return self._index

    # ---- pages -------------------------------------------------------------------------------

    def start_page(self) -> str:
        figures = {required(r, "what"): int(required(r, "n")) for r in self.rows("figures")}
        covered = [{"iri": value(r, "kommun"), "label": value(r, "label"),
                    "claims": int(required(r, "claims"))} for r in self.rows("covered-kommuner")]
        sources = [{k: value(r, k) for k in ("source", "identifier", "headline", "published",
                                             "url")} for r in self.rows("sources")]
        return self.render("start.html", figures=figures, covered=covered, sources=sources,
                           saved=self.saved.values())

    def search_page(self, q: str, everything: bool = False) -> str:
        """Hits for ``q``; ``everything`` lists every name (the static site's search page)."""
        hits = self.index.everything() if everything else (self.index.search(q) if q else [])
        return self.render("search.html", q=q, hits=hits)

    def types(self, iri: str) -> set[str]:
        return {required(r, "type") for r in self.rows("types", thing=iri)}

    def entity_page(self, iri: str) -> str | None:
        """The HTML page of an IRI, or None when the graph knows nothing about it."""
        if not backend.has_subject(self.store, iri):
            return None
        kind = page_kind(self.types(iri))
        if kind == "kommun":
            return self.kommun_page(iri)
        if kind == "person":
            return self.person_page(iri)
        if kind == "article":
            return self.article_page(iri)
        if kind == "organisation":
            return self.organisation_page(iri)
        if kind == "concept":
            return self.concept_page(iri)
        return self.resource_page(iri)

    def kommun_page(self, iri: str) -> str:
        facts_rows = self.rows("kommun", kommun=iri)
        facts = {k: t.value for k, t in facts_rows[0].items()} if facts_rows else {}
        posts = tenures(self.rows("tenures", org=iri))
        acts = activities(self.rows("activities", org=iri))
        sources = all_sources(posts, *acts.values())
        return self.render("kommun.html", iri=iri, facts=facts, posts=posts, activities=acts,
                           sources=sources)

    def person_page(self, iri: str) -> str:
        rows = self.rows("person", person=iri)
        name = next((value(r, "name") for r in rows if value(r, "kind") == "name"), None)
        roles = tenures(self.rows("person-tenures", person=iri))
        spoke = [r for r in rows if value(r, "kind") == "speaker"]
        wrote = [r for r in rows if value(r, "kind") == "author"]
        from .pages import group_claims

        spoke_at = group_claims(spoke, ("claimLabel",))
        authored = group_claims(wrote, ("headline", "published", "url"))
        sources = all_sources(roles, spoke_at)
        return self.render("person.html", iri=iri, name=name, roles=roles, spoke_at=spoke_at,
                           authored=authored, sources=sources)

    def organisation_page(self, iri: str) -> str:
        facts = self.rows("organisation", org=iri)
        label = next((value(r, "value") for r in facts
                      if value(r, "property") == SKOS + "prefLabel"), None)
        posts = tenures(self.rows("tenures", org=iri))
        acts = activities(self.rows("activities", org=iri))
        members = self.rows("units", org=iri)
        sources = all_sources(posts, *acts.values())
        return self.render("organisation.html", iri=iri, label=label, facts=facts, posts=posts,
                           activities=acts, members=members, sources=sources)

    def article_page(self, iri: str) -> str:
        facts = self.rows("article", source=iri)
        meta: dict[str, dict] = {}
        for row in facts:
            meta.setdefault(required(row, "property"), row)
        claims: dict[str, dict] = {}
        for row in self.rows("article-claims", source=iri):
            thing = required(row, "thing")
            entry = claims.setdefault(thing, {"iri": thing, "types": [], "label": None,
                                              "places": []})
            kind = value(row, "type")
            if kind not in entry["types"]:
                entry["types"].append(kind)
            entry["label"] = entry["label"] or value(row, "label")
            if value(row, "paragraph") and value(row, "sentence"):
                place = f"st. {value(row, 'paragraph')}, mening {value(row, 'sentence')}"
                if place not in entry["places"]:
                    entry["places"].append(place)
        return self.render("article.html", iri=iri, facts=facts, meta=meta,
                           claims=list(claims.values()),
                           headline=value(meta.get(SCHEMA + "headline", {}), "value"),
                           url=value(meta.get(SCHEMA + "url", {}), "value"))

    def concept_page(self, iri: str) -> str:
        facts = self.rows("concept", thing=iri)
        members = self.rows("scheme-members", thing=iri)
        labels = {}
        for row in facts:
            if value(row, "property") == SKOS + "prefLabel":
                labels[row["value"].lang or ""] = value(row, "value")
        return self.render("concept.html", iri=iri, facts=facts, members=members,
                           label=labels.get("sv") or labels.get("en") or backend.short_iri(iri),
                           label_en=labels.get("en"))

    def resource_page(self, iri: str) -> str:
        about = self.saved["about"]
        text = backend.bind_saved_query(about, [("thing", iri)])
        rows = backend.select_rows(self.store, text, max_rows=self.max_rows,
                                   deadline=time.monotonic() + self.timeout)
        return self.render("resource.html", iri=iri, rows=rows)

    def ontology_page(self, iri: str) -> str:
        facts = self.rows("concept", thing=iri)
        members = self.rows("ontology-terms")
        return self.render("concept.html", iri=iri, facts=facts, members=members,
                           label="Samverkan-ontologin", label_en="The samverkan ontology")

    def queries_page(self) -> str:
        return self.render("queries.html", saved=self.saved.values())

    def query_page(self, name: str, values: dict[str, str], table: backend.ResultTable | None,
                   error: str | None, ran: bool) -> str:
        query = self.saved[name]
        downloads = {fmt: self.page_href(f"api/{name}.{fmt}", values if not self.static else None)
                     for fmt in ("csv", "json")}
        return self.render("query.html", query=query, values=values, table=table, error=error,
                           ran=ran, downloads=downloads)

    def sparql_page(self, text: str, table: backend.ResultTable | None = None,
                    boolean: bool | None = None, rdf: str | None = None,
                    error: str | None = None) -> str:
        return self.render("sparql.html", text=text, table=table, boolean=boolean, rdf=rdf,
                           error=error)

    def error_page(self, status: int, message: str) -> str:
        return self.render("error.html", status=status, message=message)
