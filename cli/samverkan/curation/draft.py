"""Claims as TriG in the graph's model: the draft (every claim marked ``sam:Candidate``, not yet
reviewed) and the curated source file (the same nodes without the mark), and reading a draft back.

A draft lies in the article's own named graph, ``graph:source/<key>``, so accepting a candidate
only drops its mark; the ``shp:Candidate-unreviewed`` shape refuses any candidate that reaches the
curated graph. Nothing of the article's text is written except its headline (metadata); opaque
keys (persons, tenures, agreements, events) are derived from the article's hash and the claim's
number, never from a name, so re-running ``add`` on the same article writes the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BadInputError, one_line
from ..extraction.reading import Article
from .resolve import Resolver, slug

ID = "https://w3id.org/samverkan/id/"
GRAPH = "https://w3id.org/samverkan/graph/source/"
SAM = "https://w3id.org/samverkan/ontology#"
VOCAB = "https://w3id.org/samverkan/vocab/"

HEADER = """@base <https://w3id.org/samverkan/id/> .
@prefix sam:       <https://w3id.org/samverkan/ontology#> .
@prefix role:      <https://w3id.org/samverkan/vocab/role/> .
@prefix orgtype:   <https://w3id.org/samverkan/vocab/org-type/> .
@prefix agrtype:   <https://w3id.org/samverkan/vocab/agreement-type/> .
@prefix plantype:  <https://w3id.org/samverkan/vocab/plan-type/> .
@prefix eventtype: <https://w3id.org/samverkan/vocab/event-type/> .
@prefix status:    <https://w3id.org/samverkan/vocab/status/> .
@prefix precision: <https://w3id.org/samverkan/vocab/precision/> .
@prefix org:       <http://www.w3.org/ns/org#> .
@prefix prov:      <http://www.w3.org/ns/prov#> .
@prefix schema:    <https://schema.org/> .
@prefix skos:      <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:       <http://www.w3.org/2001/XMLSchema#> .
"""
_LOCATOR = re.compile(r"^p([1-9][0-9]*)s([1-9][0-9]*)$")
_DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
_NODE_KEY = re.compile(r"(kommun/\d{4}|lansstyrelse/\d{2}|org/[a-z0-9/-]+)")
_ARTICLE_LINE = re.compile(r"^# article: (.+)$", re.MULTILINE)


@dataclass
class Meta:
    """What the graph says about the article itself."""

    key: str
    sha256: str
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    headline: str | None = None
    language: str = "sv"
    revision_of: str | None = None


@dataclass
class Draft:
    """An article's metadata, its claims and the organisations they introduce."""

    meta: Meta
    claims: list[dict]
    organisations: dict[str, dict] = field(default_factory=dict)
    article_path: str | None = None


def _lit(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def _date(value: str) -> str:
    if not _DATE.match(value):
        raise BadInputError(f"not a date (YYYY-MM-DD or YYYY): {value!r}")
    return f'"{value}"^^xsd:{"date" if len(value) == 10 else "gYear"}'


def opaque(sha256: str, *parts: str) -> str:
    """A 12-hex key from the article's hash and a claim's number: stable, and free of names."""
    return hashlib.sha256(":".join((sha256, *parts)).encode()).hexdigest()[:12]


def _org_key(iri: str) -> str:
    for prefix in ("kommun/", "lansstyrelse/"):
        if iri.startswith(prefix):
            return iri.replace("/", "-")
    return iri.removeprefix("org/").replace("/", "-")


def post_iri(claim: dict) -> str | None:
    """The seat a tenure is in: ``post/kommun-1278/sakerhetschef``. A police seat that serves a
    kommun (the kommunpolis, a lokalpolisområdeschef) is ``post/polismyndigheten/<role>-NNNN``
    for the kommun served; a police post without a kommun, or a job without a title
    (``role:tjansteman``), has no seat."""
    if claim["role"] == "tjansteman":
        return None
    serves = claim.get("serves") or ""
    if claim["organisation"] == "org/polismyndigheten":
        if not serves.startswith("kommun/"):
            return None  # a police post whose kommun the article does not name: no seat
        return f"post/polismyndigheten/{claim['role']}-{serves.split('/')[1]}"
    return f"post/{_org_key(claim['organisation'])}/{claim['role']}"


def event_name(claim: dict, resolver: Resolver) -> str:
    """A short name: the curator's (under six words) or the type and the first organiser."""
    name = (claim.get("name") or "").strip()
    if name and len(name.split()) < 6:
        return name[0].upper() + name[1:]
    label = resolver.concept_label("event-type", claim["type"])
    label = label[0].upper() + label[1:]
    if claim.get("organisers"):
        return f"{label}, {resolver.label(claim['organisers'][0])}"
    return label


class _Writer:
    def __init__(self, draft: Draft, resolver: Resolver, candidate: bool) -> None:
        self.draft = draft
        self.meta = draft.meta
        self.resolver = resolver
        self.candidate = candidate
        self.lines: list[str] = []
        self.locators: set[tuple[int, int]] = set()
        self.persons: dict[str, str] = {}

    def src(self) -> str:
        return f"<source/{self.meta.key}>"

    def block(self, subject: str, types: list[str], props: list[tuple[str, str]],
              claim: dict | None = None) -> None:
        types = list(types)
        props = list(props)
        if claim is not None:
            locators = claim.get("locators") or []
            for loc in locators:
                match = _LOCATOR.match(loc)
                if not match:
                    raise BadInputError(f"bad locator {loc!r} (use p<N>s<M>, e.g. p3s2)")
                self.locators.add((int(match.group(1)), int(match.group(2))))
            props.append(("prov:wasDerivedFrom", self.src()))
            if locators:
                props.append(("sam:locator", ", ".join(
                    f"<source/{self.meta.key}/{loc}>" for loc in locators)))
            if self.candidate:
                types.append("sam:Candidate")
                if claim.get("rule"):
                    props.append(("sam:extractionRule", _lit(str(claim["rule"]))))
                if claim.get("confidence") is not None:
                    props.append(("sam:confidence",
                                  f'"{float(claim["confidence"])}"^^xsd:decimal'))
        text = f"    <{subject}> a {', '.join(types)}"
        for prop, value in props:
            text += f" ;\n        {prop} {value}"
        self.lines.append(text + " .\n")

    def person(self, claim: dict, ordinal: int) -> str:
        if claim.get("person"):
            iri = claim["person"]
        elif claim["name"] in self.persons:
            iri = self.persons[claim["name"]]
        else:
            iri = f"person/{opaque(self.meta.sha256, 'person', str(ordinal))}"
        if claim["name"] not in self.persons:
            self.persons[claim["name"]] = iri
            self.lines.append(f"    <{iri}> a schema:Person ; "
                              f"schema:name {_lit(claim['name'])} .\n")
        claim["person"] = iri
        return iri

    def write(self) -> str:
        meta, r = self.meta, self.resolver
        key = meta.key
        head = [f"<{GRAPH}{key}> {{", "",
                f"    <{GRAPH}{key}> prov:wasDerivedFrom {self.src()} .", ""]
        article = [("schema:identifier", _lit(key)), ("schema:inLanguage", _lit(meta.language)),
                   ("schema:sha256", _lit(meta.sha256))]
        if meta.headline:
            article.append(("schema:headline", _lit(meta.headline) + "@sv"))
        if meta.url:
            article.append(("schema:url", f"<{meta.url}>"))
        publisher_lines = []
        if meta.publisher and _NODE_KEY.fullmatch(meta.publisher):
            article.append(("schema:publisher", f"<{meta.publisher}>"))  # read back from a draft
        elif meta.publisher:
            found = r.organisation(meta.publisher)
            if found.known:
                article.append(("schema:publisher", f"<{found.iri}>"))
            else:
                iri = f"publisher/{slug(meta.publisher)}"
                article.append(("schema:publisher", f"<{iri}>"))
                publisher_lines.append(f"    <{iri}> a schema:Organization ; schema:name "
                                       f"{_lit(meta.publisher)} .\n")
        if meta.published:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.published):
                raise BadInputError(
                    f"--published must be a date YYYY-MM-DD, not {meta.published!r}")
            article.append(("schema:datePublished", _date(meta.published)))
        if meta.revision_of:
            article.append(("prov:wasRevisionOf", f"<source/{meta.revision_of}>"))
        self.block(f"source/{key}", ["schema:NewsArticle", "prov:Entity"], article)
        self.lines.extend(publisher_lines)
        for iri, org in sorted(self.draft.organisations.items()):
            types = ["org:OrganizationalUnit"] if org.get("unit_of") else ["org:Organization"]
            props = [("skos:prefLabel", _lit(org["label"]) + "@sv")]
            if org.get("unit_of"):
                props.append(("org:unitOf", f"<{org['unit_of']}>"))
            if org.get("classification"):
                props.append(("org:classification", f"orgtype:{org['classification']}"))
            self.block(iri, types, props, org if org.get("locators") else {"locators": []})
        ordinal = 0
        by_id = {c["id"]: c for c in self.draft.claims}
        written_posts: set[str] = set()
        for claim in self.draft.claims:
            kind = claim["kind"]
            cid = claim["id"]
            if kind == "tenure":
                ordinal += 1
                person = self.person(claim, ordinal)
                post = post_iri(claim)
                # each source describes the seats it names (identical triples in several
                # graphs), unless an earlier source placed the seat elsewhere (in a unit)
                placed = r.post_in(post) if post else set()
                if post and post not in written_posts and placed <= {claim["organisation"]}:
                    written_posts.add(post)
                    role = r.concept_label("role", claim["role"])
                    role = role[0].upper() + role[1:]
                    if post.startswith("post/polismyndigheten/") and claim.get("serves"):
                        label = f"{role} för {r.display(claim['serves'])}"
                        extra = [("sam:servesMunicipality", f"<{claim['serves']}>")]
                    else:
                        label = f"{role} i {r.display(claim['organisation'])}"
                        extra = []
                    self.lines.append(
                        f"    <{post}> a org:Post ;\n        skos:prefLabel {_lit(label)}@sv ;\n"
                        f"        org:postIn <{claim['organisation']}> ;\n"
                        f"        org:role role:{claim['role']}"
                        + "".join(f" ;\n        {p} {v}" for p, v in extra) + " .\n")
                props = [("org:member", f"<{person}>"),
                         ("org:organization", f"<{claim['organisation']}>"),
                         ("org:role", f"role:{claim['role']}")]
                if post:
                    props.append(("sam:post", f"<{post}>"))
                props.append(("sam:tenureStatus", f"status:{claim['status']}"))
                self._dates(claim, props)
                if claim.get("party"):
                    props.append(("sam:onBehalfOf", f"<{claim['party']}>"))
                self.block(claim.get("iri") or f"tenure/{opaque(meta.sha256, 'tenure', cid)}",
                           ["org:Membership"],
                           props, claim)
            elif kind == "agreement":
                labels = " och ".join(r.display(p) for p in claim["parties"])
                type_label = r.concept_label("agreement-type", claim["type"])
                props = [("skos:prefLabel", _lit(f"{type_label[0].upper()}{type_label[1:]}: "
                                                 f"{labels}") + "@sv"),
                         ("sam:agreementType", f"agrtype:{claim['type']}"),
                         ("sam:party", ", ".join(f"<{p}>" for p in claim["parties"]))]
                signed = [p for p in (post_iri(by_id[s]) for s in claim.get("signed_by", [])
                                      if s in by_id) if p]
                if signed:
                    props.append(("sam:signedBy", ", ".join(f"<{p}>" for p in signed)))
                self._dates(claim, props)
                self.block(claim.get("iri") or f"agreement/{opaque(meta.sha256, 'agreement', cid)}",
                           ["sam:Agreement"], props, claim)
            elif kind == "event":
                props = [("schema:name", _lit(event_name(claim, r)) + "@sv"),
                         ("sam:eventType", f"eventtype:{claim['type']}")]
                if claim.get("organisers"):
                    props.append(("schema:organizer",
                                  ", ".join(f"<{o}>" for o in claim["organisers"])))
                if claim.get("start") and len(claim["start"]) == 4 and not claim.get("end"):
                    # a year only: the event lies within it (bounds, like a season)
                    props += [("sam:earliestStart", _date(f"{claim['start']}-01-01")),
                              ("sam:latestEnd", _date(f"{claim['start']}-12-31")),
                              ("sam:datePrecision", "precision:year")]
                else:
                    self._dates(claim, props)
                self.block(claim.get("iri") or f"event/{opaque(meta.sha256, 'event', cid)}",
                           ["schema:Event"],
                           props, claim)
            elif kind == "plan":
                type_label = r.concept_label("plan-type", claim["type"])
                props = [("skos:prefLabel", _lit(f"{type_label[0].upper()}{type_label[1:]}, "
                                                 f"{r.display(claim['organisation'])}") + "@sv"),
                         ("sam:planType", f"plantype:{claim['type']}"),
                         ("sam:planOwner", f"<{claim['organisation']}>")]
                if claim.get("status"):
                    props.append(("sam:status", f"status:{claim['status']}"))
                self.block(f"plan/{_org_key(claim['organisation'])}/{claim['type']}",
                           ["sam:Plan", "prov:Plan"], props, claim)
            elif kind == "crisis-group":
                type_label = r.concept_label("org-type", claim["type"])
                props = [("skos:prefLabel", _lit(f"{type_label[0].upper()}{type_label[1:]}, "
                                                 f"{r.display(claim['organisation'])}") + "@sv"),
                         ("sam:crisisGroupOf", f"<{claim['organisation']}>"),
                         ("org:classification", f"orgtype:{claim['type']}"),
                         ("sam:status", f"status:{claim['status']}")]
                self.block(f"crisis-group/{_org_key(claim['organisation'])}/{claim['type']}",
                           ["sam:CrisisGroup"], props, claim)
            else:
                raise BadInputError(f"unknown kind of claim {kind!r} in {cid}")
        tail = [f"    <source/{key}/p{p}s{s}> a sam:TextLocator ; sam:paragraph {p} ; "
                f"sam:sentence {s} ;\n        sam:inSource <source/{key}> .\n"
                for p, s in sorted(self.locators)]
        body = "\n".join(self.lines)
        return "\n".join(head) + body + ("\n" + "".join(tail) if tail else "") + "}\n"

    @staticmethod
    def _dates(claim: dict, props: list[tuple[str, str]]) -> None:
        if claim.get("start"):
            props.append(("schema:startDate", _date(claim["start"])))
        if claim.get("end"):
            props.append(("schema:endDate", _date(claim["end"])))
        values = [v for v in (claim.get("start"), claim.get("end")) if v]
        if values:
            precision = "day" if all(len(v) == 10 for v in values) else "year"
            props.append(("sam:datePrecision", f"precision:{precision}"))


def render(draft: Draft, resolver: Resolver, candidate: bool) -> str:
    """The TriG text of a draft (``candidate=True``) or of the curated source file."""
    comment = ("# Draft: candidate claims (sam:Candidate), not yet reviewed. Review it with\n"
               "#   samverkan review THIS-FILE\n" if candidate else
               f"# Claims curated from source {draft.meta.key} with `samverkan review`: facts "
               "only, no sentence\n# of the article; locators count paragraphs and sentences "
               "as docs/curation.md says.\n")
    if candidate and draft.article_path:
        comment += f"# article: {draft.article_path}\n"
    body = _Writer(draft, resolver, candidate).write()
    return comment + "\n" + HEADER + "\n" + body


def default_resolver(data_dirs: tuple[Path, ...] = ()) -> Resolver:
    """A resolver over the shipped graph plus the user's data folders."""
    from ..store import memory_store

    return Resolver(memory_store(data_dirs))


def candidates_trig(result: dict, article: Article, resolver: Resolver | None = None,
                    meta: Meta | None = None) -> str:
    """The candidates of an extraction ``result`` (gold format) as a draft TriG for ``article``:
    in the article's named graph, every claim a ``sam:Candidate``. ``samverkan extract --format
    trig`` and ``samverkan add`` both write this."""
    from .claims import claims_from_result

    resolver = resolver or default_resolver()
    claims, organisations = claims_from_result(result, article, resolver)
    meta = meta or Meta(article.key, article.sha256, url=result.get("source") or article.source)
    return render(Draft(meta, claims, organisations), resolver, candidate=True)


# -- reading a draft back ------------------------------------------------------------------


def _local(value: str, base: str) -> str:
    return value[len(base):] if value.startswith(base) else value


def parse_draft(path: Path) -> Draft:
    """Read a draft written by :func:`render` back into metadata, claims and organisations."""
    import pyoxigraph as ox

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        quads = list(ox.parse(text, format=ox.RdfFormat.TRIG))
    except OSError as error:
        raise BadInputError(f"cannot read draft {path}: {error.strerror or error}") from error
    except (SyntaxError, ValueError) as error:
        raise BadInputError(f"bad RDF in draft {path}: {one_line(error)}") from error
    props: dict[str, dict[str, list]] = {}
    graphs: set[str | None] = set()
    for quad in quads:
        graphs.add(quad.graph_name.value if hasattr(quad.graph_name, "value") else None)
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        subject = _local(quad.subject.value, ID)
        predicate = quad.predicate.value
        obj = quad.object
        value = _local(obj.value, ID) if isinstance(obj, ox.NamedNode) else obj.value
        props.setdefault(subject, {}).setdefault(predicate, []).append(value)
    graph = next(iter(graphs), None) if len(graphs) == 1 else None
    if graph is None or not graph.startswith(GRAPH):
        raise BadInputError(f"{path} is not a draft: it must hold one graph:source/<key> graph")
    key = graph[len(GRAPH):]
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

    def one(subject: str, predicate: str) -> str | None:
        values = props.get(subject, {}).get(predicate, [])
        return values[0] if values else None

    def many(subject: str, predicate: str) -> list[str]:
        return sorted(props.get(subject, {}).get(predicate, []))

    def vocab(value: str | None) -> str | None:
        return value.rsplit("/", 1)[-1] if value else None

    def common(subject: str) -> dict:
        claim: dict[str, Any] = {"locators": sorted((loc.rsplit("/", 1)[-1] for loc in
                                     many(subject, SAM + "locator")), key=_loc_order)}
        rule = one(subject, SAM + "extractionRule")
        confidence = one(subject, SAM + "confidence")
        if rule:
            claim["rule"] = rule
        if confidence:
            claim["confidence"] = float(confidence)
        return claim

    src = f"source/{key}"
    sha = one(src, "https://schema.org/sha256")
    if sha is None:
        raise BadInputError(f"{path} is not a draft: its article has no schema:sha256")
    publisher = one(src, "https://schema.org/publisher")
    meta = Meta(key, sha, url=one(src, "https://schema.org/url"),
                publisher=(one(publisher, "https://schema.org/name") or publisher)
                if publisher else None,
                published=one(src, "https://schema.org/datePublished"),
                headline=one(src, "https://schema.org/headline"),
                language=one(src, "https://schema.org/inLanguage") or "sv",
                revision_of=(one(src, "http://www.w3.org/ns/prov#wasRevisionOf") or "")
                .removeprefix("source/") or None)
    claims: list[tuple[str, dict]] = []
    organisations: dict[str, dict] = {}
    org_ns = "http://www.w3.org/ns/org#"
    post_of_claim: dict[str, str] = {}
    claim: dict[str, Any]
    for subject, p in props.items():
        types = set(p.get(rdf_type, []))
        if (org_ns + "Organization" in types or org_ns + "OrganizationalUnit" in types) \
                and SAM + "CrisisGroup" not in types:
            organisations[subject] = {
                "label": one(subject, "http://www.w3.org/2004/02/skos/core#prefLabel"),
                "classification": vocab(one(subject, org_ns + "classification")),
                "unit_of": one(subject, org_ns + "unitOf"), **common(subject)}
            for extra in ("rule", "confidence"):
                organisations[subject].pop(extra, None)
            continue
        if org_ns + "Membership" in types:
            person = one(subject, org_ns + "member")
            post = one(subject, SAM + "post")
            claim = {"kind": "tenure",
                     "name": one(person, "https://schema.org/name") if person is not None
                     else None,
                     "person": person, "role": vocab(one(subject, org_ns + "role")),
                     "organisation": one(subject, org_ns + "organization"),
                     "serves": _served(post, one(post, SAM + "servesMunicipality")) if post
                     else None,
                     "status": vocab(one(subject, SAM + "tenureStatus")),
                     "start": one(subject, "https://schema.org/startDate"),
                     "end": one(subject, "https://schema.org/endDate"),
                     "party": one(subject, SAM + "onBehalfOf")}
            if post:
                post_of_claim[post] = subject
        elif SAM + "Agreement" in types:
            claim = {"kind": "agreement", "type": vocab(one(subject, SAM + "agreementType")),
                     "parties": many(subject, SAM + "party"),
                     "signed_posts": many(subject, SAM + "signedBy"),
                     "start": one(subject, "https://schema.org/startDate"),
                     "end": one(subject, "https://schema.org/endDate")}
        elif "https://schema.org/Event" in types:
            claim = {"kind": "event", "name": one(subject, "https://schema.org/name"),
                     "type": vocab(one(subject, SAM + "eventType")),
                     "organisers": many(subject, "https://schema.org/organizer"),
                     "start": one(subject, "https://schema.org/startDate")
                     or (one(subject, SAM + "earliestStart") or "")[:4] or None,
                     "end": one(subject, "https://schema.org/endDate")}
        elif SAM + "Plan" in types:
            claim = {"kind": "plan", "type": vocab(one(subject, SAM + "planType")),
                     "organisation": one(subject, SAM + "planOwner"),
                     "status": vocab(one(subject, SAM + "status"))}
        elif SAM + "CrisisGroup" in types:
            claim = {"kind": "crisis-group",
                     "type": vocab(one(subject, org_ns + "classification")),
                     "organisation": one(subject, SAM + "crisisGroupOf"),
                     "status": vocab(one(subject, SAM + "status"))}
        else:
            continue
        claim.update(common(subject))
        if claim["kind"] in ("tenure", "agreement", "event"):
            claim["iri"] = subject
        claims.append((subject, claim))
    # file order is the order the claims were drafted in, so c1, c2 … keep their numbers
    ordered: list[dict[str, Any]] = []
    ids: dict[str, str] = {}
    for number, (subject, claim) in enumerate(claims, 1):
        claim = {"id": f"c{number}", **claim}
        ids[subject] = claim["id"]
        ordered.append(claim)
    for claim in ordered:
        if claim["kind"] == "agreement":
            claim["signed_by"] = [ids[post_of_claim[p]] for p in claim.pop("signed_posts")
                                  if p in post_of_claim]
    match = _ARTICLE_LINE.search(text)
    return Draft(meta, ordered, organisations, match.group(1).strip() if match else None)


def _served(post: str, declared: str | None) -> str | None:
    """The kommun a police seat serves: as declared, else read from the seat's IRI (a seat
    already described by an earlier source is not declared again)."""
    if declared:
        return declared
    match = re.fullmatch(r"post/polismyndigheten/[a-z-]+-(\d{4})", post)
    return f"kommun/{match.group(1)}" if match else None


def _loc_order(loc: str) -> tuple[int, int]:
    match = _LOCATOR.match(loc)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)
