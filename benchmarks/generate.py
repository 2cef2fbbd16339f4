"""Synthetic data of this domain for the benchmarks, in the graph's current model.

``python -m benchmarks.generate --triples N -o FILE.trig`` writes a TriG file for ``--data-dir``:
one named graph per synthetic article, each holding persons (an opaque key and a made-up name),
posts in real kommuner (codes read from the shipped reference data), tenures with provenance and
a text locator per claim. It validates under the shipped shapes. The output depends only on N
(fixed order, no clock, no randomness), so two runs give the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CLAIMS_PER_ARTICLE = 100
PARAGRAPHS = 40
# one full article: 15 triples per claim, 4 per locator (claims share the 40 paragraphs' locators)
# and 7 for the article node and its graph's provenance link
TRIPLES_PER_ARTICLE = 15 * CLAIMS_PER_ARTICLE + 4 * PARAGRAPHS + 7
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


def kommun_codes() -> list[str]:
    """The kommunkoder of the shipped reference data (the authorities, not the areas)."""
    from samverkan.store import memory_store

    store = memory_store()
    rows = store.query(
        "SELECT DISTINCT ?code WHERE { ?k <https://w3id.org/samverkan/ontology#municipalityCode>"
        " ?code FILTER(!CONTAINS(STR(?k), '/area/')) } ORDER BY ?code",
        use_default_graph_as_union=True)
    return [row["code"].value for row in rows]


def claims_for(triples: int) -> int:
    """How many claims give about ``triples`` triples (articles included)."""
    return max(1, round(triples * CLAIMS_PER_ARTICLE / TRIPLES_PER_ARTICLE))


def chunks(claims: int, codes: list[str] | None = None):
    """The TriG text in pieces (one article graph each), so a large file never sits in memory."""
    codes = codes or kommun_codes()
    yield HEAD
    for start in range(0, claims, CLAIMS_PER_ARTICLE):
        key = f"{start // CLAIMS_PER_ARTICLE:016x}"
        graph = f"<https://w3id.org/samverkan/graph/source/{key}>"
        parts = [
            f"{graph} {{\n  {graph} prov:wasDerivedFrom <source/{key}> .\n",
            f'  <source/{key}> a schema:NewsArticle, prov:Entity ; schema:inLanguage "sv" ;\n'
            f'    schema:identifier "{key}" ; schema:headline "Syntetisk artikel {key}"@sv ;\n'
            f'    schema:sha256 "{key * 4}" .\n',
        ]
        for i in range(start, min(start + CLAIMS_PER_ARTICLE, claims)):
            code = codes[i % len(codes)]
            role = ROLES[(i // len(codes)) % len(ROLES)]
            seat = f"post/kommun-{code}/{role}-{i}"
            person = f"person/{i:012x}"
            loc = f"source/{key}/p{i % PARAGRAPHS + 1}s1"
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
                f"  <{loc}> a sam:TextLocator ; sam:paragraph {i % PARAGRAPHS + 1} ;\n"
                f"    sam:sentence 1 ;\n"
                f"    sam:inSource <source/{key}> .\n"
            )
        parts.append("}\n")
        yield "".join(parts)


def write_synthetic(path: Path, triples: int, codes: list[str] | None = None) -> int:
    """Write about ``triples`` synthetic triples to ``path``; return the number of claims."""
    claims = claims_for(triples)
    with open(path, "w", encoding="utf-8") as out:
        for piece in chunks(claims, codes):
            out.write(piece)
    return claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--triples", type=int, required=True, help="about how many triples")
    parser.add_argument("-o", "--output", type=Path, required=True, help="TriG file to write")
    args = parser.parse_args(argv)
    if args.triples < 1:
        parser.error("--triples must be at least 1")
    claims = write_synthetic(args.output, args.triples)
    print(f"wrote {args.output}: {claims} claims, about {args.triples} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
