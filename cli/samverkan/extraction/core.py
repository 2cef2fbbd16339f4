"""The extractor: article → candidate claims in the gold format of the development set.

Pipeline (docs/extraction.md): tag every sentence (patterns.Tagger), link each role mention to
the person it names (title-name, name-comma-title, name-copula-title, verb-name-title,
pronoun-title), resolve the organisation (resolve.py), decide current or previous from the
words around the mention, merge mentions of one post, then find agreements, events, crisis
groups and plans. Only public-role facts are proposed: a sentence about private life yields no
organisation, and nothing but names, roles and organisations is ever output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import Gazetteer, Kommun, gazetteer
from .patterns import MODIFIERS, PREPOSITIONS, PREVIOUS_BEFORE, Element, Org, Tagger
from .reading import Article
from .resolve import Resolver

#: Words that link a subject to the title that follows ("X är säkerhetschef", "jobbar som").
COPULA = {
    "är", "blir", "blev", "var", "varit", "blivit", "jobbar", "arbetar", "jobbat", "arbetat",
    "tjänstgör", "tjänstgjort", "anställts", "anställs", "anställdes", "anställd", "utsetts",
    "utses", "utsågs", "utsedd", "tillträder", "tillträdde", "tillträtt", "börjar", "började",
    "går", "gick", "kommer", "kom", "verkar", "verksam", "fungerar", "agerar", "agerat",
    "lämnar", "lämnade", "lämnat", "stannar", "rekryterats", "rekryterades", "valts", "valdes",
    "vald", "tjänst", "tjänsten", "tjänster", "tjänsterna", "roll", "rollen", "uppdrag",
    "uppdraget", "efterträder", "ersätter", "slutar", "slutade", "slutat",
}
#: Words in the span between a person and a title that mark the post as an earlier one.
PREVIOUS_BETWEEN = {"tidigare": 2, "lämnar": 2, "lämnade": 2, "lämnat": 2, "slutar": 2,
                    "slutade": 2, "slutat": 2, "avgick": 2, "avgått": 2, "var": 1,
                    "närmast": 1, "började": 1, "pension": 2}
CURRENT_BETWEEN = {"nu", "numera", "idag", "dag", "fortfarande", "kvar"}
#: Words after the title (in the same clause) that end the post: "… skulle gå vidare".
PREVIOUS_AFTER = {("gå", "vidare"), ("går", "vidare"), ("gick", "vidare"), ("gått", "vidare"),
                  ("i", "pension"), ("lämnar",), ("lämnade",), ("slutar",), ("slutade",),
                  ("avgår",), ("avgick",)}
OPENING_PAST = {"tidigare", "förut", "dessförinnan", "förr", "innan"}
NEGATIVE = {"inte", "ej", "aldrig", "sökt", "söker", "söka", "ansökt", "ansöker", "ansökte",
            "kandiderar", "kandidat", "nominerad", "nominerats", "föreslagen", "föreslås",
            "intervjuas", "intervjuades"}
SUCCEEDS = {"efterträder", "efterträdde", "ersätter", "ersatte", "avlöser", "avlöste"}
APPOINT = {"utsett", "utser", "utsåg", "anställt", "anställer", "anställde", "rekryterat",
           "rekryterar", "rekryterade", "valt", "väljer", "valde", "utnämnt", "utnämner",
           "utnämnde", "förordnat", "förordnade", "förordnar"}
PROPOSAL = {"föreslår", "föreslås", "förslag", "förslaget", "föreslog", "föreslagit"}
#: Words of sentences about private life: no organisation is taken from such a sentence.
PRIVATE = {"bor", "bott", "bosatt", "bosatta", "född", "föddes", "uppvuxen", "uppväxt",
           "växte", "familj", "familjen", "fru", "frun", "make", "maken", "sambo", "barn",
           "barnen", "döttrar", "söner", "dotter", "son", "fritid", "fritiden", "hobby",
           "hobbies", "intresse", "intressen", "gift", "fyller", "semester", "hund", "hundar"}
SAYS = {"säger", "sa", "sade", "berättar", "berättade", "menar", "förklarar", "konstaterar",
        "konstaterade", "hävdade", "hävdar", "tillägger", "understryker"}
@dataclass(eq=False)
class Sentence:
    p: int
    s: int
    els: list[Element]
    private: bool
    proposal: bool

    @property
    def locator(self) -> str:
        """The locator pPsS of this sentence."""
        return f"p{self.p}s{self.s}"


@dataclass
class Mention:
    """One person linked to one role mention, before organisation and merging."""

    name: str
    role: str
    rule: str
    locators: list[str]
    org: Org | None = None
    places: list[Kommun] = field(default_factory=list)
    own_places: list[Kommun] = field(default_factory=list)
    implicit: bool = False
    previous: int = 0
    current: bool = False
    compound: str | None = None
    strong: bool = True
    paragraph: int = 0


#: One person a role mention names: (name, rule, extra locators, words between), and for a listed
#: name with its own place, the kommuner of that place.
Linked = tuple[str, str, list[str], list[str]] | tuple[str, str, list[str], list[str], list[Kommun]]
#: The persons one linking rule found, and which rule family found them ("left", "right", …).
Found = tuple[list[Linked], str]


@lru_cache(maxsize=1)
def _tagger() -> Tagger:
    return Tagger(gazetteer())


class Extractor:
    """Extraction state for one article."""

    def __init__(self, article: Article, gaz: Gazetteer | None = None) -> None:
        self.article = article
        self.gaz = gaz or gazetteer()
        self.tagger = _tagger() if gaz is None else Tagger(gaz)
        self.sentences: list[Sentence] = []
        for p in range(1, len(article.paragraphs) + 1):
            for s, text in enumerate(article.sentences(p), start=1):
                _toks, els = self.tagger.tag(text)
                words = {el.low for el in els if el.kind == "W"}
                self.sentences.append(Sentence(p, s, els, bool(words & PRIVATE),
                                               bool(words & PROPOSAL)))
        # full names by first name, where each is first named, and who speaks in a paragraph
        self.by_first: dict[str, list[str]] = {}
        self.first_seen: dict[str, str] = {}
        self.speakers: dict[int, str] = {}
        for sent in self.sentences:
            for k, el in enumerate(sent.els):
                if el.kind != "NAME":
                    continue
                if el.explicit and el.strong and el.name not in self.first_seen:
                    self.first_seen[el.name] = sent.locator
                    self.by_first.setdefault(el.name.split()[0], []).append(el.name)
                if k > 0 and sent.els[k - 1].low in SAYS and sent.p not in self.speakers:
                    self.speakers[sent.p] = el.name if el.explicit else ""
        for first, names in self.by_first.items():  # a genitive is no second person
            self.by_first[first] = [n for n in names
                                    if not (n.endswith("s") and n[:-1] in self.first_seen)]
        self.resolver = Resolver(self.gaz, article, self.sentences)
        self.recent: list[tuple[str, str, int]] = []  # (name, gender, paragraph)

    # --- persons ---------------------------------------------------------------------------

    def person(self, el: Element) -> str | None:
        """The full name a NAME element stands for (a lone first name needs a full mention)."""
        if el.explicit:
            if el.name.endswith("s") and el.name[:-1] in self.first_seen:
                return el.name[:-1]  # "Anna Bergs arbete" is Anna Berg's
            return el.name
        matches = self.by_first.get(el.name, [])
        return matches[0] if len(matches) == 1 else None

    def _gender(self, name: str) -> str:
        first = name.split()[0].replace("–", "-")
        return self.gaz.first_names.get(first) or self.gaz.first_names.get(
            first.split("-")[0], "u")

    def antecedent(self, pron: Element, sent: Sentence) -> str | None:
        """Who "han", "hon" or "jag" is: the paragraph's speaker, or the last person named."""
        if pron.low == "jag" and self.speakers.get(sent.p):
            return self.speakers[sent.p]
        for name, gender, p in reversed(self.recent):
            if sent.p - p > 3:
                break
            if pron.low == "jag" or gender in (pron.gender, "u"):
                return name
        return None

    # --- one role mention -------------------------------------------------------------------

    def link(self, sent: Sentence, k: int, chain: dict[int, list[Mention]]) -> list[Mention]:
        """The persons the role mention at ``k`` names, one Mention per person and role."""
        els = sent.els
        role_el = els[k]
        found = self._right(sent, k)
        if found is None:
            found = self._left_comma(sent, k, chain)
        if found is None:
            found = self._copula(sent, k)
        if not found:
            return []
        mentions = []
        for name, rule, locs, between, *own in found[0]:
            for role in role_el.roles:
                m = Mention(name, role.word, rule, [sent.locator] + locs,
                            compound=role_el.compound if len(role_el.roles) > 1 or
                            role_el.compound else None, paragraph=sent.p,
                            own_places=own[0] if own else [])
                m.previous, m.current = _status(els, k, between)
                mentions.append(m)
        return mentions

    def _left_comma(self, sent: Sentence, k: int,
                    chain: dict[int, list[Mention]]) -> Found | None:
        """"Anna Berg, säkerhetschef", "Per Ek, Ystads kommuns nye säkerhetschef", "…och KSO"."""
        els = sent.els
        j = k - 1
        while j >= 0 and (els[j].low in MODIFIERS or (els[j].kind in ("PLACE", "ORG")
                                                       and els[j].text.endswith("s"))):
            j -= 1
        if j >= 1 and els[j].low in ("och", "samt", ",") and els[j - 1].kind == "ROLE" \
                and (j - 1) in chain:
            prior = chain[j - 1]
            return ([(m.name, m.rule, [], []) for m in prior], "chain")
        if j >= 1 and els[j].kind == "PARTY" and els[j - 1].kind == "NAME":
            name = self.person(els[j - 1])  # "säger Anna Berg (M) kommunstyrelsens ordförande"
            if name:
                return ([(name, "name-comma-title", [], [])], "left")
        if j == 1 and els[j].low in ("–", ":") and els[0].kind == "NAME":
            name = self.person(els[0])  # a headline: "Anna Berg – ny säkerhetschef i Tibro"
            if name:
                return ([(name, "name-comma-title", [], [])], "left")
        if j >= 1 and els[j].low == ",":
            n = j - 1
            if n >= 0 and els[n].kind == "PARTY":
                n -= 1
            if n >= 1 and els[n].kind == "W" and els[n].low.isdigit() and els[n - 1].low == ",":
                n -= 2
            if n >= 0 and els[n].kind == "NAME":
                name = self.person(els[n])
                if name:
                    names: list[Linked] = [(name, "name-comma-title", [], [])]
                    if els[k].plural and n >= 2 and els[n - 1].low in ("och", "samt") \
                            and els[n - 2].kind == "NAME" and (before := self.person(els[n - 2])):
                        # "Anna Berg och Bo Ek, båda kommunpoliser i Lund"
                        names.insert(0, (before, "name-comma-title", [], []))
                    return (names, "left")
        return None

    def _right(self, sent: Sentence, k: int) -> Found | None:
        """"kommunpolis Anna Berg", "säkerhetssamordnare i Xs kommun Per Ek", plural lists."""
        els = sent.els
        role_el = els[k]
        j = k + 1
        if j + 1 < len(els) and els[j].low in PREPOSITIONS and els[j + 1].kind in ("PLACE", "ORG"):
            j += 2
        definite = role_el.low.endswith(("en", "et")) and not role_el.plural
        if j + 1 < len(els) and els[j].low in (",", ":") and els[j + 1].kind == "NAME" and (
                role_el.plural or definite or j + 2 >= len(els)
                or els[j + 2].low in (".", "!")):
            j += 1  # "… en ny säkerhetschef, Anna Berg." / "… kommunpoliserna i X, A och B"
        if j + 1 < len(els) and els[j].low in ("är", "blir", "blev", "heter", "var") \
                and els[j + 1].kind == "NAME" and els[j + 1].strong and not role_el.plural:
            name = self.person(els[j + 1])  # "Kommunens nya säkerhetschef heter Anna Berg"
            if name:
                between = ["var"] if els[j].low == "var" else []
                return ([(name, "title-copula-name", [], between)], "right")
        if j >= len(els) or els[j].kind != "NAME":
            return None
        names: list[str] = []
        name = self.person(els[j])
        if not name:
            return None
        names.append(name)
        places: dict[str, list[Kommun]] = {}
        if role_el.plural:
            m = self._after_name(els, j + 1, name, places)
            while m + 1 < len(els) and els[m].low in ("och", ",", "samt"):
                n = m + 1
                if n < len(els) and els[n].low in ("och", "samt"):
                    n += 1  # ", och"
                if n < len(els) and els[n].kind == "W" and els[n].low in ("kollegan",
                                                                         "kollegorna",
                                                                         "kollega"):
                    n += 1
                if n < len(els) and els[n].kind == "NAME" and (listed := self.person(els[n])):
                    names.append(listed)
                    m = self._after_name(els, n + 1, names[-1], places)
                else:
                    break
        rule = "title-list" if len(names) > 1 else "title-name"
        if len(places) == len(names) > 1:  # "ordförande A (C), Hylte, B (M), Falkenberg"
            return ([(n, rule, [], [], places[n]) for n in names], "right")
        return ([(n, rule, [], []) for n in names], "right")

    @staticmethod
    def _after_name(els: list[Element], m: int, name: str,
                    places: dict[str, list[Kommun]]) -> int:
        """Skip a party and a ", Place" after a listed name, noting the place."""
        if m < len(els) and els[m].kind == "PARTY":
            m += 1
        if m + 1 < len(els) and els[m].low == "," and els[m + 1].kind == "PLACE":
            places[name] = list(els[m + 1].places)
            m += 2
        return m

    def _copula(self, sent: Sentence, k: int) -> Found | None:
        """"Anna Berg är säkerhetschef", "Han är i dag kommunens …", "N1 och N2 lämnar … som"."""
        els = sent.els
        between: list[str] = []
        j = k - 1
        seen_copula = False
        steps = 0
        while j >= 0 and steps < 20:
            el = els[j]
            if el.kind == "NAME":
                break
            if el.kind == "PRON":
                break
            if el.kind in ("ROLE",):
                return None
            if el.kind == "P" and el.low == "," and j > 0 and not (
                    j + 1 < len(els) and els[j + 1].low == "som"):
                start = self._appositive_start(els, j)
                if start is None:
                    return None
                j = start  # "Anna Berg, tidigare kommunpolis i Eslöv, är nu säkerhetschef"
                break
            if el.kind == "P" and not (el.low == "," and j + 1 < len(els)
                                       and els[j + 1].low == "som"):
                return None
            if el.kind == "W":
                between.append(el.low)
                if el.low in COPULA:
                    seen_copula = True
            j -= 1
            steps += 1
        if j < 0:
            return None
        el = els[j]
        if set(between) & NEGATIVE:
            return None
        if not between and j >= 1 and els[j - 1].low in ("är", "blir", "blev", "var") \
                and el.kind == "NAME":
            name = self.person(el)
            return ([(name, "verb-name-title", [], [])], "verb") if name else None
        nearest = [w for w in between if w not in MODIFIERS]
        if nearest and nearest[0] == "som":
            seen_copula = True
        if el.kind == "NAME" and j == 0 and set(between) <= {"ny", "nya", "nye", "blir"} \
                and between:
            seen_copula = True  # a headline: "Anna Berg ny säkerhetschef i Tibro"
        if nearest == ["som"] and j >= 2 and els[j - 1].low in SUCCEEDS and \
                els[j - 2].kind == "NAME" and el.kind == "NAME":
            new, old = self.person(els[j - 2]), self.person(el)
            if new and old:  # "Anna Berg efterträder Bo Ek som säkerhetschef"
                return ([(new, "successor-title", [], []),
                         (old, "successor-title", [], ["tidigare"])], "succession")
        if nearest == ["till"] and j >= 1 and els[j - 1].low in APPOINT:
            seen_copula = True  # "har utsett Anna Berg till tillförordnad räddningschef"
        if not seen_copula:
            return None
        if el.kind == "PRON":
            if between and between[-1] not in COPULA and between[-1] not in ("också", "även",
                                                                              "nu", "själv"):
                return None
            name = self.antecedent(el, sent)
            if not name:
                return None
            where = self.where_named(name)
            return ([(name, "pronoun-title", [where] if where else [], between)], "pron")
        name = self.person(el)
        if not name:
            return None
        if not el.strong and len(between) > 3:
            return None
        names: list[Linked] = [(name, "name-copula-title", [], between)]
        if j >= 2 and els[j - 1].low in ("och", ",") and els[j - 2].kind == "NAME":
            other = self.person(els[j - 2])
            if other and els[k].plural:
                names.insert(0, (other, "name-copula-title", [], between))
        if els[k].plural and len(names) == 1:
            return None  # "Mats är … de nya kommunpoliserna": a plural title needs two names
        return (names, "copula")

    def _appositive_start(self, els: list[Element], j: int) -> int | None:
        """Where "NAME, <title or place>," begins, for a comma at ``j`` closing it."""
        m = j - 1
        while m >= 0 and j - m <= 8 and els[m].kind in ("ROLE", "PLACE", "ORG", "W", "PARTY") \
                and not (els[m].kind == "W" and els[m].low in COPULA):
            m -= 1
        if m >= 1 and els[m].low == "," and els[m - 1].kind == "NAME":
            return m - 1
        return None

    def where_named(self, name: str) -> str | None:
        """The sentence that first names a person in full."""
        return self.first_seen.get(name)

    def _subject_name(self, sent: Sentence) -> str | None:
        """The one full name a sentence opens with ("Anna Berg tillträdde …", "Det är Anna …")."""
        els = sent.els
        names = [el for el in els if el.kind == "NAME"]
        if len(names) != 1 or any(el.kind == "ROLE" for el in els) or sent.private:
            return None
        at = els.index(names[0])
        opening = [el.low for el in els[:at]]
        if opening not in ([], ["det", "är"], ["det", "blir"], ["det", "var"], ["–"]):
            return None
        return self.person(names[0]) if names[0].explicit else None

    def _next_sentence_name(self, index: int, k: int) -> tuple[str, Sentence] | None:
        """A new post without a name, filled by the next sentence: "… en ny säkerhetschef. Det
        är Anna Berg som …" (rule new-title-next-name)."""
        sent = self.sentences[index]
        els = sent.els
        j = k - 1
        new = False
        while j >= 0 and (els[j].low in MODIFIERS or els[j].low in ("tjänst", "som", "en")):
            new = new or els[j].low in ("ny", "nya", "nye", "nyinrättad")
            j -= 1
        if j >= 0 and els[j].low == "nyinrättad":
            new = True
        if not new or any(el.kind in ("NAME", "PRON") for el in els) or index + 1 >= len(
                self.sentences):
            return None
        following = self.sentences[index + 1]
        if following.p - sent.p > 1:
            return None
        name = self._subject_name(following)
        return (name, following) if name else None

    def _card(self, index: int) -> list[Mention]:
        """A contact card: a line with only a full name, then a line starting with a title."""
        sent = self.sentences[index]
        if index + 1 >= len(self.sentences) or len(sent.els) != 1 or sent.els[0].kind != \
                "NAME" or not sent.els[0].explicit:
            return []
        nxt = self.sentences[index + 1]
        if nxt.p != sent.p + 1 or not nxt.els or nxt.els[0].kind != "ROLE" or len(nxt.els) > 8 \
                or nxt.els[0].deputy:
            return []
        name = self.person(sent.els[0])
        if not name:
            return []
        out = [Mention(name, role.word, "name-line-title-line", [sent.locator, nxt.locator],
                       paragraph=nxt.p, strong=sent.els[0].strong) for role in nxt.els[0].roles]
        self.resolver.attach(nxt, 0, out)
        return out

    def mentions(self) -> list[Mention]:
        """Every role mention of the article linked to a person, in text order."""
        found: list[Mention] = []
        for index, sent in enumerate(self.sentences):
            chain: dict[int, list[Mention]] = {}
            found.extend(self._card(index))
            for k, el in enumerate(sent.els):
                if el.kind == "ROLE" and not el.deputy and not sent.proposal:
                    linked = self.link(sent, k, chain)
                    if not linked:
                        named = self._next_sentence_name(index, k)
                        if named:
                            linked = [Mention(named[0], role.word, "new-title-next-name",
                                              [sent.locator, named[1].locator],
                                              paragraph=sent.p) for role in el.roles]
                    if linked:
                        chain[k] = linked
                        self.resolver.attach(sent, k, linked)
                        found.extend(linked)
                if el.kind == "NAME":
                    name = self.person(el)
                    if name:
                        self.recent.append((name, self._gender(name), sent.p))
        return found


def _status(els: list[Element], k: int, between: list[str]) -> tuple[int, bool]:
    """How strongly the words around a title mark the post as earlier, and whether as current."""
    previous = 0
    current = False
    if els and els[0].low in OPENING_PAST:  # "Tidigare har hon arbetat som kommunpolis"
        previous = 2
    j = k - 1
    while j >= 0 and els[j].low in MODIFIERS:
        if els[j].low in PREVIOUS_BEFORE:
            previous = max(previous, 2)
        j -= 1
    for word in between:
        previous = max(previous, PREVIOUS_BETWEEN.get(word, 0))
        if word in CURRENT_BETWEEN:
            current = True
    words = []
    start = k + 2 if k + 1 < len(els) and els[k + 1].kind == "NAME" else k + 1
    for el in els[start:]:  # "kommunpolis Anna Berg, som gick i pension i fjol"
        if el.kind in ("NAME", "PRON"):
            break
        if el.kind == "W":
            words.append(el.low)
    for n in range(len(words)):
        if (words[n],) in PREVIOUS_AFTER or tuple(words[n:n + 2]) in PREVIOUS_AFTER:
            previous = max(previous, 2)
    if "började" in between and "som" in between:
        previous = max(previous, 1)
    return previous, current


def extract(article: Article) -> dict:
    """Candidate claims of one article in the gold format (plus locators, confidence, rule)."""
    from .output import build

    extractor = Extractor(article)
    return build(extractor, extractor.mentions())
