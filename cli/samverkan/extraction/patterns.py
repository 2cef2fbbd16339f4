"""Tokens and tagged elements of a sentence: roles, names, organisations, places, pronouns.

The only regular expressions are the tokenizer and small fixed word tests; every multi-word
pattern is matched by walking the token list, so the time per sentence is linear in its length
(no backtracking regular expression over free text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gazetteer import AMBIGUOUS_PLACES, Gazetteer, Kommun, Role

_TOKEN = re.compile(r"\w+(?:[-–:’']\w+)*-?|[^\w\s]")
_CAP = re.compile(r"[A-ZÅÄÖÉÜØÆ][\w'’–-]*[a-zåäöéüøæ]")

#: Capitalised words that start sentences or headings and are never names or places.
STOP_CAP = {
    "Den", "Det", "De", "Dem", "En", "Ett", "Han", "Hon", "Jag", "Vi", "Ni", "Du", "Man", "Nu",
    "Här", "Där", "Då", "Men", "Och", "Som", "Att", "För", "Från", "Med", "Till", "Under",
    "Efter", "Inför", "Sedan", "Foto", "Bild", "Text", "Kommunen", "Kommunens", "Staden",
    "Stadens", "Polisen", "Regionen", "Kommun", "Kommuner", "Stad", "Region", "Länsstyrelsen",
    "Vår", "Våra", "Mitt", "Min", "Hans", "Hennes", "Dela", "Sök", "Meny", "Annons", "Läs",
    "Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti", "September",
    "Oktober", "November", "December", "Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag",
    "Lördag", "Söndag", "Sverige", "Sveriges", "Europa", "Stockholm", "Nytt", "Ny", "Nya",
    "Vad", "Vem", "Hur", "Varför", "Alla", "Många", "Flera", "Enligt", "Samtidigt", "Dessutom",
    "Tidigare", "Numera", "Säkerhetschef", "Kommunpolis",
    "Hos", "Vid", "På", "Om", "Av", "Inom", "Bland", "Genom", "Mot", "Utan", "Mellan", "Trots",
    "Kring", "Runt", "Över", "Utöver", "Bakom", "Framför", "Hit", "Dit", "Så", "Också",
    "Även", "Bara", "Redan", "Ändå", "Eftersom", "Medan", "När", "Innan", "Fast", "Eller",
    "Både", "Varje", "Ingen", "Inga", "Inget", "Någon", "Några", "Något", "Denna", "Detta",
    "Dessa", "Sin", "Sina", "Sitt", "Deras", "Vårt", "Ert", "Era", "Idag", "Igår", "Imorgon",
}
#: Words that may stand between a name and the comma-title that follows it, or before a title.
MODIFIERS = {
    "ny", "nya", "nye", "nyblivne", "nyblivna", "nyanställd", "nyanställda", "nyanställde",
    "nuvarande", "tidigare", "före", "detta", "f.d.", "fd", "dåvarande", "förre", "förutvarande",
    "tillförordnad", "tillförordnade", "tf", "t.f.", "blivande", "tillträdande", "kommunens",
    "stadens", "regionens", "förbundets", "länets", "myndighetens", "polisens", "avgående",
    "pensionerade", "pensionerad", "numera", "även", "också", "sedan", "länge", "ansvarig",
    "båda", "två", "tre", "de", "den", "det", "nyutnämnd", "nyutnämnde", "nyutnämnda",
    "nyrekryterade", "utsedd", "utsedda", "kvarvarande", "egen", "egna",
}
DEPUTY = {"biträdande", "bitr", "ställföreträdande", "stf", "vice", "assisterande", "extra"}
PREVIOUS_BEFORE = {"tidigare", "förre", "detta", "f.d.", "fd", "dåvarande", "förutvarande",
                   "avgående", "pensionerade", "pensionerad", "avgångne", "före"}
PRONOUNS = {"han": "m", "hon": "f", "jag": "self"}
KOMMUN_WORDS = {"kommun", "kommuns", "kommuner", "kommuners", "stad", "stads", "kommunerna"}
LIST_JOINERS = {",", "och", "samt", "respektive", "&"}
PREPOSITIONS = {"i", "på", "vid", "för", "hos", "inom"}
PARTIES = {"S", "M", "C", "L", "V", "KD", "MP", "SD", "FP", "Kd", "Mp", "Sd", "Fp"}
ROLE_HEADS = ("samordnare", "koordinator", "strateg", "chef", "polis", "ordförande")

_POLICE_UNIT_WORDS = {"lokalpolisområde", "lokalpolisområdet", "lpo", "polisområde",
                      "polisområdet", "polisregion", "närpolisområde"}
_RESCUE_PREFIX = {"Räddningstjänsten", "Räddningstjänstförbundet", "Brandkåren",
                  "Kommunalförbundet", "Kommunförbundet", "Brandförsvaret"}
_LOWER_STARTS = {"brottsförebyggande", "länsstyrelsen", "länsstyrelsens", "lokalpolisområde",
                 "lokalpolisområdet", "polisområde", "polisområdet", "polisregion",
                 "närpolisområde"}
_BODY_PREFIX = {"Föreningen", "Stiftelsen", "Samordningsförbundet"}
_RESCUE_SUFFIX = {"räddningstjänst", "räddningstjänstförbund", "brandförsvar",
                  "brandförsvarsförbund", "räddningstjänsten"}
_MEDIA_SUFFIX = {"Tidning", "Tidningen", "Dagblad", "Dagbladet", "Allehanda", "Kuriren",
                 "Posten"}
_ORG_SUFFIXES = ("departementet", "verket", "myndigheten", "inspektionen", "högskolan")
_INTERNAL = ("kommun", "stads", "förvaltning")
#: Endings of definite nouns and institutions, never of a surname in an unknown name.
_NOUN_ENDINGS = ("regionen", "en", "et", "rna", "erna", "arna", "verket", "tjänst", "förbund",
                 "kommun", "stad", "polis")


@dataclass
class Token:
    """A word or punctuation mark with its place in the sentence."""

    text: str
    start: int
    end: int
    low: str = ""

    def __post_init__(self) -> None:
        self.low = self.text.lower()


@dataclass
class Org:
    """A named organisation as it will be output, with its reference IRI where known."""

    name: str
    iri: str | None = None
    kind: str = "other"  # kommun | police | police-unit | lansstyrelse | rescue | other
    kommun: Kommun | None = None


@dataclass(eq=False)
class Element:
    """A tagged span of tokens: ROLE, NAME, ORG, PLACE, PRON, PARTY, W (word) or P (punct)."""

    kind: str
    i: int
    j: int
    text: str
    low: str = ""
    roles: list[Role] = field(default_factory=list)
    compound: str | None = None
    deputy: bool = False
    plural: bool = False
    org: Org | None = None
    places: list[Kommun] = field(default_factory=list)
    explicit: bool = False
    genitive: bool = False
    respektive: bool = False
    name: str = ""
    strong: bool = True
    gender: str = "u"


def tokenize(text: str) -> list[Token]:
    """Words (with inner hyphens, dashes and colons) and single punctuation marks."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_cap(word: str) -> bool:
    """A capitalised word with lower-case letters (a name part), not an abbreviation."""
    return bool(_CAP.fullmatch(word)) and not word.isupper()


class Tagger:
    """Turns a sentence into elements using the gazetteer."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.max_role = max(len(k) for k in gaz.roles)
        self.max_org = max(len(k) for k in gaz.organisations)
        self.max_kommun = max(len(k) for k in gaz.kommuner)
        self.orgs_lower = {tuple(w.lower() for w in k): v for k, v in gaz.organisations.items()
                           if not v[2]}
        # first words of every multi-word key: most tokens start nothing and are skipped fast
        self.role_first = {k[0] for k in gaz.roles} | {k[0].lower() for k in gaz.roles}
        self.org_first = {k[0] for k in gaz.organisations} | {k[0] for k in self.orgs_lower}
        self.kommun_first = {k[0] for k in gaz.kommuner}

    # --- single matchers: each returns (element, next index) or None --------------------------

    def _role_at(self, toks: list[Token], i: int) -> tuple[list[Role], int, str] | None:
        if toks[i].low not in self.role_first and toks[i].text not in self.role_first:
            return None
        for n in range(min(self.max_role, len(toks) - i), 0, -1):
            words = toks[i:i + n]
            key = tuple(t.low for t in words)
            role = self.gaz.roles.get(key) or self.gaz.roles.get(tuple(t.text for t in words))
            if role:
                return [role], i + n, " ".join(t.text for t in words)
        return None

    def _head_split(self, prefix: str, second: str) -> Role | None:
        """The role named by the first half of a compound title (beredskaps- och säkerhets…)."""
        low = second.lower()
        for head in ROLE_HEADS:
            at = low.find(head)
            if at > 0:
                for glue in ("", "s"):
                    role = self.gaz.roles.get(((prefix + glue + head).lower(),))
                    if role:
                        return role
                role = self.gaz.roles.get(((prefix.rstrip("s") + head).lower(),))
                return role
        return None

    def _base(self, role: Role, written: str) -> str:
        return role.word if written.lower() != role.word else written

    def role(self, toks: list[Token], i: int) -> tuple[Element, int] | None:
        """A role title at ``i``: plain, inflected, a compound ("räddnings- och …") or "a/b"."""
        tok = toks[i]
        # compound: "beredskaps- och säkerhetssamordnare", "räddnings- och säkerhetschefen"
        if tok.text.endswith("-") and i + 2 < len(toks) and toks[i + 1].low in ("och", "eller"):
            found = self._role_at(toks, i + 2)
            if found:
                roles, end, written = found
                first = self._head_split(tok.text[:-1], toks[i + 2].text)
                title = f"{tok.text} {toks[i + 1].text} {roles[0].word}"
                all_roles = ([first] if first else []) + roles
                return self._role_element(toks, i, end, all_roles, title if first else None), end
        found = self._role_at(toks, i)
        if found:
            roles, end, written = found
            compound = None
            if end + 1 < len(toks) and toks[end].text == "/":  # räddningschef/förbundsdirektör
                other = self._role_at(toks, end + 1)
                compound = f"{written}/{toks[end + 1].text}"
                if other:
                    roles = roles + other[0]
                    end = other[1]
                else:
                    end += 2
            return self._role_element(toks, i, end, roles, compound), end
        # "förbundsdirektör/räddningschef", "Förbunds/räddningschef"
        if i + 2 < len(toks) and toks[i + 1].text == "/" and tok.text[:1].isalpha():
            found = self._role_at(toks, i + 2)
            if found:
                roles, end, _ = found
                first = self._head_split(tok.text, toks[i + 2].text) if len(tok.text) > 2 else None
                if first and first not in roles and tok.low.endswith("s"):
                    roles = [first] + roles
                title = f"{tok.text}/{roles[-1].word}"
                return self._role_element(toks, i, end, roles, title), end
        return None

    def _role_element(self, toks: list[Token], i: int, end: int, roles: list[Role],
                      compound: str | None) -> Element:
        text = " ".join(t.text for t in toks[i:end])
        last = toks[end - 1].low
        plural = (last.endswith(("erna", "er", "arna", "na")) and not last.endswith("ordförande")
                  ) or toks[i].low.endswith("ernas")
        el = Element("ROLE", i, end, text, text.lower(), roles=roles, compound=compound,
                     plural=plural)
        if end + 1 < len(toks) and toks[end].low == "i" and toks[end + 1].low == "beredskap":
            el.deputy = True  # "räddningschef i beredskap" (RCB) is a duty, not the post
        back = [t.low.rstrip(".") for t in toks[max(0, i - 2):i] if t.text != "."]
        if back and (back[-1] in DEPUTY or (len(back) > 1 and back[-2] in DEPUTY
                                            and back[-1] in MODIFIERS)):
            el.deputy = True
        return el

    def organisation(self, toks: list[Token], i: int, first: bool) -> tuple[Element, int] | None:
        """A named organisation at ``i`` (gazetteer, länsstyrelse, police unit, shapes)."""
        tok = toks[i]
        gaz = self.gaz
        starts = tok.text in self.org_first or tok.low in self.org_first
        if not starts and not tok.text[0].isupper() and tok.low not in _LOWER_STARTS \
                and tok.low[:-1] not in self.org_first:  # "regeringens", "polisens"
            return None  # most words start no organisation: the fast path
        for n in range(min(self.max_org, len(toks) - i) if starts else 1, 0, -1):
            words = toks[i:i + n]
            exact = gaz.organisations.get(tuple(t.text for t in words))
            if exact is None:
                exact = self.orgs_lower.get(tuple(t.low for t in words))
            if exact is None and n == 1 and len(tok.text) >= 4 and tok.text.endswith("s"):
                exact = (gaz.organisations.get((tok.text[:-1],))
                         or self.orgs_lower.get((tok.low[:-1],)))
            if exact:
                output, key, _ = exact
                iri = gaz.authority_iris.get(key) if key else None
                kind = "police" if key == "polismyndigheten" else "other"
                return self._org_el(i, i + n, words, Org(output, iri, kind)), i + n
        low = tok.low
        # a local crime-prevention council: "lokalt brottsförebyggande råd", not the agency Brå
        if low == "brottsförebyggande" and i + 1 < len(toks) and toks[i + 1].low in (
                "råd", "rådet") and tok.text.islower():
            start = i - 1 if i > 0 and toks[i - 1].low in ("lokalt", "lokala") else i
            end = i + 2
            named = end + 1 < len(toks) and toks[end].text in (",", "(") and toks[
                end + 1].text in ("BRÅ", "Brå")
            if named:
                end += 2 + (toks[end].text == "(" and end + 2 < len(toks)
                            and toks[end + 2].text == ")")
            if named or (toks[i + 1].low == "rådet" and start == i):
                text = _join(toks[start:end])
                return self._org_el(start, end, toks[start:end], Org(text)), end
        if low in ("länsstyrelsen", "länsstyrelsens") and tok.text[0].isupper():
            j = i + 1
            if j < len(toks) and toks[j].low == "i":
                j += 1
            k = j
            while k < len(toks) and k < j + 3 and is_cap(toks[k].text):
                k += 1
            if k > j:
                end = k + 1 if k < len(toks) and toks[k].low == "län" else k
                county = " ".join(t.text for t in toks[j:k])
                code = gaz.counties.get(county) or gaz.counties.get(county.rstrip("s")) \
                    or gaz.counties.get(county + "s")
                shown = [t.text for t in toks[i + 1:end]]
                if end == k and shown[-1].endswith("s") and county.rstrip("s") in gaz.counties:
                    shown[-1] = shown[-1][:-1]
                name = "Länsstyrelsen " + " ".join(shown)
                iri = f"{ID_BASE}lansstyrelse/{code}" if code else None
                return self._org_el(i, end, toks[i:end], Org(name, iri, "lansstyrelse")), end
        if low in _POLICE_UNIT_WORDS and (tok.text[0].isupper() or low != "lpo"):
            k = i + 1
            while k < len(toks) and k < i + 4 and is_cap(toks[k].text):
                k += 1
            if k > i + 1:
                place = gaz.kommuner.get(tuple(t.text for t in toks[i + 1:k]))
                org = Org(_join(toks[i:k]), None, "police-unit", place)
                return self._org_el(i, k, toks[i:k], org), k
            if low == "lokalpolisområdet":
                police = Org("Polisen", gaz.authority_iris.get("polismyndigheten"), "police")
                return self._org_el(i, i + 1, toks[i:i + 1], police), i + 1
        if tok.text in _RESCUE_PREFIX or tok.text in _BODY_PREFIX or tok.text in ("Region",):
            k = i + 1
            while k < len(toks) and k < i + 3 and is_cap(toks[k].text) and (
                    toks[k].text not in STOP_CAP or (toks[k].text == "Mitt" and k + 1 < len(toks)
                                                     and is_cap(toks[k + 1].text))):
                k += 1  # "Räddningstjänsten Mitt Bohuslän", "Region Västra Götaland"
            if k > i + 1:
                if tok.text == "Region" and toks[i + 1].text == "Gotland":
                    kommun = gaz.by_code["0980"]
                    return self._kommun_el(i, i + 2, toks, [kommun], True), i + 2
                kind = "region" if tok.text == "Region" else (
                    "rescue" if tok.text in _RESCUE_PREFIX else "other")
                return self._org_el(i, k, toks[i:k], Org(_join(toks[i:k]), None, kind)), k
        if is_cap(tok.text) and tok.text not in STOP_CAP:
            k = i
            while k < len(toks) and k < i + 2 and is_cap(toks[k].text) \
                    and toks[k].text not in STOP_CAP and not _org_head(toks[k]):
                k += 1
            if k > i and k < len(toks) and _org_head(toks[k]):
                kind = "rescue" if toks[k].low in _RESCUE_SUFFIX else "other"
                return self._org_el(i, k + 1, toks[i:k + 1],
                                    Org(_join(toks[i:k + 1]), None, kind)), k + 1
            if not first and low.endswith(_ORG_SUFFIXES) and not self._kommun_key(toks, i) \
                    and not low.startswith(_INTERNAL) and len(low) > 12:
                return self._org_el(i, i + 1, toks[i:i + 1], Org(tok.text)), i + 1
        return None

    def _org_el(self, i: int, j: int, words: list[Token], org: Org) -> Element:
        text = _join(words)
        return Element("ORG", i, j, text, text.lower(), org=org, explicit=True)

    def _kommun_key(self, toks: list[Token], i: int) -> tuple[Kommun, int] | None:
        if toks[i].text not in self.kommun_first:
            return None
        for n in range(min(self.max_kommun, len(toks) - i), 0, -1):
            kommun = self.gaz.kommuner.get(tuple(t.text for t in toks[i:i + n]))
            if kommun:
                return kommun, i + n
        return None

    def _kommun_el(self, i: int, j: int, toks: list[Token], places: list[Kommun],
                   explicit: bool, genitive: bool = False) -> Element:
        text = _join(toks[i:j])
        return Element("PLACE", i, j, text, text.lower(), places=places, explicit=explicit,
                       genitive=genitive)

    def kommun(self, toks: list[Token], i: int) -> tuple[Element, int] | None:
        """A kommun at ``i``: explicit ("X kommun", "X stad"), genitive or bare."""
        found = self._kommun_key(toks, i)
        if not found:
            return None
        kommun, end = found
        written = " ".join(t.text for t in toks[i:end])
        genitive = written != kommun.name and written.endswith("s")
        if end < len(toks) and toks[end].low in KOMMUN_WORDS:
            return self._kommun_el(i, end + 1, toks, [kommun], True), end + 1
        before = toks[i - 1].low if i > 0 else ""
        explicit = before in ("grannkommunen", "kommunen", "kommunerna", "staden",
                              "grannkommunerna")
        if not explicit and kommun.name in AMBIGUOUS_PLACES and not genitive and before not in (
                "i", "för", "inom"):
            return None  # "Lund", "Mark", "Vara" are kommuner only after "i"/"för" or "kommun"
        return self._kommun_el(i, end, toks, [kommun], explicit, genitive), end

    def name(self, toks: list[Token], i: int) -> tuple[Element, int] | None:
        """A person's name at ``i``: a first name and one or two surname words."""
        tok = toks[i]
        if not is_cap(tok.text):
            return None
        if tok.text in STOP_CAP and not (tok.text in self.gaz.first_names and i + 1 < len(toks)
                                         and is_cap(toks[i + 1].text)
                                         and toks[i + 1].text not in STOP_CAP):
            return None
        first = tok.text.replace("–", "-")
        gender = self.gaz.first_names.get(first) or self.gaz.first_names.get(first.split("-")[0])
        if not gender and i + 1 < len(toks) and toks[i + 1].text in self.gaz.first_names:
            return None  # "Företrädaren Karin Ek": the name starts at the first name
        k = i + 1
        while k < len(toks) and k < i + 3 and is_cap(toks[k].text) \
                and toks[k].text not in STOP_CAP and not self._role_at(toks, k) \
                and toks[k].text not in self.org_first \
                and not (self._kommun_key(toks, k) and self._followed_by_kommun(toks, k)):
            k += 1
        if k == i + 1:
            if gender:
                return Element("NAME", i, k, tok.text, tok.low, name=tok.text, strong=True,
                               gender=gender, explicit=False), k
            return None
        if not gender and (self._kommun_key(toks, i) or self._kommun_key(toks, i + 1)
                           or (len(toks[k - 1].text) >= 8
                               and toks[k - 1].low.endswith(_NOUN_ENDINGS))):
            return None  # "Västra Götalandsregionen" is no person
        text = " ".join(t.text for t in toks[i:k])
        return Element("NAME", i, k, text, text.lower(), name=text, strong=bool(gender),
                       gender=gender or "u", explicit=True), k

    def _followed_by_kommun(self, toks: list[Token], k: int) -> bool:
        found = self._kommun_key(toks, k)
        return found is not None and found[1] < len(toks) and toks[found[1]].low in KOMMUN_WORDS

    # --- the whole sentence --------------------------------------------------------------------

    def tag(self, text: str) -> tuple[list[Token], list[Element]]:
        """The tokens and tagged elements of one sentence."""
        toks = tokenize(text)
        els: list[Element] = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            first = i == 0 or toks[i - 1].text in ("–", "-", "•", ":", "”", '"')
            found = (self.role(toks, i) or self.organisation(toks, i, first)
                     or self.kommun(toks, i) or self.name(toks, i))
            if found:
                el, i = found
                els.append(el)
                continue
            if tok.text == "(" and i + 2 < len(toks) and toks[i + 2].text == ")" \
                    and toks[i + 1].text in PARTIES:
                els.append(Element("PARTY", i, i + 3, toks[i + 1].text))
                i += 3
                continue
            if tok.low in PRONOUNS:
                els.append(Element("PRON", i, i + 1, tok.text, tok.low,
                                   gender=PRONOUNS[tok.low]))
            elif tok.text[0].isalnum():
                els.append(Element("W", i, i + 1, tok.text, tok.low))
            else:
                els.append(Element("P", i, i + 1, tok.text, tok.text))
            i += 1
        return toks, merge_units(merge_lists(els))


def merge_units(els: list[Element]) -> list[Element]:
    """Join "Ekonomihögskolan vid Lunds universitet": a unit named with the body it belongs to."""
    out: list[Element] = []
    k = 0
    while k < len(els):
        el = els[k]
        if el.kind == "ORG" and k + 2 < len(els) and els[k + 1].low == "vid" \
                and els[k + 2].kind == "ORG" and els[k + 2].low.endswith(("universitet",
                                                                           "högskola")):
            text = f"{el.text} vid {els[k + 2].text}"
            out.append(Element("ORG", el.i, els[k + 2].j, text, text.lower(), org=Org(text),
                               explicit=True))
            k += 3
            continue
        out.append(el)
        k += 1
    return out


def merge_lists(els: list[Element]) -> list[Element]:
    """Join "Trelleborg, Skurup och Vellinge kommun" into one PLACE element of three kommuner."""
    out: list[Element] = []
    k = 0
    while k < len(els):
        el = els[k]
        if el.kind != "PLACE":
            out.append(el)
            k += 1
            continue
        group = [el]
        joiners: list[str] = []
        m = k + 1
        while m + 1 < len(els) and els[m].low in LIST_JOINERS and els[m + 1].kind == "PLACE":
            joiners.append(els[m].low)
            group.append(els[m + 1])
            m += 2
        if len(group) == 1:
            out.append(el)
            k += 1
            continue
        places = [p for g in group for p in g.places]
        merged = Element("PLACE", el.i, group[-1].j, " ".join(g.text for g in group),
                         places=places, explicit=group[-1].explicit and not group[-1].genitive
                         or any(g.explicit for g in group),
                         respektive="respektive" in joiners)
        merged.low = merged.text.lower()
        out.append(merged)
        k = m
    return out


def _org_head(tok: Token) -> bool:
    """A word that ends a named organisation after its capitalised name ("Gästrike räddningstjänst",
    "Vimmerby Tidning", "Lunds universitet", "Sunne pastorat")."""
    return (tok.low in _RESCUE_SUFFIX or tok.text in _MEDIA_SUFFIX or tok.text == "AB"
            or tok.low in ("universitet", "högskola", "pastorat", "församling"))


def _join(words: list[Token]) -> str:
    """Tokens back to text, without a space before commas and closing marks."""
    out = ""
    for t in words:
        if out and t.text not in (",", ".", ")", ":") and not out.endswith(("(", "/")):
            out += " "
        out += t.text
    return out


ID_BASE = "https://w3id.org/samverkan/id/"
