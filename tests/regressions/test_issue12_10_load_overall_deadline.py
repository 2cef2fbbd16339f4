"""Issue 12 item 10: `load` waited 242 s on a server that accepts and never answers. `--timeout`
is now one overall deadline for the whole load, retries included, as in every command; with
several graphs in flight (`--jobs`), one deadline for all of them."""

from __future__ import annotations

import pytest
from conftest import CannedEndpoint, run_cli


@pytest.mark.parametrize("jobs", [1, 2])
def test_load_gives_up_at_the_overall_deadline(jobs, isolated_cache, no_netrc):
    with CannedEndpoint(200, b"", "text/plain", delay=60) as hung:
        result = run_cli("load", "--update", hung.url, "--timeout", "1", "--retries", "5",
                         "--jobs", str(jobs))
    assert result.exit_code == 4
    assert "no answer within the overall --timeout of 1 s" in result.stderr
    assert result.stderr.startswith("Error: load stopped at graph:")
    assert result.stderr.count("\n") == 1
    # the deadline was spent on the first request of each worker: no retries, no next graph
    assert 1 <= len(hung.requests) <= jobs
