"""Reviewing a draft: one candidate at a time (accept, reject, edit, add a missed claim), or by a
script's decisions; the sentence each candidate rests on is shown from the curator's local
article file and never copied into the graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from ..errors import BadInputError
from ..extraction.reading import Article
from .claims import AGREEMENT_TYPES, GROUP_TYPES, PLAN_TYPES, locate
from .draft import Draft
from .resolve import PersonMatch, Resolver, slug
from .workflow import Outcome, read_json

FIELDS = {
    "tenure": ("name", "role", "organisation", "serves", "status", "start", "end", "party",
               "locators"),
    "agreement": ("type", "parties", "start", "end", "locators"),
    "event": ("name", "type", "organisers", "start", "end", "locators"),
    "plan": ("type", "organisation", "status", "locators"),
    "crisis-group": ("type", "organisation", "status", "locators"),
}
STATUSES = {
    "tenure": ("current", "previous"),
    "plan": ("adopted", "to-be-updated", "to-be-revised-and-adopted"),
    "crisis-group": ("existing", "being-set-up", "missing"),
}
EVENT_TYPES = ("trygghetsvandring", "trygghetsdag", "konferens")
_LOCATOR = re.compile(r"^p([1-9][0-9]*)s([1-9][0-9]*)$")
_DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


class Session:
    """One review: the draft, the resolver for names, and the article for showing sentences."""

    def __init__(self, draft: Draft, resolver: Resolver, article: Article | None) -> None:
        self.draft = draft
        self.resolver = resolver
        self.article = article

    # -- values ---------------------------------------------------------------------------

    def organisation(self, value: str) -> str:
        value = value.strip()
        if re.fullmatch(r"(kommun/\d{4}|lansstyrelse/\d{2}|org/[a-z0-9/-]+)", value):
            return value
        found = self.resolver.organisation(value)
        if not found.known and found.iri not in self.draft.organisations:
            self.draft.organisations[found.iri] = {
                "label": found.label, "classification": found.classification,
                "unit_of": found.unit_of, "locators": locate(self.article, value)}
        return found.iri

    def party(self, value: str) -> str | None:
        value = value.strip()
        if not value:
            return None
        iri = f"org/party/{slug(value)}"
        if not self.resolver.exists(iri) and iri not in self.draft.organisations:
            self.draft.organisations[iri] = {
                "label": value, "classification": "politiskt-parti", "unit_of": None,
                "locators": locate(self.article, value)}
        return iri

    def locators(self, value: str | list) -> list[str]:
        items = value if isinstance(value, list) else [v for v in re.split(r"[,\s]+", value) if v]
        for item in items:
            match = _LOCATOR.match(item)
            if not match:
                raise BadInputError(f"bad locator {item!r} (use p<N>s<M>, e.g. p3s2)")
            if self.article is not None:
                try:
                    self.article.sentence(int(match.group(1)), int(match.group(2)))
                except IndexError as error:
                    raise BadInputError(f"locator {item} points to no sentence of the article") \
                        from error
        return list(items)

    def set(self, claim: dict, name: str, value: str | list[str]) -> None:
        """Set one field from what a person typed (or a script wrote), resolving names."""
        kind = claim["kind"]
        if name not in FIELDS[kind]:
            raise BadInputError(
                f"a {kind} has no field {name!r} (fields: {', '.join(FIELDS[kind])})")
        text = value if isinstance(value, str) else ""
        if name == "locators":
            claim["locators"] = self.locators(value)
        elif name == "role":
            role = self.resolver.role(text)
            if role is None:
                raise BadInputError(f"unknown role {text!r}: use a role of the vocabulary "
                                    "(säkerhetschef, kommunpolis, …)")
            claim["role"] = role
        elif name in ("organisation", "serves"):
            claim[name] = self.organisation(text) if text.strip() else None
        elif name == "party":
            claim["party"] = self.party(text)
        elif name in ("parties", "organisers"):
            names = value if isinstance(value, list) else [v for v in text.split(",") if v.strip()]
            claim[name] = [self.organisation(v) for v in names]
        elif name == "status":
            allowed: Collection[str] = STATUSES[kind]
            if kind == "plan" and text in ("", "unknown"):
                claim["status"] = None
                return
            if text not in allowed:
                raise BadInputError(f"status of a {kind} is one of {', '.join(allowed)}")
            claim["status"] = text
        elif name in ("start", "end"):
            if text and not _DATE.match(text):
                raise BadInputError(
                    f"{name} must be a date YYYY-MM-DD or a year YYYY, not {text!r}")
            claim[name] = text or None
        elif name == "type":
            table = {"agreement": AGREEMENT_TYPES, "plan": PLAN_TYPES,
                     "crisis-group": GROUP_TYPES, "event": {t: t for t in EVENT_TYPES}}[kind]
            allowed = set(table.values())
            chosen = table.get(text.casefold(), text)
            if chosen not in allowed:
                raise BadInputError(f"type of a {kind} is one of {', '.join(sorted(allowed))}")
            claim["type"] = chosen
        elif name == "name":
            claim["name"] = " ".join(text.split())

    def new_claim(self, kind: str, values: dict, number: int) -> dict:
        """A claim the extractor missed, from a script's dict or the prompts' answers."""
        if kind not in FIELDS:
            raise BadInputError(f"unknown kind {kind!r} (use {', '.join(FIELDS)})")
        claim: dict = {"id": f"c{number}", "kind": kind, "locators": []}
        defaults: dict[str, dict[str, Any]]
        defaults = {"tenure": {"status": "current", "person": None, "serves": None,
                               "start": None, "end": None, "party": None},
                    "agreement": {"parties": [], "start": None, "end": None, "signed_by": []},
                    "event": {"organisers": [], "start": None, "end": None, "name": ""},
                    "plan": {"status": "adopted"}, "crisis-group": {"status": "existing"}}
        claim.update(defaults[kind])
        for name, value in values.items():
            if name in ("kind", "id"):
                continue
            self.set(claim, name, value)
        required = {"tenure": ("name", "role", "organisation"), "agreement": ("type", "parties"),
                    "event": ("type", "organisers"), "plan": ("type", "organisation"),
                    "crisis-group": ("type", "organisation")}[kind]
        missing = [r for r in required if not claim.get(r)]
        if missing:
            raise BadInputError(f"the added {kind} lacks {', '.join(missing)}")
        if not claim["locators"]:
            raise BadInputError(f"the added {kind} needs locators (p<N>s<M>) into the article")
        return claim

    # -- display --------------------------------------------------------------------------

    def describe(self, claim: dict) -> str:
        r = self.resolver
        kind = claim["kind"]
        dates = "–".join(v or "" for v in (claim.get("start"), claim.get("end")))
        dates = f", {dates}" if dates != "–" else ""
        if kind == "tenure":
            where = r.label(claim["organisation"])
            if claim.get("serves"):
                where += f" for {r.label(claim['serves'])}"
            party = f", for {r.label(claim['party'])}" if claim.get("party") else ""
            return (f"tenure: {claim['name']} - {r.concept_label('role', claim['role'])}, "
                    f"{where}, {claim['status']}{dates}{party}")
        if kind == "agreement":
            return (f"agreement: {r.concept_label('agreement-type', claim['type'])} - "
                    f"{', '.join(r.label(p) for p in claim['parties'])}{dates}")
        if kind == "event":
            return (f"event: {r.concept_label('event-type', claim['type'])} - organisers "
                    f"{', '.join(r.label(o) for o in claim['organisers']) or '(none)'}{dates}")
        return (f"{kind.replace('-', ' ')}: {r.concept_label(_scheme(kind), claim['type'])} - "
                f"{r.label(claim['organisation'])}, {claim['status'] or 'no status stated'}")

    def sentences(self, claim: dict) -> list[str]:
        if self.article is None:
            return ["(article file not at hand: sentences not shown)"]
        shown = []
        for loc in claim.get("locators", []):
            match = _LOCATOR.match(loc)
            try:
                if match is None:
                    raise IndexError(loc)
                text = self.article.sentence(int(match.group(1)), int(match.group(2)))
            except IndexError:
                text = "(points to no sentence)"
            shown.append(f"{loc}: {text}")
        return shown or ["(no locator: add one with edit → locators)"]

    def duplicates(self, claim: dict) -> tuple[list, list]:
        """Persons already in the graph with this name: same kommun/organisation, or elsewhere."""
        if claim["kind"] != "tenure" or (claim.get("person") and
                                         self.resolver.exists(claim["person"])):
            return [], []
        places = {claim.get("organisation"), claim.get("serves")} - {None}
        likely: list[PersonMatch] = []
        other: list[PersonMatch] = []
        for match in self.resolver.persons_named(claim["name"]):
            (likely if match.organisations() & places else other).append(match)
        return likely, other


def _scheme(kind: str) -> str:
    return {"plan": "plan-type", "crisis-group": "org-type"}[kind]


def _evidence(match: PersonMatch) -> str:
    items = [f"{role} in {org} (source {src})" for org, role, src in match.evidence[:3]]
    return f"{match.iri}: " + ("; ".join(items) or "no tenure recorded")


def load_decisions(path: Path) -> dict:
    """A script's decisions: {"accept": [...]|"all", "reject": [...], "edit": {id: {field:
    value}}, "add": [{"kind": ..., field: value}], "reuse": {id: person IRI}}."""
    data = read_json(path, "decisions")
    if not isinstance(data, dict) or set(data) - {"accept", "reject", "edit", "add", "reuse"}:
        raise BadInputError(f"decisions {path}: an object with accept, reject, edit, add, reuse")
    return data


def scripted(session: Session, decisions: dict,
             echo: Callable[[str], None]) -> tuple[list, Outcome]:
    """Apply a script's decisions: accepted claims (edited as told), rejected ones, additions.

    A likely duplicate person (same name, same kommun or organisation) is reused unless the
    decisions say otherwise; a namesake elsewhere is only reported.
    """
    claims = session.draft.claims
    ids = {c["id"] for c in claims}
    accept = decisions.get("accept", [])
    accept_ids = ids if accept == "all" else set(accept)
    reject = set(decisions.get("reject", []))
    edits = decisions.get("edit", {})
    reuse = decisions.get("reuse", {})
    unknown = sorted((accept_ids | reject | set(edits) | set(reuse)) - ids)
    if unknown:
        raise BadInputError(f"no candidate {', '.join(unknown)} in this draft "
                            f"(candidates: {', '.join(sorted(ids)) or 'none'})")
    outcome = Outcome()
    kept = []
    for claim in claims:
        cid = claim["id"]
        if cid in reject or cid not in accept_ids:
            outcome.rejected.append(cid)
            continue
        for name, value in edits.get(cid, {}).items():
            session.set(claim, name, value)
        _settle_person(session, claim, reuse.get(cid), outcome, echo)
        kept.append(claim)
        outcome.accepted.append(cid)
    number = len(claims)
    for values in decisions.get("add", []):
        number += 1
        claim = session.new_claim(values.get("kind", ""), values, number)
        _settle_person(session, claim, values.get("reuse"), outcome, echo)
        kept.append(claim)
        outcome.added.append(claim["id"])
    return kept, outcome


def _settle_person(session: Session, claim: dict, choice: str | None, outcome: Outcome,
                   echo: Callable[[str], None]) -> None:
    if claim["kind"] != "tenure":
        return
    likely, other = session.duplicates(claim)
    if choice == "new":
        return
    if choice:
        claim["person"] = choice
        outcome.reused.append(f"{claim['id']} {choice}")
        return
    if likely:
        claim["person"] = likely[0].iri
        outcome.reused.append(f"{claim['id']} {likely[0].iri}")
        echo(f"{claim['id']}: {claim['name']} is already in the graph, reused: "
             f"{_evidence(likely[0])}")
    for match in other:
        echo(f"{claim['id']}: a namesake elsewhere, not reused: {_evidence(match)}")


def interactive(session: Session, prompt: Callable[..., str],
                echo: Callable[[str], None]) -> tuple[list, Outcome] | None:
    """Walk the candidates one by one; None when the curator quits without writing."""
    claims = session.draft.claims
    outcome = Outcome()
    kept = []
    total = len(claims)
    for number, claim in enumerate(claims, 1):
        while True:
            echo("")
            echo(f"[{number}/{total}] {claim['id']} {session.describe(claim)}")
            for line in session.sentences(claim):
                echo(f"    {line}")
            if claim.get("rule"):
                echo(f"    (rule {claim['rule']}, confidence {claim.get('confidence', '?')})")
            answer = prompt("accept, reject, edit or quit? [a/r/e/q]", default="a").strip()
            if answer in ("q", "quit"):
                return None
            if answer in ("r", "reject"):
                outcome.rejected.append(claim["id"])
                break
            if answer in ("e", "edit"):
                _edit(session, claim, prompt, echo)
                continue
            if answer in ("a", "accept", ""):
                likely, other = session.duplicates(claim)
                for match in likely:
                    echo(f"    likely the same person (same name and place): {_evidence(match)}")
                    if prompt("    reuse this person? [y/n]", default="y").strip() in ("y", "yes"):
                        claim["person"] = match.iri
                        outcome.reused.append(f"{claim['id']} {match.iri}")
                        break
                for match in other:
                    echo(f"    a namesake elsewhere (not reused): {_evidence(match)}")
                kept.append(claim)
                outcome.accepted.append(claim["id"])
                break
            echo("    answer a, r, e or q")
    number = total
    while True:
        kind = prompt("add a missed claim? [tenure/agreement/event/plan/crisis-group, "
                      "empty: done]", default="").strip()
        if not kind:
            break
        if kind not in FIELDS:
            echo(f"    unknown kind {kind!r}")
            continue
        values = {}
        for name in FIELDS[kind]:
            answer = prompt(f"    {name}", default="").strip()
            if answer:
                values[name] = answer
        try:
            claim = session.new_claim(kind, values, number + 1)
        except BadInputError as error:
            echo(f"    not added: {error}")
            continue
        number += 1
        echo(f"    added {claim['id']} {session.describe(claim)}")
        kept.append(claim)
        outcome.added.append(claim["id"])
    return kept, outcome


def _edit(session: Session, claim: dict, prompt: Callable[..., str],
          echo: Callable[[str], None]) -> None:
    fields = FIELDS[claim["kind"]]
    while True:
        name = prompt(f"    field to change [{', '.join(fields)}; empty: done]",
                      default="").strip()
        if not name:
            return
        value = prompt(f"    new {name}", default="").strip()
        try:
            session.set(claim, name, value)
        except BadInputError as error:
            echo(f"    not changed: {error}")
            continue
        echo(f"    now: {session.describe(claim)}")
