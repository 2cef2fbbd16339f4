"""Agreements, events, crisis groups and plans named in an article.

An agreement is one of the three words the gold format counts (samverkansöverenskommelse,
medborgarlöfte, samverkansavtal); its parties are organisations (the police and the kommuner
named where it is mentioned), its signatories the persons of a sentence saying they signed.
An event's organisers are only the organisations a sentence says arrange or host it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .patterns import Element

if TYPE_CHECKING:
    from .core import Extractor, Sentence

AGREEMENT_TYPES = ("samverkansöverenskommelse", "medborgarlöfte", "samverkansavtal")
_AGREEMENT_ENDINGS = ("", "n", "r", "rna", "t", "ts", "ns", "na", "en", "et", "ets", "er",
                      "erna", "ena", "s")
SIGNING = {"undertecknar", "undertecknade", "undertecknat", "undertecknades", "signerade",
           "signerar", "signerat", "tecknade", "tecknar", "tecknat"}
SIGNING_PAIRS = {("skrev", "under"), ("skriver", "under"), ("skrivit", "under")}
PLANNED = {"planeras", "planerar", "planerat", "ska", "skall", "kommer", "föreslår",
           "arbetar", "diskuterar", "diskuteras", "kan"}
CONCRETE = {"tecknade", "tecknades", "tecknat", "tecknats", "tecknar", "tecknas",
            "undertecknade", "undertecknat", "undertecknar", "undertecknades", "signerade",
            "skrev", "skrivit", "nytt", "nya", "ny", "gäller", "gälla", "förnyat", "förnyade",
            "ingått", "ingick", "ingår", "mellan", "antagit", "antog", "presenterar",
            "presenterade", "lanserar", "lanserade"}
MADE = {"tecknade", "tecknades", "tecknat", "tecknats", "tecknar", "nytt", "nya", "ny",
        "förnyat", "förnyade", "ingått", "ingick"}
#: Indefinite plurals speak of agreements in general ("kommit olika långt med
#: samverkansöverenskommelser") unless the sentence says some were made.
_GENERAL_FORMS = {"samverkansöverenskommelser", "medborgarlöften", "samverkansavtalen"}

EVENT_WORDS = {
    "trygghetsvandring": ("trygghetsvandring", "trygghetsvandringen", "trygghetsvandringar",
                          "trygghetsvandringarna"),
    "seminarium": ("seminarium", "seminariet", "seminarier", "seminarierna"),
    "trygghetsdag": ("trygghetsdag", "trygghetsdagen", "trygghetsdagar"),
    "konferens": ("konferens", "konferensen"),
    "krisövning": ("krisövning", "krisövningen"),
    "workshop": ("workshop", "workshopen"),
    "föreläsning": ("föreläsning", "föreläsningen"),
    "informationsmöte": ("informationsmöte", "informationsmötet"),
}
ORGANISING = {"arrangerar", "arrangerade", "arrangeras", "arrangerades", "arrangerat",
              "anordnar", "anordnade", "anordnas", "anordnades", "bjuder", "bjöd", "regi",
              "värd", "värdar", "värdskap", "genomför", "genomförde", "organiserar",
              "organiserade", "arrangör", "arrangörer", "arrangörerna"}
CRISIS_GROUPS = {"posom": "POSOM", "posom-grupp": "POSOM", "posom-gruppen": "POSOM",
                 "krisledningsgrupp": "krisledningsgrupp", "krisledningsgruppen":
                 "krisledningsgrupp", "krisledningsnämnd": "krisledningsnämnd",
                 "krisledningsnämnden": "krisledningsnämnd", "krisgrupp": "krisgrupp",
                 "krisgruppen": "krisgrupp"}
PLANS = {"krisledningsplan": "krisledningsplan", "krisledningsplanen": "krisledningsplan",
         "krishanteringsplan": "krishanteringsplan", "krishanteringsplanen":
         "krishanteringsplan", "risk- och sårbarhetsanalys": "risk- och sårbarhetsanalys",
         "risk- och sårbarhetsanalysen": "risk- och sårbarhetsanalys",
         "beredskapsplan": "beredskapsplan", "beredskapsplanen": "beredskapsplan"}
PLAN_STATUS = {"uppdateras": "to-be-updated", "uppdatera": "to-be-updated",
               "revideras": "to-be-revised-and-adopted", "revidera": "to-be-revised-and-adopted",
               "saknas": "missing", "saknar": "missing", "antagen": "adopted",
               "antogs": "adopted", "fastställd": "adopted", "fastställdes": "adopted",
               "tas": "being-set-up", "utbildas": "being-set-up", "bildas": "being-set-up",
               "finns": "existing", "beslutas": "to-be-revised-and-adopted",
               "antas": "to-be-revised-and-adopted", "fastställas": "to-be-revised-and-adopted",
               "uppdateringen": "to-be-updated", "revideringen": "to-be-revised-and-adopted"}


def _agreement_type(word: str) -> str | None:
    for base in AGREEMENT_TYPES:
        if word.startswith(base) and word[len(base):] in _AGREEMENT_ENDINGS:
            return base
    return None


def _words(sent: Sentence) -> list[str]:
    return [el.low for el in sent.els if el.kind == "W"]


def _signing(sent: Sentence) -> bool:
    words = set(_words(sent))
    return bool(words & SIGNING) or any(verb in words and particle in words
                                        for verb, particle in SIGNING_PAIRS)


def agreements(ex: Extractor) -> list[dict]:
    """One agreement per type the article reports as made or in force."""
    by_type: dict[str, list[Sentence]] = {}
    for sent in ex.sentences:
        for el in sent.els:
            kind = _agreement_type(el.low) if el.kind == "W" else None
            if kind and el.low in _GENERAL_FORMS and not (set(_words(sent)) & MADE
                                                         or _signing(sent)):
                continue
            if kind and sent not in by_type.get(kind, []):
                by_type.setdefault(kind, []).append(sent)
    out = []
    police = ex.resolver.police()
    for kind, sents in by_type.items():
        concrete = [s for s in sents if set(_words(s)) & CONCRETE
                    and not (set(_words(s)) & PLANNED and not _signing(s)
                             and not {"tecknade", "tecknades", "tecknat", "nytt", "nya"}
                             & set(_words(s)))]
        if not concrete:
            continue
        parties: list[str] = [police.name]
        units: list[str] = []
        kommuner: list[str] = []
        for sent in sents:
            for el in sent.els:
                if el.kind == "PLACE" and (el.explicit or len(el.places) > 1):
                    for k in el.places:
                        if k.output not in kommuner:
                            kommuner.append(k.output)
                elif el.kind == "ORG" and el.org and el.org.kind == "police-unit":
                    if el.org.name not in units:
                        units.append(el.org.name)
        if not kommuner:
            kommun, _from_source = ex.resolver.default_kommun()
            if kommun:
                kommuner.append(kommun.output)
        if not kommuner:
            continue
        parties.extend(kommuner)
        if not units:
            units = sorted({el.org.name for s in ex.sentences for el in s.els
                            if el.kind == "ORG" and el.org and el.org.kind == "police-unit"})
        signatories: list[str] = []
        locators = [s.locator for s in sents]
        for sent in ex.sentences:
            if not _signing(sent):
                continue
            related = sent in sents or any(s.p == sent.p for s in sents) or any(
                el.low.startswith(("löfte", "överenskommelse", "avtal")) for el in sent.els)
            if not related:
                continue
            for el in sent.els:
                if el.kind == "NAME":
                    name = ex.person(el)
                    if name and name not in signatories:
                        signatories.append(name)
            if sent.locator not in locators:
                locators.append(sent.locator)
        item: dict[str, Any] = {"type": kind, "parties": parties, "signatories": signatories}
        if len(units) == 1:
            item["police_unit"] = units[0]
        item["date"] = None
        item.update({"locators": locators,
                     "confidence": 0.8 if len(kommuner) == 1 else 0.7,
                     "rule": "agreement-word"})
        out.append(item)
    return out


_EVENT_FORMS = {form: base for base, forms in EVENT_WORDS.items() for form in forms}
_EVENT_TAILS = {form[-5:] for form in _EVENT_FORMS}


def _event_kind(word: str) -> str | None:
    """The event kind a word names, also inside a compound ("ASIS-seminarium")."""
    if word in _EVENT_FORMS:
        return _EVENT_FORMS[word]
    if word[-5:] not in _EVENT_TAILS:
        return None  # the fast path: most words end like no event word
    for form, base in _EVENT_FORMS.items():
        if word.endswith(form) and len(word) > len(form) + 2:
            return base
    return None


def events(ex: Extractor) -> list[dict]:
    """Events by their kind and place, with the organisations said to arrange them."""
    found: dict[tuple[str, str], dict] = {}
    kinds = {_event_kind(el.low) for s in ex.sentences for el in s.els if el.kind == "W"}
    for sent in ex.sentences:
        els = sent.els
        for k, el in enumerate(els):
            kind = _event_kind(el.low) if el.kind == "W" else None
            if not kind and el.low in ("vandring", "vandringen") and "trygghetsvandring" in kinds:
                kind = "trygghetsvandring"  # "… en vandring i Brunna" after a trygghetsvandring
            if not kind:
                continue
            place = ""
            for m in range(k + 1, min(k + 5, len(els) - 1)):
                if els[m].kind == "P" and els[m].low != ",":
                    break
                nxt = els[m + 1]
                if els[m].low == "i" and nxt.kind in ("W", "PLACE", "NAME") \
                        and nxt.text[:1].isupper():
                    place = nxt.text  # "trygghetsvandring i Hillerstorp", "…, denna gång i X"
                    break
            key = (kind, place)
            words = set(_words(sent))
            organisers = []
            m = k - 1
            if "-" in el.text:  # "ASIS-seminarium", "Brå-konferensen": the prefix organises
                prefix = ex.gaz.organisations.get((el.text.split("-")[0],))
                if prefix:
                    organisers.append(prefix[0])
            while m >= 0 and (els[m].low in ("och", "samt") or (
                    els[m].kind in ("ORG", "PLACE") and (els[m].text.endswith("s")
                                                         or els[m].text.isupper()))):
                if els[m].kind == "ORG" and (org := els[m].org):  # "Brås och Polisens seminarium"
                    organisers.insert(0, org.name)
                elif els[m].kind == "PLACE":
                    organisers.insert(0, els[m].places[0].output)
                m -= 1
            passive = _organised_by(els)
            if passive is not None:
                for name in passive:
                    if name not in organisers:
                        organisers.append(name)
            elif words & ORGANISING:
                for other in els:
                    if other.kind == "ORG" and other.org:
                        name = other.org.name
                    elif other.kind == "PLACE" and other.explicit:
                        name = other.places[0].output
                    else:
                        continue
                    if name not in organisers:
                        organisers.append(name)
            if key in found:
                event = found[key]
                for name in organisers:
                    if name not in event["organisers"]:
                        event["organisers"].append(name)
                if sent.locator not in event["locators"]:
                    event["locators"].append(sent.locator)
                continue
            found[key] = {"name": f"{kind} i {place}" if place else kind,
                          "organisers": organisers, "date": None,
                          "locators": [sent.locator], "confidence": 0.6,
                          "rule": "event-word"}
    # a headline naming events of a kind the body describes adds its locator to them; an event
    # kind named once without a place and again with places is the same event(s)
    out = []
    headline = _headline(ex)
    for (kind, place), event in list(found.items()):
        body = [e for (k, _p), e in found.items() if k == kind and e is not event
                and e["locators"][0] != headline]
        if event["locators"][0] == headline and body:
            for loc in event["locators"]:
                body[0]["locators"].insert(0, loc)
            del found[(kind, place)]
    for (kind, place), event in found.items():
        placed = [e for (k, p), e in found.items() if k == kind and p]
        if not place and placed and not event["organisers"]:
            placed[0]["locators"].extend(loc for loc in event["locators"]
                                         if loc not in placed[0]["locators"])
            continue  # a later "seminariet" without details is the seminar already named
        if not place and placed and not any(e["organisers"] for e in placed):
            for target in placed:
                for name in event["organisers"]:
                    if name not in target["organisers"]:
                        target["organisers"].append(name)
                for loc in event["locators"]:
                    if loc not in target["locators"]:
                        target["locators"].append(loc)
            continue
        out.append(event)
    if len(out) == 1:  # "Värd för besöket var X": a host of the article's one event organises it
        for sent in ex.sentences:
            host = _host(sent.els)
            if host and host not in out[0]["organisers"]:
                out[0]["organisers"].append(host)
                if sent.locator not in out[0]["locators"]:
                    out[0]["locators"].append(sent.locator)
    return out


_BY_STOP = {"för", "där", "som", "om", "under", "på", "till", "men", "eftersom", "när"}


def _organised_by(els: list[Element]) -> list[str] | None:
    """Organisations after "arrangerades av", "anordnas av", "i regi av"; None without one."""
    for k, el in enumerate(els):
        if el.low not in ORGANISING or k + 1 >= len(els) or els[k + 1].low != "av":
            continue
        found: list[str] = []
        for other in els[k + 2:]:
            if other.kind == "P" and other.low != ",":
                break
            if other.kind == "W" and other.low in _BY_STOP:
                break
            if other.kind == "ORG" and other.org and other.org.name not in found:
                found.append(other.org.name)
            elif other.kind == "PLACE" and other.explicit:
                found.extend(k.output for k in other.places if k.output not in found)
        return found
    return None


def _host(els: list[Element]) -> str | None:
    """The organisation a sentence names as host: "Värd … var X", "X var värd"."""
    for k, el in enumerate(els):
        if el.low not in ("värd", "värdar"):
            continue
        if k >= 2 and els[k - 1].low in ("var", "är", "blev") and els[k - 2].kind == "ORG":
            host = els[k - 2].org
            return host.name if host else None
        for other in els[k + 1:k + 9]:
            if other.kind == "ORG" and other.org:
                return other.org.name
            if other.kind == "P" and other.low != ",":
                break
    return None


def _headline(ex: Extractor) -> str | None:
    """The locator of the article's headline: a short first line without a full stop."""
    if not ex.sentences or ex.sentences[0].p != 1:
        return None
    first = ex.article.paragraphs[0]
    if first.endswith(".") or len(first.split()) > 15 or len(ex.article.sentences(1)) > 1:
        return None
    return "p1s1"


def crisis_groups(ex: Extractor) -> list[dict]:
    """Crisis groups of the article's kommun (POSOM, krisledningsgrupp, krisledningsnämnd)."""
    out: dict[str, dict] = {}
    kommun, from_source = ex.resolver.default_kommun()
    if kommun is None:
        return []
    for sent in ex.sentences:
        for el in sent.els:
            kind = CRISIS_GROUPS.get(el.low) if el.kind == "W" else None
            if kind and kind not in out:
                item = {"type": kind, "name": el.text, "organisation": kommun.output,
                        "locators": [sent.locator], "confidence": 0.6, "rule": "crisis-group-word"}
                if from_source:
                    item["organisation_from_source"] = True
                out[kind] = item
    if "POSOM" in out:
        out.pop("krisgrupp", None)  # "kommunens krisgrupp POSOM" is one group
    return list(out.values())


def plans(ex: Extractor) -> list[dict]:
    """Plans of the article's kommun, with a status from the verb next to them."""
    out: dict[str, dict] = {}
    kommun, from_source = ex.resolver.default_kommun()
    if kommun is None:
        return []
    for sent in ex.sentences:
        els = sent.els
        for k, el in enumerate(els):
            text = el.low
            if el.kind == "W" and text.endswith("-") and k + 2 < len(els):
                text = f"{el.low} {els[k + 1].low} {els[k + 2].low}"
            kind = PLANS.get(text) if el.kind == "W" else None
            if not kind or kind in out:
                continue
            status = None
            for other in els[k + 1:k + 25] + els[max(0, k - 4):k][::-1]:
                if other.low in PLAN_STATUS:
                    status = PLAN_STATUS[other.low]
                    break
            item = {"type": kind, "organisation": kommun.output, "status": status,
                    "locators": [sent.locator], "confidence": 0.6, "rule": "plan-word"}
            if from_source:
                item["organisation_from_source"] = True
            out[kind] = item
    return list(out.values())


def is_role_context(els: list[Element]) -> bool:
    """Whether a sentence speaks of kommuner as actors (a role, "kommun", a police word)."""
    return any(el.kind == "ROLE" or el.low in ("kommun", "kommuner", "kommunerna", "kommunen")
               for el in els)
