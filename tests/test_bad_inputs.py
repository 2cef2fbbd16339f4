"""Every bad input to the query path, the network commands and the CLI frame, as a table.

Each case asserts the exit code, the one line on stderr (matched whole), no traceback, nothing on
stdout, and that the compiled store, the tracked files and any output path are unchanged. (The
store and export cases are in tests/test_bad_inputs_store.py.)
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, free_port, run_cli


@dataclass(frozen=True)
class Case:
    """One bad input: the words, what it needs on disk, and the one line it must give."""

    id: str
    args: tuple[str, ...]
    code: int
    message: str  # a regular expression matched against the whole stderr line
    stdin: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # relative to the case folder
    outputs: tuple[str, ...] = ()  # paths (in the case folder) that must not appear


DEEP = "SELECT * WHERE\n" + "{" * 3000 + "}" * 3000
BAD_TRIG = b"@prefix ex: <https://example.org/> .\nGRAPH ex:g { ex:a ex:b "
DEFAULT_GRAPH_TRIG = b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
CREDENTIALS = "credentials in a URL are refused \\(the URL is not shown\\); give them through " \
    "--auth-env VAR or a netrc entry"
PORT = free_port()
DEAD = f"http://127.0.0.1:{PORT}/sparql"

CASES = [
    # ---- query: names and parameters
    Case("unknown-query", ("query", "no-such-query"), 2,
         r"Error: unknown query 'no-such-query'; see 'samverkan queries'"),
    Case("misspelt-query", ("query", "posts-in-kommn"), 2,
         r"Error: unknown query 'posts-in-kommn'; did you mean 'posts-in-kommun'\?"),
    Case("unknown-parameter", ("query", "posts-in-kommun", "-p", "nope", "x"), 2,
         r"Error: query 'posts-in-kommun' has no parameter 'nope' \(it takes: kommun\)"),
    Case("parameter-twice", ("query", "posts-in-kommun", "-p", "kommun", "id:kommun/1278",
                             "-p", "kommun", "id:kommun/1280"), 2,
         r"Error: parameter 'kommun' is given twice"),
    Case("parameter-not-an-iri", ("query", "posts-in-kommun", "-p", "kommun", "Båstad"), 3,
         r"Error: parameter 'kommun': not an absolute IRI: 'Båstad'"),
    Case("parameter-injection", ("query", "posts-in-kommun", "-p", "kommun",
                                 "<urn:x> } ; DROP ALL #"), 3,
         r"Error: parameter 'kommun': not an absolute IRI: '<urn:x> } ; DROP ALL #'"),
    Case("parameter-iri-with-space", ("query", "posts-in-kommun", "-p", "kommun", "urn:a b"), 3,
         r"Error: parameter 'kommun': not an absolute IRI: 'urn:a b'"),
    Case("parameter-iri-with-brace", ("query", "posts-in-kommun", "-p", "kommun", "urn:a}"), 3,
         r"Error: parameter 'kommun': not an absolute IRI: 'urn:a}'"),
    Case("graph-format-for-select", ("query", "sources", "--format", "ttl"), 2,
         r"Error: --format ttl is for CONSTRUCT/DESCRIBE results; SELECT and ASK give table, "
         r"csv, tsv, json, md, xml"),
    Case("engine-and-endpoint", ("query", "sources", "--engine", "rdflib", "--endpoint", DEAD),
         2, r"Error: --engine and --endpoint exclude each other \(an endpoint has its own\)"),
    Case("zero-timeout", ("query", "sources", "--timeout", "0"), 2,
         r"Error: Invalid value for '--timeout': 0.0 is not in the range x>0."),
    Case("word-timeout", ("query", "sources", "--timeout", "soon"), 2,
         r"Error: Invalid value for '--timeout': 'soon' is not a valid float range."),
    Case("unknown-format", ("query", "sources", "--format", "xlsx"), 2,
         r"Error: Invalid value for '--format': 'xlsx' is not one of .*"),
    Case("unknown-engine", ("query", "sources", "--engine", "jena"), 2,
         r"Error: Invalid value for '--engine': 'jena' is not one of 'oxigraph', 'rdflib'."),
    # ---- sparql: the text
    Case("no-query", ("sparql",), 2, r"Error: give a query or -f FILE \(one of them\)"),
    Case("query-and-file", ("sparql", "ASK {}", "-f", "q.rq"), 2,
         r"Error: give a query or -f FILE \(one of them\)", files={"q.rq": b"ASK {}"}),
    Case("insert", ("sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"), 3,
         r"Error: updates are refused: samverkan runs read-only queries \(got INSERT\)"),
    Case("escaped-insert", ("sparql", "\\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }"), 3,
         r"Error: updates are refused: samverkan runs read-only queries \(got INSERT\)"),
    Case("drop-all", ("sparql", "DROP ALL"), 3,
         r"Error: updates are refused: samverkan runs read-only queries \(got DROP\)"),
    Case("prefixed-delete", ("sparql", "PREFIX ex: <urn:x#> DELETE WHERE { ?s ?p ?o }"), 3,
         r"Error: updates are refused: samverkan runs read-only queries \(got DELETE\)"),
    Case("service", ("sparql", f"SELECT * WHERE {{ SERVICE <{DEAD}> {{ ?s ?p ?o }} }}"), 3,
         r"Error: SERVICE is refused in local queries \(no network access\); run the query on "
         r"an endpoint with --endpoint URL instead"),
    Case("escaped-service-rdflib", ("sparql", "--engine", "rdflib",
                                    f"SELECT * {{ SERV\\u0049CE <{DEAD}> {{ ?s ?p ?o }} }}"), 3,
         r"Error: SERVICE is refused in local queries \(no network access\); run the query on "
         r"an endpoint with --endpoint URL instead"),
    Case("not-sparql", ("sparql", "hello world"), 3,
         r"Error: not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE"),
    Case("empty-query", ("sparql", ""), 3,
         r"Error: not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE"),
    Case("only-a-comment", ("sparql", "# SELECT * WHERE { ?s ?p ?o }"), 3,
         r"Error: not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE"),
    Case("empty-stdin", ("sparql", "-"), 3,
         r"Error: not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE", stdin=""),
    Case("syntax-error", ("sparql", "SELECT * WHERE { ?s ?p }"), 3,
         r"Error: SPARQL syntax error: error at 1:25: .*"),
    Case("syntax-error-rdflib", ("sparql", "--engine", "rdflib", "SELECT * WHERE { ?s ?p }"), 3,
         r"Error: SPARQL syntax error: .*"),
    Case("unbalanced", ("sparql", "SELECT * WHERE { ?s ?p ?o"), 3,
         r"Error: SPARQL syntax error: .*"),
    Case("missing-file", ("sparql", "-f", "none.rq"), 3,
         r"Error: cannot read none.rq: No such file or directory"),
    Case("not-utf8-file", ("sparql", "-f", "latin1.rq"), 3,
         r"Error: cannot read latin1.rq: not UTF-8 text",
         files={"latin1.rq": "SELECT * WHERE { ?s ?p \"å\" }".encode("latin-1")}),
    Case("folder-as-file", ("sparql", "-f", "folder"), 2,
         r"Error: Invalid value for '-f' / '--file': File 'folder' is a directory.",
         files={"folder/keep": b""}),
    Case("deep-nesting", ("sparql", "-f", "deep.rq"), 3,
         r"Error: deep.rq, line 2: brackets nested more than 64 deep \(samverkan's limit for "
         r"query text\)", files={"deep.rq": DEEP.encode()}),
    Case("deep-nesting-argument", ("sparql", "ASK " + "(" * 500), 3,
         r"Error: the query argument, line 1: brackets nested more than 64 deep \(samverkan's "
         r"limit for query text\)"),
    Case("huge-query", ("sparql", "-f", "huge.rq"), 3,
         r"Error: huge.rq: the query is larger than 1 MB",
         files={"huge.rq": b"ASK {} #" + b"x" * 1_000_001}),
    Case("from-with-rdflib", ("sparql", "--engine", "rdflib",
                              "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"), 3,
         r"Error: FROM and FROM NAMED are refused with --engine rdflib \(it would load them "
         r"from the web\); use the default engine, which reads them from the store"),
    Case("table-format-for-construct", ("sparql", "--format", "csv",
                                        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"), 2,
         r"Error: --format csv is for SELECT and ASK results; CONSTRUCT and DESCRIBE give ttl, "
         r"nt, jsonld"),
    # ---- endpoints and URLs
    Case("endpoint-not-a-url", ("sparql", "ASK {}", "--endpoint", "http://[::1"), 3,
         r"Error: --endpoint: not a valid URL"),
    Case("endpoint-file-url", ("sparql", "ASK {}", "--endpoint", "file:///etc/passwd"), 3,
         r"Error: --endpoint: not an http\(s\) URL: 'file:///etc/passwd'"),
    Case("endpoint-no-scheme", ("query", "sources", "--endpoint", "localhost:7878/query"), 3,
         r"Error: --endpoint: not an http\(s\) URL: 'localhost:7878/query'"),
    Case("endpoint-bad-port", ("sparql", "ASK {}", "--endpoint", "http://127.0.0.1:port/q"), 3,
         r"Error: --endpoint: not a valid URL"),
    Case("endpoint-credentials", ("sparql", "ASK {}", "--endpoint", "http://u:pw@127.0.0.1/q"),
         3, r"Error: --endpoint: " + CREDENTIALS),
    Case("endpoint-user-only", ("query", "sources", "--endpoint", "https://u@127.0.0.1/q"), 3,
         r"Error: --endpoint: " + CREDENTIALS),
    Case("endpoint-unreachable", ("sparql", "ASK {}", "--endpoint", DEAD, "--timeout", "20"), 4,
         re.escape(f"Error: {DEAD}: cannot connect ([Errno 111] Connection refused) after 3 "
                   "attempts")),
    # ---- load
    Case("load-no-target", ("load",), 2,
         r"Error: give --graph-store URL or --update URL \(exactly one of them\)"),
    Case("load-two-targets", ("load", "--graph-store", DEAD, "--update", DEAD), 2,
         r"Error: give --graph-store URL or --update URL \(exactly one of them\)"),
    Case("load-ftp", ("load", "--graph-store", "ftp://example.org/store"), 3,
         r"Error: --graph-store: not an http\(s\) URL: 'ftp://example.org/store'"),
    Case("load-credentials", ("load", "--graph-store", "http://a:secret@127.0.0.1/s",
                              "--dry-run"), 3, r"Error: --graph-store: " + CREDENTIALS),
    Case("load-update-credentials", ("load", "--update", "http://a:secret@127.0.0.1/u"), 3,
         r"Error: --update: " + CREDENTIALS),
    Case("load-query-credentials", ("load", "--graph-store", DEAD, "--drop-missing", "--query",
                                    "http://a:secret@127.0.0.1/q"), 3,
         r"Error: --query: " + CREDENTIALS),
    Case("load-auth-env-unset", ("load", "--graph-store", DEAD, "--auth-env",
                                 "SAMVERKAN_TEST_UNSET"), 2,
         r"Error: --auth-env SAMVERKAN_TEST_UNSET: that environment variable is not set"),
    Case("load-auth-env-no-colon", ("load", "--graph-store", DEAD, "--auth-env",
                                    "SAMVERKAN_TEST_TOKEN"), 3,
         r"Error: the environment variable SAMVERKAN_TEST_TOKEN must hold user:password"),
    Case("load-drop-missing-alone", ("load", "--graph-store", DEAD, "--drop-missing"), 2,
         r"Error: --drop-missing needs --query URL \(a SPARQL query endpoint that lists the "
         r"graphs in the store\)"),
    Case("load-chunk-size-zero", ("load", "--update", DEAD, "--chunk-size", "0"), 2,
         r"Error: Invalid value for '--chunk-size': 0 is not in the range x>=1."),
    Case("load-too-many-retries", ("load", "--update", DEAD, "--retries", "21"), 2,
         r"Error: Invalid value for '--retries': 21 is not in the range 0<=x<=20."),
    Case("load-unreachable", ("load", "--update", DEAD, "--retries", "0"), 4,
         r"Error: load stopped at graph:description \(graph 1 of \d+\): loading "
         r"<https://w3id.org/samverkan/graph/description> by SPARQL Update: cannot reach "
         + re.escape(f"http://127.0.0.1:{PORT}") + r": Connection refused \(1 attempt\); "
         r"(also failed: graph:entailments; )?loaded: none; not sent, so unchanged: "
         r"(graph:entailments, )?graph:ontology, graph:reference, graph:source/[0-9a-f]+(, "
         r"graph:source/[0-9a-f]+)*"),
    Case("load-jobs-zero", ("load", "--graph-store", DEAD, "--jobs", "0"), 2,
         r"Error: Invalid value for '--jobs': 0 is not in the range x>=1."),
    # ---- validate and data folders
    Case("validate-missing-data", ("validate", "--data", "none.ttl"), 3,
         r"Error: data file not found: none.ttl"),
    Case("validate-unknown-format", ("validate", "--data", "x.rdf"), 3,
         r"Error: cannot read x.rdf: unknown RDF format \(use .nq, .trig, .nt, .ttl\)",
         files={"x.rdf": b"<rdf:RDF/>"}),
    Case("validate-bad-format-option", ("validate", "--format", "html"), 2,
         r"Error: Invalid value for '--format': 'html' is not one of 'text', 'turtle', 'json'."),
    Case("validate-bad-fail-on", ("validate", "--fail-on", "info"), 2,
         r"Error: Invalid value for '--fail-on': 'info' is not one of 'violation', 'warning'."),
    Case("data-dir-missing", ("--data-dir", "nowhere", "stats"), 3,
         r"Error: data dir not found: nowhere"),
    Case("data-dir-is-a-file", ("--data-dir", "file.txt", "stats"), 3,
         r"Error: data dir is not a folder: file.txt", files={"file.txt": b"x"}),
    Case("data-dir-bad-trig", ("--data-dir", "mine", "stats"), 3,
         r"Error: bad RDF in mine/bad.trig, line \d+: .*", files={"mine/bad.trig": BAD_TRIG}),
    Case("data-dir-default-graph", ("--data-dir", "mine", "stats"), 3,
         r"Error: bad RDF in mine/loose.trig: triples outside any named graph \(samverkan keeps "
         r"every triple in a named graph; wrap them in GRAPH <…> { }\)",
         files={"mine/loose.trig": DEFAULT_GRAPH_TRIG}),
    # ---- stats, link, reference, the frame
    Case("stats-csv-without-section", ("stats", "--format", "csv"), 2,
         r"Error: --format csv holds one table: choose it with --section \(graphs, classes, "
         r"sources\)"),
    Case("stats-unknown-section", ("stats", "--section", "people"), 2,
         r"Error: Invalid value for '--section': 'people' is not one of 'graphs', 'classes', "
         r"'sources'."),
    Case("link-bad-endpoint", ("link", "wikidata", "--endpoint", "query.wikidata.org/sparql"), 3,
         r"Error: --endpoint: not an http\(s\) URL: 'query.wikidata.org/sparql'"),
    Case("link-credentials-write", ("link", "wikidata", "--endpoint",
                                    "https://me:pw@query.wikidata.org/sparql", "--write", "-o",
                                    "links.trig"), 3,
         r"Error: --endpoint: " + CREDENTIALS, outputs=("links.trig",)),
    Case("link-zero-timeout", ("link", "wikidata", "--timeout", "0"), 2,
         r"Error: Invalid value for '--timeout': 0.0 is not in the range x>0."),
    Case("reference-missing-input", ("reference", "import", "--input-dir", "none", "-o",
                                     "out.trig"), 3,
         r"Error: none: not a directory", outputs=("out.trig",)),
    Case("reference-missing-output-folder", ("reference", "import", "-o", "no/such/ref.trig"), 3,
         r"Error: no/such: output folder does not exist", outputs=("no",)),
    Case("reference-bad-row", ("reference", "import", "--input-dir", "csv", "-o", "out.trig"), 3,
         r"Error: csv/counties.csv, row 2: länskod '1' is not 2 digits",
         files={"csv/counties.csv": b"code,name,iso3166_2,wikidata\n1,X,SE-X,\n"},
         outputs=("out.trig",)),
    Case("unknown-command", ("serve-me",), 2,
         r"Error: No such command 'serve-me'\. Did you mean 'serve'\?"),
]


def _snapshot(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
                  for p in folder.rglob("*") if p.is_file())


def _git_status() -> str | None:
    if not (ROOT / ".git").exists():
        return None
    try:
        return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory):
    """One compiled store for every case, so each can prove it left the store as it was."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAMVERKAN_CACHE_DIR", str(cache))
        patch.delenv("SAMVERKAN_DATA_DIR", raising=False)
        assert run_cli("build").exit_code == 0
    return cache


def test_there_are_enough_cases():
    assert len(CASES) >= 45
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, built_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("SAMVERKAN_CACHE_DIR", str(built_cache))
    monkeypatch.delenv("SAMVERKAN_DATA_DIR", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("SAMVERKAN_TEST_TOKEN", "just-a-token")
    monkeypatch.delenv("SAMVERKAN_TEST_UNSET", raising=False)
    for name, data in case.files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    store_before, git_before = _snapshot(built_cache), _git_status()
    files_before = _snapshot(tmp_path)

    result = run_cli(*case.args, input=case.stdin)

    assert result.exit_code == case.code, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    assert re.fullmatch(case.message, result.stderr[:-1]), result.stderr
    assert _snapshot(built_cache) == store_before
    assert _git_status() == git_before
    assert _snapshot(tmp_path) == files_before
    for output in case.outputs:
        assert not os.path.lexists(tmp_path / output)
