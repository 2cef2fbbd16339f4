"""Endpoint failures, once for every command that calls an endpoint (query, sparql, link):
each is exit 4 (or 3 for a bad URL) with one line on stderr and nothing on stdout."""

from __future__ import annotations

import pytest
from conftest import CannedEndpoint, free_port, run_cli

from samverkan import USER_AGENT
from samverkan.endpoint import query_endpoint
from samverkan.errors import EndpointError

COMMANDS = {
    "query": ("query", "sources", "--endpoint"),
    "sparql": ("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint"),
    "link": ("link", "wikidata", "--endpoint"),
}


def run(command: str, url: str, *extra: str):
    return run_cli(*COMMANDS[command], url, *extra)


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture(params=sorted(COMMANDS))
def command(request, isolated_cache) -> str:
    return request.param


def test_unreachable_endpoint(command):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    stderr = one_line_error(run(command, url, "--timeout", "20"), 4)
    assert stderr == (
        f"Error: {url}: cannot connect ([Errno 111] Connection refused) after 3 attempts\n")


@pytest.mark.parametrize(("status", "expected"), [
    (404, "no SPARQL endpoint at this URL (HTTP 404)"),
    (500, "HTTP 500 (internal server error) after 3 attempts"),
    (403, "HTTP 403 (Forbidden)"),
    (401, "access denied (HTTP 401)"),
])
def test_http_error(command, status, expected):
    with CannedEndpoint(status, b"<html>nope</html>", "text/html") as fake:
        stderr = one_line_error(run(command, fake.url, "--timeout", "20"), 4)
    assert stderr == f"Error: {fake.url}: {expected}\n"
    if status == 500:
        assert fake.requests == [("POST", USER_AGENT, "application/x-www-form-urlencoded")] * 3


def test_timeout_is_not_retried(command):
    with CannedEndpoint(200, b"{}", "application/sparql-results+json", delay=30) as fake:
        stderr = one_line_error(run(command, fake.url, "--timeout", "0.5"), 4)
    assert stderr == f"Error: {fake.url}: no answer within 0.5 s (timeout)\n"
    assert len(fake.requests) == 1  # a timeout is not retried: the time is spent


@pytest.mark.parametrize(("body", "kind", "message"), [
    (b"<html><body>Not SPARQL</body></html>", "text/html",
     "the answer is not SPARQL JSON results (text/html: '<html><body>Not SPARQL</body></html>')"),
    (b'{"rows": []}', "application/sparql-results+json",
     "the answer is not SPARQL JSON results (no head/results)"),
])
def test_answer_that_is_not_sparql_results(command, body, kind, message):
    with CannedEndpoint(200, body, kind) as fake:
        stderr = one_line_error(run(command, fake.url), 4)
    assert stderr == f"Error: {fake.url}: {message}\n"


@pytest.mark.parametrize(("url", "message"), [
    ("query.wikidata.org/sparql",
     "--endpoint: not an http(s) URL: 'query.wikidata.org/sparql'"),
    ("ftp://example.org/sparql", "--endpoint: not an http(s) URL: 'ftp://example.org/sparql'"),
])
def test_bad_endpoint_url_exit_3(command, url, message):
    assert one_line_error(run(command, url), 3) == f"Error: {message}\n"


def test_http_503_with_no_retries_is_one_attempt():
    with CannedEndpoint(503, b"busy", "text/plain") as fake, \
            pytest.raises(EndpointError) as caught:
        query_endpoint(fake.url, "ASK {}", "ASK", retries=0)
    assert str(caught.value) == f"{fake.url}: HTTP 503 (Service Unavailable)"
    assert len(fake.requests) == 1
