"""The endpoint answers every saved query like `samverkan query`: same rows, same bytes."""

from __future__ import annotations

import sys
import warnings

import pytest
from click.testing import CliRunner

warnings.filterwarnings("ignore", message=".*httpx.*")

from starlette.testclient import TestClient  # noqa: E402

from samverkan.cli import main  # noqa: E402
from samverkan.savedqueries import bind, saved_queries  # noqa: E402
from samverkan.store import memory_store  # noqa: E402
from samverkan.web.app import create_app  # noqa: E402

QUERIES = sorted(saved_queries())


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(memory_store())) as c:
        yield c


@pytest.fixture(scope="module")
def cli_answers(tmp_path_factory) -> dict[tuple[str, str], str]:
    """`samverkan query NAME --format FMT` for every query, on a fresh cache."""
    cache = tmp_path_factory.mktemp("cache")
    runner = CliRunner()
    answers = {}
    for name in QUERIES:
        for fmt in ("json", "csv", "tsv"):
            result = runner.invoke(main, ["--cache-dir", str(cache), "query", name,
                                          "--format", fmt])
            assert result.exit_code == 0, result.output
            answers[(name, fmt)] = result.stdout_bytes.decode("utf-8")
    return answers


def test_every_saved_query_is_compared() -> None:
    assert len(QUERIES) == 18
    assert "current-as-of" in QUERIES
    assert "posts-in-kommun" in QUERIES


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_api_matches_the_cli(client, cli_answers, name, fmt) -> None:
    r = client.get(f"/api/{name}", params={"format": fmt})
    assert r.status_code == 200
    assert r.text == cli_answers[(name, fmt)]


@pytest.mark.parametrize("name", QUERIES)
def test_sparql_endpoint_matches_the_cli(client, cli_answers, name) -> None:
    text = bind(saved_queries()[name], {})
    r = client.post("/sparql", content=text.encode(),
                    headers={"content-type": "application/sparql-query",
                             "accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.text == cli_answers[(name, "json")]


def test_api_with_a_parameter_matches_the_cli(client, tmp_path) -> None:
    result = CliRunner().invoke(main, ["--cache-dir", str(tmp_path), "query", "posts-in-kommun",
                                       "-p", "kommun", "id:kommun/1780", "--format", "csv"])
    assert result.exit_code == 0
    r = client.get("/api/posts-in-kommun.csv", params={"kommun": "id:kommun/1780"})
    assert r.text == result.stdout_bytes.decode("utf-8")
    assert "Robin Olsson" in r.text


def test_bad_parameter_message_is_the_cli_line(client, tmp_path) -> None:
    result = CliRunner().invoke(main, ["--cache-dir", str(tmp_path), "query", "posts-in-kommun",
                                       "-p", "kommun", "not an iri"])
    assert result.exit_code == 3
    cli_line = result.output.strip().splitlines()[-1]
    r = client.get("/api/posts-in-kommun", params={"kommun": "not an iri"})
    assert r.status_code == 400
    assert r.text.strip() == cli_line == (
        "Error: parameter 'kommun': not an absolute IRI: 'not an iri'")


def test_query_path_never_imports_the_web_stack(tmp_path) -> None:
    import subprocess

    code = ("import sys; from samverkan.cli import main\n"
            "try:\n    main(['--cache-dir', sys.argv[1], 'query', 'sources', '--format', 'csv'])\n"
            "except SystemExit:\n    pass\n"
            "web = sorted(m for m in ('starlette', 'uvicorn', 'jinja2', 'samverkan.web')"
            " if m in sys.modules)\n"
            "print('loaded:', web, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, timeout=120)
    assert "id:source" in done.stdout or "https://w3id.org/samverkan/id/source/" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "loaded: []"
