"""Assembling one article's candidates in the gold format, and writing them as JSON or JSONL.

Each candidate carries ``locators`` (the sentences stating it), a ``confidence`` in [0, 1] and
the ``rule`` that produced it. No sentence of the article is ever copied into the output.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .agreements import agreements, crisis_groups, events, is_role_context, plans

if TYPE_CHECKING:
    from .core import Extractor, Mention

_STRENGTH_WINS = 2  # a "tidigare"/"lämnar" mention makes the merged post an earlier one


def _merge(ex: Extractor,
           mentions: list[Mention]) -> tuple[list[dict], dict[str, str | None]]:
    posts: dict[tuple, dict] = {}
    order: list[str] = []
    orgs_used: dict[str, str | None] = {}
    for m in mentions:
        for post in ex.resolver.posts(m):
            key = (m.name, m.role, (post["organisation"] or "").lower(),
                   (post.get("location") or "").lower())
            confidence = RULES.get(m.rule, 0.7) + post["delta"]
            if not m.strong:
                confidence -= 0.1
            previous = m.previous >= 1 and not m.current
            if key not in posts:
                if m.name not in order:
                    order.append(m.name)
                item: dict[str, Any] = {"role": m.role, "organisation": post["organisation"],
                        "current": not previous}
                if post.get("location") is not None:
                    item["location"] = post["location"]
                if m.compound:
                    item["from_compound_title"] = m.compound
                if post.get("organisation_from_source"):
                    item["organisation_from_source"] = True
                if post["organisation"] is None or (m.role == "kommunpolis"
                                                    and post.get("location") is None):
                    item["unresolved"] = True  # nothing in the text or address says where
                item.update({"locators": list(m.locators), "confidence": confidence,
                             "rule": m.rule, "_strength": m.previous if previous else 0,
                             "_name": m.name})
                posts[key] = item
            else:
                item = posts[key]
                for loc in m.locators:
                    if loc not in item["locators"]:
                        item["locators"].append(loc)
                item["confidence"] = max(item["confidence"], confidence) + 0.05
                if previous and m.previous >= _STRENGTH_WINS:
                    item["current"] = False
                    item["_strength"] = max(item["_strength"], m.previous)
                elif not previous and item["_strength"] < _STRENGTH_WINS:
                    item["current"] = True
            if post["organisation"]:
                org = post.get("org")
                orgs_used[post["organisation"]] = org.iri if org else None
            if post.get("location"):
                orgs_used[post["location"]] = None
    resolved_roles = {(p["_name"], p["role"]) for p in posts.values()
                      if p["organisation"] and (p["role"] != "kommunpolis" or p.get("location"))}
    for key in [key for key, p in posts.items()
                if (p["_name"], p["role"]) in resolved_roles and (
                    not p["organisation"] or (p["role"] == "kommunpolis"
                                              and not p.get("location")))]:
        del posts[key]
    persons: list[dict] = []
    by_name: dict[str, list[dict]] = {}
    for item in posts.values():
        by_name.setdefault(item.pop("_name"), []).append(item)
    for name in order:
        mine = by_name[name]
        for p in mine:
            p.pop("_strength")
            p["confidence"] = round(min(1.0, max(0.0, p["confidence"])), 2)
            p["locators"].sort(key=_locator_order)
        persons.append({"name": name, "posts": mine})
    return persons, orgs_used


RULES = {"title-name": 0.9, "name-comma-title": 0.9, "name-copula-title": 0.8,
         "verb-name-title": 0.85, "pronoun-title": 0.6, "title-list": 0.8,
         "new-title-next-name": 0.6, "name-line-title-line": 0.75, "successor-title": 0.75,
         "title-copula-name": 0.8}


def _locator_order(loc: str) -> tuple[int, int]:
    p, s = loc[1:].split("s")
    return int(p), int(s)


def _organisations(ex: Extractor, used: dict[str, str | None], extra: list[str]) \
        -> tuple[list[str], dict[str, str]]:
    names: list[str] = []
    seen: set[str] = set()
    resolved: dict[str, str] = {}
    iris: set[str] = set()

    def add(name: str, iri: str | None) -> None:
        iri = iri or ex.resolver.iri(name)
        if iri and iri in iris and name not in resolved:
            return  # "Sveriges kommuner och regioner (SKR)" is one organisation
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
        if iri:
            resolved[name] = iri
            iris.add(iri)

    for sent in ex.sentences:
        if sent.private:
            continue
        context = is_role_context(sent.els)
        for el in sent.els:
            if el.kind == "ORG" and el.org:
                add(el.org.name, el.org.iri)
            elif el.kind == "PLACE" and (el.explicit or (context and len(el.places) > 1)):
                for kommun in el.places:
                    add(kommun.output, kommun.iri)
    for name, iri in used.items():
        add(name, iri)
    for name in extra:
        add(name, None)
    # "Räddningstjänsten Syds räddningschef": the genitive form is the same organisation
    names = [n for n in names if not (n.endswith("s") and n[:-1].lower() in seen)]
    return names, {n: iri for n, iri in resolved.items() if n in names}


def build(ex: Extractor, mentions: list[Mention]) -> dict:
    """The gold-format dictionary of one article."""
    persons, used = _merge(ex, mentions)
    found_agreements = agreements(ex)
    found_events = events(ex)
    extra = [p for a in found_agreements for p in a["parties"]]
    extra += [a["police_unit"] for a in found_agreements if a.get("police_unit")]
    extra += [o for e in found_events for o in e["organisers"]]
    groups = crisis_groups(ex)
    found_plans = plans(ex)
    extra += [g["organisation"] for g in groups + found_plans]
    organisations, resolved = _organisations(ex, used, extra)
    article = ex.article
    return {
        "article": article.name,
        "source": article.source,
        "sha256": article.sha256,
        "key": article.key,
        "persons": persons,
        "organisations": organisations,
        "agreements": found_agreements,
        "events": found_events,
        "crisis_groups": groups,
        "plans": found_plans,
        "resolved": resolved,
    }


def dumps(result: dict, fmt: str) -> str:
    """One result as pretty JSON (``json``) or one line (``jsonl``), ending in a newline."""
    if fmt == "jsonl":
        return json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
