"""OWL 2 DL: the ontology plus the shipped data (with its entailments) is consistent under HermiT.

owlready2 reads the whole graph and hands it to HermiT (Java). owlready2 reports a term used as
two kinds of entity (punning: a class that is also a property, an object property that is a
sub-property of an annotation property) as a warning; there must be none. HermiT accepts only
literals of the OWL 2 datatype map, which has no xsd:date or xsd:gYear: the dates (plain values
that no axiom mentions) are left out of what it reads, and the test says how many.
"""

from __future__ import annotations

import contextlib
import io
import shutil

import pyoxigraph as ox
import pytest

owlready2 = pytest.importorskip("owlready2", reason="owlready2 (test extra) is not installed")

if shutil.which("java") is None:
    pytest.skip("HermiT needs Java, and java is not on PATH", allow_module_level=True)

# datatypes outside the OWL 2 datatype map that the data uses
NOT_IN_OWL2_MAP = ("date", "gYear", "gYearMonth")
XSD = "http://www.w3.org/2001/XMLSchema#"
KEEP = " && ".join(f"datatype(?o) != <{XSD}{name}>" for name in NOT_IN_OWL2_MAP)


def hermit(ntriples: bytes, tmp_path) -> tuple[bool, str]:
    """(consistent, what owlready2 and HermiT printed) for an N-Triples document."""
    path = tmp_path / "graph.nt"
    path.write_bytes(ntriples)
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed), contextlib.redirect_stdout(printed):
        world = owlready2.World()
        world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            consistent = True
        except owlready2.OwlReadyInconsistentOntologyError:
            consistent = False
    return consistent, printed.getvalue()


def owl_triples(store: ox.Store, extra: str = "") -> bytes:
    data = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o "
                       f"FILTER(!isLiteral(?o) || ({KEEP})) }}",
                       use_default_graph_as_union=True)
    return data.serialize(format=ox.RdfFormat.N_TRIPLES) + extra.encode()


def test_left_out_literals_are_only_dates_no_axiom_mentions(shipped_store):
    rows = shipped_store.query(
        f"SELECT DISTINCT ?p WHERE {{ ?s ?p ?o FILTER(isLiteral(?o) && !({KEEP})) }}",
        use_default_graph_as_union=True)
    assert sorted(row[0].value for row in rows) == [
        "http://purl.org/dc/terms/created", "http://purl.org/dc/terms/modified",
        "http://www.w3.org/ns/dcat#endDate", "http://www.w3.org/ns/dcat#startDate",
        "https://schema.org/datePublished", "https://schema.org/endDate",
        "https://schema.org/startDate",
        "https://w3id.org/samverkan/ontology#earliestStart",
        "https://w3id.org/samverkan/ontology#latestEnd",
        "https://w3id.org/samverkan/ontology#validFrom",
        "https://w3id.org/samverkan/ontology#validUntil",
    ]


def test_ontology_and_data_are_consistent_without_punning(shipped_store, tmp_path):
    consistent, printed = hermit(owl_triples(shipped_store), tmp_path)
    assert consistent is True
    assert "Warning" not in printed, printed
    assert "belongs to more than one entity types" not in printed


def test_a_kommun_that_is_also_its_territory_is_inconsistent(shipped_store, tmp_path):
    clash = ("<https://w3id.org/samverkan/id/kommun/1278> "
             "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
             "<https://w3id.org/samverkan/ontology#MunicipalityArea> .\n")
    consistent, _ = hermit(owl_triples(shipped_store, clash), tmp_path)
    assert consistent is False


def test_wikidata_style_merge_of_organisation_and_place_is_consistent(shipped_store, tmp_path):
    # as in Wikidata, one item is both the government and the place
    item = "<http://www.wikidata.org/entity/Q499464>"
    merged = (f"{item} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
              "<https://schema.org/Place> .\n"
              f"{item} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
              "<http://www.w3.org/ns/org#Organization> .\n"
              f"{item} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
              "<http://purl.org/dc/terms/Location> .\n")
    consistent, printed = hermit(owl_triples(shipped_store, merged), tmp_path)
    assert consistent is True
    assert "Warning" not in printed, printed
