"""`samverkan site -o DIR` and the `serve` command's options and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from samverkan.cli import main
from samverkan.web.server import is_loopback

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "web" / "data"


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    out = root / "public"
    result = CliRunner().invoke(main, ["--cache-dir", str(root / "cache"), "--data-dir",
                                       str(FIXTURE_DATA), "site", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote ")
    return out


def test_site_has_the_pages_and_entity_files(site_dir) -> None:
    for name in ("index.html", "404.html", "search/index.html", "queries/index.html",
                 "queries/posts-in-kommun/index.html", "api/posts-in-kommun.csv",
                 "api/posts-in-kommun.json", "static/style.css", "ontology/index.html",
                 "vocab/role/index.html", "vocab/role/sakerhetschef/index.html"):
        assert (site_dir / name).is_file(), name
    kommun = site_dir / "id" / "kommun" / "1278"
    assert sorted(p.name for p in kommun.iterdir()) == [
        "index.html", "index.jsonld", "index.nt", "index.ttl", "unit"]
    assert 'sam:municipalityCode "1278"' in (kommun / "index.ttl").read_text(encoding="utf-8")
    doc = json.loads((kommun / "index.jsonld").read_text(encoding="utf-8"))
    assert {g["@id"] for g in doc["@graph"]} == {"graph:entailments", "graph:reference"}


def test_site_has_the_dataset_record_where_the_w3id_rules_point(site_dir) -> None:
    for name in ("dataset/index.html", "dataset/index.ttl", "catalog/index.ttl",
                 "dataset/distribution/trig/index.ttl"):
        assert (site_dir / name).is_file(), name
    record = (site_dir / "dataset" / "index.ttl").read_text(encoding="utf-8")
    assert "<http://www.w3.org/ns/dcat#Dataset>" in record
    assert "<http://rdfs.org/ns/void#triples>" in record


def test_site_links_are_folder_paths_and_labels_are_escaped(site_dir) -> None:
    page = (site_dir / "id" / "kommun" / "1278" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/id/person/2bb9795ea5da/">Christofer Thorén</a>' in page
    assert '<a href="/id/kommun/1278/index.ttl">Turtle</a>' in page
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert 'action="/search"' not in page  # no server, no search form


def test_site_query_page_shows_the_default_answer_with_downloads(site_dir) -> None:
    page = (site_dir / "queries" / "posts-in-kommun" / "index.html").read_text(encoding="utf-8")
    assert "Christofer Thorén" in page
    assert 'href="/api/posts-in-kommun.csv"' in page
    csv_text = (site_dir / "api" / "posts-in-kommun.csv").read_text(encoding="utf-8")
    assert csv_text.startswith("role,roleLabel,person,name")


def test_site_search_page_lists_every_kommun(site_dir) -> None:
    page = (site_dir / "search" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="kind">Kommun ') == 290


def test_site_refuses_a_folder_that_is_not_empty(tmp_path) -> None:
    out = tmp_path / "full"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["--cache-dir", str(tmp_path / "cache"), "site",
                                       "-o", str(out)])
    assert result.exit_code == 3
    assert result.output == (f"Error: {out} exists and is not an empty folder; give a new or "
                             "empty folder\n")
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_serve_refuses_a_port_in_use(tmp_path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--cache-dir", str(tmp_path), "serve", "--port",
                                           str(port)])
    assert result.exit_code == 3
    assert result.output.strip().splitlines()[-1].startswith(
        f"Error: cannot listen on 127.0.0.1:{port}: ")


def test_serve_warns_about_a_non_loopback_address(tmp_path) -> None:
    result = CliRunner().invoke(main, ["--cache-dir", str(tmp_path), "serve", "--host",
                                       "192.0.2.1", "--port", "0"])
    lines = result.output.strip().splitlines()
    assert lines[0] == ("warning: listening on 192.0.2.1, not loopback: every machine that "
                        "reaches this address can read the pages and query the endpoint")
    assert result.exit_code == 3  # TEST-NET address: not on this machine, cannot bind


@pytest.mark.parametrize("host,expected", [("127.0.0.1", True), ("::1", True),
                                           ("localhost", True), ("127.0.0.2", True),
                                           ("0.0.0.0", False), ("192.168.1.5", False)])
def test_loopback_detection(host, expected) -> None:
    assert is_loopback(host) is expected


def test_serve_and_site_have_help() -> None:
    for command in ("serve", "site"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "--help" in result.output
    assert "loopback" in CliRunner().invoke(main, ["serve", "--help"]).output


@pytest.mark.slow
def test_wheel_ships_templates_page_queries_and_css(tmp_path) -> None:
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                           "--outdir", str(tmp_path), str(root)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    [wheel] = list(tmp_path.glob("samverkan-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("samverkan/web/templates/kommun.html", "samverkan/web/templates/base.html",
                 "samverkan/web/queries/tenures.rq", "samverkan/web/static/style.css",
                 "samverkan/web/backend.py"):
        assert name in names, name
