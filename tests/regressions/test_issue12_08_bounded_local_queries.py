"""Issue 12 item 8: a local query had no time limit and ignored Ctrl-C. `--timeout` now bounds it
on every engine (default 30 s for `query` and `sparql`) and Ctrl-C stops it at once, exit 130.

The runaway query runs in a child process: an abandoned evaluation ends with its process, not
with the test session."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def samverkan(*args: str, cache) -> subprocess.Popen:
    env = {**os.environ, "SAMVERKAN_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "samverkan", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    assert samverkan("build", cache=cache).wait(timeout=300) == 0
    return cache


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_timeout_bounds_a_local_query_on_every_engine(engine, built_cache):
    child = samverkan("sparql", "--engine", engine, "--timeout", "1", RUNAWAY, cache=built_cache)
    out, err = child.communicate(timeout=120)
    assert (child.returncode, out) == (4, "")
    assert err == ("Error: the query did not finish within 1 s (timeout; raise it with "
                   "--timeout S)\n")


def test_ctrl_c_stops_a_running_query_with_exit_130(built_cache):
    child = samverkan("sparql", RUNAWAY, cache=built_cache)
    time.sleep(2)  # let it start evaluating
    assert child.poll() is None
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert (child.returncode, out, err) == (130, "", "Interrupted\n")
