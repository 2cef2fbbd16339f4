"""Every saved query gives identical rows on Oxigraph, rdflib, Virtuoso and Jena TDB2.

Oxigraph (embedded and `oxigraph serve`) and rdflib are compared in test_engines.py. Here the
export is loaded into:

- Virtuoso 7 (Debian `virtuoso-opensource`), through `samverkan load --graph-store`, and queried
  through `samverkan`'s endpoint client (which adds FROM/FROM NAMED for the union);
- Apache Jena TDB2 (Debian `libapache-jena-java`), through `tdb2.tdbloader`, queried with
  `tdb2.tdbquery --set tdb2:unionDefaultGraph=true`.

Each is skipped, with the reason, where it is not installed. `.ci/run` installs both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from test_load import virtuoso  # noqa: F401 - the module's Virtuoso fixture, reused
from test_queries import CASES

from samverkan.cli import main
from samverkan.results import table_from_json
from samverkan.savedqueries import bind, saved_queries
from samverkan.sparql import run_local, run_remote

NAMES = sorted(saved_queries())
# every saved query with its defaults, then every parameter set of the exact-rows tests
RUNS = [(name, {}) for name in NAMES] + [(n, p) for n, p, _ in CASES if p]
IDS = [f"{n}-{'-'.join(p.values()) or 'defaults'}" for n, p in RUNS]
JAVA_DIR = Path("/usr/share/java")
# the jars tdb2.tdbloader and tdb2.tdbquery need, by their Debian names (no version)
JENA_JARS = (
    "jena-base jena-core jena-arq jena-tdb2 jena-cmds jena-iri jena-dboe-base jena-dboe-index "
    "jena-dboe-storage jena-dboe-trans-data jena-dboe-transaction jena-shacl jena-rdfconnection "
    "dexx.collection commons-cli commons-codec commons-compress commons-csv commons-io "
    "commons-lang3 gson guava httpclient httpcore jackson-core jackson-databind "
    "jackson-annotations jakarta.json-api jsonld-java thrift protobuf slf4j-api slf4j-nop "
    "titanium-json-ld"
).split()


def jena_classpath(folder: Path) -> str:
    """The class path for Debian's Jena, with its message files where its classes look.

    Debian's jena-core moves the bundled Xerces classes to the package ``xerces`` but leaves
    their message files under ``org/apache/jena/ext/xerces``; without them Jena fails at start
    ("internal error" while building the XSD datatypes). They are copied to the path the
    classes expect into a folder put on the class path.
    """
    jars = [JAVA_DIR / f"{name}.jar" for name in JENA_JARS]
    missing = [jar.name for jar in jars if not jar.is_file()]
    if missing:
        pytest.skip(f"Jena (Debian libapache-jena-java) is not fully installed: {missing[0]}")
    resources = folder / "jena-resources"
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = resources / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return ":".join([*map(str, jars), str(resources)])


RUNNER = FIXTURES / "jena" / "RunQueries.java"


class Jena:
    """A TDB2 database loaded with the N-Quads export; queries run in batches in one JVM."""

    def __init__(self, folder: Path, export: Path) -> None:
        self.classpath = jena_classpath(folder)
        self.location = folder / "tdb2"
        self.folder = folder
        self._java("tdb2.tdbloader", "--loc", str(self.location), str(export))

    def _java(self, *args: str) -> str:
        result = subprocess.run(["java", "-cp", self.classpath, *args], capture_output=True,
                                text=True, timeout=600)
        if result.returncode != 0:
            raise AssertionError(f"{args[0]} failed: {result.stderr.strip()[-400:]}")
        return result.stdout

    def select_all(self, texts: list[str]) -> list:
        """The result tables of SELECT queries, in order (one JVM for all of them)."""
        batch = Path(tempfile.mkdtemp(dir=self.folder))
        for number, text in enumerate(texts):
            (batch / f"{number:04d}.rq").write_text(text, encoding="utf-8")
        self._java(str(RUNNER), str(self.location), str(batch))
        return [table_from_json(json.loads((batch / f"{n:04d}.rq.json").read_text()))
                for n in range(len(texts))]

    def select(self, text: str):
        return self.select_all([text])[0]


@pytest.fixture(scope="module")
def export_nq(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("parity")
    path = folder / "export.nq"
    result = CliRunner().invoke(main, ["--cache-dir", str(folder / "cache"), "export",
                                       "--format", "nq", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def jena(tmp_path_factory, export_nq) -> Jena:
    if shutil.which("java") is None:
        pytest.skip("Jena needs Java, and java is not on PATH")
    return Jena(tmp_path_factory.mktemp("jena"), export_nq)


@pytest.fixture(scope="module")
def jena_tables(jena) -> dict[str, object]:
    """Every run's Jena result, computed in one batch."""
    tables = jena.select_all([bind(saved_queries()[n], p) for n, p in RUNS])
    return dict(zip(IDS, tables, strict=True))


@pytest.fixture(scope="module")
def loaded_virtuoso(virtuoso, tmp_path_factory):  # noqa: F811 - the imported fixture
    cache = tmp_path_factory.mktemp("virtuoso-cache")
    env = {"SAMVERKAN_TEST_VIRTUOSO": "dba:dba", "NETRC": str(cache / "no-netrc")}
    result = CliRunner(env=env).invoke(main, [
        "--cache-dir", str(cache), "load", "--graph-store",
        virtuoso + "/sparql-graph-crud-auth", "--auth-env", "SAMVERKAN_TEST_VIRTUOSO"])
    assert result.exit_code == 0, result.output
    return virtuoso + "/sparql"


@pytest.mark.server
@pytest.mark.parametrize(("name", "params"), RUNS, ids=IDS)
def test_virtuoso_gives_the_same_rows(shipped_store, loaded_virtuoso, name, params):
    text = bind(saved_queries()[name], params)
    expected = run_local(shipped_store, text).table
    assert run_remote(loaded_virtuoso, text, timeout=120).table == expected


JENA_RUNS = [(name, params, run) for (name, params), run in zip(RUNS, IDS, strict=True)]


@pytest.mark.parametrize(("name", "params", "run"), JENA_RUNS, ids=IDS)
def test_jena_tdb2_gives_the_same_rows(shipped_store, jena_tables, name, params, run):
    text = bind(saved_queries()[name], params)
    assert jena_tables[run] == run_local(shipped_store, text).table


def test_jena_counts_the_standard_classes_like_the_embedded_store(shipped_store, jena):
    text = """SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {
      VALUES ?c { <http://www.w3.org/ns/org#Organization> <http://data.europa.eu/m8g/AdminUnit>
                  <https://schema.org/Event> }
      ?x a ?c } GROUP BY ?c ORDER BY ?c"""
    rows = [(r[0].value, r[1].value) for r in jena.select(text).rows]
    assert rows == [("http://data.europa.eu/m8g/AdminUnit", "311"),
                    ("http://www.w3.org/ns/org#Organization", "353"),
                    ("https://schema.org/Event", "8")]
    assert jena.select(text) == run_local(shipped_store, text).table
