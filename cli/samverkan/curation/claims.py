"""Candidates in the gold format (docs of the extraction dev set) turned into reviewable claims.

A claim is a plain dict (JSON-friendly, so a script can edit it) with a ``kind`` — tenure,
agreement, event, plan, crisis-group — and the resolved IRIs the graph needs. Where a candidate
carries no locators, the sentence that names the person, the agreement word or the group is
located in the article. Dates are taken only where a full date or a year is written out.
"""

from __future__ import annotations

import re

from ..extraction.reading import Article
from .resolve import Organisation, Resolver, slug

KINDS = ("tenure", "agreement", "event", "plan", "crisis-group")

_MONTHS = {name: i for i, name in enumerate(
    ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
     "oktober", "november", "december"], 1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WRITTEN = re.compile(r"\b(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")

AGREEMENT_TYPES = {"samverkansöverenskommelse": "samverkansoverenskommelse",
                   "medborgarlöfte": "medborgarlofte", "samverkansavtal": "samverkansavtal"}
PLAN_TYPES = {"risk- och sårbarhetsanalys": "risk-och-sarbarhetsanalys",
              "ros": "risk-och-sarbarhetsanalys",
              "krisledningsplan": "krisledningsplan", "handlingsplan": "handlingsplan",
              "krishanteringsplan": "krishanteringsplan"}
GROUP_TYPES = {"posom": "posom", "krisstödsgrupp": "posom",
               "krisledningsnämnd": "krisledningsnamnd",
               "krisledningsgrupp": "krisledningsgrupp"}
EVENT_WORDS = (("trygghetsvandring", "trygghetsvandring"), ("trygghetsdag", "trygghetsdag"),
               ("seminari", "konferens"), ("konferens", "konferens"), ("möte", "konferens"),
               ("råd", "konferens"))


def one_date(text: str) -> str | None:
    """An ISO date for "2023-03-01" or "1 mars 2023"; a year for "2026"; None otherwise."""
    match = _ISO.search(text)
    if match:
        return match.group(0)
    match = _WRITTEN.search(text)
    if match and match.group(2).casefold() in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).casefold()], match.group(3)
        return f"{year}-{month:02d}-{day:02d}"
    match = _YEAR.search(text)
    return match.group(1) if match else None


def period(text: str | None) -> tuple[str | None, str | None]:
    """Start and end from a written period: "1 mars 2023 – 28 februari 2027", "till 2025-12-31",
    "från och med 17 februari 2023", "2023-2024"; only what is written."""
    if not text:
        return None, None
    low = text.casefold()
    years = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", low)
    if years:
        return years.group(1), years.group(2)
    parts = re.split(r"\s+[-–]\s+|\s+till och med\s+|\s+till\s+", text, maxsplit=1)
    if len(parts) == 2 and one_date(parts[0]) and one_date(parts[1]):
        return one_date(parts[0]), one_date(parts[1])
    if re.match(r"\s*(fram\s+)?till", low):
        return None, one_date(text)
    if re.match(r"\s*(från|fr\.o\.m|sedan)", low):
        return one_date(text), None
    return None, None


def status_of(kind: str, text: str | None) -> str | None:
    """The status concept for a plan's or group's written status (a plan without one: none)."""
    low = (text or "").casefold()
    if kind == "plan" and not low:
        return None
    if kind == "plan":
        if "revider" in low:
            return "to-be-revised-and-adopted"
        if "uppdater" in low or "ses över" in low:
            return "to-be-updated"
        return "adopted"
    if "saknas" in low or "finns inte" in low:
        return "missing"
    if any(w in low for w in ("ny", "bildas", "utbild", "byggs upp", "inrätta")):
        return "being-set-up"
    return "existing"


def locate(article: Article | None, *needles: str) -> list[str]:
    """The first sentence holding all the needles (else the first holding any); [] if none."""
    if article is None:
        return []
    words = [n.casefold() for n in needles if n]
    places = [(p, s, text) for p in range(1, len(article.paragraphs) + 1)
              for s, text in enumerate(article.sentences(p), 1)]
    for require_all in (True, False):
        for p, s, text in places:
            low = text.casefold()
            hits = [w in low for w in words]
            if words and (all(hits) if require_all else any(hits)):
                return [f"p{p}s{s}"]
    return []


class Builder:
    """Turns one gold-format result into claims, collecting the new organisations it names."""

    def __init__(self, result: dict, article: Article | None, resolver: Resolver) -> None:
        self.result = result
        self.article = article
        self.resolver = resolver
        self.resolved = result.get("resolved") or {}
        self.organisations: dict[str, dict] = {}
        self.claims: list[dict] = []

    def org(self, name: str) -> str:
        if name in self.resolved:
            iri = self.resolved[name]
            return iri.split("/id/", 1)[-1] if "/id/" in iri else iri
        found: Organisation = self.resolver.organisation(name)
        if not found.known and found.iri not in self.organisations:
            self.organisations[found.iri] = {
                "label": found.label, "classification": found.classification,
                "unit_of": found.unit_of,
                "locators": locate(self.article, name) or locate(self.article, found.label)}
        return found.iri

    def _add(self, claim: dict, candidate: dict) -> None:
        claim["id"] = f"c{len(self.claims) + 1}"
        if candidate.get("locators"):
            claim["locators"] = list(candidate["locators"])
        for extra in ("confidence", "rule"):
            if extra in candidate:
                claim[extra] = candidate[extra]
        self.claims.append(claim)

    def build(self) -> list[dict]:
        for person in self.result.get("persons", []):
            for post in person.get("posts", []):
                if not post.get("locators") and person.get("locators"):
                    post = {**post, "locators": person["locators"]}
                for extra in ("confidence", "rule"):
                    if extra not in post and extra in person:
                        post = {**post, extra: person[extra]}
                self.tenure(person["name"], post)
        for agreement in self.result.get("agreements", []):
            self.agreement(agreement)
        for event in self.result.get("events", []):
            self.event(event)
        for plan in self.result.get("plans", []):
            self.plan(plan)
        for group in self.result.get("crisis_groups", []):
            self.group(group)
        return self.claims

    def tenure(self, name: str, post: dict) -> None:
        role = self.resolver.role(post.get("role", "")) or "tjansteman"
        organisation = self.org(post.get("organisation") or "Polisen")
        serves = self.org(post["location"]) if post.get("location") else None
        start, end = period(post.get("period"))
        start = post.get("start") or start
        end = post.get("end") or end
        word = post.get("from_compound_title") or post.get("role", "")
        claim = {"kind": "tenure", "name": name, "person": None, "role": role,
                 "organisation": organisation, "serves": serves,
                 "status": "current" if post.get("current", True) else "previous",
                 "start": start, "end": end, "party": None,
                 "locators": locate(self.article, name, word.split()[0] if word else "")}
        self._add(claim, post)

    def agreement(self, agreement: dict) -> None:
        kind = AGREEMENT_TYPES.get(agreement.get("type", "").casefold(),
                                   "samverkansoverenskommelse")
        unit = self.org(agreement["police_unit"]) if agreement.get("police_unit") else None
        parties = []
        for name in agreement.get("parties", []):
            iri = self.org(name)
            if unit and iri == "org/polismyndigheten":
                iri = unit
            if iri not in parties:
                parties.append(iri)
        start, end = period(agreement.get("period"))
        date = one_date(agreement.get("date") or "")
        if date and len(date) == 10 and not start:
            start = date
        word = agreement.get("type", "")
        claim = {"kind": "agreement", "type": kind, "parties": parties,
                 "signatories": list(agreement.get("signatories", [])),
                 "start": agreement.get("start") or start, "end": agreement.get("end") or end,
                 "locators": locate(self.article, word[:-2] if len(word) > 4 else word)}
        self._add(claim, agreement)

    def event(self, event: dict) -> None:
        name = event.get("name", "")
        low = name.casefold()
        event_type = event.get("event_type") or next(
            (t for word, t in EVENT_WORDS if word in low), "konferens")
        date = one_date(event.get("date") or "")
        start = date if date and len(date) == 10 else None
        organisers = [self.org(o) for o in event.get("organisers", [])]
        needle = next((w for w, _ in EVENT_WORDS if w in low), name.split()[0] if name else "")
        claim = {"kind": "event", "name": name, "type": event_type, "organisers": organisers,
                 "start": event.get("start") or start, "end": event.get("end"),
                 "locators": locate(self.article, needle)}
        self._add(claim, event)

    def plan(self, plan: dict) -> None:
        written = plan.get("type", "").casefold()
        plan_type = PLAN_TYPES.get(written, slug(written) or "handlingsplan")
        claim = {"kind": "plan", "type": plan_type,
                 "organisation": self.org(plan.get("organisation") or ""),
                 "status": plan.get("status_concept") or status_of("plan", plan.get("status")),
                 "locators": locate(self.article, written[:-2] if len(written) > 4 else written)}
        self._add(claim, plan)

    def group(self, group: dict) -> None:
        written = group.get("type", "").casefold()
        group_type = GROUP_TYPES.get(written, "posom")
        claim = {"kind": "crisis-group", "type": group_type,
                 "organisation": self.org(group.get("organisation") or ""),
                 "status": group.get("status_concept") or status_of("group", group.get("status")),
                 "locators": locate(self.article, written)}
        self._add(claim, group)


def claims_from_result(result: dict, article: Article | None,
                       resolver: Resolver) -> tuple[list[dict], dict[str, dict]]:
    """The claims of a gold-format result and the organisations it introduces (IRI → facts)."""
    builder = Builder(result, article, resolver)
    claims = builder.build()
    link_signatories(claims)
    return claims, builder.organisations


def link_signatories(claims: list[dict]) -> None:
    """Agreements are signed by posts: a signatory whose tenure is in the same article signs
    through that tenure's post; other signatory names are dropped (no post to point to)."""
    posts: dict[str, str] = {}
    for claim in claims:
        if claim["kind"] == "tenure" and claim["status"] == "current":
            posts.setdefault(claim["name"], claim["id"])
    for claim in claims:
        if claim["kind"] == "agreement":
            claim["signed_by"] = [posts[n] for n in claim.pop("signatories", []) if n in posts]
