"""The claims of the seed articles, their provenance and privacy, and the curation example.

Facts are asserted as rows of SPARQL queries over the shipped graph, so that a change in the
data that alters an answer a user would get fails here with the rows side by side.
"""

from __future__ import annotations

import csv
import hashlib
import re

import pyoxigraph as ox
import pytest
from conftest import FIXTURES, ROOT, SHARED, select

from samverkan.extraction.reading import paragraphs, sentence_at, sentences

SAM = "https://w3id.org/samverkan/ontology#"
ID = "https://w3id.org/samverkan/id/"
VOCAB = "https://w3id.org/samverkan/vocab/"
GRAPH = "https://w3id.org/samverkan/graph/source/"
BASTAD = "38a22b5948e9b472"
KARLSTAD = "0ca39221fbb1cfdd"
SOURCES_DIR = ROOT / "data" / "sources"
CURATION = FIXTURES / "curation"
EXAMPLE_KEY = "fdb918c48f307fa4"

PREFIXES = """
PREFIX sam:    <https://w3id.org/samverkan/ontology#>
PREFIX org:    <http://www.w3.org/ns/org#>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

SEED_FILES = {BASTAD: "000_38a22b5948e9b472.txt", KARLSTAD: "003_0ca39221fbb1cfdd.txt"}
needs_seeds = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir(), reason="seed articles (../shared/seeds) are not available"
)


@pytest.fixture(scope="module")
def shipped_store() -> ox.Store:
    """The ontology, the reference data and the two seed articles only: these tests are about
    the seed articles (the curated corpus is tested in tests/test_curation_corpus.py)."""
    from samverkan.sources import shipped_sources
    from samverkan.store import load_sources

    store = ox.Store()
    load_sources(store, [s for s in shipped_sources()
                         if not s.label.startswith("data/sources/")
                         or s.label in (f"data/sources/{BASTAD}.trig",
                                        f"data/sources/{KARLSTAD}.trig")])
    return store


def rows(store: ox.Store, body: str) -> list[tuple[str | None, ...]]:
    """Run a SELECT with the usual prefixes, shortening the project's IRIs for readable asserts."""
    result = []
    for row in select(store, PREFIXES + body):
        result.append(tuple(_short(value) for value in row))
    return result


def _short(value: str | None) -> str | None:
    if value is None:
        return None
    for base, prefix in ((ID, ""), (VOCAB, ""), (SAM, "sam:")):
        if value.startswith(base):
            return prefix + value[len(base):]
    return value


# --- locators: how paragraphs and sentences are counted (docs/curation.md) ------------------

def test_sentence_counting_rule() -> None:
    text = "Rubrik\n\nEtt. Två är 2.5 ggr bl.a. mer! – Tre?\n\n\nFyra sa ”hej.” Fem.\n"
    assert paragraphs(text) == ["Rubrik", "Ett. Två är 2.5 ggr bl.a. mer! – Tre?",
                                "Fyra sa ”hej.” Fem."]
    assert sentences(paragraphs(text)[1]) == ["Ett.", "Två är 2.5 ggr bl.a. mer!", "– Tre?"]
    assert sentence_at(text, 3, 2) == "Fem."
    with pytest.raises(IndexError):
        sentence_at(text, 2, 4)
    with pytest.raises(IndexError):
        sentence_at(text, 0, 1)


# --- the sources ---------------------------------------------------------------------------

def test_each_source_file_holds_one_graph_described_by_its_source() -> None:
    for key in (BASTAD, KARLSTAD):
        dataset = ox.Dataset(ox.parse(path=str(SOURCES_DIR / f"{key}.trig"),
                                      format=ox.RdfFormat.TRIG))
        graphs = {quad.graph_name.value for quad in dataset}
        assert graphs == {GRAPH + key}
        assert ox.Quad(ox.NamedNode(GRAPH + key), ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"),
                       ox.NamedNode(ID + "source/" + key), ox.NamedNode(GRAPH + key)) in dataset


def test_source_metadata(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?s ?lang ?headline ?author ?publisher ?date WHERE {
          ?s a schema:NewsArticle ; schema:inLanguage ?lang .
          OPTIONAL { ?s schema:headline ?headline }
          OPTIONAL { ?s schema:author/schema:name ?author }
          OPTIONAL { ?s schema:publisher ?publisher }
          OPTIONAL { ?s schema:datePublished ?date }
        } ORDER BY ?s""")
    assert found == [
        ("source/" + KARLSTAD, "sv", "Ödmjukhet viktigt i samverkansarbetet", None, None, None),
        ("source/" + BASTAD, "sv", None, "Peter Jakobsson", None, None),
    ]


def test_source_hashes_recorded(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?s ?hash WHERE { ?s a schema:NewsArticle ; schema:sha256 ?hash } ORDER BY ?s""")
    assert found == [
        ("source/" + KARLSTAD, "e04355ef675f48600a4510c7b7024587ba17589f78b3eae5e3d8c5f89719ad28"),
        ("source/" + BASTAD, "676fca1b9faacb7c379d11cc0710df9c053864b3da43e90d83f4ba2cf51b63e6"),
    ]


@needs_seeds
def test_source_hashes_match_seed_files(shipped_store) -> None:
    for key, name in SEED_FILES.items():
        digest = hashlib.sha256((SHARED / "seeds" / name).read_bytes()).hexdigest()
        assert rows(shipped_store, f"""
            SELECT ?hash WHERE {{ <{ID}source/{key}> schema:sha256 ?hash }}""") == [(digest,)]


def _locators(store: ox.Store, key: str) -> list[tuple[int, int]]:
    found = select(store, PREFIXES + f"""
        SELECT DISTINCT ?p ?s WHERE {{ GRAPH <{GRAPH}{key}> {{
          ?claim sam:locator ?loc . ?loc sam:paragraph ?p ; sam:sentence ?s ;
                 sam:inSource <{ID}source/{key}> }} }}""")
    return sorted((int(p), int(s)) for p, s in found)


@needs_seeds
def test_every_locator_points_into_its_article(shipped_store) -> None:
    for key, name in SEED_FILES.items():
        text = (SHARED / "seeds" / name).read_text(encoding="utf-8")
        locators = _locators(shipped_store, key)
        assert locators, key
        for paragraph, sentence in locators:
            assert sentence_at(text, paragraph, sentence)


@needs_seeds
def test_locators_point_at_the_sentences_stating_the_fact() -> None:
    bastad = (SHARED / "seeds" / SEED_FILES[BASTAD]).read_text(encoding="utf-8")
    karlstad = (SHARED / "seeds" / SEED_FILES[KARLSTAD]).read_text(encoding="utf-8")
    assert "säkerhetschef Christofer Thorén" in sentence_at(bastad, 1, 1)
    assert "kommunstyrelsens ordförande" in sentence_at(bastad, 2, 3)
    assert "Länsstyrelsen i Västra Götalands Län" in sentence_at(bastad, 3, 1)
    assert "säkerhetsstrateg på Halmstads kommun" in sentence_at(bastad, 3, 2)
    assert "Teknik och Service" in sentence_at(bastad, 5, 1)
    assert "risk- och sårbarhetsanalysen" in sentence_at(bastad, 9, 1)
    assert "Krisledningsplanen" in sentence_at(bastad, 9, 3)
    assert "POSOM-grupp" in sentence_at(bastad, 11, 1)
    assert "kommunpolis Axel Johansson" in sentence_at(bastad, 15, 3)
    assert "arrangerades av Brå" in sentence_at(karlstad, 3, 1)
    assert "sommaren 2015" in sentence_at(karlstad, 5, 1)
    assert "räddningstjänsten" in sentence_at(karlstad, 8, 2)
    assert "deltog som föreläsare" in sentence_at(karlstad, 12, 1)


def test_every_claim_names_its_source_and_a_locator_in_it(shipped_store) -> None:
    unsourced = rows(shipped_store, f"""
        SELECT ?claim ?g WHERE {{ GRAPH ?g {{
          ?claim a ?type .
          VALUES ?type {{ org:Membership sam:Cooperation sam:Agreement schema:Event sam:Incident
                          sam:Plan sam:CrisisGroup }}
          FILTER NOT EXISTS {{
            ?claim prov:wasDerivedFrom ?src ; sam:locator ?loc . ?loc sam:inSource ?src .
            ?g prov:wasDerivedFrom ?src .
          }} }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}""")
    assert unsourced == []
    counted = rows(shipped_store, f"""
        SELECT ?g (COUNT(DISTINCT ?claim) AS ?n) WHERE {{ GRAPH ?g {{
          ?claim prov:wasDerivedFrom ?src ; sam:locator ?loc }}
          FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }} GROUP BY ?g ORDER BY ?g""")
    assert counted == [(GRAPH + KARLSTAD, "6"), (GRAPH + BASTAD, "12")]


# --- persons in posts ----------------------------------------------------------------------

def test_tenures(shipped_store) -> None:
    found = rows(shipped_store, f"""
        SELECT ?name ?role ?org ?status ?g WHERE {{ GRAPH ?g {{
          ?t a org:Membership ; org:member/schema:name ?name ; org:role ?role ;
             org:organization ?org ; sam:tenureStatus ?status }}
          FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }} ORDER BY ?name ?status ?role""")
    assert found == [
        ("Axel Johansson", "role/kommunpolis", "org/polismyndigheten", "status/current",
         GRAPH + BASTAD),
        ("Christofer Thorén", "role/sakerhetschef", "kommun/1278", "status/current",
         GRAPH + BASTAD),
        ("Christofer Thorén", "role/sakerhetsstrateg", "kommun/1380", "status/previous",
         GRAPH + BASTAD),
        ("Christofer Thorén", "role/tjansteman", "lansstyrelse/14", "status/previous",
         GRAPH + BASTAD),
        ("Johan Olsson Swanstein", "role/kommunalrad", "kommun/1278", "status/current",
         GRAPH + BASTAD),
        ("Johan Olsson Swanstein", "role/kommunstyrelsens-ordforande", "kommun/1278",
         "status/current", GRAPH + BASTAD),
        ("Robin Olsson", "role/sakerhetssamordnare", "kommun/1780", "status/current",
         GRAPH + KARLSTAD),
    ]


def test_posts_with_their_unit(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?post ?in ?unitOf ?role WHERE {
          ?post a org:Post ; org:postIn ?in ; org:role ?role .
          OPTIONAL { ?in org:unitOf ?unitOf }
        } ORDER BY ?post""")
    assert found == [
        ("post/kommun-1278/kommunalrad", "kommun/1278", None, "role/kommunalrad"),
        ("post/kommun-1278/kommunstyrelsens-ordforande", "kommun/1278", None,
         "role/kommunstyrelsens-ordforande"),
        ("post/kommun-1278/sakerhetschef", "kommun/1278/unit/teknik-och-service", "kommun/1278",
         "role/sakerhetschef"),
        ("post/kommun-1380/sakerhetsstrateg", "kommun/1380", None, "role/sakerhetsstrateg"),
        ("post/kommun-1780/sakerhetssamordnare", "kommun/1780", None, "role/sakerhetssamordnare"),
        ("post/polismyndigheten/kommunpolis-1278", "org/polismyndigheten", None,
         "role/kommunpolis"),
    ]
    assert rows(shipped_store, """
        SELECT ?post ?kommun WHERE { ?post sam:servesMunicipality ?kommun }""") == [
        ("post/polismyndigheten/kommunpolis-1278", "kommun/1278")]


def test_elected_offices_carry_the_party_not_the_person(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?name ?role ?party ?partyLabel ?type WHERE {
          ?t org:member/schema:name ?name ; org:role ?role ; sam:onBehalfOf ?party .
          ?party skos:prefLabel ?partyLabel ; org:classification ?type .
        } ORDER BY ?role""")
    assert found == [
        ("Johan Olsson Swanstein", "role/kommunalrad", "org/party/moderaterna", "Moderaterna",
         "org-type/politiskt-parti"),
        ("Johan Olsson Swanstein", "role/kommunstyrelsens-ordforande", "org/party/moderaterna",
         "Moderaterna", "org-type/politiskt-parti"),
    ]
    assert rows(shipped_store, """
        SELECT ?x WHERE { ?x a schema:Person ; sam:onBehalfOf ?p }""") == []


def test_work_areas_of_posts(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?post ?area WHERE { ?post a org:Post ; sam:workArea ?area } ORDER BY ?post ?area""")
    assert found == [
        ("post/kommun-1278/sakerhetschef", "work-area/civilt-forsvar"),
        ("post/kommun-1278/sakerhetschef", "work-area/hojd-beredskap"),
        ("post/kommun-1278/sakerhetschef", "work-area/intern-sakerhet"),
        ("post/kommun-1278/sakerhetschef", "work-area/krisberedskap"),
        ("post/kommun-1278/sakerhetschef", "work-area/sakerhetskultur"),
        ("post/kommun-1278/sakerhetschef", "work-area/totalforsvar"),
        ("post/kommun-1278/sakerhetschef", "work-area/trygghetsskapande-arbete"),
        ("post/polismyndigheten/kommunpolis-1278", "work-area/brottsforebyggande-arbete"),
        ("post/polismyndigheten/kommunpolis-1278", "work-area/trygghetsskapande-arbete"),
    ]


# --- events, cooperation, plans, crisis groups, incidents --------------------------------------

def test_event_organisers_and_speakers(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?type ?organizer WHERE {
          ?e a schema:Event ; sam:eventType ?type ; schema:organizer ?organizer .
        } ORDER BY ?type ?organizer""")
    assert found == [
        ("event-type/trygghetsdag", "org/bra"),
        ("event-type/trygghetsdag", "org/polismyndigheten"),
        ("event-type/trygghetsdag", "org/skr"),
    ]
    speakers = rows(shipped_store, """
        SELECT ?speaker ?name WHERE {
          ?e sam:eventType <https://w3id.org/samverkan/vocab/event-type/trygghetsdag> ;
             sam:speaker ?speaker .
          OPTIONAL { ?speaker schema:name ?name }
        } ORDER BY ?speaker""")
    assert speakers == [("kommun/1780", None), ("person/e21c99e882d6", "Robin Olsson")]


def test_event_without_a_stated_year_has_no_date(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?p WHERE {
          ?e sam:eventType <https://w3id.org/samverkan/vocab/event-type/trygghetsdag> ; ?p ?o .
          FILTER(?p IN (schema:startDate, schema:endDate, sam:earliestStart, sam:latestEnd,
                        sam:datePrecision))
        }""")
    assert found == []


def test_cooperations(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?form ?participant ?g WHERE { GRAPH ?g {
          ?c a sam:Cooperation ; sam:cooperationForm ?form ; sam:participant ?participant }
        } ORDER BY ?g ?form ?participant""")
    assert found == [
        ("cooperation-form/event", "org/bra", GRAPH + KARLSTAD),
        ("cooperation-form/event", "org/polismyndigheten", GRAPH + KARLSTAD),
        ("cooperation-form/event", "org/skr", GRAPH + KARLSTAD),
        ("cooperation-form/structure", "kommun/1780", GRAPH + KARLSTAD),
        ("cooperation-form/structure", "org/polismyndigheten", GRAPH + KARLSTAD),
        ("cooperation-form/structure", "org/raddningstjansten-karlstad", GRAPH + KARLSTAD),
        ("cooperation-form/structure", "kommun/1278", GRAPH + BASTAD),
        ("cooperation-form/structure", "org/polismyndigheten", GRAPH + BASTAD),
    ]


def test_agreement_type_mentioned(shipped_store) -> None:
    assert rows(shipped_store, """
        SELECT ?s ?mentioned WHERE { ?s a schema:NewsArticle ; schema:mentions ?mentioned }""") == [
        ("source/" + KARLSTAD, "agreement-type/samverkansoverenskommelse")]


def test_plans_of_each_kommun(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?owner ?type ?status WHERE {
          ?plan a sam:Plan ; sam:planOwner ?owner ; sam:planType ?type ; sam:status ?status .
        } ORDER BY ?owner ?type""")
    assert found == [
        ("kommun/1278", "plan-type/krisledningsplan", "status/to-be-revised-and-adopted"),
        ("kommun/1278", "plan-type/risk-och-sarbarhetsanalys", "status/to-be-updated"),
    ]


def test_crisis_groups(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?group ?of ?type ?status WHERE {
          ?group a sam:CrisisGroup ; sam:crisisGroupOf ?of ; org:classification ?type ;
                 sam:status ?status .
        }""")
    assert found == [
        ("crisis-group/kommun-1278/posom", "kommun/1278", "org-type/posom", "status/missing")]


def test_incident_period_and_responders(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT ?area ?start ?end ?precision ?responder WHERE {
          ?i a sam:Incident ; sam:affectedArea ?area ; sam:earliestStart ?start ;
             sam:latestEnd ?end ; sam:datePrecision ?precision ; sam:respondedBy ?responder .
        } ORDER BY ?responder""")
    assert found == [
        ("area/kommun/1780", "2015-06-01", "2015-08-31", "precision/season", "kommun/1780"),
        ("area/kommun/1780", "2015-06-01", "2015-08-31", "precision/season",
         "org/polismyndigheten"),
    ]
    assert rows(shipped_store, """
        SELECT ?who WHERE { ?i a sam:Incident ; ?p ?who . ?who a schema:Person }""") == []


def test_no_flat_dates_invented(shipped_store) -> None:
    found = rows(shipped_store, f"""
        SELECT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
          FILTER(STRSTARTS(STR(?g), "{GRAPH}"))
          FILTER(?p IN (schema:startDate, schema:endDate, schema:datePublished)) }}""")
    assert found == []


def test_reference_entities_are_only_referred_to() -> None:
    """Source files use kommuner and authorities as objects, never describe them again."""
    pattern = re.compile(r"^\s*<(kommun/\d{4}|lansstyrelse/\d{2}|org/(bra|skr|msb|polismyndigheten)"
                         r"|area/[^>]*)>\s", re.MULTILINE)
    for key in (BASTAD, KARLSTAD):
        assert pattern.findall((SOURCES_DIR / f"{key}.trig").read_text(encoding="utf-8")) == []


def test_organisations_resolve_to_reference_entities(shipped_store) -> None:
    found = rows(shipped_store, f"""
        SELECT DISTINCT ?o ?label WHERE {{
          GRAPH ?g {{ ?claim ?p ?o }}
          FILTER(STRSTARTS(STR(?g), "{GRAPH}"))
          FILTER(?p IN (org:organization, schema:organizer, sam:participant, sam:respondedBy,
                        sam:planOwner, sam:crisisGroupOf, sam:affectedArea))
          FILTER(!STRSTARTS(STR(?o), "{ID}org/raddningstjansten"))
          OPTIONAL {{ GRAPH <https://w3id.org/samverkan/graph/reference> {{
            ?o skos:prefLabel ?label }} }}
        }} ORDER BY ?o""")
    assert found == [
        ("area/kommun/1780", "Karlstad"),
        ("kommun/1278", "Båstad"),
        ("kommun/1380", "Halmstad"),
        ("kommun/1780", "Karlstad"),
        ("lansstyrelse/14", "Länsstyrelsen i Västra Götalands län"),
        ("org/bra", "Brottsförebyggande rådet"),
        ("org/polismyndigheten", "Polismyndigheten"),
        ("org/skr", "Sveriges Kommuner och Regioner"),
    ]


# --- privacy ---------------------------------------------------------------------------------

def test_persons_have_only_type_and_name(shipped_store) -> None:
    found = rows(shipped_store, """
        SELECT DISTINCT ?p WHERE { ?person a schema:Person ; ?p ?o } ORDER BY ?p""")
    assert found == [("http://www.w3.org/1999/02/22-rdf-syntax-ns#type",),
                     ("https://schema.org/name",)]
    names = rows(shipped_store, """
        SELECT ?person ?name WHERE { ?person a schema:Person ; schema:name ?name }
        ORDER BY ?name""")
    assert [name for _, name in names] == ["Axel Johansson", "Christofer Thorén",
                                           "Johan Olsson Swanstein", "Peter Jakobsson",
                                           "Robin Olsson"]
    for person, _name in names:
        assert re.fullmatch(r"person/[0-9a-f]{12}", person), person


# The first article's private-life paragraphs (p17-p19) must leave no trace in data/. The words
# to look for are derived here from the seed text at run time, never written down in the project.
PRIVATE_PARAGRAPHS = (17, 18, 19)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text) if len(w) >= 4 or w.isdigit()}


def private_words() -> set[str]:
    """Words of the private paragraphs that no public paragraph of the article uses (nor a
    longer or shorter form of them, as 'Båstads' for 'Båstad')."""
    text = (SHARED / "seeds" / f"000_{BASTAD}.txt").read_text(encoding="utf-8")
    found = paragraphs(text)
    private = _words(" ".join(found[n - 1] for n in PRIVATE_PARAGRAPHS))
    public = _words(" ".join(p for n, p in enumerate(found, 1) if n not in PRIVATE_PARAGRAPHS))
    return {w for w in private
            if not any(p.startswith(w) or w.startswith(p) for p in public if len(p) >= 4)}


def kommun_codes_named_in(words: set[str]) -> dict[str, str]:
    """kommunkod → name of the reference kommuner whose name is one of ``words``."""
    with (ROOT / "data" / "reference" / "municipalities.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)
                if row["name"].casefold() in words}


@needs_seeds
def test_private_life_absent_from_data() -> None:
    words = private_words()
    assert len(words) >= 10  # the paragraphs are there and say something of their own
    kommun_names = {name.casefold() for name in kommun_codes_named_in(words).values()}
    files = sorted(p for p in (ROOT / "data").rglob("*") if p.is_file())
    assert SOURCES_DIR / f"{BASTAD}.trig" in files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").casefold()
        in_sources = SOURCES_DIR in path.parents
        for word in words:
            if word in kommun_names and not in_sources:
                continue  # a kommun's name belongs in the reference layer
            assert not re.search(rf"\b{re.escape(word)}\b", text), path.name


@needs_seeds
def test_persons_not_linked_to_kommuner_of_private_paragraphs(shipped_store) -> None:
    """Nothing connects the article's persons (or their tenures) to a kommun named only in
    its private paragraphs."""
    codes = sorted(kommun_codes_named_in(private_words()))
    assert codes  # the paragraphs name kommuner, so the check below has something to check
    places = ", ".join(f"<{ID}kommun/{c}>, <{ID}area/kommun/{c}>" for c in codes)
    graph = f"https://w3id.org/samverkan/graph/source/{BASTAD}"
    persons = f"GRAPH <{graph}> {{ ?person a schema:Person }}"
    assert len(rows(shipped_store, f"SELECT ?person WHERE {{ {persons} }}")) == 4
    found = rows(shipped_store, f"""
        SELECT ?s ?p ?o WHERE {{
          {persons}
          {{ ?s ?p ?o . FILTER(?s = ?person) }} UNION {{ ?s org:member ?person ; ?p ?o }}
          FILTER(?o IN ({places}))
        }}""")
    assert found == []


# --- the worked example of docs/curation.md -------------------------------------------------------

def _example_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(CURATION / f"{EXAMPLE_KEY}.trig"), format=ox.RdfFormat.TRIG)
    return store


def test_curation_example_yields_exactly_its_expected_triples() -> None:
    store = _example_store()
    expected = ox.Store()
    expected.load(path=str(CURATION / "expected.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == 104
    assert set(store) == set(expected)


def test_curation_example_yields_exactly_its_expected_rows() -> None:
    lines = (CURATION / "expected-rows.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["kind", "a", "b", "c", "locator"]
    expected = [tuple(line.split("\t")) for line in lines[1:]]
    query = (CURATION / "facts.rq").read_text(encoding="utf-8")
    assert select(_example_store(), query) == expected
    assert len(expected) == 9


def test_curation_example_hash_and_locators_match_its_text() -> None:
    raw = (CURATION / "example-article.txt").read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    assert digest.startswith(EXAMPLE_KEY)
    store = _example_store()
    assert select(store, PREFIXES + f"""
        SELECT ?h WHERE {{ <{ID}source/{EXAMPLE_KEY}> schema:sha256 ?h }}""") == [(digest,)]
    text = raw.decode("utf-8")
    assert _locators(store, EXAMPLE_KEY) == [(2, 1), (2, 2), (2, 3), (4, 1), (4, 2)]
    assert "hösten 2024" in sentence_at(text, 2, 1)
    assert "trygghetssamordnare Lena Exempelsson" in sentence_at(text, 2, 2)
    assert "handlingsplan" in sentence_at(text, 4, 2)
    assert "fotboll" not in (CURATION / f"{EXAMPLE_KEY}.trig").read_text(encoding="utf-8")


def test_curation_example_validates_with_its_stand_in_reference(isolated_cache) -> None:
    from click.testing import CliRunner

    from samverkan.cli import main

    example = str(CURATION / f"{EXAMPLE_KEY}.trig")
    stand_in = str(CURATION / "exempelby-reference.trig")
    result = CliRunner().invoke(main, ["validate", "--data", stand_in, "--data", example])
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violations, 0 warnings" in result.output
    alone = CliRunner().invoke(main, ["validate", "--data", example])
    assert alone.exit_code == 1
    assert "a post belongs to exactly one organisation (org:postIn)" in alone.output
