"""Issue 11: `link wikidata --write` in a fresh checkout exited 3 ("data/links: output folder does
not exist"): git keeps no empty folder. Now the folder is made (checkout: data/links; installed
wheel: the per-user data folder, which the sources then read)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import FIXTURES, run_cli

from samverkan import paths
from samverkan.linking import default_links_path

pytestmark = pytest.mark.server


def test_link_write_creates_the_links_folder_of_a_fresh_checkout(
        oxigraph_server, isolated_cache, tmp_path, monkeypatch):
    oxigraph_server.load(FIXTURES / "wikidata" / "wikidata.trig")
    fresh_data = tmp_path / "checkout" / "data"  # a checkout without data/links
    fresh_data.mkdir(parents=True)
    monkeypatch.setattr(paths, "_links_home", lambda: fresh_data)
    result = run_cli("link", "wikidata", "--endpoint", oxigraph_server.query_url, "--write")
    written = fresh_data / "links" / "wikidata.trig"
    assert result.exit_code == 1, result.output  # findings, as without --write
    assert result.stderr.endswith(f"; wrote 0 link(s) to {written}\n")
    graphs = {q.graph_name.value for q in ox.parse(path=str(written), format=ox.RdfFormat.TRIG)}
    assert graphs == {"https://w3id.org/samverkan/graph/links"}


def test_installed_wheel_writes_links_to_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "_checkout_root", lambda: None)
    monkeypatch.setenv("SAMVERKAN_DATA_HOME", str(tmp_path / "home"))
    assert paths.installed_links_dir() is None  # nothing written yet: nothing to read
    target = default_links_path(create=True)
    assert target == tmp_path / "home" / "links" / "wikidata.trig"
    assert target.parent.is_dir()
    assert paths.installed_links_dir() == tmp_path / "home" / "links"
