"""Issue 12 item 15: a 302 from an endpoint turned the POST into a GET without the query and
returned 0 rows. samverkan follows no redirect: exit 4, one line naming where it points."""

from __future__ import annotations

from conftest import CannedEndpoint, run_cli


def test_redirect_is_exit_4_not_an_empty_answer(isolated_cache):
    with CannedEndpoint(302, b"", "text/plain",
                        headers={"Location": "http://127.0.0.1:9/elsewhere"}) as fake:
        result = run_cli("sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", fake.url)
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: POST {fake.url} answered HTTP 302 (a redirect to http://127.0.0.1:9/elsewhere); "
        "samverkan does not follow redirects (they would drop the request body): give the final "
        "URL\n")
    assert [method for method, _, _ in fake.requests] == ["POST"]
