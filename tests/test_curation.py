"""The curator's workflow: reading and locating, resolving names, the candidate draft, `add`
and `review` (scripted and interactive), identity across articles, and refusing bad input."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from samverkan.cli import main
from samverkan.curation import Resolver, candidates_trig, parse_draft
from samverkan.curation.claims import one_date, period
from samverkan.extraction.reading import Article, read_article
from samverkan.store import memory_store

CURATION = FIXTURES / "curation"
SESSION_ARTICLE = CURATION / "session-article.txt"
SESSION_CANDIDATES = CURATION / "session-candidates.json"
SAM = "https://w3id.org/samverkan/ontology#"
ID = "https://w3id.org/samverkan/id/"
GRAPH = "https://w3id.org/samverkan/graph/source/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SESSION_KEY = read_article(SESSION_ARTICLE).key


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(memory_store())


@pytest.fixture(scope="module")
def session_resolver(tmp_path_factory) -> Resolver:
    """The shipped graph with the stand-in reference of the invented kommun Exempelby."""
    ref = tmp_path_factory.mktemp("ref")
    shutil.copy(CURATION / "exempelby-reference.trig", ref)
    return Resolver(memory_store([ref]))


@pytest.fixture()
def workspace(tmp_path, monkeypatch, isolated_cache) -> Path:
    """A folder with the stand-in reference of Exempelby (and the worked example's source, so a
    person of it can be recognised), an empty sources folder and the session's files."""
    ref = tmp_path / "ref"
    ref.mkdir()
    shutil.copy(CURATION / "exempelby-reference.trig", ref)
    shutil.copy(CURATION / "fdb918c48f307fa4.trig", ref)
    (tmp_path / "sources").mkdir()
    shutil.copy(SESSION_ARTICLE, tmp_path / "article.txt")
    shutil.copy(SESSION_CANDIDATES, tmp_path / "candidates.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def _quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


# --- reading --------------------------------------------------------------------------------

def test_article_header_hash_paragraphs_and_sentences() -> None:
    article = read_article(SESSION_ARTICLE)
    assert article.source == "https://exempelby.example/nyheter/ny-sakerhetssamordnare"
    assert len(article.sha256) == 64 and article.key == article.sha256[:16]
    assert len(article.paragraphs) == 5
    assert article.sentence(1, 1) == "Ny säkerhetssamordnare i Exempelby"
    assert article.sentences(2)[1] == "Hon var tidigare kommunens trygghetssamordnare."
    with pytest.raises(IndexError):
        article.sentence(2, 3)


def test_sentence_rule_keeps_abbreviations_and_numbers() -> None:
    article = Article.from_text("Det gäller bl.a. att 2.5 procent (M) kommunstyrelsens. Nästa", "x")
    assert article.sentences(1) == ["Det gäller bl.a. att 2.5 procent (M) kommunstyrelsens.",
                                    "Nästa"]


def test_dates_only_where_written() -> None:
    assert one_date("1 mars 2023") == "2023-03-01"
    assert one_date("15 apr 2020") == "2020-04-15"
    assert one_date("torsdag den 5 oktober") is None
    assert period("1 mars 2023 – 28 februari 2027") == ("2023-03-01", "2027-02-28")
    assert period("till 2025-12-31") == (None, "2025-12-31")
    assert period("från och med 17 februari 2023") == ("2023-02-17", None)
    assert period("2023-2024") == ("2023", "2024")
    assert period("i vår") == (None, None)


# --- resolving --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "iri"), [
    ("Gävle kommun", "kommun/2180"), ("Åtvidabergs kommun", "kommun/0561"),
    ("Landskrona stad", "kommun/1282"), ("Ystad kommun", "kommun/1286"),
    ("Region Gotland", "kommun/0980"), ("Hofors kommun", "kommun/2104"),
    ("Upplands-Bro kommun", "kommun/0139"), ("Polisen", "org/polismyndigheten"),
    ("BRÅ", "org/bra"), ("MSB", "org/msb"), ("Länsstyrelsen Skåne", "lansstyrelse/12"),
    ("Länsstyrelsen Dalarna", "lansstyrelse/20"),
    ("LPO Örebro", "org/polismyndigheten/lpo/orebro"),
    ("Räddningstjänsten Karlstadsregionen", "org/raddningstjansten-karlstadsregionen"),
])
def test_organisation_names_resolve(resolver: Resolver, name: str, iri: str) -> None:
    assert resolver.organisation(name).iri == iri


def test_new_organisations_get_a_type_and_role_words_their_concept(resolver: Resolver) -> None:
    unit = resolver.organisation("lokalpolisområde Piteå älvdal")
    assert (unit.label, unit.classification, unit.unit_of) == (
        "Lokalpolisområde Piteå älvdal", "lokalpolisomrade", "org/polismyndigheten")
    assert resolver.organisation("Räddningstjänstförbundet Exempelbygd").classification == \
        "raddningstjanstforbund"
    # one introduced by an earlier article is reused as it is
    known = resolver.organisation("Norra Älvsborgs Räddningstjänstförbund")
    assert (known.iri, known.known) == ("org/norra-alvsborgs-raddningstjanstforbund", True)
    assert resolver.role("säkerhetskoordinator") == "sakerhetssamordnare"
    assert resolver.role("KSO") == "kommunstyrelsens-ordforande"
    assert resolver.role("kommunchef") == "kommundirektor"
    assert resolver.role("trollkarl") is None


# --- the draft ------------------------------------------------------------------------------------

def test_candidates_trig_marks_every_claim_unreviewed_in_the_article_graph(
        session_resolver) -> None:
    article = read_article(SESSION_ARTICLE)
    result = json.loads(SESSION_CANDIDATES.read_text(encoding="utf-8"))
    text = candidates_trig(result, article, session_resolver)
    quads = list(ox.parse(text, format=ox.RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == {GRAPH + article.key}
    candidates = sorted(q.subject.value.split("/id/")[1].split("/")[0] for q in quads
                        if q.predicate.value == RDF_TYPE and q.object.value == SAM + "Candidate")
    assert candidates == ["agreement", "tenure", "tenure", "tenure"]
    # the article's sentences never reach the draft (the headline is not passed here either)
    for paragraph in article.paragraphs[1:]:
        for sentence in article.sentences(article.paragraphs.index(paragraph) + 1):
            assert sentence not in text
    assert candidates_trig(result, article, session_resolver) == text  # same input, same bytes
    # an unknown organisation is introduced as a candidate too
    other = candidates_trig(result, article, Resolver(memory_store()))
    assert "<org/exempelby-kommun> a org:Organization, sam:Candidate" in other


def test_a_draft_in_the_graph_fails_validation(workspace) -> None:
    added = _run("--data-dir", "ref", "add", "article.txt", "--candidates", "candidates.json")
    assert added.exit_code == 0, added.output
    result = _run("--data-dir", "ref", "validate", "--data", f"{SESSION_KEY}.draft.trig")
    assert result.exit_code == 1
    assert "shp:Candidate-unreviewed (Violation, 4)" in result.output


# --- add --------------------------------------------------------------------------------------

def test_add_writes_a_draft_and_is_idempotent(workspace) -> None:
    first = _run("add", "article.txt", "--candidates", "candidates.json", "--publisher",
                 "Exempelby kommun", "--published", "2025-02-10", "--headline",
                 "Ny säkerhetssamordnare i Exempelby")
    assert first.exit_code == 0, first.output
    assert f"{SESSION_KEY}: draft with 4 candidates" in first.output
    draft = workspace / f"{SESSION_KEY}.draft.trig"
    before = draft.read_bytes()
    again = _run("add", "article.txt", "--candidates", "candidates.json", "--publisher",
                 "Exempelby kommun", "--published", "2025-02-10", "--headline",
                 "Ny säkerhetssamordnare i Exempelby")
    assert again.exit_code == 0
    assert "draft unchanged" in again.output
    assert draft.read_bytes() == before
    parsed = parse_draft(draft)
    assert (parsed.meta.published, parsed.meta.headline, parsed.meta.url) == (
        "2025-02-10", "Ny säkerhetssamordnare i Exempelby",
        "https://exempelby.example/nyheter/ny-sakerhetssamordnare")
    assert [c["kind"] for c in parsed.claims] == ["tenure", "tenure", "tenure", "agreement"]
    # a publisher outside the reference data is a named node; one inside it, its IRI
    assert parsed.meta.publisher == "Exempelby kommun"


def test_a_changed_article_becomes_a_new_version(workspace) -> None:
    _run("--data-dir", "ref", "add", "article.txt", "--candidates", "candidates.json")
    done = _run("--data-dir", "ref", "review", f"{SESSION_KEY}.draft.trig", "--accept",
                "c1,c2,c4", "--data-dir", "sources")
    assert done.exit_code == 0, done.output
    changed = workspace / "article.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nTillägg.\n", encoding="utf-8")
    result = _run("--data-dir", "ref", "--data-dir", "sources", "add", "article.txt",
                  "--candidates", "candidates.json")
    assert result.exit_code == 0, result.output
    new_key = read_article(changed).key
    assert f"the article changed: new version {new_key} of source {SESSION_KEY}" in result.output
    assert parse_draft(workspace / f"{new_key}.draft.trig").meta.revision_of == SESSION_KEY
    same = _run("--data-dir", "ref", "--data-dir", "sources", "add",
                str(CURATION / "session-article.txt"), "--candidates", "candidates.json")
    assert "already curated as source" in same.output


@pytest.mark.parametrize(("args", "code", "message"), [
    (["add", "missing.txt", "--candidates", "candidates.json"], 3, "missing.txt: no such file"),
    (["add", "article.txt", "--candidates", "bad.json"], 3, "are not JSON"),
    (["add", "article.txt", "--candidates", "list.json"], 3, "not in the gold format"),
    (["add", "article.txt", "--candidates", "candidates.json", "--published", "i fjol"], 3,
     "--published must be a date"),
    (["add", "article.txt", "--candidates", "candidates.json", "-o", "nowhere"], 3,
     "drafts folder not found"),
])
def test_add_refuses_bad_input_in_one_line(workspace, args, code, message) -> None:
    (workspace / "bad.json").write_text("{nope", encoding="utf-8")
    (workspace / "list.json").write_text("[1, 2]", encoding="utf-8")
    result = _run(*args)
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output
    assert list(workspace.glob("*.draft.trig")) == []


def test_add_without_candidates_runs_the_extractor(workspace) -> None:
    result = _run("add", "article.txt")
    assert result.exit_code == 0, result.output
    assert list(workspace.glob("*.draft.trig")) == [workspace / f"{SESSION_KEY}.draft.trig"]
    quads = _quads(workspace / f"{SESSION_KEY}.draft.trig")
    assert any(q.predicate.value == SAM + "locator" for q in quads)


def test_extract_format_trig_writes_the_draft_of_add(workspace) -> None:
    result = _run("extract", "article.txt", "--format", "trig")
    assert result.exit_code == 0, result.output
    quads = list(ox.parse(result.stdout, format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {f"https://w3id.org/samverkan/graph/source/{SESSION_KEY}"}
    assert any(q.object.value == SAM + "Candidate" for q in quads)


def test_add_leaves_out_a_headline_that_would_copy_the_article(workspace) -> None:
    long = "Ett två tre fyra fem sex sju åtta"
    result = _run("add", "article.txt", "--candidates", "candidates.json", "--headline", long)
    assert result.exit_code == 0, result.output
    assert "note: headline left out: 8 or more words" in result.output
    text = (workspace / f"{SESSION_KEY}.draft.trig").read_text(encoding="utf-8")
    assert "schema:headline" not in text and long not in text


def test_extractor_output_drafts_as_candidates(resolver) -> None:
    extraction = pytest.importorskip("samverkan.extraction")
    article = extraction.read_article(SESSION_ARTICLE)
    text = candidates_trig(extraction.extract(article), read_article(SESSION_ARTICLE), resolver)
    quads = list(ox.parse(text, format=ox.RdfFormat.TRIG))
    claims = {q.subject.value for q in quads if q.predicate.value == SAM + "locator"}
    typed = {q.subject.value for q in quads
             if q.predicate.value == RDF_TYPE and q.object.value == SAM + "Candidate"}
    assert claims and claims <= typed


# --- review, scripted -------------------------------------------------------------------------

def test_review_accept_list_writes_a_conforming_source(workspace) -> None:
    _run("--data-dir", "ref", "add", "article.txt", "--candidates", "candidates.json",
         "--publisher", "Exempelby kommun")
    result = _run("--data-dir", "ref", "review", f"{SESSION_KEY}.draft.trig", "--accept",
                  "c1,c2,c4", "--data-dir", "sources")
    assert result.exit_code == 0, result.output
    assert "accepted 3, rejected 1, added 0; reused 2 person(s)" in result.output
    assert f"wrote sources/{SESSION_KEY}.trig (conforms to the shapes)" in result.output
    written = workspace / "sources" / f"{SESSION_KEY}.trig"
    quads = _quads(written)
    assert not any(q.object.value == SAM + "Candidate" for q in quads)
    names = sorted(q.object.value for q in quads if q.predicate.value == "https://schema.org/name")
    assert names == ["Lena Exempelsson", "Per Provsson"]
    publishers = [q.object.value for q in quads
                  if q.predicate.value == "https://schema.org/publisher"]
    assert publishers == [ID + "kommun/1299"]
    # both persons are the worked example's, reused: no new person key in the file
    persons = {q.subject.value for q in quads if q.predicate.value == "https://schema.org/name"}
    assert persons == {ID + "person/6692da341dc4", ID + "person/21247bf105b6"}
    text = written.read_text(encoding="utf-8")
    assert "Ada Artikelsson" not in text and "Hon var tidigare" not in text


def test_review_decisions_edit_and_add(workspace) -> None:
    _run("--data-dir", "ref", "add", "article.txt", "--candidates", "candidates.json")
    (workspace / "decisions.json").write_text(json.dumps({
        "accept": ["c1", "c4"], "reject": ["c2", "c3"],
        "edit": {"c1": {"start": "2025-03-01"}},
        "reuse": {"c1": "new"},
        "add": [{"kind": "tenure", "name": "Olle Polisson", "role": "kommunpolis",
                 "organisation": "Polisen", "serves": "Exempelby kommun",
                 "locators": "p4s1"}]}), encoding="utf-8")
    result = _run("--data-dir", "ref", "review", f"{SESSION_KEY}.draft.trig", "--decisions",
                  "decisions.json", "--data-dir", "sources")
    assert result.exit_code == 0, result.output
    quads = _quads(workspace / "sources" / f"{SESSION_KEY}.trig")
    starts = [q.object.value for q in quads if q.predicate.value == "https://schema.org/startDate"]
    assert sorted(starts) == ["2025", "2025-03-01"]
    served = [q.object.value for q in quads if q.predicate.value == SAM + "servesMunicipality"]
    assert served == [ID + "kommun/1299"]
    names = sorted(q.object.value for q in quads if q.predicate.value == "https://schema.org/name")
    assert names == ["Lena Exempelsson", "Olle Polisson"]


@pytest.mark.parametrize(("decisions", "message"), [
    ({"accept": ["c9"]}, "no candidate c9 in this draft"),
    ({"accept": "all", "edit": {"c1": {"role": "trollkarl"}}}, "unknown role 'trollkarl'"),
    ({"accept": "all", "edit": {"c1": {"start": "våren"}}}, "start must be a date"),
    ({"accept": "all", "add": [{"kind": "tenure", "name": "X Y", "role": "kommunpolis",
                                "organisation": "Polisen"}]}, "needs locators"),
    ({"accept": "all", "edit": {"c1": {"locators": "p9s9"}}}, "points to no sentence"),
    ({"keep": "all"}, "an object with accept, reject, edit, add, reuse"),
])
def test_review_refuses_bad_decisions_and_writes_nothing(workspace, decisions, message) -> None:
    _run("--data-dir", "ref", "add", "article.txt", "--candidates", "candidates.json")
    (workspace / "decisions.json").write_text(json.dumps(decisions), encoding="utf-8")
    result = _run("--data-dir", "ref", "review", f"{SESSION_KEY}.draft.trig", "--decisions",
                  "decisions.json", "--data-dir", "sources")
    assert result.exit_code == 3, result.output
    assert message in result.output and "Traceback" not in result.output
    assert list((workspace / "sources").iterdir()) == []


def test_review_refuses_a_non_conforming_file_and_says_why(workspace) -> None:
    # without the stand-in reference, Exempelby (1299) is no known kommun: the shapes object
    _run("--data-dir", "ref", "add", "article.txt", "--candidates", "candidates.json")
    result = _run("review", f"{SESSION_KEY}.draft.trig", "--accept-all", "--data-dir", "sources")
    assert result.exit_code == 1, result.output
    assert "not written: it does not conform to the shapes" in result.output
    assert "(value id:kommun/1299)" in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1
    assert list((workspace / "sources").iterdir()) == []


def test_review_usage_errors(workspace) -> None:
    _run("--data-dir", "ref", "add", "article.txt", "--candidates", "candidates.json")
    both = _run("review", f"{SESSION_KEY}.draft.trig", "--accept-all", "--accept", "c1")
    assert both.exit_code == 2 and "not several" in both.output
    missing = _run("review", "nothing.draft.trig", "--accept-all")
    assert missing.exit_code == 3 and "cannot read draft" in missing.output
    (workspace / "other.txt").write_text("Något annat.\n", encoding="utf-8")
    wrong = _run("--data-dir", "ref", "review", f"{SESSION_KEY}.draft.trig", "--accept-all",
                 "--article", "other.txt", "--data-dir", "sources")
    assert wrong.exit_code == 3 and "SHA-256 differs" in wrong.output


# --- review, interactive: the session shown in docs/curation.md -----------------------------------

SESSION_INPUT = "\n".join([
    "e", "start", "2025-03-01", "", "a", "y",      # c1: add the start date, accept, reuse
    "e", "party", "Centerpartiet", "", "a", "y",   # c2: add the party, accept, reuse
    "r",                                           # c3: the byline is no post
    "a",                                           # c4: the medborgarlöfte
    "tenure", "Olle Polisson", "kommunpolis", "Polisen", "Exempelby kommun", "current", "",
    "", "", "p4s1",                                # a kommunpolis the extractor missed
    "", ""]) + "\n"


def _documented_session() -> tuple[list[list[str]], str]:
    text = (ROOT / "docs" / "curation.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- session:start -->\n```text\n(.*?)```\n<!-- session:end -->", text,
                      re.DOTALL)
    assert block, "docs/curation.md lacks the recorded session"
    commands, output, current = [], [], None
    for line in block.group(1).splitlines():
        if line.startswith("$ samverkan "):
            current = line[len("$ samverkan "):].split()
            commands.append(current)
        else:
            output.append(line)
    return commands, "\n".join(output) + "\n"


def test_recorded_review_session_in_the_docs_is_what_review_does(workspace) -> None:
    commands, documented = _documented_session()
    assert [c[:3] for c in commands] == [["--data-dir", "ref", "add"],
                                         ["--data-dir", "ref", "review"]]
    shown = []
    for number, command in enumerate(commands):
        result = CliRunner().invoke(main, command, input=SESSION_INPUT if number else None)
        assert result.exit_code == 0, result.output
        shown.append(result.output)
    def lines(text: str) -> list[str]:
        return [line.rstrip() for line in text.splitlines()]

    assert lines("".join(shown)) == lines(documented)
    written = workspace / "sources" / f"{SESSION_KEY}.trig"
    quads = _quads(written)
    roles = sorted(q.object.value.rsplit("/", 1)[1] for q in quads
                   if q.predicate.value == "http://www.w3.org/ns/org#role"
                   and "/tenure/" in q.subject.value)
    assert roles == ["kommunalrad", "kommunpolis", "sakerhetssamordnare"]


def test_extractor_fields_are_kept_and_resolved_names_used(session_resolver) -> None:
    from samverkan.curation.claims import claims_from_result

    result = {"persons": [{"name": "Lena Exempelsson", "locators": ["p2s1"], "rule": "title-name",
                           "confidence": 0.9,
                           "posts": [{"role": "säkerhetssamordnare", "organisation": "kommunen",
                                      "current": True}]}],
              "resolved": {"kommunen": "https://w3id.org/samverkan/id/kommun/1299"}}
    claims, organisations = claims_from_result(result, read_article(SESSION_ARTICLE),
                                               session_resolver)
    assert organisations == {}
    assert [(c["organisation"], c["role"], c["locators"], c["rule"], c["confidence"])
            for c in claims] == [("kommun/1299", "sakerhetssamordnare", ["p2s1"], "title-name",
                                  0.9)]


def test_review_refuses_a_file_that_is_no_draft(workspace) -> None:
    """Regression: a TriG file with only default-graph triples crashed review (exit 5)."""
    (workspace / "plain.trig").write_text('<https://x.example/a> <https://x.example/b> "c" .\n',
                                          encoding="utf-8")
    result = _run("review", "plain.trig", "--accept-all", "--data-dir", "sources")
    assert result.exit_code == 3, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["Error: plain.trig is not a draft: it must hold one graph:source/<key> graph"]
    assert list((workspace / "sources").iterdir()) == []
