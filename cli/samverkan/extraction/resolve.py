"""Resolution: which organisation a post is in, which kommun a kommunpolis serves, and IRIs.

Order of evidence for a post's organisation: the organisation named next to the title ("i Xs
kommun", "på Brå", "Xs säkerhetschef", ", X kommun"); then the kommun the article is about (the
one its body names most often); then, where the body names no kommun at all, the kommun in the
source address (marked ``organisation_from_source``); otherwise none: never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

from .gazetteer import Gazetteer, Kommun
from .patterns import MODIFIERS, PREPOSITIONS, Element, Org
from .reading import Article

if TYPE_CHECKING:
    from .core import Mention, Sentence

_URL_WORD = re.compile(r"[a-z0-9]+")


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters of a name: "Åtvidaberg" → "atvidaberg"."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if c.isalnum() and c.isascii())


_SLUGS: dict[int, dict[str, Kommun]] = {}


def _slugs(gaz: Gazetteer) -> dict[str, Kommun]:
    """Kommuner by the ASCII form of their name (and its genitive), as addresses write them."""
    if id(gaz) not in _SLUGS:
        slugs: dict[str, Kommun] = {}
        for kommun in gaz.by_code.values():
            slug = ascii_slug(kommun.name)
            slugs[slug] = kommun
            slugs[slug + "s"] = kommun
        _SLUGS[id(gaz)] = slugs
    return _SLUGS[id(gaz)]


class Resolver:
    """Organisation evidence of one article."""

    def __init__(self, gaz: Gazetteer, article: Article, sentences: list[Sentence]) -> None:
        self.gaz = gaz
        counts: Counter[str] = Counter()
        self.rescue: dict[str, tuple[Org, set[int]]] = {}
        for sent in sentences:
            if sent.private:
                continue
            for el in sent.els:
                if el.kind == "PLACE":
                    for kommun in el.places:
                        counts[kommun.code] += 2 if el.explicit else 1
                elif el.kind == "ORG" and el.org and el.org.kind == "rescue":
                    found = self.rescue.setdefault(el.org.name.lower(), (el.org, set()))
                    found[1].add(sent.p)
        self.counts = Counter(counts)
        address = self._from_address(article.source)
        if address and counts:
            counts[address.code] += 2  # the address breaks a tie, never names a kommun alone
        ranked = counts.most_common(2)
        self.dominant: Kommun | None = None
        if self.counts and ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            self.dominant = gaz.by_code[ranked[0][0]]
        self.source_kommun = address if not self.counts else None

    def _from_address(self, address: str | None) -> Kommun | None:
        """The kommun an address names in its host or path ("www.sala.se", "/atvidaberg/")."""
        if not address:
            return None
        words = _URL_WORD.findall(address.lower())
        slugs = _slugs(self.gaz)
        found: list[Kommun] = []
        for word in words:
            if word in slugs:
                found.append(slugs[word])
                continue
            for slug, kommun in slugs.items():
                if len(slug) >= 5 and len(word) > len(slug) and (
                        word.startswith(slug) or word.endswith(slug)):
                    found.append(kommun)
                    break
        distinct = {k.code: k for k in found}
        return next(iter(distinct.values())) if len(distinct) == 1 else None

    # --- evidence next to a title -------------------------------------------------------------

    def attach(self, sent: Sentence, k: int, mentions: list[Mention]) -> None:
        """Put the organisation or places named next to the title at ``k`` on its mentions."""
        els = sent.els
        rule = mentions[0].rule if mentions else ""
        target = self._right_of(els, k, rule.startswith("title")) or self._left_of(els, k)
        if target is None and any(r.word == "kommunpolis" for r in els[k].roles):
            units = [el for el in els if el.kind == "ORG" and el.org and el.org.kommun
                     and el.org.kind == "police-unit"]
            if len(units) == 1:  # "kommunpolis X, som arbetar i Lokalpolisområde Varberg"
                target = units[0]
        implicit = self._implicit(els, k)
        for m in mentions:
            m.implicit = implicit
            if m.own_places:
                m.places = list(m.own_places)
                continue
            if target is None:
                continue
            if target.kind == "PLACE":
                m.places = list(target.places)
            elif target.org:
                m.org = target.org
                if target.org.kommun:
                    m.places = [target.org.kommun]
        if target is not None and target.kind == "PLACE" and target.respektive:
            names = []
            for m in mentions:
                if m.name not in names:
                    names.append(m.name)
            if len(names) == len(target.places):
                for m in mentions:
                    m.places = [target.places[names.index(m.name)]]

    def _right_of(self, els: list[Element], k: int, named_after: bool) -> Element | None:
        j = k + 1
        while named_after and j < len(els) and (
                els[j].kind in ("NAME", "PARTY") or (els[j].low in ("och", "kollegan", ",")
                                                     and j + 1 < len(els)
                                                     and els[j + 1].kind == "NAME")):
            j += 1
        if j + 1 < len(els) and els[j].low in ("på", "hos", "vid") and els[j + 1].kind in (
                "W", "NAME") and els[j + 1].text[:1].isupper():
            m = j + 1
            while m < len(els) and m < j + 4 and els[m].kind in ("W", "NAME") \
                    and els[m].text[:1].isupper():
                m += 1
            name = " ".join(el.text for el in els[j + 1:m])
            return Element("ORG", els[j + 1].i, els[m - 1].j, name, name.lower(),
                           org=Org(name), explicit=True)
        if j + 1 < len(els) and els[j].low in PREPOSITIONS and els[j + 1].kind in ("PLACE",
                                                                                  "ORG"):
            return els[j + 1]
        if j + 1 < len(els) and els[j].low == "," and els[j + 1].kind in ("PLACE", "ORG") and (
                j + 2 >= len(els) or els[j + 2].kind == "P"):
            return els[j + 1]
        if j + 2 < len(els) and els[j].low == "(" and els[j + 1].kind in ("PLACE", "ORG") \
                and els[j + 2].low == ")":
            return els[j + 1]
        if j < len(els) and j == k + 1 and els[j].kind in ("PLACE", "ORG") and els[j].explicit:
            return els[j]
        return None

    def _left_of(self, els: list[Element], k: int) -> Element | None:
        j = k - 1
        while j >= 0 and els[j].low in MODIFIERS:
            j -= 1
        if j >= 0 and els[j].kind in ("PLACE", "ORG") and (
                els[j].genitive or els[j].text.endswith("s")):
            el = els[j]
            if el.kind == "ORG" and el.org and el.org.kind in ("rescue", "region", "other") \
                    and el.org.name.endswith("s") and not el.org.iri:
                name = el.org.name[:-1]  # "Räddningstjänsten Syds räddningschef"
                return Element("ORG", el.i, el.j, name, name.lower(),
                               org=Org(name, None, el.org.kind), explicit=True)
            return el
        return None

    def _implicit(self, els: list[Element], k: int) -> bool:
        j = k - 1
        while j >= 0 and els[j].low in MODIFIERS:
            if els[j].low in ("kommunens", "stadens"):
                return True
            j -= 1
        return False

    # --- the final organisation ---------------------------------------------------------------

    def default_kommun(self) -> tuple[Kommun | None, bool]:
        """The kommun an unnamed "kommunen" refers to, and whether it came from the address."""
        if self.dominant:
            return self.dominant, False
        if self.source_kommun:
            return self.source_kommun, True
        return None, False

    def posts(self, m: Mention) -> list[dict]:
        """One post per kommun served: role, organisation, location, flags, confidence."""
        police = self.police()
        out: list[dict] = []
        if m.role == "kommunpolis":
            places = m.places
            from_source = False
            if not places:
                kommun, from_source = self.default_kommun()
                places = [kommun] if kommun else []
            if not places:
                out.append({"organisation": police.name, "location": None, "delta": -0.3})
            for kommun in places:
                post = {"organisation": police.name, "location": kommun.output,
                        "delta": -0.1 if not m.places else 0.0}
                if from_source:
                    post["organisation_from_source"] = True
                    post["delta"] = -0.15
                out.append(post)
            return out
        if m.places and (m.org is None or m.org.kind == "police-unit"):
            return [{"organisation": k.output, "delta": 0.0} for k in m.places]
        if m.org is not None:
            return [{"organisation": m.org.name, "delta": 0.0, "org": m.org}]
        near = [org for org, paragraphs in self.rescue.values() if m.paragraph in paragraphs]
        if m.role == "räddningschef" and len(near) != 1 and len(self.rescue) == 1:
            near = [org for org, _ in self.rescue.values()]  # the article's one räddningstjänst
        if m.role == "räddningschef" and len(near) == 1:
            return [{"organisation": near[0].name, "delta": -0.1, "org": near[0]}]
        kommun, from_source = self.default_kommun()
        if kommun is None:
            return [{"organisation": None, "delta": -0.3}]
        crowded = -0.1 if len(self.counts) > 2 else 0.0  # many kommuner: the guess is weaker
        post = {"organisation": kommun.output,
                "delta": (-0.05 if m.implicit else -0.1) + crowded}
        if from_source:
            post["organisation_from_source"] = True
            post["delta"] = -0.15
        return [post]

    def police(self) -> Org:
        """The national police, as every kommunpolis post and police party names it."""
        return Org("Polisen", self.gaz.authority_iris.get("polismyndigheten"), "police")

    def iri(self, name: str, org: Org | None = None) -> str | None:
        """The graph IRI of an organisation name as output (kommun, authority, länsstyrelse)."""
        if org is not None and org.iri:
            return org.iri
        return self.gaz.iri_by_output().get(name)
