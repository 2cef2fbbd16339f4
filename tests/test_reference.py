"""The reference layer: counts, spot values, the importer's checks and the coverage query."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import ROOT, select

from samverkan.cli import main
from samverkan.errors import BadInputError
from samverkan.reference import (
    import_reference,
    luhn_valid,
    orgnr_problem,
    read_reference,
    reference_trig,
    slug,
)

REFERENCE_DIR = ROOT / "data" / "reference"
SHIPPED_TRIG = REFERENCE_DIR / "reference.trig"
PREFIXES = """
PREFIX sam: <https://w3id.org/samverkan/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX wd: <http://www.wikidata.org/entity/>
"""
ID = "https://w3id.org/samverkan/id/"


@pytest.fixture(scope="module")
def reference_store() -> ox.Store:
    """Only the reference TriG: spot checks that other graphs cannot disturb."""
    store = ox.Store()
    store.load(path=str(SHIPPED_TRIG), format=ox.RdfFormat.TRIG)
    return store


def q(store: ox.Store, body: str) -> list[tuple[str | None, ...]]:
    """SELECT with the test prefixes; ``id:kommun/0114`` is written out as a full IRI."""
    body = re.sub(r"\bid:([A-Za-z0-9_/-]*)", lambda m: f"<{ID}{m.group(1)}>", body)
    return select(store, PREFIXES + body)


# --------------------------------------------------------------------------- generated file


def test_shipped_trig_is_what_the_importer_makes_from_the_shipped_csvs():
    expected = reference_trig(read_reference(REFERENCE_DIR))
    assert SHIPPED_TRIG.read_text(encoding="utf-8") == expected


def test_import_is_deterministic(tmp_path):
    first, second = tmp_path / "a.trig", tmp_path / "b.trig"
    import_reference(REFERENCE_DIR, first)
    import_reference(REFERENCE_DIR, second)
    assert first.read_bytes() == second.read_bytes() == SHIPPED_TRIG.read_bytes()


def test_everything_is_in_the_reference_graph_without_blank_nodes(reference_store):
    graphs = {quad.graph_name.value for quad in reference_store}
    assert graphs == {"https://w3id.org/samverkan/graph/reference"}
    blanks = [quad for quad in reference_store
              if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)]
    assert blanks == []
    assert len(reference_store) == 4634


# --------------------------------------------------------------------------- counts


def test_counts_in_the_shipped_graph(shipped_store):
    counts = q(shipped_store, """
        SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {
          VALUES ?type { sam:Municipality sam:MunicipalityArea sam:County }
          ?x a ?type } GROUP BY ?type ORDER BY ?type""")
    assert counts == [
        ("https://w3id.org/samverkan/ontology#County", "21"),
        ("https://w3id.org/samverkan/ontology#Municipality", "290"),
        ("https://w3id.org/samverkan/ontology#MunicipalityArea", "290"),
    ]


def test_seven_police_regions_and_21_lansstyrelser(reference_store):
    regions = q(reference_store, """
        SELECT ?label WHERE { ?r org:unitOf id:org/polismyndigheten ;
          org:classification <https://w3id.org/samverkan/vocab/org-type/polisregion> ;
          skos:prefLabel ?label } ORDER BY ?label""")
    assert [r[0] for r in regions] == [
        "Polisregion Bergslagen", "Polisregion Mitt", "Polisregion Nord", "Polisregion Stockholm",
        "Polisregion Syd", "Polisregion Väst", "Polisregion Öst",
    ]
    boards = q(reference_store, """
        SELECT (COUNT(?b) AS ?n) WHERE {
          ?b org:classification <https://w3id.org/samverkan/vocab/org-type/lansstyrelse> ;
             a cv:PublicOrganisation ; sam:governs ?lan . ?lan a sam:County }""")
    assert boards == [("21",)]


def test_every_kommun_lies_in_exactly_one_lan(reference_store):
    rows = q(reference_store, """
        SELECT ?n (COUNT(?k) AS ?kommuner) WHERE {
          { SELECT ?k (COUNT(DISTINCT ?lan) AS ?n) WHERE {
              ?k a sam:Municipality . OPTIONAL { ?k sam:inCounty ?lan } } GROUP BY ?k }
        } GROUP BY ?n""")
    assert rows == [("1", "290")]
    areas = q(reference_store, """
        SELECT (COUNT(?a) AS ?n) WHERE {
          ?k a sam:Municipality ; sam:governs ?a ; sam:inCounty ?lan .
          ?a a sam:MunicipalityArea ; sam:withinCounty ?lan }""")
    assert areas == [("290",)]


def test_every_lan_lies_in_exactly_one_police_region(reference_store):
    rows = q(reference_store, """
        SELECT ?n (COUNT(?lan) AS ?lans) WHERE {
          { SELECT ?lan (COUNT(DISTINCT ?r) AS ?n) WHERE {
              ?lan a sam:County . OPTIONAL { ?lan sam:policeRegion ?r } } GROUP BY ?lan }
        } GROUP BY ?n""")
    assert rows == [("1", "21")]
    inverse = q(reference_store, """
        SELECT (COUNT(*) AS ?n) WHERE { ?lan sam:policeRegion ?r . ?r sam:coversCounty ?lan }""")
    assert inverse == [("21",)]


# --------------------------------------------------------------------------- spot values


def test_upplands_vasby_in_stockholms_lan(reference_store):
    rows = q(reference_store, """
        SELECT ?name ?code ?lanName ?region WHERE {
          id:kommun/0114 skos:prefLabel ?name ; sam:municipalityCode ?code ;
            sam:inCounty ?lan . ?lan skos:prefLabel ?lanName ; sam:policeRegion ?region }""")
    assert rows == [("Upplands Väsby", "0114", "Stockholms län",
                     ID + "org/polismyndigheten/region/stockholm")]


def test_bastad_lies_in_skane_lan_not_halland(reference_store):
    # The issue text says Hallands län; the verified reference (and SCB) say Skåne län (12).
    rows = q(reference_store, """
        SELECT ?name ?official ?lanName ?item ?orgnr ?kolada ?lau ?portal WHERE {
          id:kommun/1278 skos:prefLabel ?name ; sam:officialName ?official ;
            sam:inCounty ?lan ; sam:wikidata ?item ; sam:orgnr ?orgnr ; sam:koladaId ?kolada ;
            sam:lauId ?lau ; sam:dataportalOrganisation ?portal .
          ?lan skos:prefLabel ?lanName }""")
    assert rows == [(
        "Båstad", "Båstads kommun", "Skåne län", "http://www.wikidata.org/entity/Q499464",
        "212000-0944", "1278", "SE_1278", "http://dataportal.se/organisation/SE2120000944",
    )]


def test_skane_lan_codes_and_region_syd(reference_store):
    rows = q(reference_store, """
        SELECT ?code ?iso ?item ?region WHERE {
          id:area/lan/12 sam:countyCode ?code ; sam:iso3166_2 ?iso ; sam:wikidata ?item ;
            sam:policeRegion ?region }""")
    assert rows == [("12", "SE-M", "http://www.wikidata.org/entity/Q103659",
                     ID + "org/polismyndigheten/region/syd")]
    covered = q(reference_store, """
        SELECT ?lan WHERE { id:org/polismyndigheten/region/syd sam:coversCounty ?lan }
        ORDER BY ?lan""")
    assert [r[0] for r in covered] == [ID + f"area/lan/{c}" for c in ("07", "08", "10", "12")]


def test_official_names_only_where_known(reference_store):
    rows = q(reference_store, """
        SELECT ?code ?official WHERE { ?k a sam:Municipality ; sam:municipalityCode ?code ;
          sam:officialName ?official } ORDER BY ?code""")
    assert ("0980", "Region Gotland") in rows
    assert ("2080", "Falu kommun") in rows
    assert ("0180", "Stockholms stad") in rows
    assert len(rows) == 12
    salem = q(reference_store, "SELECT ?i WHERE { id:kommun/0128 sam:wikidata ?i }")
    assert salem == [("http://www.wikidata.org/entity/Q516080",)]


def test_kommun_without_orgnr_has_no_dataportal_iri(reference_store):
    rows = q(reference_store, """
        SELECT ?p WHERE { id:kommun/0183 ?p ?o } ORDER BY ?p""")
    predicates = {r[0].rsplit("#", 1)[-1] for r in rows}
    assert "orgnr" not in predicates and "dataportalOrganisation" not in predicates
    assert {"koladaId", "lauId", "wikidata", "municipalityCode"} <= predicates


def test_lansstyrelser_named_and_linked_only_where_verified(reference_store):
    rows = q(reference_store, """
        SELECT ?b ?label ?orgnr ?item WHERE { ?b sam:governs ?lan ; skos:prefLabel ?label .
          ?lan a sam:County . OPTIONAL { ?b sam:orgnr ?orgnr } OPTIONAL { ?b sam:wikidata ?item }
          FILTER(?lan IN (id:area/lan/01, id:area/lan/14)) } ORDER BY ?b""")
    assert rows == [
        (ID + "lansstyrelse/01", "Länsstyrelsen i Stockholms län", None, None),
        (ID + "lansstyrelse/14", "Länsstyrelsen i Västra Götalands län", "202100-2361",
         "http://www.wikidata.org/entity/Q26236702"),
    ]


def test_msb_is_one_organisation_with_its_former_name(reference_store):
    rows = q(reference_store, """
        SELECT ?label ?orgnr ?item ?name ?abbr ?from ?until WHERE {
          id:org/msb skos:prefLabel ?label ; sam:orgnr ?orgnr ; sam:wikidata ?item ;
            sam:hasName ?n . ?n a sam:DatedName ; sam:name ?name .
          OPTIONAL { ?n sam:abbreviation ?abbr } OPTIONAL { ?n sam:validFrom ?from }
          OPTIONAL { ?n sam:validUntil ?until } } ORDER BY ?name""")
    assert rows == [
        ("Myndigheten för civilt försvar", "202100-5984", "http://www.wikidata.org/entity/Q3430725",
         "Myndigheten för civilt försvar", None, None, None),
        ("Myndigheten för civilt försvar", "202100-5984", "http://www.wikidata.org/entity/Q3430725",
         "Myndigheten för samhällsskydd och beredskap", "MSB", None, None),
    ]


def test_skr_named_skl_until_2019_without_identifiers(reference_store):
    rows = q(reference_store, """
        SELECT ?until WHERE { id:org/skr/name/skl sam:abbreviation "SKL" ;
          sam:validUntil ?until FILTER(datatype(?until) = xsd:gYear) }""")
    assert rows == [("2019",)]
    identifiers = q(reference_store, """
        SELECT ?p WHERE { id:org/skr ?p ?o
          FILTER(?p IN (sam:orgnr, sam:wikidata, sam:dataportalOrganisation)) }""")
    assert identifiers == []
    kinds = q(reference_store, "SELECT ?t WHERE { id:org/skr a ?t }")
    assert kinds == [("http://www.w3.org/ns/org#FormalOrganization",)]


def test_national_authorities(reference_store):
    rows = q(reference_store, """
        SELECT ?o ?orgnr ?item WHERE { ?o a cv:PublicOrganisation ; sam:orgnr ?orgnr ;
          sam:wikidata ?item FILTER(STRSTARTS(STR(?o), STR(id:org/))) } ORDER BY ?o""")
    assert rows == [
        (ID + "org/bra", "202100-0068", "http://www.wikidata.org/entity/Q10436166"),
        (ID + "org/msb", "202100-5984", "http://www.wikidata.org/entity/Q3430725"),
        (ID + "org/polismyndigheten", "202100-0076", "http://www.wikidata.org/entity/Q11995938"),
    ]


# --------------------------------------------------------------------------- helpers


def test_luhn_and_orgnr_checks():
    assert luhn_valid("2120000944") is True
    assert luhn_valid("2120000945") is False
    assert orgnr_problem("212000-0944") is None
    assert orgnr_problem("2120000944") == "orgnr '2120000944' is not of the form NNNNNN-NNNN"
    assert orgnr_problem("212000-0945") == "orgnr '212000-0945' has a wrong check digit (Luhn)"


def test_slug_folds_swedish_letters():
    assert [slug(name) for name in ("Öst", "Väst", "Bergslagen")] == ["ost", "vast", "bergslagen"]


# --------------------------------------------------------------------------- bad input

MITT = "Mitt,03;19;21,Uppsala län;Västmanlands län;Gävleborgs län"
BERGSLAGEN = "Bergslagen,17;18;20,Värmlands län;Örebro län;Dalarnas län"
BAD_ROWS = [
    # (file, line to replace, replacement, expected message end)
    ("municipalities.csv", "0114,Upplands Väsby,01,Stockholms län,Q499425",
     "114,Upplands Väsby,01,Stockholms län,Q499425", "row 2: kommunkod '114' is not 4 digits"),
    ("municipalities.csv", "0114,Upplands Väsby,01,Stockholms län,Q499425",
     "0114,Upplands Väsby,99,Stockholms län,Q499425",
     "row 2: unknown county '99' (not in counties.csv)"),
    ("municipalities.csv", "0115,Vallentuna,01,Stockholms län,Q501526",
     "0114,Vallentuna,01,Stockholms län,Q501526", "row 3: duplicate kommunkod '0114'"),
    ("municipalities.csv", "0114,Upplands Väsby,01,Stockholms län,Q499425",
     "0114,Upplands Väsby,01,Stockholms län,499425",
     "row 2: Wikidata id '499425' is not Q<digits>"),
    ("municipalities.csv", "0114,Upplands Väsby,01,Stockholms län,Q499425",
     "0114,Upplands Väsby,03,Uppsala län,Q499425",
     "row 2: kommunkod '0114' does not begin with its länskod '03'"),
    ("municipalities.csv", "0114,Upplands Väsby,01,Stockholms län,Q499425",
     "0114,Upplands Väsby,01,Uppsala län,Q499425",
     "row 2: county_name 'Uppsala län' differs from 'Stockholms län' for länskod '01' in "
     "counties.csv"),
    ("municipalities.csv", "0114,Upplands Väsby,01,Stockholms län,Q499425",
     "0114,,01,Stockholms län,Q499425", "row 2: empty name"),
    ("municipalities.csv", "0115,Vallentuna,01,Stockholms län,Q501526",
     "0115,Vallentuna,01,Stockholms län,Q499425",
     "Q499425 is given for both kommun 0114 and kommun 0115"),
    ("municipality_orgnr.csv", "0114,212000-0019", "0114,212000-0018",
     "row 2: orgnr '212000-0018' has a wrong check digit (Luhn)"),
    ("municipality_orgnr.csv", "0114,212000-0019", "0114,2120000019",
     "row 2: orgnr '2120000019' is not of the form NNNNNN-NNNN"),
    ("municipality_orgnr.csv", "0114,212000-0019", "0199,212000-0019",
     "row 2: unknown kommunkod '0199' (not in municipalities.csv)"),
    ("municipality_orgnr.csv", "0115,212000-0027", "0114,212000-0027",
     "row 3: duplicate kommunkod '0114'"),
    ("counties.csv", "03,Uppsala län,SE-C,Q104926", "3,Uppsala län,SE-C,Q104926",
     "row 3: länskod '3' is not 2 digits"),
    ("counties.csv", "03,Uppsala län,SE-C,Q104926", "01,Uppsala län,SE-C,Q104926",
     "row 3: duplicate länskod '01'"),
    ("counties.csv", "03,Uppsala län,SE-C,Q104926", "03,Uppsala län,C,Q104926",
     "row 3: ISO 3166-2 code 'C' is not of the form SE-X or SE-XX"),
    ("counties.csv", "03,Uppsala län,SE-C,Q104926", "03,Uppsala län,SE-C,Q0",
     "row 3: Wikidata id 'Q0' is not Q<digits>"),
    ("municipality_official_names.csv", "1278,Båstads kommun", "1279,Båstads kommun",
     "unknown kommunkod '1279' (not in municipalities.csv)"),
    ("county_boards.csv", "14,Q26236702,202100-2361", "15,Q26236702,202100-2361",
     "row 2: unknown county '15' (not in counties.csv)"),
    ("county_boards.csv", "14,Q26236702,202100-2361", "14,Q26236702,202100-2362",
     "row 2: orgnr '202100-2362' has a wrong check digit (Luhn)"),
    ("police_regions.csv", MITT, MITT.replace("21,", "21;99,"),
     "row 3: unknown county '99' (not in counties.csv)"),
    ("police_regions.csv", "Stockholm,01;09,Stockholms län;Gotlands län",
     "Stockholm,01;09;03,Stockholms län;Gotlands län;Uppsala län",
     "row 4: duplicate county '03': already in police region Mitt"),
    ("police_regions.csv", BERGSLAGEN, "Bergslagen,17;18,Värmlands län;Örebro län",
     "no police region covers county 20"),
    ("authorities.csv", "bra,Brottsförebyggande rådet,Brå,yes,statlig-myndighet,Q10436166,"
     "202100-0068", "bra,Brottsförebyggande rådet,Brå,maybe,statlig-myndighet,Q10436166,"
     "202100-0068", "row 2: public_authority 'maybe' is not yes or no"),
    ("authorities.csv", "bra,Brottsförebyggande rådet,Brå,yes,statlig-myndighet,Q10436166,"
     "202100-0068", "bra,Brottsförebyggande rådet,Brå,yes,statlig-myndighet,Q10436166,"
     "202100-0069", "row 2: orgnr '202100-0069' has a wrong check digit (Luhn)"),
    ("organisation_names.csv", "skr,skl,Sveriges Kommuner och Landsting,SKL,,2019",
     "skl,skl,Sveriges Kommuner och Landsting,SKL,,2019",
     "unknown organisation key 'skl' (not in authorities.csv)"),
    ("organisation_names.csv", "skr,skl,Sveriges Kommuner och Landsting,SKL,,2019",
     "skr,skl,Sveriges Kommuner och Landsting,SKL,,19",
     "valid_until '19' is not YYYY or YYYY-MM-DD"),
]


def _reference_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "csv"
    folder.mkdir()
    for csv_file in REFERENCE_DIR.glob("*.csv"):
        shutil.copy(csv_file, folder / csv_file.name)
    return folder


def _replace_line(path: Path, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines, f"test setup: {old!r} not in {path.name}"
    path.write_text("\n".join(new if line == old else line for line in lines) + "\n",
                    encoding="utf-8")


@pytest.mark.parametrize(("name", "old", "new", "message"), BAD_ROWS,
                         ids=[f"{b[0]}:{b[3][:40]}" for b in BAD_ROWS])
def test_bad_row_names_file_row_and_problem_and_writes_nothing(tmp_path, name, old, new, message):
    folder = _reference_copy(tmp_path)
    _replace_line(folder / name, old, new)
    output = tmp_path / "out" / "reference.trig"
    output.parent.mkdir()
    output.write_text("previous\n", encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_reference(folder, output)
    text = str(caught.value)
    assert text.endswith(message)
    assert "\n" not in text
    assert output.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in output.parent.iterdir()) == ["reference.trig"]


def test_missing_file_and_missing_column(tmp_path):
    folder = _reference_copy(tmp_path)
    (folder / "police_regions.csv").unlink()
    with pytest.raises(BadInputError) as caught:
        read_reference(folder)
    assert str(caught.value) == f"{folder / 'police_regions.csv'}: file not found"
    (tmp_path / "two").mkdir()
    folder2 = _reference_copy(tmp_path / "two")
    _replace_line(folder2 / "counties.csv", "code,name,iso3166_2,wikidata", "code,name,wikidata")
    with pytest.raises(BadInputError) as caught:
        read_reference(folder2)
    assert str(caught.value) == f"{folder2 / 'counties.csv'}: missing column(s) iso3166_2"


def test_import_accepts_the_shared_reference_files_format(tmp_path):
    # municipalities.csv, counties.csv, municipality_orgnr.csv and police_regions.csv have the
    # columns of the shared reference folder; a fresh copy of those files re-imports unchanged.
    shared = ROOT.parent / "shared" / "reference"
    if not shared.is_dir():
        pytest.skip("shared reference folder not present")
    folder = _reference_copy(tmp_path)
    for name in ("municipalities.csv", "counties.csv", "municipality_orgnr.csv",
                 "police_regions.csv"):
        shutil.copy(shared / name, folder / name)
    assert reference_trig(read_reference(folder)) == SHIPPED_TRIG.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- CLI


def test_cli_reference_import_writes_the_same_trig(tmp_path):
    output = tmp_path / "reference.trig"
    result = CliRunner().invoke(
        main, ["reference", "import", "--input-dir", str(REFERENCE_DIR), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert output.read_bytes() == SHIPPED_TRIG.read_bytes()
    assert result.stderr == (
        f"wrote {output}: 290 kommuner, 21 län, 7 police regions, 4 national organisations, "
        "4634 triples\n"
    )


def test_cli_reference_import_bad_row_exit_3_one_line(tmp_path):
    folder = _reference_copy(tmp_path)
    _replace_line(folder / "municipality_orgnr.csv", "0114,212000-0019", "0114,212000-0018")
    output = tmp_path / "reference.trig"
    result = CliRunner().invoke(
        main, ["reference", "import", "--input-dir", str(folder), "--output", str(output)]
    )
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {folder / 'municipality_orgnr.csv'}, row 2: orgnr '212000-0018' has a wrong "
        "check digit (Luhn)\n"
    )
    assert result.stdout == ""
    assert not output.exists()


def test_cli_reference_import_missing_output_folder_exit_3(tmp_path):
    output = tmp_path / "nowhere" / "reference.trig"
    result = CliRunner().invoke(
        main, ["reference", "import", "--input-dir", str(REFERENCE_DIR), "--output", str(output)]
    )
    assert result.exit_code == 3
    assert result.stderr == f"Error: {output.parent}: output folder does not exist\n"


# --------------------------------------------------------------------------- coverage query

COVERAGE = (ROOT / "queries" / "identifier-coverage.rq").read_text(encoding="utf-8")
KOMMUNER_WITHOUT_ORGNR = [
    "0183", "0186", "0187", "0305", "0482", "0562", "0860", "1282", "1315", "1439", "1481",
    "1490", "1782", "1980", "2583",
]


def test_coverage_query_rows_on_the_reference(reference_store):
    rows = select(reference_store, COVERAGE)
    boards = [f"{code:02d}" for code in (1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 17, 18, 19, 20,
                                         21, 22, 23, 24, 25)]
    expected_authorities = [
        (ID + f"lansstyrelse/{code}", missing) for missing in ("orgnr", "wikidata")
        for code in boards
    ]
    expected_kommuner = [(ID + f"kommun/{code}", "orgnr") for code in KOMMUNER_WITHOUT_ORGNR]
    assert [(r[0], r[3]) for r in rows] == expected_authorities + expected_kommuner
    assert rows[0] == (ID + "lansstyrelse/01", "Länsstyrelsen i Stockholms län", "authority",
                       "orgnr")
    assert rows[-1] == (ID + "kommun/2583", "Haparanda", "kommun", "orgnr")
    assert len(rows) == 55


def test_coverage_query_on_the_shipped_graph_holds_the_reference_gaps(shipped_store):
    rows = select(shipped_store, COVERAGE)
    pairs = {(r[0], r[3]) for r in rows}
    assert (ID + "kommun/1490", "orgnr") in pairs
    assert (ID + "lansstyrelse/25", "wikidata") in pairs
    assert (ID + "org/skr", "orgnr") not in pairs  # SKR is not an authority
    assert (ID + "kommun/1278", "orgnr") not in pairs
