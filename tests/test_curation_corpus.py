"""The curated corpus in data/sources: how much it covers, its metadata, identity across
articles, and (where the extraction dev set is at hand) that hashes and locators fit the texts."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, SHARED, select

from samverkan.extraction.reading import read_article
from samverkan.savedqueries import bind, saved_queries

DEV = SHARED / "extraction" / "dev"
SEEDS = ("38a22b5948e9b472", "0ca39221fbb1cfdd")
ID = "https://w3id.org/samverkan/id/"
PREFIXES = """
PREFIX sam: <https://w3id.org/samverkan/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX status: <https://w3id.org/samverkan/vocab/status/>
"""
needs_dev = pytest.mark.skipif(not DEV.is_dir(),
                               reason="extraction dev set (../shared/extraction/dev) not present")


def q(store, body: str) -> list[tuple]:
    return select(store, PREFIXES + body)


def _new_sources(store) -> dict[str, dict]:
    found = {}
    for key, sha, url, publisher, lang, headline, published in q(store, """
        SELECT ?id ?sha ?url ?publisher ?lang ?headline ?published WHERE {
          ?s a schema:NewsArticle ; schema:identifier ?id ; schema:sha256 ?sha ;
             schema:inLanguage ?lang .
          OPTIONAL { ?s schema:url ?url } OPTIONAL { ?s schema:publisher ?publisher }
          OPTIONAL { ?s schema:headline ?headline }
          OPTIONAL { ?s schema:datePublished ?published } }"""):
        if key not in SEEDS:
            found[key] = {"sha": sha, "url": url, "publisher": publisher, "lang": lang,
                          "headline": headline, "published": published}
    return found


def test_corpus_size_and_coverage(shipped_store) -> None:
    sources = _new_sources(shipped_store)
    assert len(sources) == 50
    kommuner = q(shipped_store, """
        SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE {
          ?t a org:Membership . FILTER NOT EXISTS { ?t sam:tenureStatus status:previous }
          { ?t org:organization ?k } UNION { ?t sam:post/sam:servesMunicipality ?k }
          ?k a sam:Municipality }""")
    assert kommuner == [("45",)]
    assert q(shipped_store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?t org:member ?p }") == \
        [("73",)]
    agreements = q(shipped_store, """
        SELECT ?type (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a sam:Agreement ;
          sam:agreementType ?type } GROUP BY ?type ORDER BY ?type""")
    assert [(t.rsplit("/", 1)[1], n) for t, n in agreements] == [
        ("medborgarlofte", "5"), ("samverkansavtal", "1"), ("samverkansoverenskommelse", "10")]
    assert q(shipped_store, """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event
        FILTER NOT EXISTS { ?e a sam:Incident } }""") == [("7",)]
    assert q(shipped_store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a sam:Plan }") == \
        [("7",)]
    assert q(shipped_store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a sam:CrisisGroup }") \
        == [("11",)]


def test_every_role_of_the_vocabulary_is_held(shipped_store) -> None:
    unused = q(shipped_store, """SELECT ?r WHERE { ?r a org:Role
        FILTER NOT EXISTS { ?t a org:Membership ; org:role ?r } }""")
    assert unused == []
    assert len(q(shipped_store, "SELECT DISTINCT ?r WHERE { ?t org:role ?r }")) == 15


def test_posts_in_kommun_answers_for_45_kommuner(shipped_store) -> None:
    query = saved_queries()["posts-in-kommun"]
    kommuner = [k for (k,) in q(shipped_store, "SELECT ?k WHERE { ?k a sam:Municipality }")]
    answered = [k for k in kommuner if select(shipped_store, bind(query, {"kommun": k}))]
    assert len(kommuner) == 290
    assert len(answered) == 45


def test_police_agreements_answer_for_15_kommuner(shipped_store) -> None:
    rows = select(shipped_store, bind(saved_queries()["police-agreements"], {}))
    assert len({row[0] for row in rows}) == 15


def test_new_sources_carry_their_metadata(shipped_store) -> None:
    sources = _new_sources(shipped_store)
    for key, source in sources.items():
        assert re.fullmatch(r"[0-9a-f]{64}", source["sha"]) and source["sha"][:16] == key
        assert source["lang"] == "sv"
        assert source["url"] and source["url"].startswith("http"), key
        assert source["publisher"], key
    assert sum(1 for s in sources.values() if s["headline"]) == 32
    dated = sorted(s["published"] for s in sources.values() if s["published"])
    assert dated == ["2015-07-02", "2016-07-26", "2017-11-08", "2018-03-13", "2023-02-17",
                     "2023-03-15", "2023-08-29", "2024-04-05", "2025-06-19"]


def test_one_person_across_two_articles(shipped_store) -> None:
    found = q(shipped_store, """
        SELECT ?p (COUNT(DISTINCT ?src) AS ?sources) (COUNT(DISTINCT ?t) AS ?tenures) WHERE {
          ?p schema:name "Malin Ekblad" . ?t org:member ?p ; prov:wasDerivedFrom ?src }
        GROUP BY ?p""")
    assert len(found) == 1
    assert found[0][1:] == ("2", "5")


def test_no_candidate_left_in_the_sources() -> None:
    for path in sorted((ROOT / "data" / "sources").glob("*.trig")):
        assert "sam:Candidate" not in path.read_text(encoding="utf-8"), path.name


def _dev_texts() -> dict[str, object]:
    texts = {}
    for path in sorted(DEV.glob("*.txt")):
        article = read_article(path)
        texts[article.source] = article
    return texts


@needs_dev
def test_dev_sources_match_their_texts_and_locators(shipped_store) -> None:
    texts = _dev_texts()
    sources = _new_sources(shipped_store)
    matched = {key: texts[s["url"]] for key, s in sources.items() if s["url"] in texts}
    assert len(matched) == 29
    for key, article in matched.items():
        assert article.sha256 == sources[key]["sha"], key
        locators = q(shipped_store, f"""SELECT DISTINCT ?p ?s WHERE {{
            ?loc sam:inSource <{ID}source/{key}> ; sam:paragraph ?p ; sam:sentence ?s }}""")
        assert locators, key
        for paragraph, sentence in locators:
            assert article.sentence(int(paragraph), int(sentence)), (key, paragraph, sentence)


@needs_dev
def test_gold_notes_are_not_copied() -> None:
    words = re.compile(r"\w+")
    runs = set()
    for path in DEV.glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        notes = list(gold.get("notes", []))
        for key in ("agreements", "events", "out_of_vocabulary_posts", "crisis_groups", "plans"):
            notes += [item.get("note", "") for item in gold.get(key, [])]
        for person in gold.get("persons", []):
            notes += [post.get("note", "") for post in person.get("posts", [])]
        for note in notes:
            found = [w.lower() for w in words.findall(note)]
            runs |= {" ".join(found[i:i + 8]) for i in range(len(found) - 7)}
    assert len(runs) > 100
    for path in sorted((ROOT / "data" / "sources").glob("*.trig")):
        text = [w.lower() for w in words.findall(path.read_text(encoding="utf-8"))]
        mine = {" ".join(text[i:i + 8]) for i in range(len(text) - 7)}
        assert mine & runs == set(), path.name
