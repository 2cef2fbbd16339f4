"""docs/w3id/.htaccess: the w3id.org redirects map each kind of IRI to the right document.

The rules are read by a small interpreter of the mod_rewrite subset they use (RewriteCond on
%{HTTP_ACCEPT} and %{ENV:…}, RewriteRule with the flags E, R, L, NE), so that a change to the
file is checked on a sample of IRIs and Accept headers, browsers' and RDF clients'.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

HTACCESS = Path(__file__).resolve().parents[1] / "docs" / "w3id" / ".htaccess"
SITE = "https://samverkan.github.io/samverkan"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def directives() -> list[list[str]]:
    lines = []
    for line in HTACCESS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(shlex.split(line, posix=False))
    return lines


def flags_of(words: list[str], at: int) -> dict[str, str]:
    if len(words) <= at:
        return {}
    flags = {}
    for flag in words[at].strip("[]").split(","):
        name, _, value = flag.partition("=")
        flags[name] = value
    return flags


def redirect(path: str, accept: str) -> tuple[int, str] | None:
    """(status, Location) the rules give for ``samverkan/<path>`` and an Accept header."""
    env: dict[str, str] = {}
    conditions: list[tuple[str, str]] = []

    def expand(text: str, match: re.Match | None) -> str:
        text = re.sub(r"%\{ENV:(\w+)\}", lambda m: env.get(m.group(1), ""), text)
        text = text.replace("%{HTTP_ACCEPT}", accept)
        if match is not None:
            text = re.sub(r"\$(\d)", lambda m: match.group(int(m.group(1))) or "", text)
        return text

    for words in directives():
        if words[0] == "RewriteCond":
            conditions.append((words[1], words[2]))
            continue
        if words[0] != "RewriteRule":
            continue
        pending, conditions = conditions, []
        match = re.search(words[1], path)
        if match is None or not all(re.search(p, expand(t, None)) for t, p in pending):
            continue
        flags = flags_of(words, 3)
        if "E" in flags:
            name, _, value = flags["E"].partition(":")
            env[name] = value
        if words[2] != "-" and "R" in flags:
            return int(flags["R"]), expand(words[2], match)
        if "L" in flags:
            return None
    return None


@pytest.mark.parametrize(("path", "accept", "location"), [
    ("ontology", BROWSER, "/ontology/index.html"),
    ("ontology", "text/turtle", "/ontology/samverkan.ttl"),
    ("ontology/0.1.0", "application/ld+json", "/ontology/samverkan.jsonld"),
    ("ontology", "application/n-triples", "/ontology/samverkan.nt"),
    ("vocab/role/sakerhetschef", BROWSER, "/ontology/vocabularies.html#role"),
    ("vocab/work-area/", BROWSER, "/ontology/vocabularies.html#work-area"),
    ("vocab/role/sakerhetschef", "application/n-triples", "/ontology/vocabularies.nt"),
    ("vocab/", "text/turtle", "/ontology/vocabularies.ttl"),
    ("id/kommun/1278", BROWSER, "/id/kommun/1278/index.html"),
    ("id/kommun/1278", "text/turtle;q=0.9, */*;q=0.1", "/id/kommun/1278/index.ttl"),
    ("id/area/lan/12", "application/ld+json", "/id/area/lan/12/index.jsonld"),
    ("id/person/2bb9795ea5da", "application/n-triples", "/id/person/2bb9795ea5da/index.nt"),
    ("graph/source/38a22b5948e9b472", "text/turtle", "/graph/source/38a22b5948e9b472/index.ttl"),
    ("dataset", BROWSER, "/dataset/index.html"),
    ("dataset/distribution/trig", "text/turtle", "/dataset/distribution/trig/index.ttl"),
    ("id/kommun/1278/", BROWSER, "/id/kommun/1278/index.html"),
    ("catalog", "text/turtle", "/catalog/index.ttl"),
    ("", BROWSER, "/"),
    ("no/such/thing", "text/turtle", "/"),
])
def test_iri_redirects_to_its_document(path, accept, location):
    assert redirect(path, accept) == (303, SITE + location)


def test_turtle_wins_over_json_ld_when_both_are_acceptable():
    assert redirect("id/kommun/1278", "application/ld+json, text/turtle") == (
        303, SITE + "/id/kommun/1278/index.ttl")


def test_every_rule_is_one_the_interpreter_knows():
    known = {"Options", "RewriteEngine", "RewriteCond", "RewriteRule"}
    assert sorted({words[0] for words in directives()} - known) == []
    flags = {f for words in directives() if words[0] == "RewriteRule"
             for f in flags_of(words, 3)}
    assert flags == {"E", "R", "L", "NE"}
