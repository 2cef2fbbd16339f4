"""Resolving what an article names to the graph's own nodes: kommuner, länsstyrelser, national
authorities, police units, organisations and persons already described, and role words.

The resolver reads the project's own data (reference graph, vocabularies, earlier sources), so
"Gävle kommun", "Landskrona stad", "Åtvidabergs kommun", "Region Gotland", "Polisen", "BRÅ" and
"Länsstyrelsen Skåne" all land on the reference IRIs, and a person or organisation curated from
an earlier article is reused instead of minted twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import SamverkanError

ID = "https://w3id.org/samverkan/id/"
VOCAB = "https://w3id.org/samverkan/vocab/"

_PREFIXES = """
PREFIX sam: <https://w3id.org/samverkan/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

# national authorities by the names and abbreviations articles use (casefolded)
_AUTHORITIES = {
    "polisen": "org/polismyndigheten", "polismyndigheten": "org/polismyndigheten",
    "lokalpolisen": "org/polismyndigheten", "lokalpolisområdet": "org/polismyndigheten",
    "brå": "org/bra", "brottsförebyggande rådet": "org/bra",
    "msb": "org/msb", "myndigheten för samhällsskydd och beredskap": "org/msb",
    "myndigheten för civilt försvar": "org/msb",
    "skr": "org/skr", "skl": "org/skr", "sveriges kommuner och regioner": "org/skr",
    "sveriges kommuner och landsting": "org/skr",
}
_POLICE_UNIT = re.compile(r"^(?:lokalpolisområde|lpo|område)\s+(.+)$", re.IGNORECASE)
_NO_GENITIVE_S = {"Orust"}  # "Orust kommun", although it ends in a consonant
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "a", "ø": "o"})


def slug(text: str) -> str:
    """An ASCII slug for readable IRIs ("Räddningstjänsten Karlstadsregionen" →
    "raddningstjansten-karlstadsregionen")."""
    folded = text.casefold().translate(_FOLD)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _norm(text: str) -> str:
    return " ".join(text.replace("–", "-").split()).casefold()


@dataclass
class Organisation:
    """What resolution found for one name: the IRI, and how to declare it when it is new."""

    iri: str
    label: str
    known: bool
    classification: str | None = None
    unit_of: str | None = None


@dataclass
class PersonMatch:
    """A person already in the graph with the same name, and the evidence for it."""

    iri: str
    name: str
    evidence: list[tuple[str, str, str]] = field(default_factory=list)  # (org, role, source)

    def organisations(self) -> set[str]:
        return {org for org, _, _ in self.evidence}


class Resolver:
    """Looks names up in a pyoxigraph store holding the shipped graph (and a user's data)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._kommun: dict[str, str] = {}
        self._kommun_label: dict[str, str] = {}
        self._lan: dict[str, str] = {}
        self._orgs: dict[str, str] = {}
        self._org_labels: dict[str, str] = {}
        self._roles: dict[str, str] = {}
        self._persons: dict[str, list[PersonMatch]] = {}
        self._concepts: dict[str, str] = {}
        self._official: dict[str, str] = {}
        self._existing: set[str] = set()
        self._load()

    def _rows(self, body: str) -> list[tuple[str | None, ...]]:
        solutions = self.store.query(_PREFIXES + body, use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise SamverkanError("the resolver's SPARQL query is not a SELECT")
        names = [v.value for v in solutions.variables]
        return [tuple(None if row[n] is None else row[n].value for n in names)
                for row in solutions]

    def _bound_rows(self, body: str) -> list[tuple[str, ...]]:
        """Rows of a query without OPTIONAL: every variable is bound, so None would be a bug."""
        rows: list[tuple[str, ...]] = []
        for row in self._rows(body):
            bound = tuple(value for value in row if value is not None)
            if len(bound) != len(row):
                raise SamverkanError("the resolver's SPARQL query left a variable unbound")
            rows.append(bound)
        return rows

    def _load(self) -> None:
        for iri, label, official in self._rows("""
            SELECT ?k ?label ?official WHERE { ?k a sam:Municipality ; skos:prefLabel ?label .
              OPTIONAL { ?k sam:officialName ?official } }"""):
            if iri is None or label is None:
                raise SamverkanError("the resolver's kommun query left a kommun unbound")
            short = iri[len(ID):]
            self._kommun[_norm(label)] = short
            self._kommun_label[short] = label
            if official:
                self._kommun[_norm(official)] = short
                self._official[short] = official
        for iri, label, county in self._bound_rows("""
            SELECT ?l ?label ?county WHERE { ?l org:classification
                <https://w3id.org/samverkan/vocab/org-type/lansstyrelse> ; skos:prefLabel ?label ;
                sam:governs ?area . ?area skos:prefLabel ?county }"""):
            short = iri[len(ID):]
            self._lan[_norm(label)] = short
            county_name = county.removesuffix(" län")
            for variant in (county_name, county_name.removesuffix("s")):
                self._lan[_norm(f"länsstyrelsen {variant}")] = short
                self._lan[_norm(f"länsstyrelsen i {variant}")] = short
            self._org_labels[short] = label
        for iri, label in self._bound_rows("""
            SELECT ?o ?label WHERE { ?o skos:prefLabel ?label .
              FILTER NOT EXISTS { ?o a skos:Concept } FILTER NOT EXISTS { ?o a org:Post }
              FILTER NOT EXISTS { ?o a sam:Plan } FILTER NOT EXISTS { ?o a sam:Agreement }
              FILTER NOT EXISTS { ?o a sam:CrisisGroup }
              FILTER NOT EXISTS { ?o a sam:Municipality }
              FILTER NOT EXISTS { ?o a sam:MunicipalityArea }
              FILTER NOT EXISTS { ?o a sam:County } }
            ORDER BY ?o ?label"""):
            if iri.startswith(ID):
                short = iri[len(ID):]
                self._orgs.setdefault(_norm(label), short)
                self._org_labels.setdefault(short, label)
        for iri, label in self._bound_rows("""
            SELECT ?r ?label WHERE { ?r a org:Role .
              { ?r skos:prefLabel ?label } UNION { ?r skos:altLabel ?label } }"""):
            self._roles[_norm(label)] = iri.rsplit("/", 1)[-1]
        for iri, label in self._bound_rows("""
            SELECT ?c ?label WHERE { ?c a skos:Concept ; skos:prefLabel ?label
              FILTER(lang(?label) = "sv") }"""):
            self._concepts[iri[len(VOCAB):]] = label
        for (iri,) in self._bound_rows("""
            SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o }
              FILTER(STRSTARTS(STR(?g), "https://w3id.org/samverkan/graph/source/")) }"""):
            if iri.startswith(ID):
                self._existing.add(iri[len(ID):])
        self._post_in: dict[str, set[str]] = {}
        for post, where in self._bound_rows("SELECT ?p ?o WHERE { ?p a org:Post ; org:postIn ?o }"):
            self._post_in.setdefault(post[len(ID):], set()).add(where[len(ID):])
        persons: dict[str, PersonMatch] = {}
        for iri, name, org, role, source in self._rows("""
            SELECT ?p ?name ?org ?role ?src WHERE { ?p a schema:Person ; schema:name ?name .
              OPTIONAL { ?t org:member ?p ; org:role ?role ; prov:wasDerivedFrom ?src .
                OPTIONAL { ?t org:organization ?o1 }
                OPTIONAL { ?t sam:post/sam:servesMunicipality ?o2 }
                BIND(COALESCE(?o2, ?o1) AS ?org) } }"""):
            if iri is None or name is None:
                raise SamverkanError("the resolver's person query left a person unbound")
            short = iri[len(ID):]
            match = persons.setdefault(short, PersonMatch(short, name))
            if role and org and source:
                match.evidence.append((org[len(ID):] if org.startswith(ID) else org,
                                       role.rsplit("/", 1)[-1], source.rsplit("/", 1)[-1]))
        for match in persons.values():
            match.evidence.sort()
            self._persons.setdefault(_norm(match.name), []).append(match)

    # -- organisations ------------------------------------------------------------------------

    def kommun(self, name: str) -> str | None:
        """``kommun/NNNN`` for a kommun named in any of the usual ways, else None."""
        text = _norm(name)
        if text in self._kommun:
            return self._kommun[text]
        for suffix in (" kommun", " kommuns", " stad", " stads", " municipality"):
            if text.endswith(suffix):
                text = text[: -len(suffix)].strip()
                break
        if text.startswith("region "):
            text = text[len("region "):]
        for variant in (text, text.removesuffix("s")):
            if variant in self._kommun:
                return self._kommun[variant]
        return None

    def label(self, iri: str) -> str:
        """A readable name for an organisation IRI (for prompts and generated labels)."""
        if iri in self._kommun_label:
            return self._kommun_label[iri]
        return self._org_labels.get(iri, iri)

    def organisation(self, name: str) -> Organisation:
        """Resolve one organisation name; unknown ones get a readable ``org/<slug>`` IRI."""
        text = _norm(name)
        if text in _AUTHORITIES:
            iri = _AUTHORITIES[text]
            return Organisation(iri, self.label(iri), True)
        kommun = self.kommun(name)
        if kommun:
            return Organisation(kommun, self.label(kommun), True)
        if text in self._lan:
            iri = self._lan[text]
            return Organisation(iri, self.label(iri), True)
        unit = _POLICE_UNIT.match(" ".join(name.split()))
        if unit:
            place = unit.group(1).strip()
            iri = f"org/polismyndigheten/lpo/{slug(place)}"
            label = f"Lokalpolisområde {place[0].upper()}{place[1:]}"
            return Organisation(iri, label, iri in self._org_labels,
                                "lokalpolisomrade", "org/polismyndigheten")
        if text in self._orgs:
            iri = self._orgs[text]
            return Organisation(iri, self.label(iri), True)
        classification = None
        if "förbund" in text and "räddning" in text or text in ("rmb", "brandkåren attunda"):
            classification = "raddningstjanstforbund"
        elif "räddningstjänst" in text or "brandkår" in text:
            classification = "raddningstjanst"
        elif text.startswith("region "):
            classification = "region"
        iri = f"org/{slug(name)}"
        return Organisation(iri, " ".join(name.split()), iri in self._org_labels, classification)

    def display(self, iri: str) -> str:
        """The organisation as a post's label names it: "Båstads kommun", "Polismyndigheten"."""
        if iri in self._official:
            return self._official[iri]
        if iri in self._kommun_label:
            name = self._kommun_label[iri]
            bare = name[-1] in "sxzaeiouyåäö" or name in _NO_GENITIVE_S
            return f"{name} kommun" if bare else f"{name}s kommun"
        return self.label(iri)

    def concept_label(self, scheme: str, local: str) -> str:
        """The Swedish prefLabel of a vocabulary concept ("role", "sakerhetschef")."""
        return self._concepts.get(f"{scheme}/{local}", local)

    def exists(self, iri: str) -> bool:
        """Whether an earlier source already describes this node (a post, plan, organisation)."""
        return iri in self._existing

    def post_in(self, post: str) -> set[str]:
        """Where an earlier source placed this seat (org:postIn), empty when it is new."""
        return set(self._post_in.get(post, set()))

    # -- roles and persons --------------------------------------------------------------------

    def role(self, word: str) -> str | None:
        """The role concept's local name for a role word or variant ("säkerhetskoordinator")."""
        text = _norm(word)
        if text in self._roles:
            return self._roles[text]
        text = slug(word)
        return text if text in set(self._roles.values()) else None

    def persons_named(self, name: str) -> list[PersonMatch]:
        """Persons already in the graph with this exact name (case and spacing aside)."""
        return list(self._persons.get(_norm(name), []))
