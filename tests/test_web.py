"""samverkan serve: every route, content type and error, through Starlette's test client."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")

from starlette.testclient import TestClient  # noqa: E402

from samverkan.store import memory_store  # noqa: E402
from samverkan.web.app import CSP, create_app  # noqa: E402
from samverkan.web.runner import Limits  # noqa: E402

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "web" / "data"
HTML = {"accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
BASTAD = "https://w3id.org/samverkan/id/kommun/1278"


@pytest.fixture(scope="module")
def store():
    return memory_store([FIXTURE_DATA])


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store)) as c:
        yield c


# ---- pages ---------------------------------------------------------------------------------


def test_start_page_has_search_figures_and_covered_kommuner(client) -> None:
    r = client.get("/", headers=HTML)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="sv">' in r.text
    assert '<label for="q">' in r.text and 'name="q"' in r.text
    assert "<dt>kommuner</dt><dd>290</dd>" in r.text
    # 52 curated articles in data/sources plus the one of the web fixture
    assert "<dt>artiklar</dt><dd>53</dd>" in r.text
    assert '<a href="/id/kommun/1278">Båstad</a>' in r.text


@pytest.mark.parametrize("q", ["bastad", "Båstad", "BÅSTAD", "1278", "båstads kommun"])
def test_search_is_accent_and_case_insensitive(client, q) -> None:
    r = client.get("/search", params={"q": q})
    assert r.status_code == 200
    first = r.text.split('<ul class="hits">', 1)[1].split("</li>", 1)[0]
    assert 'href="/id/kommun/1278"' in first


def test_search_finds_persons_and_organisations(client) -> None:
    assert 'href="/id/person/2bb9795ea5da"' in client.get("/search", params={"q": "thoren"}).text
    assert 'href="/id/org/polismyndigheten"' in client.get("/search",
                                                           params={"q": "polismyndigheten"}).text


def test_search_without_hits_says_so(client) -> None:
    r = client.get("/search", params={"q": "zzzxqy"})
    assert r.status_code == 200
    assert "0 träffar för ”zzzxqy”" in r.text


def test_kommun_page_shows_posts_holders_sources_and_links_out(client) -> None:
    r = client.get("/id/kommun/1278", headers=HTML)
    assert r.status_code == 200
    text = r.text
    assert "<h1>Båstads kommun</h1>" in text
    assert '<a href="/id/person/2bb9795ea5da">Christofer Thorén</a>' in text
    assert "Säkerhetschef i Båstads kommun" in text
    assert "rapporterad aktuell vid publiceringen (datum saknas)" in text
    assert 'href="https://www.wikidata.org/wiki/Q499464"' in text
    assert 'href="https://api.kolada.se/v2/municipality/1278"' in text
    assert 'href="https://kommunsiffror.scb.se/?id1=1278&amp;id2=null"' in text
    assert '<a href="/id/area/lan/12">Skåne län</a>' in text
    assert "Polisregion Syd" in text
    assert "Krisledningsplan, Båstads kommun" in text and "saknas" in text
    # the fixture article has an address and a date: linked and shown
    assert ('<a class="source" href="/id/source/webtest00000001">Testrubrik för webbsidorna</a>'
            in text)
    assert 'href="https://example.org/nyheter/testartikel-1"' in text
    assert "st. 5, mening 1" in text
    assert "rapporterad aktuell per 2024-03-05" in text  # the dated article's tenure


def test_grlc_local_path_is_the_same_api(client) -> None:
    a = client.get("/api-local/kommun-police", params={"kommun": "id:kommun/1780"})
    b = client.get("/api/kommun-police", params={"kommun": "id:kommun/1780"})
    assert a.status_code == 200 and a.text == b.text
    assert "Värmlands län" in a.text


def test_label_with_markup_is_shown_as_text(client) -> None:
    for path in ("/id/kommun/1278", "/id/org/webtest-hostile", "/search?q=soderasen"):
        text = client.get(path, headers=HTML).text
        assert "<script>" not in text
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Söderåsen" in text


def test_person_page_shows_public_roles_and_sources_only(client) -> None:
    r = client.get("/id/person/2bb9795ea5da", headers=HTML)
    assert r.status_code == 200
    assert "<h1>Christofer Thorén</h1>" in r.text
    assert "Säkerhetsstrateg i Halmstads kommun" in r.text
    assert 'href="/id/source/38a22b5948e9b472"' in r.text
    author = client.get("/id/person/8fa02e4ce532", headers=HTML).text
    assert "Författare till" in author


def test_organisation_article_concept_and_ontology_pages(client) -> None:
    police = client.get("/id/org/polismyndigheten", headers=HTML).text
    assert "<h1>Polismyndigheten</h1>" in police and "Kommunpolis för Båstads kommun" in police
    article = client.get("/id/source/38a22b5948e9b472", headers=HTML).text
    assert "Artikelns adress finns inte i källdatan." in article
    assert "Säkerhetschef i Båstads kommun" in article and "st. 5, mening 1" in article
    fixture_article = client.get("/id/source/webtest00000001", headers=HTML).text
    assert '<a class="original" href="https://example.org/nyheter/testartikel-1"' in fixture_article
    concept = client.get("/vocab/role/sakerhetschef", headers=HTML).text
    assert "<h1>säkerhetschef" in concept and "head of security" in concept
    ontology = client.get("/ontology", headers=HTML).text
    assert 'href="/ontology#Municipality"' in ontology


def test_graph_iri_resolves_and_other_methods_are_405(client) -> None:
    r = client.get("/graph/source/38a22b5948e9b472", headers={"accept": "text/turtle"})
    assert r.status_code == 200
    assert b"prov:wasDerivedFrom id:source\\/38a22b5948e9b472" in r.content
    r = client.post("/id/kommun/1278", content=b"x")
    assert r.status_code == 405
    assert r.text == "Error: POST is not allowed here\n"


def test_county_page_lists_its_kommuner(client) -> None:
    text = client.get("/id/area/lan/12", headers=HTML).text
    assert '<a href="/id/kommun/1278">Båstad</a>' in text
    assert '<a href="/id/kommun/1280">Malmö</a>' in text


def test_unknown_entity_is_404_for_people_and_programs(client) -> None:
    r = client.get("/id/kommun/9999", headers=HTML)
    assert r.status_code == 404
    assert "no such resource: https://w3id.org/samverkan/id/kommun/9999" in r.text
    r = client.get("/id/kommun/9999", headers={"accept": "text/turtle"})
    assert r.status_code == 404
    assert r.text == "Error: no such resource: https://w3id.org/samverkan/id/kommun/9999\n"
    assert client.get("/no/such/page").status_code == 404


# ---- linked data by content negotiation -----------------------------------------------------


@pytest.mark.parametrize("accept,media,marker", [
    ("text/turtle", "text/turtle", b"sam:municipalityCode \"1278\""),
    ("application/n-triples", "application/n-triples",
     b"<https://w3id.org/samverkan/id/kommun/1278> <https://w3id.org/samverkan/ontology#munici"),
    ("application/ld+json", "application/ld+json", b'"@id": "id:kommun/1278"'),
    ("application/trig", "application/trig", b"graph:reference"),
    ("application/n-quads", "application/n-quads", b"<https://w3id.org/samverkan/graph/reference>"),
])
def test_entity_rdf_by_accept(client, accept, media, marker) -> None:
    r = client.get("/id/kommun/1278", headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert r.headers["vary"] == "Accept"
    assert marker in r.content


def test_entity_format_parameter_and_default(client) -> None:
    r = client.get("/id/kommun/1278", params={"format": "turtle"}, headers=HTML)
    assert r.headers["content-type"].startswith("text/turtle")
    r = client.get("/id/kommun/1278")  # no Accept: a browser-less client gets HTML
    assert r.headers["content-type"].startswith("text/html")
    jsonld = client.get("/id/kommun/1278", headers={"accept": "application/ld+json"}).json()
    graphs = {g["@id"] for g in jsonld["@graph"]}
    # the source graph plus the derived superclass types, each in its own named graph
    assert graphs == {"graph:entailments", "graph:reference"}
    # the Turtle document says what DESCRIBE on the endpoint's union default graph says
    describe = client.get("/sparql", params={"query": f"DESCRIBE <{BASTAD}>",
                                             "format": "turtle"})
    turtle = client.get("/id/kommun/1278", params={"format": "turtle"})
    assert turtle.content == describe.content
    assert b"org:Organization" in turtle.content


def test_ontology_document_describes_its_hash_terms(client) -> None:
    r = client.get("/ontology", headers={"accept": "text/turtle"})
    assert r.status_code == 200
    assert b"sam:Municipality" in r.content


# ---- SPARQL protocol --------------------------------------------------------------------------

SELECT = ("PREFIX sam: <https://w3id.org/samverkan/ontology#> "
          "SELECT ?k ?code WHERE { ?k sam:municipalityCode ?code ; a sam:Municipality "
          "FILTER(?code IN ('1278', '1780')) } ORDER BY ?code")


def _bindings(body: str) -> list[tuple[str, str]]:
    doc = json.loads(body)
    return [(b["k"]["value"], b["code"]["value"]) for b in doc["results"]["bindings"]]


def test_sparql_get_post_form_and_direct_agree(client) -> None:
    expected = [(BASTAD, "1278"), ("https://w3id.org/samverkan/id/kommun/1780", "1780")]
    get = client.get("/sparql", params={"query": SELECT})
    form = client.post("/sparql", data={"query": SELECT})
    direct = client.post("/sparql", content=SELECT.encode(),
                         headers={"content-type": "application/sparql-query"})
    for r in (get, form, direct):
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/sparql-results+json"
        assert _bindings(r.text) == expected


@pytest.mark.parametrize("accept,fmt,media,start", [
    ("application/sparql-results+xml", None, "application/sparql-results+xml", "<?xml"),
    ("text/csv", None, "text/csv", "k,code\r\nhttps://w3id.org/samverkan/id/kommun/1278,1278"),
    ("text/tab-separated-values", None, "text/tab-separated-values",
     "?k\t?code\n<https://w3id.org/samverkan/id/kommun/1278>\t\"1278\""),
    ("*/*", "csv", "text/csv", "k,code"),
    ("*/*", "xml", "application/sparql-results+xml", "<?xml"),
    ("*/*", "tsv", "text/tab-separated-values", "?k\t?code"),
    ("text/csv", "json", "application/sparql-results+json", "{"),
])
def test_sparql_result_formats(client, accept, fmt, media, start) -> None:
    params = {"query": SELECT} | ({"format": fmt} if fmt else {})
    r = client.get("/sparql", params=params, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert r.text.startswith(start)


def test_sparql_xml_results_are_well_formed(client) -> None:
    import xml.etree.ElementTree as ET

    r = client.get("/sparql", params={"query": SELECT, "format": "xml"})
    root = ET.fromstring(r.content)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    uris = [e.text for e in root.iter(ns + "uri")]
    assert uris == [BASTAD, "https://w3id.org/samverkan/id/kommun/1780"]


def test_sparql_ask_and_construct(client) -> None:
    sam = "https://w3id.org/samverkan/ontology#"
    ask = client.get("/sparql", params={"query": f"ASK {{ ?s a <{sam}Municipality> }}"})
    assert ask.json() == {"head": {}, "boolean": True}
    construct = ("CONSTRUCT { ?k <http://example.org/code> ?c } WHERE { "
                 f"<{BASTAD}> <{sam}municipalityCode> ?c BIND(<{BASTAD}> AS ?k) }}")
    turtle = client.get("/sparql", params={"query": construct})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert 'id:kommun\\/1278 <http://example.org/code> "1278" .' in turtle.text
    nt = client.get("/sparql", params={"query": construct},
                    headers={"accept": "application/n-triples"})
    assert nt.text == f'<{BASTAD}> <http://example.org/code> "1278" .\n'
    jsonld = client.get("/sparql", params={"query": construct, "format": "jsonld"})
    assert jsonld.headers["content-type"] == "application/ld+json"
    assert jsonld.json() == [{"@id": BASTAD, "http://example.org/code": [{"@value": "1278"}]}]


def test_sparql_union_default_graph_like_the_cli(client) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/NewsArticle> }"
    r = client.get("/sparql", params={"query": query})
    # 52 curated articles in data/sources plus the web fixture's one
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "53"


@pytest.mark.parametrize("how", ["get-update", "form-update", "direct-update", "text"])
def test_updates_are_refused_with_403(client, how) -> None:
    update = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"
    if how == "get-update":
        r = client.get("/sparql", params={"update": update})
    elif how == "form-update":
        r = client.post("/sparql", data={"update": update})
    elif how == "direct-update":
        r = client.post("/sparql", content=update.encode(),
                        headers={"content-type": "application/sparql-update"})
    else:
        r = client.get("/sparql", params={"query": update})
    assert r.status_code == 403
    assert r.text.startswith("Error: updates are refused")
    assert r.text.count("\n") == 1


def test_service_is_refused_and_never_followed(client) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    assert r.text == ("Error: SERVICE is refused in local queries (no network access); "
                      "run the query on an endpoint with --endpoint URL instead\n")


def test_syntax_error_and_missing_query_are_400(client) -> None:
    r = client.get("/sparql", params={"query": "SELECT WHERE {"})
    assert r.status_code == 400 and r.text.startswith("Error: SPARQL syntax error")
    r = client.get("/sparql")
    assert r.status_code == 400
    assert r.text == "Error: no query: give query=… (SPARQL 1.1 Protocol)\n"
    r = client.get("/sparql", params={"query": SELECT, "default-graph-uri": "urn:x"})
    assert r.status_code == 400 and "default-graph-uri is not supported" in r.text
    r = client.post("/sparql", content=b"x", headers={"content-type": "text/plain"})
    assert r.status_code == 415


def test_sparql_page_for_browsers(client) -> None:
    r = client.get("/sparql", headers=HTML)
    assert r.status_code == 200 and '<textarea id="query" name="query"' in r.text
    r = client.post("/sparql", data={"query": SELECT}, headers=HTML)
    assert r.status_code == 200 and '<a href="/id/kommun/1278">id:kommun/1278</a>' in r.text


# ---- limits --------------------------------------------------------------------------------


def test_result_size_limit_is_422_and_the_server_keeps_serving(store) -> None:
    with TestClient(create_app(store, Limits(timeout=10, max_rows=5, workers=2))) as c:
        r = c.get("/sparql", params={"query": "SELECT ?k WHERE { ?k a "
                                     "<https://w3id.org/samverkan/ontology#Municipality> }"})
        assert r.status_code == 422
        assert r.text == ("Error: the result has more than 5 rows (the server's limit); add "
                          "LIMIT or narrow the query, or run it with 'samverkan sparql'\n")
        assert c.get("/sparql", params={"query": SELECT}).status_code == 200


def test_time_limit_on_a_streaming_query_is_503(store) -> None:
    with TestClient(create_app(store, Limits(timeout=0.3, max_rows=10**9, workers=2))) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
        assert r.status_code == 503
        assert r.headers["retry-after"] == "5"
        assert r.text == ("Error: the query ran past the server's time limit of 0.3 s; "
                          "narrow it or add LIMIT\n")
        assert c.get("/sparql", params={"query": SELECT}).status_code == 200


class SlowStore:
    """A store whose queries marked 'slow' block in the engine before their first row."""

    def __init__(self, store, release: threading.Event) -> None:
        self.store = store
        self.release = release

    def query(self, text, **kwargs):
        if "slow" in text:
            self.release.wait(10)
        return self.store.query(text, **kwargs)

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_stuck_query_is_503_busy_then_served_again(store) -> None:
    release = threading.Event()
    slow = "SELECT * WHERE { ?s ?p 'slow' }"
    with TestClient(create_app(SlowStore(store, release), Limits(timeout=0.2, workers=1))) as c:
        first = c.get("/sparql", params={"query": slow})
        assert first.status_code == 503
        assert "time limit of 0.2 s" in first.text
        busy = c.get("/sparql", params={"query": SELECT})
        assert busy.status_code == 503
        assert busy.text == "Error: the server is busy with other queries; try again in a moment\n"
        assert c.get("/id/kommun/1278", headers=HTML).status_code == 200  # pages: own pool
        release.set()
        deadline = time.monotonic() + 10
        while c.app.state.server.queries.running and time.monotonic() < deadline:
            time.sleep(0.01)
        assert c.get("/sparql", params={"query": SELECT}).status_code == 200


# ---- saved queries as an API -----------------------------------------------------------------


def test_api_runs_a_saved_query_with_parameters(client) -> None:
    r = client.get("/api/posts-in-kommun", params={"kommun": "id:kommun/1780"})
    assert r.status_code == 200
    names = [b["name"]["value"] for b in r.json()["results"]["bindings"]]
    assert names == ["Robin Olsson"]
    csv_r = client.get("/api/posts-in-kommun.csv", params={"kommun": BASTAD})
    assert csv_r.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv_r.headers["content-disposition"] == 'attachment; filename="posts-in-kommun.csv"'
    rows = list(csv.DictReader(io.StringIO(csv_r.text)))
    assert sorted(r["name"] for r in rows)[0] == "Axel Johansson"
    assert client.get("/api/posts-in-kommun", params={"format": "tsv"}).text.startswith("?role")
    xml = client.get("/api/posts-in-kommun", headers={"accept": "application/sparql-results+xml"})
    assert xml.headers["content-type"] == "application/sparql-results+xml"


@pytest.mark.parametrize("params,message", [
    ({"kommun": "not an iri"}, "Error: parameter 'kommun': not an absolute IRI: 'not an iri'"),
    ({"kommune": "id:kommun/1278"},
     "Error: query 'posts-in-kommun' has no parameter 'kommune' (it takes: kommun)"),
])
def test_api_bad_parameter_is_400_with_the_cli_message(client, params, message) -> None:
    r = client.get("/api/posts-in-kommun", params=params)
    assert r.status_code == 400
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.text == message + "\n"


def test_api_parameter_given_twice_is_400(client) -> None:
    r = client.get("/api/posts-in-kommun?kommun=id:kommun/1278&kommun=id:kommun/1780")
    assert r.status_code == 400
    assert r.text == "Error: parameter 'kommun' is given twice\n"


def test_api_unknown_query_is_404_with_a_suggestion(client) -> None:
    r = client.get("/api/posts-in-komun")
    assert r.status_code == 404
    assert r.text == "Error: unknown query 'posts-in-komun'; did you mean 'posts-in-kommun'?\n"
    assert client.get("/api/posts-in-kommun.pdf").status_code == 404


def test_openapi_document_from_the_query_headers(client) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"] == "3.0.3"
    op = doc["paths"]["/api/posts-in-kommun"]["get"]
    assert op["summary"] == ("Who holds safety-related posts in a kommun "
                             "(role, person, since, source)?")
    kommun = next(p for p in op["parameters"] if p["name"] == "kommun")
    assert kommun["schema"] == {"type": "string", "format": "uri", "default": BASTAD}
    assert set(op["responses"]) == {"200", "400", "404", "422", "503"}
    assert len(doc["paths"]) == 18  # one per saved query
    assert "/api/current-as-of" in doc["paths"]


def test_query_page_has_a_labelled_form_the_answer_and_downloads(client) -> None:
    r = client.get("/queries/posts-in-kommun", params={"kommun": "id:kommun/1780"})
    assert r.status_code == 200
    assert '<label for="p-kommun">kommun' in r.text
    assert 'id="p-kommun" name="kommun" type="text" value="id:kommun/1780"' in r.text
    assert "Robin Olsson" in r.text
    assert 'href="/api/posts-in-kommun.csv?kommun=id%3Akommun%2F1780"' in r.text
    assert 'href="/api/posts-in-kommun.json?kommun=id%3Akommun%2F1780"' in r.text


def test_query_page_bad_value_shows_the_cli_message(client) -> None:
    r = client.get("/queries/posts-in-kommun", params={"kommun": "<bad>"})
    assert r.status_code == 400
    assert "Fel: parameter &#39;kommun&#39;: not an absolute IRI: &#39;&lt;bad&gt;&#39;" in r.text
    assert client.get("/queries/nope").status_code == 404
    assert "cooperation-partners" in client.get("/queries").text


# ---- headers on every answer -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/id/kommun/1278", "/sparql?query=ASK%7B%7D",
                                  "/api/openapi.json", "/no/such", "/static/style.css"])
def test_strict_security_headers_everywhere(client, path) -> None:
    r = client.get(path)
    assert r.headers["content-security-policy"] == CSP
    assert "script-src" not in CSP and "default-src 'none'" in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_pages_carry_no_script(client) -> None:
    for path in ("/", "/id/kommun/1278", "/queries/posts-in-kommun", "/sparql"):
        assert "<script" not in client.get(path, headers=HTML).text
    css = client.get("/static/style.css")
    assert css.headers["content-type"].startswith("text/css")


def test_dataset_record_resolves_like_the_other_iris(client) -> None:
    r = client.get("/dataset", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "<http://www.w3.org/ns/dcat#Dataset>" in r.text
    assert "<http://www.w3.org/ns/dcat#distribution>" in r.text
    r = client.get("/catalog", headers=HTML)
    assert r.status_code == 200 and "<html" in r.text
    assert client.get("/dataset/no-such-part", headers=HTML).status_code == 404
