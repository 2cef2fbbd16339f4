"""`make docs`: the ontology page reads in one language (the other one link away) and the SKOS
vocabularies have their page, as a real browser (headless chromium) renders them.

Skipped where pyLODE (test extra) or chromium (Debian package, installed by .ci/install-tools)
is missing.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

pytest.importorskip("pylode", reason="pyLODE (test extra) is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (Debian package chromium)", allow_module_level=True)

from samverkan.ontology_docs import write_docs  # noqa: E402


def chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--hide-scrollbars", "--window-size=1280,1600", *args],
                          capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    written = write_docs(folder)
    assert sorted(p.name for p in written) == ["index.html", "index.sv.html",
                                               "vocabularies.html"]
    return folder


def dom(path) -> str:
    result = chromium("--dump-dom", path.as_uri())
    assert result.returncode == 0, result.stderr[-300:]
    return result.stdout.decode("utf-8")


def test_english_page_has_english_labels_only(pages):
    text = dom(pages / "index.html")
    assert '<html lang="en">' in text
    assert "municipality (authority)" in text
    assert "kommun (myndighet)" not in text
    assert "myndighet)municipality" not in text
    assert 'href="index.sv.html"' in text and 'href="vocabularies.html"' in text


def test_swedish_page_has_swedish_labels_only(pages):
    text = dom(pages / "index.sv.html")
    assert "kommun (myndighet)" in text
    assert "municipality (authority)" not in text
    assert "samverkan-ontologin: kommunala säkerhetsaktörer och deras samverkan" in text


def test_reused_terms_are_not_listed_as_own(pages):
    text = dom(pages / "index.html")
    assert "https://w3id.org/samverkan/ontology#Municipality" in text
    assert 'id="opengov:post"' not in text and ">on behalf of<" in text


def test_vocabularies_page_lists_every_scheme_and_concept(pages):
    text = dom(pages / "vocabularies.html")
    assert text.count("<h2 ") == 9
    assert text.count("<tr><td><code>https://w3id.org/samverkan/vocab/") == 72
    assert "säkerhetssamordnare" in text and "security coordinator" in text


def test_screenshot_of_the_ontology_page(pages, tmp_path):
    shot = tmp_path / "index.png"
    result = chromium(f"--screenshot={shot}", (pages / "index.html").as_uri())
    assert result.returncode == 0
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
