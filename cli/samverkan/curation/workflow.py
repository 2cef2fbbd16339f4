"""The curator's workflow: ``add`` an article (candidates → draft file), then ``review`` it
(decisions → a validated source file). The CLI commands are thin layers over these functions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BadInputError, SamverkanError, one_line
from ..extraction.reading import Article, read_article
from .draft import Draft, Meta, parse_draft, render
from .resolve import Resolver

MAX_HEADLINE_WORDS = 8
"""A headline this long would put a run of the article's own words into the graph."""

GOLD_LISTS = ("persons", "agreements", "events", "plans", "crisis_groups")


class NotConformingError(SamverkanError):
    """The reviewed file does not conform to the shapes: nothing was written (exit 1)."""

    exit_code = 1


@dataclass
class Added:
    """What ``add`` did: the draft's path and whether it is new, unchanged or a new version."""

    key: str
    draft: Path | None
    state: str  # "new", "unchanged", "new-version", "curated"
    previous: str | None = None
    candidates: int = 0
    message: str = ""
    notes: list[str] = field(default_factory=list)


def read_json(path: Path, what: str) -> Any:
    """A curator's JSON file (candidates, decisions); one clear line when it cannot be read."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise BadInputError(f"cannot read {what} {path}: {error.strerror or error}") from error
    except json.JSONDecodeError as error:
        raise BadInputError(f"{what} {path} are not JSON: {one_line(error)}") from error


def load_candidates(path: Path) -> dict:
    """A gold-format JSON file of candidates (from another tool or ``samverkan extract``)."""
    data = read_json(path, "candidates")
    if not isinstance(data, dict) or not any(k in data for k in GOLD_LISTS):
        raise BadInputError(f"candidates {path} are not in the gold format "
                            f"(an object with {', '.join(GOLD_LISTS)})")
    for name in GOLD_LISTS:
        if not isinstance(data.get(name, []), list):
            raise BadInputError(f"candidates {path}: {name!r} must be a list")
    for person in data.get("persons", []):
        if not isinstance(person, dict) or not person.get("name") or not isinstance(
                person.get("posts", []), list):
            raise BadInputError(f"candidates {path}: every person needs a name and a posts list")
    return data


def run_extractor(path: Path) -> dict:
    """Candidates proposed by samverkan's own extractor (imported only when it is needed)."""
    from ..extraction import extract

    return extract(read_article(path))


def _sources_by(resolver: Resolver) -> tuple[dict[str, str], dict[str, str]]:
    """sha256 → key and address → key of every source already in the graph."""
    by_hash: dict[str, str] = {}
    by_url: dict[str, str] = {}
    for key, sha, url in resolver._rows("""
        SELECT ?id ?sha ?url WHERE { ?s a schema:NewsArticle ; schema:identifier ?id ;
          schema:sha256 ?sha . OPTIONAL { ?s schema:url ?url } }"""):
        if key is None or sha is None:
            raise SamverkanError("the source query left an article's key or hash unbound")
        by_hash[sha] = key
        if url:
            by_url[url] = key
    return by_hash, by_url


def add_article(path: Path, resolver: Resolver, *, url: str | None = None,
                publisher: str | None = None, published: str | None = None,
                headline: str | None = None, candidates: Path | None = None,
                drafts_dir: Path = Path("."), language: str = "sv") -> Added:
    """Write the draft ``<drafts_dir>/<key>.draft.trig`` for one article file.

    Idempotent: the same article (same hash) gives the same bytes and says "unchanged"; an
    article already curated is not drafted again; a changed text of an article already in the
    graph (same address, other hash) becomes a new version that names the one it revises.
    """
    from .claims import claims_from_result

    article = read_article(path)
    result = load_candidates(candidates) if candidates else run_extractor(Path(path))
    url = url or result.get("source") or article.source
    by_hash, by_url = _sources_by(resolver)
    if article.sha256 in by_hash:
        return Added(article.key, None, "curated", candidates=0,
                     message=f"already curated as source {by_hash[article.sha256]} "
                     "(same text): nothing to do")
    previous = by_url.get(url) if url else None
    notes: list[str] = []
    if headline and len(re.findall(r"\w+", headline)) >= MAX_HEADLINE_WORDS:
        # eight words in a row of the article would be a copy of its text, not a fact
        notes.append(f"headline left out: {MAX_HEADLINE_WORDS} or more words would repeat the "
                     "article's text (the address identifies it)")
        headline = None
    meta = Meta(article.key, article.sha256, url=url, publisher=publisher, published=published,
                headline=headline, language=language, revision_of=previous)
    claims, organisations = claims_from_result(result, article, resolver)
    draft = Draft(meta, claims, organisations, str(Path(path).resolve()))
    text = render(draft, resolver, candidate=True)
    drafts_dir = Path(drafts_dir)
    if not drafts_dir.is_dir():
        raise BadInputError(f"drafts folder not found: {drafts_dir}")
    target = drafts_dir / f"{article.key}.draft.trig"
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return Added(article.key, target, "unchanged", previous, len(claims),
                     "draft unchanged (same article, same candidates)", notes)
    from ..paths import write_atomically

    write_atomically(target, text.encode("utf-8"))
    if previous:
        return Added(article.key, target, "new-version", previous, len(claims),
                     f"the article changed: new version {article.key} of source {previous}",
                     notes)
    return Added(article.key, target, "new", None, len(claims),
                 f"draft with {len(claims)} candidates", notes)


# -- review ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the review decided, and the file it wrote."""

    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    path: Path | None = None
    triples: int = 0


def finish(draft: Draft, claims: list[dict], resolver: Resolver, out_dir: Path,
           sources: list) -> tuple[Path, str]:
    """Render the reviewed claims, validate them with the graph, and write the source file.

    Refuses (NotConformingError, nothing written) when the shapes report a violation.
    """
    import tempfile

    from ..paths import write_atomically
    from ..validation import data_file_sources, validate

    used = set()
    for claim in claims:
        for key in ("organisation", "serves", "party"):
            if claim.get(key):
                used.add(claim[key])
        for key in ("parties", "organisers"):
            used.update(claim.get(key, []))
    for iri, org in draft.organisations.items():
        if org.get("unit_of") and iri in used:
            used.add(org["unit_of"])
    organisations = {iri: org for iri, org in draft.organisations.items() if iri in used}
    final = Draft(draft.meta, claims, organisations)
    text = render(final, resolver, candidate=False)
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise BadInputError(f"data folder not found: {out_dir}")
    target = out_dir / f"{draft.meta.key}.trig"
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / target.name
        trial.write_text(text, encoding="utf-8")
        others = [s for s in sources if Path(s.path).resolve() != target.resolve()]
        report = validate(others + data_file_sources([trial]))
    if report.fails("violation"):
        violations = [f for f in report.findings if f.severity == "Violation"]
        said = [f"{f.focus_label} <{f.focus}>: {f.message}"
                + (f" (value {f.value})" if f.value else "") for f in violations[:5]]
        more = f"; and {len(violations) - 5} more" if len(violations) > 5 else ""
        raise NotConformingError(
            f"{target} not written: it does not conform to the shapes: "
            + "; ".join(said) + more + " (samverkan validate --data FILE shows all)")
    write_atomically(target, text.encode("utf-8"))
    return target, text


def read_review_draft(path: Path) -> Draft:
    """The draft to review; a curated source file (no candidates left) is refused."""
    draft = parse_draft(path)
    if not draft.claims and not draft.organisations:
        raise BadInputError(f"{path} holds no candidate claims to review")
    return draft


def article_for(draft: Draft, given: Path | None) -> Article | None:
    """The local article file, to show each candidate's sentence; checked against the hash."""
    path = given or (Path(draft.article_path) if draft.article_path else None)
    if path is None or not Path(path).is_file():
        if given is not None:
            raise BadInputError(f"article file not found: {given}")
        return None
    article = read_article(Path(path))
    if article.sha256 != draft.meta.sha256:
        raise BadInputError(f"article {path} is not the text of this draft (its SHA-256 differs)")
    return article
