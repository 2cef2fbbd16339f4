"""Issue 12 item 4: `load --graph-store http://user:secret@host/…` was accepted and `--dry-run`
printed the password. A URL with credentials is refused everywhere, and never echoed."""

from __future__ import annotations

import pytest
from conftest import run_cli

import samverkan
from samverkan.errors import BadInputError

URL = "http://someone:s3cr3t-pw@127.0.0.1:9/x"


@pytest.mark.parametrize("args", [
    ["load", "--graph-store", URL, "--dry-run"],
    ["load", "--update", URL],
    ["load", "--graph-store", "http://127.0.0.1:9/s", "--drop-missing", "--query", URL],
    ["query", "sources", "--endpoint", URL],
    ["sparql", "ASK {}", "--endpoint", URL],
    ["link", "wikidata", "--endpoint", URL],
])
def test_credentials_in_any_url_are_refused_without_echo(args, isolated_cache, no_netrc):
    result = run_cli(*args)
    assert result.exit_code == 3
    assert result.stderr.endswith(": credentials in a URL are refused (the URL is not shown); "
                                  "give them through --auth-env VAR or a netrc entry\n")
    assert result.stderr.count("\n") == 1
    assert "s3cr3t" not in result.output and "someone" not in result.output


def test_the_api_refuses_them_too():
    with pytest.raises(BadInputError) as caught:
        samverkan.open(endpoint=URL)
    assert "s3cr3t" not in str(caught.value)
