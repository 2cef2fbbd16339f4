"""Wall time of `samverkan validate` and where it goes: rdflib parse, pySHACL, report.

Two datasets: the shipped graph, and the shipped graph plus a synthetic source of about
100,000 triples shaped like the article claims (one named graph per article, each with persons,
posts in real kommuner, tenures with provenance and text locators). Each figure is the median of
a few runs in one process (the prepared SPARQL of the shapes is shared between runs, as it is
between the constraints of one run). Run with ``make bench`` or
``python -m benchmarks.bench_validate``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from samverkan.sources import all_sources
from samverkan.validation import data_file_sources, load_union, validate

RUNS_SHIPPED = 3
RUNS_SYNTHETIC = 3
CLAIMS = 5_650  # about 17 triples each, plus the shipped graph: about 100,000 triples
CLAIMS_PER_ARTICLE = 100
ROLES = ("sakerhetschef", "sakerhetssamordnare", "beredskapssamordnare", "trygghetssamordnare")

HEAD = """@base <https://w3id.org/samverkan/id/> .
@prefix sam: <https://w3id.org/samverkan/ontology#> .
@prefix role: <https://w3id.org/samverkan/vocab/role/> .
@prefix status: <https://w3id.org/samverkan/vocab/status/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _kommun_codes() -> list[str]:
    from rdflib import URIRef

    union = load_union(all_sources())
    code = URIRef("https://w3id.org/samverkan/ontology#municipalityCode")
    return sorted({str(c) for s, c in union.graph.subject_objects(code) if "/area/" not in str(s)})


def write_synthetic(path: Path, claims: int = CLAIMS) -> None:
    """A TriG file of ``claims`` tenures in ``claims / CLAIMS_PER_ARTICLE`` article graphs."""
    codes = _kommun_codes()
    parts = [HEAD]
    for start in range(0, claims, CLAIMS_PER_ARTICLE):
        key = f"{start // CLAIMS_PER_ARTICLE:016x}"
        graph = f"<https://w3id.org/samverkan/graph/source/{key}>"
        parts.append(f"{graph} {{\n  {graph} prov:wasDerivedFrom <source/{key}> .\n")
        parts.append(
            f'  <source/{key}> a schema:NewsArticle, prov:Entity ; schema:inLanguage "sv" ;\n'
            f'    schema:headline "Syntetisk artikel {key}"@sv ;\n'
            f'    schema:sha256 "{key * 4}" .\n'
        )
        for i in range(start, min(start + CLAIMS_PER_ARTICLE, claims)):
            code = codes[i % len(codes)]
            role = ROLES[(i // len(codes)) % len(ROLES)]
            seat = f"post/kommun-{code}/{role}-{i}"
            person = f"person/{i:012x}"
            loc = f"source/{key}/p{i % 40 + 1}s1"
            parts.append(
                f'  <{person}> a schema:Person ; schema:name "Person {i}" .\n'
                f'  <{seat}> a org:Post ; org:postIn <kommun/{code}> ; org:role role:{role} ;\n'
                f'    skos:prefLabel "Tjänst {i}"@sv .\n'
                f"  <tenure/{i:012x}> a org:Membership ; org:member <{person}> ;\n"
                f"    org:organization <kommun/{code}> ; org:role role:{role} ;\n"
                f"    sam:post <{seat}> ;\n"
                f"    sam:tenureStatus status:current ;\n"
                f'    schema:startDate "{2010 + i % 15}-0{i % 9 + 1}-01"^^xsd:date ;\n'
                f"    prov:wasDerivedFrom <source/{key}> ; sam:locator <{loc}> .\n"
                f"  <{loc}> a sam:TextLocator ; sam:paragraph {i % 40 + 1} ; sam:sentence 1 ;\n"
                f"    sam:inSource <source/{key}> .\n"
            )
        parts.append("}\n")
    path.write_text("".join(parts), encoding="utf-8")


def _measure(sources, runs: int) -> dict[str, float]:
    rows = []
    for _ in range(runs):
        started = time.perf_counter()
        report = validate(sources)
        wall = time.perf_counter() - started
        rows.append({**report.timings, "wall": wall, "triples": report.triples,
                     "results": len(report.findings)})
    return {key: statistics.median(r[key] for r in rows) for key in rows[0]}


def _print(name: str, m: dict[str, float], runs: int) -> None:
    print(
        f"{name}: {int(m['triples']):,} triples, {int(m['results'])} results; "
        f"median of {runs}: {m['wall']:.2f} s wall = parse {m['parse']:.2f} s "
        f"+ pySHACL {m['shacl']:.2f} s + report {m['report']:.3f} s",
        flush=True,
    )


def main() -> None:
    shipped = all_sources()
    _print("shipped graph", _measure(shipped, RUNS_SHIPPED), RUNS_SHIPPED)
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        path = Path(tmp) / "synthetic.trig"
        write_synthetic(path)
        sources = shipped + data_file_sources([path])
        _print("shipped + synthetic", _measure(sources, RUNS_SYNTHETIC), RUNS_SYNTHETIC)


if __name__ == "__main__":
    main()
