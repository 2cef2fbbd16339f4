"""What each page shows: page queries (``web/queries/*.rq``) and the rows grouped for people.

Page queries are saved queries of their own, bound with the library's safe binding, and each is
selective (bound to one entity, with a LIMIT). The templates get plain dictionaries; every
value is escaped by Jinja2 when it is written out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import backend

QUERY_DIR = Path(__file__).resolve().parent / "queries"
BASE = backend.BASE
ID = BASE + "id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SAM = BASE + "ontology#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

KIND_NAMES = {
    "kommun": ("Kommun", "Municipality"),
    "county": ("Län", "County"),
    "person": ("Person", "Person"),
    "organisation": ("Organisation", "Organisation"),
}
ACTIVITY_NAMES = {
    "agreement": ("Överenskommelser", "Agreements"),
    "cooperation": ("Samverkan", "Cooperation"),
    "event": ("Evenemang", "Events"),
    "incident": ("Händelser", "Incidents"),
    "plan": ("Planer", "Plans"),
    "crisis-group": ("Krisgrupper", "Crisis groups"),
}
STATUS_ORDER = {"current": 0, "": 1, "previous": 2}


def fold(text: str) -> str:
    """Lower case without accents, for search: 'Båstad' and 'bastad' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


class PageQueries:
    """The web package's own page queries, parsed once."""

    def __init__(self) -> None:
        self.queries = backend.list_saved_queries(QUERY_DIR)

    def text(self, name: str, **values: str) -> str:
        return backend.bind_saved_query(self.queries[name], list(values.items()))


def value(row: dict, key: str) -> str | None:
    term = row.get(key)
    return None if term is None else term.value


def required(row: dict, key: str) -> str:
    """The value of a variable the page query always binds: unbound would be a bug in it."""
    term = row.get(key)
    if term is None:
        raise backend.Error(f"a page query left ?{key} unbound")
    return term.value


@dataclass
class Source:
    """An article a statement rests on, with the places in it (paragraph and sentence)."""

    iri: str
    headline: str | None = None
    published: str | None = None
    url: str | None = None
    places: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


def _add_source(sources: dict[str, Source], row: dict) -> None:
    iri = value(row, "source")
    if iri is None:
        return
    source = sources.setdefault(iri, Source(iri, value(row, "headline"), value(row, "published"),
                                            value(row, "url")))
    paragraph, sentence = value(row, "paragraph"), value(row, "sentence")
    if paragraph is not None and sentence is not None:
        place = f"st. {paragraph}, mening {sentence}"
        if place not in source.places:
            source.places.append(place)


def group_claims(rows: list[dict], keep: tuple[str, ...]) -> list[dict]:
    """One entry per claim: the first row's ``keep`` values, every source with its places."""
    claims: dict[str, dict] = {}
    for row in rows:
        claim = value(row, "claim") or ""
        entry = claims.get(claim)
        if entry is None:
            entry = {k: value(row, k) for k in keep}
            entry["claim"] = claim
            entry["sources"] = {}
            entry["others"] = {}
            claims[claim] = entry
        other = value(row, "other")
        if other is not None:
            entry["others"].setdefault(other, value(row, "otherLabel"))
        _add_source(entry["sources"], row)
    out = list(claims.values())
    for entry in out:
        entry["sources"] = list(entry["sources"].values())
        entry["others"] = sorted(entry["others"].items(), key=lambda kv: (kv[1] or kv[0]))
    return out


TENURE_KEYS = ("role", "roleLabel", "roleLabelEn", "person", "name", "post", "postLabel",
               "organisation", "organisationLabel", "status", "statusLabel", "start", "end",
               "party", "partyLabel")
ACTIVITY_KEYS = ("kind", "claimLabel", "type", "typeLabel", "status", "statusLabel", "start",
                 "end")


def _status_key(entry: dict) -> tuple:
    status = (entry.get("status") or "").rsplit("/", 1)[-1]
    return (STATUS_ORDER.get(status, 1), entry.get("roleLabel") or "", entry.get("name") or "")


def tenures(rows: list[dict]) -> list[dict]:
    """Tenures, current first; each with 'as_of' when the data only says 'reported current'."""
    out = group_claims(rows, TENURE_KEYS)
    for entry in out:
        current = (entry.get("status") or "").endswith("/current")
        dates = sorted(s.published for s in entry["sources"] if s.published)
        entry["current"] = current and not entry.get("end")
        entry["as_of"] = dates[-1] if current and dates else None
    out.sort(key=_status_key)
    return out


def activities(rows: list[dict]) -> dict[str, list[dict]]:
    """Agreements, cooperations, events, incidents, plans and crisis groups, by kind."""
    grouped: dict[str, list[dict]] = {kind: [] for kind in ACTIVITY_NAMES}
    for entry in group_claims(rows, ACTIVITY_KEYS):
        grouped.setdefault(entry["kind"] or "other", []).append(entry)
    return {kind: entries for kind, entries in grouped.items() if entries}


def all_sources(*groups: list[dict]) -> list[Source]:
    """The distinct articles behind a page, in a stable order."""
    seen: dict[str, Source] = {}
    for group in groups:
        for entry in group:
            for source in entry["sources"]:
                if source.iri not in seen:
                    seen[source.iri] = Source(source.iri, source.headline, source.published,
                                              source.url)
    return sorted(seen.values(), key=lambda s: (s.published or "", s.headline or "", s.iri))


@dataclass
class SearchHit:
    iri: str
    label: str
    kind: str
    code: str | None


class SearchIndex:
    """Names of kommuner, län, persons and organisations, folded for accent-insensitive search."""

    def __init__(self, rows: list[dict]) -> None:
        self.entries: list[tuple[str, SearchHit]] = []
        for row in rows:
            hit = SearchHit(required(row, "thing"), required(row, "label"),
                            required(row, "kind"), value(row, "code"))
            self.entries.append((fold(hit.label), hit))

    def everything(self) -> list[SearchHit]:
        """One hit per thing, sorted by kind and name."""
        seen: dict[str, SearchHit] = {}
        for _, hit in self.entries:
            seen.setdefault(hit.iri, hit)
        return sorted(seen.values(), key=lambda h: (h.kind, fold(h.label), h.iri))

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Prefix matches of a word first, then matches anywhere; one hit per thing."""
        needle = fold(query)
        if not needle:
            return []
        ranked: list[tuple[int, str, SearchHit]] = []
        for folded, hit in self.entries:
            if hit.code and needle == hit.code:
                rank = 0
            elif folded == needle:
                rank = 1
            elif folded.startswith(needle):
                rank = 2
            elif any(word.startswith(needle) for word in folded.split()):
                rank = 3
            elif needle in folded:
                rank = 4
            else:
                continue
            ranked.append((rank, folded, hit))
        ranked.sort(key=lambda r: (r[0], r[1], r[2].iri))
        out: list[SearchHit] = []
        seen: set[str] = set()
        for _, _, hit in ranked:
            if hit.iri in seen:
                continue
            seen.add(hit.iri)
            out.append(hit)
            if len(out) >= limit:
                break
        return out


def page_kind(types: set[str]) -> str:
    """Which page template an entity gets, from its classes."""
    if SAM + "Municipality" in types:
        return "kommun"
    if SCHEMA + "Person" in types:
        return "person"
    if SCHEMA + "NewsArticle" in types:
        return "article"
    if SKOS + "Concept" in types or SKOS + "ConceptScheme" in types:
        return "concept"
    organisation_types = {ORG + "Organization", ORG + "FormalOrganization",
                          ORG + "OrganizationalUnit", "http://data.europa.eu/m8g/PublicOrganisation",
                          SAM + "County"}
    if types & organisation_types:
        return "organisation"
    return "resource"
