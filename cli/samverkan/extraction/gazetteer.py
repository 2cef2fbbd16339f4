"""Gazetteers from the project's own data: role labels, kommuner, län, authorities, first names.

There is one source of truth for each list: role labels come from the role concepts (and their
altLabels) in ``ontology/vocabularies.ttl``; kommuner, län and national authorities from the
reference CSVs in ``data/reference/``; the shipped ``data/`` files of this package add what the
graph does not model (first names, further named organisations). Loading takes milliseconds and
is cached per process.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import resource_dir

ID = "https://w3id.org/samverkan/id/"
ROLE_NS = "https://w3id.org/samverkan/vocab/role/"
_HERE = Path(__file__).resolve().parent / "data"

#: The role concepts the extractor proposes posts for (local names in the role scheme). The gold
#: format of the development set uses their Swedish labels; säkerhetskoordinator, an altLabel of
#: säkerhetssamordnare in the vocabulary, is kept as its own role word there.
EXTRACTED_ROLES = (
    "sakerhetschef", "sakerhetssamordnare", "sakerhetsstrateg", "beredskapssamordnare",
    "kommunpolis", "kommunstyrelsens-ordforande", "kommunalrad", "raddningschef",
    "brottsforebyggande-samordnare",
)
#: Labels that stay role words of their own in the output (the ten words of the gold format).
OWN_ROLE_WORDS = {"säkerhetskoordinator"}

#: Bare place names that are also common words or surnames: a kommun only with "kommun" after.
AMBIGUOUS_PLACES = {"Mark", "Berg", "Kil", "Vara", "Ale", "Salem", "Lund", "Boden", "Bjuv",
                    "Heby", "Mora", "Sala", "Tanum", "Hjo", "Eda", "Åre"}


#: Output names the gold format fixes for two authorities, whatever the text wrote.
OUTPUT_NAMES = {"polismyndigheten": "Polisen", "bra": "Brå"}


@dataclass(frozen=True)
class Role:
    """A role label as the text may write it, with the role word it maps to and its concept."""

    word: str
    concept: str


@dataclass(frozen=True)
class Kommun:
    """A kommun of the reference data: its code, place name and name in the output format."""

    code: str
    name: str
    output: str

    @property
    def iri(self) -> str:
        """The kommun as an organisation in the graph (not its territory, area/kommun/…)."""
        return f"{ID}kommun/{self.code}"


@dataclass
class Gazetteer:
    """Every list the patterns look words up in."""

    roles: dict[tuple[str, ...], Role] = field(default_factory=dict)
    kommuner: dict[tuple[str, ...], Kommun] = field(default_factory=dict)
    by_code: dict[str, Kommun] = field(default_factory=dict)
    counties: dict[str, str] = field(default_factory=dict)
    organisations: dict[tuple[str, ...], tuple[str, str | None, bool]] = field(default_factory=dict)
    authority_iris: dict[str, str] = field(default_factory=dict)
    first_names: dict[str, str] = field(default_factory=dict)
    _iris: dict[str, str] = field(default_factory=dict)

    def kommun_output(self, code: str) -> str:
        """The output name of a kommun by its code ("0980" → "Region Gotland")."""
        return self.by_code[code].output

    def iri_by_output(self) -> dict[str, str]:
        """Graph IRIs of organisation names as output: kommuner and national authorities."""
        if not self._iris:
            for kommun in self.by_code.values():
                self._iris[kommun.output] = kommun.iri
            for output, key, _cs in self.organisations.values():
                if key and key in self.authority_iris:
                    self._iris.setdefault(output, self.authority_iris[key])
        return self._iris


def _inflections(word: str) -> set[str]:
    """Inflected forms of a one-word Swedish title (definite, plural, genitive)."""
    forms = {word, word + "s"}
    if word.endswith("e"):  # samordnare, ordförande
        stem = word[:-1]
        forms |= {word + "n", word + "ns", stem + "na", stem + "nas"}
    elif word.endswith("råd"):
        forms |= {word + "et", word + "ets", word + "en", word + "ens"}
    elif word.endswith("or"):  # koordinator
        forms |= {word + "n", word + "ns", word + "er", word + "erna", word + "ernas"}
    else:  # chef, strateg, polis
        forms |= {word + "en", word + "ens", word + "er", word + "erna", word + "ernas"}
    return forms


def _title_forms(label: str) -> set[tuple[str, ...]]:
    words = label.lower().split()
    if len(words) == 1:
        return {(form,) for form in _inflections(words[0])}
    head, last = words[:-1], words[-1]
    if words[1] in ("för", "i", "vid"):  # "samordnare för …", "ordförande i kommunstyrelsen"
        return {(form, *words[1:]) for form in _inflections(words[0])}
    forms = {(*head, form) for form in _inflections(last)}
    if head[0].endswith("ens"):  # "kommunstyrelsernas ordförande" for several kommuner
        forms |= {(head[0][:-3] + "ernas", *head[1:], form) for form in _inflections(last)}
    return forms


def _load_roles(gaz: Gazetteer) -> None:
    import pyoxigraph as ox

    path = resource_dir("ontology") / "vocabularies.ttl"
    labels: dict[str, dict[str, list[str]]] = {}
    pref = "http://www.w3.org/2004/02/skos/core#prefLabel"
    alt = "http://www.w3.org/2004/02/skos/core#altLabel"
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        subject = triple.subject.value
        if not subject.startswith(ROLE_NS) or triple.predicate.value not in (pref, alt):
            continue
        literal = triple.object
        if getattr(literal, "language", None) != "sv":
            continue
        kind = "pref" if triple.predicate.value == pref else "alt"
        labels.setdefault(subject[len(ROLE_NS):], {}).setdefault(kind, []).append(literal.value)
    for local in EXTRACTED_ROLES:
        found = labels.get(local)
        if not found or not found.get("pref"):
            raise ValueError(f"role concept {local} has no Swedish prefLabel in {path.name}")
        word = found["pref"][0]
        for label in found["pref"] + found.get("alt", []):
            own = label.lower() if label.lower() in OWN_ROLE_WORDS else word
            role = Role(own, ROLE_NS + local)
            if label.isupper():  # an abbreviation such as KSO: only as written
                gaz.roles[(label,)] = role
                continue
            for form in _title_forms(label):
                gaz.roles[form] = role


def _csv_rows(name: str) -> list[dict[str, str]]:
    with open(resource_dir("data") / "reference" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def genitive(place: str) -> str:
    """The genitive of a place name as kommun names use it (Arjeplogs, Gävle, Hofors)."""
    if place == "Falun":
        return "Falu"
    if place == "Orust" or place[-1] in "aeiouyåäösxz":
        return place
    return place + "s"


def _load_places(gaz: Gazetteer) -> None:
    for row in _csv_rows("municipalities.csv"):
        name, code = row["name"], row["code"]
        output = "Region Gotland" if code == "0980" else f"{genitive(name)} kommun"
        kommun = Kommun(code, name, output)
        gaz.by_code[code] = kommun
        for form in {name, genitive(name), name + "s"}:
            gaz.kommuner[tuple(form.split())] = kommun
    for row in _csv_rows("counties.csv"):
        gaz.counties[row["name"].removesuffix(" län")] = row["code"]
    # national organisations and their names over time, as the reference data gives them
    for row in _csv_rows("authorities.csv") + _csv_rows("organisation_names.csv"):
        key = row["key"]
        gaz.authority_iris[key] = f"{ID}org/{key}"
        output_name = OUTPUT_NAMES.get(key)
        if row.get("name_sv"):
            gaz.organisations[tuple(row["name_sv"].split())] = (output_name or row["name_sv"],
                                                                key, False)
        if row.get("abbreviation"):
            gaz.organisations[(row["abbreviation"],)] = (output_name or row["abbreviation"],
                                                         key, True)


def _load_organisations(gaz: Gazetteer) -> None:
    with open(_HERE / "organisations.tsv", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            surface, output, key, *rest = (line.rstrip("\n").split("\t") + ["", ""])[:4]
            gaz.organisations[tuple(surface.split())] = (output, key or None,
                                                         (rest[0] if rest else "") == "cs")


def _load_first_names(gaz: Gazetteer) -> None:
    with open(_HERE / "first_names.txt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                name, gender = line.rstrip("\n").split("\t")
                gaz.first_names[name] = gender


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """All lists, loaded once per process."""
    gaz = Gazetteer()
    _load_roles(gaz)
    _load_places(gaz)
    _load_organisations(gaz)
    _load_first_names(gaz)
    return gaz
