"""Random and adversarial text: the extractor finishes on bounded input and stays well formed.

No timing is asserted. Each input is bounded (at most 100,000 characters) and a generous alarm
turns a hang (catastrophic backtracking, an endless loop) into a failure instead of a stuck run.
"""

from __future__ import annotations

import random
import signal

import pytest

from samverkan.extraction import Article, extract

ROLE_WORDS = {"säkerhetschef", "säkerhetssamordnare", "säkerhetskoordinator", "säkerhetsstrateg",
              "beredskapssamordnare", "kommunpolis", "kommunstyrelsens ordförande",
              "kommunalråd", "räddningschef", "brottsförebyggande samordnare"}
PIECES = ["säkerhetschef", "Säkerhetschefen", "kommunpolis", "kommunpoliserna", "KSO", "och",
          "samt", "respektive", ",", ".", "!", "?", "–", "-", "/", "(", ")", "M", "S", "är",
          "var", "tidigare", "närmast", "från", "som", "i", "på", "Anna", "Per", "Lindqvarn",
          "Vellinge", "Trelleborgs", "kommun", "kommuner", "stad", "Region", "Gotland",
          "Länsstyrelsen", "Skåne", "Lokalpolisområde", "LPO", "Räddningstjänsten", "Brå",
          "polisen", "medborgarlöfte", "samverkansöverenskommelse", "trygghetsvandring",
          "arrangeras", "av", "han", "hon", "jag", "säkerhets-", "räddnings-", "Hans",
          "biträdande", "Stf.", "POSOM", "krisledningsplan", "uppdateras", "bor", "född",
          "\n", "\n\n", "”", "«", "2025", "1:a", "Ann–Sofie", "Jan-Ingvar", "Åäö", "ÅÄÖ"]


def _guarded(text: str) -> dict:
    def hang(_signum, _frame):
        raise TimeoutError("the extractor did not finish within the hang guard")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(120)
    try:
        return extract(Article.from_text(text, "fuzz"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(result: dict) -> None:
    assert result["article"] == "fuzz"
    for person in result["persons"]:
        for post in person["posts"]:
            assert post["role"] in ROLE_WORDS
            assert 0.0 <= post["confidence"] <= 1.0
            assert post["locators"]
    for name in result["organisations"]:
        assert isinstance(name, str) and name


pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGALRM"),
                                reason="the hang guard needs signal.SIGALRM (POSIX)")


@pytest.mark.parametrize("seed", range(8))
def test_random_token_soup(seed: int) -> None:
    rng = random.Random(seed)
    words = [rng.choice(PIECES) for _ in range(rng.randint(1000, 8000))]
    text = "Rubrik\n\n" + " ".join(words)
    _check(_guarded(text[:100_000]))


@pytest.mark.parametrize("seed", range(4))
def test_random_characters(seed: int) -> None:
    rng = random.Random(1000 + seed)
    alphabet = "abcåäöABCÅÄÖ -–/.,!?()\n\"”«»:;'’0123456789\t"
    text = "x" + "".join(rng.choice(alphabet) for _ in range(50_000))
    _check(_guarded(text))


ADVERSARIAL = {
    "one long word": "a" * 150_000,
    "long capitalised word": "Å" + "ä" * 150_000 + "Ö",
    "name run": "Anna " * 30_000,
    "capitalised run": "Lindqvarn Vellinge Gotland " * 7_000,
    "compound run": "säkerhets- och " * 12_000 + "säkerhetschef",
    "title run": "kommunpolis " * 15_000,
    "title name chain": "kommunpolis Anna Lindqvarn och " * 5_000,
    "comma run": ", " * 60_000,
    "dash run": "-" * 100_000,
    "list of kommuner": ", ".join(["Vellinge", "Trelleborg", "Skurup"] * 15_000) + " kommun",
    "authority run": "Länsstyrelsen i " * 10_000,
    "pronoun run": "Han är säkerhetschef. " * 8_000,
    "sentence ends": ". A" * 60_000,
    "many paragraphs": "Anna Lindqvarn är kommunpolis i Hylte.\n\n" * 4_000,
    "quote marks": "”" * 100_000,
}


@pytest.mark.parametrize("case", sorted(ADVERSARIAL))
def test_adversarial_text(case: str) -> None:
    text = ADVERSARIAL[case][:100_000]
    _check(_guarded(text))


def test_a_pathological_name_list_still_yields_posts() -> None:
    result = _guarded("Rubrik\n\n" + "Anna Lindqvarn är kommunpolis i Hylte.\n\n" * 500)
    assert [(p["name"], [(q["role"], q["location"]) for q in p["posts"]])
            for p in result["persons"]] == [("Anna Lindqvarn", [("kommunpolis", "Hylte kommun")])]
    assert len(result["persons"][0]["posts"][0]["locators"]) == 500
