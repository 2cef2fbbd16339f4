"""Turn the reference CSVs (kommuner, län, authorities, police regions) into deterministic TriG.

The reference layer of the graph is generated, not hand-edited: the CSV files in
``data/reference/`` are the facts, this module checks them row by row and writes
``data/reference/reference.trig`` (graph ``graph:reference``). A bad row stops the import with one
message naming the file, the row and the problem, and nothing is written. Rows are numbered as a
spreadsheet shows them: the header is row 1, the first data row is row 2.

Identifiers that other open data derives from the kommunkod are added for every kommun: the Kolada
municipality id (the kommunkod itself) and the Eurostat LAU / GISCO id ``SE_<kommunkod>``. Every
organisation with an organisationsnummer gets its Sveriges dataportal organisation IRI
``http://dataportal.se/organisation/SE<orgnr without hyphen>``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from samverkan.errors import BadInputError
from samverkan.namespaces import PREFIXES as NAMESPACES
from samverkan.namespaces import RDF_TYPE, REFERENCE_GRAPH
from samverkan.rdfwrite import Lit, Term, render_trig, write_text

# Namespaces of docs/model.md.
SAM = NAMESPACES["sam"]
ID = NAMESPACES["id"]
GRAPH = NAMESPACES["graph"]
ORGTYPE = NAMESPACES["orgtype"]
WD = NAMESPACES["wd"]
SKOS = NAMESPACES["skos"]
ORG = NAMESPACES["org"]
CV = NAMESPACES["cv"]
XSD = NAMESPACES["xsd"]
DATAPORTAL = "http://dataportal.se/organisation/SE"

# Every input file and the columns it must have.
FILES: dict[str, tuple[str, ...]] = {
    "counties.csv": ("code", "name", "iso3166_2", "wikidata"),
    "municipalities.csv": ("code", "name", "county_code", "wikidata"),
    "municipality_orgnr.csv": ("code", "orgnr"),
    "municipality_official_names.csv": ("code", "official_name"),
    "county_boards.csv": ("county_code", "wikidata", "orgnr"),
    "police_regions.csv": ("region", "county_codes"),
    "authorities.csv": (
        "key", "name_sv", "abbreviation", "public_authority", "classification", "wikidata", "orgnr",
    ),
    "organisation_names.csv": (
        "key", "name_key", "name_sv", "abbreviation", "valid_from", "valid_until",
    ),
}

KOMMUNKOD_RE = re.compile(r"^[0-9]{4}$")
LANSKOD_RE = re.compile(r"^[0-9]{2}$")
ISO_RE = re.compile(r"^SE-[A-Z]{1,2}$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
ORGNR_RE = re.compile(r"^[0-9]{6}-[0-9]{4}$")
KEY_RE = re.compile(r"^[a-z][a-z0-9-]*$")
YEAR_RE = re.compile(r"^[0-9]{4}$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


# --------------------------------------------------------------------------- checks


def luhn_valid(digits: str) -> bool:
    """True when a string of digits passes the Luhn check (the orgnr check digit rule)."""
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def orgnr_problem(orgnr: str) -> str | None:
    """Why an organisationsnummer is unusable, or None when it has the form NNNNNN-NNNN and Luhn."""
    if not ORGNR_RE.match(orgnr):
        return f"orgnr {orgnr!r} is not of the form NNNNNN-NNNN"
    if not luhn_valid(orgnr.replace("-", "")):
        return f"orgnr {orgnr!r} has a wrong check digit (Luhn)"
    return None


def slug(text: str) -> str:
    """ASCII slug of a Swedish name (Öst -> ost), used for police region IRIs."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


# --------------------------------------------------------------------------- parsed facts


@dataclass(frozen=True)
class County:
    """A län: territory, with the länsstyrelse that governs it."""

    code: str
    name: str
    iso3166_2: str
    wikidata: str


@dataclass(frozen=True)
class Municipality:
    """A kommun: authority and territory share the kommunkod."""

    code: str
    name: str
    county_code: str
    wikidata: str
    orgnr: str = ""
    official_name: str = ""


@dataclass(frozen=True)
class CountyBoard:
    """Identifiers of a länsstyrelse, only where verified."""

    county_code: str
    wikidata: str
    orgnr: str


@dataclass(frozen=True)
class PoliceRegion:
    """One of Polismyndigheten's regions and the län it covers."""

    name: str
    slug: str
    county_codes: tuple[str, ...]


@dataclass(frozen=True)
class DatedName:
    """A name an organisation bears or bore, with the years where known."""

    key: str
    name_key: str
    name: str
    abbreviation: str
    valid_from: str
    valid_until: str


@dataclass(frozen=True)
class Authority:
    """A national organisation (Polismyndigheten, Brå, MSB, SKR)."""

    key: str
    name: str
    abbreviation: str
    public_authority: bool
    classification: str
    wikidata: str
    orgnr: str


@dataclass
class ReferenceData:
    """Everything the CSVs say, checked."""

    counties: dict[str, County] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    county_boards: dict[str, CountyBoard] = field(default_factory=dict)
    police_regions: list[PoliceRegion] = field(default_factory=list)
    authorities: dict[str, Authority] = field(default_factory=dict)
    names: list[DatedName] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


class _Rows:
    """Rows of one CSV file with their spreadsheet row numbers, and an error helper."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        self.path = path
        if not path.is_file():
            raise BadInputError(f"{path}: file not found")
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                rows = list(reader)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise BadInputError(f"{path}: cannot read as UTF-8 CSV ({exc})") from None
        if not rows:
            raise BadInputError(f"{path}: empty file, expected a header row")
        header = [name.strip() for name in rows[0]]
        missing = [name for name in columns if name not in header]
        if missing:
            raise BadInputError(f"{path}: missing column(s) {', '.join(missing)}")
        self.records: list[tuple[int, dict[str, str]]] = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise BadInputError(
                    f"{path}, row {number}: {len(row)} fields, the header has {len(header)}"
                )
            values = {name: (row[i].strip() if i < len(row) else "") for i, name in
                      enumerate(header)}
            self.records.append((number, values))

    def fail(self, number: int, problem: str) -> BadInputError:
        """An error naming this file, the row and the problem."""
        return BadInputError(f"{self.path}, row {number}: {problem}")

    def new_key(self, number: int, value: str, pattern: re.Pattern[str], what: str,
                shape: str, seen: Iterable[str]) -> str:
        """A key of the given shape (``what`` names it) that no earlier row has."""
        if not pattern.match(value):
            raise self.fail(number, f"{what} {value!r} is not {shape}")
        if value in seen:
            raise self.fail(number, f"duplicate {what} {value!r}")
        return value

    def required(self, number: int, values: dict[str, str], column: str) -> str:
        """The value of a column that must not be empty."""
        value = values[column]
        if not value:
            raise self.fail(number, f"empty {column}")
        return value

    def qid(self, number: int, value: str, *, required: bool) -> str:
        """A Wikidata id (Q<digits>), or '' where optional and empty."""
        if not value and not required:
            return ""
        if not QID_RE.match(value):
            raise self.fail(number, f"Wikidata id {value!r} is not Q<digits>")
        return value

    def orgnr(self, number: int, value: str, *, required: bool) -> str:
        """An organisationsnummer with a valid check digit, or '' where optional and empty."""
        if not value and not required:
            return ""
        problem = orgnr_problem(value)
        if problem:
            raise self.fail(number, problem)
        return value


def _read_counties(rows: _Rows, data: ReferenceData) -> None:
    for number, values in rows.records:
        code = rows.new_key(number, values["code"], LANSKOD_RE, "länskod", "2 digits",
                            data.counties)
        iso = rows.required(number, values, "iso3166_2")
        if not ISO_RE.match(iso):
            raise rows.fail(number, f"ISO 3166-2 code {iso!r} is not of the form SE-X or SE-XX")
        data.counties[code] = County(
            code=code,
            name=rows.required(number, values, "name"),
            iso3166_2=iso,
            wikidata=rows.qid(number, values["wikidata"], required=False),
        )


def _read_municipalities(rows: _Rows, data: ReferenceData) -> None:
    for number, values in rows.records:
        code = rows.new_key(number, values["code"], KOMMUNKOD_RE, "kommunkod", "4 digits",
                            data.municipalities)
        county = values["county_code"]
        if county not in data.counties:
            raise rows.fail(number, f"unknown county {county!r} (not in counties.csv)")
        if not code.startswith(county):
            raise rows.fail(
                number, f"kommunkod {code!r} does not begin with its länskod {county!r}"
            )
        county_name = values.get("county_name", "")
        if county_name and county_name != data.counties[county].name:
            raise rows.fail(
                number,
                f"county_name {county_name!r} differs from {data.counties[county].name!r} "
                f"for länskod {county!r} in counties.csv",
            )
        data.municipalities[code] = Municipality(
            code=code,
            name=rows.required(number, values, "name"),
            county_code=county,
            wikidata=rows.qid(number, values["wikidata"], required=False),
        )


def _known_municipality(rows: _Rows, data: ReferenceData, number: int, code: str) -> str:
    if not KOMMUNKOD_RE.match(code):
        raise rows.fail(number, f"kommunkod {code!r} is not 4 digits")
    if code not in data.municipalities:
        raise rows.fail(number, f"unknown kommunkod {code!r} (not in municipalities.csv)")
    return code


def _read_per_municipality(rows: _Rows, data: ReferenceData, field: str,
                           value: Callable[[int, dict[str, str]], str]) -> None:
    """One value per known kommun (at most one row each) into the Municipality ``field``."""
    seen: set[str] = set()
    for number, values in rows.records:
        code = _known_municipality(rows, data, number, values["code"])
        if code in seen:
            raise rows.fail(number, f"duplicate kommunkod {code!r}")
        seen.add(code)
        old = data.municipalities[code]
        data.municipalities[code] = replace(old, **{field: value(number, values)})


def _read_municipality_orgnr(rows: _Rows, data: ReferenceData) -> None:
    _read_per_municipality(rows, data, "orgnr",
                           lambda n, values: rows.orgnr(n, values["orgnr"], required=True))


def _read_official_names(rows: _Rows, data: ReferenceData) -> None:
    _read_per_municipality(rows, data, "official_name",
                           lambda n, values: rows.required(n, values, "official_name"))


def _read_county_boards(rows: _Rows, data: ReferenceData) -> None:
    for number, values in rows.records:
        code = values["county_code"]
        if not LANSKOD_RE.match(code):
            raise rows.fail(number, f"länskod {code!r} is not 2 digits")
        if code not in data.counties:
            raise rows.fail(number, f"unknown county {code!r} (not in counties.csv)")
        if code in data.county_boards:
            raise rows.fail(number, f"duplicate länskod {code!r}")
        data.county_boards[code] = CountyBoard(
            county_code=code,
            wikidata=rows.qid(number, values["wikidata"], required=False),
            orgnr=rows.orgnr(number, values["orgnr"], required=False),
        )


def _read_police_regions(rows: _Rows, data: ReferenceData) -> None:
    covered: dict[str, str] = {}
    slugs: set[str] = set()
    for number, values in rows.records:
        name = rows.required(number, values, "region")
        region_slug = slug(name)
        if not region_slug or region_slug in slugs:
            raise rows.fail(number, f"duplicate police region {name!r}")
        slugs.add(region_slug)
        codes = [code.strip() for code in values["county_codes"].split(";") if code.strip()]
        if not codes:
            raise rows.fail(number, "empty county_codes")
        for code in codes:
            if not LANSKOD_RE.match(code):
                raise rows.fail(number, f"länskod {code!r} is not 2 digits")
            if code not in data.counties:
                raise rows.fail(number, f"unknown county {code!r} (not in counties.csv)")
            if code in covered:
                raise rows.fail(
                    number, f"duplicate county {code!r}: already in police region {covered[code]}"
                )
            covered[code] = name
        names = [part.strip() for part in values.get("county_names", "").split(";") if part.strip()]
        if names and names != [data.counties[code].name for code in codes]:
            raise rows.fail(number, "county_names do not match the county_codes in counties.csv")
        data.police_regions.append(PoliceRegion(name, region_slug, tuple(codes)))
    uncovered = sorted(set(data.counties) - set(covered))
    if uncovered:
        raise BadInputError(f"{rows.path}: no police region covers county {', '.join(uncovered)}")


def _read_authorities(rows: _Rows, data: ReferenceData) -> None:
    for number, values in rows.records:
        key = rows.new_key(number, values["key"], KEY_RE, "key", "a lower-case ASCII slug",
                           data.authorities)
        public = values["public_authority"]
        if public not in ("yes", "no"):
            raise rows.fail(number, f"public_authority {public!r} is not yes or no")
        classification = values["classification"]
        if classification and not KEY_RE.match(classification):
            raise rows.fail(
                number, f"classification {classification!r} is not an org-type slug"
            )
        data.authorities[key] = Authority(
            key=key,
            name=rows.required(number, values, "name_sv"),
            abbreviation=values["abbreviation"],
            public_authority=public == "yes",
            classification=classification,
            wikidata=rows.qid(number, values["wikidata"], required=False),
            orgnr=rows.orgnr(number, values["orgnr"], required=False),
        )


def _read_names(rows: _Rows, data: ReferenceData) -> None:
    seen: set[tuple[str, str]] = set()
    for number, values in rows.records:
        key = values["key"]
        if key not in data.authorities:
            raise rows.fail(number, f"unknown organisation key {key!r} (not in authorities.csv)")
        name_key = values["name_key"]
        if not KEY_RE.match(name_key):
            raise rows.fail(number, f"name_key {name_key!r} is not a lower-case ASCII slug")
        if (key, name_key) in seen:
            raise rows.fail(number, f"duplicate name_key {name_key!r} for {key!r}")
        seen.add((key, name_key))
        for column in ("valid_from", "valid_until"):
            value = values[column]
            if value and not (YEAR_RE.match(value) or DATE_RE.match(value)):
                raise rows.fail(number, f"{column} {value!r} is not YYYY or YYYY-MM-DD")
        start, end = values["valid_from"], values["valid_until"]
        if start and end and start[:4] > end[:4]:
            raise rows.fail(number, f"valid_from {start} is after valid_until {end}")
        data.names.append(
            DatedName(
                key=key,
                name_key=name_key,
                name=rows.required(number, values, "name_sv"),
                abbreviation=values["abbreviation"],
                valid_from=start,
                valid_until=end,
            )
        )


def _check_unique_identifiers(data: ReferenceData, input_dir: Path) -> None:
    """The same Wikidata item or orgnr on two organisations is a copy-paste error."""
    owners: dict[str, str] = {}

    def claim(value: str, owner: str) -> None:
        if not value:
            return
        if value in owners:
            raise BadInputError(
                f"{input_dir}: {value} is given for both {owners[value]} and {owner}"
            )
        owners[value] = owner

    for county in data.counties.values():
        claim(county.wikidata, f"län {county.code}")
    for kommun in data.municipalities.values():
        claim(kommun.wikidata, f"kommun {kommun.code}")
        claim(kommun.orgnr, f"kommun {kommun.code}")
    for board in data.county_boards.values():
        claim(board.wikidata, f"länsstyrelse {board.county_code}")
        claim(board.orgnr, f"länsstyrelse {board.county_code}")
    for authority in data.authorities.values():
        claim(authority.wikidata, authority.key)
        claim(authority.orgnr, authority.key)


def read_reference(input_dir: Path) -> ReferenceData:
    """Read and check every reference CSV in ``input_dir``; BadInputError on the first fault."""
    input_dir = Path(input_dir)
    if not input_dir.is_dir():
        raise BadInputError(f"{input_dir}: not a directory")
    data = ReferenceData()
    readers = (
        ("counties.csv", _read_counties),
        ("municipalities.csv", _read_municipalities),
        ("municipality_orgnr.csv", _read_municipality_orgnr),
        ("municipality_official_names.csv", _read_official_names),
        ("county_boards.csv", _read_county_boards),
        ("police_regions.csv", _read_police_regions),
        ("authorities.csv", _read_authorities),
        ("organisation_names.csv", _read_names),
    )
    for name, reader in readers:
        reader(_Rows(input_dir / name, FILES[name]), data)
    _check_unique_identifiers(data, input_dir)
    return data


# --------------------------------------------------------------------------- RDF terms


def _iri(local: str) -> str:
    return ID + local


def _str(value: str) -> Lit:
    return Lit(value)


def _sv(value: str) -> Lit:
    return Lit(value, lang="sv")


def _date(value: str) -> Lit:
    return Lit(value, datatype=XSD + ("gYear" if YEAR_RE.match(value) else "date"))


def dataportal_iri(orgnr: str) -> str:
    """Sveriges dataportal's IRI for the organisation with this organisationsnummer."""
    return DATAPORTAL + orgnr.replace("-", "")


def police_region_iri(region_slug: str) -> str:
    """IRI of a police region (id:org/polismyndigheten/region/<slug>)."""
    return _iri(f"org/polismyndigheten/region/{region_slug}")


Triples = set[tuple[str, str, Term]]


def _identifiers(triples: Triples, subject: str, wikidata: str, orgnr: str) -> None:
    if wikidata:
        triples.add((subject, SAM + "wikidata", WD + wikidata))
    if orgnr:
        triples.add((subject, SAM + "orgnr", _str(orgnr)))
        triples.add((subject, SAM + "dataportalOrganisation", dataportal_iri(orgnr)))


def police_region_triples(data: ReferenceData, triples: Triples) -> dict[str, str]:
    """The police regions; returns the region IRI of each länskod."""
    region_of: dict[str, str] = {}
    for region in data.police_regions:
        subject = police_region_iri(region.slug)
        triples.add((subject, RDF_TYPE, ORG + "OrganizationalUnit"))
        triples.add((subject, SKOS + "prefLabel", _sv(f"Polisregion {region.name}")))
        triples.add((subject, ORG + "unitOf", _iri("org/polismyndigheten")))
        triples.add((subject, ORG + "classification", ORGTYPE + "polisregion"))
        for code in region.county_codes:
            triples.add((subject, SAM + "coversCounty", _iri(f"area/lan/{code}")))
            region_of[code] = subject
    return region_of


def county_triples(data: ReferenceData, triples: Triples, region_of: dict[str, str]) -> None:
    """Each län (the territory) and its länsstyrelse (the authority)."""
    for county in data.counties.values():
        area = _iri(f"area/lan/{county.code}")
        triples.add((area, RDF_TYPE, SAM + "County"))
        triples.add((area, SKOS + "prefLabel", _sv(county.name)))
        triples.add((area, SAM + "countyCode", _str(county.code)))
        triples.add((area, SAM + "iso3166_2", _str(county.iso3166_2)))
        if county.wikidata:
            triples.add((area, SAM + "wikidata", WD + county.wikidata))
        triples.add((area, SAM + "policeRegion", region_of[county.code]))
        board = _iri(f"lansstyrelse/{county.code}")
        triples.add((board, RDF_TYPE, CV + "PublicOrganisation"))
        triples.add((board, ORG + "classification", ORGTYPE + "lansstyrelse"))
        triples.add((board, SKOS + "prefLabel", _sv(f"Länsstyrelsen i {county.name}")))
        triples.add((board, SAM + "governs", area))
        known = data.county_boards.get(county.code)
        if known:
            _identifiers(triples, board, known.wikidata, known.orgnr)


def municipality_triples(data: ReferenceData, triples: Triples) -> None:
    """Each kommun: the authority and the territory it governs."""
    for kommun in data.municipalities.values():
        authority = _iri(f"kommun/{kommun.code}")
        area = _iri(f"area/kommun/{kommun.code}")
        county = _iri(f"area/lan/{kommun.county_code}")
        triples.add((authority, RDF_TYPE, SAM + "Municipality"))
        triples.add((authority, SKOS + "prefLabel", _sv(kommun.name)))
        if kommun.official_name:
            triples.add((authority, SAM + "officialName", _sv(kommun.official_name)))
        triples.add((authority, SAM + "municipalityCode", _str(kommun.code)))
        triples.add((authority, SAM + "governs", area))
        triples.add((authority, SAM + "inCounty", county))
        triples.add((authority, ORG + "classification", ORGTYPE + "kommun"))
        triples.add((authority, SAM + "koladaId", _str(kommun.code)))
        triples.add((authority, SAM + "lauId", _str(f"SE_{kommun.code}")))
        _identifiers(triples, authority, kommun.wikidata, kommun.orgnr)
        triples.add((area, RDF_TYPE, SAM + "MunicipalityArea"))
        triples.add((area, SKOS + "prefLabel", _sv(kommun.name)))
        triples.add((area, SAM + "municipalityCode", _str(kommun.code)))
        triples.add((area, SAM + "withinCounty", county))


def authority_triples(data: ReferenceData, triples: Triples) -> None:
    """The national organisations and their dated names."""
    for authority in data.authorities.values():
        subject = _iri(f"org/{authority.key}")
        kind = CV + "PublicOrganisation" if authority.public_authority else ORG + \
            "FormalOrganization"
        triples.add((subject, RDF_TYPE, kind))
        triples.add((subject, SKOS + "prefLabel", _sv(authority.name)))
        if authority.classification:
            triples.add((subject, ORG + "classification", ORGTYPE + authority.classification))
        if authority.abbreviation:
            triples.add((subject, SKOS + "altLabel", _sv(authority.abbreviation)))
        _identifiers(triples, subject, authority.wikidata, authority.orgnr)
    for name in data.names:
        subject = _iri(f"org/{name.key}/name/{name.name_key}")
        triples.add((_iri(f"org/{name.key}"), SAM + "hasName", subject))
        triples.add((subject, RDF_TYPE, SAM + "DatedName"))
        triples.add((subject, SAM + "name", _sv(name.name)))
        if name.abbreviation:
            triples.add((subject, SAM + "abbreviation", _str(name.abbreviation)))
        if name.valid_from:
            triples.add((subject, SAM + "validFrom", _date(name.valid_from)))
        if name.valid_until:
            triples.add((subject, SAM + "validUntil", _date(name.valid_until)))


def reference_triples(data: ReferenceData) -> list[tuple[str, str, Term]]:
    """Every triple of graph:reference, sorted, without blank nodes."""
    triples: Triples = set()
    region_of = police_region_triples(data, triples)
    county_triples(data, triples, region_of)
    municipality_triples(data, triples)
    authority_triples(data, triples)
    return sorted(triples, key=_sort_key)


def _sort_key(triple: tuple[str, str, Term]) -> tuple[str, int, str, str]:
    subject, predicate, obj = triple
    first = 0 if predicate == RDF_TYPE else 1
    rendered = obj if isinstance(obj, str) else f"{obj.value}\x00{obj.lang}\x00{obj.datatype}"
    return (subject, first, predicate, rendered)


# the prefixes the reference TriG uses
REFERENCE_PREFIXES = ("cv", "graph", "org", "orgtype", "sam", "skos", "wd", "xsd")

REFERENCE_HEADER = """\
Reference layer of samverkan: kommuner, län, länsstyrelser, national organisations and police
regions, with their identifiers. GENERATED by `samverkan reference import` from the CSV files
beside this one: edit the CSVs, not this file."""


def reference_trig(data: ReferenceData, triples: list[tuple[str, str, Term]] | None = None
                   ) -> str:
    """The TriG text of graph:reference for checked reference data."""
    if triples is None:
        triples = reference_triples(data)
    return render_trig(triples, REFERENCE_GRAPH, REFERENCE_HEADER, REFERENCE_PREFIXES)


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote, for the one-line report of the CLI."""

    output: Path
    municipalities: int
    counties: int
    police_regions: int
    organisations: int
    triples: int


def import_reference(input_dir: Path, output: Path) -> ImportSummary:
    """Check the CSVs in ``input_dir`` and write the TriG to ``output``; nothing on error."""
    data = read_reference(Path(input_dir))
    triples = reference_triples(data)
    write_text(Path(output), reference_trig(data, triples))
    return ImportSummary(
        output=Path(output),
        municipalities=len(data.municipalities),
        counties=len(data.counties),
        police_regions=len(data.police_regions),
        organisations=len(data.authorities),
        triples=len(triples),
    )


def default_reference_dir() -> Path:
    """The shipped folder holding the reference CSVs and reference.trig."""
    from samverkan.paths import resource_dir

    return resource_dir("data") / "reference"
